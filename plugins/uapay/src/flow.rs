//! The call sequences: session → initiate → complete → show (reverse),
//! session → complete|cancel (action), session → show (status).
//!
//! After a refusal that depends on state (`PAYMENT_STATUS_ERROR`,
//! `EXTERNAL_ID_EXISTS`) the payment is read and our reverse's state decides:
//! an initiated reverse of ours is completed (so a retry after a lost answer
//! finishes the job), a returned one is `already-reversed`.

use revhost_sdk::outcome::{error, from_http_error, outcome};
use revhost_sdk::{ErrorClass, Outcome, OutcomeKind, ReversalError};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::args::Call;
use crate::request::{
    self, CANCEL, COMPLETE, FinishParams, INITIATE, InitiateParams, RefType, SESSION, SHOW,
    SessionParams, ShowParams,
};
use crate::resolve::{Context, Resolution, pending, resolve};
use crate::response::{
    Answer, DataAnswer, PaymentData, Refusal, ReverseData, SessionAnswer, Step, parse,
};

/// Sends one signed call and sorts its answer.
fn send<P: Serialize, T: DeserializeOwned>(
    c: &Call,
    step: Step,
    path: &str,
    params: &P,
) -> Result<Answer<T>, ReversalError> {
    let resp = request::call(&c.base_url, path, params, c.now)?
        .send()
        .map_err(|e| {
            let mut e = from_http_error(e);
            if matches!(step, Step::Initiate | Step::Complete | Step::Cancel)
                && e.class == ErrorClass::InDoubt
            {
                e.message.push_str(&format!(
                    " (at {step:?}); run `revhost status` for this payment before anything else"
                ));
            }
            e
        })?;
    parse(step, &resp)
}

/// A call whose every refusal has a fixed class.
fn expect<T>(answer: Answer<T>, step: Step) -> Result<T, ReversalError> {
    match answer {
        Answer::Accepted(t) => Ok(t),
        Answer::ReadPayment(r) => {
            Err(r.to_error(ErrorClass::InDoubt, &format!("unexpected at step {step:?}")))
        }
    }
}

/// Opens a session.
pub fn session(c: &Call) -> Result<String, ReversalError> {
    let params = SessionParams {
        client_id: &c.client_id,
    };
    let answer: Answer<SessionAnswer> = send(c, Step::Session, SESSION, &params)?;
    Ok(expect(answer, Step::Session)?.id)
}

/// Reads a payment with its operations.
fn show(c: &Call, session: &str, payment_id: &str) -> Result<PaymentData, ReversalError> {
    let params = ShowParams {
        session_id: session,
        id: payment_id,
    };
    let answer: Answer<DataAnswer<PaymentData>> = send(c, Step::Show, SHOW, &params)?;
    Ok(expect(answer, Step::Show)?.data)
}

/// The payment, read after a state-dependent refusal.
fn read_after(c: &Call, session: &str, r: &Refusal) -> Result<PaymentData, ReversalError> {
    if c.ref_type != RefType::Payment {
        return Err(r.to_error(
            ErrorClass::InDoubt,
            "the payment's state decides what happened, and it can only be read by payment id: \
             run `revhost status --payment <UAPAY payment id>` with the same --reference",
        ));
    }
    show(c, session, &c.payment_ref)
}

/// The outcome after a state-dependent refusal, by reading the payment.
fn after_refusal(
    c: &Call,
    session: &str,
    r: &Refusal,
    ctx: Context,
) -> Result<Resolution, ReversalError> {
    let payment = read_after(c, session, r)?;
    Ok(resolve(&payment, &c.reference, ctx, Some(r)))
}

fn finish(res: Resolution) -> Result<Outcome, ReversalError> {
    match res {
        Resolution::Outcome(o) => Ok(o),
        Resolution::Error(e) => Err(e),
        Resolution::Resume(_) => Err(error(
            ErrorClass::InDoubt,
            "NEEDS_COMPLETE",
            "the reverse is still initiated after complete; run `status` later",
        )),
    }
}

/// session → initiate → (complete → show).
pub fn reverse(c: &Call, complete_now: bool) -> Result<Outcome, ReversalError> {
    let session = session(c)?;
    let params = InitiateParams::new(&session, c.ref_type, &c.payment_ref, &c.reference);
    let answer: Answer<DataAnswer<ReverseData>> = send(c, Step::Initiate, INITIATE, &params)?;
    let payment_id = match answer {
        Answer::Accepted(DataAnswer { data }) if !complete_now => {
            return Ok(pending(
                &data.payment_id,
                &data.reverse_operation_id,
                &data.reverse_external_id,
                Some(c.now),
                "reverse initiated (payment WAITING_COMPLETE, RETURN operation NEEDS_COMPLETE); \
                 not completed because complete=false",
            ));
        }
        Answer::Accepted(DataAnswer { data }) => data.payment_id,
        Answer::ReadPayment(r) => {
            let p = read_after(c, &session, &r)?;
            match resolve(&p, &c.reference, Context::Initiate, Some(&r)) {
                Resolution::Resume(payment_id) if complete_now => payment_id,
                Resolution::Resume(_) => {
                    return finish(resolve(&p, &c.reference, Context::Status, Some(&r)));
                }
                other => return finish(other),
            }
        }
    };
    complete(c, &session, &payment_id)
}

/// complete → show.
fn complete(c: &Call, session: &str, payment_id: &str) -> Result<Outcome, ReversalError> {
    let params = FinishParams {
        session_id: session,
        reverse_external_id: &c.reference,
    };
    let answer: Answer<DataAnswer<ReverseData>> = send(c, Step::Complete, COMPLETE, &params)?;
    match answer {
        Answer::Accepted(_) => match show(c, session, payment_id) {
            Ok(p) => finish(resolve(&p, &c.reference, Context::AfterComplete, None)),
            Err(e) => {
                let mut o = outcome(
                    OutcomeKind::Pending,
                    "COMPLETE_ACCEPTED",
                    &format!(
                        "UAPAY accepted complete; reading the result failed ({}: {})",
                        e.provider_code, e.message
                    ),
                );
                o.next_step = Some(
                    "run `revhost status` for this payment to read the return's result".into(),
                );
                Ok(o)
            }
        },
        Answer::ReadPayment(r) => {
            let p = show(c, session, payment_id)?;
            finish(resolve(&p, &c.reference, Context::Finish, Some(&r)))
        }
    }
}

/// session → complete or cancel of our initiated reverse.
pub fn act(c: &Call, cancel: bool) -> Result<Outcome, ReversalError> {
    let session = session(c)?;
    let params = FinishParams {
        session_id: &session,
        reverse_external_id: &c.reference,
    };
    if !cancel {
        // The payment id comes back from complete; before that, only a
        // paymentId reference is a payment id.
        let answer: Answer<DataAnswer<ReverseData>> = send(c, Step::Complete, COMPLETE, &params)?;
        return match answer {
            Answer::Accepted(DataAnswer { data }) => {
                let p = show(c, &session, &data.payment_id)?;
                finish(resolve(&p, &c.reference, Context::AfterComplete, None))
            }
            Answer::ReadPayment(r) => finish(after_refusal(c, &session, &r, Context::Finish)?),
        };
    }
    let answer: Answer<DataAnswer<ReverseData>> = send(c, Step::Cancel, CANCEL, &params)?;
    match answer {
        Answer::Accepted(DataAnswer { data }) => {
            let mut o = outcome(
                OutcomeKind::Declined,
                "CANCELED",
                "reverse cancelled: the payment is FINISHED again and nothing was returned",
            );
            o.provider_reference = Some(data.reverse_operation_id.clone());
            o.details = vec![
                param("paymentId", &data.payment_id),
                param("reverseOperationId", &data.reverse_operation_id),
                param("reverseExternalId", &data.reverse_external_id),
            ];
            Ok(o)
        }
        Answer::ReadPayment(r) => finish(after_refusal(c, &session, &r, Context::Finish)?),
    }
}

/// session → show.
pub fn status(c: &Call) -> Result<Outcome, ReversalError> {
    if c.ref_type != RefType::Payment {
        return Err(error(
            ErrorClass::InvalidRequest,
            "",
            "UAPAY reads a payment by its payment id only: pass the UAPAY payment id as --payment",
        ));
    }
    let session = session(c)?;
    let p = show(c, &session, &c.payment_ref)?;
    finish(resolve(&p, &c.reference, Context::Status, None))
}

fn param(name: &str, value: &str) -> revhost_sdk::Param {
    revhost_sdk::Param {
        name: name.to_owned(),
        value: value.to_owned(),
    }
}

//! The reversal flow. Sberbank lets an order be reversed once: after a
//! failed `reverse.do` the bank refuses every further one. So `reverse.do` is
//! never sent blindly:
//!
//! 1. read the order (`getOrderStatusExtended.do`); a reversed order is
//!    `already-reversed` and only held (1) or deposited (2) orders go on;
//! 2. send `reverse.do` once;
//! 3. after a lost answer (timeout, dropped connection, unreadable body) or
//!    error 7, read the order again before anything else: reversed means
//!    `succeeded` (our call did it, its answer was lost) or `already-reversed`
//!    (after error 7); a failed read is `in-doubt`.

use revhost_sdk::http::HttpError;
use revhost_sdk::outcome::{error, from_http_error};
use revhost_sdk::{ErrorClass, Outcome, OutcomeKind, ReversalError, ReverseRequest, StatusRequest};

use crate::errors::{Before, REVERSED, order_status};
use crate::request::{
    Credentials, REVERSE_PATH, STATUS_PATH, SberbankReverse, from_kopecks, language, order_id,
    status_fields,
};
use crate::response::{Order, Reply, order, order_outcome, reverse_reply};

/// Reverse an order (see the module comment).
pub fn reverse(req: &ReverseRequest) -> Result<Outcome, ReversalError> {
    let call = SberbankReverse::from_request(req)?;
    let creds = Credentials::load()?;
    let before = read(&creds, &call.order_id, call.language.as_deref())
        .map_err(|e| nothing_sent(e, "reading the order before the reversal"))?;
    match order_status(before.status) {
        None => return Err(unknown_status(&before)),
        Some((_, Before::Answer(kind), text)) => return Ok(order_outcome(kind, &before, text)),
        Some((_, Before::Reverse, _)) => {}
    }
    let reversed_amount = call.amount.or(before.amount).map(from_kopecks);
    let sent = creds.post(REVERSE_PATH, &call.fields());
    let reply = match sent {
        Ok(resp) => reverse_reply(resp.status, &resp.body),
        Err(e @ (HttpError::Denied(_) | HttpError::Connect(_) | HttpError::Invalid(_))) => {
            return Err(from_http_error(e));
        }
        Err(e) => Reply::Unreadable(from_http_error(e)),
    };
    match reply {
        Reply::Reversed { message } => {
            let mut o = order_outcome(OutcomeKind::Succeeded, &before, &message);
            o.provider_code = "0".into();
            o.amount = reversed_amount;
            // The status read before is stale now.
            o.details.retain(|d| d.name != "orderStatus");
            Ok(o)
        }
        Reply::Final(e) => Err(e),
        Reply::Refused(mapped) => match reread(&creds, &call) {
            Ok(after) if after.status == REVERSED => Ok(order_outcome(
                OutcomeKind::AlreadyReversed,
                &after,
                "reverse.do was refused, but the order is reversed: nothing more to do",
            )),
            Ok(_) => mapped,
            Err(e) => Err(e),
        },
        Reply::Unreadable(lost) => match reread(&creds, &call) {
            Ok(after) if after.status == REVERSED => {
                let mut o = order_outcome(
                    OutcomeKind::Succeeded,
                    &after,
                    "the answer to reverse.do was lost; the order status shows it reversed",
                );
                o.amount = reversed_amount;
                Ok(o)
            }
            Ok(after) => Err(still_open(lost, &after)),
            Err(e) => Err(e),
        },
    }
}

/// Read the order after `reverse.do` went out: any failure is `in-doubt`.
fn reread(creds: &Credentials, call: &SberbankReverse) -> Result<Order, ReversalError> {
    read(creds, &call.order_id, call.language.as_deref()).map_err(|e| {
        let mut doubt = error(
            ErrorClass::InDoubt,
            &e.provider_code,
            &format!(
                "reverse.do may have been applied, and reading the order afterwards failed ({}); \
                 run `revhost status` before anything else",
                e.message
            ),
        );
        doubt.raw = e.raw;
        doubt
    })
}

/// Read the order's state (`status` command): reversed is `succeeded`;
/// any other documented state means no reversal (`not-found`).
pub fn status(req: &StatusRequest) -> Result<Outcome, ReversalError> {
    let id = order_id(&req.payment_ref)?;
    let lang = language(&req.params)?;
    let creds = Credentials::load()?;
    let o = read(&creds, &id, lang.as_deref())?;
    match order_status(o.status) {
        None => Err(unknown_status(&o)),
        Some(_) if o.status == REVERSED => Ok(order_outcome(
            OutcomeKind::Succeeded,
            &o,
            "the order is reversed",
        )),
        Some((name, _, _)) => Err(error(
            ErrorClass::NotFound,
            &format!("orderStatus={}", o.status),
            &format!(
                "the order is not reversed: Sberbank shows it {name} (orderStatus {}); \
                 after a lost reversal answer, read again in a while",
                o.status
            ),
        )),
    }
}

/// One `getOrderStatusExtended.do` call.
fn read(creds: &Credentials, id: &str, lang: Option<&str>) -> Result<Order, ReversalError> {
    let resp = creds
        .post(STATUS_PATH, &status_fields(id, lang))
        .map_err(from_http_error)?;
    order(resp.status, &resp.body)
}

/// A failure before `reverse.do` was sent: the class stays, the message
/// says that no reversal went out.
fn nothing_sent(mut e: ReversalError, what: &str) -> ReversalError {
    e.message = format!(
        "{} (while {what}; reverse.do was NOT sent, retrying is safe)",
        e.message
    );
    e
}

/// An `orderStatus` the plugin does not know: never guessed.
fn unknown_status(o: &Order) -> ReversalError {
    error(
        ErrorClass::InDoubt,
        &format!("orderStatus={}", o.status),
        &format!(
            "Sberbank reports an undocumented orderStatus {}; check the order in the merchant portal",
            o.status
        ),
    )
}

/// The reversal answer was lost and the order is not (yet) reversed.
fn still_open(mut lost: ReversalError, after: &Order) -> ReversalError {
    lost.class = ErrorClass::InDoubt;
    lost.message = format!(
        "{}; the order is not reversed yet (orderStatus {}): the bank may still apply it. \
         Run `revhost status` in a while before retrying (Sberbank allows one reversal attempt)",
        lost.message, after.status
    );
    lost
}

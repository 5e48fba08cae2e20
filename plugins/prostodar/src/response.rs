//! Mapping Prostodar's answer `{"status": "...", "message": "..."}` onto the
//! normalized outcome. The documented `status` decides, whatever the HTTP
//! code (errors may come with 200); `OK` counts only with a 2xx.

use revhost_sdk::http::ResponseHeader;
use revhost_sdk::outcome::{
    error, generic_http_class, outcome, retry_after_ms, unrecognised, with_raw,
};
use revhost_sdk::{ErrorClass, Outcome, OutcomeKind, Param, ReversalError};
use serde::Deserialize;

use crate::args::Commit;
use crate::errors::{self, Meaning};

/// Any answer of the rollback endpoint.
#[derive(Debug, Deserialize)]
pub struct ProstodarAnswer {
    /// `OK` or an error status.
    pub status: Option<String>,
    /// Text describing the result.
    #[serde(default)]
    pub message: Option<String>,
}

/// Map an HTTP answer; `commit` is what the caller knows about the issue's
/// commit (it decides `ALREADY_ISSUED_FOR_THIS_REQUEST`).
pub fn map(
    status: u16,
    headers: &[ResponseHeader],
    body: &[u8],
    commit: Commit,
) -> Result<Outcome, ReversalError> {
    let parsed: Option<ProstodarAnswer> = serde_json::from_slice(body).ok();
    let Some((code, message)) =
        parsed.and_then(|a| Some((a.status?, a.message.unwrap_or_default())))
    else {
        return Err(match generic_http_class(status) {
            Some(class) => with_raw(
                error(
                    class,
                    &status.to_string(),
                    "HTTP error without a Prostodar answer",
                ),
                status,
                body,
            ),
            None => unrecognised(
                status,
                body,
                "the body is not a Prostodar {status, message} answer",
            ),
        });
    };
    if code == errors::OK {
        if (200..300).contains(&status) {
            return Ok(outcome(OutcomeKind::Succeeded, &code, &message));
        }
        return Err(unrecognised(
            status,
            body,
            "status OK with a non-2xx HTTP code",
        ));
    }
    let Some(row) = errors::lookup(&code, &message) else {
        return Err(with_raw(
            error(
                ErrorClass::InDoubt,
                &code,
                &format!(
                    "unrecognised Prostodar status {code} ({message}); the rollback may or may not have been applied: ask Prostodar before doing anything else"
                ),
            ),
            status,
            body,
        ));
    };
    match row.meaning {
        Meaning::Outcome(kind) => Ok(outcome(kind, &code, &message)),
        Meaning::AlreadyIssued => already_issued(commit, &code, &message, status, body),
        Meaning::Error(class) => {
            let mut e = with_raw(
                error(class, &code, &format!("{message}: {}", row.advice)),
                status,
                body,
            );
            e.retry_after_ms = retry_after_ms(headers);
            Err(e)
        }
    }
}

/// `ALREADY_ISSUED_FOR_THIS_REQUEST`: the issue was confirmed (commit: the
/// top-up stands and cannot be rolled back), rolled back (perhaps by our own
/// earlier, in-doubt attempt) or auto-declined for lack of a commit (the
/// top-up never happened). Prostodar does not say which, so by default it is
/// `in-doubt`: guessing `already-reversed` could hide a confirmed top-up,
/// guessing `declined` could hide our own successful rollback.
///
/// Only a commit can make the top-up stand, and only the partner sends
/// commits. When the caller states it never sent one (`commit_sent=no`), the
/// two remaining cases both mean the top-up is undone: `already-reversed`.
pub fn already_issued(
    commit: Commit,
    code: &str,
    message: &str,
    status: u16,
    body: &[u8],
) -> Result<Outcome, ReversalError> {
    match commit {
        Commit::NeverSent => {
            let mut o = outcome(OutcomeKind::AlreadyReversed, code, message);
            o.details.push(Param {
                name: "basis".into(),
                value: "commit_sent=no: the issue was rolled back or auto-declined".into(),
            });
            Ok(o)
        }
        Commit::Unknown => Err(with_raw(
            error(
                ErrorClass::InDoubt,
                code,
                &format!(
                    "{message}: this card issue was already confirmed (commit), rolled back, or auto-declined for lack of a commit, and Prostodar does not say which. \
                     If your system never sent a commit for it, it is undone: retry with --param commit_sent=no to record that. \
                     If a commit may have been sent, ask Prostodar support whether the top-up stands; retrying gives the same answer"
                ),
            ),
            status,
            body,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(status: u16, body: &str, commit: Commit) -> String {
        match map(status, &[], body.as_bytes(), commit) {
            Ok(o) => format!("{:?}", o.kind),
            Err(e) => format!("{:?}", e.class),
        }
    }

    fn dbg(v: impl std::fmt::Debug) -> String {
        format!("{v:?}")
    }

    fn answer(status: &str, message: &str) -> String {
        serde_json::json!({"status": status, "message": message}).to_string()
    }

    #[test]
    fn ok_is_succeeded_only_with_2xx() {
        let ok = answer("OK", "Request successfully completed");
        assert_eq!(kind(200, &ok, Commit::Unknown), dbg(OutcomeKind::Succeeded));
        assert_eq!(kind(500, &ok, Commit::Unknown), dbg(ErrorClass::InDoubt));
    }

    #[test]
    fn every_documented_status_is_mapped_whatever_the_http_code() {
        for row in errors::STATUSES {
            let body = answer(row.status, row.message.unwrap_or("any text"));
            let want = match row.meaning {
                Meaning::Outcome(k) => format!("{k:?}"),
                Meaning::Error(c) => format!("{c:?}"),
                Meaning::AlreadyIssued => format!("{:?}", ErrorClass::InDoubt),
            };
            for http in [200, 400] {
                assert_eq!(kind(http, &body, Commit::Unknown), want, "{}", row.status);
            }
        }
    }

    #[test]
    fn already_issued_depends_on_the_callers_commit_knowledge() {
        let body = answer(
            "ALREADY_ISSUED_FOR_THIS_REQUEST",
            "Already issued for this request",
        );
        assert_eq!(kind(200, &body, Commit::Unknown), dbg(ErrorClass::InDoubt));
        assert_eq!(
            kind(200, &body, Commit::NeverSent),
            dbg(OutcomeKind::AlreadyReversed)
        );
    }

    #[test]
    fn unknown_or_malformed_answers_are_in_doubt() {
        for (http, body) in [
            (200, answer("SOMETHING_NEW", "x")),
            (200, answer("BANK_ERROR", "Another message")),
            (200, r#"{"status":"O"#.to_owned()),
            (200, r#"{"message":"no status"}"#.to_owned()),
            (500, "<html>500</html>".to_owned()),
            (502, String::new()),
        ] {
            assert_eq!(
                kind(http, &body, Commit::NeverSent),
                dbg(ErrorClass::InDoubt),
                "{body}"
            );
        }
        assert_eq!(
            kind(503, "", Commit::Unknown),
            dbg(ErrorClass::ProviderDown)
        );
        assert_eq!(kind(429, "", Commit::Unknown), dbg(ErrorClass::RateLimited));
    }
}

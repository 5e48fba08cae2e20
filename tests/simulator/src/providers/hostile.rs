//! Hostile answers: not a provider, a set of answers no provider should give,
//! for testing that plugins and the host turn each into a typed error.
//!
//! Any method and path under `/hostile/<kind>/...` answers with `<kind>`:
//!
//! | kind | answer |
//! |---|---|
//! | `truncated` | 200, `application/json`, `{"state":0,"result":{"amou` |
//! | `wrong-types` | 200, JSON with the expected fields of the wrong types |
//! | `gigantic` | 200, a 4 MiB JSON body |
//! | `slow` | 200, a JSON body trickling at one byte per second (slow-loris) |
//! | `wrong-content-type` | 200, `image/png`, bytes that are not JSON |
//! | `html-error` | 502, an HTML error page |
//! | `redirect-loop` | 302 to itself |
//! | `redirect-metadata` | 302 to `http://169.254.169.254/latest/meta-data/` |

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use bytes::Bytes;

use super::Mount;

/// Path-prefix name.
pub const NAME: &str = "hostile";

/// The hostile answers' mount (no state, no admin).
pub(crate) fn mount() -> Mount {
    Mount {
        name: NAME,
        api: Router::new()
            .route("/{kind}", any(answer))
            .route("/{kind}/{*rest}", any(answer_nested)),
        admin: Router::new(),
        internal_error: || StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        malformed: || (StatusCode::OK, "{").into_response(),
    }
}

async fn answer_nested(Path((kind, _rest)): Path<(String, String)>) -> Response {
    hostile(&kind)
}

async fn answer(Path(kind): Path<String>) -> Response {
    hostile(&kind)
}

fn json(status: StatusCode, body: impl Into<Body>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.into(),
    )
        .into_response()
}

fn hostile(kind: &str) -> Response {
    match kind {
        "truncated" => json(StatusCode::OK, r#"{"state":0,"result":{"amou"#),
        "wrong-types" => json(
            StatusCode::OK,
            r#"{"state":"zero","result":[1,2,3],"status":{"nested":true},"errorCode":[],"orderStatus":"three"}"#,
        ),
        "gigantic" => {
            let mut body = Vec::with_capacity(4 << 20);
            body.extend_from_slice(br#"{"state":0,"padding":""#);
            body.resize((4 << 20) - 2, b'x');
            body.extend_from_slice(br#""}"#);
            json(StatusCode::OK, body)
        }
        "slow" => {
            let stream = futures::stream::unfold(0u32, |n| async move {
                if n >= 60 {
                    return None;
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
                Some((Ok::<_, std::io::Error>(Bytes::from_static(b" ")), n + 1))
            });
            json(StatusCode::OK, Body::from_stream(stream))
        }
        "wrong-content-type" => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "image/png")],
            Bytes::from_static(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        )
            .into_response(),
        "html-error" => (
            StatusCode::BAD_GATEWAY,
            [(header::CONTENT_TYPE, "text/html")],
            "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
        )
            .into_response(),
        "redirect-loop" => (
            StatusCode::FOUND,
            [(header::LOCATION, "/hostile/redirect-loop")],
        )
            .into_response(),
        "redirect-metadata" => (
            StatusCode::FOUND,
            [(header::LOCATION, "http://169.254.169.254/latest/meta-data/")],
        )
            .into_response(),
        _ => (StatusCode::NOT_FOUND, "unknown hostile answer").into_response(),
    }
}

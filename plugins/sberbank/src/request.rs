//! The two calls, as `application/x-www-form-urlencoded` POST bodies:
//!
//! - `reverse.do`: `userName`, `password`, `orderId`, optional `amount`
//!   (kopecks), `jsonParams`, `language`;
//! - `getOrderStatusExtended.do`: `userName`, `password`, `orderId`, optional
//!   `language`.
//!
//! No signature: the password travels in the body. The plugin never sees it:
//! the host URL-encodes the `password` secret into a sealed value that sits
//! between the clear parts of the body.

use revhost_sdk::http::{Method, RequestBuilder, Response, join};
use revhost_sdk::signing::{self, Encoding, Part, Sealed, SigningError, Value};
use revhost_sdk::{ErrorClass, Operation, ReversalError, ReverseRequest, outcome, param};

/// The reversal endpoint, relative to `base_url`.
pub const REVERSE_PATH: &str = "reverse.do";
/// The order-status endpoint, relative to `base_url`.
pub const STATUS_PATH: &str = "getOrderStatusExtended.do";
/// Configuration key of the API user name.
pub const USER_NAME: &str = "user_name";
/// Secret holding the API user's password.
pub const PASSWORD: &str = "password";

/// A validated `reverse.do` request: the fields after the credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SberbankReverse {
    /// `orderId`: the bank's order id.
    pub order_id: String,
    /// `amount` in kopecks; `None` reverses the whole order.
    pub amount: Option<u64>,
    /// `jsonParams`, a JSON object as text.
    pub json_params: Option<String>,
    /// `language`, ISO 639-1.
    pub language: Option<String>,
}

impl SberbankReverse {
    /// Checks the request and refuses what Sberbank cannot do before
    /// anything is sent.
    pub fn from_request(req: &ReverseRequest) -> Result<Self, ReversalError> {
        if !matches!(req.operation, Operation::Void | Operation::Cancel) {
            return Err(invalid(
                "Sberbank reverse.do cancels a payment: ask for --operation void or cancel (refunds are another call)",
            ));
        }
        let order_id = order_id(&req.payment_ref)?;
        let amount = req.amount.as_deref().map(to_kopecks).transpose()?;
        let json_params = param(&req.params, "jsonParams")
            .map(|p| match serde_json::from_str::<serde_json::Value>(p) {
                Ok(serde_json::Value::Object(_)) => Ok(p.to_owned()),
                _ => Err(invalid(
                    "the jsonParams param must be a JSON object, e.g. {\"key\":\"value\"}",
                )),
            })
            .transpose()?;
        Ok(Self {
            order_id,
            amount,
            json_params,
            language: language(&req.params)?,
        })
    }

    /// The fields after `userName` and `password`, in order.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        let mut fields = vec![("orderId", self.order_id.clone())];
        if let Some(amount) = self.amount {
            fields.push(("amount", amount.to_string()));
        }
        if let Some(json) = &self.json_params {
            fields.push(("jsonParams", json.clone()));
        }
        if let Some(language) = &self.language {
            fields.push(("language", language.clone()));
        }
        fields
    }
}

/// The fields of a `getOrderStatusExtended.do` request after the credentials.
pub fn status_fields(order_id: &str, language: Option<&str>) -> Vec<(&'static str, String)> {
    let mut fields = vec![("orderId", order_id.to_owned())];
    if let Some(language) = language {
        fields.push(("language", language.to_owned()));
    }
    fields
}

/// The payment reference as an `orderId` (ANS36: at most 36 characters).
pub fn order_id(payment_ref: &str) -> Result<String, ReversalError> {
    let id = payment_ref.trim();
    if id.is_empty() || id.chars().count() > 36 {
        return Err(invalid(
            "the payment must be Sberbank's orderId (up to 36 characters, as returned by register.do)",
        ));
    }
    Ok(id.to_owned())
}

/// The optional `language` param: two ASCII letters (ISO 639-1).
pub fn language(params: &[revhost_sdk::Param]) -> Result<Option<String>, ReversalError> {
    match param(params, "language") {
        None => Ok(None),
        Some(l) if l.len() == 2 && l.bytes().all(|b| b.is_ascii_alphabetic()) => {
            Ok(Some(l.to_ascii_lowercase()))
        }
        Some(_) => Err(invalid(
            "the language param must be a two-letter ISO 639-1 code, e.g. language=ru",
        )),
    }
}

/// A decimal major-unit amount ("12.34") in kopecks (1234). At most two
/// decimals, no sign, no exponent, more than zero.
pub fn to_kopecks(amount: &str) -> Result<u64, ReversalError> {
    let bad = || {
        invalid(&format!(
            "amount {amount:?} is not a positive decimal in roubles with at most 2 decimals (e.g. 12.34)"
        ))
    };
    let (int, frac) = amount.split_once('.').unwrap_or((amount, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty()
        || !digits(int)
        || !digits(frac)
        || frac.len() > 2
        || (amount.contains('.') && frac.is_empty())
    {
        return Err(bad());
    }
    let units: u64 = int.parse().map_err(|_| bad())?;
    let minor: u64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    match units.checked_mul(100).and_then(|k| k.checked_add(minor)) {
        Some(0) | None => Err(bad()),
        Some(kopecks) => Ok(kopecks),
    }
}

/// Kopecks as a decimal major-unit string: 1234 → "12.34".
pub fn from_kopecks(kopecks: u64) -> String {
    format!("{}.{:02}", kopecks / 100, kopecks % 100)
}

/// The instance's endpoint and credentials, the password sealed by the host.
pub struct Credentials {
    base_url: String,
    user_name: String,
    password: Sealed,
}

impl Credentials {
    /// Reads `base_url` and `user_name` and has the host URL-encode the
    /// `password` secret.
    pub fn load() -> Result<Self, ReversalError> {
        let base_url = revhost_sdk::required_config("base_url")?;
        let user_name = revhost_sdk::required_config(USER_NAME)?;
        let password = match signing::encode(Encoding::Url, &[Part::Secret(PASSWORD.into())])
            .map_err(signing_error)?
        {
            Value::Sealed(sealed) => sealed,
            Value::Clear(_) => {
                return Err(outcome::error(
                    ErrorClass::AuthConfig,
                    "",
                    "the host returned the password in clear; refusing to use it",
                ));
            }
        };
        Ok(Self {
            base_url,
            user_name,
            password,
        })
    }

    /// POSTs `userName=..&password=..&<fields>` to `path`. The body is built
    /// once, and the host sends exactly those bytes.
    pub fn post(
        &self,
        path: &str,
        fields: &[(&str, String)],
    ) -> Result<Response, revhost_sdk::http::HttpError> {
        let mut tail = String::new();
        for (name, value) in fields {
            tail.push('&');
            tail.push_str(name);
            tail.push('=');
            tail.push_str(&url_encode(value));
        }
        let body = vec![
            Part::Text(format!(
                "userName={}&password=",
                url_encode(&self.user_name)
            )),
            Part::Sealed(&self.password),
            Part::Text(tail),
        ];
        RequestBuilder::new(Method::Post, &join(&self.base_url, path))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body_parts(body)
            .send()
    }
}

/// Percent-encoding of everything but RFC 3986 unreserved characters, as the
/// host's `url` encoding does for the password.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn signing_error(e: SigningError) -> ReversalError {
    let message = match e {
        SigningError::UnknownSecret(s) => format!(
            "secret {s:?} is not set for this instance: give it the Sberbank API user's password"
        ),
        other => format!("the host could not encode the password: {other:?}"),
    };
    outcome::error(ErrorClass::AuthConfig, "", &message)
}

/// Refuse what Sberbank cannot do, before anything is sent.
pub fn invalid(message: &str) -> ReversalError {
    outcome::error(ErrorClass::InvalidRequest, "", message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_become_kopecks() {
        assert_eq!(to_kopecks("12.34").unwrap(), 1234);
        assert_eq!(to_kopecks("12.3").unwrap(), 1230);
        assert_eq!(to_kopecks("12").unwrap(), 1200);
        assert_eq!(to_kopecks("0.05").unwrap(), 5);
        for bad in [
            "",
            ".",
            "1.",
            ".5",
            "-1",
            "+1",
            "1.234",
            "1e3",
            "1,00",
            " 1",
            "0",
            "0.00",
            "abc",
            "184467440737095516.16",
        ] {
            assert!(to_kopecks(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(from_kopecks(1234), "12.34");
        assert_eq!(from_kopecks(5), "0.05");
    }

    #[test]
    fn fields_in_order() {
        let r = SberbankReverse {
            order_id: "9231a838-ac68-4a3e-bddb-d9781433d852".into(),
            amount: Some(1234),
            json_params: Some("{\"a\":\"b c\"}".into()),
            language: Some("ru".into()),
        };
        let encoded: Vec<String> = r
            .fields()
            .iter()
            .map(|(n, v)| format!("{n}={}", url_encode(v)))
            .collect();
        assert_eq!(
            encoded.join("&"),
            "orderId=9231a838-ac68-4a3e-bddb-d9781433d852&amount=1234&jsonParams=%7B%22a%22%3A%22b%20c%22%7D&language=ru"
        );
    }

    #[test]
    fn order_ids_are_checked() {
        assert!(order_id("").is_err());
        assert!(order_id(&"a".repeat(37)).is_err());
        assert_eq!(order_id(" abc ").unwrap(), "abc");
    }
}

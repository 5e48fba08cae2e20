//! Request-body validation, mirroring the provider's Laravel-style rules:
//!
//! - `uuid`: `required_without:order_id|uuid`
//! - `order_id`: `required_without:uuid|string|min:1|max:32|alpha_dash`
//! - `address`: `required|string|min:10|max:128|alpha_dash`
//!
//! A field counts as absent when missing, `null` or a blank string. Rules are
//! not "bail": a field collects every rule it fails, in rule order.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

/// Which wallet a request designates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// By wallet uuid (wins when both are given).
    Uuid(String),
    /// By the merchant's order id.
    OrderId(String),
}

/// A validated refund request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct RefundRequest {
    /// The wallet to refund.
    pub target: Target,
    /// Destination address.
    pub address: String,
}

/// Why a body was rejected.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Invalid {
    /// The body is not a JSON object.
    NotJson,
    /// Field rules failed.
    Fields(FieldErrors),
}

/// Failed rules per field, in field order (serialises as a JSON object).
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct FieldErrors(Vec<(&'static str, Vec<&'static str>)>);

impl FieldErrors {
    fn add(&mut self, field: &'static str, rules: Vec<&'static str>) {
        if !rules.is_empty() {
            self.0.push((field, rules));
        }
    }

    /// The `{"body":["validation.json"]}` error set.
    pub(super) fn not_json() -> FieldErrors {
        FieldErrors(vec![("body", vec!["validation.json"])])
    }
}

impl Serialize for FieldErrors {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (field, rules) in &self.0 {
            map.serialize_entry(field, rules)?;
        }
        map.end()
    }
}

/// Parses and validates a refund request body.
pub(super) fn parse(body: &[u8]) -> Result<RefundRequest, Invalid> {
    let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(body) else {
        return Err(Invalid::NotJson);
    };
    let uuid = present(&fields, "uuid");
    let order_id = present(&fields, "order_id");
    let address = present(&fields, "address");

    let mut errors = FieldErrors::default();
    errors.add(
        "uuid",
        match uuid {
            None if order_id.is_none() => vec!["validation.required_without"],
            None => vec![],
            Some(Value::String(s)) if is_uuid(s) => vec![],
            Some(_) => vec!["validation.uuid"],
        },
    );
    errors.add(
        "order_id",
        match order_id {
            None if uuid.is_none() => vec!["validation.required_without"],
            None => vec![],
            Some(v) => string_rules(v, 1, 32),
        },
    );
    errors.add(
        "address",
        match address {
            None => vec!["validation.required"],
            Some(v) => string_rules(v, 10, 128),
        },
    );
    if !errors.0.is_empty() {
        return Err(Invalid::Fields(errors));
    }

    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or_default().to_owned();
    let target = match uuid {
        Some(_) => Target::Uuid(text(uuid)),
        None => Target::OrderId(text(order_id)),
    };
    Ok(RefundRequest {
        target,
        address: text(address),
    })
}

/// The field's value unless it is missing, `null` or a blank string.
fn present<'a>(fields: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    match fields.get(name)? {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        v => Some(v),
    }
}

/// `string|min:<min>|max:<max>|alpha_dash` on a present value.
fn string_rules(value: &Value, min: usize, max: usize) -> Vec<&'static str> {
    let Value::String(s) = value else {
        return vec!["validation.string"];
    };
    let len = s.chars().count();
    let mut failed = Vec::new();
    if len < min {
        failed.push("validation.min.string");
    }
    if len > max {
        failed.push("validation.max.string");
    }
    if !is_alpha_dash(s) {
        failed.push("validation.alpha_dash");
    }
    failed
}

/// `[A-Za-z0-9_-]+`.
pub(super) fn is_alpha_dash(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// 8-4-4-4-12 hex digits, any case.
pub(super) fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const UUID: &str = "8b03432e-385b-4670-8d06-064591096795";
    const ADDR: &str = "TQ4ziwY1mRw9p7hBwTzfBB5FQ1bLm4oYxq";

    fn errors(body: Value) -> Value {
        match parse(body.to_string().as_bytes()) {
            Err(Invalid::Fields(e)) => serde_json::to_value(e).unwrap(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn uuid_wins_over_order_id() {
        let req = parse(
            json!({"uuid": UUID, "order_id": "o-1", "address": ADDR})
                .to_string()
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(req.target, Target::Uuid(UUID.into()));
        let req = parse(
            json!({"order_id": "o-1", "address": ADDR})
                .to_string()
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(req.target, Target::OrderId("o-1".into()));
        assert_eq!(req.address, ADDR);
    }

    #[test]
    fn required_without_both() {
        assert_eq!(
            errors(json!({"uuid": null, "order_id": "", "address": ADDR})),
            json!({"uuid": ["validation.required_without"], "order_id": ["validation.required_without"]})
        );
        assert_eq!(
            errors(json!({})),
            json!({
                "uuid": ["validation.required_without"],
                "order_id": ["validation.required_without"],
                "address": ["validation.required"]
            })
        );
    }

    #[test]
    fn field_rules() {
        assert_eq!(
            errors(json!({"uuid": "not-a-uuid", "address": ADDR})),
            json!({"uuid": ["validation.uuid"]})
        );
        assert_eq!(
            errors(json!({"uuid": 5, "address": ADDR})),
            json!({"uuid": ["validation.uuid"]})
        );
        assert_eq!(
            errors(json!({"order_id": "a".repeat(33), "address": ADDR})),
            json!({"order_id": ["validation.max.string"]})
        );
        assert_eq!(
            errors(json!({"order_id": "a b", "address": ADDR})),
            json!({"order_id": ["validation.alpha_dash"]})
        );
        assert_eq!(
            errors(json!({"order_id": 7, "address": ADDR})),
            json!({"order_id": ["validation.string"]})
        );
        assert_eq!(
            errors(json!({"order_id": "o", "address": "a.b"})),
            json!({"address": ["validation.min.string", "validation.alpha_dash"]})
        );
        assert_eq!(
            errors(json!({"order_id": "o", "address": "a".repeat(129)})),
            json!({"address": ["validation.max.string"]})
        );
        assert!(
            parse(
                json!({"order_id": "o", "address": "a".repeat(128)})
                    .to_string()
                    .as_bytes()
            )
            .is_ok()
        );
        assert!(
            parse(
                json!({"order_id": "a".repeat(32), "address": "a".repeat(10)})
                    .to_string()
                    .as_bytes()
            )
            .is_ok()
        );
    }

    #[test]
    fn not_an_object() {
        for body in [&b""[..], b"[]", b"\"x\"", b"{", b"null"] {
            assert_eq!(parse(body), Err(Invalid::NotJson));
        }
    }

    #[test]
    fn uuid_format() {
        assert!(is_uuid(UUID));
        assert!(is_uuid(&UUID.to_uppercase()));
        assert!(!is_uuid("8b03432e385b46708d06064591096795"));
        assert!(!is_uuid("8b03432e-385b-4670-8d06-06459109679g"));
    }
}

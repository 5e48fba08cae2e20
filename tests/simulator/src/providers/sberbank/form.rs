//! The request: an `application/x-www-form-urlencoded` body, and the
//! `userName` / `password` check every call starts with.

use crate::providers::constant_time_eq;
use std::collections::HashMap;

use super::SberbankConfig;

/// The decoded form fields of one request (the first value of each name).
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Form(HashMap<String, String>);

impl Form {
    /// Decodes a form body; undecodable bytes become U+FFFD, as a lenient
    /// servlet container does.
    pub(super) fn parse(body: &[u8]) -> Form {
        let mut fields = HashMap::new();
        for (name, value) in url::form_urlencoded::parse(body) {
            fields
                .entry(name.into_owned())
                .or_insert_with(|| value.into_owned());
        }
        Form(fields)
    }

    /// A field's value, if present and not blank.
    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    /// Whether `userName` and `password` are the merchant's.
    pub(super) fn authenticates(&self, config: &SberbankConfig) -> bool {
        let user = self.0.get("userName").map(String::as_str);
        let password = self.0.get("password").map(String::as_str);
        user == Some(config.user_name.as_str())
            && password.is_some_and(|p| constant_time_eq(p.as_bytes(), config.password.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_authenticates() {
        let config = SberbankConfig {
            user_name: "api-user".into(),
            password: "p&ss w=rd+%".into(),
        };
        let form =
            Form::parse(b"userName=api-user&password=p%26ss%20w%3Drd%2B%25&orderId=x&orderId=y");
        assert!(form.authenticates(&config));
        assert_eq!(form.get("orderId"), Some("x"));
        assert_eq!(form.get("amount"), None);
        // `+` is a space in a form body: an unencoded `+` does not match.
        assert!(
            !Form::parse(b"userName=api-user&password=p%26ss+w%3Drd+%25").authenticates(&config)
        );
        assert!(!Form::parse(b"userName=api-user").authenticates(&config));
        assert!(
            !Form::parse(b"userName=other&password=p%26ss%20w%3Drd%2B%25").authenticates(&config)
        );
    }
}

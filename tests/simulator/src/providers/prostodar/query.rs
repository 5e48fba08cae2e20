//! The rollback request's query string, decoded the way PHP fills `$_GET`
//! (`application/x-www-form-urlencoded`: `+` is a space, `%XX` a byte; the
//! first occurrence of a name wins).
//!
//! A base64 ciphertext sent without URL-encoding therefore loses its `+`
//! signs and no longer decrypts, as at the real provider.

use super::answers::Status;

/// The rollback parameters as received (the encrypted ones still base64).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RollbackQuery {
    /// `partnerName`, in clear.
    pub partner_name: String,
    /// `partnerPassword`, base64 ciphertext.
    pub partner_password: String,
    /// `requestId`, base64 ciphertext.
    pub request_id: String,
    /// `walletId`, base64 ciphertext.
    pub wallet_id: String,
    /// `useAuthByCert`, `Y` when the marked parameters are encrypted.
    pub use_auth_by_cert: String,
}

/// Decodes `raw` (the part after `?`), or names the first missing (absent or
/// empty) parameter as a `VALIDATION_ERROR`.
pub fn parse(raw: &str) -> Result<RollbackQuery, Status> {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(raw.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let get = |name: &'static str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
            .ok_or(Status::Validation(name))
    };
    // Fields are evaluated in this order: the page's parameter order.
    Ok(RollbackQuery {
        partner_name: get("partnerName")?,
        partner_password: get("partnerPassword")?,
        request_id: get("requestId")?,
        wallet_id: get("walletId")?,
        use_auth_by_cert: get("useAuthByCert")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_names_the_first_missing_parameter() {
        let q = parse("requestId=cg%3D%3D&partnerName=a+b&partnerPassword=cA%2B%2F&useAuthByCert=Y&walletId=dw").unwrap();
        assert_eq!(q.partner_name, "a b");
        assert_eq!(q.partner_password, "cA+/");
        assert_eq!(q.request_id, "cg==");
        assert_eq!(q.wallet_id, "dw");
        assert_eq!(q.use_auth_by_cert, "Y");
        assert_eq!(
            parse("partnerName=a&partnerPassword=p&requestId=r&useAuthByCert=Y"),
            Err(Status::Validation("walletId"))
        );
        assert_eq!(
            parse("partnerName=&partnerPassword=p"),
            Err(Status::Validation("partnerName"))
        );
        assert_eq!(parse(""), Err(Status::Validation("partnerName")));
        // `+` unencoded is a space: the ciphertext is damaged, not repaired.
        assert_eq!(
            parse("partnerName=a&partnerPassword=cA+/&requestId=r&walletId=w&useAuthByCert=Y")
                .unwrap()
                .partner_password,
            "cA /"
        );
    }
}

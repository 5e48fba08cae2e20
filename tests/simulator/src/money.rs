//! Decimal amounts as integer minor units (cents, kopecks, ...), never floats.
//!
//! Providers exchange amounts as decimal strings with two fractional digits
//! (`"9.50"`); the simulator parses them into [`Cents`] once, does all its
//! arithmetic on integers and formats them back with exactly two decimals.

use std::fmt;

/// An amount in minor units (1/100 of the currency unit).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cents(pub u64);

/// Why a decimal string is not a valid amount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AmountError(String);

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid amount {:?}: expected a non-negative decimal with at most 2 fractional digits",
            self.0
        )
    }
}

impl std::error::Error for AmountError {}

impl Cents {
    /// Zero.
    pub const ZERO: Cents = Cents(0);

    /// Parses `"10"`, `"10.5"` or `"10.50"`; rejects signs, exponents, more
    /// than two fractional digits and values that overflow `u64` cents.
    pub fn parse(text: &str) -> Result<Cents, AmountError> {
        let err = || AmountError(text.to_owned());
        let (int, frac) = match text.split_once('.') {
            Some((int, frac)) => (int, frac),
            None => (text, ""),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(int) || (text.contains('.') && !digits(frac)) || frac.len() > 2 {
            return Err(err());
        }
        let units: u64 = int.parse().map_err(|_| err())?;
        let mut minor: u64 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| err())?
        };
        if frac.len() == 1 {
            minor *= 10;
        }
        units
            .checked_mul(100)
            .and_then(|c| c.checked_add(minor))
            .map(Cents)
            .ok_or_else(err)
    }

    /// `self - other`, or `None` if that would be negative.
    pub fn checked_sub(self, other: Cents) -> Option<Cents> {
        self.0.checked_sub(other.0).map(Cents)
    }
}

impl fmt::Display for Cents {
    /// Formats with exactly two decimals: `Cents(950)` → `"9.50"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::Cents;

    #[test]
    fn parses_and_formats() {
        assert_eq!(Cents::parse("10").unwrap(), Cents(1000));
        assert_eq!(Cents::parse("10.5").unwrap(), Cents(1050));
        assert_eq!(Cents::parse("0.05").unwrap(), Cents(5));
        assert_eq!(Cents::parse("007.10").unwrap(), Cents(710));
        assert_eq!(Cents(950).to_string(), "9.50");
        assert_eq!(Cents(5).to_string(), "0.05");
        assert_eq!(Cents::ZERO.to_string(), "0.00");
    }

    #[test]
    fn rejects_garbage() {
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
            "abc",
            "184467440737095516.16",
        ] {
            assert!(Cents::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn subtraction_never_goes_negative() {
        assert_eq!(Cents(1000).checked_sub(Cents(50)), Some(Cents(950)));
        assert_eq!(Cents(50).checked_sub(Cents(1000)), None);
    }
}

//! The simulator's clock: real time plus a configurable skew (to test the
//! `iat` window) plus however far tests advanced it (to pass the auto-cancel
//! deadline without sleeping).
//!
//! Advancing models time passing for both sides (the host's clock moves as
//! well), so it shifts deadlines but not the `iat` check; the skew models the
//! two clocks disagreeing, so it shifts both.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Real time shifted by a skew and an advance, in Unix seconds.
#[derive(Debug, Default)]
pub(super) struct Clock {
    skew: AtomicI64,
    advanced: AtomicI64,
}

impl Clock {
    /// A clock `skew` seconds ahead of real time (negative: behind).
    pub(super) fn new(skew: i64) -> Clock {
        Clock {
            skew: AtomicI64::new(skew),
            advanced: AtomicI64::new(0),
        }
    }

    /// The simulator's "now" for deadlines and records, Unix seconds.
    pub(super) fn now(&self) -> i64 {
        self.wall()
            .saturating_add(self.advanced.load(Ordering::SeqCst))
    }

    /// Real time plus the skew: what a client's `iat` is checked against.
    pub(super) fn wall(&self) -> i64 {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        real.saturating_add(self.skew.load(Ordering::SeqCst))
    }

    /// Moves the clock forward (or back, if negative).
    pub(super) fn advance(&self, secs: i64) {
        self.advanced.fetch_add(secs, Ordering::SeqCst);
    }

    /// Sets the skew against real time.
    pub(super) fn set_skew(&self, secs: i64) {
        self.skew.store(secs, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skew_and_advance_add_up() {
        let plain = Clock::new(0);
        let c = Clock::new(30);
        c.advance(100);
        let diff = c.now() - plain.now();
        assert!((129..=131).contains(&diff), "{diff}");
        let diff = c.wall() - plain.wall();
        assert!((29..=31).contains(&diff), "{diff}");
        c.set_skew(-30);
        let diff = c.now() - plain.now();
        assert!((69..=71).contains(&diff), "{diff}");
    }
}

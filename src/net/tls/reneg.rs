//! The limit on client-initiated renegotiations, counted as PHP counts it:
//! `reneg_limit` handshakes per `reneg_window` seconds, a token bucket with
//! integer arithmetic, the first handshake free.

/// One connection's renegotiation count against its limit.
#[derive(Debug)]
pub struct RenegLimit {
    limit: i64,
    window: i64,
    tokens: i64,
    prev: Option<i64>,
    seen: u32,
}

impl RenegLimit {
    /// `limit` handshakes per `window` seconds; `None` for a negative
    /// limit (no limit at all).
    pub fn new(limit: i64, window: i64) -> Option<Self> {
        (limit >= 0).then_some(RenegLimit {
            limit,
            window,
            tokens: 0,
            prev: None,
            seen: 0,
        })
    }

    /// `reneg_limit`.
    pub fn limit(&self) -> i64 {
        self.limit
    }

    /// Whether handshakes up to `starts` (as the session counts them) were
    /// all seen already: nearly always, and then nothing is computed.
    pub fn up_to_date(&self, starts: u32) -> bool {
        self.seen >= starts
    }

    /// Accounts for the handshakes started up to `starts` at `now` (Unix
    /// seconds); true when the limit is exceeded.
    pub fn exceeded(&mut self, starts: u32, now: i64) -> bool {
        let mut over = false;
        while self.seen < starts {
            self.seen += 1;
            let Some(prev) = self.prev.replace(now) else {
                continue;
            };
            let rate = if self.window > 0 {
                self.limit / self.window
            } else {
                0
            };
            // Saturating: the limit, window and clock come from the user.
            let drained = now.saturating_sub(prev).saturating_mul(rate);
            self.tokens = self.tokens.saturating_sub(drained).max(0).saturating_add(1);
            over |= self.tokens > self.limit;
        }
        over
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_handshake_is_free_then_the_bucket_fills() {
        // Two renegotiations allowed in 300 s (PHP's defaults).
        let mut r = RenegLimit::new(2, 300).unwrap();
        assert!(!r.exceeded(1, 1000), "the first handshake is free");
        assert!(!r.exceeded(2, 1000));
        assert!(!r.exceeded(3, 1000));
        assert!(r.exceeded(4, 1000), "a third renegotiation at once is over");
        assert!(r.up_to_date(4));
        assert!(!r.up_to_date(5));
    }

    #[test]
    fn limit_zero_refuses_the_first_renegotiation() {
        let mut r = RenegLimit::new(0, 30).unwrap();
        assert!(!r.exceeded(1, 5));
        assert!(r.exceeded(2, 5));
    }

    #[test]
    fn tokens_drain_at_limit_per_window() {
        // 10 per 10 s: one token drains per second.
        let mut r = RenegLimit::new(10, 10).unwrap();
        assert!(!r.exceeded(1, 0));
        for n in 2..=11 {
            assert!(!r.exceeded(n, 0), "renegotiation {n}");
        }
        assert!(r.exceeded(12, 0));
        // 100 s later the bucket is empty again.
        assert!(!r.exceeded(13, 100));
    }

    #[test]
    fn negative_limit_is_none_and_user_values_never_overflow() {
        assert!(RenegLimit::new(-1, 300).is_none());
        let mut r = RenegLimit::new(i64::MAX, 1).unwrap();
        assert!(!r.exceeded(1, i64::MIN));
        assert!(!r.exceeded(2, i64::MAX));
        let mut r = RenegLimit::new(0, 0).unwrap();
        assert!(!r.exceeded(1, 0));
        assert!(r.exceeded(3, 0));
    }
}

//! Hybrid logical clock stamps: wall-clock milliseconds in the high 48 bits,
//! a counter in the low 16, so that stamps grow even when the clock does not.
//!
//! A clock far ahead elsewhere must not drag every replica into the future:
//! remote stamps more than [`MAX_SKEW_MS`] ahead of our wall clock are
//! accepted but not observed (and reported as clock skew).

/// A stamp; compared as an integer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp(pub u64);

const COUNTER_BITS: u32 = 16;
const COUNTER_MASK: u64 = (1 << COUNTER_BITS) - 1;

/// How far ahead of our wall clock a remote stamp may be before it is
/// considered clock skew: one day.
pub const MAX_SKEW_MS: i64 = 24 * 60 * 60 * 1000;

impl Stamp {
    pub fn from_parts(wall_ms: i64, counter: u64) -> Stamp {
        Stamp(((wall_ms.max(0) as u64) << COUNTER_BITS) | (counter & COUNTER_MASK))
    }

    pub fn wall_ms(self) -> i64 {
        (self.0 >> COUNTER_BITS) as i64
    }

    pub fn counter(self) -> u64 {
        self.0 & COUNTER_MASK
    }

    /// The next stamp after `self` at wall time `now_ms`.
    pub fn tick(self, now_ms: i64) -> Stamp {
        if now_ms > self.wall_ms() {
            Stamp::from_parts(now_ms, 0)
        } else if self.counter() < COUNTER_MASK {
            Stamp(self.0 + 1)
        } else {
            // Counter exhausted within one millisecond: borrow the next one.
            Stamp::from_parts(self.wall_ms() + 1, 0)
        }
    }

    /// Whether this (remote) stamp is too far ahead of `now_ms` to be trusted.
    pub fn is_skewed(self, now_ms: i64) -> bool {
        self.wall_ms() > now_ms.saturating_add(MAX_SKEW_MS)
    }

    /// Our clock after seeing a remote stamp: it moves forward only for
    /// stamps that are not skewed.
    pub fn observe(self, remote: Stamp, now_ms: i64) -> Stamp {
        if remote.is_skewed(now_ms) {
            self
        } else {
            self.max(remote)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_grow_strictly_even_with_a_stuck_or_backward_clock() {
        let mut stamp = Stamp::default();
        let mut previous = stamp;
        for now in [5, 5, 5, 3, 10, 9, 10] {
            stamp = stamp.tick(now);
            assert!(stamp > previous);
            previous = stamp;
        }
        assert_eq!(stamp.wall_ms(), 10);
    }

    #[test]
    fn counter_overflow_borrows_the_next_millisecond() {
        let stamp = Stamp::from_parts(7, COUNTER_MASK);
        let next = stamp.tick(7);
        assert!(next > stamp);
        assert_eq!(next.wall_ms(), 8);
    }

    #[test]
    fn a_stamp_from_2035_is_skew_and_does_not_move_our_clock() {
        let now = 1_800_000_000_000; // 2027
        let ours = Stamp::from_parts(now, 0);
        let future = Stamp::from_parts(2_060_000_000_000, 0);
        assert!(future.is_skewed(now));
        assert_eq!(ours.observe(future, now), ours);
        let slightly_ahead = Stamp::from_parts(now + 1000, 0);
        assert_eq!(ours.observe(slightly_ahead, now), slightly_ahead);
    }
}

//! Hybrid logical clock stamps: wall-clock milliseconds in the high 48 bits,
//! a counter in the low 16, so that stamps grow even when the clock does not.
//!
//! A clock far ahead elsewhere must not drag every replica into the future:
//! remote stamps more than [`MAX_SKEW_MS`] ahead of our wall clock are
//! accepted but not observed (and reported as clock skew).
//!
//! Stamps live in a fixed window, the same on every replica: wall part from
//! the epoch to [`MAX_WALL_MS`] (year 2200). A remote stamp outside it is
//! refused before anything is written; local stamps saturate at
//! [`Stamp::MAX`] instead of wrapping, so no arithmetic on a stamp can
//! overflow and no site can ever write a stamp its peers refuse.

/// A stamp; compared as an integer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp(pub u64);

const COUNTER_BITS: u32 = 16;
const COUNTER_MASK: u64 = (1 << COUNTER_BITS) - 1;

/// How far ahead of our wall clock a remote stamp may be before it is
/// considered clock skew: one day.
pub const MAX_SKEW_MS: i64 = 24 * 60 * 60 * 1000;

/// The largest wall part a stamp may carry: 2200-01-01T00:00:00Z. Far below
/// the 48 bits the wall part has, so `+ 1` on any valid stamp cannot wrap.
pub const MAX_WALL_MS: i64 = 7_258_118_400_000;

impl Stamp {
    /// The largest valid stamp; local stamps saturate here.
    pub const MAX: Stamp = Stamp(((MAX_WALL_MS as u64) << COUNTER_BITS) | COUNTER_MASK);

    /// A stamp from a wall clock (clamped into the window) and a counter.
    pub fn from_parts(wall_ms: i64, counter: u64) -> Stamp {
        let wall = u64::try_from(wall_ms.clamp(0, MAX_WALL_MS)).unwrap_or(0);
        Stamp((wall << COUNTER_BITS) | (counter & COUNTER_MASK))
    }

    /// Whether the stamp lies in the window every replica accepts.
    pub fn is_valid(self) -> bool {
        self <= Stamp::MAX
    }

    /// The smallest stamp after `self`, saturating at [`Stamp::MAX`].
    pub fn succ(self) -> Stamp {
        Stamp(self.0.saturating_add(1)).min(Stamp::MAX)
    }

    pub fn wall_ms(self) -> i64 {
        // 64 - 16 bits always fit in an i64.
        i64::try_from(self.0 >> COUNTER_BITS).unwrap_or(i64::MAX)
    }

    pub fn counter(self) -> u64 {
        self.0 & COUNTER_MASK
    }

    /// The next stamp after `self` at wall time `now_ms` (saturating at
    /// [`Stamp::MAX`]: a stuck maximum is better than a wrapped stamp).
    pub fn tick(self, now_ms: i64) -> Stamp {
        if now_ms > self.wall_ms() && now_ms <= MAX_WALL_MS {
            Stamp::from_parts(now_ms, 0)
        } else {
            // Same millisecond, or a counter exhausted: `succ` carries into
            // the next millisecond.
            self.succ()
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
    fn stamps_saturate_instead_of_wrapping() {
        assert_eq!(Stamp::MAX.succ(), Stamp::MAX);
        assert_eq!(Stamp::MAX.tick(i64::MAX), Stamp::MAX);
        assert_eq!(Stamp(u64::MAX).succ(), Stamp::MAX);
        assert!(!Stamp(i64::MAX as u64).is_valid());
        assert!(Stamp::MAX.is_valid());
        assert_eq!(Stamp::from_parts(i64::MAX, 0).wall_ms(), MAX_WALL_MS);
        assert!(i64::try_from(Stamp::MAX.0).is_ok());
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

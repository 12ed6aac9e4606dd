//! The life of a request: `new → qualified → assigned → in_progress →
//! delivered | abandoned`. Any open request may be abandoned with a reason;
//! a delivered or abandoned one may be reopened to `qualified` with a reason.
//!
//! These rules apply when a person edits; merged data is never refused for
//! breaking them (it becomes a review item instead).

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    New,
    Qualified,
    Assigned,
    InProgress,
    Delivered,
    Abandoned,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::New,
        Status::Qualified,
        Status::Assigned,
        Status::InProgress,
        Status::Delivered,
        Status::Abandoned,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Qualified => "qualified",
            Status::Assigned => "assigned",
            Status::InProgress => "in_progress",
            Status::Delivered => "delivered",
            Status::Abandoned => "abandoned",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.slug() == slug)
    }

    pub fn is_open(self) -> bool {
        !matches!(self, Status::Delivered | Status::Abandoned)
    }

    /// The statuses a person may move a request to from `self`.
    pub fn next(self) -> Vec<Status> {
        let forward = match self {
            Status::New => Some(Status::Qualified),
            Status::Qualified => Some(Status::Assigned),
            Status::Assigned => Some(Status::InProgress),
            Status::InProgress => Some(Status::Delivered),
            Status::Delivered | Status::Abandoned => None,
        };
        let mut next: Vec<Status> = forward.into_iter().collect();
        if self.is_open() {
            next.push(Status::Abandoned);
        } else {
            next.push(Status::Qualified);
        }
        next
    }

    /// Whether moving from `self` to `to` needs a written reason.
    pub fn needs_reason(self, to: Status) -> bool {
        to == Status::Abandoned || (!self.is_open() && to == Status::Qualified)
    }
}

/// Why a transition was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransitionError {
    NotAllowed {
        from: Status,
        to: Status,
        allowed: Vec<Status>,
    },
    ReasonRequired {
        from: Status,
        to: Status,
    },
}

/// Checks a transition made by a person. Staying in the same status is allowed.
pub fn check_transition(
    from: Status,
    to: Status,
    reason: Option<&str>,
) -> Result<(), TransitionError> {
    if from == to {
        return Ok(());
    }
    let allowed = from.next();
    if !allowed.contains(&to) {
        return Err(TransitionError::NotAllowed { from, to, allowed });
    }
    if from.needs_reason(to) && reason.is_none_or(|text| text.trim().is_empty()) {
        return Err(TransitionError::ReasonRequired { from, to });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn transitions_follow_the_documented_life_cycle() {
        // (from, to, reason, ok?)
        let cases = [
            (New, Qualified, None, true),
            (Qualified, Assigned, None, true),
            (Assigned, InProgress, None, true),
            (InProgress, Delivered, None, true),
            (New, Delivered, None, false),
            (New, Assigned, None, false),
            (Delivered, InProgress, None, false),
            (New, Abandoned, None, false),
            (New, Abandoned, Some("  "), false),
            (Assigned, Abandoned, Some("no funding"), true),
            (Delivered, Qualified, None, false),
            (Delivered, Qualified, Some("new version asked"), true),
            (Abandoned, Qualified, Some("back on"), true),
            (Abandoned, Delivered, Some("x"), false),
            (Delivered, Abandoned, Some("x"), false),
            (InProgress, InProgress, None, true),
        ];
        for (from, to, reason, ok) in cases {
            assert_eq!(
                check_transition(from, to, reason).is_ok(),
                ok,
                "{from:?} -> {to:?} ({reason:?})"
            );
        }
    }

    #[test]
    fn slugs_round_trip() {
        for status in Status::ALL {
            assert_eq!(Status::from_slug(status.slug()), Some(status));
        }
        assert_eq!(Status::from_slug("done"), None);
    }
}

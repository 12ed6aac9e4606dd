//! The closed sets of the trust registry: a site's role in the network and
//! how far this installation trusts a site. Stored as slugs; typed here so
//! that nothing compares role or status strings by hand.

use serde::Serialize;

/// A site's role: an EPN, or the regional lead (who enrols, revokes and relays).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SiteRole {
    Epn,
    Regional,
}

impl SiteRole {
    pub const ALL: [SiteRole; 2] = [SiteRole::Epn, SiteRole::Regional];

    /// The slug stored in the log and in site cards.
    pub fn slug(self) -> &'static str {
        match self {
            SiteRole::Epn => "epn",
            SiteRole::Regional => "regional",
        }
    }

    pub fn from_slug(slug: &str) -> Option<SiteRole> {
        SiteRole::ALL.into_iter().find(|role| role.slug() == slug)
    }

    /// A stored role; anything unknown counts as an EPN (never as a lead).
    pub fn from_stored(slug: &str) -> SiteRole {
        SiteRole::from_slug(slug).unwrap_or(SiteRole::Epn)
    }
}

/// How far this installation trusts a site it knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TrustStatus {
    /// Its card was trusted here, not (yet) enrolled by the lead.
    Card,
    /// Enrolled for the region by the lead.
    Enrolled,
    /// Revoked: its bundles are refused, its later changes cut off.
    Revoked,
    /// Known from the registry without a key or an enrolment.
    Known,
}

impl TrustStatus {
    pub fn slug(self) -> &'static str {
        match self {
            TrustStatus::Card => "card",
            TrustStatus::Enrolled => "enrolled",
            TrustStatus::Revoked => "revoked",
            TrustStatus::Known => "known",
        }
    }

    pub fn from_slug(slug: &str) -> Option<TrustStatus> {
        [
            TrustStatus::Card,
            TrustStatus::Enrolled,
            TrustStatus::Revoked,
            TrustStatus::Known,
        ]
        .into_iter()
        .find(|status| status.slug() == slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_and_unknown_roles_are_never_leads() {
        for role in SiteRole::ALL {
            assert_eq!(SiteRole::from_slug(role.slug()), Some(role));
        }
        assert_eq!(SiteRole::from_stored("admin"), SiteRole::Epn);
        assert_eq!(
            TrustStatus::from_slug("enrolled"),
            Some(TrustStatus::Enrolled)
        );
        assert_eq!(TrustStatus::from_slug("x"), None);
    }
}

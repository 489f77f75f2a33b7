//! `[approvals]`: change requests waiting for Approve or Deny in the linked chats.

use super::Problems;
use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Approvals {
    /// How long a change request waits for Approve or Deny.
    #[serde(rename = "ttl_secs", with = "super::duration::secs")]
    pub ttl: Duration,
    /// Change requests that may wait for a decision at once, per account; one more is
    /// refused until one is decided or expires.
    pub max_pending_per_account: usize,
}

impl Default for Approvals {
    fn default() -> Self {
        Approvals {
            ttl: Duration::from_secs(900),
            max_pending_per_account: 5,
        }
    }
}

impl Approvals {
    pub(super) fn validate(&self, p: &mut Problems) {
        p.need(!self.ttl.is_zero(), || {
            "approvals.ttl_secs must be above 0".into()
        });
        p.need(self.max_pending_per_account > 0, || {
            "approvals.max_pending_per_account must be above 0".into()
        });
    }
}

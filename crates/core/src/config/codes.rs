//! `[codes]`: one-time codes, their limits and the lock after too many wrong ones.

use super::Problems;
use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Codes {
    #[serde(rename = "ttl_secs", with = "super::duration::secs")]
    pub ttl: Duration,
    pub max_attempts: u32,
    #[serde(rename = "resend_cooldown_secs", with = "super::duration::secs")]
    pub resend_cooldown: Duration,
    pub max_per_hour: u32,
    pub failures_before_lock: u32,
    #[serde(rename = "lock_hours", with = "super::duration::hours")]
    pub lock: Duration,
    /// Every "code sent" reply takes at least this long, known account or not.
    #[serde(rename = "reply_padding_ms", with = "super::duration::millis")]
    pub reply_padding: Duration,
    /// Distinct new e-mail addresses and phone numbers that get a code from /settings in
    /// any hour, per account and per chat.
    pub new_contacts_per_hour: u32,
}

impl Default for Codes {
    fn default() -> Self {
        Codes {
            ttl: Duration::from_secs(600),
            max_attempts: 5,
            resend_cooldown: Duration::from_secs(60),
            max_per_hour: 5,
            failures_before_lock: 10,
            lock: Duration::from_hours(24),
            reply_padding: Duration::from_millis(500),
            new_contacts_per_hour: 3,
        }
    }
}

impl Codes {
    pub(super) fn validate(&self, p: &mut Problems) {
        p.need(
            !self.ttl.is_zero() && self.max_attempts > 0 && self.max_per_hour > 0,
            || "codes.ttl_secs, codes.max_attempts and codes.max_per_hour must be above 0".into(),
        );
        p.need(self.failures_before_lock > 0, || {
            "codes.failures_before_lock must be above 0".into()
        });
        p.need(self.new_contacts_per_hour > 0, || {
            "codes.new_contacts_per_hour must be above 0".into()
        });
    }
}

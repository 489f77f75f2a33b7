//! `[codes]`: one-time codes, their limits and the lock after too many wrong ones.

use super::Problems;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Codes {
    pub ttl_secs: u64,
    pub max_attempts: u32,
    pub resend_cooldown_secs: u64,
    pub max_per_hour: u32,
    pub failures_before_lock: u32,
    pub lock_hours: u64,
    /// Every "code sent" reply takes at least this long, known account or not.
    pub reply_padding_ms: u64,
    /// Distinct new e-mail addresses and phone numbers that get a code from /settings in
    /// any hour, per account and per chat.
    pub new_contacts_per_hour: u32,
}

impl Default for Codes {
    fn default() -> Self {
        Codes {
            ttl_secs: 600,
            max_attempts: 5,
            resend_cooldown_secs: 60,
            max_per_hour: 5,
            failures_before_lock: 10,
            lock_hours: 24,
            reply_padding_ms: 500,
            new_contacts_per_hour: 3,
        }
    }
}

impl Codes {
    pub(super) fn validate(&self, p: &mut Problems) {
        p.need(
            self.ttl_secs > 0 && self.max_attempts > 0 && self.max_per_hour > 0,
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

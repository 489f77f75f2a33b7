//! One-time code records, one per identifier. Only a keyed hash of the code is stored.
//!
//! ```text
//!   issue ──► Active ──correct──► Used
//!               │  └─wrong (tries left)─► Active
//!               ├─wrong (last try)──────► Void
//!               ├─ttl passes────────────► (Expired when checked)
//!               └─issue again───────────► replaced (the old code is void)
//! ```

use super::{update_json, Store, StoreError};
use crate::clock::{millis, secs, Millis};
use crate::config::Codes;
use crate::crypto::ct_eq;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodeStatus {
    Active,
    Used,
    Void,
}

#[derive(Clone, Serialize, Deserialize)]
pub struct CodeRecord {
    /// HMAC-SHA256 of the code, hex.
    pub digest: String,
    pub issued_at: Millis,
    pub expires_at: Millis,
    pub attempts_left: u32,
    pub status: CodeStatus,
    /// When codes were sent in the last hour, for the hourly limit.
    pub sends: Vec<Millis>,
}

impl std::fmt::Debug for CodeRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CodeRecord")
            .field("status", &self.status)
            .field("attempts_left", &self.attempts_left)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueOutcome {
    Issued,
    /// A code was sent less than the cooldown ago.
    Cooldown {
        retry_in_secs: u64,
    },
    /// The hourly allowance is spent.
    HourlyLimit {
        retry_in_secs: u64,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckOutcome {
    Correct,
    Wrong {
        attempts_left: u32,
    },
    /// Wrong, and that was the last try: the code is void now.
    WrongNowVoid,
    Expired,
    /// No live code: used already, or voided.
    Void,
}

fn retry_in(until: Millis, now: Millis) -> u64 {
    ((until - now).max(0) as u64).div_ceil(1000).max(1)
}

impl CodeRecord {
    /// Until when a rule still reads this record: the code's validity and the hourly
    /// window of its last send (the cooldown lies within it). After that no record at all
    /// behaves the same, so maintenance may remove it ([`super::prune`]).
    pub fn needed_until(&self) -> Millis {
        let last_send = self.sends.iter().copied().max().unwrap_or(self.issued_at);
        self.expires_at.max(last_send.saturating_add(secs(3600)))
    }

    fn recent_sends(&self, now: Millis) -> Vec<Millis> {
        self.sends
            .iter()
            .copied()
            .filter(|t| now - t < secs(3600))
            .collect()
    }
}

/// Decides whether a new code may be issued, and if so builds its record.
pub fn issue(
    current: Option<&CodeRecord>,
    digest: String,
    now: Millis,
    rules: &Codes,
) -> (Option<CodeRecord>, IssueOutcome) {
    let sends = current.map(|c| c.recent_sends(now)).unwrap_or_default();
    if let Some(last) = sends.iter().max() {
        let ready_at = last + millis(rules.resend_cooldown);
        if now < ready_at {
            return (
                None,
                IssueOutcome::Cooldown {
                    retry_in_secs: retry_in(ready_at, now),
                },
            );
        }
    }
    if sends.len() as u32 >= rules.max_per_hour {
        let oldest = sends.iter().min().copied().unwrap_or(now);
        return (
            None,
            IssueOutcome::HourlyLimit {
                retry_in_secs: retry_in(oldest + secs(3600), now),
            },
        );
    }
    let mut sends = sends;
    sends.push(now);
    let record = CodeRecord {
        digest,
        issued_at: now,
        expires_at: now + millis(rules.ttl),
        attempts_left: rules.max_attempts,
        status: CodeStatus::Active,
        sends,
    };
    (Some(record), IssueOutcome::Issued)
}

/// Checks a digest against the record and returns the record as it must be stored after.
pub fn check(
    current: Option<CodeRecord>,
    digest: &[u8],
    now: Millis,
) -> (Option<CodeRecord>, CheckOutcome) {
    // A code is only ever asked for after one was issued; without a record it was
    // issued so long ago that maintenance removed the record: it has expired.
    let Some(mut record) = current else {
        return (None, CheckOutcome::Expired);
    };
    if record.status != CodeStatus::Active {
        return (Some(record), CheckOutcome::Void);
    }
    if now >= record.expires_at {
        return (Some(record), CheckOutcome::Expired);
    }
    let stored = hex_decode(&record.digest);
    if ct_eq(&stored, digest) {
        record.status = CodeStatus::Used;
        return (Some(record), CheckOutcome::Correct);
    }
    record.attempts_left = record.attempts_left.saturating_sub(1);
    if record.attempts_left == 0 {
        record.status = CodeStatus::Void;
        (Some(record), CheckOutcome::WrongNowVoid)
    } else {
        let left = record.attempts_left;
        (
            Some(record),
            CheckOutcome::Wrong {
                attempts_left: left,
            },
        )
    }
}

fn hex_decode(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .filter_map(|i| u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok())
        .collect()
}

impl Store {
    pub fn issue_code(
        &self,
        key: &str,
        digest: String,
        now: Millis,
        rules: &Codes,
    ) -> Result<IssueOutcome, StoreError> {
        update_json(
            &self.codes,
            key.as_bytes(),
            |current: Option<CodeRecord>| {
                let (next, outcome) = issue(current.as_ref(), digest.clone(), now, rules);
                (next.or(current), outcome)
            },
        )
    }

    pub fn check_code(
        &self,
        key: &str,
        digest: &[u8],
        now: Millis,
    ) -> Result<CheckOutcome, StoreError> {
        update_json(&self.codes, key.as_bytes(), |current| {
            check(current, digest, now)
        })
    }

    pub fn code_record(&self, key: &str) -> Result<Option<CodeRecord>, StoreError> {
        super::get_json(&self.codes, key.as_bytes())
    }
}

#[cfg(test)]
mod tests;

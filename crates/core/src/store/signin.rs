//! Limits on /settings sign-in: wrong passwords make the next try wait longer, then lock.
//!
//! ```text
//!   Open ──wrong password k (k ≤ delays)──► Waiting delays[k-1] ──time passes──► Open
//!     └───wrong password (one more)───────► Locked for lock_hours
//!   a try while Waiting or Locked is refused without checking the password
//! ```
//! Kept per subject: `account:<id>` (or `identifier:<key>` when no account uses the
//! identifier, so that unknown identifiers behave alike) and `chat:<id>`. Failures older
//! than the lock period are forgotten; a correct password clears the account's record.

use super::{get_json, update_json, Store, StoreError};
use crate::clock::{millis, Millis};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SignInRecord {
    pub failures: Vec<Millis>,
    pub next_try_at: Option<Millis>,
    pub locked_until: Option<Millis>,
}

/// The rules, from `[security]`.
#[derive(Clone, Debug)]
pub struct SignInRules {
    pub delays: Vec<std::time::Duration>,
    pub lock: std::time::Duration,
}

impl SignInRules {
    pub fn of(security: &crate::config::Security) -> SignInRules {
        SignInRules {
            delays: security.signin_delays.clone(),
            lock: security.signin_lock,
        }
    }
}

/// Whether a subject may try a password now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    Open,
    Wait { until: Millis },
    Locked { until: Millis },
}

impl SignInRecord {
    pub fn gate(&self, now: Millis) -> Gate {
        if let Some(until) = self.locked_until.filter(|u| now < *u) {
            return Gate::Locked { until };
        }
        match self.next_try_at.filter(|t| now < *t) {
            Some(until) => Gate::Wait { until },
            None => Gate::Open,
        }
    }

    /// Until when a rule still reads this record: its failures' window, its wait and its
    /// lock. After that no record at all behaves the same ([`super::prune`]).
    pub fn needed_until(&self, rules: &SignInRules) -> Millis {
        let window = millis(rules.lock);
        let failures = self.failures.iter().max().map(|t| t.saturating_add(window));
        failures
            .max(self.next_try_at)
            .max(self.locked_until)
            .unwrap_or(Millis::MIN)
    }

    /// Counts a wrong password and sets the wait (or the lock) that follows it.
    pub fn fail(mut self, now: Millis, rules: &SignInRules) -> SignInRecord {
        let window = millis(rules.lock);
        self.failures.retain(|t| now - t < window);
        self.failures.push(now);
        let count = self.failures.len();
        match rules.delays.get(count - 1) {
            Some(delay) => self.next_try_at = Some(now + millis(*delay)),
            None => {
                self.locked_until = Some(now + window);
                self.next_try_at = None;
                self.failures.clear();
            }
        }
        self
    }
}

impl Store {
    pub fn signin_record(&self, subject: &str) -> Result<SignInRecord, StoreError> {
        Ok(get_json(&self.signin, subject.as_bytes())?.unwrap_or_default())
    }

    /// Counts a failure for the subject; returns its gate afterwards.
    pub fn signin_failed(
        &self,
        subject: &str,
        now: Millis,
        rules: &SignInRules,
    ) -> Result<Gate, StoreError> {
        update_json(&self.signin, subject.as_bytes(), |current| {
            let next = SignInRecord::fail(current.unwrap_or_default(), now, rules);
            let gate = next.gate(now);
            (Some(next), gate)
        })
    }

    /// Forgets the subject's failures and lifts its lock; true when a lock was in force.
    pub fn signin_clear(&self, subject: &str, now: Millis) -> Result<bool, StoreError> {
        let was_locked = matches!(self.signin_record(subject)?.gate(now), Gate::Locked { .. });
        self.signin.remove(subject.as_bytes())?;
        Ok(was_locked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::secs;

    fn rules() -> SignInRules {
        SignInRules {
            delays: [1, 3, 5, 10].map(std::time::Duration::from_secs).to_vec(),
            lock: std::time::Duration::from_hours(24),
        }
    }

    #[test]
    fn waits_grow_then_sign_in_locks_for_the_day() {
        let mut record = SignInRecord::default();
        let mut now = secs(1000);
        for delay in [1, 3, 5, 10] {
            record = record.fail(now, &rules());
            assert_eq!(
                record.gate(now),
                Gate::Wait {
                    until: now + secs(delay)
                }
            );
            assert_eq!(record.gate(now + secs(delay)), Gate::Open);
            now += secs(delay);
        }
        record = record.fail(now, &rules());
        let until = now + secs(86_400);
        assert_eq!(record.gate(now), Gate::Locked { until });
        assert_eq!(record.gate(until - 1), Gate::Locked { until });
        assert_eq!(record.gate(until), Gate::Open);
    }

    #[test]
    fn a_record_is_needed_for_its_window_wait_and_lock() {
        let once = SignInRecord::default().fail(secs(100), &rules());
        assert_eq!(once.needed_until(&rules()), secs(100 + 86_400));
        let mut locked = SignInRecord::default();
        for i in 0..5 {
            locked = locked.fail(secs(i), &rules());
        }
        assert_eq!(locked.needed_until(&rules()), secs(4 + 86_400));
    }

    #[test]
    fn old_failures_are_forgotten() {
        let mut record = SignInRecord::default();
        for i in 0..4 {
            record = record.fail(secs(i * 20), &rules());
        }
        let later = secs(86_400 + 100);
        record = record.fail(later, &rules());
        assert_eq!(
            record.gate(later),
            Gate::Wait {
                until: later + secs(1)
            }
        );
    }
}

//! Recovery lockout after too many failed code entries.
//!
//! ```text
//!   Open ──failure (fewer than N in the window)──► Open
//!     └────failure (the Nth in the window)───────► Locked until now + lock_hours
//!   Locked ──time passes / operator or agent unlock──► Open (failures forgotten)
//! ```
//! The subject is the account id, or the identifier key when no account uses it, so
//! that an unknown identifier behaves exactly like a known one.

use super::{get_json, update_json, Store, StoreError};
use crate::clock::{millis, Millis};
use crate::config::Codes;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FailureRecord {
    pub failures: Vec<Millis>,
    pub locked_until: Option<Millis>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureOutcome {
    Counted,
    /// This failure locked recovery.
    LockedNow,
}

pub fn record_failure(
    current: Option<FailureRecord>,
    now: Millis,
    rules: &Codes,
) -> (FailureRecord, FailureOutcome) {
    let window = millis(rules.lock);
    let mut record = current.unwrap_or_default();
    record.failures.retain(|t| now - t < window);
    record.failures.push(now);
    if record.failures.len() as u32 >= rules.failures_before_lock && !is_locked(&record, now) {
        record.locked_until = Some(now + window);
        record.failures.clear();
        return (record, FailureOutcome::LockedNow);
    }
    (record, FailureOutcome::Counted)
}

impl FailureRecord {
    /// Until when a rule still reads this record: its failures' window and its lock.
    /// After that no record at all behaves the same ([`super::prune`]).
    pub fn needed_until(&self, rules: &Codes) -> Millis {
        let window = millis(rules.lock);
        let failures = self.failures.iter().max().map(|t| t.saturating_add(window));
        failures.max(self.locked_until).unwrap_or(Millis::MIN)
    }
}

fn is_locked(record: &FailureRecord, now: Millis) -> bool {
    record.locked_until.is_some_and(|until| now < until)
}

impl Store {
    pub fn record_failure(
        &self,
        subject: &str,
        now: Millis,
        rules: &Codes,
    ) -> Result<FailureOutcome, StoreError> {
        update_json(&self.failures, subject.as_bytes(), |current| {
            let (next, outcome) = record_failure(current, now, rules);
            (Some(next), outcome)
        })
    }

    /// When recovery for the subject is locked, until when.
    pub fn locked_until(&self, subject: &str, now: Millis) -> Result<Option<Millis>, StoreError> {
        let record: Option<FailureRecord> = get_json(&self.failures, subject.as_bytes())?;
        Ok(record.and_then(|r| r.locked_until.filter(|until| now < *until)))
    }

    /// Forgets failures and lifts the lock. Returns whether a lock was in force.
    pub fn clear_failures(&self, subject: &str, now: Millis) -> Result<bool, StoreError> {
        let was_locked = self.locked_until(subject, now)?.is_some();
        self.failures.remove(subject.as_bytes())?;
        Ok(was_locked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::secs;

    #[test]
    fn ten_failures_in_a_day_lock_for_a_day() {
        let rules = Codes::default();
        let mut record = None;
        for i in 0..9 {
            let (next, outcome) = record_failure(record, secs(i * 60), &rules);
            assert_eq!(outcome, FailureOutcome::Counted);
            record = Some(next);
        }
        let (next, outcome) = record_failure(record, secs(600), &rules);
        assert_eq!(outcome, FailureOutcome::LockedNow);
        assert!(is_locked(&next, secs(600 + 86_399)));
        assert!(!is_locked(&next, secs(600 + 86_400)));
    }

    #[test]
    fn a_record_is_needed_for_its_window_and_its_lock() {
        let rules = Codes::default();
        let (counted, _) = record_failure(None, secs(10), &rules);
        assert_eq!(counted.needed_until(&rules), secs(10 + 86_400));
        let mut record = None;
        for i in 0..10 {
            record = Some(record_failure(record, secs(i), &rules).0);
        }
        let locked = record.expect("record");
        assert_eq!(locked.needed_until(&rules), secs(9 + 86_400));
        assert_eq!(FailureRecord::default().needed_until(&rules), Millis::MIN);
    }

    #[test]
    fn failures_older_than_the_window_are_forgotten() {
        let rules = Codes::default();
        let mut record = None;
        for i in 0..9 {
            record = Some(record_failure(record, secs(i), &rules).0);
        }
        let (_, outcome) = record_failure(record, secs(86_400 + 5), &rules);
        assert_eq!(outcome, FailureOutcome::Counted);
    }
}

//! Removing what no rule needs any more, a bounded batch at a time (the maintenance task,
//! [`crate::maintenance`], calls these every few minutes):
//!
//! - change requests decided or expired more than `[store] retention_days` ago, read from
//!   their index ([`super::change_index`]);
//! - code records, recovery failure records and sign-in records whose every rule is over
//!   (`needed_until` on each record: a code's validity and hourly window, the failure
//!   window, a wait or a lock). These are keyed by identifier and written on every code
//!   request, so they carry no index: a sweep walks each tree in key order, a batch per
//!   call, from where the last call stopped. A record is removed only if it is still the
//!   one that was read (compare-and-swap), so a request that came meanwhile wins.
//!
//! Nothing else is pruned; the audit log is append-only.

use super::tree::Tree;
use super::{Store, StoreError};
use crate::clock::Millis;
use crate::config::Codes;
use serde::de::DeserializeOwned;
use std::ops::Bound;

use super::codes::CodeRecord;
use super::limits::FailureRecord;
use super::signin::{SignInRecord, SignInRules};

/// Where each sweep goes on from; a new one starts at the beginning of every tree.
#[derive(Debug, Default)]
pub struct Sweeps {
    codes: Option<Vec<u8>>,
    failures: Option<Vec<u8>>,
    signin: Option<Vec<u8>>,
}

/// What one batch of a sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    pub removed: usize,
    /// The sweep reached the end of the tree (the next batch starts again at its start).
    pub finished: bool,
}

/// Reads at most `batch` records after `cursor` and removes those `done` says are done
/// with.
fn sweep<T: DeserializeOwned>(
    tree: &Tree,
    cursor: &mut Option<Vec<u8>>,
    batch: usize,
    done: impl Fn(&T) -> bool,
) -> Result<Swept, StoreError> {
    let start = match cursor.take() {
        Some(key) => Bound::Excluded(key),
        None => Bound::Unbounded,
    };
    let mut swept = Swept::default();
    let mut read = 0;
    for item in tree
        .range::<Vec<u8>, _>((start, Bound::Unbounded))
        .take(batch)
    {
        let (key, value) = item?;
        read += 1;
        // A record that does not parse is left for the code that reads it to report.
        if serde_json::from_slice::<T>(&value).is_ok_and(|record| done(&record))
            && tree
                .compare_and_swap(&key, Some(&value), None::<&[u8]>)?
                .is_ok()
        {
            swept.removed += 1;
        }
        *cursor = Some(key.to_vec());
    }
    if read < batch {
        *cursor = None;
        swept.finished = true;
    }
    Ok(swept)
}

impl Store {
    /// Code records no rule needs at `now`.
    pub fn sweep_codes(
        &self,
        sweeps: &mut Sweeps,
        now: Millis,
        batch: usize,
    ) -> Result<Swept, StoreError> {
        sweep(&self.codes, &mut sweeps.codes, batch, |r: &CodeRecord| {
            r.needed_until() <= now
        })
    }

    /// Recovery failure records whose window and lock are over at `now`.
    pub fn sweep_failures(
        &self,
        sweeps: &mut Sweeps,
        now: Millis,
        batch: usize,
        rules: &Codes,
    ) -> Result<Swept, StoreError> {
        sweep(
            &self.failures,
            &mut sweeps.failures,
            batch,
            |r: &FailureRecord| r.needed_until(rules) <= now,
        )
    }

    /// Sign-in records whose window, wait and lock are over at `now`.
    pub fn sweep_signin(
        &self,
        sweeps: &mut Sweeps,
        now: Millis,
        batch: usize,
        rules: &SignInRules,
    ) -> Result<Swept, StoreError> {
        sweep(
            &self.signin,
            &mut sweeps.signin,
            batch,
            |r: &SignInRecord| r.needed_until(rules) <= now,
        )
    }

    /// How many code, failure and sign-in records are stored.
    pub fn limit_record_counts(&self) -> (usize, usize, usize) {
        (self.codes.len(), self.failures.len(), self.signin.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::secs;
    use crate::store::tests::temp_store;

    #[test]
    fn a_sweep_removes_only_records_no_rule_needs_a_batch_at_a_time() {
        let (_dir, store) = temp_store();
        let rules = Codes::default();
        let t = 10_000_000;
        for i in 0..5 {
            let key = format!("unknown{i}@example.com");
            store
                .issue_code(&key, "ab".repeat(32), t, &rules)
                .expect("issue");
        }
        let later = t + secs(3600);
        store
            .issue_code("alice@example.com", "cd".repeat(32), later, &rules)
            .expect("issue");
        let mut sweeps = Sweeps::default();
        let first = store.sweep_codes(&mut sweeps, later, 4).expect("sweep");
        assert_eq!(
            first,
            Swept {
                removed: 3,
                finished: false
            }
        );
        let second = store.sweep_codes(&mut sweeps, later, 4).expect("sweep");
        assert_eq!(
            second,
            Swept {
                removed: 2,
                finished: true
            }
        );
        assert!(store
            .code_record("alice@example.com")
            .expect("read")
            .is_some());
        assert_eq!(store.limit_record_counts().0, 1);
        // The active code is removed only once its hour is over.
        let swept = store
            .sweep_codes(&mut sweeps, later + secs(3599), 10)
            .expect("sweep");
        assert_eq!(swept.removed, 0);
        let swept = store
            .sweep_codes(&mut sweeps, later + secs(3600), 10)
            .expect("sweep");
        assert_eq!(swept.removed, 1);
    }

    #[test]
    fn failure_records_stay_while_their_window_or_lock_lasts() {
        let (_dir, store) = temp_store();
        let rules = Codes::default();
        let t = 10_000_000;
        store.record_failure("counted", t, &rules).expect("fail");
        for i in 0..10 {
            store.record_failure("locked", t + i, &rules).expect("fail");
        }
        let mut sweeps = Sweeps::default();
        let day = secs(86_400);
        assert_eq!(
            store
                .sweep_failures(&mut sweeps, t + day - 1, 10, &rules)
                .expect("s")
                .removed,
            0
        );
        assert_eq!(
            store
                .sweep_failures(&mut sweeps, t + day, 10, &rules)
                .expect("s")
                .removed,
            1
        );
        assert!(store
            .locked_until("locked", t + day)
            .expect("read")
            .is_some());
        assert_eq!(
            store
                .sweep_failures(&mut sweeps, t + day + 9, 10, &rules)
                .expect("s")
                .removed,
            1
        );
        assert_eq!(store.limit_record_counts().1, 0);
    }

    #[test]
    fn sign_in_records_stay_while_their_window_lasts() {
        let (_dir, store) = temp_store();
        let rules = SignInRules {
            delays: [1, 3].map(std::time::Duration::from_secs).to_vec(),
            lock: std::time::Duration::from_hours(24),
        };
        let t = 10_000_000;
        store.signin_failed("account:x", t, &rules).expect("fail");
        let mut sweeps = Sweeps::default();
        let day = secs(86_400);
        assert_eq!(
            store
                .sweep_signin(&mut sweeps, t + day - 1, 10, &rules)
                .expect("s")
                .removed,
            0
        );
        assert_eq!(
            store
                .sweep_signin(&mut sweeps, t + day, 10, &rules)
                .expect("s")
                .removed,
            1
        );
    }
}

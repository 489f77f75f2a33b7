//! The indexes of change requests, kept in the same transaction as the request itself, so
//! that nothing has to read every request ever stored:
//!
//! | tree               | key                        | value      | holds                     |
//! |--------------------|----------------------------|------------|---------------------------|
//! | changes_due        | expires_at, id             | empty      | pending requests          |
//! | changes_unpushed   | created_at, id             | empty      | pending, not yet pushed   |
//! | changes_by_account | account, id                | expires_at | pending requests          |
//! | changes_retired    | decided or expired at, id  | empty      | decided and expired ones  |
//!
//! The entries are a function of the request ([`entries`]): a write removes the old
//! request's entries and adds the new one's. The push loop reads the requests that are due
//! and the ones not yet pushed; /pending and the cap read one account's pending requests;
//! maintenance removes retired requests after `[store] retention_days`.

use super::changes::{ChangeRequest, ChangeStatus};
use super::{flatten, keys, Store, StoreError};
use crate::clock::Millis;
use sled::transaction::ConflictableTransactionError;
use sled::Transactional;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Index {
    Due,
    Unpushed,
    ByAccount,
    Retired,
}

/// The index entries of a stored request: (index, key, value).
fn entries(change: &ChangeRequest) -> Vec<(Index, Vec<u8>, Vec<u8>)> {
    let id = change.id.as_bytes();
    if change.status != ChangeStatus::Pending {
        let retired_at = change.decided_at.unwrap_or(change.expires_at);
        return vec![(
            Index::Retired,
            keys::join(&keys::time(retired_at), id),
            vec![],
        )];
    }
    let mut out = vec![
        (
            Index::Due,
            keys::join(&keys::time(change.expires_at), id),
            vec![],
        ),
        (
            Index::ByAccount,
            keys::join(&keys::account(&change.account_id), id),
            keys::time(change.expires_at).to_vec(),
        ),
    ];
    if !change.pushed {
        out.push((
            Index::Unpushed,
            keys::join(&keys::time(change.created_at), id),
            vec![],
        ));
    }
    out
}

/// The request id at the end of an index key whose first `skip` bytes are something else.
fn id_after(key: &[u8], skip: usize) -> String {
    String::from_utf8_lossy(key.get(skip..).unwrap_or_default()).into_owned()
}

/// Pending requests of one account that have not expired, and when the first expires.
pub struct PendingCount {
    pub count: usize,
    pub next_expiry: Option<Millis>,
}

impl Store {
    /// Replaces the request stored under `id` with what `f` makes of it (None deletes),
    /// and its index entries with the new request's, in one transaction. Another write
    /// between the read and the transaction makes it start again, so `f` must be pure.
    pub(super) fn update_change<R>(
        &self,
        id: &str,
        mut f: impl FnMut(Option<ChangeRequest>) -> (Option<ChangeRequest>, R),
    ) -> Result<R, StoreError> {
        loop {
            let current = self.changes.get(id)?;
            let parsed: Option<ChangeRequest> = match &current {
                Some(bytes) => Some(serde_json::from_slice(bytes)?),
                None => None,
            };
            let old_entries = parsed.as_ref().map(entries).unwrap_or_default();
            let (next, result) = f(parsed);
            let new_entries = next.as_ref().map(entries).unwrap_or_default();
            let next_bytes = match &next {
                Some(change) => Some(serde_json::to_vec(change)?),
                None => None,
            };
            let trees = (
                self.changes.for_transaction(),
                self.changes_due.for_transaction(),
                self.changes_unpushed.for_transaction(),
                self.changes_by_account.for_transaction(),
                self.changes_retired.for_transaction(),
            );
            let written = self.writes.count(|| {
                trees.transaction(|(changes, due, unpushed, by_account, retired)| {
                    if changes.get(id)? != current {
                        return Ok::<_, ConflictableTransactionError<StoreError>>(false);
                    }
                    let tree = |index: Index| match index {
                        Index::Due => due,
                        Index::Unpushed => unpushed,
                        Index::ByAccount => by_account,
                        Index::Retired => retired,
                    };
                    for (index, key, _) in &old_entries {
                        tree(*index).remove(key.as_slice())?;
                    }
                    for (index, key, value) in &new_entries {
                        tree(*index).insert(key.as_slice(), value.as_slice())?;
                    }
                    match &next_bytes {
                        Some(bytes) => changes.insert(id.as_bytes(), bytes.as_slice())?,
                        None => changes.remove(id.as_bytes())?,
                    };
                    Ok(true)
                })
            });
            if flatten(written)? {
                return Ok(result);
            }
        }
    }

    /// Ids of pending requests whose time is up at `now`, the earliest first.
    pub fn due_changes(&self, now: Millis) -> Result<Vec<String>, StoreError> {
        self.changes_due
            .range(..keys::time(now.saturating_add(1)))
            .keys()
            .map(|key| Ok(id_after(&key?, 8)))
            .collect()
    }

    /// Ids of pending requests not yet pushed to the linked chats, the oldest first.
    pub fn unpushed_changes(&self) -> Result<Vec<String>, StoreError> {
        self.changes_unpushed
            .iter()
            .keys()
            .map(|key| Ok(id_after(&key?, 8)))
            .collect()
    }

    /// The account's pending requests that have not expired at `now`, oldest expiry first.
    pub fn pending_changes(
        &self,
        account: &str,
        now: Millis,
    ) -> Result<Vec<ChangeRequest>, StoreError> {
        let prefix = keys::account(account);
        let mut waiting = Vec::new();
        for item in self.changes_by_account.scan_prefix(&prefix) {
            let (key, expires) = item?;
            if keys::read_time(&expires).is_some_and(|at| now < at) {
                if let Some(change) = self.change(&id_after(&key, prefix.len()))? {
                    if change.status == ChangeStatus::Pending && now < change.expires_at {
                        waiting.push(change);
                    }
                }
            }
        }
        waiting.sort_by_key(|c| c.expires_at);
        Ok(waiting)
    }

    /// How many requests of the account wait for a decision at `now` (read from the index
    /// alone).
    pub fn pending_count(&self, account: &str, now: Millis) -> Result<PendingCount, StoreError> {
        let mut count = PendingCount {
            count: 0,
            next_expiry: None,
        };
        for expires in self
            .changes_by_account
            .scan_prefix(keys::account(account))
            .values()
        {
            let Some(at) = keys::read_time(&expires?).filter(|at| now < *at) else {
                continue;
            };
            count.count += 1;
            count.next_expiry = Some(count.next_expiry.map_or(at, |n| n.min(at)));
        }
        Ok(count)
    }

    /// Deletes at most `limit` requests decided or expired before `before`, the oldest
    /// first; returns how many.
    pub fn prune_changes(&self, before: Millis, limit: usize) -> Result<usize, StoreError> {
        let keys: Vec<_> = self
            .changes_retired
            .range(..keys::time(before))
            .keys()
            .take(limit)
            .collect::<Result<_, _>>()?;
        for key in &keys {
            let id = id_after(key, 8);
            let removed = self.update_change(&id, |current| (None, current.is_some()))?;
            if !removed {
                // An entry without its request: nothing else will remove it.
                self.changes_retired.remove(key)?;
            }
        }
        Ok(keys.len())
    }

    /// Rebuilds the indexes from the stored requests (a store written before they
    /// existed); returns how many requests were indexed.
    pub(super) fn build_change_indexes(&self) -> Result<usize, StoreError> {
        let trees = [
            &self.changes_due,
            &self.changes_unpushed,
            &self.changes_by_account,
            &self.changes_retired,
        ];
        for tree in trees {
            tree.clear()?;
        }
        let mut batches: [sled::Batch; 4] = Default::default();
        let mut count = 0;
        for value in self.changes.iter().values() {
            let change: ChangeRequest = serde_json::from_slice(&value?)?;
            for (index, key, value) in entries(&change) {
                batches[index as usize].insert(key, value);
            }
            count += 1;
        }
        for (tree, batch) in trees.into_iter().zip(batches) {
            tree.apply_batch(batch)?;
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests;

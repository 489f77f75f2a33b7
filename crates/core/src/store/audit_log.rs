//! The audit log in the store, append-only: records are added, never changed or removed
//! (maintenance prunes other trees, never this one).
//!
//! | tree             | key                | value                         |
//! |------------------|--------------------|-------------------------------|
//! | audit            | sequence (8 bytes) | [`AuditRecord`]               |
//! | audit_by_account | account, sequence  | empty                         |
//!
//! A record and its index entry are written in one transaction. An account's last events
//! are a reverse range over its entries; "events since T" read from the newest record
//! backwards until they are older than T, so neither reads the whole log.

use super::{flatten, keys, Store, StoreError};
use crate::audit::AuditRecord;
use crate::clock::Millis;
use sled::transaction::ConflictableTransactionError;
use sled::Transactional;

/// Records follow the order they were written in; their times follow the clock, which
/// may step back a little (NTP). Reading backwards goes on this far past the first record
/// older than asked for.
const CLOCK_SLACK: Millis = 5 * 60 * 1000;

/// Index entries written per batch when the index is rebuilt.
const REBUILD_BATCH: usize = 10_000;

impl Store {
    pub fn audit(&self, record: AuditRecord) -> Result<(), StoreError> {
        let sequence = self.next_id()?.to_be_bytes();
        let bytes = serde_json::to_vec(&record)?;
        let entry = record
            .account
            .as_deref()
            .map(|account| keys::join(&keys::account(account), &sequence));
        let trees = (
            self.audit.for_transaction(),
            self.audit_by_account.for_transaction(),
        );
        let written = self.writes.count(|| {
            trees.transaction(|(audit, by_account)| {
                audit.insert(&sequence, bytes.as_slice())?;
                if let Some(entry) = &entry {
                    by_account.insert(entry.as_slice(), &[][..])?;
                }
                Ok::<_, ConflictableTransactionError<StoreError>>(())
            })
        });
        flatten(written)
    }

    /// The audit log, oldest first, optionally only one account's events.
    pub fn audit_log(&self, account: Option<&str>) -> Result<Vec<AuditRecord>, StoreError> {
        self.audit_since(account, None)
    }

    /// The account's last `count` events, oldest first.
    pub fn audit_recent(
        &self,
        account: &str,
        count: usize,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let prefix = keys::account(account);
        let mut out = Vec::new();
        let newest = self.audit_by_account.scan_prefix(&prefix).keys().rev();
        for key in newest.take(count) {
            if let Some(record) = self.audit_record(&key?[prefix.len()..])? {
                out.push(record);
            }
        }
        out.reverse();
        Ok(out)
    }

    /// The audit log, oldest first, optionally only one account's events and only events
    /// at or after `since`.
    pub fn audit_since(
        &self,
        account: Option<&str>,
        since: Option<Millis>,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let mut out = Vec::new();
        let wanted = |record: &AuditRecord| since.is_none_or(|s| record.at >= s);
        let past = |record: &AuditRecord| since.is_some_and(|s| record.at < s - CLOCK_SLACK);
        match account {
            Some(account) => {
                let prefix = keys::account(account);
                for key in self.audit_by_account.scan_prefix(&prefix).keys().rev() {
                    let Some(record) = self.audit_record(&key?[prefix.len()..])? else {
                        continue;
                    };
                    if past(&record) {
                        break;
                    }
                    if wanted(&record) {
                        out.push(record);
                    }
                }
            }
            None => {
                for value in self.audit.iter().values().rev() {
                    let record: AuditRecord = serde_json::from_slice(&value?)?;
                    if past(&record) {
                        break;
                    }
                    if wanted(&record) {
                        out.push(record);
                    }
                }
            }
        }
        out.reverse();
        Ok(out)
    }

    fn audit_record(&self, sequence: &[u8]) -> Result<Option<AuditRecord>, StoreError> {
        super::get_json(&self.audit, sequence)
    }

    /// Rebuilds the index by account from the log (a store written before it existed);
    /// returns how many records were read.
    pub(super) fn build_audit_index(&self) -> Result<usize, StoreError> {
        self.audit_by_account.clear()?;
        let mut batch = sled::Batch::default();
        let (mut read, mut pending) = (0, 0);
        for item in self.audit.iter() {
            let (sequence, value) = item?;
            let record: AuditRecord = serde_json::from_slice(&value)?;
            read += 1;
            if let Some(account) = &record.account {
                batch.insert(keys::join(&keys::account(account), &sequence), &[][..]);
                pending += 1;
            }
            if pending == REBUILD_BATCH {
                self.audit_by_account
                    .apply_batch(std::mem::take(&mut batch))?;
                pending = 0;
            }
        }
        self.audit_by_account.apply_batch(batch)?;
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::temp_store;
    use crate::audit::{AuditEvent, AuditRecord};
    use crate::clock::secs;

    fn event(at: i64, account: Option<&str>, ticket: u64) -> AuditRecord {
        AuditRecord {
            at,
            actor: None,
            chat_id: None,
            account: account.map(str::to_owned),
            event: AuditEvent::TicketTaken { ticket },
        }
    }

    fn tickets(records: &[AuditRecord]) -> Vec<u64> {
        records
            .iter()
            .map(|r| match r.event {
                AuditEvent::TicketTaken { ticket } => ticket,
                _ => 0,
            })
            .collect()
    }

    #[test]
    fn an_accounts_last_events_come_from_its_index() {
        let (_dir, store) = temp_store();
        for i in 0..300u64 {
            let account = match i % 3 {
                0 => Some("alice"),
                1 => Some("alicex"),
                _ => None,
            };
            store.audit(event(i as i64, account, i)).expect("audit");
        }
        let before = store.records_read("audit");
        let recent = store.audit_recent("alice", 5).expect("recent");
        assert_eq!(tickets(&recent), [285, 288, 291, 294, 297]);
        // Five index entries and five records, out of 300.
        assert_eq!(store.records_read("audit") - before, 10);
        let all = store.audit_log(Some("alice")).expect("log");
        assert_eq!(all.len(), 100);
        assert_eq!(&all[95..], &recent[..]);
        assert!(store.audit_recent("nobody", 5).expect("recent").is_empty());
    }

    #[test]
    fn events_since_are_read_backwards_from_the_newest() {
        let (_dir, store) = temp_store();
        let day = secs(86_400);
        for i in 0..1000 {
            store.audit(event(i, Some("bruno"), 0)).expect("old");
        }
        for i in 1..=3 {
            store.audit(event(day + i, None, i as u64)).expect("new");
        }
        let before = store.records_read("audit");
        let since = store.audit_since(None, Some(day)).expect("since");
        assert_eq!(tickets(&since), [1, 2, 3]);
        // The three, and the first one older than the slack.
        assert_eq!(store.records_read("audit") - before, 4);
        let bruno = store.audit_since(Some("bruno"), Some(500)).expect("since");
        assert_eq!(bruno.len(), 500);
        assert_eq!(bruno.first().map(|r| r.at), Some(500));
    }
}

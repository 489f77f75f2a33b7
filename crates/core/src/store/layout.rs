//! Indexes that a store written by an earlier version lacks are built once, when the
//! store is opened. Each index has a marker in `store_meta`, written after the index is
//! complete: a store whose marker is missing (an old store, or a build cut short by a
//! crash) gets the index built afresh from the records it indexes.

use super::{Store, StoreError};

/// Builds one index from the records it indexes; returns how many it indexed.
type Build = fn(&Store) -> Result<usize, StoreError>;

/// The indexes, each with its marker and how it is built from the records.
const INDEXES: &[(&str, Build)] = &[
    ("index:changes:1", Store::build_change_indexes),
    ("index:audit_by_account:1", Store::build_audit_index),
];

pub(super) fn build_missing_indexes(store: &Store) -> Result<(), StoreError> {
    for (marker, build) in INDEXES {
        if store.store_meta.get(marker)?.is_some() {
            continue;
        }
        let records = build(store)?;
        store.store_meta.insert(marker, &b"built"[..])?;
        if records > 0 {
            tracing::info!(
                index = marker,
                records,
                "built a missing index of the store"
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::changes::tests::pending;
    use super::super::changes::ChangeStatus;
    use super::super::Store;
    use crate::audit::{AuditEvent, AuditRecord};
    use crate::clock::secs;

    /// Writes changes and audit records the way the store did before the indexes: one
    /// tree each, nothing else.
    fn write_old_store(path: &std::path::Path, t: i64) {
        let db = sled::open(path).expect("old store");
        let changes = db.open_tree("changes").expect("tree");
        let mut due = pending("aaaaaaaaaaaaaaaa", "alice", t, t + secs(60));
        due.pushed = true;
        let waiting = pending("bbbbbbbbbbbbbbbb", "alice", t, t + secs(900));
        let mut decided = pending("cccccccccccccccc", "alice", t, t + secs(900));
        decided.status = ChangeStatus::Approved;
        decided.decided_at = Some(t + 5);
        for change in [due, waiting, decided] {
            let bytes = serde_json::to_vec(&change).expect("json");
            changes.insert(change.id.as_bytes(), bytes).expect("write");
        }
        let audit = db.open_tree("audit").expect("tree");
        for i in 0..20u64 {
            let record = AuditRecord {
                at: t + i as i64,
                actor: None,
                chat_id: None,
                account: Some(if i % 2 == 0 { "alice" } else { "bruno" }.into()),
                event: AuditEvent::TicketTaken { ticket: i },
            };
            let id = db.generate_id().expect("id");
            let bytes = serde_json::to_vec(&record).expect("json");
            audit.insert(id.to_be_bytes(), bytes).expect("write");
        }
        db.flush().expect("flush");
    }

    #[test]
    fn a_store_written_before_the_indexes_gets_them_at_open() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("store");
        let t = 1_000_000;
        write_old_store(&path, t);
        let store = Store::open(&path, 1).expect("open");
        assert_eq!(
            store.due_changes(t + secs(60)).expect("due"),
            ["aaaaaaaaaaaaaaaa"]
        );
        assert_eq!(
            store.unpushed_changes().expect("unpushed"),
            ["bbbbbbbbbbbbbbbb"]
        );
        assert_eq!(store.pending_count("alice", t).expect("count").count, 2);
        assert_eq!(store.prune_changes(t + 6, 10).expect("prune"), 1);
        let recent = store.audit_recent("alice", 3).expect("recent");
        let tickets: Vec<_> = recent
            .iter()
            .map(|r| match r.event {
                AuditEvent::TicketTaken { ticket } => ticket,
                _ => 99,
            })
            .collect();
        assert_eq!(tickets, [14, 16, 18]);
        // New records are indexed as they are written, and the build is not repeated.
        store
            .audit(AuditRecord {
                at: t + 100,
                actor: None,
                chat_id: None,
                account: Some("alice".into()),
                event: AuditEvent::AccountViewed,
            })
            .expect("audit");
        drop(store);
        let store = reopen(&path);
        let recent = store.audit_recent("alice", 2).expect("recent");
        assert_eq!(recent.last().map(|r| r.at), Some(t + 100));
        assert_eq!(
            store.records_read("audit"),
            4,
            "no rebuild on the second open"
        );
    }

    fn reopen(path: &std::path::Path) -> Store {
        for _ in 0..100 {
            match Store::open(path, 1) {
                Ok(store) => return store,
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(20)),
            }
        }
        panic!("the store does not open again");
    }
}

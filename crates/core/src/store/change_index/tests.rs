use super::super::changes::{tests::pending, ChangeStatus};
use super::super::tests::temp_store;
use crate::clock::secs;

#[test]
fn due_and_unpushed_follow_each_request() {
    let (_dir, store) = temp_store();
    let t = 1_000_000;
    let soon = pending("aaaaaaaaaaaaaaaa", "alice", t, t + secs(60));
    let later = pending("bbbbbbbbbbbbbbbb", "alice", t, t + secs(900));
    store.insert_change(&soon).expect("insert");
    store.insert_change(&later).expect("insert");
    assert!(store.due_changes(t + secs(59)).expect("due").is_empty());
    assert_eq!(
        store.due_changes(t + secs(60)).expect("due"),
        std::slice::from_ref(&soon.id)
    );
    assert_eq!(store.unpushed_changes().expect("unpushed").len(), 2);

    store
        .record_change_messages(&soon.id, &[(1, 2)])
        .expect("pushed");
    assert_eq!(
        store.unpushed_changes().expect("unpushed"),
        std::slice::from_ref(&later.id)
    );
    assert!(store.expire_change(&soon.id, t + secs(60)).expect("expire"));
    assert!(store.due_changes(t + secs(899)).expect("due").is_empty());
    let decided = store
        .decide_change(&later.id, ChangeStatus::Denied, 7, t + secs(10))
        .expect("decide");
    assert_eq!(decided, super::super::changes::DecideOutcome::Decided);
    assert!(store.due_changes(t + secs(10_000)).expect("due").is_empty());
    assert!(store.unpushed_changes().expect("unpushed").is_empty());
    assert_eq!(store.pending_count("alice", t).expect("count").count, 0);
}

#[test]
fn an_accounts_pending_requests_are_read_from_its_index() {
    let (_dir, store) = temp_store();
    let t = 1_000_000;
    for (i, account) in ["alice", "alic", "alicee", "alice"].iter().enumerate() {
        let id = format!("{i:016}");
        store
            .insert_change(&pending(&id, account, t, t + secs(100 + i as u64)))
            .expect("insert");
    }
    let count = store.pending_count("alice", t).expect("count");
    assert_eq!((count.count, count.next_expiry), (2, Some(t + secs(100))));
    let ids: Vec<_> = store
        .pending_changes("alice", t)
        .expect("pending")
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, [format!("{:016}", 0), format!("{:016}", 3)]);
    // Expired ones no longer count, even before the push loop marks them.
    assert_eq!(
        store
            .pending_count("alice", t + secs(101))
            .expect("count")
            .count,
        1
    );
    assert_eq!(
        store
            .pending_changes("alice", t + secs(200))
            .expect("p")
            .len(),
        0
    );
}

#[test]
fn retired_requests_are_pruned_after_the_cutoff_a_batch_at_a_time() {
    let (_dir, store) = temp_store();
    let t = 1_000_000;
    for i in 0..5u64 {
        let change = pending(&format!("{i:016}"), "alice", t, t + secs(60));
        store.insert_change(&change).expect("insert");
        store
            .decide_change(&change.id, ChangeStatus::Approved, 1, t + secs(i))
            .expect("decide");
    }
    let kept = pending("ffffffffffffffff", "alice", t, t + secs(60));
    store.insert_change(&kept).expect("insert");
    assert_eq!(store.prune_changes(t + secs(3), 10).expect("prune"), 3);
    assert_eq!(store.change_count(), 3);
    assert_eq!(store.prune_changes(t + secs(3600), 1).expect("prune"), 1);
    assert_eq!(store.prune_changes(t + secs(3600), 10).expect("prune"), 1);
    assert_eq!(store.prune_changes(t + secs(3600), 10).expect("prune"), 0);
    assert_eq!(store.change_count(), 1, "a pending request is never pruned");
    assert!(store.change(&kept.id).expect("read").is_some());
    assert_eq!(store.changes_due.len() + store.changes_by_account.len(), 2);
    assert_eq!(store.changes_retired.len(), 0);
}

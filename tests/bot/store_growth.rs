//! Stored change requests do not make the bot slower: the push loop reads only what is
//! due.

use crate::harness::TestBot;
use recovery_bot::clock::Clock;
use recovery_bot::store::changes::{ChangeField, ChangeRequest, ChangeStatus};
use std::time::Duration;

fn request(id: &str, at: i64, status: ChangeStatus) -> ChangeRequest {
    ChangeRequest {
        id: id.into(),
        account_id: "alice".into(),
        field: ChangeField::Name,
        value: Some("Someone Else".into()),
        display: "Someone Else".into(),
        requested_by: "api".into(),
        reason: None,
        created_at: at,
        expires_at: at + 900_000,
        status,
        decided_at: (status != ChangeStatus::Pending).then_some(at + 1),
        decided_by_chat: None,
        messages: Vec::new(),
        pushed: status != ChangeStatus::Pending,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_push_loop_reads_only_the_requests_that_are_due() {
    let bot = TestBot::start().await;
    let now = bot.clock.now();
    for i in 0..300 {
        let change = request(&format!("{i:016}"), now - 1000, ChangeStatus::Denied);
        bot.services.store.insert_change(&change).expect("insert");
    }
    let mut waiting = request("w000000000000000", now, ChangeStatus::Pending);
    waiting.pushed = true;
    bot.services.store.insert_change(&waiting).expect("insert");
    let before = bot.services.store.records_read("changes");
    // At least three passes of the loop: woken once, then every 500 ms.
    bot.services.changes_waker.notify_one();
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let read = bot.services.store.records_read("changes") - before;
    assert_eq!(read, 0, "nothing is due, nothing is to be pushed");
    // Once its time is up, the waiting request is the one read.
    bot.clock.advance(Duration::from_secs(900));
    bot.services.changes_waker.notify_one();
    let expired = crate::harness::poll(|| {
        let change = bot.services.store.change(&waiting.id).ok()??;
        (change.status == ChangeStatus::Expired).then_some(())
    })
    .await;
    assert!(expired.is_some(), "the due request was not expired");
    let read = bot.services.store.records_read("changes") - before;
    assert!(read < 20, "{read} records read for one due request");
    bot.stop().await;
}

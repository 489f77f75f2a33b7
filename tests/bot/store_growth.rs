//! Stored change requests do not make the bot slower: the push loop reads only what is
//! due, and each account may have only `[approvals] max_pending_per_account` waiting.

use crate::harness::{private_chat, user, wait_for_reply, TestBot, API_TOKEN};
use crate::settings::{linked_phone, press, sign_in};
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

async fn post_change(bot: &TestBot) -> (u16, Option<String>, serde_json::Value) {
    let url = format!(
        "http://{}/api/v1/changes",
        bot.api_addr.expect("the API is on")
    );
    let body = serde_json::json!({"account": "alice@example.com", "field": "name", "value": "Alice Liddell"});
    let response = reqwest::Client::new()
        .post(url)
        .bearer_auth(API_TOKEN)
        .json(&body)
        .send()
        .await
        .expect("the API answers");
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (
        status,
        retry_after,
        response.json().await.unwrap_or_default(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_push_loop_reads_only_the_requests_that_are_due() {
    let bot = TestBot::start().await;
    let now = bot.clock.now();
    for i in 0..300 {
        let change = request(&format!("{i:016}"), now - 1000, ChangeStatus::Denied);
        bot.services.store().insert_change(&change).expect("insert");
    }
    let mut waiting = request("w000000000000000", now, ChangeStatus::Pending);
    waiting.pushed = true;
    bot.services
        .store()
        .insert_change(&waiting)
        .expect("insert");
    let before = bot.services.store().records_read("changes");
    // At least three passes of the loop: woken once, then every 500 ms.
    bot.services.changes_waker().notify_one();
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let read = bot.services.store().records_read("changes") - before;
    assert_eq!(read, 0, "nothing is due, nothing is to be pushed");
    // Once its time is up, the waiting request is the one read.
    bot.clock.advance(Duration::from_secs(900));
    bot.services.changes_waker().notify_one();
    let expired = crate::harness::poll(|| {
        let change = bot.services.store().change(&waiting.id).ok()??;
        (change.status == ChangeStatus::Expired).then_some(())
    })
    .await;
    assert!(expired.is_some(), "the due request was not expired");
    let read = bot.services.store().records_read("changes") - before;
    assert!(read < 20, "{read} records read for one due request");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_refuses_one_pending_change_more_than_the_cap() {
    let bot = TestBot::start_with(|c| c.approvals.max_pending_per_account = 2).await;
    for _ in 0..2 {
        let (status, _, body) = post_change(&bot).await;
        assert_eq!(status, 201, "{body}");
    }
    let (status, retry_after, body) = post_change(&bot).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["limit"], 2, "{body}");
    let wait: u64 = retry_after.expect("Retry-After").parse().expect("seconds");
    assert!((1..=900).contains(&wait), "{wait}");
    assert_eq!(bot.services.store().change_count(), 2);
    let log = bot
        .services
        .store()
        .audit_log(Some("alice"))
        .expect("audit");
    assert!(log.iter().any(|r| r.name() == "change_refused"));
    // Once one of them expires, one more may be asked for.
    bot.clock.advance(Duration::from_secs(901));
    let (status, _, body) = post_change(&bot).await;
    assert_eq!(status, 201, "{body}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_in_an_unlinked_chat_refuse_one_pending_change_more_than_the_cap() {
    let bot = TestBot::start_with(|c| c.approvals.max_pending_per_account = 1).await;
    linked_phone(&bot, 5401);
    let (status, _, body) = post_change(&bot).await;
    assert_eq!(status, 201, "{body}");

    let laptop_user = user(5402, "en");
    let laptop = private_chat(&laptop_user);
    let at = sign_in(&bot, &laptop_user, &laptop, 0).await;
    press(&bot, &laptop_user, &laptop, "set:name");
    let (_, at) = wait_for_reply(&bot.emu, laptop.id, at, "Type your new name").await;
    bot.emu.send_text(&laptop, &laptop_user, "Alice Liddell");
    let (text, _) = wait_for_reply(&bot.emu, laptop.id, at, "This chat is not linked").await;
    assert!(text.contains("1 change is waiting there already"), "{text}");
    assert!(text.contains("Nothing was changed"), "{text}");
    assert_eq!(bot.services.store().change_count(), 1);
    bot.stop().await;
}

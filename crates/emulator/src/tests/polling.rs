//! `getUpdates` long polling and event waiting, over raw HTTP.

use std::time::{Duration, Instant};

use serde_json::json;

use super::super::Emulator;
use super::{alice, alice_chat, ok};

#[tokio::test]
async fn long_polling_waits_answers_promptly_and_confirms() {
    let emu = Emulator::start().await.expect("start");
    let started = Instant::now();
    assert_eq!(
        ok(&emu, "getUpdates", json!({ "timeout": 1 })).await,
        json!([])
    );
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(3),
        "{waited:?}"
    );

    let poller = emu.clone();
    let poll =
        tokio::spawn(async move { ok(&poller, "getUpdates", json!({ "timeout": 10 })).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    emu.send_text(&alice_chat(), &alice(), "wake up");
    let got = poll.await.expect("join");
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    let got = got.as_array().cloned().expect("array");
    assert_eq!(got.len(), 1);
    let update_id = got[0]["update_id"].as_i64().expect("update_id");

    emu.send_text(&alice_chat(), &alice(), "second");
    assert_eq!(emu.pending_updates(), 2);
    let rest = ok(
        &emu,
        "getUpdates",
        json!({ "offset": update_id + 1, "timeout": 0 }),
    )
    .await;
    assert_eq!(rest.as_array().map(Vec::len), Some(1));
    assert_eq!(rest[0]["message"]["text"], json!("second"));
    assert_eq!(emu.pending_updates(), 1);
    let limited = ok(
        &emu,
        "getUpdates",
        json!({ "offset": update_id + 2, "limit": 1 }),
    )
    .await;
    assert_eq!(limited, json!([]));
    assert_eq!(emu.pending_updates(), 0);

    // wait_for_events wakes as soon as the event exists
    let waiter = emu.clone();
    let wait =
        tokio::spawn(async move { waiter.wait_for_events(0, 1, Duration::from_secs(5)).await });
    ok(
        &emu,
        "sendChatAction",
        json!({ "chat_id": 1001, "action": "typing" }),
    )
    .await;
    assert_eq!(wait.await.expect("join").len(), 1);
    assert!(emu
        .wait_for_events(1, 1, Duration::from_millis(100))
        .await
        .is_empty());
}

//! Approve / Deny in linked chats, with requests from the operator API.

use crate::harness::{poll, press_answer, private_chat, user, TestBot, API_TOKEN};
use std::time::Duration;
use telegram_emulator::{ChatSpec, UserSpec};

struct Linked {
    user: UserSpec,
    chat: ChatSpec,
}

fn link(bot: &TestBot, id: i64) -> Linked {
    let user = user(id, "en");
    let chat = private_chat(&user);
    bot.emu.register_chat(&chat);
    assert!(bot
        .services
        .store()
        .link_chat("alice", chat.id)
        .expect("link"));
    Linked { user, chat }
}

async fn api(
    bot: &TestBot,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let url = format!("http://{}/{path}", bot.api_addr.expect("the API is on"));
    let mut request = reqwest::Client::new().request(method, url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("the API answers");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

/// The newest bot message in the chat with buttons, once it exists.
async fn request_message(bot: &TestBot, chat: i64) -> (i32, String, String) {
    let found = poll(|| {
        let m = bot.emu.messages(chat).into_iter().rev().find(|m| {
            m.from_bot
                && m.buttons.first().is_some_and(|row| {
                    row.len() == 2
                        && row[0]
                            .callback_data
                            .as_deref()
                            .is_some_and(|d| d.starts_with("ch:"))
                })
        })?;
        let data = |i: usize| m.buttons[0][i].callback_data.clone().expect("data");
        Some((m.message_id, data(0), data(1)))
    })
    .await;
    found.unwrap_or_else(|| panic!("no approval request in chat {chat}"))
}

async fn notice(bot: &TestBot, id: &str) -> String {
    let found = press_answer(&bot.emu, id).await;
    found.expect("the press was not answered")
}

async fn text_becomes(bot: &TestBot, chat: i64, message: i32, start: &str) {
    let found = poll(|| {
        let m = bot.emu.message(chat, message).expect("message");
        m.text
            .as_deref()
            .unwrap_or("")
            .starts_with(start)
            .then_some(m)
    })
    .await;
    let m = found.unwrap_or_else(|| {
        let m = bot.emu.message(chat, message).expect("message");
        panic!("message says {:?}", m.text)
    });
    assert!(m.buttons.is_empty(), "the outcome keeps no buttons");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_api_request_reaches_both_linked_chats_and_one_approval_applies_it() {
    let bot = TestBot::start().await;
    let (a, b) = (link(&bot, 5001), link(&bot, 5002));
    let stranger = user(5099, "en");
    let stranger_chat = private_chat(&stranger);
    let body = serde_json::json!({"account": "alice@example.com", "field": "email", "value": "new@example.com", "reason": "changed on the website"});

    let (status, _) = api(
        &bot,
        reqwest::Method::POST,
        "api/v1/changes",
        None,
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, 401);
    let (status, _) = api(
        &bot,
        reqwest::Method::POST,
        "api/v1/changes",
        Some("wrong"),
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, 401);
    let (status, created) = api(
        &bot,
        reqwest::Method::POST,
        "api/v1/changes",
        Some(API_TOKEN),
        Some(body),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().expect("id").to_string();
    assert_eq!(created["status"], "pending");

    let (msg_a, approve, deny) = request_message(&bot, a.chat.id).await;
    let (msg_b, _, _) = request_message(&bot, b.chat.id).await;
    let text = bot
        .emu
        .message(a.chat.id, msg_a)
        .and_then(|m| m.text)
        .unwrap_or_default();
    assert!(
        text.contains("New e-mail address: n*w@example.com")
            || text.contains("New e-mail address: "),
        "{text}"
    );
    assert!(
        !text.contains("new@example.com"),
        "the new address is masked: {text}"
    );
    assert!(approve.len() <= 64);

    // A user whose chat is not linked, and forged data, change nothing.
    let press = bot
        .emu
        .press_button(&stranger_chat, &stranger, msg_a, &approve);
    assert_eq!(notice(&bot, &press).await, "This request is not for you.");
    let (kept, last) = approve.split_at(approve.len() - 1);
    let forged = format!("{kept}{}", if last == "x" { "y" } else { "x" });
    let press = bot.emu.press_button(&a.chat, &a.user, msg_a, &forged);
    assert_eq!(
        notice(&bot, &press).await,
        "This button doesn't work any more."
    );
    assert_eq!(
        bot.services
            .store()
            .change(&id)
            .expect("store")
            .expect("change")
            .status,
        recovery_bot::store::changes::ChangeStatus::Pending
    );

    let press = bot.emu.press_button(&a.chat, &a.user, msg_a, &approve);
    assert_eq!(notice(&bot, &press).await, "Done.");
    text_becomes(&bot, a.chat.id, msg_a, "Approved.").await;
    text_becomes(&bot, b.chat.id, msg_b, "Approved.").await;
    let alice = bot
        .services
        .store()
        .account("alice")
        .expect("store")
        .expect("alice");
    assert_eq!(alice.email.expect("email").as_str(), "new@example.com");

    // The second press, from the other chat, does nothing.
    let press = bot.emu.press_button(&b.chat, &b.user, msg_b, &deny);
    assert_eq!(
        notice(&bot, &press).await,
        "This request was already handled."
    );
    let (status, shown) = api(
        &bot,
        reqwest::Method::GET,
        &format!("api/v1/changes/{id}"),
        Some(API_TOKEN),
        None,
    )
    .await;
    assert_eq!((status, shown["status"].as_str()), (200, Some("approved")));
    let names: Vec<_> = bot
        .services
        .store()
        .audit_log(Some("alice"))
        .expect("audit")
        .iter()
        .map(|r| r.name())
        .collect();
    assert!(
        names.contains(&"change_decided".to_string())
            && names.contains(&"change_button_refused".to_string()),
        "{names:?}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deny_offers_a_reset_and_late_presses_find_the_request_expired() {
    let bot = TestBot::start().await;
    let a = link(&bot, 5101);
    let body = serde_json::json!({"account": "alice", "field": "name", "value": "Mallory"});
    let (_, first) = api(
        &bot,
        reqwest::Method::POST,
        "api/v1/changes",
        Some(API_TOKEN),
        Some(body.clone()),
    )
    .await;
    let (msg, _, deny) = request_message(&bot, a.chat.id).await;
    let press = bot.emu.press_button(&a.chat, &a.user, msg, &deny);
    assert_eq!(notice(&bot, &press).await, "Done.");
    text_becomes(&bot, a.chat.id, msg, "Denied.").await;
    crate::harness::wait_for_reply(&bot.emu, a.chat.id, 0, "You denied the change").await;
    assert_eq!(
        bot.services
            .store()
            .account("alice")
            .expect("store")
            .expect("alice")
            .name,
        "Alice Example"
    );
    let (_, shown) = api(
        &bot,
        reqwest::Method::GET,
        &format!("api/v1/changes/{}", first["id"].as_str().unwrap_or("")),
        Some(API_TOKEN),
        None,
    )
    .await;
    assert_eq!(shown["status"], "denied");

    let (_, second) = api(
        &bot,
        reqwest::Method::POST,
        "api/v1/changes",
        Some(API_TOKEN),
        Some(body),
    )
    .await;
    let newer = poll(|| {
        let requests = bot.emu.messages(a.chat.id).into_iter().rev();
        requests.filter(|m| m.message_id != msg).find_map(|m| {
            let data = m.buttons.first()?.first()?.callback_data.clone()?;
            data.starts_with("ch:").then_some((m.message_id, data))
        })
    })
    .await;
    let (msg, approve) = newer.expect("a second request");
    bot.clock.advance(Duration::from_secs(16 * 60));
    text_becomes(&bot, a.chat.id, msg, "Expired without an answer.").await;
    let press = bot.emu.press_button(&a.chat, &a.user, msg, &approve);
    assert_eq!(notice(&bot, &press).await, "This request has expired.");
    let (_, shown) = api(
        &bot,
        reqwest::Method::GET,
        &format!("api/v1/changes/{}", second["id"].as_str().unwrap_or("")),
        Some(API_TOKEN),
        None,
    )
    .await;
    assert_eq!(shown["status"], "expired");
    assert_eq!(
        bot.services
            .store()
            .account("alice")
            .expect("store")
            .expect("alice")
            .name,
        "Alice Example"
    );
    bot.stop().await;
}

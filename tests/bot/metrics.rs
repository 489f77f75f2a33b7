//! What `/metrics` may tell, and to whom: what a request moves is the same for a known
//! and an unknown identifier; the delivery figures (e-mails and SMS really sent, counted by
//! the worker when the server took them) are the operator's, so on a listener that is not
//! loopback `/metrics` needs the bearer token.

use crate::harness::{private_chat, user, wait_for_reply, TestBot, API_TOKEN};
use crate::ops::{counter, get};
use std::collections::BTreeMap;

/// Every counter's value, by name.
fn counters(metrics: &str) -> BTreeMap<String, u64> {
    metrics
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(' '))
        .filter(|(name, _)| name.ends_with("_total"))
        .filter_map(|(name, value)| Some((name.to_owned(), value.parse().ok()?)))
        .collect()
}

/// Asks for a reset code for `identifier` in a fresh chat; returns the metrics before and
/// after.
async fn request_code(
    bot: &TestBot,
    user_id: i64,
    identifier: &str,
) -> (BTreeMap<String, u64>, BTreeMap<String, u64>) {
    let addr = bot.api_addr.expect("operator listener");
    let person = user(user_id, "en");
    let chat = private_chat(&person);
    bot.emu.send_text(&chat, &person, "/reset");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, 0, "Let's reset").await;
    let before = counters(&get(addr, "/metrics").await.1);
    bot.emu.send_text(&chat, &person, identifier);
    wait_for_reply(&bot.emu, chat.id, at, "we sent a 6-digit code").await;
    let after = counters(&get(addr, "/metrics").await.1);
    (before, after)
}

/// What moved, besides the delivery worker's figures.
fn moved(before: &BTreeMap<String, u64>, after: &BTreeMap<String, u64>) -> BTreeMap<String, u64> {
    after
        .iter()
        .filter(|(name, _)| !name.contains("deliver"))
        .map(|(name, value)| (name.clone(), value - before.get(name).copied().unwrap_or(0)))
        .filter(|(_, delta)| *delta > 0)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_request_moves_the_same_counters_for_known_and_unknown_accounts() {
    let bot = TestBot::start().await;
    let (before, after) = request_code(&bot, 7101, "alice@example.com").await;
    let known = moved(&before, &after);
    let (before, after) = request_code(&bot, 7102, "nobody@example.com").await;
    let unknown = moved(&before, &after);
    assert_eq!(known, unknown, "known: {known:?}\nunknown: {unknown:?}");
    assert_eq!(known.get("recovery_bot_code_requests_total"), Some(&1));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_listener_guards_metrics_with_the_token() {
    let bot = TestBot::start_with(|c| {
        c.api.listen = "0.0.0.0:0".into();
        c.api.allow_public = true;
    })
    .await;
    let port = bot.api_addr.expect("operator listener").port();
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let (status, _) = get(addr, "/metrics").await;
    assert_eq!(status, 401, "no token");
    let (status, body) = get(addr, "/healthz").await;
    assert_eq!((status, body.trim()), (200, "ok"), "liveness stays open");
    let answer = reqwest::Client::new()
        .get(format!("http://{addr}/metrics"))
        .bearer_auth(API_TOKEN)
        .send()
        .await
        .expect("answers");
    assert_eq!(answer.status().as_u16(), 200);
    let text = answer.text().await.expect("body");
    assert_eq!(counter(&text, "webhook_refused"), 0);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loopback_listener_serves_metrics_without_a_token() {
    let bot = TestBot::start().await;
    let (status, _) = get(bot.api_addr.expect("listener"), "/metrics").await;
    assert_eq!(status, 200);
    bot.stop().await;
}

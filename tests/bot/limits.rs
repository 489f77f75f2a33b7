//! Telegram's send limits, as the Bot API server sees them: with the shipped limits a
//! chat gets at most one message a second, and all chats together at most
//! `messages_per_sec_overall`. (Lower bounds only: a slow machine can only widen gaps.)

use crate::harness::{poll, private_chat, user, TestBot};
use std::time::{Duration, Instant};

/// The moments the bot's sendMessage calls for `chat` reached the emulator.
fn sends(bot: &TestBot, chat: Option<i64>) -> Vec<Instant> {
    bot.emu
        .requests_with_times()
        .into_iter()
        .filter(|(_, method, params)| {
            method == "sendmessage"
                && chat.is_none_or(|c| {
                    params["chat_id"].to_string().trim_matches('"') == c.to_string()
                })
        })
        .map(|(at, _, _)| at)
        .collect()
}

/// Slack for the time between the limiter letting a message go and its arrival.
const SLACK: Duration = Duration::from_millis(250);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_gets_one_message_a_second() {
    let bot = TestBot::start_with(|c| {
        c.telegram.messages_per_sec_chat = 1;
        c.telegram.messages_per_min_chat = 20;
        c.telegram.messages_per_sec_overall = 30;
    })
    .await;
    let person = user(501, "en");
    let chat = private_chat(&person);
    for _ in 0..3 {
        bot.emu.send_text(&chat, &person, "/help");
    }
    let sent = poll(|| Some(sends(&bot, Some(chat.id))).filter(|s| s.len() >= 3)).await;
    let sent = sent.expect("three answers to /help");
    for pair in sent.windows(2) {
        assert!(
            pair[1] - pair[0] >= Duration::from_secs(1) - SLACK,
            "two messages within {:?}",
            pair[1] - pair[0]
        );
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_chats_together_stay_under_the_overall_limit() {
    let bot = TestBot::start_with(|c| {
        c.telegram.messages_per_sec_chat = 1;
        c.telegram.messages_per_sec_overall = 5;
    })
    .await;
    let before = sends(&bot, None).len();
    for id in 0..12 {
        let person = user(600 + id, "en");
        bot.emu.send_text(&private_chat(&person), &person, "/help");
    }
    let sent = poll(|| Some(sends(&bot, None)).filter(|s| s.len() >= before + 12)).await;
    let sent = sent.expect("twelve answers");
    let sent = &sent[before..];
    // 5 at once, 5 a second later, 2 another second later.
    assert!(sent[11] - sent[0] >= Duration::from_secs(2) - SLACK);
    for (i, at) in sent.iter().enumerate() {
        let within = sent[i..]
            .iter()
            .filter(|t| **t - *at < Duration::from_secs(1) - SLACK);
        assert!(within.count() <= 5, "more than 5 messages within a second");
    }
    bot.stop().await;
}

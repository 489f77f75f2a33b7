//! Telegram's send limits, as the Bot API server sees them: with the shipped limits a
//! chat gets at most one message a second, and all chats together at most
//! `messages_per_sec_overall`, also while that limit is saturated and calls arrive late.
//! (Lower bounds only: a slow machine can only widen gaps.)

use crate::harness::{poll, private_chat, user, TestBot};
use std::time::{Duration, Instant};
use telegram_emulator::Fault;

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_keeps_its_distance_while_the_overall_limit_is_saturated() {
    let bot = TestBot::start_with(|c| {
        c.telegram.messages_per_sec_chat = 1;
        c.telegram.messages_per_sec_overall = 30;
    })
    .await;
    let before = sends(&bot, None).len();
    // 40 users, 3 commands each, all at once: 120 replies, 30 a second at most. Under
    // that load some calls reach Telegram late: every fourth chat's first reply, by
    // 400 ms.
    let people: Vec<_> = (0..40).map(|id| user(700 + id, "en")).collect();
    for person in people.iter().step_by(4) {
        let chat = private_chat(person).id;
        bot.emu
            .inject_for_chat("sendMessage", chat, Fault::Late { ms: 400 }, 1);
    }
    for person in &people {
        for _ in 0..3 {
            bot.emu.send_text(&private_chat(person), person, "/help");
        }
    }
    let all = poll(|| Some(sends(&bot, None)).filter(|s| s.len() >= before + 120)).await;
    assert!(all.is_some(), "120 answers");
    for person in &people {
        let sent = sends(&bot, Some(private_chat(person).id));
        assert_eq!(sent.len(), 3);
        for pair in sent.windows(2) {
            // Measured where Telegram would: the arrival of each call.
            assert!(
                pair[1] - pair[0] >= Duration::from_millis(900),
                "two messages into one chat within {:?}",
                pair[1] - pair[0]
            );
        }
    }
    bot.stop().await;
}

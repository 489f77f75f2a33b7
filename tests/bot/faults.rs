//! Bot API failures the transcripts (`dialogues/telegram_faults_*.txt`) leave out: 500s,
//! which teloxide answers only after 10 s, a Telegram that keeps failing for longer
//! than the bot retries, and getMe failing when the bot starts.

use crate::harness::{poll, private_chat, user, TestBot};
use recovery_bot::emulator::{Emulator, Event, Fault};
use std::time::Duration;

/// The texts of the bot's messages in the chat, oldest first, once at least `count` are
/// there (or after `timeout`).
async fn bot_texts(emu: &Emulator, chat_id: i64, count: usize, timeout: Duration) -> Vec<String> {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        let texts: Vec<String> = emu
            .messages(chat_id)
            .into_iter()
            .filter(|m| m.from_bot)
            .map(|m| m.text.unwrap_or_default())
            .collect();
        if texts.len() >= count || tokio::time::Instant::now() >= deadline {
            return texts;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_on_sends_and_deletes_are_retried() {
    let bot = TestBot::start().await;
    let (ann, ben) = (user(6001, "en"), user(6002, "en"));
    let (ann_chat, ben_chat) = (private_chat(&ann), private_chat(&ben));
    // Ann is at the code step; her code's message must still leave the chat.
    bot.emu.send_text(&ann_chat, &ann, "/reset");
    bot.emu.send_text(&ann_chat, &ann, "alice@example.com");
    bot_texts(&bot.emu, ann_chat.id, 2, Duration::from_secs(10)).await;
    bot.emu
        .inject_for_chat("deleteMessage", ann_chat.id, Fault::ServerError, 1);
    bot.emu
        .inject_for_chat("sendMessage", ben_chat.id, Fault::ServerError, 1);
    let secret = bot.emu.send_text(&ann_chat, &ann, "123456");
    bot.emu.send_text(&ben_chat, &ben, "/help");
    bot.emu.send_text(&ben_chat, &ben, "/language");

    let ann_texts = bot_texts(&bot.emu, ann_chat.id, 3, Duration::from_secs(40)).await;
    let ben_texts = bot_texts(&bot.emu, ben_chat.id, 2, Duration::from_secs(40)).await;
    assert_eq!(bot.emu.faults_struck().len(), 2);
    assert_eq!(ann_texts.len(), 3, "{ann_texts:#?}");
    assert!(
        ann_texts[2].contains("That code isn't right"),
        "{ann_texts:#?}"
    );
    assert!(bot.emu.message(ann_chat.id, secret).expect("sent").deleted);
    // Ben's two replies, once each and in order, the first after a 500.
    assert_eq!(ben_texts.len(), 2, "{ben_texts:#?}");
    assert!(ben_texts[0].contains("log in"), "{ben_texts:#?}");
    assert!(ben_texts[1].contains("language"), "{ben_texts:#?}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_failing_for_too_long_is_given_up_and_the_bot_goes_on() {
    let bot = TestBot::start_with(|c| c.telegram.retry_for_secs = 2).await;
    let user = user(6003, "en");
    let chat = private_chat(&user);
    bot.emu.inject_for_chat(
        "sendMessage",
        chat.id,
        Fault::TooManyRequests { retry_after: 1 },
        1_000,
    );
    bot.emu.send_text(&chat, &user, "/start");
    // The reply is given up, and so is the "something went wrong" that follows it.
    let gave_up = poll(|| {
        (crate::logs::captured()
            .matches("gave up on a Telegram call")
            .count()
            >= 2)
            .then_some(())
    })
    .await;
    assert!(gave_up.is_some(), "the calls were not given up");
    bot.emu.clear_faults();
    bot.emu.send_text(&chat, &user, "/help");
    let texts = bot_texts(&bot.emu, chat.id, 1, Duration::from_secs(10)).await;
    assert_eq!(texts.len(), 1, "{texts:#?}");
    assert!(texts[0].contains("log in"), "{texts:#?}");
    let sent = bot
        .emu
        .events()
        .into_iter()
        .filter(|e| matches!(e, Event::Sent { chat_id, .. } if *chat_id == chat.id))
        .count();
    assert_eq!(sent, 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_me_failing_at_start_is_retried() {
    let bot = TestBot::start().await;
    // The bot asks who it is before it serves updates; the first two answers never come.
    bot.emu.inject("getMe", Fault::Drop, 2);
    let bot = bot.restart().await;
    let user = user(6004, "en");
    let chat = private_chat(&user);
    bot.emu.send_text(&chat, &user, "/help");
    let texts = bot_texts(&bot.emu, chat.id, 1, Duration::from_secs(10)).await;
    assert_eq!(texts.len(), 1, "{texts:#?}");
    assert!(texts[0].contains("log in"), "{texts:#?}");
    let left = bot.emu.faults_pending();
    assert!(
        left.iter()
            .all(|(method, _, times)| method != "getme" || *times == 0),
        "{left:?}"
    );
    bot.stop().await;
}

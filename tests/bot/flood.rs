//! One chat flooding the bot: its excess updates are dropped at once (counted, audited
//! once, answered with one notice), and nobody else waits for it.

use crate::harness::{poll, private_chat, user, wait_for_reply, TestBot};
use telegram_emulator::{Emulator, Event};

/// The bot's messages in the chat, in order.
fn bot_texts(emu: &Emulator, chat_id: i64) -> Vec<String> {
    emu.events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Sent {
                chat_id: c, text, ..
            } if c == chat_id => Some(text),
            _ => None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flooding_chat_is_cut_short_and_holds_up_nobody() {
    let bot = TestBot::start_with(|c| {
        c.telegram.updates_burst = 3;
        c.telegram.updates_per_min = 1;
        c.telegram.messages_per_sec_chat = 1;
    })
    .await;
    let emu = &bot.emu;
    let (flooder, other) = (user(8001, "en"), user(8002, "en"));
    let (flood_chat, other_chat) = (private_chat(&flooder), private_chat(&other));
    for i in 0..100 {
        emu.send_text(&flood_chat, &flooder, &format!("hello {i}"));
    }
    emu.send_text(&other_chat, &other, "/start");
    wait_for_reply(emu, other_chat.id, 0, "What would you like to do?").await;
    // The flood's replies leave one a second: most are still to come.
    let by_then = bot_texts(emu, flood_chat.id).len();
    assert!(
        by_then < 3,
        "{by_then} flood replies before the other user's"
    );

    let notice = "slow down";
    let flood = poll(|| {
        let texts = bot_texts(emu, flood_chat.id);
        let replies = texts.iter().filter(|t| !t.contains(notice)).count();
        (replies >= 3 && texts.len() > replies).then_some(texts)
    })
    .await
    .expect("the admitted updates answered, and a notice");
    let notices = flood.iter().filter(|t| t.contains(notice)).count();
    assert_eq!(notices, 1, "{flood:?}");
    // 3 admitted, the other 97 dropped, counted and audited once.
    assert_eq!(bot.services.metrics().updates_dropped.get(), 97);
    let dropped: Vec<_> = bot
        .services
        .store()
        .audit_log(None)
        .expect("audit")
        .into_iter()
        .filter(|r| r.name() == "updates_dropped")
        .collect();
    assert_eq!(dropped.len(), 1, "{dropped:?}");
    assert_eq!(dropped[0].actor.as_deref(), Some("user:8001"));
    assert_eq!(dropped[0].chat_id, Some(flood_chat.id));
    bot.stop().await;
}

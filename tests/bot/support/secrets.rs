//! Secrets in the support chat, from the user's side.

use super::{open_ticket, staff_says};
use crate::harness::{private_chat, user, wait_for_reply, TestBot};
use recovery_bot::emulator::UserSpec;

const REFUSED: &str = "That looks like a code or a password";

/// Sends `text` and waits until it was relayed (`relayed`) or refused.
async fn say(bot: &TestBot, who: &UserSpec, text: &str, relayed: bool) -> usize {
    let chat = private_chat(who);
    let at = bot.emu.events().len();
    bot.emu.send_text(&chat, who, text);
    if relayed {
        staff_says(&bot.emu, at, text).await.2
    } else {
        wait_for_reply(&bot.emu, chat.id, at, REFUSED).await.1
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_written_with_separators_inside_a_sentence_are_refused() {
    let bot = TestBot::start().await;
    let who = user(7001, "en");
    open_ticket(&bot, &who, "The code does not work").await;
    say(&bot, &who, "my code is 482 913, it fails", false).await;
    say(&bot, &who, "it said 482-913 when I tried", false).await;
    say(&bot, &who, "call me on 020 7946 0958", true).await;
    let staff = bot.emu.messages(crate::harness::STAFF_CHAT);
    let leaked = staff
        .iter()
        .filter_map(|m| m.text.as_deref())
        .any(|t| t.contains("913"));
    assert!(!leaked, "a code reached the staff chat");
    bot.stop().await;
}

//! Support through the emulator: forum topics, restarts in the middle of a ticket, agent
//! commands in a private chat, refusals, the audit export, the demo's terminal, secrets
//! users paste, how users' names and texts are quoted, and whom an unlock tells.

mod agents;
mod audit;
mod quoting;
mod secrets;
mod terminal;
mod unlock;

use crate::harness::{private_chat, wait_for_reply, TestBot, STAFF_CHAT};
use std::time::Duration;
use telegram_emulator::{ChatSpec, Emulator, Event, UserSpec};

/// Waits for the first event after `after` that `pick` accepts; returns it and the index
/// past it.
pub async fn wait_for<T>(
    emu: &Emulator,
    after: usize,
    pick: impl Fn(&Event) -> Option<T>,
) -> (T, usize) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let found = emu
            .events()
            .iter()
            .enumerate()
            .skip(after)
            .find_map(|(i, e)| pick(e).map(|t| (t, i + 1)));
        if let Some(found) = found {
            return found;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the awaited event never came; events: {:#?}",
            &emu.events()[after..]
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A staff-chat message containing `fragment`: (message id, thread id, index past it).
pub async fn staff_says(emu: &Emulator, after: usize, fragment: &str) -> (i32, Option<i32>, usize) {
    let ((id, thread), at) = wait_for(emu, after, |e| match e {
        Event::Sent {
            chat_id,
            message_id,
            text,
            thread_id,
            ..
        } if *chat_id == STAFF_CHAT && text.contains(fragment) => Some((*message_id, *thread_id)),
        _ => None,
    })
    .await;
    (id, thread, at)
}

/// The user opens a ticket; returns the staff card's (message id, thread) and the index
/// past it.
pub async fn open_ticket(bot: &TestBot, user: &UserSpec, text: &str) -> (i32, Option<i32>, usize) {
    let chat = private_chat(user);
    let start = bot.emu.events().len();
    bot.emu.send_text(&chat, user, "/support");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, start, "\n").await;
    bot.emu.send_text(&chat, user, text);
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "#").await;
    let (card, thread, past_card) = staff_says(&bot.emu, start, "🎫 Ticket #").await;
    (card, thread, past_card.max(at))
}

/// The chat types `identifier` in a reset, cancels it and opens a ticket.
pub async fn ticket_after_typing(bot: &TestBot, who: &UserSpec, identifier: &str) -> usize {
    let chat = private_chat(who);
    let at = bot.emu.events().len();
    bot.emu.send_text(&chat, who, "/reset");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "Let's reset").await;
    bot.emu.send_text(&chat, who, identifier);
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "If an account uses").await;
    bot.emu.send_text(&chat, who, "/cancel");
    wait_for_reply(&bot.emu, chat.id, at, "Cancelled").await;
    let (_, _, at) = open_ticket(bot, who, "I cannot get into my account").await;
    at
}

pub fn audit_names(bot: &TestBot) -> Vec<String> {
    bot.services
        .store()
        .audit_log(None)
        .expect("audit log")
        .iter()
        .map(|r| r.name())
        .collect()
}

/// Sends `text` as `who` in `chat` and returns the bot's next message there.
pub async fn ask(bot: &TestBot, chat: &ChatSpec, who: &UserSpec, text: &str) -> String {
    let at = bot.emu.events().len();
    bot.emu.send_text(chat, who, text);
    let (answer, _) = wait_for(&bot.emu, at, |e| match e {
        Event::Sent { chat_id, text, .. } if *chat_id == chat.id => Some(text.clone()),
        _ => None,
    })
    .await;
    answer
}

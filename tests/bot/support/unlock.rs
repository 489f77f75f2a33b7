//! `/unlock` tells only the chats that proved they hold the account; a ticket whose
//! account was only typed in a reset is named to the agent instead.

use super::{ask, open_ticket, ticket_after_typing};
use crate::harness::{agent, private_chat, user, wait_for_reply, TestBot};
use telegram_emulator::Event;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unlock_tells_the_linked_holder_and_not_a_chat_that_only_typed_the_account() {
    let bot = TestBot::start().await;
    let (typist, holder) = (user(7501, "en"), user(7502, "en"));
    ticket_after_typing(&bot, &typist, "alice@example.com").await;
    let store = bot.services.store();
    assert!(store.link_chat("alice", holder.id).expect("link"));
    open_ticket(&bot, &holder, "My account is locked").await;
    store
        .update_account("alice", |a| a.locked = true)
        .expect("lock");

    let sam = agent();
    let at = bot.emu.events().len();
    assert_eq!(
        ask(&bot, &private_chat(&sam), &sam, "/unlock alice").await,
        "Account alice unlocked: password reset works again. Users told: 1.\n\
         Not told, because the account is not proven for them: #1. Tell them with /reply if you need to."
    );
    wait_for_reply(&bot.emu, holder.id, at, "Support lifted").await;
    // The agent's answer comes after every user was told: nothing went to the typist.
    let told_typist = bot.emu.events()[at..]
        .iter()
        .any(|e| matches!(e, Event::Sent { chat_id, .. } if *chat_id == typist.id));
    assert!(!told_typist, "the typist was told about the unlock");
    bot.stop().await;
}

//! Each flow killed in every step: a reset, a settings session, a support ticket.

use super::{alice_events, assert_deleted, assert_each_contains, Rig, NEW_PASSWORD};
use crate::harness::{
    agent, private_chat, staff_group, user, wait_for_reply, SEED_PASSWORD, STAFF_CHAT,
};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_resumes_after_kill_9_in_every_step() {
    let mut rig = Rig::start().await;
    let user = user(5001, "en");
    let chat = private_chat(&user);

    rig.say(&chat, &user, "/reset", "Let's reset your password")
        .await;
    rig.crash_and_restart().await;
    rig.say(&chat, &user, "alice@example.com", "we sent a 6-digit code")
        .await;
    let code = rig.code(1).await;
    rig.crash_and_restart().await;
    let code_message = rig.say(&chat, &user, &code, "Code accepted").await;
    rig.crash_and_restart().await;
    let first = rig
        .say(&chat, &user, NEW_PASSWORD, "type the new password again")
        .await;
    rig.crash_and_restart().await;
    let second = rig
        .say(&chat, &user, NEW_PASSWORD, "your password has been changed")
        .await;
    rig.expect(chat.id, "Do you want approval requests").await;
    // The notice is out before the kill.
    rig.smtp.wait_for_mail(2, Duration::from_secs(15)).await;
    rig.crash_and_restart().await;
    rig.press(&chat, &user, "Link this chat");
    rig.expect(chat.id, "This chat is now linked").await;
    rig.crash_and_restart().await;

    // The code that was used is not accepted again, not even in a new reset.
    rig.say(&chat, &user, "/reset", "Let's reset your password")
        .await;
    rig.say(&chat, &user, "alice@example.com", "we sent a 6-digit code")
        .await;
    rig.code(2).await;
    rig.say(&chat, &user, &code, "That code").await;

    // Every reply exactly once, in order: no update was handled twice.
    let expected = [
        "Let's reset your password",
        "we sent a 6-digit code",
        "Code accepted",
        "type the new password again",
        "your password has been changed",
        "Do you want approval requests",
        "This chat is now linked",
        "Let's reset your password",
        "we sent a 6-digit code",
        "That code",
    ];
    let texts = rig.bot_texts(chat.id);
    assert_eq!(texts.len(), expected.len(), "the bot said: {texts:#?}");
    assert_each_contains(&texts, &expected);
    // The secrets left the chat.
    assert_deleted(&rig.emu, chat.id, &[code_message, first, second]);
    // The reset was applied once; its notice went out (deliveries are at least once).
    let store = rig.bot.store();
    assert_eq!(alice_events(&store, "password_changed"), 1);
    let notices = rig
        .smtp
        .mails()
        .iter()
        .filter(|m| m.body.contains("was changed"))
        .count();
    assert!(notices >= 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_support_ticket_resumes_after_kill_9() {
    let mut rig = Rig::start().await;
    let user = user(5002, "en");
    let chat = private_chat(&user);
    let staff = staff_group();

    rig.say(&chat, &user, "/support", "Tell me in a few words")
        .await;
    rig.crash_and_restart().await;
    rig.say(&chat, &user, "I can't log in", "Your ticket #1 is open")
        .await;
    rig.crash_and_restart().await;
    let card = rig
        .emu
        .messages(STAFF_CHAT)
        .into_iter()
        .find(|m| {
            m.from_bot
                && m.text
                    .as_deref()
                    .is_some_and(|t| t.contains("🎫 Ticket #1"))
        })
        .expect("the ticket's card")
        .message_id;
    rig.emu.send_text(&chat, &user, "It is alice@example.com");
    wait_for_reply(&rig.emu, STAFF_CHAT, 0, "It is alice@example.com").await;
    rig.crash_and_restart().await;
    rig.emu
        .send_reply(&staff, &agent(), card, "Please try the reset again");
    rig.expect(chat.id, "Please try the reset again").await;
    rig.crash_and_restart().await;
    rig.emu.send_text(&chat, &user, "Thanks!");
    wait_for_reply(&rig.emu, STAFF_CHAT, 0, "Thanks!").await;
    rig.crash_and_restart().await;

    let user_side = rig.bot_texts(chat.id);
    let expected = [
        "Tell me in a few words",
        "Your ticket #1 is open",
        "A support agent is now looking at your ticket #1",
        "Please try the reset again",
    ];
    assert_eq!(
        user_side.len(),
        expected.len(),
        "the bot said: {user_side:#?}"
    );
    assert_each_contains(&user_side, &expected);
    let staff_side = rig.bot_texts(STAFF_CHAT);
    for fragment in ["🎫 Ticket #1", "It is alice@example.com", "Thanks!"] {
        let copies = staff_side.iter().filter(|t| t.contains(fragment)).count();
        assert_eq!(copies, 1, "{fragment:?} in the staff chat: {staff_side:#?}");
    }
    assert!(!staff_side.iter().any(|t| t.contains("Ticket #2")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_settings_session_resumes_after_kill_9_in_every_step() {
    let mut rig = Rig::start().await;
    let user = user(5003, "en");
    let chat = private_chat(&user);

    rig.say(&chat, &user, "/settings", "Let's sign you in")
        .await;
    rig.crash_and_restart().await;
    rig.say(
        &chat,
        &user,
        "alice@example.com",
        "type your current password",
    )
    .await;
    rig.crash_and_restart().await;
    let password = rig
        .say(&chat, &user, SEED_PASSWORD, "Password accepted")
        .await;
    let code = rig.code(1).await;
    rig.crash_and_restart().await;
    let code_message = rig.say(&chat, &user, &code, "You're signed in").await;
    rig.expect(chat.id, "Do you want approval requests").await;
    rig.crash_and_restart().await;
    rig.press(&chat, &user, "Not now");
    rig.expect(chat.id, "this chat stays unlinked").await;
    rig.crash_and_restart().await;
    rig.press(&chat, &user, "Name");
    rig.expect(chat.id, "Type your new name").await;
    rig.crash_and_restart().await;
    rig.say(
        &chat,
        &user,
        "Alice Liddell",
        "your name is now Alice Liddell",
    )
    .await;
    // The notice to the old contacts is out before the kill.
    rig.smtp.wait_for_mail(2, Duration::from_secs(15)).await;
    rig.crash_and_restart().await;
    // The step-up code was used: it does not sign in again.
    rig.press(&chat, &user, "Done");
    rig.say(&chat, &user, "/settings", "Let's sign you in")
        .await;
    rig.say(
        &chat,
        &user,
        "alice@example.com",
        "type your current password",
    )
    .await;
    rig.say(&chat, &user, SEED_PASSWORD, "Password accepted")
        .await;
    rig.code(2).await;
    rig.say(&chat, &user, &code, "That code").await;

    let texts = rig.bot_texts(chat.id);
    let expected = [
        "Let's sign you in",
        "type your current password",
        "Password accepted",
        "You're signed in",
        "Do you want approval requests",
        "this chat stays unlinked",
        "Type your new name",
        "your name is now Alice Liddell",
    ];
    let again = [
        "Let's sign you in",
        "type your current password",
        "Password accepted",
        "That code",
    ];
    // Then one answer to Done, and the second sign-in.
    assert_eq!(
        texts.len(),
        expected.len() + 1 + again.len(),
        "the bot said: {texts:#?}"
    );
    assert_each_contains(&texts, &expected);
    assert_each_contains(&texts[expected.len() + 1..], &again);
    assert_deleted(&rig.emu, chat.id, &[password, code_message]);
    let store = rig.bot.store();
    assert_eq!(alice_events(&store, "setting_changed"), 1);
}

//! /settings across chats: a change from an unlinked chat waits for Approve in the linked
//! chat; nothing secret is kept; the operator CLI goes through the API while the bot runs.

use crate::harness::{poll, private_chat, user, wait_for_reply, TestBot, API_TOKEN, SEED_PASSWORD};
use crate::security::{contains_token, files_under};
use std::time::Duration;
use telegram_emulator::{ChatSpec, UserSpec};

/// The newest 6-digit code e-mailed to `to`, waiting for the `count`th e-mail overall.
pub async fn code_in_mail(bot: &TestBot, count: usize, to: &str) -> String {
    let mails = bot.smtp.wait_for_mail(count, Duration::from_secs(10)).await;
    let mail = mails
        .iter()
        .rev()
        .find(|m| m.to.iter().any(|t| t.contains(to)))
        .expect("a mail to the address");
    mail.body
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("a code")
        .to_string()
}

/// A private chat of user `id`, linked to alice's account (her phone).
pub fn linked_phone(bot: &TestBot, id: i64) -> (UserSpec, ChatSpec) {
    let phone_user = user(id, "en");
    let phone_chat = private_chat(&phone_user);
    bot.emu.register_chat(&phone_chat);
    let linked = bot.services.store().link_chat("alice", phone_chat.id);
    assert!(linked.expect("link"));
    (phone_user, phone_chat)
}

/// Signs the user in to /settings as alice; returns the event index after the menu.
pub async fn sign_in(bot: &TestBot, who: &UserSpec, chat: &ChatSpec, mails_before: usize) -> usize {
    bot.emu.send_text(chat, who, "/settings");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, 0, "Let's sign you in").await;
    bot.emu.send_text(chat, who, "alice@example.com");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "current password").await;
    bot.emu.send_text(chat, who, SEED_PASSWORD);
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "we sent a 6-digit code").await;
    let code = code_in_mail(bot, mails_before + 1, "alice@example.com").await;
    bot.emu.send_text(chat, who, &code);
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "You're signed in.").await;
    at
}

pub fn press(bot: &TestBot, who: &UserSpec, chat: &ChatSpec, data: &str) {
    let message = bot
        .emu
        .messages(chat.id)
        .into_iter()
        .rev()
        .find(|m| {
            m.buttons
                .iter()
                .flatten()
                .any(|b| b.callback_data.as_deref() == Some(data))
        })
        .expect("a message with that button");
    bot.emu.press_button(chat, who, message.message_id, data);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_from_an_unlinked_chat_waits_for_approval_in_the_linked_chat() {
    let bot = TestBot::start().await;
    let (phone_user, phone_chat) = linked_phone(&bot, 5101);

    let laptop_user = user(5102, "en");
    let laptop = private_chat(&laptop_user);
    let at = sign_in(&bot, &laptop_user, &laptop, 0).await;
    press(&bot, &laptop_user, &laptop, "set:name");
    let (_, at) = wait_for_reply(&bot.emu, laptop.id, at, "Type your new name").await;
    bot.emu.send_text(&laptop, &laptop_user, "Alice Liddell");
    wait_for_reply(&bot.emu, laptop.id, at, "waits for your approval").await;
    let account = bot
        .services
        .store()
        .account("alice")
        .expect("store")
        .expect("alice");
    assert_eq!(
        account.name, "Alice Example",
        "nothing changes before approval"
    );

    let (text, _) = wait_for_reply(&bot.emu, phone_chat.id, 0, "Did you ask for this change").await;
    assert!(text.contains("New name: Alice Liddell"), "{text}");
    assert!(text.contains("someone in another Telegram chat"), "{text}");
    let approve = bot
        .emu
        .messages(phone_chat.id)
        .into_iter()
        .rev()
        .find_map(|m| {
            m.buttons
                .first()
                .and_then(|row| row.first())
                .and_then(|b| b.callback_data.clone())
                .filter(|d| d.starts_with("ch:"))
        })
        .expect("an Approve button");
    let mails_before = bot.smtp.mails().len();
    bot.emu.press_button(
        &phone_chat,
        &phone_user,
        bot.emu
            .messages(phone_chat.id)
            .last()
            .expect("msg")
            .message_id,
        &approve,
    );
    let applied = poll(|| {
        let account = bot.services.store().account("alice").expect("store")?;
        (account.name == "Alice Liddell").then_some(())
    })
    .await;
    assert!(applied.is_some(), "the approved name was not applied");
    // The old contacts hear about the approved change.
    let mails = bot
        .smtp
        .wait_for_mail(mails_before + 1, Duration::from_secs(10))
        .await;
    assert!(mails
        .iter()
        .any(|m| m.body.contains("New name: Alice Liddell")));
    let log = bot
        .services
        .store()
        .audit_log(Some("alice"))
        .expect("audit");
    let names: Vec<_> = log.iter().map(|r| r.name()).collect();
    for event in [
        "setting_changed",
        "change_requested",
        "change_decided",
        "notice_sent",
    ] {
        assert!(names.iter().any(|n| n == event), "no {event} in {names:?}");
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_keep_no_password_or_code_in_the_store_or_the_logs() {
    const NEW: &str = "copper kettles hum at midnight";
    let bot = TestBot::start().await;
    let who = user(5201, "en");
    let chat = private_chat(&who);
    let at = sign_in(&bot, &who, &chat, 0).await;
    let step_up = code_in_mail(&bot, 1, "alice@example.com").await;
    press(&bot, &who, &chat, "set:email");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "Type your new e-mail").await;
    bot.emu.send_text(&chat, &who, "alice@example.org");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "We sent a 6-digit code").await;
    let contact_code = code_in_mail(&bot, 2, "alice@example.org").await;
    bot.emu.send_text(&chat, &who, &contact_code);
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "Saved: your e-mail address").await;
    press(&bot, &who, &chat, "set:password");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "Choose a new password").await;
    bot.emu.send_text(&chat, &who, NEW);
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "type the new password again").await;
    bot.emu.send_text(&chat, &who, NEW);
    wait_for_reply(&bot.emu, chat.id, at, "Saved: your new password").await;

    let store_path = bot.store_path.clone();
    let _keep = bot.dir.clone();
    bot.stop().await;
    let logs = crate::logs::captured();
    for secret in [SEED_PASSWORD, NEW, &step_up, &contact_code] {
        for file in files_under(&store_path) {
            let bytes = std::fs::read(&file).expect("read store file");
            assert!(
                !contains_token(&bytes, secret.as_bytes()),
                "{} holds a secret",
                file.display()
            );
        }
        assert!(
            !contains_token(logs.as_bytes(), secret.as_bytes()),
            "the logs hold a secret"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_asks_through_the_api_while_the_bot_holds_the_store() {
    let bot = TestBot::start().await;
    let (_, phone_chat) = linked_phone(&bot, 5301);
    let config = bot.dir.path().join("cli.toml");
    let toml = format!(
        "[store]\npath = \"{}\"\n\n[api]\nlisten = \"{}\"\ntoken_env = \"CLI_TEST_API_TOKEN\"\n",
        bot.store_path.display(),
        bot.api_addr.expect("the API is on"),
    );
    std::fs::write(&config, toml).expect("write config");
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_recovery-bot"))
            .env("CLI_TEST_API_TOKEN", API_TOKEN)
            .env_remove("RUST_LOG")
            .arg("--config")
            .arg(&config)
            .args(["changes", "request", "--account", "alice@example.com"])
            .args(["--field", "phone", "--value", "+44 20 7946 0000"])
            .output()
            .expect("run the CLI")
    })
    .await
    .expect("join");
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("through the running bot's API"), "{said}");
    let (text, _) = wait_for_reply(&bot.emu, phone_chat.id, 0, "Did you ask for this change").await;
    assert!(text.contains("New phone number: +44 •••• 0000"), "{text}");
    assert!(text.contains("the Example support team"), "{text}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_locked_account_cannot_sign_in_and_sends_no_code() {
    let bot = TestBot::start().await;
    bot.services
        .store()
        .update_account("alice", |a| a.locked = true)
        .expect("lock");
    let who = user(5401, "en");
    let chat = private_chat(&who);
    bot.emu.send_text(&chat, &who, "/settings");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, 0, "Let's sign you in").await;
    bot.emu.send_text(&chat, &who, "alice@example.com");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "current password").await;
    bot.emu.send_text(&chat, &who, SEED_PASSWORD);
    wait_for_reply(&bot.emu, chat.id, at, "This account is locked").await;
    assert!(bot.smtp.mails().is_empty(), "no code for a locked account");
    bot.stop().await;
}

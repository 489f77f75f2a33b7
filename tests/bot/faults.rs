//! Bot API failures the transcripts (`dialogues/telegram_faults_*.txt`) leave out: 500s,
//! which teloxide answers only after 10 s, a Telegram that keeps failing for longer
//! than the bot retries, getMe failing when the bot starts, and successes whose answer
//! does not parse.

use crate::harness::STAFF_CHAT;
use crate::harness::{agent, poll, private_chat, staff_group, user, wait_for_reply, TestBot};
use crate::support::{open_ticket, staff_says};
use std::time::Duration;
use telegram_emulator::{Emulator, Event, Fault};

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
    let bot =
        TestBot::start_with(|c| c.telegram.retry_for = std::time::Duration::from_secs(2)).await;
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

/// How many `method` calls (lowercased) reached the emulator for `chat_id`.
fn calls(emu: &Emulator, method: &str, chat_id: i64) -> usize {
    emu.requests()
        .iter()
        .filter(|(m, params)| {
            m == method && params["chat_id"].to_string().trim_matches('"') == chat_id.to_string()
        })
        .count()
}

/// The id of the newest bot message in the chat that has a button labelled `label`, and
/// that button's data.
fn button(emu: &Emulator, chat_id: i64, label: &str) -> (i32, String) {
    let messages = emu
        .messages(chat_id)
        .into_iter()
        .rev()
        .filter(|m| m.from_bot);
    messages
        .into_iter()
        .find_map(|m| {
            let b = m.buttons.iter().flatten().find(|b| b.text == label)?;
            Some((m.message_id, b.callback_data.clone()?))
        })
        .unwrap_or_else(|| panic!("no button {label:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_success_whose_answer_does_not_parse_is_not_repeated() {
    let bot = TestBot::start().await;
    let emu = &bot.emu.clone();
    let person = user(6006, "en");
    let chat = private_chat(&person);
    // A send: the menu is there once, and the bot does not call it a failure.
    emu.inject_for_chat("sendMessage", chat.id, Fault::UnexpectedResult, 1);
    emu.send_text(&chat, &person, "/start");
    let (_, at) = wait_for_reply(emu, chat.id, 0, "What would you like to do?").await;
    // A button answer: the press still does what it says.
    emu.inject("answerCallbackQuery", Fault::UnexpectedResult, 1);
    let (menu, data) = button(emu, chat.id, "Reset password");
    emu.press_button(&chat, &person, menu, &data);
    let (_, at) = wait_for_reply(emu, chat.id, at, "Let's reset your password").await;
    // A deletion: the code leaves the chat once, and the flow goes on.
    emu.send_text(&chat, &person, "alice@example.com");
    let (_, at) = wait_for_reply(emu, chat.id, at, "we sent a 6-digit code").await;
    let mails = bot.smtp.wait_for_mail(1, Duration::from_secs(10)).await;
    let code: String = mails[0]
        .body
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("a code in the e-mail")
        .into();
    emu.inject_for_chat("deleteMessage", chat.id, Fault::UnexpectedResult, 1);
    let secret = emu.send_text(&chat, &person, &code);
    wait_for_reply(emu, chat.id, at, "Code accepted").await;
    assert!(emu.message(chat.id, secret).expect("sent").deleted);
    // An edit: the ticket card shows who took it, and the agent's reply goes out.
    let other = user(6007, "en");
    let (_, _, at) = open_ticket(&bot, &other, "I cannot log in").await;
    emu.inject_for_chat("editMessageText", STAFF_CHAT, Fault::UnexpectedResult, 1);
    emu.send_text(
        &staff_group(),
        &agent(),
        "/reply 1 Hello, which e-mail do you use?",
    );
    staff_says(emu, at, "taken by Sam").await;
    wait_for_reply(emu, private_chat(&other).id, 0, "which e-mail do you use?").await;

    bot.stop().await;
    assert_eq!(emu.faults_struck().len(), 4, "{:?}", emu.faults_struck());
    let answers = emu
        .requests()
        .iter()
        .filter(|(m, _)| m == "answercallbackquery")
        .count();
    let made = [
        // The menu, the reset prompt, "code sent", "code accepted".
        ("sendmessage", calls(emu, "sendmessage", chat.id)),
        ("answercallbackquery", answers),
        ("deletemessage", calls(emu, "deletemessage", chat.id)),
        ("editmessagetext", calls(emu, "editmessagetext", STAFF_CHAT)),
    ];
    let once = [
        ("sendmessage", 4),
        ("answercallbackquery", 1),
        ("deletemessage", 1),
        ("editmessagetext", 1),
    ];
    assert_eq!(made, once);
}

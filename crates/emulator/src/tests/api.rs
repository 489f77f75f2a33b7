//! A real `teloxide::Bot` against the emulator, plus raw HTTP details.

use serde_json::json;
use teloxide::prelude::*;
use teloxide::types::{
    BotCommand, ChatAction, InlineKeyboardButton, InlineKeyboardMarkup, ParseMode,
};
use teloxide::{ApiError, RequestError};

use super::super::{Button, Emulator, Event};
use super::{alice, alice_chat, bot, call};

fn keyboard() -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![
        InlineKeyboardButton::callback("Reset password", "reset"),
        InlineKeyboardButton::callback("Account settings", "settings"),
    ]])
}

fn api_error(result: Result<impl std::fmt::Debug, RequestError>) -> ApiError {
    match result {
        Err(RequestError::Api(e)) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn bot_sends_edits_deletes_and_answers() {
    let emu = Emulator::start().await.expect("start");
    let bot = bot(&emu);
    let me = bot.get_me().await.expect("get_me");
    assert_eq!(me.username(), "recovery_demo_bot");

    let (chat, user) = (alice_chat(), alice());
    let user_msg = emu.send_text(&chat, &user, "/start");
    let sent = bot
        .send_message(ChatId(chat.id), "Choose:")
        .reply_markup(keyboard())
        .await
        .expect("send");
    assert_eq!(sent.text(), Some("Choose:"));
    assert!(sent.id.0 > user_msg);
    assert_eq!(
        sent.reply_markup().map(|k| k.inline_keyboard[0].len()),
        Some(2)
    );
    let buttons = vec![vec![
        Button {
            text: "Reset password".into(),
            callback_data: Some("reset".into()),
            url: None,
        },
        Button {
            text: "Account settings".into(),
            callback_data: Some("settings".into()),
            url: None,
        },
    ]];
    match &emu.events()[..] {
        [Event::Sent {
            chat_id,
            message_id,
            text,
            buttons: b,
            thread_id: None,
        }] => {
            assert_eq!(
                (*chat_id, *message_id, text.as_str()),
                (chat.id, sent.id.0, "Choose:")
            );
            assert_eq!(b, &buttons);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        emu.message(chat.id, sent.id.0).map(|m| m.buttons),
        Some(buttons)
    );

    let query = emu.press_button(&chat, &user, sent.id.0, "reset");
    bot.answer_callback_query(query.clone().into())
        .text("Working on it")
        .await
        .expect("answer");
    let edited = bot
        .edit_message_text(ChatId(chat.id), sent.id, "<b>Reset</b> started")
        .parse_mode(ParseMode::Html);
    let edited = edited.await.expect("edit");
    assert_eq!(edited.text(), Some("Reset started"));
    assert!(
        edited.reply_markup().is_none(),
        "no reply_markup removes the keyboard"
    );
    let again = bot
        .edit_message_text(ChatId(chat.id), sent.id, "Reset started")
        .await;
    assert_eq!(api_error(again), ApiError::MessageNotModified);
    bot.delete_message(ChatId(chat.id), sent.id)
        .await
        .expect("delete");
    bot.delete_message(ChatId(chat.id), teloxide::types::MessageId(user_msg))
        .await
        .expect("delete user's");
    let twice = bot.delete_message(ChatId(chat.id), sent.id).await;
    assert_eq!(api_error(twice), ApiError::MessageToDeleteNotFound);
    let gone = bot.edit_message_text(ChatId(chat.id), sent.id, "x").await;
    assert_eq!(api_error(gone), ApiError::MessageToEditNotFound);

    let events = emu.events();
    assert!(
        matches!(&events[1], Event::CallbackAnswered { callback_query_id, text: Some(t), show_alert: false }
        if *callback_query_id == query && t == "Working on it")
    );
    assert!(
        matches!(&events[2], Event::Edited { text: Some(t), buttons, .. } if t == "Reset started" && buttons.is_empty())
    );
    assert!(matches!(events[3], Event::Deleted { message_id, .. } if message_id == sent.id.0));
    assert!(matches!(events[4], Event::Deleted { message_id, .. } if message_id == user_msg));
    assert_eq!(events.len(), 5);
    let records = emu.messages(chat.id);
    assert_eq!(records.len(), 2);
    assert!(records.iter().all(|m| m.deleted));
}

#[tokio::test]
async fn markup_edits_commands_actions_and_errors() {
    let emu = Emulator::start().await.expect("start");
    let bot = bot(&emu);
    let (chat, user) = (alice_chat(), alice());
    let unknown = bot.send_message(ChatId(chat.id), "hi").await;
    assert_eq!(api_error(unknown), ApiError::ChatNotFound);
    emu.send_text(&chat, &user, "hi");

    let sent = bot
        .send_message(ChatId(chat.id), "Menu")
        .await
        .expect("send");
    let with_kb = bot
        .edit_message_reply_markup(ChatId(chat.id), sent.id)
        .reply_markup(keyboard())
        .await
        .expect("edit");
    assert_eq!(with_kb.text(), Some("Menu"));
    assert!(with_kb.reply_markup().is_some());
    bot.edit_message_reply_markup(ChatId(chat.id), sent.id)
        .await
        .expect("remove buttons");
    assert!(
        matches!(emu.events().last(), Some(Event::Edited { text: None, buttons, .. }) if buttons.is_empty())
    );

    let bad_html = bot
        .send_message(ChatId(chat.id), "<b>oops")
        .parse_mode(ParseMode::Html)
        .await;
    assert!(matches!(
        api_error(bad_html),
        ApiError::CantParseEntities(_)
    ));
    let bad_md = bot
        .send_message(ChatId(chat.id), "Done.")
        .parse_mode(ParseMode::MarkdownV2)
        .await;
    assert!(matches!(api_error(bad_md), ApiError::CantParseEntities(_)));
    let long_data = InlineKeyboardMarkup::new(vec![vec![InlineKeyboardButton::callback(
        "x",
        "d".repeat(65),
    )]]);
    let bad_kb = bot
        .send_message(ChatId(chat.id), "x")
        .reply_markup(long_data)
        .await;
    assert_eq!(api_error(bad_kb), ApiError::ButtonDataInvalid);
    let bad_query = bot.answer_callback_query("nope".to_owned().into()).await;
    assert_eq!(api_error(bad_query), ApiError::InvalidQueryId);

    let commands = vec![
        BotCommand::new("start", "Start over"),
        BotCommand::new("reset", "Reset a password"),
    ];
    bot.set_my_commands(commands.clone())
        .language_code("de")
        .await
        .expect("set commands");
    assert_eq!(
        bot.get_my_commands()
            .language_code("de")
            .await
            .expect("get"),
        commands
    );
    assert!(bot.get_my_commands().await.expect("get default").is_empty());
    bot.send_chat_action(ChatId(chat.id), ChatAction::Typing)
        .await
        .expect("action");
    let events = emu.events();
    assert!(
        matches!(&events[events.len() - 2], Event::CommandsSet { language_code: Some(l), commands }
        if l == "de" && commands[1] == ("reset".to_owned(), "Reset a password".to_owned()))
    );
    assert!(matches!(events.last(), Some(Event::ChatAction { chat_id }) if *chat_id == chat.id));

    let unsupported = bot.get_chat(ChatId(chat.id)).await;
    assert!(
        matches!(api_error(unsupported), ApiError::Unknown(d) if d.contains("not supported by the emulator"))
    );
    assert!(emu
        .requests()
        .iter()
        .any(|(method, body)| method == "getchat" && body["chat_id"] == json!(chat.id)));
}

#[tokio::test]
async fn http_details_form_bodies_and_no_5xx() {
    let emu = Emulator::start().await.expect("start");
    emu.send_text(&alice_chat(), &alice(), "hi");
    let url = emu.api_url().join("./bot1:test/sendmessage").expect("url");
    let form = [("chat_id", "1001"), ("text", "from a form")];
    let reply: serde_json::Value = reqwest::Client::new()
        .post(url)
        .form(&form)
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert_eq!(reply["result"]["text"], json!("from a form"));
    let (status, reply) = call(&emu, "NoSuchMethod", json!({})).await;
    assert_eq!(
        (status, reply["ok"].clone(), reply["error_code"].clone()),
        (400, json!(false), json!(400))
    );
    let response = reqwest::get(emu.api_url().join("favicon.ico").expect("url"))
        .await
        .expect("get");
    assert_eq!(response.status().as_u16(), 404);
    let empty = reqwest::Client::new()
        .post(emu.api_url().join("./bot1:x/getMe").expect("url"))
        .send()
        .await;
    assert_eq!(empty.expect("getMe").status().as_u16(), 200);
}

//! Every JSON shape the emulator produces parses with teloxide's types.

use serde_json::json;
use teloxide::types::{MaybeInaccessibleMessage, Me, MessageEntityKind, UpdateKind};

use super::super::{ChatSpec, Emulator, Event, UserMessage};
use super::{alice, alice_chat, last_message, last_update, ok};

#[tokio::test]
async fn get_me_and_webhook_info_parse() {
    let emu = Emulator::start().await.expect("start");
    let me: Me = serde_json::from_value(ok(&emu, "getMe", json!({})).await).expect("Me");
    assert_eq!(me.username(), "recovery_demo_bot");
    assert_eq!(me.user.id.0 as i64, emu.bot_user_id());
    let info = ok(&emu, "getWebhookInfo", json!({})).await;
    let info: teloxide::types::WebhookInfo = serde_json::from_value(info).expect("WebhookInfo");
    assert!(info.url.is_none());
}

#[tokio::test]
async fn text_message_with_command_entity() {
    let emu = Emulator::start().await.expect("start");
    let id = emu.send_text(&alice_chat(), &alice(), "/start@recovery_demo_bot hi");
    let msg = last_message(&emu).await;
    assert_eq!(msg.id.0, id);
    assert_eq!(msg.text(), Some("/start@recovery_demo_bot hi"));
    assert!(msg.chat.is_private());
    let from = msg.from.as_ref().expect("from");
    assert_eq!(from.language_code.as_deref(), Some("en"));
    let entities = msg.entities().expect("entities");
    assert_eq!(entities.len(), 1);
    assert_eq!(entities[0].kind, MessageEntityKind::BotCommand);
    assert_eq!((entities[0].offset, entities[0].length), (0, 24));

    emu.send_text(&alice_chat(), &alice(), "just text");
    assert!(last_message(&emu)
        .await
        .entities()
        .unwrap_or_default()
        .is_empty());
}

#[tokio::test]
async fn media_messages_parse() {
    let emu = Emulator::start().await.expect("start");
    let (chat, user) = (alice_chat(), alice());
    emu.send_sticker(&chat, &user);
    let sticker = last_message(&emu).await;
    assert_eq!(
        sticker.sticker().and_then(|s| s.emoji.clone()).as_deref(),
        Some("👍")
    );
    emu.send_photo(&chat, &user);
    assert_eq!(last_message(&emu).await.photo().map(<[_]>::len), Some(2));
    emu.send_voice(&chat, &user);
    assert!(last_message(&emu).await.voice().is_some());
    emu.send_contact(&chat, &user, "+15551234567");
    let contact = last_message(&emu)
        .await
        .contact()
        .cloned()
        .expect("contact");
    assert_eq!(contact.phone_number, "+15551234567");
    assert_eq!(contact.user_id.map(|u| u.0), Some(1001));
    assert_eq!(emu.messages(chat.id).len(), 4);
    assert!(emu
        .messages(chat.id)
        .iter()
        .all(|m| !m.from_bot && m.text.is_none()));
}

#[tokio::test]
async fn groups_forums_and_replies_parse() {
    let emu = Emulator::start().await.expect("start");
    let user = alice();
    let group = ChatSpec::group(-42, "Family");
    emu.send_text(&group, &user, "hello group");
    let msg = last_message(&emu).await;
    assert!(msg.chat.is_group());
    assert_eq!(msg.chat.title(), Some("Family"));

    let forum = ChatSpec::supergroup(-1_001_234, "Support", true);
    let first = emu.send_user_message(&forum, &user, UserMessage::text("in a topic").in_thread(7));
    let msg = last_message(&emu).await;
    assert!(msg.chat.is_supergroup());
    assert_eq!(msg.thread_id.map(|t| t.0 .0), Some(7));
    assert!(msg.is_topic_message);

    // the bot answers in the topic, replying; its result parses as a Message
    let sent = ok(
        &emu,
        "sendMessage",
        json!({ "chat_id": forum.id, "text": "answer", "message_thread_id": 7,
        "reply_parameters": { "message_id": first } }),
    )
    .await;
    let sent: teloxide::types::Message = serde_json::from_value(sent).expect("Message");
    assert_eq!(sent.reply_to_message().map(|m| m.id.0), Some(first));
    assert_eq!(sent.thread_id.map(|t| t.0 .0), Some(7));
    assert_eq!(sent.from.as_ref().map(|u| u.is_bot), Some(true));

    emu.send_reply(&forum, &user, sent.id.0, "thanks");
    let reply = last_message(&emu).await;
    let original = reply.reply_to_message().expect("reply_to_message");
    assert_eq!(original.text(), Some("answer"));
}

#[tokio::test]
async fn forum_topics_and_copies_parse() {
    let emu = Emulator::start().await.expect("start");
    let forum = ChatSpec::supergroup(-1_005_555, "Staff", true);
    emu.register_chat(&forum);
    let topic = ok(
        &emu,
        "createForumTopic",
        json!({ "chat_id": forum.id, "name": "#1 · Alice" }),
    )
    .await;
    let topic: teloxide::types::ForumTopic = serde_json::from_value(topic).expect("ForumTopic");
    assert_eq!(topic.name, "#1 · Alice");
    let thread = topic.thread_id.0 .0;
    assert_eq!(
        emu.topics(forum.id),
        vec![(thread, "#1 · Alice".to_string())]
    );

    let plain = ChatSpec::supergroup(-1_005_556, "Staff", false);
    emu.register_chat(&plain);
    let (status, reply) = super::call(
        &emu,
        "createForumTopic",
        json!({ "chat_id": plain.id, "name": "x" }),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        reply["description"],
        json!("Bad Request: the chat is not a forum")
    );

    let (chat, user) = (alice_chat(), alice());
    let sticker = emu.send_sticker(&chat, &user);
    let copied = ok(
        &emu,
        "copyMessage",
        json!({ "chat_id": forum.id, "from_chat_id": chat.id, "message_id": sticker,
        "message_thread_id": thread }),
    )
    .await;
    let copied: teloxide::types::MessageId = serde_json::from_value(copied).expect("MessageId");
    let record = emu.message(forum.id, copied.0).expect("the copy");
    assert!(record.from_bot);
    assert_eq!(record.media.as_deref(), Some("sticker"));
    assert_eq!(record.thread_id, Some(thread));
    assert!(matches!(
        emu.events().last(),
        Some(Event::Copied { media: Some(m), from_message_id, .. }) if m == "sticker" && *from_message_id == sticker
    ));
}

#[tokio::test]
async fn callback_queries_parse_with_regular_and_inaccessible_messages() {
    let emu = Emulator::start().await.expect("start");
    let (chat, user) = (alice_chat(), alice());
    emu.send_text(&chat, &user, "/start");
    let markup =
        json!({ "inline_keyboard": [[{ "text": "Reset password", "callback_data": "reset" }]] });
    let sent = ok(
        &emu,
        "sendMessage",
        json!({ "chat_id": chat.id, "text": "Menu", "reply_markup": markup }),
    )
    .await;
    let message_id = i32::try_from(sent["message_id"].as_i64().expect("id")).expect("i32");

    let query_id = emu.press_button(&chat, &user, message_id, "reset");
    let UpdateKind::CallbackQuery(q) = last_update(&emu).await.kind else {
        panic!("not a callback query")
    };
    assert_eq!(q.id.0, query_id);
    assert_eq!(q.data.as_deref(), Some("reset"));
    let shown = q.regular_message().expect("regular message");
    assert_eq!(shown.id.0, message_id);
    assert!(shown.reply_markup().is_some());

    ok(
        &emu,
        "deleteMessage",
        json!({ "chat_id": chat.id, "message_id": message_id }),
    )
    .await;
    emu.press_button(&chat, &user, message_id, "reset");
    let UpdateKind::CallbackQuery(q) = last_update(&emu).await.kind else {
        panic!("not a callback query")
    };
    assert!(matches!(
        q.message,
        Some(MaybeInaccessibleMessage::Inaccessible(_))
    ));
}

//! All Telegram JSON the emulator produces or reads (besides request parameters).
//!
//! Shapes follow the Bot API and are checked against teloxide 0.17's types in
//! `tests/json.rs`.

use serde_json::{json, Map, Value};

use super::state::{Content, FileRef, State, StoredMessage};
use super::{Button, ChatKind, ChatSpec, UserSpec, BOT_USERNAME, BOT_USER_ID};

pub(super) const BOT_FIRST_NAME: &str = "Recovery Bot";

/// `getMe`: teloxide's `Me` requires all the `can_*` / `supports_*` flags.
pub(super) fn me_json() -> Value {
    json!({
        "id": BOT_USER_ID,
        "is_bot": true,
        "first_name": BOT_FIRST_NAME,
        "username": BOT_USERNAME,
        "can_join_groups": true,
        "can_read_all_group_messages": false,
        "supports_inline_queries": false,
        "can_connect_to_business": false,
        "has_main_web_app": false,
    })
}

pub(super) fn bot_user_json() -> Value {
    json!({ "id": BOT_USER_ID, "is_bot": true, "first_name": BOT_FIRST_NAME, "username": BOT_USERNAME })
}

pub(super) fn user_json(user: &UserSpec) -> Value {
    let mut v = json!({ "id": user.id, "is_bot": false, "first_name": user.first_name });
    if let Some(lang) = &user.language_code {
        v["language_code"] = json!(lang);
    }
    v
}

pub(super) fn chat_json(chat: &ChatSpec) -> Value {
    match &chat.kind {
        ChatKind::Private { first_name } => {
            json!({ "id": chat.id, "type": "private", "first_name": first_name })
        }
        ChatKind::Group { title } => json!({ "id": chat.id, "type": "group", "title": title }),
        ChatKind::Supergroup { title, is_forum } => {
            json!({ "id": chat.id, "type": "supergroup", "title": title, "is_forum": is_forum })
        }
    }
}

fn is_forum(chat: &ChatSpec) -> bool {
    matches!(chat.kind, ChatKind::Supergroup { is_forum: true, .. })
}

/// The full `Message` object, with `reply_to_message` (one level, as Telegram does).
pub(super) fn message_json(st: &State, m: &StoredMessage) -> Value {
    let mut v = message_base(m);
    if let Some(target) = m.reply_to.and_then(|id| st.live(m.chat.id, id)) {
        v["reply_to_message"] = message_base(target);
    }
    v
}

fn message_base(m: &StoredMessage) -> Value {
    let mut v = Map::new();
    v.insert("message_id".into(), json!(m.message_id));
    v.insert("date".into(), json!(m.date));
    v.insert("chat".into(), chat_json(&m.chat));
    let from = m.sender.as_ref().map_or_else(bot_user_json, user_json);
    v.insert("from".into(), from);
    if let Some(thread) = m.thread_id {
        v.insert("message_thread_id".into(), json!(thread));
        if is_forum(&m.chat) {
            v.insert("is_topic_message".into(), json!(true));
        }
    }
    if let Some(edited) = m.edit_date {
        v.insert("edit_date".into(), json!(edited));
    }
    match &m.content {
        Content::Text { text, entities } => {
            v.insert("text".into(), json!(text));
            if !entities.is_empty() {
                v.insert("entities".into(), json!(entities));
            }
        }
        Content::Sticker(file) => {
            let mut sticker = file_json(file, 24_000);
            sticker["type"] = json!("regular");
            sticker["width"] = json!(512);
            sticker["height"] = json!(512);
            sticker["is_animated"] = json!(false);
            sticker["is_video"] = json!(false);
            sticker["emoji"] = json!("👍");
            v.insert("sticker".into(), sticker);
        }
        Content::Photo(file) => {
            let sizes = [(90, 1_200, "s"), (800, 64_000, "m")].map(|(side, size, tag)| {
                let sized = FileRef {
                    id: format!("{}-{tag}", file.id),
                    unique_id: format!("{}-{tag}", file.unique_id),
                };
                let mut p = file_json(&sized, size);
                p["width"] = json!(side);
                p["height"] = json!(side);
                p
            });
            v.insert("photo".into(), json!(sizes));
        }
        Content::Voice(file) => {
            let mut voice = file_json(file, 8_000);
            voice["duration"] = json!(3);
            voice["mime_type"] = json!("audio/ogg");
            v.insert("voice".into(), voice);
        }
        Content::Contact {
            phone,
            first_name,
            user_id,
        } => {
            let contact =
                json!({ "phone_number": phone, "first_name": first_name, "user_id": user_id });
            v.insert("contact".into(), contact);
        }
    }
    if let Some(rows) = &m.keyboard {
        v.insert("reply_markup".into(), json!({ "inline_keyboard": rows }));
    }
    Value::Object(v)
}

fn file_json(file: &FileRef, size: u32) -> Value {
    json!({ "file_id": file.id, "file_unique_id": file.unique_id, "file_size": size })
}

/// Bot API 7.0 "inaccessible message" (deleted or unknown): `date` 0.
pub(super) fn inaccessible_message_json(chat: &ChatSpec, message_id: i32) -> Value {
    json!({ "chat": chat_json(chat), "message_id": message_id, "date": 0 })
}

/// A `bot_command` entity when the text starts with `/command` (offset and
/// length in UTF-16 code units, `@botname` suffix included).
pub(super) fn command_entities(text: &str) -> Vec<Value> {
    let Some(rest) = text.strip_prefix('/') else {
        return Vec::new();
    };
    let command_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let command = &text[..=command_len];
    let name = command
        .trim_start_matches('/')
        .split('@')
        .next()
        .unwrap_or("");
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Vec::new();
    }
    let length = command.encode_utf16().count();
    vec![json!({ "type": "bot_command", "offset": 0, "length": length })]
}

/// Reads `reply_markup`: for an inline keyboard, the rows to store (`None` if
/// empty) and the typed buttons. Other markups (reply keyboards, `remove_keyboard`,
/// `force_reply`) are accepted and do not show in the message.
pub(super) fn inline_keyboard(
    markup: Option<&Value>,
) -> Result<(Option<Value>, Vec<Vec<Button>>), String> {
    let parsed;
    let markup = match markup {
        None | Some(Value::Null) => return Ok((None, Vec::new())),
        Some(Value::String(s)) => {
            parsed = serde_json::from_str::<Value>(s)
                .map_err(|_| "can't parse reply keyboard markup JSON object".to_owned())?;
            &parsed
        }
        Some(v) => v,
    };
    let Some(rows) = markup.get("inline_keyboard") else {
        if markup.is_object() {
            return Ok((None, Vec::new()));
        }
        return Err("can't parse reply keyboard markup JSON object".into());
    };
    let rows = rows
        .as_array()
        .ok_or("field \"inline_keyboard\" must be of type Array")?;
    let mut buttons = Vec::new();
    for row in rows {
        let row = row
            .as_array()
            .ok_or("field \"inline_keyboard\" must be an Array of Arrays")?;
        let mut out = Vec::new();
        for b in row {
            out.push(button(b)?);
        }
        if !out.is_empty() {
            buttons.push(out);
        }
    }
    if buttons.is_empty() {
        return Ok((None, Vec::new()));
    }
    Ok((Some(Value::Array(rows.clone())), buttons))
}

fn button(b: &Value) -> Result<Button, String> {
    let text = b.get("text").and_then(Value::as_str).unwrap_or_default();
    if text.is_empty() {
        return Err("can't find field \"text\"".into());
    }
    let callback_data = b
        .get("callback_data")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if let Some(data) = &callback_data {
        if data.is_empty() || data.len() > 64 {
            return Err("BUTTON_DATA_INVALID".into());
        }
    }
    let url = b.get("url").and_then(Value::as_str).map(str::to_owned);
    const OTHER_ACTIONS: [&str; 8] = [
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    ];
    let has_action = callback_data.is_some()
        || url.is_some()
        || OTHER_ACTIONS.iter().any(|k| b.get(k).is_some());
    if !has_action {
        return Err("text buttons are unallowed in the inline keyboard".into());
    }
    Ok(Button {
        text: text.to_owned(),
        callback_data,
        url,
    })
}

pub(super) fn commands_json(commands: &[(String, String)]) -> Value {
    Value::Array(
        commands
            .iter()
            .map(|(command, description)| json!({ "command": command, "description": description }))
            .collect(),
    )
}

//! Bot API methods on messages: send, edit, delete.

use serde_json::{json, Map, Value};

use super::error::{ApiError, ApiResult};
use super::params::{chat_id, flag, int, message_id, string};
use super::state::{now, Content, Shared, StoredMessage};
use super::{json as tg, markup, Event};

type Params = Map<String, Value>;

/// Text after `parse_mode`, trimmed, non-empty, at most 4096 characters.
fn message_text(p: &Params) -> Result<String, ApiError> {
    let raw = string(p, "text").unwrap_or_default();
    let parse_mode = string(p, "parse_mode");
    let text = markup::plain_text(&raw, parse_mode.as_deref()).map_err(ApiError::bad)?;
    let text = text.trim();
    if text.is_empty() {
        return Err(ApiError::bad("message text is empty"));
    }
    if text.chars().count() > 4096 {
        return Err(ApiError::bad("message is too long"));
    }
    Ok(text.to_owned())
}

/// `reply_parameters` (or legacy `reply_to_message_id`): (message id, allow sending without reply).
fn reply_parameters(p: &Params) -> Result<Option<(i32, bool)>, ApiError> {
    let parsed;
    let rp = match p.get("reply_parameters") {
        Some(Value::String(s)) => {
            parsed = serde_json::from_str::<Value>(s)
                .map_err(|_| ApiError::bad("can't parse reply parameters"))?;
            Some(&parsed)
        }
        other => other.filter(|v| !v.is_null()),
    };
    if let Some(Value::Object(rp)) = rp {
        let id = message_id(rp, "message_id")?;
        return Ok(Some((id, flag(rp, "allow_sending_without_reply"))));
    }
    match int(p, "reply_to_message_id")? {
        Some(id) => {
            let id = i32::try_from(id).map_err(|_| ApiError::bad("invalid reply_to_message_id"))?;
            Ok(Some((id, flag(p, "allow_sending_without_reply"))))
        }
        None => Ok(None),
    }
}

pub(super) fn send_message(shared: &Shared, p: &Params) -> ApiResult {
    let chat_id = chat_id(p)?;
    let text = message_text(p)?;
    let (keyboard, buttons) = tg::inline_keyboard(p.get("reply_markup")).map_err(ApiError::bad)?;
    let thread_id = int(p, "message_thread_id")?.and_then(|t| i32::try_from(t).ok());
    let reply = reply_parameters(p)?;
    let mut st = shared.lock();
    let chat = st
        .chats
        .get(&chat_id)
        .cloned()
        .ok_or_else(|| ApiError::bad("chat not found"))?;
    let reply_to = match reply {
        Some((id, _)) if st.live(chat_id, id).is_some() => Some(id),
        Some((_, true)) | None => None,
        Some((_, false)) => return Err(ApiError::bad("message to be replied not found")),
    };
    let message_id = st.new_message_id();
    let stored = StoredMessage {
        chat,
        message_id,
        date: now(),
        edit_date: None,
        sender: None,
        content: Content::Text {
            text: text.clone(),
            entities: Vec::new(),
        },
        keyboard,
        buttons: buttons.clone(),
        thread_id,
        reply_to,
        deleted: false,
    };
    let result = tg::message_json(&st, &stored);
    st.insert_message(stored);
    shared.emit(
        &mut st,
        Event::Sent {
            chat_id,
            message_id,
            text,
            buttons,
            thread_id,
        },
    );
    Ok(result)
}

/// `copyMessage`: the content of a live message, sent anew by the bot (with an optional
/// new caption ignored: the emulator's media have none). Returns `{"message_id"}`.
pub(super) fn copy_message(shared: &Shared, p: &Params) -> ApiResult {
    let chat_id = chat_id(p)?;
    let from_chat_id =
        int(p, "from_chat_id")?.ok_or_else(|| ApiError::bad("from_chat_id is empty"))?;
    let from_message_id = message_id(p, "message_id")?;
    let (keyboard, buttons) = tg::inline_keyboard(p.get("reply_markup")).map_err(ApiError::bad)?;
    let thread_id = int(p, "message_thread_id")?.and_then(|t| i32::try_from(t).ok());
    let reply = reply_parameters(p)?;
    let mut st = shared.lock();
    let chat = st
        .chats
        .get(&chat_id)
        .cloned()
        .ok_or_else(|| ApiError::bad("chat not found"))?;
    let content = st
        .live(from_chat_id, from_message_id)
        .map(|m| m.content.clone())
        .ok_or_else(|| ApiError::bad("message to copy not found"))?;
    let reply_to = match reply {
        Some((id, _)) if st.live(chat_id, id).is_some() => Some(id),
        Some((_, true)) | None => None,
        Some((_, false)) => return Err(ApiError::bad("message to be replied not found")),
    };
    let message_id = st.new_message_id();
    let event = Event::Copied {
        chat_id,
        message_id,
        thread_id,
        from_chat_id,
        from_message_id,
        text: match &content {
            Content::Text { text, .. } => Some(text.clone()),
            _ => None,
        },
        media: content.media().map(str::to_owned),
    };
    let stored = StoredMessage {
        chat,
        message_id,
        date: now(),
        edit_date: None,
        sender: None,
        content,
        keyboard,
        buttons,
        thread_id,
        reply_to,
        deleted: false,
    };
    st.insert_message(stored);
    shared.emit(&mut st, event);
    Ok(json!({ "message_id": message_id }))
}

/// `editMessageText` (`with_text`) or `editMessageReplyMarkup`. As on Telegram,
/// an absent `reply_markup` removes the inline keyboard in both.
pub(super) fn edit_message(shared: &Shared, p: &Params, with_text: bool) -> ApiResult {
    if p.contains_key("inline_message_id") {
        return Err(ApiError::bad(
            "inline messages are not supported by the emulator",
        ));
    }
    let chat_id = chat_id(p)?;
    let message_id = message_id(p, "message_id")?;
    let text = if with_text {
        Some(message_text(p)?)
    } else {
        None
    };
    let (keyboard, buttons) = tg::inline_keyboard(p.get("reply_markup")).map_err(ApiError::bad)?;
    let mut st = shared.lock();
    let message = st
        .messages
        .get_mut(&(chat_id, message_id))
        .filter(|m| !m.deleted)
        .ok_or_else(|| ApiError::bad("message to edit not found"))?;
    if message.sender.is_some() {
        return Err(ApiError::bad("message can't be edited"));
    }
    let new_content = match (&text, &message.content) {
        (Some(text), Content::Text { .. }) => Content::Text {
            text: text.clone(),
            entities: Vec::new(),
        },
        (Some(_), _) => return Err(ApiError::bad("there is no text in the message to edit")),
        (None, content) => content.clone(),
    };
    if new_content == message.content && keyboard == message.keyboard {
        return Err(ApiError::bad(
            "message is not modified: specified new message content and reply markup are exactly the same \
             as a current content and reply markup of the message",
        ));
    }
    message.content = new_content;
    message.keyboard = keyboard;
    message.buttons = buttons.clone();
    message.edit_date = Some(now());
    let snapshot = message.clone();
    let result = tg::message_json(&st, &snapshot);
    shared.emit(
        &mut st,
        Event::Edited {
            chat_id,
            message_id,
            text,
            buttons,
        },
    );
    Ok(result)
}

pub(super) fn message_ids(p: &Params) -> Result<Vec<i32>, ApiError> {
    let parsed;
    let ids = match p.get("message_ids") {
        Some(Value::String(s)) => {
            parsed = serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
            &parsed
        }
        Some(v) => v,
        None => return Err(ApiError::bad("message_ids is empty")),
    };
    let ids: Vec<i32> = ids
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_i64)
                .filter_map(|i| i32::try_from(i).ok())
                .collect()
        })
        .unwrap_or_default();
    if ids.is_empty() || ids.len() > 100 {
        return Err(ApiError::bad("message_ids is empty or too long"));
    }
    Ok(ids)
}

/// Marks messages deleted. `strict` (deleteMessage): an unknown or already
/// deleted message is an error; deleteMessages skips those.
pub(super) fn delete_messages(
    shared: &Shared,
    chat_id: i64,
    ids: &[i32],
    strict: bool,
) -> ApiResult {
    let mut st = shared.lock();
    for &message_id in ids {
        match st
            .messages
            .get_mut(&(chat_id, message_id))
            .filter(|m| !m.deleted)
        {
            Some(message) => {
                message.deleted = true;
                shared.emit(
                    &mut st,
                    Event::Deleted {
                        chat_id,
                        message_id,
                    },
                );
            }
            None if strict => return Err(ApiError::bad("message to delete not found")),
            None => {}
        }
    }
    Ok(json!(true))
}

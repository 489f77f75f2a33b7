//! Bot API method dispatch (all but `getUpdates`), callback answers and commands.

use serde_json::{json, Map, Value};

use super::error::{ApiError, ApiResult};
use super::params::{chat_id, flag, message_id, string};
use super::state::{CommandsKey, Shared, State};
use super::{json as tg, messages, webhook, ChatKind, Event};

type Params = Map<String, Value>;

pub(super) fn call(shared: &Shared, method: &str, p: &Params) -> ApiResult {
    match method {
        "getme" => Ok(tg::me_json()),
        "getwebhookinfo" => webhook::webhook_info(shared),
        "setwebhook" => webhook::set_webhook(shared, p),
        "deletewebhook" => webhook::delete_webhook(shared, p),
        "close" | "logout" => Ok(json!(true)),
        "sendmessage" => messages::send_message(shared, p),
        "copymessage" => messages::copy_message(shared, p),
        "createforumtopic" => create_forum_topic(shared, p),
        "editmessagetext" => messages::edit_message(shared, p, true),
        "editmessagereplymarkup" => messages::edit_message(shared, p, false),
        "deletemessage" => {
            let ids = [message_id(p, "message_id")?];
            messages::delete_messages(shared, chat_id(p)?, &ids, true)
        }
        "deletemessages" => {
            messages::delete_messages(shared, chat_id(p)?, &messages::message_ids(p)?, false)
        }
        "answercallbackquery" => answer_callback_query(shared, p),
        "setmycommands" => set_my_commands(shared, p),
        "getmycommands" => {
            let st = shared.lock();
            let list = st
                .commands
                .get(&commands_key(p))
                .cloned()
                .unwrap_or_default();
            Ok(tg::commands_json(&list))
        }
        "deletemycommands" => {
            let mut st = shared.lock();
            st.commands.remove(&commands_key(p));
            let event = Event::CommandsSet {
                language_code: string(p, "language_code"),
                commands: Vec::new(),
            };
            shared.emit(&mut st, event);
            Ok(json!(true))
        }
        "sendchataction" => {
            let chat_id = chat_id(p)?;
            let mut st = shared.lock();
            known_chat(&st, chat_id)?;
            shared.emit(&mut st, Event::ChatAction { chat_id });
            Ok(json!(true))
        }
        _ => {
            tracing::warn!(method, "telegram emulator: method not supported");
            Err(ApiError::bad("method not supported by the emulator"))
        }
    }
}

fn known_chat(st: &State, chat_id: i64) -> Result<(), ApiError> {
    if st.chats.contains_key(&chat_id) {
        Ok(())
    } else {
        Err(ApiError::bad("chat not found"))
    }
}

/// `createForumTopic`: only in a supergroup with topics. The thread id is a fresh message
/// id, as on Telegram (the id of the topic's "created" service message).
fn create_forum_topic(shared: &Shared, p: &Params) -> ApiResult {
    let chat_id = chat_id(p)?;
    let name = string(p, "name").unwrap_or_default();
    if name.is_empty() || name.chars().count() > 128 {
        return Err(ApiError::bad("TOPIC_NAME_INVALID"));
    }
    let icon_color = super::params::int(p, "icon_color")?.unwrap_or(0x6F_B9F0);
    let mut st = shared.lock();
    let chat = st
        .chats
        .get(&chat_id)
        .ok_or_else(|| ApiError::bad("chat not found"))?;
    if !matches!(chat.kind, ChatKind::Supergroup { is_forum: true, .. }) {
        return Err(ApiError::bad("the chat is not a forum"));
    }
    let thread_id = st.new_message_id();
    st.topics.insert((chat_id, thread_id), name.clone());
    shared.emit(
        &mut st,
        Event::TopicCreated {
            chat_id,
            thread_id,
            name: name.clone(),
        },
    );
    Ok(json!({ "message_thread_id": thread_id, "name": name, "icon_color": icon_color }))
}

fn answer_callback_query(shared: &Shared, p: &Params) -> ApiResult {
    let id = string(p, "callback_query_id").unwrap_or_default();
    let mut st = shared.lock();
    // A lean emulator forgets a query once answered (Telegram takes one answer).
    let known = if shared.keep_history {
        st.callback_ids.contains(&id)
    } else {
        st.callback_ids.remove(&id)
    };
    if !known {
        return Err(ApiError::bad(
            "query is too old and response timeout expired or query id is invalid",
        ));
    }
    let event = Event::CallbackAnswered {
        callback_query_id: id,
        text: string(p, "text"),
        show_alert: flag(p, "show_alert"),
    };
    shared.emit(&mut st, event);
    Ok(json!(true))
}

fn commands_key(p: &Params) -> CommandsKey {
    let scope = match p.get("scope") {
        Some(Value::String(s)) => serde_json::from_str::<Value>(s).unwrap_or(Value::Null),
        Some(v) => v.clone(),
        None => Value::Null,
    };
    let scope = if scope.is_null() {
        json!({ "type": "default" })
    } else {
        scope
    };
    (
        scope.to_string(),
        string(p, "language_code").filter(|l| !l.is_empty()),
    )
}

fn set_my_commands(shared: &Shared, p: &Params) -> ApiResult {
    let parsed;
    let list = match p.get("commands") {
        Some(Value::String(s)) => {
            parsed = serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
            &parsed
        }
        Some(v) => v,
        None => return Err(ApiError::bad("commands is empty")),
    };
    let list = list
        .as_array()
        .ok_or_else(|| ApiError::bad("can't parse commands"))?;
    let mut commands = Vec::new();
    for c in list {
        let command = c.get("command").and_then(Value::as_str).unwrap_or_default();
        let description = c
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let valid = (1..=32).contains(&command.len())
            && command
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
        if !valid {
            return Err(ApiError::bad("BOT_COMMAND_INVALID"));
        }
        if description.is_empty() || description.chars().count() > 256 {
            return Err(ApiError::bad("command description is empty or too long"));
        }
        commands.push((command.to_owned(), description.to_owned()));
    }
    let key = commands_key(p);
    let mut st = shared.lock();
    st.commands.insert(key.clone(), commands.clone());
    shared.emit(
        &mut st,
        Event::CommandsSet {
            language_code: key.1,
            commands,
        },
    );
    Ok(json!(true))
}

//! Sending messages (counted as replies), and removing secret-bearing ones.

use super::{render, HandlerResult, Tg};
use crate::chat::Reply;
use crate::i18n::Tr;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, MessageId};

pub async fn say(bot: &Tg, chat: ChatId, text: String) -> HandlerResult {
    sent(bot.send_message(chat, text).await)
}

async fn say_with(
    bot: &Tg,
    chat: ChatId,
    text: String,
    keyboard: InlineKeyboardMarkup,
) -> HandlerResult {
    sent(bot.send_message(chat, text).reply_markup(keyboard).await)
}

/// Sends the core's `reply` in `tr`'s language, with its buttons if it has any.
pub async fn send(bot: &Tg, chat: ChatId, reply: &Reply, tr: &Tr) -> HandlerResult {
    match render::message(reply, tr) {
        (text, Some(keyboard)) => say_with(bot, chat, text, keyboard).await,
        (text, None) => say(bot, chat, text).await,
    }
}

/// Answers a button press, with `reply` as a notice (or, with `alert`, an alert) when
/// there is one.
pub async fn notice(
    bot: &Tg,
    q: &CallbackQuery,
    reply: Option<Reply>,
    tr: &Tr,
    alert: bool,
) -> HandlerResult {
    let mut answer = bot.answer_callback_query(q.id.clone());
    if let Some(reply) = reply {
        answer = answer.text(render::text(&reply, tr));
    }
    if alert {
        answer = answer.show_alert(true);
    }
    answer.await?;
    Ok(())
}

/// A reply Telegram took counts as sent, also when its answer could not be read (the
/// message is there; nothing here needs its id).
fn sent<T>(outcome: Result<T, teloxide::RequestError>) -> HandlerResult {
    match outcome {
        Ok(_) => {}
        Err(error) if super::retry::unreadable_success(&error) => {}
        Err(error) => return Err(error.into()),
    }
    crate::metrics::count(|m| &m.replies);
    Ok(())
}

/// Deletes a message that may carry a code or a password. A failure (for example a message
/// older than 48 hours) is logged; the flow goes on.
pub async fn delete_secret(bot: &Tg, chat: ChatId, message: MessageId) {
    if let Err(error) = bot.delete_message(chat, message).await {
        tracing::warn!(chat = chat.0, %error, "could not delete a message that carried a secret");
    }
}

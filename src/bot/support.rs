//! "Talk to support", the user's side: describe the problem, get a ticket, talk to the
//! agents through the bot. Messages that a reset step consumed never come here (they are
//! handled by that step); a message that looks like a code or a password (or, in a chat
//! linked to the account, is its password) is deleted and not passed on, with one answer
//! whatever triggered it.

use super::reply;
use super::staff;
use super::{ChatDialogue, HandlerResult, State, Tg};
use crate::i18n::Tr;
use crate::recovery::Services;
use crate::support::ticket::Body;
use crate::support::{Opener, Opening, UserSays};
use fluent_bundle::FluentValue;
use teloxide::prelude::*;

/// /support, the menu button, and the offers after a lockout or a refusal.
pub async fn start(
    bot: &Tg,
    chat: ChatId,
    dialogue: &ChatDialogue,
    tr: &Tr,
    svc: &Services,
) -> HandlerResult {
    if !svc.support_enabled() {
        return reply::say_with(
            bot,
            chat,
            tr.t("support-unavailable"),
            reply::main_menu(tr, false),
        )
        .await;
    }
    if let Some(ticket) = svc.active_ticket(chat.0)? {
        super::set_state(dialogue, State::SupportChat { ticket: ticket.id }).await?;
        let text = tr.ta(
            "support-still-open",
            &[("ticket", FluentValue::from(ticket.id))],
        );
        return reply::say(bot, chat, text).await;
    }
    super::set_state(dialogue, State::SupportDescribe).await?;
    reply::say_with(bot, chat, tr.t("support-ask"), reply::cancel_only(tr)).await
}

/// What kind of message it is: its text, or the kind of media to copy.
pub fn body_of(msg: &Message) -> Body {
    if let Some(text) = msg.text() {
        return Body::Text(text.to_string());
    }
    let kind = if msg.sticker().is_some() {
        "sticker"
    } else if msg.photo().is_some() {
        "photo"
    } else if msg.voice().is_some() {
        "voice"
    } else if msg.video().is_some() {
        "video"
    } else if msg.document().is_some() {
        "document"
    } else if msg.contact().is_some() {
        "contact"
    } else {
        "other"
    };
    Body::Media(kind.to_string())
}

fn opener(msg: &Message, tr: &Tr) -> Opener {
    Opener {
        chat_id: msg.chat.id.0,
        name: msg
            .from
            .as_ref()
            .map(|u| u.first_name.clone())
            .unwrap_or_default(),
        language: tr.lang.to_string(),
    }
}

async fn refuse_secret(bot: &Tg, msg: &Message, tr: &Tr) -> HandlerResult {
    reply::delete_secret(bot, msg.chat.id, msg.id).await;
    reply::say(bot, msg.chat.id, tr.t("support-secret-refused")).await
}

/// The description: opens the ticket and posts it to the staff chat.
pub async fn receive_description(
    bot: Tg,
    msg: Message,
    dialogue: ChatDialogue,
    tr: Tr,
    svc: Services,
) -> HandlerResult {
    let chat = msg.chat.id;
    let Some(text) = msg.text() else {
        return reply::say(&bot, chat, tr.t("expect-description")).await;
    };
    open(&bot, &msg, text, &dialogue, &tr, &svc).await
}

async fn open(
    bot: &Tg,
    msg: &Message,
    description: &str,
    dialogue: &ChatDialogue,
    tr: &Tr,
    svc: &Services,
) -> HandlerResult {
    let ticket = match svc
        .open_ticket(&opener(msg, tr), description, msg.id.0)
        .await?
    {
        Opening::Opened(ticket) => *ticket,
        Opening::Secret => return refuse_secret(bot, msg, tr).await,
        Opening::RateLimited => {
            return reply::say(bot, msg.chat.id, tr.t("support-describe-limited")).await
        }
    };
    let id = ticket.id;
    super::set_state(dialogue, State::SupportChat { ticket: id }).await?;
    reply::say(
        bot,
        msg.chat.id,
        tr.ta("support-opened", &[("ticket", FluentValue::from(id))]),
    )
    .await?;
    staff::post_ticket(bot, svc, ticket).await;
    Ok(())
}

/// A message while the chat talks to support: relayed, refused, or (after the close) the
/// start of a new ticket.
pub async fn relay(
    bot: Tg,
    msg: Message,
    dialogue: ChatDialogue,
    ticket: u64,
    tr: Tr,
    svc: Services,
) -> HandlerResult {
    let chat = msg.chat.id;
    let body = body_of(&msg);
    match svc
        .user_says(ticket, body.clone(), (chat.0, msg.id.0))
        .await?
    {
        UserSays::Relay(ticket) => {
            staff::relay_user(&bot, &svc, *ticket, &msg, &body).await;
            Ok(())
        }
        UserSays::Duplicate => Ok(()),
        UserSays::RateLimited => reply::say(&bot, chat, tr.t("support-rate-limited")).await,
        UserSays::Secret => refuse_secret(&bot, &msg, &tr).await,
        UserSays::Closed => match &body {
            Body::Text(text) => open(&bot, &msg, text, &dialogue, &tr, &svc).await,
            Body::Media(_) | Body::Withheld => start(&bot, chat, &dialogue, &tr, &svc).await,
        },
    }
}

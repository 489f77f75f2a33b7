//! "Talk to support", the user's side: describe the problem, get a ticket, talk to the
//! agents through the bot. Messages that a reset step consumed never come here (they are
//! handled by that step); a message that looks like a code or a password (or, in a chat
//! linked to the account, is its password) is deleted and not passed on, with one answer
//! whatever triggered it.

use super::reply;
use super::staff;
use super::turn::{Text, Turn};
use super::{HandlerResult, State};
use crate::i18n::Tr;
use crate::support::ticket::Body;
use crate::support::{Opener, Opening, UserSays};
use fluent_bundle::FluentValue;
use teloxide::prelude::*;

/// /support, the menu button, and the offers after a lockout or a refusal.
pub async fn start(turn: &Turn, state: &State) -> HandlerResult {
    turn.apply(crate::chat::menu::support(&turn.svc, &turn.talk(), state)?)
        .await
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

async fn refuse_secret(turn: &Turn, msg: &Message) -> HandlerResult {
    reply::delete_secret(&turn.bot, msg.chat.id, msg.id).await;
    turn.say_key("support-secret-refused").await
}

/// The description: opens the ticket and posts it to the staff chat.
pub async fn receive_description(turn: Turn, msg: Message, Text(text): Text) -> HandlerResult {
    open(&turn, &msg, &text).await
}

async fn open(turn: &Turn, msg: &Message, description: &str) -> HandlerResult {
    let (tr, svc) = (&turn.tr, &turn.svc);
    let ticket = match svc
        .support()
        .open_ticket(&opener(msg, tr), description, msg.id.0)
        .await?
    {
        Opening::Opened(ticket) => *ticket,
        Opening::Secret => return refuse_secret(turn, msg).await,
        Opening::RateLimited => return turn.say_key("support-describe-limited").await,
    };
    let id = ticket.id;
    turn.set(State::SupportChat { ticket: id }).await?;
    turn.say(tr.ta("support-opened", &[("ticket", FluentValue::from(id))]))
        .await?;
    staff::post_ticket(&turn.bot, svc, ticket).await;
    Ok(())
}

/// A message while the chat talks to support: relayed, refused, or (after the close) the
/// start of a new ticket.
pub async fn relay(turn: Turn, msg: Message, ticket: u64) -> HandlerResult {
    let body = body_of(&msg);
    match turn
        .svc
        .support()
        .user_says(ticket, body.clone(), (turn.chat.0, msg.id.0))
        .await?
    {
        UserSays::Relay(ticket) => {
            staff::relay_user(&turn.bot, &turn.svc, *ticket, &msg, &body).await;
            Ok(())
        }
        UserSays::Duplicate => Ok(()),
        UserSays::RateLimited => turn.say_key("support-rate-limited").await,
        UserSays::Secret => refuse_secret(&turn, &msg).await,
        UserSays::Closed => match &body {
            Body::Text(text) => open(&turn, &msg, text).await,
            Body::Media(_) | Body::Withheld => start(&turn, &State::SupportChat { ticket }).await,
        },
    }
}

//! "Talk to support", the user's side, as the core has it ([`crate::chat::support`]):
//! here what is Telegram's, the kind of a message, deleting one, posting a new ticket
//! and relaying messages to the staff chat. Messages that a reset step consumed never
//! come here (they are handled by that step).

use super::reply;
use super::staff;
use super::turn::{Text, Turn};
use super::{HandlerResult, State};
use crate::chat::support::{self, Heard};
use crate::i18n::Tr;
use crate::support::ticket::Body;
use crate::support::Opener;
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

/// The description: opens the ticket and posts it to the staff chat.
pub async fn receive_description(turn: Turn, msg: Message, Text(text): Text) -> HandlerResult {
    let opener = opener(&msg, &turn.tr);
    let stay = State::SupportDescribe;
    let heard = support::description(&turn.svc, &opener, &text, msg.id.0, stay).await?;
    hear(&turn, &msg, heard).await
}

/// A message while the chat talks to support.
pub async fn relay(turn: Turn, msg: Message, ticket: u64) -> HandlerResult {
    let body = body_of(&msg);
    let heard = support::message(&turn.svc, &turn.talk(), ticket, body, msg.id.0).await?;
    hear(&turn, &msg, heard).await
}

/// Carries out what the core made of a message: the chat's step, the message deleted
/// (a secret), the new ticket posted, or the message relayed to the agents.
async fn hear(turn: &Turn, msg: &Message, heard: Heard) -> HandlerResult {
    match heard {
        Heard::Step(step) => turn.apply(step).await,
        Heard::Secret(step) => {
            reply::delete_secret(&turn.bot, msg.chat.id, msg.id).await;
            turn.apply(step).await
        }
        Heard::Opened(step, ticket) => {
            turn.apply(step).await?;
            staff::post_ticket(&turn.bot, &turn.svc, *ticket).await;
            Ok(())
        }
        Heard::Relay(ticket) => {
            let body = body_of(msg);
            staff::relay_user(&turn.bot, &turn.svc, *ticket, msg, &body).await;
            Ok(())
        }
    }
}

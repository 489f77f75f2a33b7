//! A ticket in the staff chat: its topic (when the chat is a forum) or its card (a message
//! with Take/Close buttons), the user's messages relayed into it, announcements, and the
//! card kept up to date. Every message posted for a ticket is mapped to it in the store,
//! so that an agent's reply finds its ticket without reading ids out of text.

use super::{render, Tg};
use crate::chat::staff::card::{self, topic_name, user_message};
use crate::chat::staff::quote::chunks;
use crate::chat::staff::CHUNK;
use crate::i18n::Tr;
use crate::recovery::Services;
use crate::support::ticket::{Body, Ticket};
use teloxide::prelude::*;
use teloxide::types::{Chat, ChatKind, MessageId, PublicChatKind, ReplyParameters, ThreadId};

/// Characters of a topic's name at most.
const TOPIC_NAME: usize = 128;
/// Characters of one staff-chat message at most (Telegram allows 4,096).
pub const MESSAGE_MAX: usize = 4000;

/// The staff chat speaks the default language; agents' own chats speak theirs.
pub fn staff_tr(svc: &Services) -> Tr {
    Tr::new(svc.i18n().clone(), svc.i18n().default_language())
}

pub fn is_forum(chat: &Chat) -> bool {
    match &chat.kind {
        ChatKind::Public(public) => {
            matches!(&public.kind, PublicChatKind::Supergroup(s) if s.is_forum)
        }
        ChatKind::Private(_) => false,
    }
}

/// Where in the staff chat a message belongs: a chat and, in a forum, a topic.
pub fn place_of(msg: &Message) -> (i64, Option<i32>) {
    let thread = msg
        .thread_id
        .filter(|_| msg.is_topic_message)
        .map(|t| t.0 .0);
    (msg.chat.id.0, thread)
}

/// Opens the ticket's topic (in a forum) and posts its card. Failures are logged: the
/// ticket exists anyway, agents see it in /tickets, and the next message tries again.
pub async fn post_ticket(bot: &Tg, svc: &Services, ticket: Ticket) -> Ticket {
    let Some(chat) = svc.staff_chat() else {
        return ticket;
    };
    let tr = staff_tr(svc);
    let mut topic = ticket.topic;
    if topic.is_none() && svc.support().staff_chat_has_topics(chat) != Some(false) {
        let name: String = render::line(&topic_name(&ticket), &tr)
            .chars()
            .take(TOPIC_NAME)
            .collect();
        match bot.create_forum_topic(ChatId(chat), name).await {
            Ok(created) => {
                let thread = created.thread_id.0 .0;
                topic = Some(thread);
                log_err(svc.support().note_staff_chat_topics(chat, true));
                log_err(svc.support().note_ticket_topic(chat, thread, ticket.id));
            }
            Err(error) if error.to_string().to_lowercase().contains("forum") => {
                tracing::info!(chat, "the staff chat has no topics: tickets are cards");
                log_err(svc.support().note_staff_chat_topics(chat, false));
            }
            Err(error) => tracing::warn!(chat, %error, "could not open a topic for a ticket"),
        }
    }
    let mut shown = ticket.clone();
    shown.topic = topic;
    let (text, buttons) = render::message(&card::card(svc, &shown), &tr);
    let mut request = bot.send_message(ChatId(chat), text);
    if let Some(buttons) = buttons {
        request = request.reply_markup(buttons);
    }
    if let Some(thread) = topic {
        request = request.message_thread_id(ThreadId(MessageId(thread)));
    }
    let posted = match request.await {
        Ok(sent) => {
            log_err(
                svc.support()
                    .note_ticket_message(chat, sent.id.0, ticket.id),
            );
            Some(sent.id.0)
        }
        Err(error) => {
            tracing::error!(chat, %error, "could not post a ticket to the staff chat");
            None
        }
    };
    match svc.support().note_ticket_posted(ticket.id, topic, posted) {
        Ok(Some(updated)) => updated,
        Ok(None) => shown,
        Err(error) => {
            tracing::error!(%error, "could not save where a ticket was posted");
            shown
        }
    }
}

fn log_err<E: std::fmt::Display>(result: Result<(), E>) {
    if let Err(error) = result {
        tracing::error!(%error, "could not save a staff-chat mapping");
    }
}

/// Posts `text` where the ticket lives (its topic, or as a reply to its card) and maps it.
pub async fn announce(bot: &Tg, svc: &Services, ticket: &Ticket, text: String) {
    if text.chars().count() > MESSAGE_MAX {
        for part in chunks(&text, MESSAGE_MAX) {
            Box::pin(announce(bot, svc, ticket, part)).await;
        }
        return;
    }
    let Some(chat) = svc.staff_chat() else {
        return;
    };
    let mut request = bot.send_message(ChatId(chat), text);
    if let Some(thread) = ticket.topic {
        request = request.message_thread_id(ThreadId(MessageId(thread)));
    } else if let Some(card) = ticket.card {
        request = request
            .reply_parameters(ReplyParameters::new(MessageId(card)).allow_sending_without_reply());
    }
    match request.await {
        Ok(sent) => log_err(
            svc.support()
                .note_ticket_message(chat, sent.id.0, ticket.id),
        ),
        Err(error) => tracing::error!(chat, %error, "could not post to the staff chat"),
    }
}

/// Relays a user's message into the ticket's place: text quoted under the user's name
/// (see [`crate::chat::staff::quote`]), split into messages between lines, anything else as a copy.
pub async fn relay_user(bot: &Tg, svc: &Services, ticket: Ticket, msg: &Message, body: &Body) {
    let ticket = if ticket.card.is_none() {
        post_ticket(bot, svc, ticket).await
    } else {
        ticket
    };
    let tr = staff_tr(svc);
    match body {
        Body::Text(text) => {
            for piece in user_message(&ticket, text, CHUNK) {
                announce(bot, svc, &ticket, render::text(&piece, &tr)).await;
            }
        }
        Body::Withheld => {}
        Body::Media(_) => {
            let Some(chat) = svc.staff_chat() else {
                return;
            };
            let mut request = bot.copy_message(ChatId(chat), msg.chat.id, msg.id);
            if let Some(thread) = ticket.topic {
                request = request.message_thread_id(ThreadId(MessageId(thread)));
            } else if let Some(card) = ticket.card {
                request = request.reply_parameters(
                    ReplyParameters::new(MessageId(card)).allow_sending_without_reply(),
                );
            }
            match request.await {
                Ok(copy) => log_err(svc.support().note_ticket_message(chat, copy.0, ticket.id)),
                Err(error) => {
                    tracing::error!(chat, %error, "could not copy a message to the staff chat")
                }
            }
        }
    }
}

/// Shows the ticket's current state on its card; a closed ticket's card loses its buttons.
pub async fn refresh_card(bot: &Tg, svc: &Services, ticket: &Ticket) {
    let (Some(chat), Some(message)) = (svc.staff_chat(), ticket.card) else {
        return;
    };
    let tr = staff_tr(svc);
    let (text, buttons) = render::message(&card::card(svc, ticket), &tr);
    let mut request = bot.edit_message_text(ChatId(chat), MessageId(message), text);
    if let Some(buttons) = buttons {
        request = request.reply_markup(buttons);
    }
    if let Err(error) = request.await {
        tracing::debug!(chat, %error, "could not update a ticket card");
    }
}

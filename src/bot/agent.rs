//! The agents' side: commands (in the staff chat or a private chat), the Take/Close
//! buttons, and answers written in a ticket's topic or as a reply to a ticket's message.
//! The core's desk ([`crate::chat::staff`]) decides; here the update is read and the
//! work carried out ([`super::desk`]).

use super::desk::{carry_out, Storage};
use super::render;
use super::reply::notice;
use super::staff::{place_of, staff_tr, MESSAGE_MAX};
use super::support::body_of;
use super::{AgentCommand, HandlerResult, Tg};
use crate::chat::menu;
use crate::chat::staff::{Desk, Place, Work};
use crate::i18n::Tr;
use crate::recovery::Services;
use teloxide::prelude::*;
use teloxide::types::{MessageId, ThreadId, User};

/// The user as the desk knows them: their id and first name.
fn who(from: &User) -> (i64, &str) {
    (i64::try_from(from.id.0).unwrap_or(-1), &from.first_name)
}

/// The staff chat speaks its own language; an agent's private chat speaks theirs.
fn tr_for(svc: &Services, chat: i64, tr: Tr) -> Tr {
    if Some(chat) == svc.staff_chat() {
        staff_tr(svc)
    } else {
        tr
    }
}

/// Says `text` in the chat and topic given.
async fn say_at(bot: &Tg, (chat, thread): Place, text: String) -> HandlerResult {
    for chunk in crate::chat::staff::quote::chunks(&text, MESSAGE_MAX) {
        let mut request = bot.send_message(ChatId(chat), chunk);
        if let Some(thread) = thread {
            request = request.message_thread_id(ThreadId(MessageId(thread)));
        }
        request.await?;
    }
    Ok(())
}

/// Carries out `work` and says its answer where the agent acted.
async fn finish(
    (bot, svc, storage): (&Tg, &Services, &Storage),
    here: Place,
    tr: &Tr,
    work: Work,
) -> HandlerResult {
    match carry_out(bot, svc, storage, work).await {
        Some(answer) => say_at(bot, here, render::text(&answer, tr)).await,
        None => Ok(()),
    }
}

pub async fn command(
    bot: Tg,
    msg: Message,
    cmd: AgentCommand,
    tr: Tr,
    svc: Services,
    storage: Storage,
) -> HandlerResult {
    let Some(from) = msg.from.as_ref() else {
        return Ok(());
    };
    let here = place_of(&msg);
    let tr = tr_for(&svc, here.0, tr);
    let desk = match Desk::open(&svc, who(from), (here, false), cmd.name()) {
        Ok(desk) => desk,
        Err(refused) => return say_at(&bot, here, render::text(&refused, &tr)).await,
    };
    let work = desk.order(cmd.order(), msg.id.0).await?;
    finish((&bot, &svc, &storage), here, &tr, work).await
}

/// Finds the ticket a staff-chat message belongs to: its topic, or the ticket message it
/// replies to. Messages that belong to no ticket are left alone.
pub fn ticket_of(msg: Message, svc: Services) -> Option<u64> {
    let (chat, thread) = place_of(&msg);
    let found = match thread {
        Some(thread) => svc.support().ticket_of_topic(chat, thread),
        None => match msg.reply_to_message() {
            Some(target) => svc.support().ticket_of_message(chat, target.id.0),
            None => Ok(None),
        },
    };
    found.unwrap_or_else(|error| {
        tracing::error!(%error, "cannot read the staff-chat map");
        None
    })
}

/// A message in a ticket's topic, or a reply to one of its messages: the answer goes to
/// the user.
pub async fn relay(
    bot: Tg,
    msg: Message,
    ticket: u64,
    svc: Services,
    storage: Storage,
) -> HandlerResult {
    let Some(from) = msg.from.as_ref() else {
        return Ok(());
    };
    let here = place_of(&msg);
    let tr = staff_tr(&svc);
    let desk = match Desk::open(&svc, who(from), (here, false), "answer") {
        Ok(desk) => desk,
        Err(refused) => return say_at(&bot, here, render::text(&refused, &tr)).await,
    };
    let work = desk.relay(ticket, body_of(&msg), msg.id.0).await?;
    finish((&bot, &svc, &storage), here, &tr, work).await
}

/// Take / Close on a ticket's card: the agent is answered with a notice.
pub async fn button(
    bot: Tg,
    q: CallbackQuery,
    (take, id): (bool, u64),
    svc: Services,
    storage: Storage,
) -> HandlerResult {
    let tr = staff_tr(&svc);
    let message = q.regular_message();
    let Some(message) = message.filter(|m| Some(m.chat.id.0) == svc.staff_chat()) else {
        return notice(&bot, &q, Some(menu::expired()), &tr, false).await;
    };
    let action = if take { "take button" } else { "close button" };
    let desk = match Desk::open(&svc, who(&q.from), (place_of(message), true), action) {
        Ok(desk) => desk,
        Err(refused) => return notice(&bot, &q, Some(refused), &tr, true).await,
    };
    let work = desk.press(take, id).await?;
    let answer = carry_out(&bot, &svc, &storage, work).await;
    notice(&bot, &q, answer, &tr, false).await
}

//! The agents' side: commands (in the staff chat or a private chat), the Take/Close
//! buttons, and answers written in a ticket's topic or as a reply to a ticket's message.
//! Whoever is not in `support.agents` is refused, and the attempt is audited.

use super::desk::{Desk, Storage};
use super::quote;
use super::staff::{self, place_of, staff_tr};
use super::support::body_of;
use super::{AgentCommand, HandlerResult, Tg};
use crate::i18n::Tr;
use crate::recovery::Services;
use crate::support::ticket::{AgentRef, Body};
use teloxide::prelude::*;
use teloxide::types::{MessageId, ThreadId, User};

/// The agent behind an update, or None after refusing and auditing a non-agent.
fn agent_or_refuse(svc: &Services, from: &User, chat: i64, action: &str) -> Option<AgentRef> {
    let id = i64::try_from(from.id.0).unwrap_or(-1);
    if svc.is_agent(id) {
        Some(AgentRef {
            id,
            name: quote::clean_name(&from.first_name),
        })
    } else {
        svc.support().refuse_agent_action(id, chat, action);
        None
    }
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
pub(super) async fn say_at(
    bot: &Tg,
    (chat, thread): (i64, Option<i32>),
    text: String,
) -> HandlerResult {
    for chunk in staff::chunks(&text, 4000) {
        let mut request = bot.send_message(ChatId(chat), chunk);
        if let Some(thread) = thread {
            request = request.message_thread_id(ThreadId(MessageId(thread)));
        }
        request.await?;
    }
    Ok(())
}

/// A ticket number as agents type it: `12` or `#12`.
pub(super) fn ticket_number(text: &str) -> Option<u64> {
    text.trim().trim_start_matches('#').parse().ok()
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
    let Some(agent) = agent_or_refuse(&svc, from, here.0, cmd.name()) else {
        return say_at(&bot, here, tr.t("staff-refused")).await;
    };
    let desk = Desk {
        bot,
        svc,
        storage,
        tr,
        agent,
        here,
        pressed: false,
    };
    let text = match cmd {
        AgentCommand::Tickets => desk.tickets()?,
        AgentCommand::Stats => desk.stats()?,
        AgentCommand::Account(needle) if !needle.trim().is_empty() => desk.account(&needle)?,
        AgentCommand::Unlock(needle) if !needle.trim().is_empty() => desk.unlock(&needle).await?,
        AgentCommand::Take(arg) => match ticket_number(&arg) {
            Some(id) => desk.take(id).await?,
            None => Some(desk.tr.t("staff-usage-take")),
        },
        AgentCommand::Close(arg) => {
            let (number, note) = arg.trim().split_once(' ').unwrap_or((arg.trim(), ""));
            match ticket_number(number) {
                Some(id) => desk.close(id, Some(note)).await?,
                None => Some(desk.tr.t("staff-usage-close")),
            }
        }
        AgentCommand::Reply(arg) => {
            let parsed = arg
                .trim()
                .split_once(char::is_whitespace)
                .and_then(|(n, text)| Some((ticket_number(n)?, text.trim())))
                .filter(|(_, text)| !text.is_empty());
            match parsed {
                Some((id, text)) => desk.reply(id, text, msg.id.0).await?,
                None => Some(desk.tr.t("staff-usage-reply")),
            }
        }
        AgentCommand::Account(_) | AgentCommand::Unlock(_) => {
            Some(desk.tr.t("staff-usage-account"))
        }
    };
    match text {
        Some(text) => say_at(&desk.bot, desk.here, text).await,
        None => Ok(()),
    }
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
    let Some(agent) = agent_or_refuse(&svc, from, here.0, "answer") else {
        return say_at(&bot, here, tr.t("staff-refused")).await;
    };
    let Body::Text(text) = body_of(&msg) else {
        return say_at(&bot, here, tr.t("staff-text-only")).await;
    };
    let desk = Desk {
        bot,
        svc,
        storage,
        tr,
        agent,
        here,
        pressed: false,
    };
    if let Some(text) = desk.answer(ticket, &text, msg.id.0, false).await? {
        say_at(&desk.bot, here, text).await?;
    }
    Ok(())
}

/// Take / Close on a ticket's card.
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
        bot.answer_callback_query(q.id.clone())
            .text(tr.t("button-expired"))
            .await?;
        return Ok(());
    };
    let here = place_of(message);
    let Some(agent) = agent_or_refuse(
        &svc,
        &q.from,
        here.0,
        if take { "take button" } else { "close button" },
    ) else {
        bot.answer_callback_query(q.id.clone())
            .text(tr.t("staff-refused"))
            .show_alert(true)
            .await?;
        return Ok(());
    };
    let desk = Desk {
        bot,
        svc,
        storage,
        tr,
        agent,
        here,
        pressed: true,
    };
    let text = if take {
        desk.take(id).await?
    } else {
        desk.close(id, None).await?
    };
    let mut answer = desk.bot.answer_callback_query(q.id.clone());
    if let Some(text) = text {
        answer = answer.text(text);
    }
    answer.await?;
    Ok(())
}

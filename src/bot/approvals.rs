//! Approve / Deny in linked chats: pushing requests, handling presses, editing every copy
//! with the outcome, and /pending. What they say is the core's ([`crate::chat::approvals`]).

use super::turn::Turn;
use super::{render, reply};
use super::{HandlerResult, Tg};
use crate::approvals::Push;
use crate::chat::{self, Line};
use crate::recovery::Services;
use crate::store::changes::ChangeRequest;
use std::time::Duration;
use teloxide::prelude::*;
use teloxide::types::MessageId;

/// Sends a copy of the request with its buttons to each chat; returns what was sent.
async fn send_copies(
    bot: &Tg,
    svc: &Services,
    change: &ChangeRequest,
    chats: &[i64],
) -> Vec<(i64, i32)> {
    let language = svc.account_language(&change.account_id);
    // The same request (its buttons signed once) in each chat's language.
    let request = chat::approvals::request(svc, change);
    let mut sent = Vec::new();
    for chat in chats {
        let tr = svc.translator(*chat, language.as_deref());
        let (text, keyboard) = render::message(&request, &tr);
        match bot
            .send_message(ChatId(*chat), text)
            .reply_markup(keyboard.unwrap_or_default())
            .await
        {
            Ok(message) => sent.push((*chat, message.id.0)),
            Err(error) => tracing::warn!(chat, %error, "could not send an approval request"),
        }
    }
    sent
}

/// Edits every copy of a decided request to show the outcome, without buttons.
async fn edit_copies(bot: &Tg, svc: &Services, change: &ChangeRequest, outcome: &Line) {
    let language = svc.account_language(&change.account_id);
    for (chat, message) in &change.messages {
        let tr = svc.translator(*chat, language.as_deref());
        let text = render::line(outcome, &tr);
        if let Err(error) = bot
            .edit_message_text(ChatId(*chat), MessageId(*message), text)
            .await
        {
            tracing::warn!(chat, %error, "could not edit a copy of an approval request");
        }
    }
}

/// Pushes new requests to linked chats and closes expired ones, until the bot stops.
pub async fn push_loop(bot: Tg, svc: Services) {
    loop {
        if let Err(error) = push_once(&bot, &svc).await {
            tracing::error!(error = %format!("{error:#}"), "approval push failed");
        }
        tokio::select! {
            _ = svc.changes_waker().notified() => {}
            _ = tokio::time::sleep(Duration::from_millis(500)) => {}
        }
    }
}

/// One pass: reads only the requests whose time is up and the ones not yet pushed (from
/// their indexes), however many are stored.
async fn push_once(bot: &Tg, svc: &Services) -> anyhow::Result<()> {
    let now = svc.clock().now();
    for change in svc.approvals().expire_due_changes(now)? {
        let change = change?;
        let expired = chat::approvals::outcome(&change, "approval-expired");
        edit_copies(bot, svc, &change, &expired).await;
    }
    for push in svc.approvals().changes_to_push(now)? {
        let Push { change, chats } = push?;
        let sent = send_copies(bot, svc, &change, &chats).await;
        svc.approvals().record_pushed(&change.id, &sent)?;
    }
    Ok(())
}

/// A press on Approve or Deny: decided by the core, the button's notice, every copy
/// edited to the outcome, and what the presser is told next.
pub async fn press(turn: Turn, q: CallbackQuery, data: String) -> HandlerResult {
    let (bot, svc) = (&turn.bot, &turn.svc);
    // Buttons live in private chats, whose id is the user's id.
    let decision = svc.approvals().decide(&data, q.from.id.0 as i64).await?;
    let notice = chat::approvals::notice(&decision);
    reply::notice(bot, &q, Some(notice), &turn.tr, false).await?;
    let Some((change, outcome, next)) = chat::approvals::decided(svc, &decision) else {
        return Ok(());
    };
    edit_copies(bot, svc, change, &outcome).await;
    match next {
        Some(next) => turn.reply(next).await,
        None => Ok(()),
    }
}

/// /pending: every request still waiting, sent again with its buttons.
pub async fn pending(turn: &Turn) -> HandlerResult {
    let svc = &turn.svc;
    let waiting = match chat::approvals::pending(svc, &turn.talk())? {
        Ok(waiting) => waiting,
        Err(reply) => return turn.reply(reply).await,
    };
    for change in waiting {
        let sent = send_copies(&turn.bot, svc, &change, &[turn.chat.0]).await;
        svc.approvals().record_pushed(&change.id, &sent)?;
    }
    Ok(())
}

//! Approve / Deny in linked chats: pushing requests, handling presses, editing every copy
//! with the outcome; /pending, /unlink, and the offer to link a chat after a reset.

use super::render;
use super::reply;
use super::turn::Turn;
use super::{HandlerResult, State, Tg};
use crate::approvals::{Action, Decision, Push};
use crate::chat::Button;
use crate::clock::rfc3339;
use crate::i18n::Tr;
use crate::recovery::Services;
use crate::store::changes::{ChangeField, ChangeRequest, ChangeStatus};
use fluent_bundle::FluentValue;
use std::time::Duration;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, MessageId};

fn what(change: &ChangeRequest, tr: &Tr) -> String {
    let key = match change.field {
        ChangeField::Email => "change-what-email",
        ChangeField::Phone => "change-what-phone",
        ChangeField::Name => "change-what-name",
        ChangeField::PasswordReset => "change-what-password-reset",
        ChangeField::Password => "change-what-password",
    };
    tr.ta(
        key,
        &[("value", FluentValue::from(change.display.as_str()))],
    )
}

fn request_text(change: &ChangeRequest, tr: &Tr, svc: &Services) -> String {
    let by = match change.requested_by.as_str() {
        "cli" => "by-operator",
        "api" => "by-service",
        _ => "by-telegram",
    };
    let service = FluentValue::from(svc.config.service.name.as_str());
    let mut text = tr.ta(
        "approval-request",
        &[
            ("service", service.clone()),
            ("what", FluentValue::from(what(change, tr))),
            ("by", FluentValue::from(tr.ta(by, &[("service", service)]))),
            ("expires", FluentValue::from(rfc3339(change.expires_at))),
        ],
    );
    if let Some(reason) = &change.reason {
        text.push('\n');
        text.push_str(&tr.ta(
            "approval-reason",
            &[("reason", FluentValue::from(reason.as_str()))],
        ));
    }
    text
}

fn buttons(change: &ChangeRequest, tr: &Tr, svc: &Services) -> InlineKeyboardMarkup {
    let signed = |action| Button::Change(svc.button_data(&change.id, action));
    InlineKeyboardMarkup::new(vec![vec![
        render::button(tr.t("btn-approve"), &signed(Action::Approve)),
        render::button(tr.t("btn-deny"), &signed(Action::Deny)),
    ]])
}

/// Sends a copy of the request with its buttons to each chat; returns what was sent.
async fn send_copies(
    bot: &Tg,
    svc: &Services,
    change: &ChangeRequest,
    chats: &[i64],
) -> Vec<(i64, i32)> {
    let language = svc.account_language(&change.account_id);
    let mut sent = Vec::new();
    for chat in chats {
        let tr = svc.translator(*chat, language.as_deref());
        match bot
            .send_message(ChatId(*chat), request_text(change, &tr, svc))
            .reply_markup(buttons(change, &tr, svc))
            .await
        {
            Ok(message) => sent.push((*chat, message.id.0)),
            Err(error) => tracing::warn!(chat, %error, "could not send an approval request"),
        }
    }
    sent
}

/// Edits every copy of a decided request to show the outcome, without buttons.
async fn edit_copies(bot: &Tg, svc: &Services, change: &ChangeRequest, outcome_key: &str) {
    let language = svc.account_language(&change.account_id);
    for (chat, message) in &change.messages {
        let tr = svc.translator(*chat, language.as_deref());
        let text = tr.ta(
            outcome_key,
            &[("what", FluentValue::from(what(change, &tr)))],
        );
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
            _ = svc.changes_waker.notified() => {}
            _ = tokio::time::sleep(Duration::from_millis(500)) => {}
        }
    }
}

/// One pass: reads only the requests whose time is up and the ones not yet pushed (from
/// their indexes), however many are stored.
async fn push_once(bot: &Tg, svc: &Services) -> anyhow::Result<()> {
    let now = svc.clock.now();
    for change in svc.expire_due_changes(now)? {
        edit_copies(bot, svc, &change?, "approval-expired").await;
    }
    for push in svc.changes_to_push(now)? {
        let Push { change, chats } = push?;
        let sent = send_copies(bot, svc, &change, &chats).await;
        svc.record_pushed(&change.id, &sent)?;
    }
    Ok(())
}

pub async fn press(turn: Turn, q: CallbackQuery, data: String) -> HandlerResult {
    let (bot, tr, svc) = (&turn.bot, &turn.tr, &turn.svc);
    // Buttons live in private chats, whose id is the user's id.
    let decision = svc.decide(&data, q.from.id.0 as i64).await?;
    let notice = match &decision {
        Decision::Invalid => "button-expired",
        Decision::NotYours => "notice-approval-not-yours",
        Decision::AlreadyHandled(ChangeStatus::Expired) => "notice-approval-expired",
        Decision::AlreadyHandled(_) => "notice-approval-handled",
        Decision::Expired { .. } => "notice-approval-expired",
        Decision::Approved { .. } | Decision::Denied { .. } => "notice-approval-done",
    };
    bot.answer_callback_query(q.id.clone())
        .text(tr.t(notice))
        .await?;
    let chat = ChatId(q.from.id.0 as i64);
    match decision {
        Decision::Approved { change, applied } => {
            let key = if applied {
                "approval-approved"
            } else {
                "approval-approved-not-applied"
            };
            edit_copies(bot, svc, &change, key).await;
            if change.field == ChangeField::PasswordReset {
                let text = tr.t("approval-reset-followup");
                reply::say_with(bot, chat, text, reply::reset_only(tr)).await?;
            }
        }
        Decision::Denied { change } => {
            edit_copies(bot, svc, &change, "approval-denied").await;
            let text = tr.t("approval-denied-followup");
            let keyboard = reply::reset_or_support(tr, svc.support_enabled());
            reply::say_with(bot, chat, text, keyboard).await?;
        }
        Decision::Expired { change } => edit_copies(bot, svc, &change, "approval-expired").await,
        _ => {}
    }
    Ok(())
}

/// /pending: every request still waiting, sent again with its buttons.
pub async fn pending(turn: &Turn) -> HandlerResult {
    let (chat, svc) = (turn.chat, &turn.svc);
    let Some(waiting) = svc.pending_for_chat(chat.0, svc.clock.now())? else {
        return turn.say_key("pending-not-linked").await;
    };
    if waiting.is_empty() {
        return turn.say_key("pending-none").await;
    }
    for change in waiting {
        let sent = send_copies(&turn.bot, svc, &change, &[chat.0]).await;
        svc.record_pushed(&change.id, &sent)?;
    }
    Ok(())
}

pub async fn unlink(turn: &Turn) -> HandlerResult {
    match turn.svc.unlink_chat(turn.chat.0)? {
        Some(account) => {
            let account = FluentValue::from(account);
            turn.say(turn.tr.ta("unlink-done", &[("account", account)]))
                .await
        }
        None => turn.say_key("unlink-none").await,
    }
}

/// The confirmation of a link, naming the account (its masked contact).
pub fn link_done_text(tr: &Tr, account: String) -> String {
    tr.ta("link-done", &[("account", FluentValue::from(account))])
}

/// The answer to the offer; the state says which account.
pub async fn answer_link(turn: &Turn, account_id: &str, yes: bool) -> HandlerResult {
    turn.set(State::Idle).await?;
    let text = match yes {
        true => link_done_text(&turn.tr, turn.svc.link_chat(turn.chat.0, account_id).await?),
        false => turn.tr.t("link-declined"),
    };
    turn.say_with_menu(text).await
}

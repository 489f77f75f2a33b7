//! The password-reset steps: identifier, code, new password, confirmation (the last two
//! in [`password`]).

mod password;

pub use password::{ask_confirmation, receive_confirmation, receive_new_password, refusal_text};

use super::codes::{code_refused, code_request_text, delivery_delayed, identifier_error, locked};
use super::prompt::not_text;
use super::reply;
use super::{ChatDialogue, HandlerResult, State, Tg};
use crate::domain::{Identifier, OneTimeCode};
use crate::i18n::Tr;
use crate::recovery::{Actor, CodeCheck, CodeRequest, Services};
use fluent_bundle::FluentValue;
use teloxide::prelude::*;

pub async fn start(bot: &Tg, chat: ChatId, dialogue: &ChatDialogue, tr: &Tr) -> HandlerResult {
    super::set_state(dialogue, State::ResetIdentifier).await?;
    reply::say_with(
        bot,
        chat,
        tr.t("reset-ask-identifier"),
        reply::cancel_only(tr),
    )
    .await
}

pub async fn receive_identifier(
    bot: Tg,
    msg: Message,
    dialogue: ChatDialogue,
    tr: Tr,
    svc: Services,
) -> HandlerResult {
    let chat = msg.chat.id;
    let Some(text) = msg.text() else {
        return not_text(&bot, chat, &State::ResetIdentifier, &tr).await;
    };
    let identifier = match Identifier::parse(text) {
        Ok(identifier) => identifier,
        Err(error) => return reply::say(&bot, chat, identifier_error(error, &tr)).await,
    };
    if let Some(refusal) = super::countries::unserved(&identifier, &tr, &svc) {
        return reply::say(&bot, chat, refusal).await;
    }
    send_code(&bot, chat, &dialogue, identifier, &tr, &svc).await
}

/// Asks the core for a code and says what happened, identically for known and unknown
/// accounts.
pub async fn send_code(
    bot: &Tg,
    chat: ChatId,
    dialogue: &ChatDialogue,
    identifier: Identifier,
    tr: &Tr,
    svc: &Services,
) -> HandlerResult {
    // Read before the request: the request itself (a known account's first attempt) must
    // not change what this reply says, or the notice would tell known from unknown.
    let delayed = delivery_delayed(&identifier, tr, svc);
    let outcome = svc
        .request_code(
            &identifier,
            tr.lang,
            Actor {
                chat_id: Some(chat.0),
            },
        )
        .await?;
    let masked = FluentValue::from(identifier.masked());
    let minutes = FluentValue::from(svc.config.codes.ttl_secs / 60);
    let mut sent = tr.ta("code-sent", &[("identifier", masked), ("minutes", minutes)]);
    if let Some(notice) = delayed {
        sent = format!("{sent}\n\n{notice}");
    }
    let text = match code_request_text(outcome, &identifier, sent, tr) {
        Ok(text) => text,
        Err(until) => {
            super::set_state(dialogue, State::Idle).await?;
            return locked(bot, chat, until, tr, svc).await;
        }
    };
    // After the hourly limit a new code cannot help.
    let keyboard = match outcome {
        CodeRequest::HourlyLimit { .. } => reply::cancel_only(tr),
        _ => reply::code_actions(tr),
    };
    super::set_state(dialogue, State::ResetCode { identifier }).await?;
    reply::say_with(bot, chat, text, keyboard).await
}

pub async fn receive_code(
    bot: Tg,
    msg: Message,
    dialogue: ChatDialogue,
    identifier: Identifier,
    tr: Tr,
    svc: Services,
) -> HandlerResult {
    let chat = msg.chat.id;
    let state = State::ResetCode {
        identifier: identifier.clone(),
    };
    let Some(text) = msg.text() else {
        return not_text(&bot, chat, &state, &tr).await;
    };
    reply::delete_secret(&bot, chat, msg.id).await;
    let Ok(code) = OneTimeCode::parse(text) else {
        return reply::say(&bot, chat, tr.t("code-format")).await;
    };
    let outcome = svc
        .check_code(
            &identifier,
            &code,
            Actor {
                chat_id: Some(chat.0),
            },
        )
        .await?;
    match outcome {
        CodeCheck::Correct { account_id } => {
            super::set_state(
                &dialogue,
                State::ResetNewPassword {
                    account_id,
                    granted_at: svc.clock.now(),
                    attempts: 0,
                },
            )
            .await?;
            let min = FluentValue::from(svc.config.security.password_min_length);
            reply::say_with(
                &bot,
                chat,
                tr.ta("code-accepted", &[("min", min)]),
                reply::cancel_only(&tr),
            )
            .await
        }
        other => {
            code_refused(
                &bot,
                chat,
                &dialogue,
                other,
                reply::code_actions(&tr),
                &tr,
                &svc,
            )
            .await
        }
    }
}

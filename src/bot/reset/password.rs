//! The reset's last steps: the new password (the policy, within `password_attempts` per
//! window) and its confirmation.

use crate::bot::prompt::not_text;
use crate::bot::reply;
use crate::bot::{ChatDialogue, HandlerResult, State, Tg};
use crate::clock::Millis;
use crate::domain::PasswordRejection;
use crate::i18n::Tr;
use crate::recovery::{Actor, PasswordRefusal, Services};
use fluent_bundle::FluentValue;
use teloxide::prelude::*;

/// The prologue of both steps: the message must be text (else the step is asked again),
/// it is deleted at once, and the window of `reset_window_secs` that a proven code opened
/// must still be open (else the reset ends). `None` when the step is over for this message.
async fn secret_in_window<'m>(
    bot: &Tg,
    msg: &'m Message,
    dialogue: &ChatDialogue,
    (state, granted_at): (&State, Millis),
    tr: &Tr,
    svc: &Services,
) -> anyhow::Result<Option<&'m str>> {
    let chat = msg.chat.id;
    let Some(text) = msg.text() else {
        not_text(bot, chat, state, tr).await?;
        return Ok(None);
    };
    reply::delete_secret(bot, chat, msg.id).await;
    if svc.reset_window_open(granted_at) {
        return Ok(Some(text));
    }
    crate::bot::set_state(dialogue, State::Idle).await?;
    let closed = tr.t("reset-window-expired");
    reply::say_with(bot, chat, closed, reply::reset_only(tr)).await?;
    Ok(None)
}

pub async fn receive_new_password(
    bot: Tg,
    msg: Message,
    dialogue: ChatDialogue,
    (account_id, granted_at, attempts): (String, Millis, u32),
    tr: Tr,
    svc: Services,
) -> HandlerResult {
    let chat = msg.chat.id;
    let state = State::ResetNewPassword {
        account_id: account_id.clone(),
        granted_at,
        attempts,
    };
    let Some(text) =
        secret_in_window(&bot, &msg, &dialogue, (&state, granted_at), &tr, &svc).await?
    else {
        return Ok(());
    };
    let actor = Actor {
        chat_id: Some(chat.0),
    };
    let attempts = attempts + 1;
    match svc.choose_password(&account_id, text, actor).await? {
        Ok(pending_hash) => {
            let next = State::ResetConfirm {
                account_id,
                granted_at,
                pending_hash,
                attempts,
            };
            ask_confirmation(&bot, chat, &dialogue, next, &tr).await
        }
        Err(refusal) => {
            let refused = refusal_text(refusal, &tr);
            again_or_end(
                &bot,
                chat,
                &dialogue,
                (account_id, granted_at, attempts),
                refused,
                &tr,
                &svc,
            )
            .await
        }
    }
}

/// A password passed the policy: the next step asks for it once more.
pub async fn ask_confirmation(
    bot: &Tg,
    chat: ChatId,
    dialogue: &ChatDialogue,
    next: State,
    tr: &Tr,
) -> HandlerResult {
    crate::bot::set_state(dialogue, next).await?;
    let again = tr.t("password-confirm");
    reply::say_with(bot, chat, again, reply::cancel_only(tr)).await
}

/// After a refused or unconfirmed password: the new-password step again, or, once
/// `security.password_attempts` passwords were checked in this window, the end of the
/// reset (a new one needs a new code).
async fn again_or_end(
    bot: &Tg,
    chat: ChatId,
    dialogue: &ChatDialogue,
    (account_id, granted_at, attempts): (String, Millis, u32),
    refused: String,
    tr: &Tr,
    svc: &Services,
) -> HandlerResult {
    let actor = Actor {
        chat_id: Some(chat.0),
    };
    if svc.password_attempts_exhausted(&account_id, attempts, "reset", actor) {
        crate::bot::set_state(dialogue, State::Idle).await?;
        let text = format!("{refused}\n\n{}", tr.t("password-attempts-reset"));
        return reply::say_with(bot, chat, text, reply::reset_only(tr)).await;
    }
    let next = State::ResetNewPassword {
        account_id,
        granted_at,
        attempts,
    };
    crate::bot::set_state(dialogue, next).await?;
    reply::say(bot, chat, refused).await
}

pub fn refusal_text(refusal: PasswordRefusal, tr: &Tr) -> String {
    match refusal {
        PasswordRefusal::SameAsCurrent => tr.t("password-same-as-current"),
        PasswordRefusal::Policy(PasswordRejection::TooShort { min }) => {
            tr.ta("password-too-short", &[("min", FluentValue::from(min))])
        }
        PasswordRefusal::Policy(PasswordRejection::TooLong { max }) => {
            tr.ta("password-too-long", &[("max", FluentValue::from(max))])
        }
        PasswordRefusal::Policy(PasswordRejection::Guessable) => tr.t("password-guessable"),
        PasswordRefusal::Policy(PasswordRejection::ContainsEmail) => {
            tr.t("password-contains-email")
        }
        PasswordRefusal::Policy(PasswordRejection::ContainsName) => tr.t("password-contains-name"),
        PasswordRefusal::Policy(PasswordRejection::ControlCharacters) => {
            tr.t("password-control-characters")
        }
    }
}

pub async fn receive_confirmation(
    bot: Tg,
    msg: Message,
    dialogue: ChatDialogue,
    (account_id, granted_at, pending_hash, attempts): (String, Millis, String, u32),
    tr: Tr,
    svc: Services,
) -> HandlerResult {
    let chat = msg.chat.id;
    let state = State::ResetConfirm {
        account_id: account_id.clone(),
        granted_at,
        pending_hash: pending_hash.clone(),
        attempts,
    };
    let Some(text) =
        secret_in_window(&bot, &msg, &dialogue, (&state, granted_at), &tr, &svc).await?
    else {
        return Ok(());
    };
    let actor = Actor {
        chat_id: Some(chat.0),
    };
    if svc
        .confirm_password(&account_id, &pending_hash, text, tr.lang, actor)
        .await?
    {
        crate::bot::set_state(&dialogue, State::Idle).await?;
        let menu = reply::main_menu(&tr, svc.support_enabled());
        reply::say_with(&bot, chat, tr.t("password-changed"), menu).await?;
        crate::bot::approvals::offer_link(&bot, chat, &dialogue, account_id, &tr, &svc).await
    } else {
        let mismatch = tr.t("password-mismatch");
        again_or_end(
            &bot,
            chat,
            &dialogue,
            (account_id, granted_at, attempts),
            mismatch,
            &tr,
            &svc,
        )
        .await
    }
}

//! /settings sign-in: identifier, current password (with waits and a lock after wrong
//! ones), then a step-up code to the contact signed in with.

use super::codes::{code_refused, code_request_text, delivery_delayed, identifier_error, locked};
use super::countries::unserved;
use super::prompt::not_text;
use super::reply;
use super::{ChatDialogue, HandlerResult, State, Tg};
use crate::clock::rfc3339;
use crate::domain::{Identifier, OneTimeCode};
use crate::i18n::Tr;
use crate::recovery::{Actor, CodeCheck, CodePurpose, CodeTarget, Services};
use crate::settings::SignIn;
use fluent_bundle::FluentValue;
use teloxide::prelude::*;

/// /settings and the menu's "Account settings": the menu again when the chat is signed
/// in, else the sign-in.
pub async fn start(
    bot: &Tg,
    chat: ChatId,
    dialogue: &ChatDialogue,
    state: &State,
    tr: &Tr,
    svc: &Services,
) -> HandlerResult {
    if let Some(session) = state.session() {
        if let Some(session) = svc.touch_session(session, chat.0)? {
            return super::settings::show_menu(bot, chat, dialogue, session, None, tr, svc).await;
        }
    }
    ask_identifier(bot, chat, dialogue, tr.t("signin-ask-identifier"), tr).await
}

/// Asks for the identifier to sign in with, after `text`.
pub async fn ask_identifier(
    bot: &Tg,
    chat: ChatId,
    dialogue: &ChatDialogue,
    text: String,
    tr: &Tr,
) -> HandlerResult {
    super::set_state(dialogue, State::SignInIdentifier).await?;
    reply::say_with(bot, chat, text, reply::cancel_only(tr)).await
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
        return not_text(&bot, chat, &State::SignInIdentifier, &tr).await;
    };
    match Identifier::parse(text) {
        Ok(identifier) => {
            // The step-up code would go to this number by SMS.
            if let Some(refusal) = unserved(&identifier, &tr, &svc) {
                return reply::say(&bot, chat, refusal).await;
            }
            super::set_state(&dialogue, State::SignInPassword { identifier }).await?;
            let text = tr.t("signin-ask-password");
            reply::say_with(&bot, chat, text, reply::cancel_only(&tr)).await
        }
        Err(error) => reply::say(&bot, chat, identifier_error(error, &tr)).await,
    }
}

pub async fn receive_password(
    bot: Tg,
    msg: Message,
    dialogue: ChatDialogue,
    identifier: Identifier,
    tr: Tr,
    svc: Services,
) -> HandlerResult {
    let chat = msg.chat.id;
    let Some(text) = msg.text() else {
        return not_text(&bot, chat, &State::SignInPassword { identifier }, &tr).await;
    };
    reply::delete_secret(&bot, chat, msg.id).await;
    let seconds = |s: u64| [("seconds", FluentValue::from(s))];
    match svc.sign_in(&identifier, text, chat.0).await? {
        SignIn::Correct { account } => {
            let target = CodeTarget {
                purpose: CodePurpose::SignIn,
                to: &identifier,
                account: Some(*account),
            };
            send_code(&bot, chat, &dialogue, target, &tr, &svc).await
        }
        SignIn::Wrong { wait_secs } => {
            reply::say(&bot, chat, tr.ta("signin-wrong", &seconds(wait_secs))).await
        }
        SignIn::Wait { wait_secs } => {
            reply::say(&bot, chat, tr.ta("signin-wait", &seconds(wait_secs))).await
        }
        SignIn::Locked { until } => {
            super::set_state(&dialogue, State::Idle).await?;
            let text = tr.ta(
                "signin-locked",
                &[("until", FluentValue::from(rfc3339(until)))],
            );
            let keyboard = reply::reset_or_support(&tr, svc.support_enabled());
            reply::say_with(&bot, chat, text, keyboard).await
        }
        SignIn::AccountLocked => {
            super::set_state(&dialogue, State::Idle).await?;
            let keyboard = reply::locked_actions(&tr, svc.support_enabled());
            reply::say_with(&bot, chat, tr.t("account-locked"), keyboard).await
        }
    }
}

/// Sends the step-up code (also for "Send a new code") and says so.
/// "Send a new code" while the sign-in code is awaited.
pub async fn resend(
    bot: Tg,
    q: CallbackQuery,
    dialogue: ChatDialogue,
    (account_id, identifier): (String, Identifier),
    state: State,
    tr: Tr,
    svc: Services,
) -> HandlerResult {
    let Some(chat) = super::settings::pressed_here(&bot, &q, &state, &tr).await? else {
        return Ok(());
    };
    let target = svc.code_target(CodePurpose::SignIn, &identifier, &account_id)?;
    send_code(&bot, chat, &dialogue, target, &tr, &svc).await
}

pub async fn send_code(
    bot: &Tg,
    chat: ChatId,
    dialogue: &ChatDialogue,
    target: CodeTarget<'_>,
    tr: &Tr,
    svc: &Services,
) -> HandlerResult {
    let Some(account_id) = target.account.as_ref().map(|a| a.id.clone()) else {
        return Ok(());
    };
    let identifier = target.to.clone();
    let actor = Actor {
        chat_id: Some(chat.0),
    };
    let outcome = svc.request_code_for(target, tr.lang, actor).await?;
    let masked = FluentValue::from(identifier.masked());
    let minutes = FluentValue::from(svc.config.codes.ttl_secs / 60);
    let mut sent = tr.ta(
        "signin-code-sent",
        &[("identifier", masked), ("minutes", minutes)],
    );
    if let Some(notice) = delivery_delayed(&identifier, tr, svc) {
        sent = format!("{sent}\n\n{notice}");
    }
    let text = match code_request_text(outcome, &identifier, sent, tr) {
        Ok(text) => text,
        Err(until) => {
            super::set_state(dialogue, State::Idle).await?;
            return locked(bot, chat, until, tr, svc).await;
        }
    };
    super::set_state(
        dialogue,
        State::SignInCode {
            account_id,
            identifier,
        },
    )
    .await?;
    reply::say_with(bot, chat, text, reply::settings_code_actions(tr)).await
}

pub async fn receive_code(
    bot: Tg,
    msg: Message,
    dialogue: ChatDialogue,
    (account_id, identifier): (String, Identifier),
    tr: Tr,
    svc: Services,
) -> HandlerResult {
    let chat = msg.chat.id;
    let Some(text) = msg.text() else {
        let state = State::SignInCode {
            account_id,
            identifier,
        };
        return not_text(&bot, chat, &state, &tr).await;
    };
    reply::delete_secret(&bot, chat, msg.id).await;
    let Ok(code) = OneTimeCode::parse(text) else {
        return reply::say(&bot, chat, tr.t("code-format")).await;
    };
    let target = svc.code_target(CodePurpose::SignIn, &identifier, &account_id)?;
    let actor = Actor {
        chat_id: Some(chat.0),
    };
    match svc.check_code_for(target, &code, actor).await? {
        CodeCheck::Correct { account_id } => {
            let session = svc.start_session(&account_id, chat.0);
            let intro = Some(tr.t("signin-done"));
            super::settings::show_menu(&bot, chat, &dialogue, session, intro, &tr, &svc).await?;
            super::settings::offer_link(&bot, chat, &account_id, &tr, &svc).await
        }
        other => {
            let actions = reply::settings_code_actions(&tr);
            code_refused(&bot, chat, &dialogue, other, actions, &tr, &svc).await
        }
    }
}

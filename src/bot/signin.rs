//! /settings sign-in: identifier, current password (with waits and a lock after wrong
//! ones), then a step-up code to the contact signed in with.

use super::codes::{code_refused, code_request_text, delivery_delayed, identifier_error, locked};
use super::countries::unserved;
use super::reply;
use super::turn::{Text, Turn};
use super::{HandlerResult, State};
use crate::clock::rfc3339;
use crate::domain::{Identifier, OneTimeCode};
use crate::recovery::{CodeCheck, CodePurpose, CodeTarget};
use crate::settings::SignIn;
use fluent_bundle::FluentValue;
use teloxide::prelude::*;

/// /settings and the menu's "Account settings": the menu again when the chat is signed
/// in, else the sign-in.
pub async fn start(turn: &Turn, state: &State) -> HandlerResult {
    if let Some(session) = state.session() {
        if let Some(session) = turn.svc.touch_session(session, turn.chat.0)? {
            return super::settings::show_menu(turn, session, None).await;
        }
    }
    ask_identifier(turn, turn.tr.t("signin-ask-identifier")).await
}

/// Asks for the identifier to sign in with, after `text`.
pub async fn ask_identifier(turn: &Turn, text: String) -> HandlerResult {
    turn.ask(State::SignInIdentifier, text).await
}

pub async fn receive_identifier(turn: Turn, Text(text): Text) -> HandlerResult {
    match Identifier::parse(&text) {
        Ok(identifier) => {
            // The step-up code would go to this number by SMS.
            if let Some(refusal) = unserved(&identifier, &turn.tr, &turn.svc) {
                return turn.say(refusal).await;
            }
            let text = turn.tr.t("signin-ask-password");
            turn.ask(State::SignInPassword { identifier }, text).await
        }
        Err(error) => turn.say(identifier_error(error, &turn.tr)).await,
    }
}

/// The current password (its message is deleted already, see `schema()`).
pub async fn receive_password(
    turn: Turn,
    identifier: Identifier,
    Text(text): Text,
) -> HandlerResult {
    let (tr, svc) = (&turn.tr, &turn.svc);
    let seconds = |s: u64| [("seconds", FluentValue::from(s))];
    match svc.sign_in(&identifier, &text, turn.chat.0).await? {
        SignIn::Correct { account } => {
            let target = CodeTarget {
                purpose: CodePurpose::SignIn,
                to: &identifier,
                account: Some(*account),
            };
            send_code(&turn, target).await
        }
        SignIn::Wrong { wait_secs } => turn.say(tr.ta("signin-wrong", &seconds(wait_secs))).await,
        SignIn::Wait { wait_secs } => turn.say(tr.ta("signin-wait", &seconds(wait_secs))).await,
        SignIn::Locked { until } => {
            turn.set(State::Idle).await?;
            let text = tr.ta(
                "signin-locked",
                &[("until", FluentValue::from(rfc3339(until)))],
            );
            let keyboard = reply::reset_or_support(tr, svc.support_enabled());
            turn.say_with(text, keyboard).await
        }
        SignIn::AccountLocked => {
            turn.set(State::Idle).await?;
            let keyboard = reply::locked_actions(tr, svc.support_enabled());
            turn.say_with(tr.t("account-locked"), keyboard).await
        }
    }
}

/// "Send a new code" while the sign-in code is awaited.
pub async fn resend(
    turn: Turn,
    q: CallbackQuery,
    (account_id, identifier): (String, Identifier),
    state: State,
) -> HandlerResult {
    if !super::settings::pressed_here(&turn, &q, &state).await? {
        return Ok(());
    }
    let target = turn
        .svc
        .code_target(CodePurpose::SignIn, &identifier, &account_id)?;
    send_code(&turn, target).await
}

/// Sends the step-up code (also for "Send a new code") and says so.
pub async fn send_code(turn: &Turn, target: CodeTarget<'_>) -> HandlerResult {
    let (tr, svc) = (&turn.tr, &turn.svc);
    let Some(account_id) = target.account.as_ref().map(|a| a.id.clone()) else {
        return Ok(());
    };
    let identifier = target.to.clone();
    let outcome = svc.request_code_for(target, tr.lang, turn.actor()).await?;
    let masked = FluentValue::from(identifier.masked());
    let minutes = FluentValue::from(svc.config.codes.ttl.as_secs() / 60);
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
            turn.set(State::Idle).await?;
            return locked(turn, until).await;
        }
    };
    turn.set(State::SignInCode {
        account_id,
        identifier,
    })
    .await?;
    turn.say_with(text, reply::settings_code_actions(tr)).await
}

/// The step-up code (its message is deleted already, see `schema()`).
pub async fn receive_code(
    turn: Turn,
    (account_id, identifier): (String, Identifier),
    Text(text): Text,
) -> HandlerResult {
    let Ok(code) = OneTimeCode::parse(&text) else {
        return turn.say_key("code-format").await;
    };
    let svc = &turn.svc;
    let target = svc.code_target(CodePurpose::SignIn, &identifier, &account_id)?;
    match svc.check_code_for(target, &code, turn.actor()).await? {
        CodeCheck::Correct { account_id } => {
            let session = svc.start_session(&account_id, turn.chat.0);
            let intro = Some(turn.tr.t("signin-done"));
            super::settings::show_menu(&turn, session, intro).await?;
            super::settings::offer_link(&turn, &account_id).await
        }
        other => code_refused(&turn, other, reply::settings_code_actions(&turn.tr)).await,
    }
}

//! The password-reset steps: identifier, code, new password, confirmation (the last two
//! in [`password`]).

mod password;

pub use password::{ask_confirmation, receive_confirmation, receive_new_password, refusal_text};

use super::codes::{code_refused, code_request_text, delivery_delayed, identifier_error, locked};
use super::reply;
use super::turn::{Text, Turn};
use super::{HandlerResult, State};
use crate::domain::{Identifier, OneTimeCode};
use crate::recovery::{CodeCheck, CodeRequest};
use fluent_bundle::FluentValue;

pub async fn start(turn: &Turn) -> HandlerResult {
    let text = turn.tr.t("reset-ask-identifier");
    turn.ask(State::ResetIdentifier, text).await
}

pub async fn receive_identifier(turn: Turn, Text(text): Text) -> HandlerResult {
    let identifier = match Identifier::parse(&text) {
        Ok(identifier) => identifier,
        Err(error) => return turn.say(identifier_error(error, &turn.tr)).await,
    };
    if let Some(refusal) = super::countries::unserved(&identifier, &turn.tr, &turn.svc) {
        return turn.say(refusal).await;
    }
    send_code(&turn, identifier).await
}

/// Asks the core for a code and says what happened, identically for known and unknown
/// accounts.
pub async fn send_code(turn: &Turn, identifier: Identifier) -> HandlerResult {
    let (tr, svc) = (&turn.tr, &turn.svc);
    // Read before the request: the request itself (a known account's first attempt) must
    // not change what this reply says, or the notice would tell known from unknown.
    let delayed = delivery_delayed(&identifier, tr, svc);
    let outcome = svc.request_code(&identifier, tr.lang, turn.actor()).await?;
    let masked = FluentValue::from(identifier.masked());
    let minutes = FluentValue::from(svc.config.codes.ttl.as_secs() / 60);
    let mut sent = tr.ta("code-sent", &[("identifier", masked), ("minutes", minutes)]);
    if let Some(notice) = delayed {
        sent = format!("{sent}\n\n{notice}");
    }
    let text = match code_request_text(outcome, &identifier, sent, tr) {
        Ok(text) => text,
        Err(until) => {
            turn.set(State::Idle).await?;
            return locked(turn, until).await;
        }
    };
    // After the hourly limit a new code cannot help.
    let keyboard = match outcome {
        CodeRequest::HourlyLimit { .. } => reply::cancel_only(tr),
        _ => reply::code_actions(tr),
    };
    turn.set(State::ResetCode { identifier }).await?;
    turn.say_with(text, keyboard).await
}

/// The code (its message is deleted already, see `schema()`).
pub async fn receive_code(turn: Turn, identifier: Identifier, Text(text): Text) -> HandlerResult {
    let Ok(code) = OneTimeCode::parse(&text) else {
        return turn.say_key("code-format").await;
    };
    let svc = &turn.svc;
    match svc.check_code(&identifier, &code, turn.actor()).await? {
        CodeCheck::Correct { account_id } => {
            let next = State::ResetNewPassword {
                account_id,
                granted_at: svc.clock.now(),
                attempts: 0,
            };
            let min = FluentValue::from(svc.config.security.password_min_length);
            let text = turn.tr.ta("code-accepted", &[("min", min)]);
            turn.ask(next, text).await
        }
        other => code_refused(&turn, other, reply::code_actions(&turn.tr)).await,
    }
}

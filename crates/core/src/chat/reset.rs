//! The password reset: identifier, code, new password, confirmation (the last two in
//! [`password`]). The replies are the same for known and unknown accounts until a code
//! is proven.

mod password;

pub use password::{ask_confirmation, receive_confirmation, receive_new_password, refusal, Window};

use super::codes::{code_refused, code_requested, code_sent, delivery_delayed, locked};
use super::codes::{identifier_error, unserved};
use super::reply::{Keyboard, Line, Reply, Step};
use super::state::State;
use super::Chat;
use crate::domain::{Identifier, OneTimeCode};
use crate::recovery::{CodeCheck, CodeRequest, Services};

/// /reset, or the menu's button: asks for the identifier.
pub fn start() -> Step {
    let ask = Reply::key("reset-ask-identifier").with(Keyboard::cancel_only());
    Step::to(State::ResetIdentifier, ask)
}

pub async fn receive_identifier(svc: &Services, chat: &Chat, text: &str) -> anyhow::Result<Step> {
    let identifier = match Identifier::parse(text) {
        Ok(identifier) => identifier,
        Err(error) => return Ok(Step::to(State::ResetIdentifier, identifier_error(error))),
    };
    if let Some(refusal) = unserved(&identifier, svc) {
        return Ok(Step::to(State::ResetIdentifier, refusal));
    }
    send_code(svc, chat, identifier).await
}

/// Asks for a code (also for "Send a new code") and says what happened, identically for
/// known and unknown accounts.
pub async fn send_code(
    svc: &Services,
    chat: &Chat,
    identifier: Identifier,
) -> anyhow::Result<Step> {
    let delayed = delivery_delayed(&identifier, svc);
    let outcome = svc
        .recovery()
        .request_code(&identifier, chat.lang, chat.actor())
        .await?;
    let sent = code_sent("code-sent", &identifier, svc);
    let reply = match code_requested(outcome, &identifier, sent, delayed) {
        Ok(reply) => reply,
        Err(until) => return Ok(locked(svc, until)),
    };
    // After the hourly limit a new code cannot help.
    let keyboard = match outcome {
        CodeRequest::HourlyLimit { .. } => Keyboard::cancel_only(),
        _ => Keyboard::code_actions(),
    };
    Ok(Step::to(
        State::ResetCode { identifier },
        reply.with(keyboard),
    ))
}

/// The code (its message is deleted already).
pub async fn receive_code(
    svc: &Services,
    chat: &Chat,
    identifier: Identifier,
    text: &str,
) -> anyhow::Result<Step> {
    let Ok(code) = OneTimeCode::parse(text) else {
        return Ok(Step::to(
            State::ResetCode { identifier },
            Reply::key("code-format"),
        ));
    };
    Ok(
        match svc
            .recovery()
            .check_code(&identifier, &code, chat.actor())
            .await?
        {
            CodeCheck::Correct { account_id } => {
                let next = State::ResetNewPassword {
                    account_id,
                    granted_at: svc.clock.now(),
                    attempts: 0,
                };
                let min = svc.config.security.password_min_length;
                let text = Line::new("code-accepted").arg("min", min);
                Step::to(next, Reply::new(text).with(Keyboard::cancel_only()))
            }
            other => {
                let stay = State::ResetCode { identifier };
                code_refused(svc, other, stay, Keyboard::code_actions())
            }
        },
    )
}

//! The password-reset steps: identifier, code, new password, confirmation (the last two
//! in [`password`]).

mod password;

pub use password::{ask_confirmation, receive_confirmation, receive_new_password, refusal_text};

use super::menu::expected;
use super::reply;
use super::{ChatDialogue, HandlerResult, State, Tg};
use crate::audit::Channel;
use crate::clock::{rfc3339, Millis};
use crate::domain::{Identifier, IdentifierError, OneTimeCode};
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

/// Anything that is not text gets what the step expects; the state stays.
pub async fn not_text(bot: &Tg, chat: ChatId, state: &State, tr: &Tr) -> HandlerResult {
    let text = expected(state, tr).unwrap_or_default();
    reply::say(bot, chat, text).await
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

/// What is wrong with a typed e-mail address or phone number, in words.
pub fn identifier_error(error: IdentifierError, tr: &Tr) -> String {
    tr.t(match error {
        IdentifierError::InvalidEmail => "identifier-invalid-email",
        IdentifierError::MissingCountryCode => "identifier-missing-country-code",
        IdentifierError::InvalidPhone => "identifier-invalid-phone",
        IdentifierError::Empty | IdentifierError::Unrecognized | IdentifierError::TooLong => {
            "identifier-unrecognized"
        }
    })
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
    // A ticket opened from this chat later shows agents which account it is probably about
    // (after the padded reply was computed, so the lookup tells nobody anything).
    if let Some(account) = svc.store.find_account(&identifier)? {
        svc.store
            .remember_reset_account(chat.0, &account.id, svc.clock.now())?;
    }
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

/// The reply to a code request: `sent` when a code went out, else the cooldown or
/// hourly-limit text; a lock gives its end instead.
pub fn code_request_text(
    outcome: CodeRequest,
    identifier: &Identifier,
    sent: String,
    tr: &Tr,
) -> Result<String, Millis> {
    let masked = FluentValue::from(identifier.masked());
    Ok(match outcome {
        CodeRequest::Locked { until } => return Err(until),
        CodeRequest::Sent => sent,
        CodeRequest::Cooldown { retry_in_secs } => tr.ta(
            "code-cooldown",
            &[
                ("identifier", masked),
                ("seconds", FluentValue::from(retry_in_secs)),
            ],
        ),
        CodeRequest::HourlyLimit { retry_in_secs } => tr.ta(
            "code-hourly-limit",
            &[
                ("identifier", masked),
                ("minutes", FluentValue::from(retry_in_secs.div_ceil(60))),
            ],
        ),
    })
}

/// The "deliveries are delayed" line for the identifier's channel, when its last delivery
/// attempt failed. It depends on the channel only, never on the account.
pub fn delivery_delayed(identifier: &Identifier, tr: &Tr, svc: &Services) -> Option<String> {
    let (channel, key) = match identifier {
        Identifier::Email(_) => (Channel::Email, "delivery-delayed-email"),
        Identifier::Phone(_) => (Channel::Sms, "delivery-delayed-sms"),
    };
    svc.deliveries.delayed(channel).then(|| tr.t(key))
}

/// Recovery is locked: support is offered (when configured), a reset cannot help.
pub async fn locked(
    bot: &Tg,
    chat: ChatId,
    until: Millis,
    tr: &Tr,
    svc: &Services,
) -> HandlerResult {
    let text = tr.ta(
        "recovery-locked",
        &[("until", FluentValue::from(rfc3339(until)))],
    );
    let keyboard = reply::locked_actions(tr, svc.support_enabled());
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

/// Says why a code was not accepted. A lock ends the flow; after the last try the user is
/// offered `actions` (a new code, cancel).
pub async fn code_refused(
    bot: &Tg,
    chat: ChatId,
    dialogue: &ChatDialogue,
    outcome: CodeCheck,
    actions: teloxide::types::InlineKeyboardMarkup,
    tr: &Tr,
    svc: &Services,
) -> HandlerResult {
    let (key, left) = match outcome {
        CodeCheck::Correct { .. } => return Ok(()),
        CodeCheck::Locked { until } => {
            super::set_state(dialogue, State::Idle).await?;
            return locked(bot, chat, until, tr, svc).await;
        }
        CodeCheck::AccountLocked => {
            super::set_state(dialogue, State::Idle).await?;
            if svc.support_enabled() {
                let keyboard = reply::locked_actions(tr, true);
                return reply::say_with(bot, chat, tr.t("account-locked"), keyboard).await;
            }
            return reply::say(bot, chat, tr.t("account-locked")).await;
        }
        CodeCheck::Wrong { attempts_left } => ("code-wrong", attempts_left),
        CodeCheck::WrongNowVoid => ("code-wrong-void", 0),
        CodeCheck::Expired => ("code-expired", 0),
        CodeCheck::Void => ("code-void", 0),
    };
    let text = tr.ta(key, &[("left", FluentValue::from(left))]);
    if left > 0 {
        reply::say(bot, chat, text).await
    } else {
        reply::say_with(bot, chat, text, actions).await
    }
}

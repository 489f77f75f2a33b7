//! Replies about identifiers and one-time codes, the same in a reset, a settings sign-in
//! and a new contact: what is wrong with a typed identifier, the answer to a code request,
//! the delayed-delivery line, a wrong code, and a lock.

use super::reply;
use super::turn::Turn;
use super::{HandlerResult, State};
use crate::audit::Channel;
use crate::clock::{rfc3339, Millis};
use crate::domain::{Identifier, IdentifierError};
use crate::i18n::Tr;
use crate::recovery::{CodeCheck, CodeRequest, Services};
use fluent_bundle::FluentValue;

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
pub async fn locked(turn: &Turn, until: Millis) -> HandlerResult {
    let text = turn.tr.ta(
        "recovery-locked",
        &[("until", FluentValue::from(rfc3339(until)))],
    );
    let keyboard = reply::locked_actions(&turn.tr, turn.svc.support_enabled());
    turn.say_with(text, keyboard).await
}

/// Says why a code was not accepted. A lock ends the flow; after the last try the user is
/// offered `actions` (a new code, cancel).
pub async fn code_refused(
    turn: &Turn,
    outcome: CodeCheck,
    actions: teloxide::types::InlineKeyboardMarkup,
) -> HandlerResult {
    let (key, left) = match outcome {
        CodeCheck::Correct { .. } => return Ok(()),
        CodeCheck::Locked { until } => {
            turn.set(State::Idle).await?;
            return locked(turn, until).await;
        }
        CodeCheck::AccountLocked => {
            turn.set(State::Idle).await?;
            if turn.svc.support_enabled() {
                let keyboard = reply::locked_actions(&turn.tr, true);
                return turn.say_with(turn.tr.t("account-locked"), keyboard).await;
            }
            return turn.say_key("account-locked").await;
        }
        CodeCheck::Wrong { attempts_left } => ("code-wrong", attempts_left),
        CodeCheck::WrongNowVoid => ("code-wrong-void", 0),
        CodeCheck::Expired => ("code-expired", 0),
        CodeCheck::Void => ("code-void", 0),
    };
    let text = turn.tr.ta(key, &[("left", FluentValue::from(left))]);
    if left > 0 {
        turn.say(text).await
    } else {
        turn.say_with(text, actions).await
    }
}

//! Replies about identifiers and one-time codes, the same in a reset, a settings sign-in
//! and a new contact: what is wrong with a typed identifier, a country SMS may not go to,
//! the answer to a code request with its delayed-delivery line, a wrong code, and a lock.

use super::reply::{Keyboard, Line, Reply, Step};
use super::state::State;
use crate::audit::Channel;
use crate::clock::Millis;
use crate::domain::{Identifier, IdentifierError};
use crate::recovery::{CodeCheck, CodeRequest, Services};

/// What is wrong with a typed e-mail address or phone number, in words.
pub fn identifier_error(error: IdentifierError) -> Reply {
    Reply::key(match error {
        IdentifierError::InvalidEmail => "identifier-invalid-email",
        IdentifierError::MissingCountryCode => "identifier-missing-country-code",
        IdentifierError::InvalidPhone => "identifier-invalid-phone",
        IdentifierError::Empty | IdentifierError::Unrecognized | IdentifierError::TooLong => {
            "identifier-unrecognized"
        }
    })
}

/// The answer to a number SMS may not go to (`[delivery.sms] allowed_country_codes`), or
/// None. It looks at the number alone, before any look-up, so it is the same whether or
/// not an account uses the number.
pub fn unserved(identifier: &Identifier, svc: &Services) -> Option<Reply> {
    let Identifier::Phone(phone) = identifier else {
        return None;
    };
    if svc.config.delivery.sms.serves(phone) {
        return None;
    }
    let code = format!("+{}", phone.country_code().unwrap_or_default());
    Some(Reply::new(
        Line::new("identifier-country-not-served").arg("code", code),
    ))
}

/// The "deliveries are delayed" line for the identifier's channel, when its last delivery
/// attempt failed. It depends on the channel only, never on the account, and is read
/// before the request (a known account's first attempt must not change it).
pub fn delivery_delayed(identifier: &Identifier, svc: &Services) -> Option<Line> {
    let (channel, key) = match identifier {
        Identifier::Email(_) => (Channel::Email, "delivery-delayed-email"),
        Identifier::Phone(_) => (Channel::Sms, "delivery-delayed-sms"),
    };
    svc.deliveries.delayed(channel).then(|| Line::new(key))
}

/// "A code is on its way" in the words of `key` (which names the masked identifier and
/// the minutes the code lives).
pub fn code_sent(key: &'static str, identifier: &Identifier, svc: &Services) -> Line {
    Line::new(key)
        .arg("identifier", identifier.masked())
        .arg("minutes", svc.config.codes.ttl.as_secs() / 60)
}

/// The reply to a code request: `sent` (with the `delayed` line) when a code went out,
/// else the cooldown or hourly-limit text; a lock gives its end instead.
pub fn code_requested(
    outcome: CodeRequest,
    identifier: &Identifier,
    sent: Line,
    delayed: Option<Line>,
) -> Result<Reply, Millis> {
    let masked = identifier.masked();
    Ok(match outcome {
        CodeRequest::Locked { until } => return Err(until),
        CodeRequest::Sent => match delayed {
            Some(notice) => Reply::new(sent).para(notice),
            None => Reply::new(sent),
        },
        CodeRequest::Cooldown { retry_in_secs } => Reply::new(
            Line::new("code-cooldown")
                .arg("identifier", masked)
                .arg("seconds", retry_in_secs),
        ),
        CodeRequest::HourlyLimit { retry_in_secs } => Reply::new(
            Line::new("code-hourly-limit")
                .arg("identifier", masked)
                .arg("minutes", retry_in_secs.div_ceil(60)),
        ),
    })
}

/// Recovery is locked: support is offered (when configured), a reset cannot help.
pub fn locked(svc: &Services, until: Millis) -> Step {
    let text = Line::new("recovery-locked").arg("until", crate::chat::Arg::Time(until));
    let reply = Reply::new(text).with(Keyboard::locked_actions(svc.support_enabled()));
    Step::to(State::Idle, reply)
}

/// Why a code was not accepted. A lock ends the flow; otherwise the chat stays in `stay`,
/// and after the last try the user is offered `actions` (a new code, cancel).
pub fn code_refused(svc: &Services, outcome: CodeCheck, stay: State, actions: Keyboard) -> Step {
    let (key, left) = match outcome {
        CodeCheck::Correct { .. } => return Step::silent(stay),
        CodeCheck::Locked { until } => return locked(svc, until),
        CodeCheck::AccountLocked => {
            let mut reply = Reply::key("account-locked");
            if svc.support_enabled() {
                reply = reply.with(Keyboard::locked_actions(true));
            }
            return Step::to(State::Idle, reply);
        }
        CodeCheck::Wrong { attempts_left } => ("code-wrong", attempts_left),
        CodeCheck::WrongNowVoid => ("code-wrong-void", 0),
        CodeCheck::Expired => ("code-expired", 0),
        CodeCheck::Void => ("code-void", 0),
    };
    let reply = Reply::new(Line::new(key).arg("left", left));
    match left > 0 {
        true => Step::to(stay, reply),
        false => Step::to(stay, reply.with(actions)),
    }
}

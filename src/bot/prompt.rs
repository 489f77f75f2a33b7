//! What each step waits for: said again after input that does not fit it.

use super::reply;
use super::{HandlerResult, State, Tg};
use crate::i18n::Tr;
use teloxide::prelude::*;

/// What the current step waits for, said again after input that does not fit.
pub fn expected(state: &State, tr: &Tr) -> Option<String> {
    let key = match state {
        State::Idle | State::OfferLink { .. } => return None,
        State::ResetIdentifier => "expect-identifier",
        State::ResetCode { .. } => "expect-code",
        State::ResetNewPassword { .. } => "expect-password",
        State::ResetConfirm { .. } => "expect-confirmation",
        State::SupportDescribe => "expect-description",
        State::SupportChat { .. } => "expect-support-message",
        State::SignInIdentifier => "expect-identifier",
        State::SignInPassword { .. } => "expect-signin-password",
        State::SignInCode { .. } | State::SettingsVerify { .. } => "expect-code",
        State::Settings { .. } => "expect-settings-choice",
        State::SettingsName { .. } => "expect-name",
        State::SettingsEmail { .. } => "expect-email",
        State::SettingsPhone { .. } => "expect-phone",
        State::SettingsPassword { .. } => "expect-password",
        State::SettingsConfirm { .. } => "expect-confirmation",
    };
    Some(tr.t(key))
}

/// Anything that is not text gets what the step expects; the state stays.
pub async fn not_text(bot: &Tg, chat: ChatId, state: &State, tr: &Tr) -> HandlerResult {
    let text = expected(state, tr).unwrap_or_default();
    reply::say(bot, chat, text).await
}

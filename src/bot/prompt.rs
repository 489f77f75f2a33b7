//! What each step waits for: said again after input that does not fit it.

use super::turn::Turn;
use super::{HandlerResult, State};
use crate::i18n::Tr;

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

/// Anything that is not text, in a step that reads text: what the step expects, and the
/// state stays. In a settings step the session is touched first (and when it has ended,
/// the user is told so instead).
pub async fn not_text(turn: Turn, state: State) -> HandlerResult {
    let state = match state.session() {
        Some(session) => {
            let Some(session) = super::settings::live(&turn, session).await? else {
                return Ok(());
            };
            let state = state.with_session(session);
            turn.set(state.clone()).await?;
            state
        }
        None => state,
    };
    turn.say(expected(&state, &turn.tr).unwrap_or_default())
        .await
}

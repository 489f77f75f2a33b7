//! What each step waits for: said again after input that does not fit it.

use super::turn::Turn;
use super::{HandlerResult, State};
use crate::i18n::Tr;

/// What the current step waits for, said again after input that does not fit.
pub fn expected(state: &State, tr: &Tr) -> Option<String> {
    state.expects().map(|key| tr.t(key))
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

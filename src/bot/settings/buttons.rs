//! The settings buttons: a setting to change, "Send a new code", "Done", and the answer
//! to the link offer after a sign-in.

use super::{contact, live, show_menu};
use crate::bot::button::Setting;
use crate::bot::turn::Turn;
use crate::bot::{HandlerResult, State};
use crate::settings::Session;
use fluent_bundle::FluentValue;
use teloxide::prelude::*;

/// A settings button's press in this chat: true when it is private and signed in (or
/// waiting for the sign-in code); otherwise the press is answered as expired.
pub async fn pressed_here(turn: &Turn, q: &CallbackQuery, state: &State) -> anyhow::Result<bool> {
    let private = q.message.as_ref().is_some_and(|m| m.chat().is_private());
    let usable =
        private && (state.session().is_some() || matches!(state, State::SignInCode { .. }));
    let answer = turn.bot.answer_callback_query(q.id.clone());
    if !usable {
        answer.text(turn.tr.t("button-expired")).await?;
        return Ok(false);
    }
    answer.await?;
    Ok(true)
}

/// The prologue of a press in a session: the press answered, and the session touched.
/// None when the user was answered already (expired, or the session is over).
async fn signed_in(
    turn: &Turn,
    q: &CallbackQuery,
    state: &State,
) -> anyhow::Result<Option<Session>> {
    if !pressed_here(turn, q, state).await? {
        return Ok(None);
    }
    // Waiting for the sign-in code, only Resend fits (routed to the sign-in).
    let Some(session) = state.session() else {
        turn.say_key("button-expired").await?;
        return Ok(None);
    };
    live(turn, session).await
}

/// A press on a settings button.
pub async fn button(turn: Turn, q: CallbackQuery, setting: Setting, state: State) -> HandlerResult {
    let Some(session) = signed_in(&turn, &q, &state).await? else {
        return Ok(());
    };
    let (tr, svc) = (&turn.tr, &turn.svc);
    let (next, text) = match setting {
        Setting::Name => (State::SettingsName { session }, tr.t("settings-ask-name")),
        Setting::Email => (State::SettingsEmail { session }, tr.t("settings-ask-email")),
        Setting::Phone => (State::SettingsPhone { session }, tr.t("settings-ask-phone")),
        Setting::Password => {
            let min = FluentValue::from(svc.config.security.password_min_length);
            let text = tr.ta("settings-ask-password", &[("min", min)]);
            (State::SettingsPassword { session }, text)
        }
        Setting::Resend => match state {
            State::SettingsVerify { contact, .. } => {
                return contact::send_contact_code(&turn, session, contact).await
            }
            _ => return turn.say_key("button-expired").await,
        },
        Setting::Done => {
            svc.end_session(&session, turn.chat.0, "done");
            turn.set(State::Idle).await?;
            return turn.say_with_menu(tr.t("settings-done")).await;
        }
    };
    turn.ask(next, text).await
}

/// The answer to the link offer made after a settings sign-in; the settings menu follows.
pub async fn link_button(turn: Turn, q: CallbackQuery, yes: bool, state: State) -> HandlerResult {
    let Some(session) = signed_in(&turn, &q, &state).await? else {
        return Ok(());
    };
    // Only while the account has no linked chat: otherwise linking needs their approval.
    let linked = match yes {
        true => {
            let svc = &turn.svc;
            svc.link_first_chat(turn.chat.0, &session.account_id)
                .await?
        }
        false => None,
    };
    let text = match linked {
        Some(account) => crate::bot::approvals::link_done_text(&turn.tr, account),
        None => turn.tr.t("link-declined"),
    };
    show_menu(&turn, session, Some(text)).await
}

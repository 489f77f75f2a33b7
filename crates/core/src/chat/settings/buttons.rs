//! The settings buttons, once the bot has answered the press: a setting to change, "Send
//! a new code", "Done", and the answer to the link offer after a sign-in.

use super::{contact, live, menu};
use crate::chat::reply::{Keyboard, Line, Reply, Step};
use crate::chat::state::State;
use crate::chat::{Chat, Setting};
use crate::recovery::Services;
use crate::settings::Session;

/// The prologue of a press: the session touched (`Ok`), or the step that answers the
/// press instead (`Err`: no session here, or it has ended).
fn signed_in(svc: &Services, chat: &Chat, state: &State) -> anyhow::Result<Result<Session, Step>> {
    // Waiting for the sign-in code, only Resend fits (routed to the sign-in).
    let Some(session) = state.session() else {
        return Ok(Err(Step::to(state.clone(), Reply::key("button-expired"))));
    };
    live(svc, chat, session)
}

/// The notice for a settings press that does not count here, if it does not: it counts
/// in a private chat that is signed in or waiting for the sign-in code.
pub fn press_refused(private: bool, state: &State) -> Option<Reply> {
    let usable =
        private && (state.session().is_some() || matches!(state, State::SignInCode { .. }));
    (!usable).then(|| Reply::key("button-expired"))
}

/// A press on a settings button.
pub async fn pressed(
    svc: &Services,
    chat: &Chat,
    setting: Setting,
    state: State,
) -> anyhow::Result<Step> {
    let session = or_return!(signed_in(svc, chat, &state)?);
    let (next, text) = match setting {
        Setting::Name => (
            State::SettingsName { session },
            Line::new("settings-ask-name"),
        ),
        Setting::Email => (
            State::SettingsEmail { session },
            Line::new("settings-ask-email"),
        ),
        Setting::Phone => (
            State::SettingsPhone { session },
            Line::new("settings-ask-phone"),
        ),
        Setting::Password => {
            let min = svc.config.security.password_min_length;
            let text = Line::new("settings-ask-password").arg("min", min);
            (State::SettingsPassword { session }, text)
        }
        Setting::Resend => {
            return match state {
                State::SettingsVerify { contact, .. } => {
                    contact::send_contact_code(svc, chat, session, contact).await
                }
                other => Ok(Step::to(
                    other.with_session(session),
                    Reply::key("button-expired"),
                )),
            }
        }
        Setting::Done => {
            svc.settings().end_session(&session, chat.id, "done");
            let done = Reply::key("settings-done").with(Keyboard::main_menu(svc.support_enabled()));
            return Ok(Step::to(State::Idle, done));
        }
    };
    Ok(Step::to(
        next,
        Reply::new(text).with(Keyboard::cancel_only()),
    ))
}

/// The answer to the link offer made after a settings sign-in; the settings menu follows.
/// The link is made only while the account has no linked chat (otherwise linking needs
/// the approval of a linked chat).
pub async fn link(svc: &Services, chat: &Chat, yes: bool, state: State) -> anyhow::Result<Step> {
    let session = or_return!(signed_in(svc, chat, &state)?);
    let linked = match yes {
        true => {
            svc.approvals()
                .link_first_chat(chat.id, &session.account_id)
                .await?
        }
        false => None,
    };
    let text = match linked {
        Some(account) => Line::new("link-done").arg("account", account),
        None => Line::new("link-declined"),
    };
    menu(svc, session, Some(text))
}

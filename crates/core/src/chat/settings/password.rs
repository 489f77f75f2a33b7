//! A new password from the settings: the reset's policy, typed twice, messages deleted;
//! at most `security.password_attempts` new passwords per session.

use super::{live, saved};
use crate::chat::reply::{Keyboard, Line, Reply, Step};
use crate::chat::reset::{ask_confirmation, refusal};
use crate::chat::state::State;
use crate::chat::Chat;
use crate::recovery::Services;
use crate::settings::edit::Edit;
use crate::settings::Session;

/// The new password (its message is deleted already).
pub async fn receive_password(
    svc: &Services,
    chat: &Chat,
    session: &Session,
    text: &str,
) -> anyhow::Result<Step> {
    let mut session = or_return!(live(svc, chat, session)?);
    session.password_attempts += 1;
    Ok(
        match svc
            .recovery()
            .choose_password(&session.account_id, text, chat.actor())
            .await?
        {
            Ok(pending_hash) => {
                let next = State::SettingsConfirm {
                    session,
                    pending_hash,
                };
                Step::to(next, ask_confirmation())
            }
            Err(refused) => again_or_end(svc, chat, session, refusal(refused)),
        },
    )
}

/// After a refused or unconfirmed password: the password step again, or, once
/// `security.password_attempts` passwords were checked in this session, the end of the
/// session (signing in again starts a new one).
fn again_or_end(svc: &Services, chat: &Chat, session: Session, refused: Line) -> Step {
    let attempts = session.password_attempts;
    if svc.recovery().password_attempts_exhausted(
        &session.account_id,
        attempts,
        "settings",
        chat.actor(),
    ) {
        svc.settings()
            .end_session(&session, chat.id, "password_attempts");
        let reply = Reply::new(refused)
            .para(Line::new("password-attempts-settings"))
            .with(Keyboard::main_menu(svc.support_enabled()));
        return Step::to(State::Idle, reply);
    }
    Step::to(State::SettingsPassword { session }, Reply::new(refused))
}

/// The password once more (its message is deleted already).
pub async fn receive_confirmation(
    svc: &Services,
    chat: &Chat,
    (session, pending_hash): (Session, String),
    text: &str,
) -> anyhow::Result<Step> {
    let session = or_return!(live(svc, chat, &session)?);
    let matches = svc
        .recovery()
        .confirmation_matches(&session.account_id, &pending_hash, text, chat.actor())
        .await?;
    if matches {
        return saved(svc, chat, session, Edit::Password(pending_hash)).await;
    }
    Ok(again_or_end(
        svc,
        chat,
        session,
        Line::new("password-mismatch"),
    ))
}

//! A new password from the settings: the reset's policy, typed twice, messages deleted
//! (see `schema()`); at most `security.password_attempts` new passwords per session.

use super::{live, saved};
use crate::bot::reset::{ask_confirmation, refusal_text};
use crate::bot::turn::{Text, Turn};
use crate::bot::{HandlerResult, State};
use crate::settings::edit::Edit;
use crate::settings::Session;

pub async fn receive_password(turn: Turn, session: Session, Text(text): Text) -> HandlerResult {
    let Some(mut session) = live(&turn, &session).await? else {
        return Ok(());
    };
    session.password_attempts += 1;
    let svc = &turn.svc;
    match svc
        .choose_password(&session.account_id, &text, turn.actor())
        .await?
    {
        Ok(pending_hash) => {
            let next = State::SettingsConfirm {
                session,
                pending_hash,
            };
            ask_confirmation(&turn, next).await
        }
        Err(refusal) => {
            let refused = refusal_text(refusal, &turn.tr);
            again_or_end(&turn, session, refused).await
        }
    }
}

/// After a refused or unconfirmed password: the password step again, or, once
/// `security.password_attempts` passwords were checked in this session, the end of the
/// session (signing in again starts a new one).
async fn again_or_end(turn: &Turn, session: Session, refused: String) -> HandlerResult {
    let svc = &turn.svc;
    let attempts = session.password_attempts;
    if svc.password_attempts_exhausted(&session.account_id, attempts, "settings", turn.actor()) {
        svc.end_session(&session, turn.chat.0, "password_attempts");
        turn.set(State::Idle).await?;
        let text = format!("{refused}\n\n{}", turn.tr.t("password-attempts-settings"));
        return turn.say_with_menu(text).await;
    }
    turn.set(State::SettingsPassword { session }).await?;
    turn.say(refused).await
}

pub async fn receive_confirmation(
    turn: Turn,
    (session, pending_hash): (Session, String),
    Text(text): Text,
) -> HandlerResult {
    let Some(session) = live(&turn, &session).await? else {
        return Ok(());
    };
    if turn
        .svc
        .confirmation_matches(&session.account_id, &pending_hash, &text, turn.actor())
        .await?
    {
        return saved(&turn, session, Edit::Password(pending_hash)).await;
    }
    let mismatch = turn.tr.t("password-mismatch");
    again_or_end(&turn, session, mismatch).await
}

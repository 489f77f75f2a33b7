//! The reset's last steps: the new password (the policy, within `password_attempts` per
//! window) and its confirmation.

use crate::bot::reply;
use crate::bot::turn::{Text, Turn};
use crate::bot::{HandlerResult, State};
use crate::clock::Millis;
use crate::domain::PasswordRejection;
use crate::i18n::Tr;
use crate::recovery::PasswordRefusal;
use fluent_bundle::FluentValue;

/// Where a reset stands after its code: the account, when the code was proven, and how
/// many new passwords were checked since.
type Window = (String, Millis, u32);

/// The prologue of both steps (the message is deleted already, see `schema()`): the
/// window of `reset_window_secs` that a proven code opened must still be open, else the
/// reset ends. False when the step is over for this message.
async fn in_window(turn: &Turn, granted_at: Millis) -> anyhow::Result<bool> {
    if turn.svc.reset_window_open(granted_at) {
        return Ok(true);
    }
    turn.set(State::Idle).await?;
    let closed = turn.tr.t("reset-window-expired");
    turn.say_with(closed, reply::reset_only(&turn.tr)).await?;
    Ok(false)
}

pub async fn receive_new_password(
    turn: Turn,
    (account_id, granted_at, attempts): Window,
    Text(text): Text,
) -> HandlerResult {
    if !in_window(&turn, granted_at).await? {
        return Ok(());
    }
    let attempts = attempts + 1;
    match turn
        .svc
        .choose_password(&account_id, &text, turn.actor())
        .await?
    {
        Ok(pending_hash) => {
            let next = State::ResetConfirm {
                account_id,
                granted_at,
                pending_hash,
                attempts,
            };
            ask_confirmation(&turn, next).await
        }
        Err(refusal) => {
            let refused = refusal_text(refusal, &turn.tr);
            again_or_end(&turn, (account_id, granted_at, attempts), refused).await
        }
    }
}

/// A password passed the policy: the next step asks for it once more.
pub async fn ask_confirmation(turn: &Turn, next: State) -> HandlerResult {
    turn.ask(next, turn.tr.t("password-confirm")).await
}

/// After a refused or unconfirmed password: the new-password step again, or, once
/// `security.password_attempts` passwords were checked in this window, the end of the
/// reset (a new one needs a new code).
async fn again_or_end(
    turn: &Turn,
    (account_id, granted_at, attempts): Window,
    refused: String,
) -> HandlerResult {
    let svc = &turn.svc;
    if svc.password_attempts_exhausted(&account_id, attempts, "reset", turn.actor()) {
        turn.set(State::Idle).await?;
        let text = format!("{refused}\n\n{}", turn.tr.t("password-attempts-reset"));
        return turn.say_with(text, reply::reset_only(&turn.tr)).await;
    }
    let next = State::ResetNewPassword {
        account_id,
        granted_at,
        attempts,
    };
    turn.set(next).await?;
    turn.say(refused).await
}

pub async fn receive_confirmation(
    turn: Turn,
    (account_id, granted_at, pending_hash, attempts): (String, Millis, String, u32),
    Text(text): Text,
) -> HandlerResult {
    if !in_window(&turn, granted_at).await? {
        return Ok(());
    }
    let tr = &turn.tr;
    if turn
        .svc
        .confirm_password(&account_id, &pending_hash, &text, tr.lang, turn.actor())
        .await?
    {
        turn.set(State::Idle).await?;
        turn.say_with_menu(tr.t("password-changed")).await?;
        crate::bot::approvals::offer_link(&turn, account_id).await
    } else {
        let mismatch = tr.t("password-mismatch");
        again_or_end(&turn, (account_id, granted_at, attempts), mismatch).await
    }
}

pub fn refusal_text(refusal: PasswordRefusal, tr: &Tr) -> String {
    match refusal {
        PasswordRefusal::SameAsCurrent => tr.t("password-same-as-current"),
        PasswordRefusal::Policy(PasswordRejection::TooShort { min }) => {
            tr.ta("password-too-short", &[("min", FluentValue::from(min))])
        }
        PasswordRefusal::Policy(PasswordRejection::TooLong { max }) => {
            tr.ta("password-too-long", &[("max", FluentValue::from(max))])
        }
        PasswordRefusal::Policy(PasswordRejection::Guessable) => tr.t("password-guessable"),
        PasswordRefusal::Policy(PasswordRejection::ContainsEmail) => {
            tr.t("password-contains-email")
        }
        PasswordRefusal::Policy(PasswordRejection::ContainsName) => tr.t("password-contains-name"),
        PasswordRefusal::Policy(PasswordRejection::ControlCharacters) => {
            tr.t("password-control-characters")
        }
    }
}

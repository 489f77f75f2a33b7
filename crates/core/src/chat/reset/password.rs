//! The reset's last steps: the new password (the policy, within `password_attempts` per
//! window) and its confirmation, then the offer to link the chat.

use crate::chat::reply::{Keyboard, Line, Reply, Step};
use crate::chat::state::State;
use crate::chat::Chat;
use crate::clock::Millis;
use crate::domain::PasswordRejection;
use crate::recovery::{PasswordRefusal, Services};

/// Where a reset stands after its code: the account, when the code was proven, and how
/// many new passwords were checked since.
pub type Window = (String, Millis, u32);

/// The window of `reset_window` that a proven code opened must still be open, else the
/// reset ends.
fn closed(svc: &Services, granted_at: Millis) -> Option<Step> {
    if svc.recovery().reset_window_open(granted_at) {
        return None;
    }
    let reply = Reply::key("reset-window-expired").with(Keyboard::reset_only());
    Some(Step::to(State::Idle, reply))
}

/// The new password (its message is deleted already).
pub async fn receive_new_password(
    svc: &Services,
    chat: &Chat,
    (account_id, granted_at, attempts): Window,
    text: &str,
) -> anyhow::Result<Step> {
    if let Some(end) = closed(svc, granted_at) {
        return Ok(end);
    }
    let attempts = attempts + 1;
    Ok(
        match svc
            .recovery()
            .choose_password(&account_id, text, chat.actor())
            .await?
        {
            Ok(pending_hash) => {
                let next = State::ResetConfirm {
                    account_id,
                    granted_at,
                    pending_hash,
                    attempts,
                };
                Step::to(next, ask_confirmation())
            }
            Err(refused) => again_or_end(
                svc,
                chat,
                (account_id, granted_at, attempts),
                refusal(refused),
            ),
        },
    )
}

/// A password passed the policy: the next step asks for it once more.
pub fn ask_confirmation() -> Reply {
    Reply::key("password-confirm").with(Keyboard::cancel_only())
}

/// After a refused or unconfirmed password: the new-password step again, or, once
/// `security.password_attempts` passwords were checked in this window, the end of the
/// reset (a new one needs a new code).
fn again_or_end(
    svc: &Services,
    chat: &Chat,
    (account_id, granted_at, attempts): Window,
    refused: Line,
) -> Step {
    if svc
        .recovery()
        .password_attempts_exhausted(&account_id, attempts, "reset", chat.actor())
    {
        let reply = Reply::new(refused)
            .para(Line::new("password-attempts-reset"))
            .with(Keyboard::reset_only());
        return Step::to(State::Idle, reply);
    }
    let next = State::ResetNewPassword {
        account_id,
        granted_at,
        attempts,
    };
    Step::to(next, Reply::new(refused))
}

/// The password once more (its message is deleted already): on a match the password is
/// set, and the chat is offered to receive the account's approval requests.
pub async fn receive_confirmation(
    svc: &Services,
    chat: &Chat,
    (account_id, granted_at, pending_hash, attempts): (String, Millis, String, u32),
    text: &str,
) -> anyhow::Result<Step> {
    if let Some(end) = closed(svc, granted_at) {
        return Ok(end);
    }
    let confirmed = svc
        .recovery()
        .confirm_password(&account_id, &pending_hash, text, chat.lang, chat.actor())
        .await?;
    if !confirmed {
        let mismatch = Line::new("password-mismatch");
        return Ok(again_or_end(
            svc,
            chat,
            (account_id, granted_at, attempts),
            mismatch,
        ));
    }
    let changed = Reply::key("password-changed").with(Keyboard::main_menu(svc.support_enabled()));
    let step = Step::to(State::Idle, changed);
    // Unless the chat is linked to the account already.
    Ok(
        match svc
            .approvals()
            .link_offer_after_reset(chat.id, &account_id)?
        {
            Some(account) => {
                let offer = Reply::new(Line::new("link-offer").arg("account", account))
                    .with(Keyboard::link_offer());
                Step {
                    next: State::OfferLink { account_id },
                    ..step
                }
                .then(offer)
            }
            None => step,
        },
    )
}

/// Why a new password was refused, in words.
pub fn refusal(refusal: PasswordRefusal) -> Line {
    match refusal {
        PasswordRefusal::SameAsCurrent => Line::new("password-same-as-current"),
        PasswordRefusal::Policy(PasswordRejection::TooShort { min }) => {
            Line::new("password-too-short").arg("min", min)
        }
        PasswordRefusal::Policy(PasswordRejection::TooLong { max }) => {
            Line::new("password-too-long").arg("max", max)
        }
        PasswordRefusal::Policy(PasswordRejection::Guessable) => Line::new("password-guessable"),
        PasswordRefusal::Policy(PasswordRejection::ContainsEmail) => {
            Line::new("password-contains-email")
        }
        PasswordRefusal::Policy(PasswordRejection::ContainsName) => {
            Line::new("password-contains-name")
        }
        PasswordRefusal::Policy(PasswordRejection::ControlCharacters) => {
            Line::new("password-control-characters")
        }
    }
}

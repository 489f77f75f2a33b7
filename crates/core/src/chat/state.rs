//! Where a chat is in its conversation: the dialogue state, stored between updates.

use crate::clock::Millis;
use crate::domain::Identifier;
use crate::settings::Session;
use serde::{Deserialize, Serialize};

/// Where a chat is in its conversation. Variants carry what was collected so far; none
/// carries a password or a code (a chosen password is kept only as its argon2 hash).
#[derive(Clone, Default, Serialize, Deserialize)]
pub enum State {
    #[default]
    Idle,
    ResetIdentifier,
    ResetCode {
        identifier: Identifier,
    },
    /// A code was proven at `granted_at`; `attempts` new passwords were checked since.
    ResetNewPassword {
        account_id: String,
        granted_at: Millis,
        #[serde(default)]
        attempts: u32,
    },
    ResetConfirm {
        account_id: String,
        granted_at: Millis,
        pending_hash: String,
        #[serde(default)]
        attempts: u32,
    },
    /// /support: waiting for the user to describe the problem.
    SupportDescribe,
    /// The user's messages go to this ticket's agents.
    SupportChat {
        ticket: u64,
    },
    /// After a reset: may this chat receive the account's approval requests?
    OfferLink {
        account_id: String,
    },
    /// /settings: waiting for the e-mail address or phone number to sign in with.
    SignInIdentifier,
    SignInPassword {
        identifier: Identifier,
    },
    /// The password was right; the step-up code went to `identifier`.
    SignInCode {
        account_id: String,
        identifier: Identifier,
    },
    /// Signed in: the settings menu.
    Settings {
        session: Session,
    },
    SettingsName {
        session: Session,
    },
    SettingsEmail {
        session: Session,
    },
    SettingsPhone {
        session: Session,
    },
    /// A code went to the new e-mail address or phone number `contact`.
    SettingsVerify {
        session: Session,
        contact: Identifier,
    },
    SettingsPassword {
        session: Session,
    },
    SettingsConfirm {
        session: Session,
        pending_hash: String,
    },
}

/// Variant names only: the state may hold a password hash.
impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            State::Idle => "Idle",
            State::ResetIdentifier => "ResetIdentifier",
            State::ResetCode { .. } => "ResetCode",
            State::ResetNewPassword { .. } => "ResetNewPassword",
            State::ResetConfirm { .. } => "ResetConfirm",
            State::SupportDescribe => "SupportDescribe",
            State::SupportChat { .. } => "SupportChat",
            State::OfferLink { .. } => "OfferLink",
            State::SignInIdentifier => "SignInIdentifier",
            State::SignInPassword { .. } => "SignInPassword",
            State::SignInCode { .. } => "SignInCode",
            State::Settings { .. } => "Settings",
            State::SettingsName { .. } => "SettingsName",
            State::SettingsEmail { .. } => "SettingsEmail",
            State::SettingsPhone { .. } => "SettingsPhone",
            State::SettingsVerify { .. } => "SettingsVerify",
            State::SettingsPassword { .. } => "SettingsPassword",
            State::SettingsConfirm { .. } => "SettingsConfirm",
        })
    }
}

impl State {
    /// The locale key of what this step waits for, said again after input that does not
    /// fit it; `None` outside a flow.
    pub fn expects(&self) -> Option<&'static str> {
        Some(match self {
            State::Idle | State::OfferLink { .. } => return None,
            State::ResetIdentifier | State::SignInIdentifier => "expect-identifier",
            State::ResetCode { .. } | State::SignInCode { .. } | State::SettingsVerify { .. } => {
                "expect-code"
            }
            State::ResetNewPassword { .. } | State::SettingsPassword { .. } => "expect-password",
            State::ResetConfirm { .. } | State::SettingsConfirm { .. } => "expect-confirmation",
            State::SupportDescribe => "expect-description",
            State::SupportChat { .. } => "expect-support-message",
            State::SignInPassword { .. } => "expect-signin-password",
            State::Settings { .. } => "expect-settings-choice",
            State::SettingsName { .. } => "expect-name",
            State::SettingsEmail { .. } => "expect-email",
            State::SettingsPhone { .. } => "expect-phone",
        })
    }

    /// True in the steps whose messages may carry a code or a password; such messages are
    /// deleted from the chat as soon as they are read.
    pub fn reads_secrets(&self) -> bool {
        matches!(
            self,
            State::ResetCode { .. }
                | State::ResetNewPassword { .. }
                | State::ResetConfirm { .. }
                | State::SignInPassword { .. }
                | State::SignInCode { .. }
                | State::SettingsVerify { .. }
                | State::SettingsPassword { .. }
                | State::SettingsConfirm { .. }
        )
    }

    /// The signed-in settings session, in the states that have one.
    pub fn session(&self) -> Option<&Session> {
        match self {
            State::Settings { session }
            | State::SettingsName { session }
            | State::SettingsEmail { session }
            | State::SettingsPhone { session }
            | State::SettingsVerify { session, .. }
            | State::SettingsPassword { session }
            | State::SettingsConfirm { session, .. } => Some(session),
            _ => None,
        }
    }

    /// The same step with `session` (touched just now) in place of its session.
    pub fn with_session(self, session: Session) -> State {
        match self {
            State::Settings { .. } => State::Settings { session },
            State::SettingsName { .. } => State::SettingsName { session },
            State::SettingsEmail { .. } => State::SettingsEmail { session },
            State::SettingsPhone { .. } => State::SettingsPhone { session },
            State::SettingsVerify { contact, .. } => State::SettingsVerify { session, contact },
            State::SettingsPassword { .. } => State::SettingsPassword { session },
            State::SettingsConfirm { pending_hash, .. } => State::SettingsConfirm {
                session,
                pending_hash,
            },
            other => other,
        }
    }
}

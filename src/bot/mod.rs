//! The Telegram side: the dialogue state, the commands, and the handlers. The whole
//! conversation graph is in [`schema::schema`].

mod agent;
pub mod approvals;
mod button;
mod card;
mod codes;
mod countries;
mod desk;
pub mod dialogues;
pub mod dispatch;
pub mod failures;
pub mod flood;
pub mod inbound;
pub mod limits;
mod menu;
pub mod outbound;
mod prompt;
#[cfg(test)]
mod props;
mod quote;
pub mod repeats;
mod reply;
mod reports;
mod reset;
mod retry;
pub mod schema;
mod settings;
mod signin;
mod staff;
mod support;
mod turn;

use crate::clock::Millis;
use crate::domain::Identifier;
use crate::settings::Session;
use serde::{Deserialize, Serialize};
use teloxide::dispatching::dialogue::{Dialogue, ErasedStorage};
use teloxide::macros::BotCommands;

/// The bot as handlers use it: Telegram's rate limits, and retries of what fails
/// transiently ([`outbound`]).
pub use outbound::Tg;
pub type ChatDialogue = Dialogue<State, ErasedStorage<State>>;
pub type HandlerResult = anyhow::Result<()>;

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

#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum Command {
    Start,
    Reset,
    Settings,
    Help,
    Support,
    Language,
    Pending,
    Unlink,
    Cancel,
}

impl Command {
    /// The commands shown in Telegram's menu, with the locale key of each description.
    /// `support` is left out when support is not configured.
    pub const MENU: &'static [(&'static str, &'static str)] = &[
        ("start", "cmd-start"),
        ("reset", "cmd-reset"),
        ("settings", "cmd-settings"),
        ("help", "cmd-help"),
        ("support", "cmd-support"),
        ("language", "cmd-language"),
        ("pending", "cmd-pending"),
        ("unlink", "cmd-unlink"),
        ("cancel", "cmd-cancel"),
    ];
}

/// Agents' commands, in the staff chat or a private chat with the bot. Anyone else who
/// sends one is refused, and the attempt is audited. Arguments are parsed by the handlers.
#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum AgentCommand {
    Tickets,
    Take(String),
    Reply(String),
    Close(String),
    Account(String),
    Unlock(String),
    Stats,
}

impl AgentCommand {
    /// The staff chat's command menu, with the locale key of each description.
    pub const MENU: &'static [(&'static str, &'static str)] = &[
        ("tickets", "cmd-tickets"),
        ("take", "cmd-take"),
        ("reply", "cmd-reply"),
        ("close", "cmd-close"),
        ("account", "cmd-account"),
        ("unlock", "cmd-unlock"),
        ("stats", "cmd-stats"),
    ];

    pub fn name(&self) -> &'static str {
        match self {
            AgentCommand::Tickets => "/tickets",
            AgentCommand::Take(_) => "/take",
            AgentCommand::Reply(_) => "/reply",
            AgentCommand::Close(_) => "/close",
            AgentCommand::Account(_) => "/account",
            AgentCommand::Unlock(_) => "/unlock",
            AgentCommand::Stats => "/stats",
        }
    }
}

/// Saves the chat's next state; a storage failure becomes the handler's error.
pub async fn set_state(dialogue: &ChatDialogue, state: State) -> HandlerResult {
    dialogue
        .update(state)
        .await
        .map_err(|e| anyhow::anyhow!(e).context("cannot save the dialogue state"))
}

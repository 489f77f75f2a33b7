//! The Telegram side: the dialogue state, the commands, and the handlers. The whole
//! conversation graph is in [`schema::schema`].

mod agent;
pub mod approvals;
mod desk;
pub mod dialogues;
pub mod dispatch;
pub mod failures;
pub mod flood;
pub mod inbound;
pub mod limits;
mod menu;
pub mod outbound;
#[cfg(test)]
mod props;
mod render;
pub mod repeats;
mod reply;
mod reset;
mod retry;
pub mod schema;
mod settings;
mod signin;
mod staff;
mod support;
mod turn;

use recovery_core::chat::staff::Order;
use teloxide::dispatching::dialogue::{Dialogue, ErasedStorage};
use teloxide::macros::BotCommands;

/// The bot as handlers use it: Telegram's rate limits, and retries of what fails
/// transiently ([`outbound`]).
pub use outbound::Tg;
pub use recovery_core::chat::State;
pub type ChatDialogue = Dialogue<State, ErasedStorage<State>>;
pub type HandlerResult = anyhow::Result<()>;

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

    /// The command as the core's desk carries it out.
    pub fn order(self) -> Order {
        match self {
            AgentCommand::Tickets => Order::Tickets,
            AgentCommand::Take(arg) => Order::Take(arg),
            AgentCommand::Reply(arg) => Order::Reply(arg),
            AgentCommand::Close(arg) => Order::Close(arg),
            AgentCommand::Account(arg) => Order::Account(arg),
            AgentCommand::Unlock(arg) => Order::Unlock(arg),
            AgentCommand::Stats => Order::Stats,
        }
    }

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

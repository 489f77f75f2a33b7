//! recovery-bot's core, with no Telegram in it: the accounts and their identifiers, one-time
//! codes, passwords and their policy, the settings flow with its sign-in, change requests
//! and approvals, support tickets, deliveries by e-mail and SMS, the store and the audit
//! log. The bot's crate turns Telegram updates into calls of this crate and its answers
//! into Telegram messages.

pub mod account_input;
pub mod approvals;
pub mod audit;
pub mod chat;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod delivery;
pub mod domain;
pub mod hash_memory;
pub mod hash_pool;
pub mod hashing;
pub mod i18n;
pub mod language;
pub mod maintenance;
pub mod metrics;
pub mod moment;
pub mod random;
pub mod records;
pub mod recovery;
pub mod settings;
pub mod store;
pub mod support;
#[cfg(test)]
mod testing;

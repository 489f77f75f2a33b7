//! recovery-bot: a Telegram bot that helps people get back into their accounts.
//!
//! The crate is a library; `main.rs` only parses the command line. [`app::App`] is the one
//! builder shared by `run`, `demo` and the integration tests. Everything that is not
//! Telegram (the flows' rules, the store, deliveries, the audit log) is the core crate,
//! `recovery-core`, re-exported here under the names the bot uses.

pub mod api;
pub mod app;
pub mod bot;
pub mod cli;
pub mod demo;
mod memory;
pub mod scheduling;
pub mod shutdown;
pub mod webhook;

pub use recovery_core::{
    account_input, approvals, audit, chat, clock, config, crypto, delivery, domain, hash_memory,
    hash_pool, hashing, i18n, maintenance, metrics, recovery, settings, store, support,
};

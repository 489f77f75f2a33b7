//! recovery-bot: a Telegram bot that helps people get back into their accounts.
//!
//! The crate is a library; `main.rs` only parses the command line. [`app::App`] is the one
//! builder shared by `run`, `demo` and the integration tests.

pub mod account_input;
pub mod api;
pub mod app;
pub mod approvals;
pub mod audit;
pub mod bot;
pub mod cli;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod delivery;
pub mod demo;
pub mod domain;
pub mod hash_memory;
pub mod hash_pool;
pub mod hashing;
pub mod i18n;
pub mod maintenance;
mod memory;
pub mod metrics;
pub mod recovery;
pub mod scheduling;
pub mod settings;
pub mod shutdown;
pub mod store;
pub mod support;
pub mod webhook;

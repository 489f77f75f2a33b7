//! The one integration-test binary: the real bot, built by the same `App` builder as
//! `recovery-bot run`, against a Bot API emulator, an SMTP server and an SMS sink, all on
//! loopback.

mod approvals;
mod cli;
mod config_checks;
mod config_file;
mod crash;
mod delivery;
mod faults;
mod flood;
mod harness;
mod layout;
mod limits;
mod logs;
mod menu;
mod metrics;
mod ops;
mod passwords;
mod permanent;
mod process;
mod properties;
mod pumping;
mod reset;
mod scheduling;
mod security;
mod servers;
mod settings;
mod shutdown;
mod storage;
mod store_growth;
mod support;
mod transcript;
mod transcripts;
mod webhook;

//! The password-reset core, free of Telegram: request a code, check it, choose and confirm
//! the new password. The bot's handlers are thin wrappers around these calls, and tests
//! can drive them directly.

mod audit;
pub mod codes;
mod flows;
mod open;
mod password;
mod reset;

use crate::clock::{Millis, SharedClock};
use crate::config::Config;
use crate::crypto::Secret;
use crate::delivery::Deliveries;
use crate::domain::{Identifier, PasswordRejection};
use crate::hashing::PasswordHashing;
use crate::i18n::I18n;
use crate::store::{accounts::Account, Store};
use std::sync::Arc;

pub use codes::{CodePurpose, CodeTarget};
pub use flows::{ApprovalsFlow, RecoveryFlow, SettingsFlow, SupportFlow};

/// Everything the flows need, built once ([`Services::open`]).
#[derive(Clone)]
pub struct Services {
    pub(crate) config: Arc<Config>,
    pub(crate) store: Store,
    pub(crate) secret: Secret,
    pub(crate) hashing: PasswordHashing,
    pub(crate) deliveries: Deliveries,
    pub(crate) clock: SharedClock,
    pub(crate) i18n: Arc<I18n>,
    /// Woken when a change request is stored, so it is pushed at once.
    pub(crate) changes_waker: Arc<tokio::sync::Notify>,
    pub(crate) metrics: Arc<crate::metrics::Metrics>,
    /// Where codes and ids come from ([`crate::random`]).
    pub(crate) random: crate::random::SharedRandom,
    /// The bot's Telegram username, once Telegram said it (`introduce`).
    pub(crate) username: Arc<std::sync::OnceLock<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRequest {
    Sent,
    Cooldown { retry_in_secs: u64 },
    HourlyLimit { retry_in_secs: u64 },
    Locked { until: Millis },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeCheck {
    Correct {
        account_id: String,
    },
    Wrong {
        attempts_left: u32,
    },
    WrongNowVoid,
    Expired,
    Void,
    /// Too many failures: recovery is locked (by this try, or already).
    Locked {
        until: Millis,
    },
    /// An operator locked the account.
    AccountLocked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordRefusal {
    Policy(PasswordRejection),
    SameAsCurrent,
}

/// Who is acting, for the audit log.
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    pub chat_id: Option<i64>,
}

impl Services {
    pub(crate) fn subject(identifier: &Identifier, account: Option<&Account>) -> String {
        account
            .map(|a| a.id.clone())
            .unwrap_or_else(|| identifier.key())
    }
}

#[cfg(test)]
mod tests;

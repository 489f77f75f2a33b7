//! The append-only audit log of security and agent events. Events are typed; none carries
//! a secret (identifiers appear masked). Every record says when, who acted (`actor`), in
//! which chat, on which account; the event name and its fields say what and the outcome.
//! The store writes and reads it, with an index by account (`crate::store::audit_log`);
//! nothing is ever removed from it.

use crate::clock::{rfc3339, Millis};
use crate::records::change::{ChangeField, ChangeStatus};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum AuditEvent {
    /// A code was asked for; `known` says whether an account uses the identifier.
    CodeRequested {
        identifier: String,
        known: bool,
    },
    CodeSent {
        identifier: String,
        channel: Channel,
    },
    CodeCooldown {
        identifier: String,
    },
    CodeHourlyLimit {
        identifier: String,
    },
    CodeAccepted {
        identifier: String,
    },
    CodeRejected {
        identifier: String,
        reason: CodeRejection,
    },
    RecoveryLocked {
        identifier: String,
    },
    RecoveryRefusedLocked {
        identifier: String,
    },
    PasswordRejected {
        reason: String,
    },
    PasswordChanged {
        via: String,
    },
    /// Too many new passwords tried in one reset window or settings session (`flow` is
    /// "reset" or "settings"): the flow ended.
    PasswordAttemptsExhausted {
        flow: String,
    },
    /// The stored hash had other argon2 parameters than the configured ones (`from`:
    /// algorithm and parameters, never the hash); after a successful sign-in it was
    /// replaced by a hash of the same password with the configured ones.
    PasswordRehashed {
        from: String,
    },
    /// The stored hash is outside the accepted argon2 parameters (or not a PHC string), so
    /// it was not verified and the password was treated as wrong.
    PasswordHashRefused {
        reason: String,
    },
    NoticeSent {
        channel: Channel,
    },
    GroupChatRefused {
        command: String,
    },
    AccountCreated {
        source: String,
    },
    AccountLocked {
        by: String,
    },
    AccountUnlocked {
        by: String,
    },
    /// A message given up: `reason` is `invalid_address`, `smtp_rejected` or
    /// `gateway_rejected` (refused for good, after one attempt) or `attempts_exhausted`
    /// (every attempt failed). No content is recorded.
    DeliveryFailed {
        channel: Channel,
        to: String,
        #[serde(default)]
        reason: String,
    },
    /// A message was dropped unsent: its code expired or it waited too long (`expired`),
    /// it could not be decrypted (`undecryptable`: the secret changed), its number's
    /// country is not allowed (`country_not_allowed`), or the hourly SMS budget was spent
    /// (`sms_budget`). No content is recorded.
    DeliveryDropped {
        channel: Channel,
        to: String,
        reason: String,
    },
    ChangeRequested {
        change: String,
        field: ChangeField,
        by: String,
    },
    ChangeDecided {
        change: String,
        field: ChangeField,
        outcome: ChangeStatus,
    },
    /// A change request was not stored: its account had as many waiting as allowed.
    ChangeRefused {
        field: ChangeField,
        by: String,
        reason: String,
    },
    /// A press on an approval button that did nothing: forged, foreign, late or repeated.
    ChangeButtonRefused {
        change: Option<String>,
        reason: String,
    },
    ChatLinked,
    ChatUnlinked,
    /// /settings sign-in: the password was right (a code still follows).
    SignInPassword {
        identifier: String,
    },
    /// A wrong password, or an identifier no account uses (`known` tells which).
    SignInFailed {
        identifier: String,
        known: bool,
    },
    /// A try refused unchecked: `reason` is "waiting" or "locked".
    SignInRefused {
        identifier: String,
        reason: String,
    },
    /// Too many wrong passwords: sign-in locked for the account or chat.
    SignInLocked {
        identifier: String,
    },
    /// The step-up code was right: the chat may change settings.
    SignedIn,
    /// A settings session ended: `reason` is "idle", "revoked", "done", "password_attempts".
    SignedOut {
        reason: String,
    },
    /// /settings: no code sent to a new e-mail or phone, as too many distinct new contacts
    /// got one in the last hour (for the account or the chat).
    NewContactLimited {
        identifier: String,
    },
    /// A setting was changed from /settings (`pending` when it waits for approval).
    SettingChanged {
        field: ChangeField,
        pending: bool,
    },
    StorageError {
        during: String,
    },
    /// A user opened a support ticket.
    TicketOpened {
        ticket: u64,
    },
    /// A user's message was not passed on to support (`ticket` is None for a refused
    /// description: no ticket was opened).
    TicketMessageRefused {
        ticket: Option<u64>,
        reason: RelayRefusal,
    },
    TicketTaken {
        ticket: u64,
    },
    TicketReplied {
        ticket: u64,
    },
    TicketClosed {
        ticket: u64,
    },
    /// An agent looked at an account with /account.
    AccountViewed,
    /// An agent listed tickets or statistics.
    AgentQuery {
        command: String,
    },
    /// A user sent updates faster than the inbound limit (`queue_full`: faster than their
    /// chat's queue holds); what came too fast was dropped. One event per flood.
    UpdatesDropped {
        queue_full: bool,
    },
    /// Someone who is not an agent tried an agent command or action.
    AgentRefused {
        user: i64,
        command: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelayRefusal {
    /// Too many messages while nobody answered.
    RateLimited,
    /// The message looked like a one-time code or was the account's password.
    LooksLikeSecret,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Sms,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeRejection {
    Wrong,
    WrongNowVoid,
    Expired,
    Void,
    Locked,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub at: Millis,
    /// Who acted: `user:<telegram id>`, `agent:<telegram id>`, `operator`, `system`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    pub chat_id: Option<i64>,
    pub account: Option<String>,
    #[serde(flatten)]
    pub event: AuditEvent,
}

impl AuditRecord {
    pub fn name(&self) -> String {
        serde_json::to_value(&self.event)
            .ok()
            .and_then(|v| v.get("event").and_then(|e| e.as_str()).map(str::to_owned))
            .unwrap_or_default()
    }

    pub fn table_row(&self) -> String {
        let detail = serde_json::to_value(&self.event)
            .ok()
            .and_then(|v| v.as_object().cloned())
            .map(|o| {
                o.iter()
                    .filter(|(k, _)| k.as_str() != "event")
                    .map(|(k, v)| {
                        format!(
                            "{k}={}",
                            v.as_str()
                                .map(str::to_owned)
                                .unwrap_or_else(|| v.to_string())
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        format!(
            "{}  {:<26} actor={} account={} chat={} {}",
            rfc3339(self.at),
            self.name(),
            self.actor.as_deref().unwrap_or("-"),
            self.account.as_deref().unwrap_or("-"),
            self.chat_id
                .map(|c| c.to_string())
                .unwrap_or_else(|| "-".into()),
            detail
        )
    }
}

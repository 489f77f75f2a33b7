//! Pending changes, free of Telegram: ask for one, sign and check its buttons, decide it;
//! the chats linked to an account (`links.rs`); what goes to them and when (`push.rs`). The
//! bot sends the requests, edits every copy with the outcome (src/bot/approvals.rs).

mod button;
mod decide;
mod links;
mod push;
#[cfg(test)]
mod tests;
pub use button::{button_data, is_change_button, verify_button};
pub use push::Push;

use crate::audit::{AuditEvent, AuditRecord};
use crate::clock::{millis, rfc3339, Millis};
use crate::config::Config;
use crate::domain::{EmailAddress, PersonName, PhoneNumber};
use crate::store::changes::{ChangeField, ChangeRequest, ChangeStatus, TooManyPending};
use crate::store::Store;

/// What an operator, the API or the settings flow asks for.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeInput {
    /// Account id, e-mail or phone.
    pub account: String,
    pub field: ChangeField,
    pub value: Option<String>,
    pub reason: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error("no account matches {0:?}")]
    UnknownAccount(String),
    #[error("the new value is not valid: {0}")]
    InvalidValue(String),
    #[error("{} change requests for this account wait for a decision already, the most [approvals] max_pending_per_account allows; one more can be asked for once one of them is approved, denied or expires{}", .0.limit, .0.next_expiry.map(|at| format!(" (the next at {})", rfc3339(at))).unwrap_or_default())]
    TooManyPending(TooManyPending),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Approve,
    Deny,
}

#[derive(Debug, Clone)]
pub enum Decision {
    Approved {
        change: ChangeRequest,
        applied: bool,
    },
    Denied {
        change: ChangeRequest,
    },
    Expired {
        change: ChangeRequest,
    },
    AlreadyHandled(ChangeStatus),
    NotYours,
    Invalid,
}

/// Stores a change request; the bot pushes it to the linked chats (at once when it runs,
/// else when it starts). Used by the bot, the API and the command line.
pub fn request_change(
    store: &Store,
    config: &Config,
    now: Millis,
    input: ChangeInput,
    requested_by: &str,
) -> Result<ChangeRequest, ChangeError> {
    let account = store
        .lookup_account(&input.account)?
        .ok_or_else(|| ChangeError::UnknownAccount(input.account.clone()))?;
    let raw = input.value.as_deref().unwrap_or("");
    let invalid = |why: &str| ChangeError::InvalidValue(why.to_string());
    let (value, display) = match input.field {
        ChangeField::Email => {
            let email = EmailAddress::parse(raw).map_err(|e| invalid(&e.to_string()))?;
            (Some(email.as_str().to_string()), email.masked())
        }
        ChangeField::Phone => {
            let phone = PhoneNumber::parse(raw).map_err(|e| invalid(&e.to_string()))?;
            (Some(phone.as_str().to_string()), phone.masked())
        }
        ChangeField::Name => {
            let name = PersonName::parse(raw).map_err(|e| invalid(&e.to_string()))?;
            (Some(name.as_str().to_string()), name.as_str().to_string())
        }
        ChangeField::PasswordReset => (None, String::new()),
        ChangeField::Password => {
            return Err(invalid("only the account holder can choose a new password"))
        }
    };
    let change = NewChange {
        account_id: account.id,
        field: input.field,
        value,
        display,
        reason: input.reason,
    };
    // Requests from here come from the operator's CLI or API.
    store_change(store, config, now, change, requested_by, "operator", None)
}

/// A validated change for one account, ready to be stored.
pub struct NewChange {
    pub account_id: String,
    pub field: ChangeField,
    /// Normalised new value (a PHC hash for a password); none for a reset.
    pub value: Option<String>,
    /// What the holder sees: e-mail and phone masked, nothing for a password.
    pub display: String,
    pub reason: Option<String>,
}

/// Stores a validated change as pending and audits who asked; refused (and audited) when
/// the account has `[approvals] max_pending_per_account` requests waiting already.
pub fn store_change(
    store: &Store,
    config: &Config,
    now: Millis,
    new: NewChange,
    requested_by: &str,
    actor: &str,
    chat_id: Option<i64>,
) -> Result<ChangeRequest, ChangeError> {
    let change = ChangeRequest {
        id: crate::crypto::to_hex(&rand::random::<[u8; 8]>()),
        account_id: new.account_id,
        field: new.field,
        value: new.value,
        display: new.display,
        requested_by: requested_by.to_string(),
        reason: new.reason.filter(|r| !r.trim().is_empty()),
        created_at: now,
        expires_at: now + millis(config.approvals.ttl),
        status: ChangeStatus::Pending,
        decided_at: None,
        decided_by_chat: None,
        messages: Vec::new(),
        pushed: false,
    };
    let limit = config.approvals.max_pending_per_account;
    if let Err(full) = store.insert_change_within(&change, limit, now)? {
        store.audit(AuditRecord {
            at: now,
            actor: Some(actor.into()),
            chat_id,
            account: Some(change.account_id.clone()),
            event: AuditEvent::ChangeRefused {
                field: change.field,
                by: requested_by.to_string(),
                reason: "too many pending".into(),
            },
        })?;
        return Err(ChangeError::TooManyPending(full));
    }
    store.audit(AuditRecord {
        at: now,
        actor: Some(actor.into()),
        chat_id,
        account: Some(change.account_id.clone()),
        event: AuditEvent::ChangeRequested {
            change: change.id.clone(),
            field: change.field,
            by: requested_by.to_string(),
        },
    })?;
    Ok(change)
}

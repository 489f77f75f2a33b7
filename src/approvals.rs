//! Pending changes, free of Telegram: ask for one, sign and check its buttons, decide it.
//! The bot pushes requests to the account's linked chats and edits every copy with the
//! outcome (src/bot/approvals.rs).

use crate::audit::{AuditEvent, AuditRecord};
use crate::clock::{secs, Millis};
use crate::config::Config;
use crate::crypto::{ct_eq, Secret};
use crate::domain::{EmailAddress, PhoneNumber};
use crate::recovery::Services;
use crate::store::accounts::ContactChange;
use crate::store::changes::{ChangeField, ChangeRequest, ChangeStatus, DecideOutcome};
use crate::store::Store;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

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

const BUTTON_PREFIX: &str = "ch";

fn button_tag(secret: &Secret, id: &str, action: Action) -> String {
    let action = if action == Action::Approve { "a" } else { "d" };
    let mac = secret.mac("change-button", &[id.as_bytes(), action.as_bytes()]);
    URL_SAFE_NO_PAD.encode(&mac[..12])
}

/// Callback data for a button: `ch:<id>:<a|d>:<tag>`, 37 bytes (Telegram allows 64).
pub fn button_data(secret: &Secret, id: &str, action: Action) -> String {
    let letter = if action == Action::Approve { "a" } else { "d" };
    format!(
        "{BUTTON_PREFIX}:{id}:{letter}:{}",
        button_tag(secret, id, action)
    )
}

pub fn is_change_button(data: &str) -> bool {
    data.starts_with("ch:")
}

/// Checks a button's signature in constant time.
pub fn verify_button(secret: &Secret, data: &str) -> Option<(String, Action)> {
    let mut parts = data.split(':');
    let (prefix, id, letter, tag) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if prefix != BUTTON_PREFIX || parts.next().is_some() || id.len() != 16 {
        return None;
    }
    let action = match letter {
        "a" => Action::Approve,
        "d" => Action::Deny,
        _ => return None,
    };
    ct_eq(button_tag(secret, id, action).as_bytes(), tag.as_bytes())
        .then(|| (id.to_string(), action))
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
            let name = raw.trim();
            if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
                return Err(invalid("a name has 1 to 100 printable characters"));
            }
            (Some(name.to_string()), name.to_string())
        }
        ChangeField::PasswordReset => (None, String::new()),
    };
    let change = ChangeRequest {
        id: crate::crypto::to_hex(&rand::random::<[u8; 8]>()),
        account_id: account.id.clone(),
        field: input.field,
        value,
        display,
        requested_by: requested_by.to_string(),
        reason: input.reason.filter(|r| !r.trim().is_empty()),
        created_at: now,
        expires_at: now + secs(config.approvals.ttl_secs),
        status: ChangeStatus::Pending,
        decided_at: None,
        decided_by_chat: None,
        messages: Vec::new(),
        pushed: false,
    };
    store.insert_change(&change)?;
    store.audit(AuditRecord {
        at: now,
        // Requests come from the operator's CLI or API.
        actor: Some("operator".into()),
        chat_id: None,
        account: Some(account.id.clone()),
        event: AuditEvent::ChangeRequested {
            change: change.id.clone(),
            field: change.field,
            by: requested_by.to_string(),
        },
    })?;
    Ok(change)
}

impl Services {
    /// Stores a change request and wakes the pusher.
    pub fn request_change(
        &self,
        input: ChangeInput,
        requested_by: &str,
    ) -> Result<ChangeRequest, ChangeError> {
        let change = request_change(
            &self.store,
            &self.config,
            self.clock.now(),
            input,
            requested_by,
        )?;
        self.metrics.changes_requested.inc();
        self.changes_waker.notify_one();
        Ok(change)
    }

    fn audit_change(&self, chat_id: Option<i64>, account: &str, event: AuditEvent) {
        // Presses come from private chats, whose id is the user's; the rest is the bot.
        let actor = chat_id.map_or_else(|| "system".into(), |c| format!("user:{c}"));
        self.audit_as(actor, chat_id, Some(account), event);
    }

    pub fn button_data(&self, id: &str, action: Action) -> String {
        button_data(&self.secret, id, action)
    }

    /// A press from `chat_id` (a private chat: the presser's own) on a change button.
    pub async fn decide(&self, data: &str, chat_id: i64) -> Result<Decision, ChangeError> {
        let refuse = |change: Option<&str>, account: &str, reason: &str| {
            self.audit_change(
                Some(chat_id),
                account,
                AuditEvent::ChangeButtonRefused {
                    change: change.map(str::to_owned),
                    reason: reason.to_string(),
                },
            );
        };
        let Some((id, action)) = verify_button(&self.secret, data) else {
            refuse(None, "-", "forged");
            return Ok(Decision::Invalid);
        };
        let Some(change) = self.store.change(&id)? else {
            refuse(Some(&id), "-", "unknown");
            return Ok(Decision::Invalid);
        };
        if self.store.linked_account(chat_id)?.as_deref() != Some(change.account_id.as_str()) {
            refuse(Some(&id), &change.account_id, "not linked");
            return Ok(Decision::NotYours);
        }
        let status = if action == Action::Approve {
            ChangeStatus::Approved
        } else {
            ChangeStatus::Denied
        };
        let now = self.clock.now();
        let outcome = self.store.decide_change(&id, status, chat_id, now)?;
        self.store.flush().await?;
        let change = self.store.change(&id)?.unwrap_or(change);
        match outcome {
            DecideOutcome::Unknown => Ok(Decision::Invalid),
            DecideOutcome::AlreadyHandled(status) => {
                refuse(Some(&id), &change.account_id, "already handled");
                Ok(Decision::AlreadyHandled(status))
            }
            DecideOutcome::Expired => {
                refuse(Some(&id), &change.account_id, "expired");
                Ok(Decision::Expired { change })
            }
            DecideOutcome::Decided => {
                self.audit_change(
                    Some(chat_id),
                    &change.account_id,
                    AuditEvent::ChangeDecided {
                        change: id.clone(),
                        field: change.field,
                        outcome: status,
                    },
                );
                if status == ChangeStatus::Denied {
                    return Ok(Decision::Denied { change });
                }
                let applied = self.apply_change(&change).await;
                Ok(Decision::Approved { change, applied })
            }
        }
    }

    /// Applies an approved change to the account; false when it could not be.
    async fn apply_change(&self, change: &ChangeRequest) -> bool {
        let value = change.value.as_deref().unwrap_or("");
        let result = match change.field {
            ChangeField::Email => match EmailAddress::parse(value) {
                Ok(email) => self
                    .store
                    .change_contact(&change.account_id, ContactChange::Email(&email))
                    .map(|_| ()),
                Err(_) => return false,
            },
            ChangeField::Phone => match PhoneNumber::parse(value) {
                Ok(phone) => self
                    .store
                    .change_contact(&change.account_id, ContactChange::Phone(&phone))
                    .map(|_| ()),
                Err(_) => return false,
            },
            ChangeField::Name => self
                .store
                .change_contact(&change.account_id, ContactChange::Name(value))
                .map(|_| ()),
            ChangeField::PasswordReset => {
                let now = self.clock.now();
                self.store
                    .update_account(&change.account_id, |a| a.sessions_revoked_at = Some(now))
                    .map(|_| ())
                    .map_err(Into::into)
            }
        };
        match result {
            Ok(()) => self.store.flush().await.is_ok(),
            Err(error) => {
                tracing::warn!(change = %change.id, %error, "an approved change could not be applied");
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn button_data_fits_telegram_and_forgeries_fail() {
        let secret = Secret::random();
        let data = button_data(&secret, "0123456789abcdef", Action::Approve);
        assert!(data.len() <= 64, "{data}");
        assert_eq!(
            verify_button(&secret, &data),
            Some(("0123456789abcdef".into(), Action::Approve))
        );
        assert_eq!(verify_button(&secret, &data.replace(":a:", ":d:")), None);
        assert_eq!(verify_button(&secret, &data[..data.len() - 1]), None);
        assert_eq!(verify_button(&Secret::random(), &data), None);
        assert_eq!(verify_button(&secret, "ch:0123456789abcdef:a"), None);
        assert_eq!(verify_button(&secret, ""), None);
    }
}

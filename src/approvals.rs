//! Pending changes, free of Telegram: ask for one, sign and check its buttons, decide it.
//! The bot pushes requests to the account's linked chats and edits every copy with the
//! outcome (src/bot/approvals.rs).

use crate::audit::{AuditEvent, AuditRecord};
use crate::clock::{rfc3339, secs, Millis};
use crate::config::Config;
use crate::crypto::{ct_eq, Secret};
use crate::domain::{EmailAddress, PersonName, PhoneNumber};
use crate::recovery::{Actor, Services};
use crate::settings::edit::{Edit, Saved};
use crate::store::changes::{
    ChangeField, ChangeRequest, ChangeStatus, DecideOutcome, TooManyPending,
};
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
    let signed_by = |key: &Secret| ct_eq(button_tag(key, id, action).as_bytes(), tag.as_bytes());
    // During a key rotation, buttons sent before it still work.
    let valid = signed_by(secret) || secret.previous().is_some_and(|old| signed_by(&old));
    valid.then(|| (id.to_string(), action))
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
        expires_at: now + secs(config.approvals.ttl_secs),
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
                let applied = self.apply_change(&change, chat_id).await;
                Ok(Decision::Approved { change, applied })
            }
        }
    }

    /// Applies an approved change to the account and tells its old contacts; false when
    /// it could not be applied.
    async fn apply_change(&self, change: &ChangeRequest, chat_id: i64) -> bool {
        let actor = Actor {
            chat_id: Some(chat_id),
        };
        let result = match Edit::from_change(change) {
            Some(edit) => {
                let lang = self
                    .store
                    .account(&change.account_id)
                    .ok()
                    .flatten()
                    .and_then(|a| a.language)
                    .unwrap_or_else(|| self.config.locales.default.clone());
                self.apply_edit(&change.account_id, &edit, &lang, actor)
                    .await
                    .map(|saved| matches!(saved, Saved::Done))
            }
            None if change.field == ChangeField::PasswordReset => {
                let now = self.clock.now();
                match self
                    .store
                    .update_account(&change.account_id, |a| a.sessions_revoked_at = Some(now))
                {
                    Ok(updated) => match self.store.flush().await {
                        Ok(()) => Ok(updated.is_some()),
                        Err(e) => Err(e.into()),
                    },
                    Err(e) => Err(e.into()),
                }
            }
            None => Ok(false),
        };
        match result {
            Ok(applied) => applied,
            Err(error) => {
                tracing::warn!(change = %change.id, error = %format!("{error:#}"), "an approved change could not be applied");
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

    #[test]
    fn buttons_signed_with_the_previous_key_work_during_a_rotation() {
        let key =
            |k: &str| secrecy::SecretString::from(format!("{k} 0123456789abcdefghijklmnopqrstuv"));
        let old = Secret::new(key("old")).expect("key");
        let data = button_data(&old, "0123456789abcdef", Action::Deny);
        let rotated = Secret::new(key("new")).expect("key");
        assert_eq!(verify_button(&rotated, &data), None);
        let rotating = rotated.with_previous(key("old")).expect("previous key");
        assert_eq!(
            verify_button(&rotating, &data),
            Some(("0123456789abcdef".into(), Action::Deny))
        );
        // New buttons are signed with the new key only.
        let fresh = button_data(&rotating, "0123456789abcdef", Action::Deny);
        assert_eq!(
            verify_button(&Secret::new(key("new")).expect("key"), &fresh),
            verify_button(&rotating, &fresh)
        );
        assert_eq!(verify_button(&old, &fresh), None);
        assert!(Secret::new(key("new"))
            .expect("key")
            .with_previous("short".into())
            .is_err());
    }
}

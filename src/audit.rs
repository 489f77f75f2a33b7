//! The append-only audit log of security events. Events are typed; none carries a secret
//! (identifiers appear masked).

use crate::clock::{rfc3339, Millis};
use crate::store::changes::{ChangeField, ChangeStatus};
use crate::store::{Store, StoreError};
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
    DeliveryFailed {
        channel: Channel,
        to: String,
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
    /// A press on an approval button that did nothing: forged, foreign, late or repeated.
    ChangeButtonRefused {
        change: Option<String>,
        reason: String,
    },
    ChatLinked,
    ChatUnlinked,
    StorageError {
        during: String,
    },
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
            "{}  {:<26} account={} chat={} {}",
            rfc3339(self.at),
            self.name(),
            self.account.as_deref().unwrap_or("-"),
            self.chat_id
                .map(|c| c.to_string())
                .unwrap_or_else(|| "-".into()),
            detail
        )
    }
}

impl Store {
    pub fn audit(&self, record: AuditRecord) -> Result<(), StoreError> {
        let id = self.next_id()?;
        self.audit
            .insert(id.to_be_bytes(), serde_json::to_vec(&record)?)?;
        Ok(())
    }

    /// The audit log, oldest first, optionally only one account's events.
    pub fn audit_log(&self, account: Option<&str>) -> Result<Vec<AuditRecord>, StoreError> {
        let mut out = Vec::new();
        for item in self.audit.iter().values() {
            let record: AuditRecord = serde_json::from_slice(&item?)?;
            if account.is_none_or(|a| record.account.as_deref() == Some(a)) {
                out.push(record);
            }
        }
        Ok(out)
    }
}

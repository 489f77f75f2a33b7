//! The bot's side of a request: store it and wake the pusher, and decide a press
//! (applied through the settings' edits, `Services::apply_approved_edit`, audited).

use super::{
    button_data, request_change, verify_button, Action, ChangeError, ChangeInput, Decision,
};
use crate::audit::AuditEvent;
use crate::recovery::{Actor, ApprovalsFlow};
use crate::store::changes::{ChangeField, ChangeRequest, ChangeStatus, DecideOutcome};

impl ApprovalsFlow<'_> {
    /// Stores a change request and wakes the pusher.
    pub fn request_change(
        self,
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

    fn audit_change(self, chat_id: Option<i64>, account: &str, event: AuditEvent) {
        // Presses come from private chats, whose id is the user's; the rest is the bot.
        let actor = chat_id.map_or_else(|| "system".into(), |c| format!("user:{c}"));
        self.audit_as(actor, chat_id, Some(account), event);
    }

    pub fn button_data(self, id: &str, action: Action) -> String {
        button_data(&self.secret, id, action)
    }

    /// A press from `chat_id` (a private chat: the presser's own) on a change button.
    pub async fn decide(self, data: &str, chat_id: i64) -> Result<Decision, ChangeError> {
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
    async fn apply_change(self, change: &ChangeRequest, chat_id: i64) -> bool {
        let actor = Actor {
            chat_id: Some(chat_id),
        };
        let result = match self.settings().apply_approved_edit(change, actor).await {
            Some(applied) => applied,
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

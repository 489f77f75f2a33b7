//! Changing a setting: directly, or as a request that waits for Approve in a linked chat
//! when the change comes from a chat that is not linked to the account. After a change
//! the old contacts are told what changed and how to undo it.

use super::Session;
use crate::approvals::{store_change, ChangeError, NewChange};
use crate::audit::{AuditEvent, Channel};
use crate::delivery::Outgoing;
use crate::domain::{EmailAddress, PersonName, PhoneNumber};
use crate::recovery::{Actor, SettingsFlow};
use crate::store::accounts::{Account, AccountError, ContactChange};
use crate::store::changes::{ChangeField, ChangeRequest};
use fluent_bundle::FluentValue;
use secrecy::SecretString;

/// A new value for one setting, already validated (and verified, for a contact).
#[derive(Clone, Debug)]
pub enum Edit {
    Name(PersonName),
    Email(EmailAddress),
    Phone(PhoneNumber),
    /// The argon2 hash of a new, confirmed password.
    Password(String),
}

/// What became of an edit.
#[derive(Debug)]
pub enum Saved {
    Done,
    /// The account has linked chats and this chat is not one: it waits for approval.
    Pending(Box<ChangeRequest>),
    /// Another account uses the e-mail address or phone number.
    Taken,
    /// It would wait for approval, but the account has as many requests waiting as
    /// allowed: nothing was stored.
    TooManyPending {
        limit: usize,
    },
}

impl Edit {
    pub fn field(&self) -> ChangeField {
        match self {
            Edit::Name(_) => ChangeField::Name,
            Edit::Email(_) => ChangeField::Email,
            Edit::Phone(_) => ChangeField::Phone,
            Edit::Password(_) => ChangeField::Password,
        }
    }

    /// The new value as people see it: contacts masked, nothing for a password.
    pub fn display(&self) -> String {
        match self {
            Edit::Name(name) => name.as_str().to_string(),
            Edit::Email(email) => email.masked(),
            Edit::Phone(phone) => phone.masked(),
            Edit::Password(_) => String::new(),
        }
    }

    fn value(&self) -> String {
        match self {
            Edit::Name(name) => name.as_str().to_string(),
            Edit::Email(email) => email.as_str().to_string(),
            Edit::Phone(phone) => phone.as_str().to_string(),
            Edit::Password(hash) => hash.clone(),
        }
    }

    /// The edit a stored change request carries (none for a password reset).
    pub fn from_change(change: &ChangeRequest) -> Option<Edit> {
        let value = change.value.as_deref()?;
        Some(match change.field {
            ChangeField::Name => Edit::Name(PersonName::parse(value).ok()?),
            ChangeField::Email => Edit::Email(EmailAddress::parse(value).ok()?),
            ChangeField::Phone => Edit::Phone(PhoneNumber::parse(value).ok()?),
            ChangeField::Password => Edit::Password(value.to_string()),
            ChangeField::PasswordReset => return None,
        })
    }
}

impl SettingsFlow<'_> {
    /// Saves an edit made in the settings session from `chat_id`, or asks the account's
    /// linked chats to approve it when this chat is not one of them. A new password ends
    /// every session of the account but this one: the chat that made the change stays
    /// signed in.
    pub async fn save_edit(
        self,
        session: &mut Session,
        chat_id: i64,
        edit: Edit,
        lang: &str,
    ) -> anyhow::Result<Saved> {
        let actor = Actor {
            chat_id: Some(chat_id),
        };
        let account = self
            .store
            .account(&session.account_id)?
            .ok_or_else(|| anyhow::anyhow!("account vanished"))?;
        if !account.linked_chats.is_empty() && !account.linked_chats.contains(&chat_id) {
            let new = NewChange {
                account_id: account.id.clone(),
                field: edit.field(),
                value: Some(edit.value()),
                display: edit.display(),
                reason: None,
            };
            let requested_by = format!("telegram chat {chat_id}");
            let actor_name = format!("user:{chat_id}");
            let change = match store_change(
                &self.store,
                &self.config,
                self.clock.now(),
                new,
                &requested_by,
                &actor_name,
                Some(chat_id),
            ) {
                Ok(change) => change,
                Err(ChangeError::TooManyPending(full)) => {
                    return Ok(Saved::TooManyPending { limit: full.limit })
                }
                Err(error) => return Err(anyhow::anyhow!(error)),
            };
            self.store.flush().await?;
            self.changes_waker.notify_one();
            self.audit(
                actor,
                Some(&account.id),
                AuditEvent::SettingChanged {
                    field: edit.field(),
                    pending: true,
                },
            );
            return Ok(Saved::Pending(Box::new(change)));
        }
        let saved = self.apply_edit(&account.id, &edit, lang, actor).await?;
        if matches!(saved, Saved::Done) {
            if edit.field() == ChangeField::Password {
                session.signed_in_at = self.clock.now();
            }
            self.audit(
                actor,
                Some(&account.id),
                AuditEvent::SettingChanged {
                    field: edit.field(),
                    pending: false,
                },
            );
        }
        Ok(saved)
    }

    /// Applies the edit an approved change request carries, in the account's language;
    /// whether it was applied. None when the request carries no edit (a password reset).
    pub(crate) async fn apply_approved_edit(
        self,
        change: &ChangeRequest,
        actor: Actor,
    ) -> Option<anyhow::Result<bool>> {
        let edit = Edit::from_change(change)?;
        let lang = (self.store.account(&change.account_id).ok().flatten())
            .and_then(|a| a.language)
            .unwrap_or_else(|| self.config.locales.default.clone());
        let saved = self
            .apply_edit(&change.account_id, &edit, &lang, actor)
            .await;
        Some(saved.map(|saved| matches!(saved, Saved::Done)))
    }

    /// Applies an edit to the account now and tells its old contacts.
    pub async fn apply_edit(
        self,
        account_id: &str,
        edit: &Edit,
        lang: &str,
        actor: Actor,
    ) -> anyhow::Result<Saved> {
        let change = match edit {
            Edit::Password(hash) => {
                self.recovery()
                    .apply_password(account_id, hash, "telegram-settings", lang, actor)
                    .await?;
                return Ok(Saved::Done);
            }
            Edit::Name(name) => ContactChange::Name(name.as_str()),
            Edit::Email(email) => ContactChange::Email(email),
            Edit::Phone(phone) => ContactChange::Phone(phone),
        };
        let before = match self.store.change_contact(account_id, change) {
            Ok(before) => before,
            Err(AccountError::DuplicateEmail | AccountError::DuplicatePhone) => {
                return Ok(Saved::Taken)
            }
            Err(error) => return Err(error.into()),
        };
        self.store.flush().await?;
        self.notify_change(&before, edit, lang, actor);
        Ok(Saved::Done)
    }

    /// Tells the account's e-mail and phone as they were before the change what changed,
    /// and how to undo it.
    fn notify_change(self, before: &Account, edit: &Edit, lang: &str, actor: Actor) {
        let lang = before.language.as_deref().unwrap_or(lang);
        let what_key = match edit.field() {
            ChangeField::Email => "change-what-email",
            ChangeField::Phone => "change-what-phone",
            _ => "change-what-name",
        };
        let what = self.i18n.text(
            lang,
            what_key,
            &[("value", FluentValue::from(edit.display()))],
        );
        let mut args = vec![
            ("what", FluentValue::from(what)),
            (
                "when",
                FluentValue::from(self.i18n.moment(lang, self.clock.now())),
            ),
        ];
        args.extend(self.sender_args());
        // The contact that was replaced can no longer get a reset code: it is told to go
        // to support instead.
        let field = edit.field();
        let (body, sms) = match field {
            ChangeField::Email => ("change-notice-body-moved", "change-notice-sms"),
            ChangeField::Phone => ("change-notice-body", "change-notice-sms-moved"),
            _ => ("change-notice-body", "change-notice-sms"),
        };
        let mut sent = Vec::new();
        if let Some(email) = &before.email {
            self.deliveries.send_notice(Outgoing::Email {
                to: email.clone(),
                subject: self.i18n.text(lang, "change-notice-subject", &args),
                body: SecretString::from(self.i18n.text(lang, body, &args)),
            });
            sent.push(Channel::Email);
        }
        if let Some(phone) = &before.phone {
            self.deliveries.send_notice(Outgoing::Sms {
                to: phone.clone(),
                text: SecretString::from(self.i18n.text(lang, sms, &args)),
            });
            sent.push(Channel::Sms);
        }
        for channel in sent {
            self.audit(actor, Some(&before.id), AuditEvent::NoticeSent { channel });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Edit, Saved};
    use crate::testing::services;
    use std::time::Duration;

    #[tokio::test]
    async fn a_new_password_keeps_this_session_and_ends_the_others() {
        let f = services();
        f.account("alice", "alice@example.com");
        let mut here = f.svc.settings().start_session("alice", 7);
        let elsewhere = f.svc.settings().start_session("alice", 8);
        f.clock.advance(Duration::from_secs(1));
        let edit = Edit::Password("$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA".into());
        let saved = f.svc.settings().save_edit(&mut here, 7, edit, "en").await;
        assert!(matches!(saved.expect("saved"), Saved::Done));
        assert!(f
            .svc
            .settings()
            .touch_session(&here, 7)
            .expect("read")
            .is_some());
        assert!(f
            .svc
            .settings()
            .touch_session(&elsewhere, 8)
            .expect("read")
            .is_none());
    }
}

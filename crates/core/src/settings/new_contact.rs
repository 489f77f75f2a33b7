//! The limit on new contacts a signed-in holder may send codes to, against SMS pumping and
//! mail bombing: `[codes] new_contacts_per_hour` distinct new e-mail addresses or phone
//! numbers an hour, per account and per chat (so neither another sign-in nor another
//! account in the same chat starts afresh). Asking again for a contact already counted is
//! free; its own code rules (cooldown, hourly limit) still apply. See
//! [`crate::store::contacts`]. The account's current contact is no new contact: it gets
//! no code.

use super::Session;
use crate::audit::AuditEvent;
use crate::crypto::to_hex;
use crate::domain::Identifier;
use crate::recovery::{Actor, SettingsFlow};
use crate::store::contacts::Admission;
use crate::store::StoreError;

impl SettingsFlow<'_> {
    /// True when `contact` is the account's e-mail address or phone number already.
    pub fn is_current_contact(
        self,
        account_id: &str,
        contact: &Identifier,
    ) -> Result<bool, StoreError> {
        let account = self.store.account(account_id)?;
        let current = account.and_then(|a| match contact {
            Identifier::Email(_) => a.email.map(Identifier::Email),
            Identifier::Phone(_) => a.phone.map(Identifier::Phone),
        });
        Ok(current.is_some_and(|c| c.key() == contact.key()))
    }

    /// Whether a code may go to this new contact now: None when it may, else the seconds
    /// until it may (audited as `new_contact_limited`).
    pub fn admit_new_contact(
        self,
        session: &Session,
        chat_id: i64,
        contact: &Identifier,
    ) -> anyhow::Result<Option<u64>> {
        let digest = to_hex(&self.secret.mac("new-contact", &[contact.key().as_bytes()]));
        let subjects = [
            format!("account:{}", session.account_id),
            format!("chat:{chat_id}"),
        ];
        let limit = self.config.codes.new_contacts_per_hour;
        let now = self.clock.now();
        match self
            .store
            .admit_new_contact(&subjects, &digest, now, limit)?
        {
            Admission::Admitted => Ok(None),
            Admission::Limited { retry_in_secs } => {
                self.audit(
                    Actor {
                        chat_id: Some(chat_id),
                    },
                    Some(&session.account_id),
                    AuditEvent::NewContactLimited {
                        identifier: contact.masked(),
                    },
                );
                Ok(Some(retry_in_secs))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::{EmailAddress, Identifier, PhoneNumber};
    use crate::testing::services;

    #[tokio::test]
    async fn the_current_contact_is_no_new_contact() {
        let f = services();
        f.account("alice", "alice@example.com");
        let email = |s| Identifier::Email(EmailAddress::parse(s).expect("e-mail"));
        let current = f
            .svc
            .settings()
            .is_current_contact("alice", &email("Alice@Example.com"));
        assert!(current.expect("read"));
        let other = f
            .svc
            .settings()
            .is_current_contact("alice", &email("alice@example.org"));
        assert!(!other.expect("read"));
        let phone = Identifier::Phone(PhoneNumber::parse("+4915112345678").expect("phone"));
        assert!(!f
            .svc
            .settings()
            .is_current_contact("alice", &phone)
            .expect("read"));
        let gone = f
            .svc
            .settings()
            .is_current_contact("nobody", &email("alice@example.com"));
        assert!(!gone.expect("read"));
    }
}

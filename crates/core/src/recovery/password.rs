//! Choosing a new password: the policy, the confirmation, storing it, telling the holder.

use super::{Actor, PasswordRefusal, RecoveryFlow};
use crate::audit::{AuditEvent, Channel};
use crate::clock::Millis;
use crate::delivery::Outgoing;
use crate::domain::PasswordPolicy;
use crate::hashing::Verified;
use crate::store::accounts::Account;
use fluent_bundle::FluentValue;
use secrecy::SecretString;

impl RecoveryFlow<'_> {
    pub fn password_policy(self) -> PasswordPolicy {
        PasswordPolicy {
            min_length: self.config.security.password_min_length,
            max_length: self.config.security.password_max_length,
        }
    }

    /// Checks a new password against the policy and the current one; on success returns
    /// its argon2 hash (configured parameters), to be confirmed with
    /// [`Services::confirm_password`]. Both checks run on the hashing threads.
    pub async fn choose_password(
        self,
        account_id: &str,
        candidate: &str,
        actor: Actor,
    ) -> anyhow::Result<Result<String, PasswordRefusal>> {
        let account = self
            .store
            .account(account_id)?
            .ok_or_else(|| anyhow::anyhow!("account vanished"))?;
        let local_part = account.email.as_ref().map(|e| e.local_part().to_string());
        let policy = self
            .hashing
            .check_policy(
                SecretString::from(candidate),
                self.password_policy(),
                local_part,
                Some(account.name.clone()),
            )
            .await?;
        let refusal = match policy {
            Err(rejection) => Some(PasswordRefusal::Policy(rejection)),
            Ok(_) => {
                let current = self
                    .hashing
                    .verify_stored(SecretString::from(candidate), account.password_hash.clone())
                    .await?;
                self.audit_refused_hash(&current, account_id, actor);
                current.matched().then_some(PasswordRefusal::SameAsCurrent)
            }
        };
        if let Some(refusal) = refusal {
            self.audit(
                actor,
                Some(account_id),
                AuditEvent::PasswordRejected {
                    reason: format!("{refusal:?}"),
                },
            );
            return Ok(Err(refusal));
        }
        Ok(Ok(self.hashing.hash(SecretString::from(candidate)).await?))
    }

    /// True, and audited, once `attempts` new passwords have been checked in this reset
    /// window or settings session (`flow`): the flow then ends.
    pub fn password_attempts_exhausted(
        self,
        account_id: &str,
        attempts: u32,
        flow: &str,
        actor: Actor,
    ) -> bool {
        if attempts < self.config.security.password_attempts {
            return false;
        }
        self.audit(
            actor,
            Some(account_id),
            AuditEvent::PasswordAttemptsExhausted { flow: flow.into() },
        );
        true
    }

    /// Audits a stored hash that was not verified because it is outside the bounds.
    pub(crate) fn audit_refused_hash(self, verified: &Verified, account_id: &str, actor: Actor) {
        if let Verified::Refused(refusal) = verified {
            self.audit(
                actor,
                Some(account_id),
                AuditEvent::PasswordHashRefused {
                    reason: refusal.to_string(),
                },
            );
        }
    }

    /// True when the confirmation matches the chosen password's hash; a mismatch is
    /// audited.
    pub async fn confirmation_matches(
        self,
        account_id: &str,
        pending_hash: &str,
        confirmation: &str,
        actor: Actor,
    ) -> anyhow::Result<bool> {
        let matches = self
            .hashing
            .verify(
                SecretString::from(confirmation),
                Some(pending_hash.to_string()),
            )
            .await?;
        if !matches {
            self.audit(
                actor,
                Some(account_id),
                AuditEvent::PasswordRejected {
                    reason: "ConfirmationMismatch".into(),
                },
            );
        }
        Ok(matches)
    }

    /// Sets the password if the confirmation matches the chosen one (a reset).
    pub async fn confirm_password(
        self,
        account_id: &str,
        pending_hash: &str,
        confirmation: &str,
        lang: &str,
        actor: Actor,
    ) -> anyhow::Result<bool> {
        if !self
            .confirmation_matches(account_id, pending_hash, confirmation, actor)
            .await?
        {
            return Ok(false);
        }
        self.apply_password(account_id, pending_hash, "telegram-reset", lang, actor)
            .await?;
        Ok(true)
    }

    /// Stores a new password hash. Ends all sessions, lifts any recovery lock, and tells
    /// the account's e-mail and phone.
    pub async fn apply_password(
        self,
        account_id: &str,
        pending_hash: &str,
        via: &str,
        lang: &str,
        actor: Actor,
    ) -> anyhow::Result<()> {
        let now = self.clock.now();
        let account = self
            .store
            .set_password(account_id, pending_hash, now)?
            .ok_or_else(|| anyhow::anyhow!("account vanished"))?;
        self.store.clear_failures(account_id, now)?;
        self.store.flush().await?;
        self.audit(
            actor,
            Some(account_id),
            AuditEvent::PasswordChanged { via: via.into() },
        );
        self.notify_password_changed(&account, lang, now, actor);
        Ok(())
    }

    fn notify_password_changed(self, account: &Account, lang: &str, now: Millis, actor: Actor) {
        let lang = account.language.as_deref().unwrap_or(lang);
        let mut args = vec![("when", FluentValue::from(self.i18n.moment(lang, now)))];
        args.extend(self.sender_args());
        if let Some(email) = &account.email {
            self.deliveries.send_notice(Outgoing::Email {
                to: email.clone(),
                subject: self.i18n.text(lang, "notice-email-subject", &args),
                body: SecretString::from(self.i18n.text(lang, "notice-email-body", &args)),
            });
            self.audit(
                actor,
                Some(&account.id),
                AuditEvent::NoticeSent {
                    channel: Channel::Email,
                },
            );
        }
        if let Some(phone) = &account.phone {
            self.deliveries.send_notice(Outgoing::Sms {
                to: phone.clone(),
                text: SecretString::from(self.i18n.text(lang, "notice-sms", &args)),
            });
            self.audit(
                actor,
                Some(&account.id),
                AuditEvent::NoticeSent {
                    channel: Channel::Sms,
                },
            );
        }
    }
}

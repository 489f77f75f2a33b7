//! The password-reset core, free of Telegram: request a code, check it, choose and confirm
//! the new password. The bot's handlers are thin wrappers around these calls, and tests
//! can drive them directly.

use crate::audit::{AuditEvent, Channel, CodeRejection};
use crate::clock::{rfc3339, Millis, SharedClock};
use crate::config::Config;
use crate::crypto::{to_hex, PasswordHashing, Secret};
use crate::delivery::{Deliveries, Outgoing};
use crate::domain::{
    Identifier, NewPassword, OneTimeCode, PasswordPolicy, PasswordRejection, PolicyContext,
};
use crate::i18n::I18n;
use crate::store::codes::{CheckOutcome, IssueOutcome};
use crate::store::limits::FailureOutcome;
use crate::store::{accounts::Account, Store};
use fluent_bundle::FluentValue;
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Duration;

/// Everything the flows need, built once by [`crate::app::App`].
#[derive(Clone)]
pub struct Services {
    pub config: Arc<Config>,
    pub store: Store,
    pub secret: Secret,
    pub hashing: PasswordHashing,
    pub deliveries: Deliveries,
    pub clock: SharedClock,
    pub i18n: Arc<I18n>,
    /// Woken when a change request is stored, so it is pushed at once.
    pub changes_waker: Arc<tokio::sync::Notify>,
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
    fn audit(&self, actor: Actor, account: Option<&str>, event: AuditEvent) {
        // Recovery runs only in private chats, whose id is the user's id.
        let user = actor.chat_id.map(|c| format!("user:{c}"));
        self.audit_as(user, actor.chat_id, account, event);
    }

    fn subject(identifier: &Identifier, account: Option<&Account>) -> String {
        account
            .map(|a| a.id.clone())
            .unwrap_or_else(|| identifier.key())
    }

    fn code_digest(&self, identifier: &Identifier, code: &OneTimeCode) -> [u8; 32] {
        self.secret.mac(
            "one-time-code",
            &[identifier.key().as_bytes(), code.expose().as_bytes()],
        )
    }

    /// Sends a code to the identifier the user typed. The outcome, the work done and the
    /// time taken (padded) are the same whether or not an account uses the identifier.
    pub async fn request_code(
        &self,
        identifier: &Identifier,
        lang: &str,
        actor: Actor,
    ) -> anyhow::Result<CodeRequest> {
        let started = tokio::time::Instant::now();
        let outcome = self.request_code_unpadded(identifier, lang, actor).await;
        let padding = Duration::from_millis(self.config.codes.reply_padding_ms);
        tokio::time::sleep_until(started + padding).await;
        outcome
    }

    async fn request_code_unpadded(
        &self,
        identifier: &Identifier,
        lang: &str,
        actor: Actor,
    ) -> anyhow::Result<CodeRequest> {
        let now = self.clock.now();
        let account = self.store.find_account(identifier)?;
        let account_id = account.as_ref().map(|a| a.id.as_str());
        let masked = identifier.masked();
        self.audit(
            actor,
            account_id,
            AuditEvent::CodeRequested {
                identifier: masked.clone(),
                known: account.is_some(),
            },
        );
        let subject = Self::subject(identifier, account.as_ref());
        if let Some(until) = self.store.locked_until(&subject, now)? {
            self.audit(
                actor,
                account_id,
                AuditEvent::RecoveryRefusedLocked { identifier: masked },
            );
            return Ok(CodeRequest::Locked { until });
        }
        let code = OneTimeCode::generate();
        // Without an account the stored digest is random: no code can ever match it.
        let digest = match account {
            Some(_) => self.code_digest(identifier, &code),
            None => rand::random(),
        };
        let outcome =
            self.store
                .issue_code(&identifier.key(), to_hex(&digest), now, &self.config.codes)?;
        match outcome {
            IssueOutcome::Issued => {
                if account.is_some() {
                    self.deliveries
                        .send(self.code_message(identifier, &code, lang));
                    let channel = if identifier.is_email() {
                        Channel::Email
                    } else {
                        Channel::Sms
                    };
                    self.audit(
                        actor,
                        account_id,
                        AuditEvent::CodeSent {
                            identifier: masked,
                            channel,
                        },
                    );
                }
                Ok(CodeRequest::Sent)
            }
            IssueOutcome::Cooldown { retry_in_secs } => {
                self.audit(
                    actor,
                    account_id,
                    AuditEvent::CodeCooldown { identifier: masked },
                );
                Ok(CodeRequest::Cooldown { retry_in_secs })
            }
            IssueOutcome::HourlyLimit { retry_in_secs } => {
                self.audit(
                    actor,
                    account_id,
                    AuditEvent::CodeHourlyLimit { identifier: masked },
                );
                Ok(CodeRequest::HourlyLimit { retry_in_secs })
            }
        }
    }

    fn code_message(&self, identifier: &Identifier, code: &OneTimeCode, lang: &str) -> Outgoing {
        let args = [
            ("code", FluentValue::from(code.expose())),
            (
                "minutes",
                FluentValue::from(self.config.codes.ttl_secs / 60),
            ),
            (
                "service",
                FluentValue::from(self.config.service.name.as_str()),
            ),
        ];
        match identifier {
            Identifier::Email(to) => Outgoing::Email {
                to: to.clone(),
                subject: self.i18n.text(lang, "email-code-subject", &args),
                body: SecretString::from(self.i18n.text(lang, "email-code-body", &args)),
            },
            Identifier::Phone(to) => Outgoing::Sms {
                to: to.clone(),
                text: SecretString::from(self.i18n.text(lang, "sms-code", &args)),
            },
        }
    }

    /// Checks a typed code. A correct code is consumed and made durable before returning.
    pub async fn check_code(
        &self,
        identifier: &Identifier,
        code: &OneTimeCode,
        actor: Actor,
    ) -> anyhow::Result<CodeCheck> {
        let now = self.clock.now();
        let account = self.store.find_account(identifier)?;
        let account_id_owned = account.as_ref().map(|a| a.id.clone());
        let account_id = account_id_owned.as_deref();
        let masked = identifier.masked();
        let subject = Self::subject(identifier, account.as_ref());
        let rejected = |reason| AuditEvent::CodeRejected {
            identifier: masked.clone(),
            reason,
        };
        if let Some(until) = self.store.locked_until(&subject, now)? {
            self.audit(actor, account_id, rejected(CodeRejection::Locked));
            return Ok(CodeCheck::Locked { until });
        }
        let outcome =
            self.store
                .check_code(&identifier.key(), &self.code_digest(identifier, code), now)?;
        self.store.flush().await?;
        let (result, reason) = match outcome {
            CheckOutcome::Correct => match account {
                Some(account) if account.locked => {
                    (CodeCheck::AccountLocked, Some(CodeRejection::Locked))
                }
                Some(account) => {
                    self.audit(
                        actor,
                        Some(&account.id),
                        AuditEvent::CodeAccepted {
                            identifier: masked.clone(),
                        },
                    );
                    return Ok(CodeCheck::Correct {
                        account_id: account.id,
                    });
                }
                None => (CodeCheck::Void, Some(CodeRejection::Void)),
            },
            CheckOutcome::Wrong { attempts_left } => (
                CodeCheck::Wrong { attempts_left },
                Some(CodeRejection::Wrong),
            ),
            CheckOutcome::WrongNowVoid => {
                (CodeCheck::WrongNowVoid, Some(CodeRejection::WrongNowVoid))
            }
            CheckOutcome::Expired => (CodeCheck::Expired, Some(CodeRejection::Expired)),
            CheckOutcome::Void => (CodeCheck::Void, Some(CodeRejection::Void)),
        };
        if let Some(reason) = reason {
            self.audit(actor, account_id, rejected(reason));
        }
        if matches!(
            outcome,
            CheckOutcome::Wrong { .. } | CheckOutcome::WrongNowVoid
        ) && self
            .store
            .record_failure(&subject, now, &self.config.codes)?
            == FailureOutcome::LockedNow
        {
            self.store.flush().await?;
            self.audit(
                actor,
                account_id,
                AuditEvent::RecoveryLocked {
                    identifier: masked.clone(),
                },
            );
            let until = self.store.locked_until(&subject, now)?.unwrap_or(now);
            return Ok(CodeCheck::Locked { until });
        }
        Ok(result)
    }

    pub fn password_policy(&self) -> PasswordPolicy {
        PasswordPolicy {
            min_length: self.config.security.password_min_length,
            max_length: self.config.security.password_max_length,
        }
    }

    /// Checks a new password against the policy and the current one; on success returns
    /// its argon2 hash, to be confirmed with [`Services::confirm_password`].
    pub async fn choose_password(
        &self,
        account_id: &str,
        candidate: &str,
        actor: Actor,
    ) -> anyhow::Result<Result<String, PasswordRefusal>> {
        let account = self
            .store
            .account(account_id)?
            .ok_or_else(|| anyhow::anyhow!("account vanished"))?;
        let local_part = account.email.as_ref().map(|e| e.local_part().to_string());
        let context = PolicyContext {
            email_local_part: local_part.as_deref(),
            name: Some(account.name.as_str()),
        };
        let refusal = match NewPassword::parse(candidate, &self.password_policy(), &context) {
            Err(rejection) => Some(PasswordRefusal::Policy(rejection)),
            Ok(_)
                if self
                    .hashing
                    .verify(SecretString::from(candidate), account.password_hash.clone())
                    .await? =>
            {
                Some(PasswordRefusal::SameAsCurrent)
            }
            Ok(_) => None,
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

    /// Sets the password if the confirmation matches the chosen one. Ends all sessions,
    /// lifts any recovery lock, and tells the account's e-mail and phone.
    pub async fn confirm_password(
        &self,
        account_id: &str,
        pending_hash: &str,
        confirmation: &str,
        lang: &str,
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
            return Ok(false);
        }
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
            AuditEvent::PasswordChanged {
                via: "telegram-reset".into(),
            },
        );
        self.notify_password_changed(&account, lang, now, actor);
        Ok(true)
    }

    fn notify_password_changed(&self, account: &Account, lang: &str, now: Millis, actor: Actor) {
        let lang = account.language.as_deref().unwrap_or(lang);
        let args = [
            ("when", FluentValue::from(rfc3339(now))),
            (
                "service",
                FluentValue::from(self.config.service.name.as_str()),
            ),
        ];
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

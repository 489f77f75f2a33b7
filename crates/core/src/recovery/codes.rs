//! One-time codes: issue one and deliver it, check a typed one. A code proves control of
//! an e-mail address or phone number for one purpose; its record is keyed by purpose and
//! identifier, so a reset and a settings sign-in never share or void each other's codes.

use super::{Actor, CodeCheck, CodeRequest, RecoveryFlow, Services};
use crate::audit::{AuditEvent, Channel, CodeRejection};
use crate::crypto::to_hex;
use crate::delivery::Outgoing;
use crate::domain::{Identifier, OneTimeCode};
use crate::store::accounts::Account;
use crate::store::codes::{CheckOutcome, IssueOutcome};
use crate::store::limits::FailureOutcome;
use crate::store::StoreError;
use fluent_bundle::FluentValue;
use secrecy::SecretString;

/// What a code proves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodePurpose {
    /// A password reset: the code goes to the identifier typed, whether or not an account
    /// uses it.
    Reset,
    /// The second step of the /settings sign-in, to the contact the holder signed in with.
    SignIn,
    /// A new e-mail address or phone number, before it is saved to the account.
    NewContact,
}

/// A code's purpose, where it goes, and the account it is for (none for an unknown
/// identifier in a reset).
pub struct CodeTarget<'a> {
    pub purpose: CodePurpose,
    pub to: &'a Identifier,
    pub account: Option<Account>,
}

impl CodeTarget<'_> {
    fn key(&self) -> String {
        let to = self.to.key();
        match (self.purpose, &self.account) {
            (CodePurpose::Reset, _) => to,
            (CodePurpose::SignIn, _) => format!("signin:{to}"),
            (CodePurpose::NewContact, Some(a)) => format!("contact:{}:{to}", a.id),
            (CodePurpose::NewContact, None) => format!("contact:-:{to}"),
        }
    }

    /// Whom the failure limits count against: the account, else the identifier.
    fn subject(&self) -> String {
        Services::subject(self.to, self.account.as_ref())
    }

    fn account_id(&self) -> Option<&str> {
        self.account.as_ref().map(|a| a.id.as_str())
    }

    /// Locale keys of the e-mail subject, e-mail body and SMS text.
    fn message_keys(&self) -> [&'static str; 3] {
        match self.purpose {
            CodePurpose::Reset => ["email-code-subject", "email-code-body", "sms-code"],
            CodePurpose::SignIn => ["signin-code-subject", "signin-code-body", "signin-sms-code"],
            CodePurpose::NewContact => [
                "contact-code-subject",
                "contact-code-body",
                "contact-sms-code",
            ],
        }
    }
}

impl RecoveryFlow<'_> {
    fn code_digest(self, key: &str, code: &OneTimeCode) -> [u8; 32] {
        self.secret
            .mac("one-time-code", &[key.as_bytes(), code.expose().as_bytes()])
    }

    /// The target of a code for an account known by id: the sign-in's step-up or a new
    /// contact's (without an account when it was removed meanwhile: then no code goes
    /// out, and none can match).
    pub fn code_target<'a>(
        self,
        purpose: CodePurpose,
        to: &'a Identifier,
        account_id: &str,
    ) -> Result<CodeTarget<'a>, StoreError> {
        Ok(CodeTarget {
            purpose,
            to,
            account: self.store.account(account_id)?,
        })
    }

    /// Issues a code for the target and delivers it when there is an account; padded.
    pub async fn request_code_for(
        self,
        target: CodeTarget<'_>,
        lang: &str,
        actor: Actor,
    ) -> anyhow::Result<CodeRequest> {
        let started = tokio::time::Instant::now();
        let outcome = self.request_code_unpadded(&target, lang, actor);
        let padding = self.config.codes.reply_padding;
        tokio::time::sleep_until(started + padding).await;
        outcome
    }

    fn request_code_unpadded(
        self,
        target: &CodeTarget<'_>,
        lang: &str,
        actor: Actor,
    ) -> anyhow::Result<CodeRequest> {
        let now = self.clock.now();
        let account_id = target.account_id();
        let masked = target.to.masked();
        self.audit(
            actor,
            account_id,
            AuditEvent::CodeRequested {
                identifier: masked.clone(),
                known: target.account.is_some(),
            },
        );
        if let Some(until) = self.store.locked_until(&target.subject(), now)? {
            self.audit(
                actor,
                account_id,
                AuditEvent::RecoveryRefusedLocked { identifier: masked },
            );
            return Ok(CodeRequest::Locked { until });
        }
        let code = OneTimeCode::generate(&*self.random);
        let key = target.key();
        // Without an account the stored digest is random: no code can ever match it.
        let digest = match target.account {
            Some(_) => self.code_digest(&key, &code),
            None => crate::random::bytes(&*self.random),
        };
        let outcome = self
            .store
            .issue_code(&key, to_hex(&digest), now, &self.config.codes)?;
        match outcome {
            IssueOutcome::Issued => {
                if target.account.is_some() {
                    self.deliveries.send(self.code_message(target, &code, lang));
                    let channel = if target.to.is_email() {
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

    fn code_message(self, target: &CodeTarget<'_>, code: &OneTimeCode, lang: &str) -> Outgoing {
        let minutes = self.config.codes.ttl.as_secs() / 60;
        let mut args = vec![
            ("code", FluentValue::from(code.expose())),
            ("minutes", FluentValue::from(minutes)),
        ];
        args.extend(self.sender_args());
        let [subject, body, sms] = target.message_keys();
        match target.to {
            Identifier::Email(to) => Outgoing::Email {
                to: to.clone(),
                subject: self.i18n.text(lang, subject, &args),
                body: SecretString::from(self.i18n.text(lang, body, &args)),
            },
            Identifier::Phone(to) => Outgoing::Sms {
                to: to.clone(),
                text: SecretString::from(self.i18n.text(lang, sms, &args)),
            },
        }
    }

    /// Checks a typed reset code.
    pub async fn check_code(
        self,
        identifier: &Identifier,
        code: &OneTimeCode,
        actor: Actor,
    ) -> anyhow::Result<CodeCheck> {
        let target = CodeTarget {
            purpose: CodePurpose::Reset,
            to: identifier,
            account: self.store.find_account(identifier)?,
        };
        self.check_code_for(target, code, actor).await
    }

    /// Checks a typed code. A correct code is consumed and made durable before returning.
    /// Wrong codes count towards the account's (or identifier's) recovery lock.
    pub async fn check_code_for(
        self,
        target: CodeTarget<'_>,
        code: &OneTimeCode,
        actor: Actor,
    ) -> anyhow::Result<CodeCheck> {
        let now = self.clock.now();
        let account_id = target.account_id();
        let masked = target.to.masked();
        let subject = target.subject();
        let rejected = |reason| AuditEvent::CodeRejected {
            identifier: masked.clone(),
            reason,
        };
        if let Some(until) = self.store.locked_until(&subject, now)? {
            self.audit(actor, account_id, rejected(CodeRejection::Locked));
            return Ok(CodeCheck::Locked { until });
        }
        let key = target.key();
        let outcome = self
            .store
            .check_code(&key, &self.code_digest(&key, code), now)?;
        self.store.flush().await?;
        let (result, reason) = match outcome {
            CheckOutcome::Correct => match &target.account {
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
                        account_id: account.id.clone(),
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
}

//! Account settings, free of Telegram: sign in with identifier and password (wrong
//! passwords make the next try wait, then lock sign-in), a step-up code to the contact
//! signed in with, then a session in which name, e-mail, phone and password can change.
//! Changes are applied in [`edit`].

pub mod edit;
mod new_contact;
mod summary;

#[cfg(test)]
mod signin_tests;

pub use summary::AccountSummary;

use crate::audit::AuditEvent;
use crate::clock::{millis, Millis};
use crate::domain::Identifier;
use crate::hashing::stored::describe;
use crate::hashing::Verified;
use crate::recovery::{Actor, SettingsFlow};
use crate::store::accounts::Account;
use crate::store::signin::{Gate, SignInRules};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// A signed-in settings session, kept in the chat's dialogue state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub account_id: String,
    pub signed_in_at: Millis,
    pub active_at: Millis,
    /// New passwords checked in this session (see `security.password_attempts`).
    #[serde(default)]
    pub password_attempts: u32,
}

/// The outcome of a password at sign-in.
#[derive(Debug)]
pub enum SignIn {
    /// Right password: a step-up code comes next.
    Correct { account: Box<Account> },
    /// Wrong password (or no such account): the next try may come after the wait.
    Wrong { wait_secs: u64 },
    /// Tried before the wait was over; the password was not checked.
    Wait { wait_secs: u64 },
    /// Sign-in is locked for the account or this chat (just now, or already).
    Locked { until: Millis },
    /// Right password, but an operator locked the account.
    AccountLocked,
}

fn wait_secs(until: Millis, now: Millis) -> u64 {
    ((until - now).max(0) as u64).div_ceil(1000).max(1)
}

/// The stricter of two gates.
fn stricter(a: Gate, b: Gate) -> Gate {
    match (a, b) {
        (Gate::Locked { until: x }, Gate::Locked { until: y }) => Gate::Locked { until: x.max(y) },
        (l @ Gate::Locked { .. }, _) | (_, l @ Gate::Locked { .. }) => l,
        (Gate::Wait { until: x }, Gate::Wait { until: y }) => Gate::Wait { until: x.max(y) },
        (w @ Gate::Wait { .. }, _) | (_, w @ Gate::Wait { .. }) => w,
        _ => Gate::Open,
    }
}

impl SettingsFlow<'_> {
    fn signin_rules(self) -> SignInRules {
        SignInRules::of(&self.config.security)
    }

    /// Checks a password for /settings. An unknown identifier costs one argon2 verify like
    /// a known one and gets the same answers; failures count per account and per chat.
    pub async fn sign_in(
        self,
        identifier: &Identifier,
        password: &str,
        chat_id: i64,
    ) -> anyhow::Result<SignIn> {
        let now = self.clock.now();
        let actor = Actor {
            chat_id: Some(chat_id),
        };
        let account = self.store.find_account(identifier)?;
        let account_id = account.as_ref().map(|a| a.id.clone());
        let masked = identifier.masked();
        let subject = match &account {
            Some(a) => format!("account:{}", a.id),
            None => format!("identifier:{}", identifier.key()),
        };
        let chat_subject = format!("chat:{chat_id}");
        let gate = stricter(
            self.store.signin_record(&subject)?.gate(now),
            self.store.signin_record(&chat_subject)?.gate(now),
        );
        let refused = |reason: &str| AuditEvent::SignInRefused {
            identifier: masked.clone(),
            reason: reason.into(),
        };
        match gate {
            Gate::Locked { until } => {
                self.audit(actor, account_id.as_deref(), refused("locked"));
                return Ok(SignIn::Locked { until });
            }
            Gate::Wait { until } => {
                self.audit(actor, account_id.as_deref(), refused("waiting"));
                return Ok(SignIn::Wait {
                    wait_secs: wait_secs(until, now),
                });
            }
            Gate::Open => {}
        }
        let phc = account.as_ref().and_then(|a| a.password_hash.clone());
        let verified = self
            .hashing
            .verify_stored(SecretString::from(password), phc)
            .await?;
        if let Some(id) = &account_id {
            self.recovery().audit_refused_hash(&verified, id, actor);
        }
        match account {
            Some(account) if verified.matched() => {
                if verified == (Verified::Match { stale: true }) {
                    self.rehash(&account, password, actor).await?;
                }
                self.store.signin_clear(&subject, now)?;
                self.audit(
                    actor,
                    Some(&account.id),
                    AuditEvent::SignInPassword { identifier: masked },
                );
                if account.locked {
                    return Ok(SignIn::AccountLocked);
                }
                Ok(SignIn::Correct {
                    account: Box::new(account),
                })
            }
            _ => {
                let rules = self.signin_rules();
                let gate = stricter(
                    self.store.signin_failed(&subject, now, &rules)?,
                    self.store.signin_failed(&chat_subject, now, &rules)?,
                );
                self.store.flush().await?;
                self.audit(
                    actor,
                    account_id.as_deref(),
                    AuditEvent::SignInFailed {
                        identifier: masked.clone(),
                        known: account_id.is_some(),
                    },
                );
                match gate {
                    Gate::Locked { until } => {
                        self.audit(
                            actor,
                            account_id.as_deref(),
                            AuditEvent::SignInLocked { identifier: masked },
                        );
                        Ok(SignIn::Locked { until })
                    }
                    Gate::Wait { until } => Ok(SignIn::Wrong {
                        wait_secs: wait_secs(until, now),
                    }),
                    Gate::Open => Ok(SignIn::Wrong { wait_secs: 0 }),
                }
            }
        }
    }

    /// Replaces a matching hash that has other parameters than the configured ones by a
    /// hash of the same password with the configured ones (unless it changed meanwhile).
    async fn rehash(self, account: &Account, password: &str, actor: Actor) -> anyhow::Result<()> {
        let Some(old) = account.password_hash.clone() else {
            return Ok(());
        };
        let fresh = self.hashing.hash(SecretString::from(password)).await?;
        let updated = self.store.update_account(&account.id, |a| {
            if a.password_hash.as_deref() == Some(old.as_str()) {
                a.password_hash = Some(fresh.clone());
            }
        })?;
        if updated.is_some_and(|a| a.password_hash.as_deref() == Some(fresh.as_str())) {
            self.store.flush().await?;
            self.audit(
                actor,
                Some(&account.id),
                AuditEvent::PasswordRehashed {
                    from: describe(&old),
                },
            );
        }
        Ok(())
    }

    /// Starts a session after the step-up code.
    pub fn start_session(self, account_id: &str, chat_id: i64) -> Session {
        let now = self.clock.now();
        self.audit(
            Actor {
                chat_id: Some(chat_id),
            },
            Some(account_id),
            AuditEvent::SignedIn,
        );
        Session {
            account_id: account_id.to_string(),
            signed_in_at: now,
            active_at: now,
            password_attempts: 0,
        }
    }

    /// The session touched now, or None (and audited) when it ended: idle too long, the
    /// account's sessions were revoked (a reset), the account was locked or removed.
    pub fn touch_session(self, session: &Session, chat_id: i64) -> anyhow::Result<Option<Session>> {
        let now = self.clock.now();
        let account = self.store.account(&session.account_id)?;
        let reason = match &account {
            _ if now - session.active_at > millis(self.config.security.settings_idle) => {
                Some("idle")
            }
            None => Some("revoked"),
            Some(a) if a.locked => Some("revoked"),
            Some(a)
                if a.sessions_revoked_at
                    .is_some_and(|t| t > session.signed_in_at) =>
            {
                Some("revoked")
            }
            Some(_) => None,
        };
        if let Some(reason) = reason {
            self.end_session(session, chat_id, reason);
            return Ok(None);
        }
        Ok(Some(Session {
            active_at: now,
            ..session.clone()
        }))
    }

    pub fn end_session(self, session: &Session, chat_id: i64, reason: &str) {
        self.audit(
            Actor {
                chat_id: Some(chat_id),
            },
            Some(&session.account_id),
            AuditEvent::SignedOut {
                reason: reason.into(),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stricter_gate_wins() {
        let open = Gate::Open;
        let wait = Gate::Wait { until: 5 };
        let lock = Gate::Locked { until: 9 };
        assert_eq!(stricter(open, wait), wait);
        assert_eq!(stricter(lock, wait), lock);
        assert_eq!(stricter(open, open), open);
        assert_eq!(
            stricter(Gate::Wait { until: 7 }, wait),
            Gate::Wait { until: 7 }
        );
    }
}

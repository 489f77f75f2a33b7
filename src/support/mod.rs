//! Support escalation, free of Telegram: tickets, what may be relayed between a user and
//! the agents (this file: the user's side; [`secrets`]: codes in what users write), agent
//! actions ([`agent`]) and what agents may see ([`report`]). The handlers in `bot::support` (user side) and `bot::agent` (agent
//! side) are thin wrappers around these calls.

pub mod agent;
pub mod report;
pub mod secrets;
pub mod ticket;

pub use agent::{AgentSays, Unlocked};
pub use secrets::looks_like_code;

use crate::audit::{AuditEvent, AuditRecord, RelayRefusal};
use crate::clock::secs;
use crate::recovery::Services;
use secrecy::SecretString;
use ticket::{AccountSource, Body, Entry, Status, Ticket, TicketAccount, UserOutcome};

/// An identifier typed in a reset this long ago still names the ticket's account.
const RESET_HINT_SECS: u64 = 24 * 3600;

/// What became of a description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Opening {
    Opened(Box<Ticket>),
    /// It looked like a code or was the account's password: no ticket, to be deleted.
    Secret,
}

/// Who opens a ticket.
#[derive(Clone, Debug)]
pub struct Opener {
    pub chat_id: i64,
    pub name: String,
    pub language: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserSays {
    Relay(Box<Ticket>),
    /// Already relayed (the update came twice).
    Duplicate,
    RateLimited,
    /// The ticket is closed: the caller opens a new one.
    Closed,
    /// It looked like a code or the account's password: not relayed, to be deleted.
    Secret,
}

impl Services {
    /// Support is configured: agents and a staff chat.
    pub fn support_enabled(&self) -> bool {
        self.config.support.enabled()
    }

    pub fn is_agent(&self, user_id: i64) -> bool {
        self.config.support.is_agent(user_id)
    }

    pub fn staff_chat(&self) -> Option<i64> {
        self.config
            .support
            .chat_id
            .filter(|_| self.support_enabled())
    }

    /// Writes one audit event; a failure to write is logged, never shown to the user.
    pub(crate) fn audit_as(
        &self,
        actor: impl Into<Option<String>>,
        chat_id: Option<i64>,
        account: Option<&str>,
        event: AuditEvent,
    ) {
        self.metrics.observe(&event);
        let record = AuditRecord {
            at: self.clock.now(),
            actor: actor.into(),
            chat_id,
            account: account.map(str::to_owned),
            event,
        };
        if let Err(e) = self.store.audit(record) {
            self.metrics.audit_write_errors.inc();
            tracing::error!(error = %e, "could not write an audit event");
        }
    }

    /// The chat's ticket while it is open or taken.
    pub fn active_ticket(&self, chat_id: i64) -> anyhow::Result<Option<Ticket>> {
        Ok(self.store.chat_ticket(chat_id)?.filter(Ticket::is_active))
    }

    /// Opens a ticket with the user's description (message `source` in their chat).
    pub async fn open_ticket(
        &self,
        opener: &Opener,
        description: &str,
        source: i32,
    ) -> anyhow::Result<Opening> {
        let now = self.clock.now();
        let since = now - secs(RESET_HINT_SECS);
        let linked = self
            .store
            .linked_account(opener.chat_id)?
            .map(|id| (id, AccountSource::LinkedChat));
        let typed = self
            .store
            .reset_account(opener.chat_id, since)?
            .map(|id| (id, AccountSource::TypedInReset));
        let account = match linked.or(typed) {
            Some((id, source)) => self
                .store
                .account(&id)?
                .map(|a| TicketAccount { id: a.id, source }),
            None => None,
        };
        if self.is_secret(account.as_ref(), description).await? {
            self.audit_as(
                format!("user:{}", opener.chat_id),
                Some(opener.chat_id),
                account.as_ref().map(|a| a.id.as_str()),
                AuditEvent::TicketMessageRefused {
                    ticket: None,
                    reason: RelayRefusal::LooksLikeSecret,
                },
            );
            return Ok(Opening::Secret);
        }
        let ticket = self.store.open_ticket(|id| Ticket {
            id,
            chat_id: opener.chat_id,
            user_name: opener.name.chars().take(64).collect(),
            language: opener.language.clone(),
            account: account.clone(),
            status: Status::Open,
            agent: None,
            created_at: now,
            first_response_at: None,
            closed_at: None,
            closed_by: None,
            close_note: None,
            topic: None,
            card: None,
            history: vec![Entry {
                at: now,
                agent: None,
                body: Body::Text(description.to_string()),
                source: (opener.chat_id, source),
            }],
        })?;
        self.store.flush().await?;
        self.audit_as(
            format!("user:{}", opener.chat_id),
            Some(opener.chat_id),
            ticket.account.as_ref().map(|a| a.id.as_str()),
            AuditEvent::TicketOpened { ticket: ticket.id },
        );
        Ok(Opening::Opened(Box::new(ticket)))
    }

    /// A user's message for their ticket: decides whether it may be relayed and records it.
    pub async fn user_says(
        &self,
        ticket_id: u64,
        body: Body,
        source: (i64, i32),
    ) -> anyhow::Result<UserSays> {
        let Some(current) = self.store.ticket(ticket_id)? else {
            return Ok(UserSays::Closed);
        };
        if let Body::Text(text) = &body {
            if self.is_secret(current.account.as_ref(), text).await? {
                self.refuse_relay(&current, RelayRefusal::LooksLikeSecret);
                return Ok(UserSays::Secret);
            }
        }
        let now = self.clock.now();
        let rules = &self.config.support;
        let Some((ticket, outcome)) = self.store.update_ticket(ticket_id, |t| {
            t.user_message(body.clone(), source, now, rules)
        })?
        else {
            return Ok(UserSays::Closed);
        };
        Ok(match outcome {
            UserOutcome::Relay => {
                self.store.flush().await?;
                UserSays::Relay(Box::new(ticket))
            }
            UserOutcome::Duplicate => UserSays::Duplicate,
            UserOutcome::Closed => UserSays::Closed,
            UserOutcome::RateLimited => {
                self.refuse_relay(&ticket, RelayRefusal::RateLimited);
                UserSays::RateLimited
            }
        })
    }

    fn refuse_relay(&self, ticket: &Ticket, reason: RelayRefusal) {
        self.audit_as(
            format!("user:{}", ticket.chat_id),
            Some(ticket.chat_id),
            ticket.account.as_ref().map(|a| a.id.as_str()),
            AuditEvent::TicketMessageRefused {
                ticket: Some(ticket.id),
                reason,
            },
        );
    }

    /// A code, or the current password of the ticket's account.
    async fn is_secret(&self, account: Option<&TicketAccount>, text: &str) -> anyhow::Result<bool> {
        if looks_like_code(text) {
            return Ok(true);
        }
        let Some(account) = account else {
            return Ok(false);
        };
        let candidate = text.trim();
        if candidate.chars().count() > self.config.security.password_max_length {
            return Ok(false);
        }
        let hash = self
            .store
            .account(&account.id)?
            .and_then(|a| a.password_hash);
        if hash.is_none() {
            return Ok(false);
        }
        self.hashing
            .verify(SecretString::from(candidate.to_string()), hash)
            .await
    }
}

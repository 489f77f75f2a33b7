//! Support escalation, free of Telegram: tickets, what may be relayed between a user and
//! the agents (this file: the user's side; [`admission`]: the limit, decided first;
//! [`secrets`]: codes and password-looking text), agent actions ([`agent`]) and what agents
//! may see ([`report`]). The handlers in `bot::support` (user side) and `bot::agent` (agent
//! side) are thin wrappers around these calls.

pub mod admission;
pub mod agent;
pub mod report;
pub mod secrets;
mod staff_chat;
pub use crate::records::ticket;

#[cfg(test)]
mod tests;

pub use agent::{AgentSays, Unlocked};
pub use secrets::{looks_like_code, looks_like_password};

use crate::audit::{AuditEvent, RelayRefusal};
use crate::clock::{millis, secs};
use crate::recovery::{Services, SupportFlow};
use admission::UserOutcome;
use secrecy::SecretString;
use ticket::{AccountSource, Body, Entry, Ticket, TicketAccount};

/// An identifier typed in a reset this long ago still names the ticket's account.
const RESET_HINT_SECS: u64 = 24 * 3600;

/// What became of a description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Opening {
    Opened(Box<Ticket>),
    /// It looked like a code or a password: no ticket, to be deleted.
    Secret,
    /// Too many descriptions were refused lately: not looked at, no ticket.
    RateLimited,
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
    /// Already handled (the update came twice).
    Duplicate,
    RateLimited,
    /// The ticket is closed: the caller opens a new one.
    Closed,
    /// It looked like a code or a password: not relayed, to be deleted.
    Secret,
}

/// What the configuration says of support, for every flow and the transport.
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
}

impl SupportFlow<'_> {
    /// The chat's ticket while it is open or taken.
    pub fn active_ticket(self, chat_id: i64) -> anyhow::Result<Option<Ticket>> {
        Ok(self.store.chat_ticket(chat_id)?.filter(Ticket::is_active))
    }

    /// Opens a ticket with the user's description (message `source` in their chat).
    pub async fn open_ticket(
        self,
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
        let rules = &self.config.support;
        let window_start = now - millis(rules.unanswered_window);
        let refused = self.store.refused_descriptions(opener.chat_id)?;
        let actor = format!("user:{}", opener.chat_id);
        let account_id = account.as_ref().map(|a| a.id.as_str());
        if !admission::description_admitted(&refused, now, rules) {
            let event = AuditEvent::TicketMessageRefused {
                ticket: None,
                reason: RelayRefusal::RateLimited,
            };
            self.audit_as(actor, Some(opener.chat_id), account_id, event);
            return Ok(Opening::RateLimited);
        }
        if self
            .is_secret(opener.chat_id, account.as_ref(), description)
            .await?
        {
            self.store
                .record_refused_description(opener.chat_id, now, window_start)?;
            self.store.flush().await?;
            let event = AuditEvent::TicketMessageRefused {
                ticket: None,
                reason: RelayRefusal::LooksLikeSecret,
            };
            self.audit_as(actor, Some(opener.chat_id), account_id, event);
            return Ok(Opening::Secret);
        }
        let ticket = self.store.open_ticket(|id| {
            let name = opener.name.chars().take(64).collect();
            let language = opener.language.clone();
            let mut ticket = Ticket::open(id, opener.chat_id, name, language, account.clone(), now);
            ticket.history.push(Entry {
                at: now,
                agent: None,
                body: Body::Text(description.to_string()),
                source: (opener.chat_id, source),
            });
            ticket
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

    /// A user's message for their ticket: the limit first, then the secret check, then the
    /// message is recorded (a refused one without its text) and, if it may, relayed.
    pub async fn user_says(
        self,
        ticket_id: u64,
        body: Body,
        source: (i64, i32),
    ) -> anyhow::Result<UserSays> {
        let Some(current) = self.store.ticket(ticket_id)? else {
            return Ok(UserSays::Closed);
        };
        let now = self.clock.now();
        let rules = &self.config.support;
        match current.admit(source, now, rules) {
            UserOutcome::Admitted => {}
            outcome => return Ok(self.not_admitted(&current, outcome)),
        }
        let secret = match &body {
            Body::Text(text) => {
                self.is_secret(current.chat_id, current.account.as_ref(), text)
                    .await?
            }
            Body::Media(_) | Body::Withheld => false,
        };
        let recorded = if secret { Body::Withheld } else { body };
        let Some((ticket, outcome)) = self.store.update_ticket(ticket_id, |t| {
            t.user_message(recorded.clone(), source, now, rules)
        })?
        else {
            return Ok(UserSays::Closed);
        };
        if outcome != UserOutcome::Admitted {
            return Ok(self.not_admitted(&ticket, outcome));
        }
        self.store.flush().await?;
        if secret {
            self.refuse_relay(&ticket, RelayRefusal::LooksLikeSecret);
            return Ok(UserSays::Secret);
        }
        Ok(UserSays::Relay(Box::new(ticket)))
    }

    fn not_admitted(self, ticket: &Ticket, outcome: UserOutcome) -> UserSays {
        match outcome {
            UserOutcome::Duplicate => UserSays::Duplicate,
            UserOutcome::Closed => UserSays::Closed,
            UserOutcome::RateLimited | UserOutcome::Admitted => {
                self.refuse_relay(ticket, RelayRefusal::RateLimited);
                UserSays::RateLimited
            }
        }
    }

    fn refuse_relay(self, ticket: &Ticket, reason: RelayRefusal) {
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

    /// The ticket's account when the chat proved it holds it: the ticket was opened from
    /// a chat linked to the account, and the chat is linked to it still.
    pub fn proven_account(
        self,
        chat_id: i64,
        account: Option<&TicketAccount>,
    ) -> anyhow::Result<Option<&str>> {
        let linked = self.store.linked_account(chat_id)?;
        Ok(account
            .filter(|a| a.source == AccountSource::LinkedChat)
            .filter(|a| linked.as_deref() == Some(a.id.as_str()))
            .map(|a| a.id.as_str()))
    }

    /// Must the text be refused? A code or password-looking text (see [`secrets`]), for
    /// every chat; and, only in a chat proven to hold the account, the account's current
    /// password. The work does not depend on the account: nothing is read of it unless the
    /// chat is proven, and then one argon2 verification runs for every text (against a
    /// dummy hash when the account has no password or the text is too long to be one).
    async fn is_secret(
        self,
        chat_id: i64,
        account: Option<&TicketAccount>,
        text: &str,
    ) -> anyhow::Result<bool> {
        let max = self.config.security.password_max_length;
        let by_text = looks_like_code(text) || looks_like_password(text, max);
        let Some(holder) = self.proven_account(chat_id, account)? else {
            return Ok(by_text);
        };
        let candidate = text.trim();
        let hash = match candidate.chars().count() > max {
            true => None,
            false => self.store.account(holder)?.and_then(|a| a.password_hash),
        };
        let matched = self
            .hashing
            .verify(SecretString::from(candidate.to_string()), hash)
            .await?;
        Ok(by_text || matched)
    }
}

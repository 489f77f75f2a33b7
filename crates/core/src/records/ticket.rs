//! A support ticket and the rules of its life, free of Telegram and of the store.
//!
//! ```text
//!   open ──take (/take, Take button, an agent's first answer)──► taken ──┐
//!    │                                   take by another agent ─► taken  │
//!    └──────────────close (/close, Close button)──────────► closed ◄─────┘
//! ```
//! Closed is final: a user who writes after the close gets a new ticket. Which of a user's
//! messages may go on (the unanswered-messages limit) is decided in [`crate::support::admission`].

use crate::clock::Millis;
use serde::{Deserialize, Serialize};

/// Entries kept in a ticket's history; older ones are dropped.
pub const HISTORY_LIMIT: usize = 500;
/// Characters kept of a close note.
pub const NOTE_LIMIT: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    Taken,
    Closed,
}

/// An agent as the ticket remembers them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentRef {
    pub id: i64,
    pub name: String,
}

/// How the ticket knows its account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountSource {
    /// The chat is linked to the account (offered after a completed reset).
    LinkedChat,
    /// The chat typed this account's e-mail or phone in a password reset: not proof of
    /// ownership.
    TypedInReset,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketAccount {
    pub id: String,
    pub source: AccountSource,
}

/// What was said: text, or the kind of media (the media itself stays in Telegram).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Body {
    Text(String),
    Media(String),
    /// A message refused because it looked like a code or a password: kept without its
    /// text, so that it counts toward the unanswered-messages limit and a redelivery of
    /// it is recognised.
    Withheld,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub at: Millis,
    /// None: the user wrote it.
    pub agent: Option<AgentRef>,
    pub body: Body,
    /// The Telegram message (chat id, message id) it came from: a redelivered update is
    /// recognised and not relayed twice.
    pub source: (i64, i32),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: u64,
    /// The user's private chat with the bot (its id is the user's id).
    pub chat_id: i64,
    pub user_name: String,
    /// The user's language when the ticket was opened.
    pub language: String,
    pub account: Option<TicketAccount>,
    pub status: Status,
    pub agent: Option<AgentRef>,
    pub created_at: Millis,
    pub first_response_at: Option<Millis>,
    pub closed_at: Option<Millis>,
    pub closed_by: Option<AgentRef>,
    pub close_note: Option<String>,
    /// The ticket's forum topic in the staff chat, if it has one.
    pub topic: Option<i32>,
    /// The ticket's card (the message with its details and buttons) in the staff chat.
    pub card: Option<i32>,
    pub history: Vec<Entry>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TakeOutcome {
    Taken,
    Reassigned { from: AgentRef },
    AlreadyYours,
    Closed,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CloseOutcome {
    Closed,
    AlreadyClosed,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgentOutcome {
    /// Pass it on; `taken_now`: this answer took the open ticket.
    Relay {
        taken_now: bool,
    },
    Duplicate,
    Closed,
}

impl Ticket {
    /// A new open ticket of the chat `chat_id`, nobody on it, nothing said in it yet.
    pub fn open(
        id: u64,
        chat_id: i64,
        user_name: String,
        language: String,
        account: Option<TicketAccount>,
        now: Millis,
    ) -> Ticket {
        Ticket {
            id,
            chat_id,
            user_name,
            language,
            account,
            status: Status::Open,
            agent: None,
            created_at: now,
            first_response_at: None,
            closed_at: None,
            closed_by: None,
            close_note: None,
            topic: None,
            card: None,
            history: Vec::new(),
        }
    }

    pub fn is_active(&self) -> bool {
        self.status != Status::Closed
    }

    pub(crate) fn seen(&self, source: (i64, i32)) -> bool {
        self.history.iter().any(|e| e.source == source)
    }

    pub(crate) fn push(&mut self, entry: Entry) {
        self.history.push(entry);
        if self.history.len() > HISTORY_LIMIT {
            let extra = self.history.len() - HISTORY_LIMIT;
            self.history.drain(..extra);
        }
    }

    /// The description the ticket was opened with.
    pub fn description(&self) -> Option<&str> {
        self.history.iter().find_map(|e| match (&e.agent, &e.body) {
            (None, Body::Text(text)) => Some(text.as_str()),
            _ => None,
        })
    }

    pub fn take(&mut self, agent: &AgentRef, now: Millis) -> TakeOutcome {
        match (&self.status, &self.agent) {
            (Status::Closed, _) => TakeOutcome::Closed,
            (Status::Taken, Some(current)) if current.id == agent.id => TakeOutcome::AlreadyYours,
            (Status::Taken, Some(current)) => {
                let from = current.clone();
                self.agent = Some(agent.clone());
                TakeOutcome::Reassigned { from }
            }
            _ => {
                self.status = Status::Taken;
                self.agent = Some(agent.clone());
                self.first_response_at.get_or_insert(now);
                TakeOutcome::Taken
            }
        }
    }

    pub fn close(&mut self, agent: &AgentRef, note: Option<&str>, now: Millis) -> CloseOutcome {
        if self.status == Status::Closed {
            return CloseOutcome::AlreadyClosed;
        }
        self.status = Status::Closed;
        self.closed_at = Some(now);
        self.closed_by = Some(agent.clone());
        self.first_response_at.get_or_insert(now);
        self.close_note = note
            .map(|n| n.trim().chars().take(NOTE_LIMIT).collect::<String>())
            .filter(|n| !n.is_empty());
        CloseOutcome::Closed
    }

    /// Records an agent's answer; the first answer to an open ticket takes it.
    pub fn agent_message(
        &mut self,
        agent: &AgentRef,
        body: Body,
        source: (i64, i32),
        now: Millis,
    ) -> AgentOutcome {
        if self.seen(source) {
            return AgentOutcome::Duplicate;
        }
        if !self.is_active() {
            return AgentOutcome::Closed;
        }
        let taken_now = self.status == Status::Open;
        if taken_now {
            self.take(agent, now);
        }
        self.first_response_at.get_or_insert(now);
        self.push(Entry {
            at: now,
            agent: Some(agent.clone()),
            body,
            source,
        });
        AgentOutcome::Relay { taken_now }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn ticket() -> Ticket {
        Ticket::open(1, 1001, "Ann".into(), "en".into(), None, 0)
    }

    pub fn sam() -> AgentRef {
        AgentRef {
            id: 9001,
            name: "Sam".into(),
        }
    }

    #[test]
    fn take_then_close_once() {
        let mut t = ticket();
        assert_eq!(t.take(&sam(), 5), TakeOutcome::Taken);
        assert_eq!(t.first_response_at, Some(5));
        assert_eq!(t.take(&sam(), 6), TakeOutcome::AlreadyYours);
        let kim = AgentRef {
            id: 9002,
            name: "Kim".into(),
        };
        assert_eq!(t.take(&kim, 7), TakeOutcome::Reassigned { from: sam() });
        assert_eq!(t.close(&kim, Some("  done "), 8), CloseOutcome::Closed);
        assert_eq!(t.close_note.as_deref(), Some("done"));
        assert_eq!(t.close(&kim, None, 9), CloseOutcome::AlreadyClosed);
        assert_eq!(t.take(&sam(), 10), TakeOutcome::Closed);
        assert_eq!(t.first_response_at, Some(5));
    }
}

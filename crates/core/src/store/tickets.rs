//! Support tickets and the maps that connect staff-chat messages to them.
//!
//! | tree            | key                           | value                           |
//! |-----------------|-------------------------------|---------------------------------|
//! | tickets         | ticket id (u64 BE)            | [`Ticket`]                      |
//! | chat_tickets    | user chat id                  | the chat's latest ticket id     |
//! | staff_messages  | staff chat id + message id    | ticket id (cards, relays)       |
//! | staff_topics    | staff chat id + thread id     | ticket id (forum topics)        |
//! | support_meta    | `next_ticket`, `forum:<chat>`, `refused:<chat>` | ticket counter, forum flag, when descriptions were refused |
//! | reset_hints     | user chat id                  | account last typed in a reset  |
//!
//! Agents answer by replying to a message the bot posted or by writing in a ticket's topic;
//! the ticket is found through these maps, never by reading ids out of message text.

use super::{get_json, update_json, Store, StoreError};
use crate::clock::Millis;
use crate::records::ticket::Ticket;
use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;

const NEXT_TICKET: &[u8] = b"next_ticket";

fn pair(chat: i64, id: i32) -> [u8; 12] {
    let mut key = [0u8; 12];
    key[..8].copy_from_slice(&chat.to_be_bytes());
    key[8..].copy_from_slice(&id.to_be_bytes());
    key
}

fn ticket_id(bytes: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.try_into().ok()?))
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct ResetHint {
    account: String,
    at: Millis,
}

impl Store {
    /// Opens a ticket: takes the next number (1, 2, ...), stores the ticket `draft` builds
    /// for that number and makes it the chat's current ticket, all at once.
    pub fn open_ticket(&self, draft: impl Fn(u64) -> Ticket) -> Result<Ticket, StoreError> {
        let result = self.writes.count(|| {
            (
                self.support_meta.for_transaction(),
                self.tickets.for_transaction(),
                self.chat_tickets.for_transaction(),
            )
                .transaction(|(meta, tickets, chats)| {
                    let id = meta
                        .get(NEXT_TICKET)?
                        .and_then(|b| ticket_id(&b))
                        .unwrap_or(1);
                    meta.insert(NEXT_TICKET, &(id + 1).to_be_bytes())?;
                    let ticket = draft(id);
                    let value = serde_json::to_vec(&ticket)
                        .map_err(|e| ConflictableTransactionError::Abort(StoreError::from(e)))?;
                    tickets.insert(&id.to_be_bytes(), value)?;
                    chats.insert(&ticket.chat_id.to_be_bytes(), &id.to_be_bytes())?;
                    Ok(ticket)
                })
        });
        match result {
            Ok(ticket) => Ok(ticket),
            Err(TransactionError::Abort(e)) => Err(e),
            Err(TransactionError::Storage(e)) => Err(e.into()),
        }
    }

    pub fn ticket(&self, id: u64) -> Result<Option<Ticket>, StoreError> {
        get_json(&self.tickets, &id.to_be_bytes())
    }

    /// Applies `f` to the ticket atomically (it may run more than once under contention);
    /// returns the stored ticket and what `f` returned, or None when there is no such ticket.
    pub fn update_ticket<R>(
        &self,
        id: u64,
        mut f: impl FnMut(&mut Ticket) -> R,
    ) -> Result<Option<(Ticket, R)>, StoreError> {
        update_json(
            &self.tickets,
            &id.to_be_bytes(),
            |current: Option<Ticket>| match current {
                Some(mut ticket) => {
                    let result = f(&mut ticket);
                    (Some(ticket.clone()), Some((ticket, result)))
                }
                None => (None, None),
            },
        )
    }

    /// The chat's latest ticket, open or not.
    pub fn chat_ticket(&self, chat_id: i64) -> Result<Option<Ticket>, StoreError> {
        match self.chat_tickets.get(chat_id.to_be_bytes())? {
            Some(bytes) => match ticket_id(&bytes) {
                Some(id) => self.ticket(id),
                None => Ok(None),
            },
            None => Ok(None),
        }
    }

    /// Every ticket, oldest first.
    pub fn tickets(&self) -> Result<Vec<Ticket>, StoreError> {
        self.tickets
            .iter()
            .values()
            .map(|v| Ok(serde_json::from_slice(&v?)?))
            .collect()
    }

    /// Remembers that a staff-chat message (a card or a relayed message) belongs to a ticket.
    pub fn map_staff_message(
        &self,
        chat: i64,
        message: i32,
        ticket: u64,
    ) -> Result<(), StoreError> {
        self.staff_messages
            .insert(pair(chat, message), &ticket.to_be_bytes())?;
        Ok(())
    }

    pub fn staff_message_ticket(&self, chat: i64, message: i32) -> Result<Option<u64>, StoreError> {
        Ok(self
            .staff_messages
            .get(pair(chat, message))?
            .and_then(|b| ticket_id(&b)))
    }

    pub fn map_staff_topic(&self, chat: i64, thread: i32, ticket: u64) -> Result<(), StoreError> {
        self.staff_topics
            .insert(pair(chat, thread), &ticket.to_be_bytes())?;
        Ok(())
    }

    pub fn staff_topic_ticket(&self, chat: i64, thread: i32) -> Result<Option<u64>, StoreError> {
        Ok(self
            .staff_topics
            .get(pair(chat, thread))?
            .and_then(|b| ticket_id(&b)))
    }

    /// Whether the staff chat has topics, as last seen (None: not known yet).
    pub fn staff_chat_is_forum(&self, chat: i64) -> Result<Option<bool>, StoreError> {
        Ok(self
            .support_meta
            .get(format!("forum:{chat}"))?
            .map(|v| v.first() == Some(&1)))
    }

    pub fn set_staff_chat_is_forum(&self, chat: i64, forum: bool) -> Result<(), StoreError> {
        self.support_meta
            .insert(format!("forum:{chat}"), &[u8::from(forum)])?;
        Ok(())
    }

    /// When the chat's descriptions (before it had a ticket) were refused as secrets.
    pub fn refused_descriptions(&self, chat_id: i64) -> Result<Vec<Millis>, StoreError> {
        let key = format!("refused:{chat_id}");
        Ok(get_json(&self.support_meta, key.as_bytes())?.unwrap_or_default())
    }

    /// Adds a refusal at `now`, forgetting those before `since`.
    pub fn record_refused_description(
        &self,
        chat_id: i64,
        now: Millis,
        since: Millis,
    ) -> Result<(), StoreError> {
        let key = format!("refused:{chat_id}");
        update_json(
            &self.support_meta,
            key.as_bytes(),
            |current: Option<Vec<Millis>>| {
                let mut times = current.unwrap_or_default();
                times.retain(|at| *at > since);
                times.push(now);
                (Some(times), ())
            },
        )
    }

    /// Remembers the account whose e-mail or phone a chat typed in a password reset, so
    /// that a ticket opened from that chat can show agents which account it is probably
    /// about. Identifiers of no account are not kept.
    pub fn remember_reset_account(
        &self,
        chat_id: i64,
        account_id: &str,
        now: Millis,
    ) -> Result<(), StoreError> {
        let hint = ResetHint {
            account: account_id.to_string(),
            at: now,
        };
        super::put_json(&self.reset_hints, &chat_id.to_be_bytes(), &hint)
    }

    /// The account the chat last typed in a reset, if it did so after `since`.
    pub fn reset_account(&self, chat_id: i64, since: Millis) -> Result<Option<String>, StoreError> {
        let hint: Option<ResetHint> = get_json(&self.reset_hints, &chat_id.to_be_bytes())?;
        Ok(hint.filter(|h| h.at >= since).map(|h| h.account))
    }
}

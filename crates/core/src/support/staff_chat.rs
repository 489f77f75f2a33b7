//! Where tickets live in the staff chat: whether the chat has topics, which topic or
//! message belongs to which ticket, and where a ticket's topic and card are. The ids are
//! the chat's own (Telegram's); the core only keeps them.

use super::ticket::Ticket;
use crate::recovery::SupportFlow;
use crate::store::StoreError;

impl SupportFlow<'_> {
    /// Whether the staff chat `chat` has topics, as last seen; None when not known yet.
    pub fn staff_chat_has_topics(self, chat: i64) -> Option<bool> {
        self.store.staff_chat_is_forum(chat).ok().flatten()
    }

    pub fn note_staff_chat_topics(self, chat: i64, topics: bool) -> Result<(), StoreError> {
        self.store.set_staff_chat_is_forum(chat, topics)
    }

    /// The ticket whose topic is `thread`.
    pub fn ticket_of_topic(self, chat: i64, thread: i32) -> Result<Option<u64>, StoreError> {
        self.store.staff_topic_ticket(chat, thread)
    }

    /// The ticket a staff-chat message (a card, a relayed message) belongs to.
    pub fn ticket_of_message(self, chat: i64, message: i32) -> Result<Option<u64>, StoreError> {
        self.store.staff_message_ticket(chat, message)
    }

    pub fn note_ticket_topic(self, chat: i64, thread: i32, ticket: u64) -> Result<(), StoreError> {
        self.store.map_staff_topic(chat, thread, ticket)
    }

    pub fn note_ticket_message(
        self,
        chat: i64,
        message: i32,
        ticket: u64,
    ) -> Result<(), StoreError> {
        self.store.map_staff_message(chat, message, ticket)
    }

    /// Saves where the ticket was posted; None when the ticket is gone.
    pub fn note_ticket_posted(
        self,
        ticket: u64,
        topic: Option<i32>,
        card: Option<i32>,
    ) -> Result<Option<Ticket>, StoreError> {
        let updated = self.store.update_ticket(ticket, |t| {
            t.topic = topic;
            t.card = card;
        })?;
        Ok(updated.map(|(ticket, ())| ticket))
    }
}

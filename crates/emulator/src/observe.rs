//! What tests and the demo read back: the bot's actions, the chats' messages, the
//! updates and the webhook, and the raw log of API calls.

use std::time::Duration;

use tokio::sync::broadcast;

use super::{Emulator, Event, MessageRecord, Webhook};

impl Emulator {
    /// Every bot action so far, in order.
    pub fn events(&self) -> Vec<Event> {
        self.shared.lock().events.clone()
    }

    /// `events()[after..]` as soon as at least `count` events exist past `after`,
    /// or whatever is there when `timeout` passes.
    pub async fn wait_for_events(
        &self,
        after: usize,
        count: usize,
        timeout: Duration,
    ) -> Vec<Event> {
        let deadline = tokio::time::Instant::now() + timeout;
        let mut seen = self.shared.event_count.subscribe();
        loop {
            seen.borrow_and_update();
            let events = self.events();
            let have = events.len().saturating_sub(after);
            if have >= count || tokio::time::Instant::now() >= deadline {
                return events
                    .get(after..)
                    .map(<[Event]>::to_vec)
                    .unwrap_or_default();
            }
            tokio::select! {
                _ = seen.changed() => {}
                _ = tokio::time::sleep_until(deadline) => {}
            }
        }
    }

    /// Receives every bot action from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.shared.events_tx.subscribe()
    }

    /// The forum topics the bot created in the chat: (thread id, name), oldest first.
    pub fn topics(&self, chat_id: i64) -> Vec<(i32, String)> {
        let st = self.shared.lock();
        st.topics
            .range((chat_id, i32::MIN)..=(chat_id, i32::MAX))
            .map(|((_, thread), name)| (*thread, name.clone()))
            .collect()
    }

    pub fn message(&self, chat_id: i64, message_id: i32) -> Option<MessageRecord> {
        self.shared
            .lock()
            .messages
            .get(&(chat_id, message_id))
            .map(|m| m.record())
    }

    /// User and bot messages of the chat (deleted ones included, flagged), in order.
    pub fn messages(&self, chat_id: i64) -> Vec<MessageRecord> {
        let st = self.shared.lock();
        st.messages
            .range((chat_id, i32::MIN)..=(chat_id, i32::MAX))
            .map(|(_, m)| m.record())
            .collect()
    }

    /// The id of the newest update queued so far.
    pub fn last_update_id(&self) -> Option<i64> {
        self.shared.lock().updates.back().map(|(id, _)| *id)
    }

    /// The webhook the bot set, if any.
    pub fn webhook(&self) -> Option<Webhook> {
        self.shared.lock().webhook.clone()
    }

    /// How many updates the webhook accepted so far.
    pub fn webhook_posts(&self) -> u64 {
        self.shared.lock().webhook_posts
    }

    /// Updates not yet confirmed by a `getUpdates` offset.
    pub fn pending_updates(&self) -> usize {
        self.shared.lock().updates.len()
    }

    /// Raw log of every API call: (lowercased method, parameters).
    pub fn requests(&self) -> Vec<(String, serde_json::Value)> {
        self.shared.lock().requests.clone()
    }

    /// Like [`Emulator::requests`], with the time each arrived.
    pub fn requests_with_times(&self) -> Vec<(std::time::Instant, String, serde_json::Value)> {
        let state = self.shared.lock();
        let arrivals = state.arrivals.iter().copied();
        arrivals
            .zip(state.requests.iter().cloned())
            .map(|(at, (method, params))| (at, method, params))
            .collect()
    }
}

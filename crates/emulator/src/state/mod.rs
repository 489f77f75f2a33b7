//! The emulator's data: stored messages, the update queue, the event log.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use tokio::sync::{broadcast, watch};

use super::faults::{Fault, FaultRule};
use super::{json as tg, ChatSpec, Event, UserContent, UserMessage, UserSpec};

mod stored;

pub use stored::Webhook;
pub(super) use stored::{Content, FileRef, StoredMessage};

/// (scope JSON, language code) of a `setMyCommands` list.
pub(super) type CommandsKey = (String, Option<String>);

#[derive(Default)]
pub(super) struct State {
    next_message_id: i32,
    next_update_id: i64,
    next_serial: u64,
    pub chats: HashMap<i64, ChatSpec>,
    /// Keyed by (chat id, message id); message ids grow, so a chat's range is in order.
    pub messages: BTreeMap<(i64, i32), StoredMessage>,
    pub updates: VecDeque<(i64, Value)>,
    pub callback_ids: HashSet<String>,
    /// Long polls waiting right now: id → their offset.
    pub parked_polls: HashMap<u64, i64>,
    pub commands: HashMap<CommandsKey, Vec<(String, String)>>,
    /// Forum topics: (chat id, thread id) → name.
    pub topics: BTreeMap<(i64, i32), String>,
    pub events: Vec<Event>,
    pub requests: Vec<(String, Value)>,
    /// When each of `requests` arrived.
    pub arrivals: Vec<std::time::Instant>,
    /// `Some(n)`: keep only the newest `n` messages of each chat (see [`super::Options`]).
    keep_messages: Option<usize>,
    /// Injected faults still due, and the ones that struck: (lowercased method, fault).
    pub faults: Vec<FaultRule>,
    pub faults_struck: Vec<(String, Fault)>,
    /// `getUpdates` offsets confirm nothing: every update stays queued.
    pub never_confirm: bool,
    /// Set by `setWebhook`; updates are then POSTed to it instead of polled.
    pub webhook: Option<Webhook>,
    pub webhook_last_error: Option<String>,
    /// Updates the webhook accepted (2xx).
    pub webhook_posts: u64,
}

impl State {
    pub fn new_message_id(&mut self) -> i32 {
        self.next_message_id += 1;
        self.next_message_id
    }

    fn serial(&mut self) -> u64 {
        self.next_serial += 1;
        self.next_serial
    }

    fn new_file(&mut self, kind: &str) -> FileRef {
        let n = self.serial();
        FileRef {
            id: format!("emu-{kind}-{n}"),
            unique_id: format!("emu-unique-{kind}-{n}"),
        }
    }

    pub fn park_poll(&mut self, offset: i64) -> u64 {
        let id = self.serial();
        self.parked_polls.insert(id, offset);
        id
    }

    /// Long polls waiting with nothing queued for them (the bot is idle).
    pub fn idle_polls(&self) -> Vec<u64> {
        let newest = self.updates.back().map_or(i64::MIN, |(id, _)| *id);
        let mut ids: Vec<u64> = self
            .parked_polls
            .iter()
            .filter(|(_, &offset)| newest < offset)
            .map(|(&id, _)| id)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// Stores a message; a lean emulator then forgets the chat's oldest ones beyond its limit.
    pub fn insert_message(&mut self, message: StoredMessage) {
        let chat_id = message.chat.id;
        self.messages.insert((chat_id, message.message_id), message);
        let Some(keep) = self.keep_messages else {
            return;
        };
        let range = (chat_id, i32::MIN)..=(chat_id, i32::MAX);
        let stored = self.messages.range(range.clone()).count();
        let old: Vec<(i64, i32)> = self
            .messages
            .range(range)
            .take(stored.saturating_sub(keep))
            .map(|(key, _)| *key)
            .collect();
        for key in old {
            self.messages.remove(&key);
        }
    }

    /// The live (not deleted) message, if any.
    pub fn live(&self, chat_id: i64, message_id: i32) -> Option<&StoredMessage> {
        self.messages
            .get(&(chat_id, message_id))
            .filter(|m| !m.deleted)
    }
}

pub(super) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Everything the server task and the handles share.
pub(super) struct Shared {
    state: Mutex<State>,
    pub api_url: reqwest::Url,
    pub events_tx: broadcast::Sender<Event>,
    /// Number of events so far (wakes `wait_for_events`).
    pub event_count: watch::Sender<usize>,
    /// Bumped on every enqueued update (wakes long polls).
    pub update_seq: watch::Sender<u64>,
    /// Turns `true` (or closes) when the last `Emulator` handle is dropped.
    pub shutdown: watch::Receiver<bool>,
    /// False: no request or event log (events are only broadcast).
    pub keep_history: bool,
}

impl Shared {
    pub fn new(
        api_url: reqwest::Url,
        shutdown: watch::Receiver<bool>,
        options: super::Options,
    ) -> Shared {
        Shared {
            state: Mutex::new(State {
                next_update_id: 100_000,
                keep_messages: (!options.keep_history).then_some(options.lean_messages_per_chat),
                ..State::default()
            }),
            api_url,
            events_tx: broadcast::channel(options.events_capacity.max(1)).0,
            event_count: watch::channel(0).0,
            update_seq: watch::channel(0).0,
            shutdown,
            keep_history: options.keep_history,
        }
    }

    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records a bot action (under the caller's lock, so the log and the
    /// broadcast see the same order).
    pub fn emit(&self, st: &mut State, event: Event) {
        if self.keep_history {
            st.events.push(event.clone());
            self.event_count.send_replace(st.events.len());
        }
        let _ = self.events_tx.send(event);
    }

    /// Queues an update; `payload` is e.g. `{"message": {...}}`.
    fn enqueue(&self, st: &mut State, payload: Value) {
        st.next_update_id += 1;
        let id = st.next_update_id;
        let mut update = payload;
        update["update_id"] = json!(id);
        st.updates.push_back((id, update));
        self.update_seq.send_modify(|n| *n += 1);
    }

    pub fn user_message(&self, chat: &ChatSpec, from: &UserSpec, message: UserMessage) -> i32 {
        let mut st = self.lock();
        st.chats.insert(chat.id, chat.clone());
        let content = match message.content {
            UserContent::Text(text) => Content::Text {
                entities: tg::command_entities(&text),
                text,
            },
            UserContent::Sticker => Content::Sticker(st.new_file("sticker")),
            UserContent::Photo => Content::Photo(st.new_file("photo")),
            UserContent::Voice => Content::Voice(st.new_file("voice")),
            UserContent::Contact { phone } => Content::Contact {
                phone,
                first_name: from.first_name.clone(),
                user_id: from.id,
            },
        };
        let message_id = st.new_message_id();
        let stored = StoredMessage {
            chat: chat.clone(),
            message_id,
            date: now(),
            edit_date: None,
            sender: Some(from.clone()),
            content,
            keyboard: None,
            buttons: Vec::new(),
            thread_id: message.thread_id,
            reply_to: message.reply_to,
            deleted: false,
        };
        let payload = json!({ "message": tg::message_json(&st, &stored) });
        st.insert_message(stored);
        self.enqueue(&mut st, payload);
        message_id
    }

    pub fn press_button(
        &self,
        chat: &ChatSpec,
        from: &UserSpec,
        message_id: i32,
        data: &str,
    ) -> String {
        let mut st = self.lock();
        st.chats.insert(chat.id, chat.clone());
        let id = format!("emu-cb-{}", st.serial());
        let message = match st.live(chat.id, message_id) {
            Some(m) => {
                let known = m
                    .buttons
                    .iter()
                    .flatten()
                    .any(|b| b.callback_data.as_deref() == Some(data));
                if !known {
                    tracing::debug!(
                        message_id,
                        data,
                        "emulator: pressing a button the message does not have"
                    );
                }
                tg::message_json(&st, m)
            }
            None => tg::inaccessible_message_json(chat, message_id),
        };
        let payload = json!({ "callback_query": {
            "id": id,
            "from": tg::user_json(from),
            "message": message,
            "chat_instance": format!("emu-chat-instance{}", chat.id),
            "data": data,
        }});
        st.callback_ids.insert(id.clone());
        self.enqueue(&mut st, payload);
        id
    }
}

//! An in-process Telegram Bot API emulator on loopback.
//!
//! [`Emulator::start`] binds `127.0.0.1:0` and speaks the Bot API wire protocol
//! (`POST /bot<token>/<Method>`, JSON in, `{"ok":..}` out), so a real
//! `teloxide::Bot` pointed at [`Emulator::api_url`] talks to it exactly as it
//! would to Telegram. Tests and the terminal demo play the user's side through
//! the `send_*` / [`Emulator::press_button`] methods and observe what the bot
//! did through [`Emulator::events`] and [`Emulator::messages`].
//!
//! Updates are polled (`getUpdates`) or, once the bot called `setWebhook`, POSTed to the
//! webhook with its secret token (see `webhook`).
//!
//! Methods: `getMe`, `getUpdates`, `setWebhook`, `getWebhookInfo`, `deleteWebhook`, `sendMessage`,
//! `copyMessage`, `editMessageText`, `editMessageReplyMarkup`, `deleteMessage(s)`,
//! `answerCallbackQuery`, `createForumTopic` (supergroups with topics only),
//! `set/get/deleteMyCommands`, `sendChatAction`.
//!
//! Tests can make methods fail like Telegram or the network do ([`Emulator::inject`],
//! [`Fault`]): 429 with `retry_after`, 500, a dropped connection, or no answer at all.

mod error;
mod faults;
mod json;
mod markup;
mod messages;
mod methods;
mod observe;
mod outbox;
mod params;
mod server;
mod state;
pub mod terminal;
#[cfg(test)]
mod tests;
mod types;
mod webhook;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use teloxide::dispatching::ShutdownToken;
use tokio::sync::watch;

pub use faults::Fault;
use state::Shared;
pub use state::Webhook;
pub use terminal::chat_in_terminal;
pub use types::{
    Button, ChatKind, ChatSpec, Event, MessageRecord, UserContent, UserMessage, UserSpec,
};

/// The bot's user id, as returned by `getMe` and used as `from` of bot messages.
pub const BOT_USER_ID: i64 = 7_000_000_001;
/// The bot's username (without `@`).
pub const BOT_USERNAME: &str = "recovery_demo_bot";

/// How much the emulator remembers.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Keep every message, event and request for inspection (tests, the demo). Without it
    /// (load runs) events are only broadcast, requests are not logged, and each chat keeps
    /// its newest `lean_messages_per_chat` messages, so memory stays flat.
    pub keep_history: bool,
    pub lean_messages_per_chat: usize,
    /// Events a [`Emulator::subscribe`] receiver may fall behind before it loses some.
    pub events_capacity: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            keep_history: true,
            lean_messages_per_chat: 16,
            events_capacity: 1024,
        }
    }
}

/// Handle to a running emulator. Cheap to clone; the server stops when the
/// last clone is dropped.
#[derive(Clone)]
pub struct Emulator {
    shared: Arc<Shared>,
    _shutdown: Arc<watch::Sender<bool>>,
}

impl Emulator {
    /// Binds 127.0.0.1 on a free port and serves the Bot API in a spawned task.
    pub async fn start() -> anyhow::Result<Emulator> {
        Self::start_with(Options::default()).await
    }

    /// [`Emulator::start`] with other [`Options`].
    pub async fn start_with(options: Options) -> anyhow::Result<Emulator> {
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
        let addr = listener.local_addr()?;
        let api_url = reqwest::Url::parse(&format!("http://{addr}/"))?;
        let (shutdown_tx, shutdown_rx) = watch::channel(false);
        let shared = Arc::new(Shared::new(api_url, shutdown_rx.clone(), options));
        let app = server::router(shared.clone());
        tokio::spawn(webhook::push_loop(shared.clone()));
        tokio::spawn(async move {
            let mut stop = shutdown_rx;
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stop.wait_for(|stopped| *stopped).await;
                })
                .await;
            if let Err(e) = served {
                tracing::warn!("telegram emulator server stopped: {e}");
            }
        });
        Ok(Emulator {
            shared,
            _shutdown: Arc::new(shutdown_tx),
        })
    }

    /// `http://127.0.0.1:PORT/`, for `teloxide::Bot::set_api_url`.
    pub fn api_url(&self) -> reqwest::Url {
        self.shared.api_url.clone()
    }

    pub fn bot_user_id(&self) -> i64 {
        BOT_USER_ID
    }

    /// Makes a chat known without the user writing in it (e.g. an admin chat the
    /// bot messages first). Sending to an unknown chat fails with "chat not found".
    pub fn register_chat(&self, chat: &ChatSpec) {
        self.shared.lock().chats.insert(chat.id, chat.clone());
    }

    pub fn send_user_message(&self, chat: &ChatSpec, from: &UserSpec, message: UserMessage) -> i32 {
        self.shared.user_message(chat, from, message)
    }

    pub fn send_text(&self, chat: &ChatSpec, from: &UserSpec, text: &str) -> i32 {
        self.send_user_message(chat, from, UserMessage::text(text))
    }

    pub fn send_reply(&self, chat: &ChatSpec, from: &UserSpec, reply_to: i32, text: &str) -> i32 {
        self.send_user_message(chat, from, UserMessage::text(text).reply_to(reply_to))
    }

    pub fn send_sticker(&self, chat: &ChatSpec, from: &UserSpec) -> i32 {
        self.send_user_message(chat, from, UserMessage::new(UserContent::Sticker))
    }

    pub fn send_photo(&self, chat: &ChatSpec, from: &UserSpec) -> i32 {
        self.send_user_message(chat, from, UserMessage::new(UserContent::Photo))
    }

    pub fn send_voice(&self, chat: &ChatSpec, from: &UserSpec) -> i32 {
        self.send_user_message(chat, from, UserMessage::new(UserContent::Voice))
    }

    pub fn send_contact(&self, chat: &ChatSpec, from: &UserSpec, phone: &str) -> i32 {
        let content = UserContent::Contact {
            phone: phone.to_owned(),
        };
        self.send_user_message(chat, from, UserMessage::new(content))
    }

    /// Presses an inline button of message `message_id`; returns the callback query id.
    /// `data` is sent as given (stale or forged data can be tested too).
    pub fn press_button(
        &self,
        chat: &ChatSpec,
        from: &UserSpec,
        message_id: i32,
        data: &str,
    ) -> String {
        self.shared.press_button(chat, from, message_id, data)
    }

    /// Waits until the bot is idle in a long poll: a `getUpdates` has been
    /// waiting here for 50 ms with nothing queued for it. False if that does not
    /// happen by `timeout`.
    pub async fn wait_until_polling(&self, timeout: Duration) -> bool {
        const STEADY: Duration = Duration::from_millis(50);
        let deadline = tokio::time::Instant::now() + timeout;
        let mut candidate: Option<(u64, tokio::time::Instant)> = None;
        loop {
            let now = tokio::time::Instant::now();
            let idle = self.shared.lock().idle_polls();
            candidate = match candidate {
                Some((id, since)) if idle.contains(&id) => {
                    if now.duration_since(since) >= STEADY {
                        return true;
                    }
                    Some((id, since))
                }
                _ => idle.first().map(|&id| (id, now)),
            };
            if now >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Stops a teloxide `Dispatcher` that polls this emulator and runs in `task`
    /// (`tokio::spawn(async move { dispatcher.dispatch().await })`): waits until
    /// the bot idles in a long poll, asks `token` to shut down, and waits for the
    /// task to end. True if it ended by `timeout`; otherwise the task is aborted.
    ///
    /// Why not just `token.shutdown()?.await`: in teloxide 0.17 both wake-ups of
    /// a shutdown use `Notify::notify_waiters`, which reaches only current
    /// waiters. The dispatcher misses the request if it is not parked in its
    /// select loop at that instant and then never stops; and the future
    /// `shutdown()` returns registers only when first polled, so it often misses
    /// the "done" signal (measured: about 1 in 4 stops hung). Joining the task
    /// and asking only while the bot idles in `getUpdates` avoids both.
    pub async fn shutdown_dispatcher<T>(
        &self,
        token: &ShutdownToken,
        task: tokio::task::JoinHandle<T>,
        timeout: Duration,
    ) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        self.wait_until_polling(timeout / 2).await;
        // Err(IdleShutdownError): not running (yet or any more); the join decides.
        let _ = token.shutdown();
        let abort = task.abort_handle();
        let joined = tokio::time::timeout_at(deadline, task).await.is_ok();
        if !joined {
            abort.abort();
        }
        joined
    }
}

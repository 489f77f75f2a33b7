//! Telegram's limits on sending: one message a second into a chat, a number a minute
//! into a group, and a number a second overall (`[telegram] messages_per_*`).
//!
//! A message may go as soon as every limit allows it, and not later: replies under the
//! limits leave at once, whatever else the bot is doing. Each limit is a sliding window.
//! A message first waits for its chat's turn, then for a turn overall; overall turns are
//! given in real time order, which keeps that window exact without a queue or a worker
//! task.
//!
//! A chat's spacing is measured from when its last message was done, not from when it
//! was queued or let go: a chat has one message in flight at a time (its [`Turn`]), and
//! the chat's windows count that message when its call has ended. Whatever held it back
//! (the overall limit, a late wake-up on a busy runtime, a slow network), Telegram has
//! had it for at least a second when the chat's next message leaves. Turns in one chat
//! are given in the order asked, so its messages stay in order.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use teloxide::types::Recipient;
use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};
use tokio::time::Instant;

/// The limits, from the config.
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    /// Messages a second into one chat.
    pub per_chat_sec: u32,
    /// Messages a minute into one group, supergroup or channel.
    pub per_group_min: u32,
    /// Messages a second into all chats together.
    pub overall_sec: u32,
}

/// Shared by every clone of the bot.
#[derive(Clone)]
pub struct SendLimits {
    rules: Rules,
    state: Arc<Mutex<State>>,
}

struct State {
    overall: Window,
    /// Held by the chat's message in flight.
    chats: HashMap<Recipient, Arc<AsyncMutex<ChatWindows>>>,
    /// Size of `chats` after the last clean-up; the next one runs when it doubles.
    kept: usize,
}

struct ChatWindows {
    per_sec: Window,
    per_min: Option<Window>,
}

/// A chat's turn to send one message: the chat's next message waits until this is
/// dropped, and keeps its distance from that moment.
#[must_use = "the turn ends when it is dropped"]
pub struct Turn {
    windows: OwnedMutexGuard<ChatWindows>,
}

impl Drop for Turn {
    fn drop(&mut self) {
        self.windows.record(Instant::now());
    }
}

/// The last `limit` times a message was done; the next may go `period` after the
/// oldest of them.
struct Window {
    limit: usize,
    period: Duration,
    sent: VecDeque<Instant>,
}

impl Window {
    fn new(limit: u32, period: Duration) -> Window {
        let limit = limit.max(1) as usize;
        Window {
            limit,
            period,
            sent: VecDeque::with_capacity(limit.min(64)),
        }
    }

    fn next_free(&self, now: Instant) -> Instant {
        match self.sent.len().checked_sub(self.limit) {
            Some(oldest) => (self.sent[oldest] + self.period).max(now),
            None => now,
        }
    }

    fn record(&mut self, at: Instant) {
        self.sent.push_back(at);
        while self.sent.len() > self.limit {
            self.sent.pop_front();
        }
    }

    fn idle_since(&self, before: Instant) -> bool {
        self.sent
            .back()
            .is_none_or(|last| *last + self.period <= before)
    }
}

impl ChatWindows {
    fn next_free(&self, now: Instant) -> Instant {
        let turn = self.per_sec.next_free(now);
        match &self.per_min {
            Some(per_min) => turn.max(per_min.next_free(now)),
            None => turn,
        }
    }

    fn record(&mut self, at: Instant) {
        self.per_sec.record(at);
        if let Some(per_min) = &mut self.per_min {
            per_min.record(at);
        }
    }

    fn idle_since(&self, before: Instant) -> bool {
        self.per_sec.idle_since(before)
            && self.per_min.as_ref().is_none_or(|m| m.idle_since(before))
    }
}

const SECOND: Duration = Duration::from_secs(1);
const MINUTE: Duration = Duration::from_secs(60);

impl SendLimits {
    pub fn new(rules: Rules) -> SendLimits {
        SendLimits {
            rules,
            state: Arc::new(Mutex::new(State {
                overall: Window::new(rules.overall_sec, SECOND),
                chats: HashMap::new(),
                kept: 0,
            })),
        }
    }

    /// Waits until a message to `chat` may go and counts it overall. Hold the turn while
    /// the call is made: the chat counts the message when the turn is dropped.
    pub async fn wait_turn(&self, chat: &Recipient) -> Turn {
        let windows = self.chat(chat).lock_owned().await;
        tokio::time::sleep_until(windows.next_free(Instant::now())).await;
        let turn = self.reserve_overall(Instant::now());
        tokio::time::sleep_until(turn).await;
        Turn { windows }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is a few timestamps, valid after any panic.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn chat(&self, chat: &Recipient) -> Arc<AsyncMutex<ChatWindows>> {
        let rules = self.rules;
        let mut state = self.lock();
        state.clean_up(Instant::now());
        let windows = state.chats.entry(chat.clone()).or_insert_with(|| {
            Arc::new(AsyncMutex::new(ChatWindows {
                per_sec: Window::new(rules.per_chat_sec, SECOND),
                per_min: is_group(chat).then(|| Window::new(rules.per_group_min, MINUTE)),
            }))
        });
        windows.clone()
    }

    fn reserve_overall(&self, now: Instant) -> Instant {
        let mut state = self.lock();
        let turn = state.overall.next_free(now);
        state.overall.record(turn);
        turn
    }
}

impl State {
    /// Forgets chats whose windows are empty again and that nobody waits for, once their
    /// number has doubled.
    fn clean_up(&mut self, now: Instant) {
        if self.chats.len() < (self.kept * 2).max(1024) {
            return;
        }
        self.chats.retain(|_, chat| {
            let unused = Arc::strong_count(chat) == 1;
            let idle = chat.try_lock().is_ok_and(|w| w.idle_since(now));
            !(unused && idle)
        });
        self.kept = self.chats.len();
    }
}

/// Groups, supergroups and channels have a per-minute limit; private chats do not.
fn is_group(chat: &Recipient) -> bool {
    match chat {
        Recipient::Id(id) => !id.is_user(),
        Recipient::ChannelUsername(_) => true,
    }
}

#[cfg(test)]
mod tests;

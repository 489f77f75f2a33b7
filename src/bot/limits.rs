//! Telegram's limits on sending: one message a second into a chat, a number a minute
//! into a group, and a number a second overall (`[telegram] messages_per_*`).
//!
//! A message may go as soon as every limit allows it, and not later: replies under the
//! limits leave at once, whatever else the bot is doing. Each limit is a sliding window
//! over the times messages were let go. A message first waits for its chat's turn (a
//! chat's turns are given in the order asked, so its messages stay in order), then for a
//! turn overall; overall turns are given in real time order, which keeps that window
//! exact without a queue or a worker task.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use teloxide::types::Recipient;
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
    chats: HashMap<Recipient, ChatWindows>,
    /// Size of `chats` after the last clean-up; the next one runs when it doubles.
    kept: usize,
}

struct ChatWindows {
    per_sec: Window,
    per_min: Option<Window>,
}

/// The last `limit` times a message was let go; the next may go `period` after the
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

    fn moved(&mut self, from: Instant, to: Instant) {
        if let Some(at) = self.sent.iter_mut().rev().find(|at| **at == from) {
            *at = to;
            self.sent.make_contiguous().sort_unstable();
        }
    }

    fn idle_since(&self, before: Instant) -> bool {
        self.sent
            .back()
            .is_none_or(|last| *last + self.period <= before)
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

    /// Waits until a message to `chat` may go, and counts it as sent.
    pub async fn wait_turn(&self, chat: &Recipient) {
        let chat_turn = self.reserve_in_chat(chat, Instant::now());
        tokio::time::sleep_until(chat_turn).await;
        let turn = self.reserve_overall(Instant::now());
        if turn > chat_turn {
            self.moved_in_chat(chat, chat_turn, turn);
        }
        tokio::time::sleep_until(turn).await;
    }

    /// The chat's message given `reserved` goes at `actual` (later, for the overall
    /// limit): the chat's windows count it then, so its next message keeps its distance.
    fn moved_in_chat(&self, chat: &Recipient, reserved: Instant, actual: Instant) {
        let mut state = self.lock();
        if let Some(windows) = state.chats.get_mut(chat) {
            windows.per_sec.moved(reserved, actual);
            if let Some(per_min) = &mut windows.per_min {
                per_min.moved(reserved, actual);
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is a few timestamps, valid after any panic.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn reserve_in_chat(&self, chat: &Recipient, now: Instant) -> Instant {
        let rules = self.rules;
        let mut state = self.lock();
        state.clean_up(now);
        let windows = state
            .chats
            .entry(chat.clone())
            .or_insert_with(|| ChatWindows {
                per_sec: Window::new(rules.per_chat_sec, SECOND),
                per_min: is_group(chat).then(|| Window::new(rules.per_group_min, MINUTE)),
            });
        let mut turn = windows.per_sec.next_free(now);
        if let Some(per_min) = &windows.per_min {
            turn = turn.max(per_min.next_free(now));
        }
        windows.per_sec.record(turn);
        if let Some(per_min) = &mut windows.per_min {
            per_min.record(turn);
        }
        turn
    }

    fn reserve_overall(&self, now: Instant) -> Instant {
        let mut state = self.lock();
        let turn = state.overall.next_free(now);
        state.overall.record(turn);
        turn
    }
}

impl State {
    /// Forgets chats whose windows are empty again, once their number has doubled.
    fn clean_up(&mut self, now: Instant) {
        if self.chats.len() < (self.kept * 2).max(1024) {
            return;
        }
        self.chats.retain(|_, w| {
            !(w.per_sec.idle_since(now) && w.per_min.as_ref().is_none_or(|m| m.idle_since(now)))
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
mod tests {
    use super::*;
    use teloxide::types::ChatId;

    fn limits() -> SendLimits {
        SendLimits::new(Rules {
            per_chat_sec: 1,
            per_group_min: 20,
            overall_sec: 30,
        })
    }

    fn user(id: i64) -> Recipient {
        Recipient::Id(ChatId(id))
    }

    /// When each of `count` messages to `chat`, all asked for at once, may go.
    fn turns(limits: &SendLimits, chat: &Recipient, count: usize, now: Instant) -> Vec<Duration> {
        (0..count)
            .map(|_| limits.reserve_in_chat(chat, now) - now)
            .collect()
    }

    #[test]
    fn a_message_under_the_limits_goes_at_once() {
        let limits = limits();
        let now = Instant::now();
        assert_eq!(limits.reserve_in_chat(&user(1), now), now);
        assert_eq!(limits.reserve_overall(now), now);
        assert_eq!(limits.reserve_in_chat(&user(2), now), now);
    }

    #[test]
    fn one_message_a_second_into_a_chat() {
        let limits = limits();
        let now = Instant::now();
        let secs: Vec<u64> = turns(&limits, &user(1), 4, now)
            .iter()
            .map(Duration::as_secs)
            .collect();
        assert_eq!(secs, [0, 1, 2, 3]);
        // Another chat is not held up by it.
        assert_eq!(limits.reserve_in_chat(&user(2), now), now);
        // A second later the chat's next turn is after the ones already given.
        let later = now + SECOND;
        assert_eq!(limits.reserve_in_chat(&user(1), later), now + 4 * SECOND);
    }

    #[test]
    fn twenty_messages_a_minute_into_a_group() {
        let limits = limits();
        let group = Recipient::Id(ChatId(-1_001_234_567_890));
        let now = Instant::now();
        let got = turns(&limits, &group, 22, now);
        assert_eq!(got[19], 19 * SECOND);
        assert_eq!(got[20], MINUTE);
        assert_eq!(got[21], MINUTE + SECOND);
    }

    #[test]
    fn never_more_than_the_overall_limit_in_any_second() {
        let limits = limits();
        let start = Instant::now();
        // 100 messages asked for 10 ms apart, each to its own chat.
        let sent: Vec<Instant> = (0..100)
            .map(|i| limits.reserve_overall(start + Duration::from_millis(10 * i)))
            .collect();
        assert!(sent.windows(2).all(|w| w[0] <= w[1]), "in order");
        for (i, at) in sent.iter().enumerate() {
            let in_window = sent[i..].iter().take_while(|t| **t < *at + SECOND).count();
            assert!(in_window <= 30, "{in_window} messages within a second");
        }
        // The first 30 went when asked.
        assert_eq!(sent[29], start + Duration::from_millis(290));
        assert_eq!(sent[30], start + SECOND);
    }

    #[test]
    fn a_message_held_back_overall_keeps_its_chat_distance() {
        let limits = limits();
        let now = Instant::now();
        let chat = user(1);
        let first = limits.reserve_in_chat(&chat, now);
        // The overall limit holds it back half a second.
        limits.moved_in_chat(&chat, first, now + Duration::from_millis(500));
        let second = limits.reserve_in_chat(&chat, now);
        assert_eq!(second, now + Duration::from_millis(1500));
    }

    #[test]
    fn idle_chats_are_forgotten() {
        let limits = limits();
        let now = Instant::now();
        for id in 0..1_100 {
            limits.reserve_in_chat(&user(id), now);
        }
        let later = now + MINUTE;
        for id in 10_000..11_000 {
            limits.reserve_in_chat(&user(id), later);
        }
        assert!(limits.lock().chats.len() <= 1_000);
    }
}

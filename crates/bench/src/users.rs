//! Simulated Telegram users: each owns a private chat in the emulator, sends an update and
//! waits for the bot's next message there, timing the round trip.

use super::sms::SmsSink;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use telegram_emulator::{ChatSpec, Emulator, Event, UserSpec};
use tokio::sync::{broadcast, mpsc};
use tokio::time::Instant;

/// How long a user waits for an answer before counting it as lost (long: a reset's
/// answers wait for the hashing queue).
const ANSWER_TIMEOUT: Duration = Duration::from_secs(20);

/// The cheap updates: none of them hashes a password.
const CHEAP: &[&str] = &["/start", "/help", "hello?", "/cancel"];

/// A new password that passes the policy (length, zxcvbn, not the name).
const NEW_PASSWORD: &str = "violet harbour kettles drum slowly";

/// Routes the bot's messages (from the emulator's event stream) to the user of each chat.
#[derive(Clone)]
pub struct Router {
    chats: Arc<Mutex<HashMap<i64, mpsc::UnboundedSender<Instant>>>>,
    pub lost_events: Arc<AtomicUsize>,
}

impl Router {
    pub fn start(emu: &Emulator) -> Router {
        let router = Router {
            chats: Arc::default(),
            lost_events: Arc::default(),
        };
        let mut events = emu.subscribe();
        let r = router.clone();
        tokio::spawn(async move {
            loop {
                match events.recv().await {
                    Ok(Event::Sent { chat_id, .. }) => {
                        let chats = r.chats.lock().unwrap_or_else(|e| e.into_inner());
                        if let Some(tx) = chats.get(&chat_id) {
                            let _ = tx.send(Instant::now());
                        }
                    }
                    Ok(_) => {}
                    Err(broadcast::error::RecvError::Lagged(n)) => {
                        r.lost_events
                            .fetch_add(usize::try_from(n).unwrap_or(0), Ordering::Relaxed);
                    }
                    Err(broadcast::error::RecvError::Closed) => break,
                }
            }
        });
        router
    }

    /// A user with a private chat of its own.
    pub fn user(&self, emu: &Emulator, id: i64) -> User {
        let (tx, rx) = mpsc::unbounded_channel();
        self.chats
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id, tx);
        let spec = UserSpec::new(id, "Bench").with_language("en");
        User {
            emu: emu.clone(),
            chat: ChatSpec::private(&spec),
            spec,
            answers: rx,
        }
    }
}

pub struct User {
    emu: Emulator,
    chat: ChatSpec,
    spec: UserSpec,
    answers: mpsc::UnboundedReceiver<Instant>,
}

impl User {
    /// Sends `text` and waits for the bot's next message: the time it took, or None.
    pub async fn ask(&mut self, text: &str) -> Option<Duration> {
        while self.answers.try_recv().is_ok() {}
        let sent = Instant::now();
        self.emu.send_text(&self.chat, &self.spec, text);
        self.next_answer(sent).await
    }

    /// Sends `text` without waiting for an answer.
    pub fn send(&self, text: &str) {
        self.emu.send_text(&self.chat, &self.spec, text);
    }

    async fn next_answer(&mut self, since: Instant) -> Option<Duration> {
        match tokio::time::timeout(ANSWER_TIMEOUT, self.answers.recv()).await {
            Ok(Some(at)) => Some(at.saturating_duration_since(since)),
            _ => None,
        }
    }
}

/// What a group of users measured.
#[derive(Default)]
pub struct Tally {
    /// Round trips of cheap updates, in microseconds.
    pub latencies_us: Vec<u32>,
    pub lost: usize,
    pub resets: usize,
    /// Resets given up, by the step that got no answer (0: /reset … 5: the link offer).
    pub stuck_at: [usize; 7],
}

impl Tally {
    pub fn merge(&mut self, other: Tally) {
        self.latencies_us.extend(other.latencies_us);
        self.lost += other.lost;
        self.resets += other.resets;
        for (mine, theirs) in self.stuck_at.iter_mut().zip(other.stuck_at) {
            *mine += theirs;
        }
    }
}

/// The window in which results count: after a warm-up, until the end.
#[derive(Clone, Copy)]
pub struct Window {
    pub from: Instant,
    pub until: Instant,
}

impl Window {
    fn counts(&self, at: Instant) -> bool {
        at >= self.from && at <= self.until
    }
}

/// Sends cheap updates, each as soon as the previous one is answered (`pace` None), or
/// one every `pace` (the first at `Instant::now() + offset`).
pub async fn cheap_user(
    mut user: User,
    window: Window,
    pace: Option<(Duration, Duration)>,
) -> Tally {
    let mut tally = Tally::default();
    let mut ticks = pace.map(|(every, offset)| {
        let mut interval = tokio::time::interval_at(Instant::now() + offset, every);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        interval
    });
    for text in CHEAP.iter().cycle() {
        if let Some(ticks) = ticks.as_mut() {
            ticks.tick().await;
        }
        let started = Instant::now();
        if started > window.until {
            break;
        }
        match user.ask(text).await {
            Some(took) if window.counts(started) => tally
                .latencies_us
                .push(u32::try_from(took.as_micros()).unwrap_or(u32::MAX)),
            Some(_) => {}
            None => tally.lost += 1,
        }
    }
    tally
}

/// The accounts reset flows use, each once (codes are limited per account and hour).
pub struct ResetAccounts {
    phones: Vec<String>,
    next: AtomicUsize,
}

impl ResetAccounts {
    pub fn new(phones: Vec<String>) -> Arc<ResetAccounts> {
        Arc::new(ResetAccounts {
            phones,
            next: AtomicUsize::new(0),
        })
    }

    fn take(&self) -> Option<&str> {
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        self.phones.get(i).map(String::as_str)
    }

    pub fn used(&self) -> usize {
        self.next.load(Ordering::Relaxed).min(self.phones.len())
    }

    pub fn exhausted(&self) -> bool {
        self.next.load(Ordering::Relaxed) >= self.phones.len()
    }
}

/// Runs complete password resets one after another (a fresh account each time): /reset,
/// the phone number, the code from the SMS, the new password twice. A reset counts when
/// "password changed" arrives inside the window. The first starts after `start_after`.
pub async fn reset_user(
    mut user: User,
    accounts: Arc<ResetAccounts>,
    sms: SmsSink,
    window: Window,
    start_after: Duration,
) -> Tally {
    let mut tally = Tally::default();
    tokio::time::sleep(start_after).await;
    while Instant::now() < window.until {
        let Some(phone) = accounts.take() else { break };
        match one_reset(&mut user, phone, &sms).await {
            Ok(done) if window.counts(done) => tally.resets += 1,
            Ok(_) => {}
            Err(step) => {
                tally.lost += 1;
                tally.stuck_at[step] += 1;
            }
        }
    }
    tally
}

/// When "password changed" arrived, or the step that got no answer.
async fn one_reset(user: &mut User, phone: &str, sms: &SmsSink) -> Result<Instant, usize> {
    user.ask("/reset").await.ok_or(0usize)?;
    let code = sms.expect_code(phone);
    user.ask(phone).await.ok_or(1usize)?;
    let code = tokio::time::timeout(ANSWER_TIMEOUT, code)
        .await
        .ok()
        .and_then(Result::ok)
        .ok_or(2usize)?;
    user.ask(&code).await.ok_or(3usize)?;
    user.ask(NEW_PASSWORD).await.ok_or(4usize)?;
    let started = Instant::now();
    // "Password changed", then the offer to link the chat.
    let changed = user.ask(NEW_PASSWORD).await.ok_or(5usize)?;
    user.next_answer(started).await.ok_or(6usize)?;
    Ok(started + changed)
}

//! The worker that empties the queue: it takes every entry that is due (by the bot's
//! clock), sends it, and removes it once sent. A transient failure reschedules the entry
//! with exponential backoff and jitter and marks the channel delayed; a permanent one
//! (see [`super::failure`]) gives it up at once, audited with its reason, and leaves the
//! channel's health as it was. An entry past its expiry (a dead code) is dropped and
//! audited without its content. It wakes on every enqueue and re-reads the queue at least
//! every half second, so a restarted bot picks up what waits. A message leaves only once
//! the store's writes made before it are on disk (the code it carries, the update that
//! asked for it): a flush first, a no-op when nothing new was written.

use super::failure::Failure;
use super::queue::{Entry, Queue};
use super::{audit_system, Transport};
use crate::audit::{AuditEvent, Channel};
use crate::clock::{Millis, SharedClock};
use crate::metrics::Metrics;
use crate::store::Store;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;

const POLL: Duration = Duration::from_millis(500);

/// Retry policy, from `[delivery]`.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    pub initial_ms: u64,
    pub max_ms: u64,
    pub max_attempts: u32,
}

impl Retry {
    /// The wait after `attempts` failed attempts: `initial · 2^(attempts-1)`, capped, then
    /// "equal jitter" (uniform between half of it and all of it) so that a backlog does not
    /// hit a recovering server all at once.
    pub fn backoff(&self, attempts: u32) -> Millis {
        let exp = attempts.saturating_sub(1).min(32);
        let full = self
            .initial_ms
            .saturating_mul(1u64 << exp)
            .min(self.max_ms)
            .max(1);
        let half = full / 2;
        (half + rand::random::<u64>() % (full - half + 1)) as Millis
    }
}

/// Whether the last attempt on each channel failed transiently (permanent failures leave
/// it as it was): the "deliveries are delayed" signal.
#[derive(Default)]
pub struct Health {
    email: AtomicBool,
    sms: AtomicBool,
}

impl Health {
    fn flag(&self, channel: Channel) -> &AtomicBool {
        match channel {
            Channel::Email => &self.email,
            Channel::Sms => &self.sms,
        }
    }

    pub fn delayed(&self, channel: Channel) -> bool {
        self.flag(channel).load(Ordering::SeqCst)
    }

    fn set(&self, channel: Channel, failing: bool) {
        self.flag(channel).store(failing, Ordering::SeqCst);
    }
}

pub struct Worker {
    pub queue: Queue,
    pub transport: Arc<Transport>,
    pub store: Store,
    pub clock: SharedClock,
    pub retry: Retry,
    pub health: Arc<Health>,
    metrics: Arc<Metrics>,
    in_flight: Mutex<HashSet<u64>>,
}

impl Worker {
    pub fn new(
        queue: Queue,
        transport: Transport,
        store: Store,
        clock: SharedClock,
        retry: Retry,
        health: Arc<Health>,
        metrics: Arc<Metrics>,
    ) -> Worker {
        // Entries that already failed before a restart mean their channel is failing.
        if let Ok(entries) = queue.entries() {
            for (_, entry) in entries.iter().filter(|(_, e)| e.attempts > 0) {
                health.set(entry.channel, true);
            }
        }
        Worker {
            queue,
            transport: Arc::new(transport),
            store,
            clock,
            retry,
            health,
            metrics,
            in_flight: Mutex::new(HashSet::new()),
        }
    }

    /// Runs until every sending end ([`super::Deliveries`]) is gone.
    pub async fn run(self: Arc<Self>, mut wake: mpsc::UnboundedReceiver<()>) {
        loop {
            let next_due = self.pass();
            let wait = next_due
                .map(|due| Duration::from_millis((due - self.clock.now()).max(0) as u64))
                .map_or(POLL, |d| d.min(POLL));
            tokio::select! {
                signal = wake.recv() => {
                    if signal.is_none() {
                        return;
                    }
                    while wake.try_recv().is_ok() {}
                }
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }

    fn in_flight(&self) -> std::sync::MutexGuard<'_, HashSet<u64>> {
        self.in_flight
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Starts an attempt for every due entry; returns when the next one falls due.
    fn pass(self: &Arc<Self>) -> Option<Millis> {
        let now = self.clock.now();
        let entries = match self.queue.entries() {
            Ok(entries) => entries,
            Err(error) => {
                tracing::error!(%error, "cannot read the delivery queue");
                return None;
            }
        };
        let mut next: Option<Millis> = None;
        for (id, entry) in entries {
            if self.in_flight().contains(&id) {
                continue;
            }
            if entry.expires_at <= now {
                self.drop_entry(id, &entry, "expired");
            } else if entry.due_at <= now {
                self.in_flight().insert(id);
                tokio::spawn(self.clone().attempt(id, entry));
            } else {
                next = Some(next.map_or(entry.due_at, |n| n.min(entry.due_at)));
            }
        }
        next
    }

    async fn attempt(self: Arc<Self>, id: u64, mut entry: Entry) {
        match self.queue.open(id, &entry) {
            None => self.drop_entry(id, &entry, "undecryptable"),
            Some(message) => {
                if let Err(error) = self.store.flush().await {
                    tracing::error!(%error, "cannot flush the store before a delivery");
                }
                let result = self.transport.send(&message).await;
                entry.attempts += 1;
                match result {
                    Ok(()) => {
                        self.metrics.deliveries_sent.inc();
                        self.health.set(entry.channel, false);
                        tracing::info!(to = %entry.to, channel = ?entry.channel, attempts = entry.attempts, "delivered");
                        if let Err(error) = self.queue.remove(id) {
                            tracing::error!(%error, "a delivered message stays queued");
                        }
                    }
                    Err(Failure::Permanent { reason, error }) => {
                        tracing::warn!(to = %entry.to, channel = ?entry.channel, attempt = entry.attempts, reason, error = %format!("{error:#}"), "delivery refused for good");
                        self.give_up(id, &entry, reason);
                    }
                    Err(Failure::Transient(error)) => {
                        self.health.set(entry.channel, true);
                        tracing::warn!(to = %entry.to, channel = ?entry.channel, attempt = entry.attempts, error = %format!("{error:#}"), "delivery failed");
                        self.failed(id, entry);
                    }
                }
            }
        }
        self.in_flight().remove(&id);
    }

    /// After a transient failure: another attempt later, or given up after the last.
    fn failed(&self, id: u64, mut entry: Entry) {
        if entry.attempts >= self.retry.max_attempts {
            self.give_up(id, &entry, "attempts_exhausted");
            return;
        }
        self.metrics.delivery_retries.inc();
        entry.due_at = self.clock.now() + self.retry.backoff(entry.attempts);
        if let Err(error) = self.queue.update(id, &entry) {
            tracing::error!(%error, "cannot reschedule a queued message");
        }
    }

    /// Removes an entry that will not be delivered; logged and audited without content.
    fn give_up(&self, id: u64, entry: &Entry, reason: &str) {
        tracing::error!(to = %entry.to, channel = ?entry.channel, reason, "delivery given up");
        self.remove(
            id,
            AuditEvent::DeliveryFailed {
                channel: entry.channel,
                to: entry.to.clone(),
                reason: reason.into(),
            },
        );
    }

    /// Removes an entry unsent; logged and audited without content.
    fn drop_entry(&self, id: u64, entry: &Entry, reason: &str) {
        tracing::warn!(to = %entry.to, channel = ?entry.channel, reason, "queued message dropped unsent");
        self.remove(
            id,
            AuditEvent::DeliveryDropped {
                channel: entry.channel,
                to: entry.to.clone(),
                reason: reason.into(),
            },
        );
    }

    /// Takes an entry out of the queue for good: counted as failed, audited with `event`.
    fn remove(&self, id: u64, event: AuditEvent) {
        self.metrics.deliveries_failed.inc();
        self.audit(event);
        if let Err(error) = self.queue.remove(id) {
            tracing::error!(%error, "cannot remove a message given up or dropped");
        }
    }

    fn audit(&self, event: AuditEvent) {
        audit_system(&self.store, self.clock.now(), event);
    }
}

#[cfg(test)]
mod tests {
    use super::Retry;

    #[test]
    fn backoff_doubles_with_jitter_and_caps() {
        let retry = Retry {
            initial_ms: 1000,
            max_ms: 60_000,
            max_attempts: 20,
        };
        for _ in 0..200 {
            assert!((500..=1000).contains(&retry.backoff(1)));
            assert!((2000..=4000).contains(&retry.backoff(3)));
            assert!((30_000..=60_000).contains(&retry.backoff(12)));
            assert!((30_000..=60_000).contains(&retry.backoff(u32::MAX)));
        }
    }
}

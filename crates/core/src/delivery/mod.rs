//! Sending codes and notices: e-mail over SMTP, SMS over HTTP, or both to an outbox folder.
//! Messages go through a persistent queue in the store (payloads encrypted, see [`queue`])
//! and are sent by a worker that retries transient failures with backoff and gives up
//! permanent ones at once ([`worker`], [`failure`]), so a slow or failing mail server never
//! holds up a reply in the chat and a restart loses nothing. SMS are limited by country
//! ([`countries`]) and by an hourly budget for the whole bot ([`budget`]).

mod budget;
mod countries;
mod failure;
mod file;
mod queue;
mod sms;
mod smtp;
mod worker;

use crate::audit::{AuditEvent, AuditRecord, Channel};
use crate::clock::{millis, Millis, SharedClock};
use crate::config::{Config, DeliveryKind, SmsDelivery};
use crate::crypto::Secret;
use crate::domain::{EmailAddress, PhoneNumber};
use crate::metrics::Metrics;
use crate::store::Store;
use budget::{SmsBudget, Take};
use failure::Failure;
use queue::Queue;
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use worker::{Health, Retry, Worker};

/// One message to deliver. Its text may carry a code, so `Debug` shows only the masked
/// recipient.
pub enum Outgoing {
    Email {
        to: EmailAddress,
        subject: String,
        body: SecretString,
    },
    Sms {
        to: PhoneNumber,
        text: SecretString,
    },
}

impl Outgoing {
    fn channel(&self) -> Channel {
        match self {
            Outgoing::Email { .. } => Channel::Email,
            Outgoing::Sms { .. } => Channel::Sms,
        }
    }

    fn masked_recipient(&self) -> String {
        match self {
            Outgoing::Email { to, .. } => to.masked(),
            Outgoing::Sms { to, .. } => to.masked(),
        }
    }
}

impl std::fmt::Debug for Outgoing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Outgoing::{:?}(to {})",
            self.channel(),
            self.masked_recipient()
        )
    }
}

pub(crate) enum Transport {
    Network {
        smtp: Box<smtp::Smtp>,
        sms: sms::SmsGateway,
    },
    File(file::Outbox),
}

impl Transport {
    async fn send(&self, message: &Outgoing) -> Result<(), Failure> {
        match (self, message) {
            (Transport::Network { smtp, .. }, Outgoing::Email { to, subject, body }) => {
                smtp.send(to, subject, body).await
            }
            (Transport::Network { sms, .. }, Outgoing::Sms { to, text }) => {
                sms.send(to, text).await
            }
            (Transport::File(outbox), message) => {
                outbox.write(message).await.map_err(Failure::Transient)
            }
        }
    }
}

/// The queue's sending end; cheap to clone. The worker stops when the last clone is gone.
#[derive(Clone)]
pub struct Deliveries {
    queue: Queue,
    wake: mpsc::UnboundedSender<()>,
    health: Arc<Health>,
    clock: SharedClock,
    code_ttl: Millis,
    notice_ttl: Millis,
    metrics: Arc<Metrics>,
    store: Store,
    sms: Arc<SmsDelivery>,
    sms_budget: Arc<SmsBudget>,
}

impl Deliveries {
    /// Builds the transport from the config (reading credentials from the environment)
    /// and starts the worker on the queue the store holds.
    pub fn start(
        config: &Config,
        store: Store,
        secret: &Secret,
        clock: SharedClock,
        metrics: Arc<Metrics>,
    ) -> anyhow::Result<Deliveries> {
        let delivery = &config.delivery;
        let transport = match delivery.kind {
            DeliveryKind::Network => Transport::Network {
                smtp: Box::new(smtp::Smtp::new(&delivery.email)?),
                sms: sms::SmsGateway::new(&delivery.sms)?,
            },
            DeliveryKind::File => Transport::File(file::Outbox::new(delivery.outbox.clone())),
        };
        let queue = Queue::new(store.clone(), secret);
        let health = Arc::new(Health::default());
        let retry = Retry {
            initial_ms: millis(delivery.retry_initial) as u64,
            max_ms: millis(delivery.retry_max) as u64,
            max_attempts: delivery.max_attempts,
        };
        let worker = Worker::new(
            queue.clone(),
            transport,
            store.clone(),
            clock.clone(),
            retry,
            health.clone(),
            metrics.clone(),
        );
        let (wake, woken) = mpsc::unbounded_channel();
        tokio::spawn(Arc::new(worker).run(woken));
        Ok(Deliveries {
            queue,
            wake,
            health,
            clock,
            code_ttl: millis(config.codes.ttl),
            notice_ttl: millis(delivery.notice_ttl),
            metrics,
            store,
            sms: Arc::new(delivery.sms.clone()),
            sms_budget: Arc::new(SmsBudget::new(delivery.sms.max_per_hour)),
        })
    }

    /// Queues a message that carries a code: dropped unsent once the code has expired.
    pub fn send(&self, message: Outgoing) {
        self.enqueue(message, self.code_ttl);
    }

    /// Queues a notice (no code in it): kept for `delivery.notice_ttl`.
    pub fn send_notice(&self, message: Outgoing) {
        self.enqueue(message, self.notice_ttl);
    }

    fn enqueue(&self, message: Outgoing, ttl: Millis) {
        let now = self.clock.now();
        if let Some(reason) = self.sms_refused(&message, now) {
            audit_system(
                &self.store,
                now,
                AuditEvent::DeliveryDropped {
                    channel: message.channel(),
                    to: message.masked_recipient(),
                    reason: reason.into(),
                },
            );
            return;
        }
        match self.queue.push(&message, now, now + ttl) {
            Ok(_) => {
                if self.wake.send(()).is_err() {
                    tracing::error!(
                        ?message,
                        "the delivery worker has stopped; message stays queued"
                    );
                }
            }
            Err(error) => tracing::error!(?message, %error, "cannot queue a message; dropped"),
        }
    }

    /// Why an SMS may not go: a country not in `allowed_country_codes` (the places where a
    /// number is typed refuse it first; this catches the rest, such as numbers set by an
    /// operator), or the hourly budget spent. None for an e-mail.
    fn sms_refused(&self, message: &Outgoing, now: Millis) -> Option<&'static str> {
        let Outgoing::Sms { to, .. } = message else {
            return None;
        };
        if !self.sms.serves(to) {
            tracing::warn!(?message, "SMS dropped unsent: its country is not allowed");
            return Some("country_not_allowed");
        }
        match self.sms_budget.take(now) {
            Take::Granted { recovered } => {
                if recovered {
                    tracing::info!("the hourly SMS budget has room again; SMS are sent");
                }
                None
            }
            Take::Refused { first } => {
                self.metrics.sms_budget_exhausted.inc();
                if first {
                    tracing::warn!(
                        max_per_hour = self.sms.max_per_hour,
                        "the hourly SMS budget is spent ([delivery.sms] max_per_hour): SMS are dropped unsent until it has room"
                    );
                }
                Some("sms_budget")
            }
        }
    }

    /// On shutdown: waits until nothing in the queue is due now (what is sending gets
    /// sent), at most `limit`. What waits for a retry stays queued for the next start.
    pub async fn drain(&self, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let now = self.clock.now();
            let due = match self.queue.entries() {
                Ok(entries) => entries
                    .iter()
                    .any(|(_, e)| e.due_at <= now && e.expires_at > now),
                Err(_) => false,
            };
            if !due {
                return true;
            }
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// How many queued messages failed at least once and wait for their next attempt
    /// (for `/metrics`: unlike the queue's length, it does not move when a code is
    /// queued, so it cannot tell a known identifier from an unknown one).
    pub fn retrying(&self) -> u64 {
        self.queue.entries().map_or(0, |entries| {
            entries.iter().filter(|(_, e)| e.attempts > 0).count() as u64
        })
    }

    /// True while the last attempt on the channel failed: codes sent now may arrive late.
    pub fn delayed(&self, channel: Channel) -> bool {
        self.health.delayed(channel)
    }
}

/// Writes an audit event of the delivery machinery (actor `system`, no chat, no account).
fn audit_system(store: &Store, at: Millis, event: AuditEvent) {
    let record = AuditRecord {
        at,
        actor: Some("system".into()),
        chat_id: None,
        account: None,
        event,
    };
    if let Err(error) = store.audit(record) {
        tracing::error!(%error, "could not audit a delivery event");
    }
}

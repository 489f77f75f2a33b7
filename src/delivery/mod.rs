//! Sending codes and notices: e-mail over SMTP, SMS over HTTP, or both to an outbox folder.
//! Messages are queued and sent by a worker that retries failures with backoff, so a slow
//! mail server never holds up a reply in the chat.

mod file;
mod sms;
mod smtp;

use crate::audit::{AuditEvent, AuditRecord, Channel};
use crate::clock::SharedClock;
use crate::config::{Delivery, DeliveryKind};
use crate::domain::{EmailAddress, PhoneNumber};
use crate::metrics::Metrics;
use crate::store::Store;
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

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

enum Transport {
    Network {
        smtp: Box<smtp::Smtp>,
        sms: sms::SmsGateway,
    },
    File(file::Outbox),
}

impl Transport {
    async fn send(&self, message: &Outgoing) -> anyhow::Result<()> {
        match (self, message) {
            (Transport::Network { smtp, .. }, Outgoing::Email { to, subject, body }) => {
                smtp.send(to, subject, body).await
            }
            (Transport::Network { sms, .. }, Outgoing::Sms { to, text }) => {
                sms.send(to, text).await
            }
            (Transport::File(outbox), message) => outbox.write(message).await,
        }
    }
}

/// The queue's sending end; cheap to clone.
#[derive(Clone)]
pub struct Deliveries {
    queue: mpsc::UnboundedSender<Outgoing>,
    metrics: Arc<Metrics>,
}

impl Deliveries {
    /// Builds the transport from the config (reading credentials from the environment)
    /// and starts the worker.
    pub fn start(
        config: &Delivery,
        store: Store,
        clock: SharedClock,
        metrics: Arc<Metrics>,
    ) -> anyhow::Result<Deliveries> {
        let transport = match config.kind {
            DeliveryKind::Network => Transport::Network {
                smtp: Box::new(smtp::Smtp::new(&config.email)?),
                sms: sms::SmsGateway::new(&config.sms)?,
            },
            DeliveryKind::File => Transport::File(file::Outbox::new(config.outbox.clone())),
        };
        let (queue, jobs) = mpsc::unbounded_channel();
        tokio::spawn(worker(
            jobs,
            Arc::new(transport),
            config.max_attempts,
            store,
            clock,
            metrics.clone(),
        ));
        Ok(Deliveries { queue, metrics })
    }

    /// Waits until every queued message was sent or given up, at most `limit`
    /// (on shutdown, so a code asked for just before still leaves).
    pub async fn drain(&self, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        while self.metrics.deliveries_in_flight() > 0 {
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        true
    }

    pub fn send(&self, message: Outgoing) {
        let description = format!("{message:?}");
        self.metrics.deliveries_queued.inc();
        if self.queue.send(message).is_err() {
            self.metrics.deliveries_failed.inc();
            tracing::error!(%description, "the delivery worker has stopped; message dropped");
        }
    }
}

async fn worker(
    mut jobs: mpsc::UnboundedReceiver<Outgoing>,
    transport: Arc<Transport>,
    max_attempts: u32,
    store: Store,
    clock: SharedClock,
    metrics: Arc<Metrics>,
) {
    while let Some(message) = jobs.recv().await {
        let transport = transport.clone();
        let store = store.clone();
        let clock = clock.clone();
        let metrics = metrics.clone();
        tokio::spawn(async move {
            let mut delay = Duration::from_secs(1);
            for attempt in 1..=max_attempts {
                match transport.send(&message).await {
                    Ok(()) => {
                        metrics.deliveries_sent.inc();
                        tracing::info!(to = %message.masked_recipient(), channel = ?message.channel(), "delivered");
                        return;
                    }
                    Err(error) => {
                        tracing::warn!(to = %message.masked_recipient(), attempt, error = %format!("{error:#}"), "delivery failed");
                        if attempt < max_attempts {
                            metrics.delivery_retries.inc();
                            tokio::time::sleep(delay).await;
                            delay = (delay * 2).min(Duration::from_secs(60));
                        }
                    }
                }
            }
            metrics.deliveries_failed.inc();
            tracing::error!(to = %message.masked_recipient(), "delivery given up");
            let record = AuditRecord {
                at: clock.now(),
                actor: Some("system".into()),
                chat_id: None,
                account: None,
                event: AuditEvent::DeliveryFailed {
                    channel: message.channel(),
                    to: message.masked_recipient(),
                },
            };
            if let Err(e) = store.audit(record) {
                tracing::error!(error = %e, "could not audit a failed delivery");
            }
        });
    }
}

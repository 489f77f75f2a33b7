//! Counters for `/metrics` (Prometheus text format). Plain atomics, shared through
//! [`crate::recovery::Services`]; each is bumped by a one-liner where the thing happens.
//! Only totals live here: no account, chat, identifier or code ever does.

use crate::audit::AuditEvent;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

tokio::task_local! {
    /// The bot's metrics while one of its handlers runs (set by [`crate::app`]), so helpers
    /// that see only the `Bot`, like the reply helpers, can count too.
    static IN_HANDLER: std::sync::Arc<Metrics>;
}

/// Runs a handler with `metrics` reachable through [`count`].
pub async fn scope<F: std::future::Future>(metrics: std::sync::Arc<Metrics>, f: F) -> F::Output {
    IN_HANDLER.scope(metrics, f).await
}

/// Bumps a counter of the bot whose handler is running (nothing outside a handler).
pub fn count(counter: fn(&Metrics) -> &Counter) {
    let _ = IN_HANDLER.try_with(|m| counter(m).inc());
}

#[derive(Debug, Default)]
pub struct Counter(AtomicU64);

impl Counter {
    pub fn inc(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }

    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

macro_rules! counters {
    ($($field:ident: $help:literal,)*) => {
        /// Every counter the bot exports, each named `recovery_bot_<field>_total`.
        #[derive(Debug)]
        pub struct Metrics {
            started: Instant,
            $(#[doc = $help] pub $field: Counter,)*
        }

        impl Metrics {
            pub fn new() -> Metrics {
                Metrics { started: Instant::now(), $($field: Counter::default(),)* }
            }

            /// (name, help, value) of every counter, in a fixed order.
            pub fn counters(&self) -> Vec<(&'static str, &'static str, u64)> {
                vec![$((stringify!($field), $help, self.$field.get()),)*]
            }
        }
    };
}

counters! {
    updates: "Updates received from Telegram (polling or webhook).",
    updates_dropped: "Updates dropped unhandled: their user was over the inbound limit, or their chat's queue was full.",
    webhook_refused: "Webhook requests refused for a missing or wrong secret token.",
    webhook_deferred: "Webhook updates answered 503 because the inbox was full (Telegram sends them again).",
    replies: "Messages the bot sent to users' chats through the reply helpers.",
    errors: "Handlers that failed with an error (logged).",
    deliveries_sent: "E-mails and SMS the mail server or SMS gateway accepted.",
    delivery_retries: "Delivery attempts that failed and were retried.",
    deliveries_failed: "E-mails and SMS given up (refused for good, or every attempt failed) or dropped unsent.",
    sms_budget_exhausted: "SMS dropped unsent because the hourly SMS budget was spent.",
    code_requests: "One-time codes asked for (a reset, a sign-in, a new contact), whether or not an account uses the identifier.",
    codes_accepted: "Correct one-time codes entered.",
    codes_rejected: "Wrong, expired or void one-time codes entered, or entered while locked.",
    lockouts: "Recoveries locked after too many wrong codes.",
    password_resets: "Passwords changed through the bot (reset or settings).",
    sign_ins: "Settings sign-ins completed (password and step-up code).",
    sign_in_failures: "Settings sign-ins with a wrong password or an unknown identifier.",
    sign_in_lockouts: "Settings sign-ins locked after too many wrong passwords.",
    settings_changed: "Settings changed from /settings (applied or sent for approval).",
    tickets_opened: "Support tickets opened.",
    changes_requested: "Change requests stored for approval.",
    changes_decided: "Change requests approved or denied.",
    storage_errors: "Storage errors reported to a user as \"try again later\".",
    audit_write_errors: "Audit events that could not be written to the store.",
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// Counts what the audit log records, so the two never disagree.
    pub fn observe(&self, event: &AuditEvent) {
        let counter = match event {
            AuditEvent::CodeRequested { .. } => &self.code_requests,
            AuditEvent::CodeAccepted { .. } => &self.codes_accepted,
            AuditEvent::CodeRejected { .. } => &self.codes_rejected,
            AuditEvent::RecoveryLocked { .. } => &self.lockouts,
            AuditEvent::PasswordChanged { .. } => &self.password_resets,
            AuditEvent::SignedIn => &self.sign_ins,
            AuditEvent::SignInFailed { .. } => &self.sign_in_failures,
            AuditEvent::SignInLocked { .. } => &self.sign_in_lockouts,
            AuditEvent::SettingChanged { .. } => &self.settings_changed,
            AuditEvent::TicketOpened { .. } => &self.tickets_opened,
            AuditEvent::ChangeDecided { .. } => &self.changes_decided,
            AuditEvent::StorageError { .. } => &self.storage_errors,
            _ => return,
        };
        counter.inc();
    }

    /// The Prometheus text exposition (version 0.0.4), with the figures kept elsewhere.
    pub fn render(&self, elsewhere: &Readings) -> String {
        let mut out = String::new();
        let hashes = (
            "password_hashes",
            "argon2id computations finished (hashes and verifications).",
            elsewhere.password_hashes,
        );
        for (name, help, value) in self.counters().into_iter().chain([hashes]) {
            let _ = writeln!(out, "# HELP recovery_bot_{name}_total {help}");
            let _ = writeln!(out, "# TYPE recovery_bot_{name}_total counter");
            let _ = writeln!(out, "recovery_bot_{name}_total {value}");
        }
        let mut gauge = |name: &str, help: &str, value: String| {
            let _ = writeln!(out, "# HELP recovery_bot_{name} {help}");
            let _ = writeln!(out, "# TYPE recovery_bot_{name} gauge");
            let _ = writeln!(out, "recovery_bot_{name} {value}");
        };
        gauge(
            "deliveries_retrying",
            "E-mails and SMS that failed at least once and wait for their next attempt.",
            elsewhere.deliveries_retrying.to_string(),
        );
        gauge(
            "uptime_seconds",
            "Seconds since the bot started.",
            format!("{:.3}", self.started.elapsed().as_secs_f64()),
        );
        if let Some(bytes) = elsewhere.store_bytes {
            gauge(
                "store_bytes",
                "Size of the sled directory on disk.",
                bytes.to_string(),
            );
        }
        out
    }
}

/// What `/metrics` shows besides the counters, read when it is asked for.
pub struct Readings {
    /// The hashing threads' finished argon2id computations.
    pub password_hashes: u64,
    /// The size of the store on disk, when it could be read.
    pub store_bytes: Option<u64>,
    /// Deliveries waiting for a retry.
    pub deliveries_retrying: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_counter_with_help_and_type() {
        let m = Metrics::new();
        m.updates.inc();
        m.updates.inc();
        let text = m.render(&Readings {
            password_hashes: 7,
            store_bytes: Some(42),
            deliveries_retrying: 1,
        });
        assert!(text.contains("recovery_bot_updates_total 2\n"), "{text}");
        assert!(
            text.contains("recovery_bot_password_hashes_total 7\n"),
            "{text}"
        );
        assert!(text.contains("# TYPE recovery_bot_lockouts_total counter\n"));
        assert!(text.contains("recovery_bot_deliveries_retrying 1\n"));
        assert!(text.contains("recovery_bot_store_bytes 42\n"));
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let (name, value) = line.split_once(' ').expect("name value");
            assert!(name.starts_with("recovery_bot_"), "{line}");
            assert!(value.parse::<f64>().is_ok(), "{line}");
        }
    }

    #[test]
    fn audit_events_count_once() {
        let m = Metrics::new();
        m.observe(&AuditEvent::TicketOpened { ticket: 1 });
        m.observe(&AuditEvent::AccountUnlocked { by: "cli".into() });
        assert_eq!(m.tickets_opened.get(), 1);
        assert_eq!(m.counters().iter().map(|c| c.2).sum::<u64>(), 1);
    }
}

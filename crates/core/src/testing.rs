//! [`Services`] for the core's own unit tests: a temporary store, deliveries written to a
//! temporary outbox, cheap argon2 parameters and a [`ManualClock`] the test moves.

use crate::audit::AuditEvent;
use crate::clock::ManualClock;
use crate::config::{Config, DeliveryKind};
use crate::crypto::Secret;
use crate::domain::{EmailAddress, OneTimeCode, PhoneNumber};
use crate::hashing::hash_blocking;
use crate::recovery::Services;
use crate::store::accounts::Account;
use secrecy::SecretString;
use std::sync::Arc;

/// The services, their clock, and the directory their store lives in.
pub(crate) struct Fixture {
    pub svc: Services,
    pub clock: Arc<ManualClock>,
    _dir: tempfile::TempDir,
}

/// Fresh services on the default config (the delivery worker needs a Tokio runtime).
pub(crate) fn services() -> Fixture {
    services_with(|_| {})
}

/// Fresh services on the default config as `edit` changes it.
pub(crate) fn services_with(edit: impl FnOnce(&mut Config)) -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config::default();
    config.security.argon2_memory_kib = 64;
    config.security.argon2_iterations = 1;
    config.delivery.kind = DeliveryKind::File;
    config.delivery.outbox = dir.path().join("outbox");
    config.security.hashing_concurrency = 1;
    config.store.path = dir.path().join("store");
    config.store.cache_capacity_mib = 1;
    edit(&mut config);
    let clock = ManualClock::new();
    let svc = Services::open(config, Secret::random(), clock.clone())
        .expect("services")
        .with_random(crate::random::Seeded::new(7));
    Fixture {
        svc,
        clock,
        _dir: dir,
    }
}

impl Fixture {
    /// Stores an account `id` with the e-mail address `email`.
    pub fn account(&self, id: &str, email: &str) -> Account {
        let email = EmailAddress::parse(email).expect("e-mail address");
        let account = Account::new(
            id.into(),
            Some(email),
            None,
            "Alice Example".into(),
            self.svc.clock.now(),
        );
        self.svc.store.insert_account(&account).expect("account");
        account
    }

    /// Stores an account `id` with the e-mail address `email`, the phone number `phone`
    /// and the password `password`.
    pub fn account_with(&self, id: &str, email: &str, phone: &str, password: &str) -> Account {
        let mut account = Account::new(
            id.into(),
            Some(EmailAddress::parse(email).expect("e-mail address")),
            Some(PhoneNumber::parse(phone).expect("phone number")),
            "Alice Example".into(),
            self.svc.clock.now(),
        );
        let params = self.svc.config.security.argon2_params().expect("params");
        let hash = hash_blocking(&params, &SecretString::from(password)).expect("hash");
        account.password_hash = Some(hash);
        self.svc.store.insert_account(&account).expect("account");
        account
    }

    /// The messages written to the outbox so far, oldest first: (recipient, text).
    pub fn outbox(&self) -> Vec<(String, String)> {
        let Ok(dir) = std::fs::read_dir(&self.svc.config.delivery.outbox) else {
            return Vec::new();
        };
        let mut paths: Vec<_> = dir.map(|e| e.expect("outbox entry").path()).collect();
        paths.sort();
        paths
            .iter()
            .filter_map(|path| {
                let text = std::fs::read_to_string(path).ok()?;
                // A message being written is not there yet.
                let (head, _) = text.split_once("\n\n").filter(|_| text.ends_with('\n'))?;
                let to = head.lines().next()?.trim_start_matches("To: ").to_string();
                Some((to, text))
            })
            .collect()
    }

    /// Waits (at most a minute: the worker writes in the background) until the outbox
    /// holds `count` messages, and returns them.
    pub async fn delivered(&self, count: usize) -> Vec<(String, String)> {
        for _ in 0..6000 {
            let messages = self.outbox();
            if messages.len() >= count {
                return messages;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!(
            "the outbox holds {} messages, not {count}",
            self.outbox().len()
        );
    }

    /// The code in the `nth` message (0 = the first) to `to`, once it is delivered.
    pub async fn code_to(&self, to: &str, nth: usize) -> OneTimeCode {
        for _ in 0..6000 {
            let mut texts: Vec<String> = (self.outbox().into_iter())
                .filter(|(recipient, _)| recipient == to)
                .map(|(_, text)| text)
                .collect();
            if texts.len() > nth {
                let text = texts.swap_remove(nth);
                let body: Vec<char> = text
                    .split_once("\n\n")
                    .map_or("", |p| p.1)
                    .chars()
                    .collect();
                let code = (body.windows(6))
                    .find(|w| w.iter().all(char::is_ascii_digit))
                    .map(|w| w.iter().collect::<String>())
                    .expect("a code in the message");
                return OneTimeCode::parse(&code).expect("code");
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("no message {nth} to {to} in the outbox");
    }

    /// Every audited event so far, oldest first.
    pub fn events(&self) -> Vec<AuditEvent> {
        let log = self.svc.store.audit_log(None).expect("audit log");
        log.into_iter().map(|r| r.event).collect()
    }
}

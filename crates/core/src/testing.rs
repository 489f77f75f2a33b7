//! [`Services`] for the core's own unit tests: a temporary store, deliveries written to a
//! temporary outbox, cheap argon2 parameters and a [`ManualClock`] the test moves.

use crate::audit::AuditEvent;
use crate::clock::ManualClock;
use crate::config::{Config, DeliveryKind};
use crate::crypto::Secret;
use crate::delivery::Deliveries;
use crate::domain::EmailAddress;
use crate::hashing::PasswordHashing;
use crate::i18n::I18n;
use crate::metrics::Metrics;
use crate::recovery::Services;
use crate::store::accounts::Account;
use crate::store::Store;
use std::sync::Arc;

/// The services, their clock, and the directory their store lives in.
pub(crate) struct Fixture {
    pub svc: Services,
    pub clock: Arc<ManualClock>,
    _dir: tempfile::TempDir,
}

/// Fresh services on the default config (the delivery worker needs a Tokio runtime).
pub(crate) fn services() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config::default();
    config.security.argon2_memory_kib = 64;
    config.security.argon2_iterations = 1;
    config.delivery.kind = DeliveryKind::File;
    config.delivery.outbox = dir.path().join("outbox");
    let store = Store::open(&dir.path().join("store"), 1).expect("store");
    let clock = ManualClock::new();
    let secret = Secret::random();
    let metrics = Arc::new(Metrics::new());
    let params = config.security.argon2_params().expect("argon2 parameters");
    let deliveries = Deliveries::start(
        &config,
        store.clone(),
        &secret,
        clock.clone(),
        metrics.clone(),
    )
    .expect("deliveries");
    let svc = Services {
        i18n: I18n::new(&config.locales.default).expect("locales"),
        config: Arc::new(config),
        store,
        secret,
        hashing: PasswordHashing::new(params, 1).expect("hashing"),
        deliveries,
        clock: clock.clone(),
        changes_waker: Arc::new(tokio::sync::Notify::new()),
        metrics,
    };
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

    /// Every audited event so far, oldest first.
    pub fn events(&self) -> Vec<AuditEvent> {
        let log = self.svc.store.audit_log(None).expect("audit log");
        log.into_iter().map(|r| r.event).collect()
    }
}

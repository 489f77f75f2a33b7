//! Building the services from the configuration (the store opened, the hashing pool and
//! the delivery worker started, the locales loaded), and the parts the bot's crate may
//! read: the fields themselves stay private to the core.

use super::Services;
use crate::clock::SharedClock;
use crate::config::Config;
use crate::crypto::Secret;
use crate::delivery::Deliveries;
use crate::hashing::PasswordHashing;
use crate::i18n::I18n;
use crate::metrics::Metrics;
use crate::store::Store;
use fluent_bundle::FluentValue;
use std::sync::Arc;

impl Services {
    /// Opens `[store] path` (one process at a time) and starts what the flows need. The
    /// delivery worker is spawned, so this runs inside a Tokio runtime.
    pub fn open(config: Config, secret: Secret, clock: SharedClock) -> anyhow::Result<Services> {
        let store = Store::open(&config.store.path, config.store.cache_capacity_mib)?;
        let security = &config.security;
        let hashing = PasswordHashing::new(security.argon2_params()?, security.hashing_threads())?;
        let i18n = I18n::new(&config.locales.default)?;
        let metrics = Arc::new(Metrics::new());
        let deliveries = Deliveries::start(
            &config,
            store.clone(),
            &secret,
            clock.clone(),
            metrics.clone(),
        )?;
        Ok(Services {
            config: Arc::new(config),
            store,
            secret,
            hashing,
            deliveries,
            clock,
            i18n,
            changes_waker: Arc::new(tokio::sync::Notify::new()),
            metrics,
            username: Arc::default(),
            random: Arc::new(crate::random::OsRandom),
        })
    }

    /// The same services drawing codes and ids from `random` (tests pass a seeded one).
    pub fn with_random(mut self, random: crate::random::SharedRandom) -> Services {
        self.random = random;
        self
    }

    /// The bot's username as Telegram knows it, so that e-mails and SMS name the one
    /// chat to use (`@name`) and a look-alike bot stands out. Set once, before serving.
    pub fn introduce(&self, username: &str) {
        if self.username.set(username.to_string()).is_err() {
            tracing::debug!("the bot's username was known already");
        }
    }

    /// Who writes an e-mail or SMS: the service and the bot (`@name`), as message
    /// arguments. Before `introduce` the bot is "@?" (nothing is delivered then).
    pub(crate) fn sender_args(&self) -> [(&'static str, FluentValue<'static>); 2] {
        let name = self.username.get().map_or("?", String::as_str);
        [
            (
                "service",
                FluentValue::from(self.config.service.name.clone()),
            ),
            ("bot", FluentValue::from(format!("@{name}"))),
        ]
    }

    /// The configuration the services run on.
    pub fn config(&self) -> &Arc<Config> {
        &self.config
    }

    /// The bot's store, for what only the transport keeps (dialogue states, the staff
    /// chat's topics and message ids), the operator API and the tests' inspections.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The instance secret (webhook inbox, API token check).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The argon2 pool, for its counters.
    pub fn hashing(&self) -> &PasswordHashing {
        &self.hashing
    }

    /// The delivery queue, to drain it at shutdown and read its health.
    pub fn deliveries(&self) -> &Deliveries {
        &self.deliveries
    }

    pub fn clock(&self) -> &SharedClock {
        &self.clock
    }

    pub fn i18n(&self) -> &Arc<I18n> {
        &self.i18n
    }

    /// Woken when a change request is stored, so the bot pushes it at once.
    pub fn changes_waker(&self) -> &tokio::sync::Notify {
        &self.changes_waker
    }

    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }
}

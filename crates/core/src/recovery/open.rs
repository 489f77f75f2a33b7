//! Building the services from the configuration: the store opened, the hashing pool and
//! the delivery worker started, the locales loaded.

use super::Services;
use crate::clock::SharedClock;
use crate::config::Config;
use crate::crypto::Secret;
use crate::delivery::Deliveries;
use crate::hashing::PasswordHashing;
use crate::i18n::I18n;
use crate::metrics::Metrics;
use crate::store::Store;
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
        })
    }
}

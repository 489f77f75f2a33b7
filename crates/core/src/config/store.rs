//! `[store]`: the sled directory and its maintenance.

use super::Problems;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreConfig {
    pub path: PathBuf,
    pub cache_capacity_mib: u64,
    /// Decided and expired change requests are deleted this many days after the decision
    /// or expiry. The audit log is never pruned.
    #[serde(rename = "retention_days", with = "super::duration::days")]
    pub retention: Duration,
    /// How often maintenance removes what no rule needs any more.
    #[serde(rename = "maintenance_every_secs", with = "super::duration::secs")]
    pub maintenance_every: Duration,
    /// Records maintenance reads from each tree in one run; a run that stops on this
    /// bound is followed by the next a second later.
    pub maintenance_batch: usize,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            path: "data/recovery-bot.sled".into(),
            cache_capacity_mib: 64,
            retention: Duration::from_hours(30 * 24),
            maintenance_every: Duration::from_secs(300),
            maintenance_batch: 1000,
        }
    }
}

impl StoreConfig {
    pub(super) fn validate(&self, p: &mut Problems) {
        p.need(
            !self.retention.is_zero() && !self.maintenance_every.is_zero() && self.maintenance_batch > 0,
            || "store.retention_days, store.maintenance_every_secs and store.maintenance_batch must be above 0".into(),
        );
    }
}

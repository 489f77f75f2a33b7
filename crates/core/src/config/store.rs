//! `[store]`: the sled directory and its maintenance.

use super::Problems;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreConfig {
    pub path: PathBuf,
    pub cache_capacity_mib: u64,
    /// Decided and expired change requests are deleted this many days after the decision
    /// or expiry. The audit log is never pruned.
    pub retention_days: u64,
    /// How often maintenance removes what no rule needs any more.
    pub maintenance_every_secs: u64,
    /// Records maintenance reads from each tree in one run; a run that stops on this
    /// bound is followed by the next a second later.
    pub maintenance_batch: usize,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            path: "data/recovery-bot.sled".into(),
            cache_capacity_mib: 64,
            retention_days: 30,
            maintenance_every_secs: 300,
            maintenance_batch: 1000,
        }
    }
}

impl StoreConfig {
    pub(super) fn validate(&self, p: &mut Problems) {
        p.need(
            self.retention_days > 0 && self.maintenance_every_secs > 0 && self.maintenance_batch > 0,
            || "store.retention_days, store.maintenance_every_secs and store.maintenance_batch must be above 0".into(),
        );
    }
}

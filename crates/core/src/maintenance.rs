//! The store's maintenance: every `[store] maintenance_every_secs` it removes what no
//! rule needs any more ([`crate::store::prune`]): change requests decided or expired
//! more than `retention_days` ago, and code, failure and sign-in records whose rules are
//! over. Each run reads at most `maintenance_batch` records of each tree; a run that
//! stopped on that bound is followed by the next a second later, until the trees are
//! swept. Time comes from the clock passed in; what was removed is logged as totals only.
//! The audit log is never pruned.

use crate::clock::{millis, Millis, SharedClock};
use crate::config::Config;
use crate::store::prune::Sweeps;
use crate::store::signin::SignInRules;
use crate::store::{Store, StoreError};
use std::time::Duration;

/// What one run removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    pub changes: usize,
    pub codes: usize,
    pub failures: usize,
    pub signin: usize,
    /// The run stopped on its bound: there may be more to remove.
    pub unfinished: bool,
}

impl Pruned {
    pub fn total(&self) -> usize {
        self.changes + self.codes + self.failures + self.signin
    }
}

/// One run at `now`, going on from where `sweeps` stopped.
pub fn run_once(
    store: &Store,
    config: &Config,
    now: Millis,
    sweeps: &mut Sweeps,
) -> Result<Pruned, StoreError> {
    let batch = config.store.maintenance_batch;
    let retention = millis(config.store.retention);
    let changes = store.prune_changes(now.saturating_sub(retention), batch)?;
    let codes = store.sweep_codes(sweeps, now, batch)?;
    let failures = store.sweep_failures(sweeps, now, batch, &config.codes)?;
    let signin = store.sweep_signin(sweeps, now, batch, &SignInRules::of(&config.security))?;
    Ok(Pruned {
        changes,
        codes: codes.removed,
        failures: failures.removed,
        signin: signin.removed,
        unfinished: changes == batch || !(codes.finished && failures.finished && signin.finished),
    })
}

/// Runs maintenance until the task is aborted (when the bot stops).
pub async fn run(store: Store, config: std::sync::Arc<Config>, clock: SharedClock) {
    let every = config.store.maintenance_every;
    let mut sweeps = Sweeps::default();
    loop {
        let pause = match run_once(&store, &config, clock.now(), &mut sweeps) {
            Ok(pruned) => {
                if pruned.total() > 0 {
                    tracing::info!(
                        changes = pruned.changes,
                        codes = pruned.codes,
                        failures = pruned.failures,
                        signin = pruned.signin,
                        "store maintenance removed records no rule needs any more"
                    );
                }
                if pruned.unfinished {
                    Duration::from_secs(1)
                } else {
                    every
                }
            }
            Err(error) => {
                tracing::error!(%error, "store maintenance failed");
                every
            }
        };
        tokio::time::sleep(pause).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::secs;
    use crate::store::changes::{tests::pending, ChangeStatus};
    use crate::store::tests::temp_store;

    #[test]
    fn a_run_prunes_after_the_retention_and_says_when_it_stopped_on_its_bound() {
        let (_dir, store) = temp_store();
        let mut config = Config::default();
        config.store.retention = Duration::from_hours(48);
        config.store.maintenance_batch = 2;
        let t = 100_000_000;
        for i in 0..3 {
            let change = pending(&format!("{i:016}"), "alice", t, t + secs(900));
            store.insert_change(&change).expect("insert");
            store
                .decide_change(&change.id, ChangeStatus::Denied, 1, t)
                .expect("decide");
        }
        store
            .issue_code("nobody@example.com", "ab".repeat(32), t, &config.codes)
            .expect("code");
        let mut sweeps = Sweeps::default();
        let day = secs(86_400);
        let kept = run_once(&store, &config, t + 2 * day - 1, &mut sweeps).expect("run");
        assert_eq!((kept.changes, kept.codes), (0, 1));
        assert!(!kept.unfinished);
        let first = run_once(&store, &config, t + 2 * day + 1, &mut sweeps).expect("run");
        assert_eq!((first.changes, first.unfinished), (2, true));
        let second = run_once(&store, &config, t + 2 * day + 1, &mut sweeps).expect("run");
        assert_eq!((second.changes, second.unfinished), (1, false));
        assert_eq!(store.change_count(), 0);
    }
}

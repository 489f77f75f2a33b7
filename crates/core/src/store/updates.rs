//! Telegram update ids the bot has taken in. After a crash, polling fetches again the
//! updates whose offset was not yet confirmed; this record lets the bot skip them.
//!
//! Only a window of ids around the newest is kept: what comes back after a crash is at
//! most the last batch or two. Telegram's ids grow by one, except after a week without
//! updates, when the next one is random; the window follows the newest id either way.

use super::{Store, StoreError};

/// Ids further than this from the newest one are forgotten.
const WINDOW: u32 = 10_000;
/// Forgetting runs on every this many-th id.
const PRUNE_EVERY: u32 = 256;

impl Store {
    /// Records update `id` as taken in. False if it was already: a repeat to skip.
    pub fn first_time_update(&self, id: u32) -> Result<bool, StoreError> {
        let key = id.to_be_bytes();
        let fresh = self
            .seen_updates
            .compare_and_swap(key, None as Option<&[u8]>, Some(&[] as &[u8]))?
            .is_ok();
        if fresh && id.is_multiple_of(PRUNE_EVERY) {
            self.forget_updates_around(id)?;
        }
        Ok(fresh)
    }

    fn forget_updates_around(&self, id: u32) -> Result<(), StoreError> {
        let low = id.saturating_sub(WINDOW).to_be_bytes();
        let high = id.saturating_add(WINDOW).to_be_bytes();
        let outside = self
            .seen_updates
            .range(..low)
            .keys()
            .chain(self.seen_updates.range(high..).keys());
        for key in outside {
            self.seen_updates.remove(key?)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_is_taken_once_and_old_ids_are_forgotten() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("s"), 8).expect("store");
        assert!(store.first_time_update(5).expect("first"));
        assert!(!store.first_time_update(5).expect("repeat"));
        assert!(store.first_time_update(6).expect("next"));
        // A jump far ahead (Telegram picks a random id after a quiet week).
        let far = (2 * WINDOW / PRUNE_EVERY + 1) * PRUNE_EVERY;
        assert!(store.first_time_update(far).expect("far"));
        assert_eq!(store.seen_updates.len(), 1);
        assert!(!store.first_time_update(far).expect("far again"));
        // Back below: random again, so a low id is new once more.
        assert!(store.first_time_update(PRUNE_EVERY).expect("low"));
        assert_eq!(store.seen_updates.len(), 1);
    }
}

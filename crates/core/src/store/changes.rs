//! Pending changes to an account that its holder must approve or deny from a linked chat.
//!
//! ```text
//!   Pending ──approve (linked chat, before expiry)──► Approved
//!      │  └──deny ───────────────────────────────────► Denied
//!      └─────expires_at passes────────────────────────► Expired
//! ```
//! A decision is a compare-and-swap from Pending: it takes effect at most once. Every
//! write keeps the indexes in step ([`super::change_index`]).

use super::{get_json, Store, StoreError};
use crate::clock::Millis;

pub use crate::records::change::{ChangeField, ChangeRequest, ChangeStatus};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecideOutcome {
    Decided,
    AlreadyHandled(ChangeStatus),
    Expired,
    Unknown,
}

/// A request was not stored: the account has as many waiting as allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooManyPending {
    pub limit: usize,
    /// When the first of the waiting requests expires (then one more may be asked for).
    pub next_expiry: Option<Millis>,
}

impl Store {
    pub fn insert_change(&self, change: &ChangeRequest) -> Result<(), StoreError> {
        let change = change.clone();
        self.update_change(&change.id.clone(), |_| (Some(change.clone()), ()))
    }

    /// Stores a new request unless its account has `limit` requests waiting already.
    /// Counting and storing are one step: two requests at once cannot both take the
    /// last place (the store is opened by one process at a time).
    pub fn insert_change_within(
        &self,
        change: &ChangeRequest,
        limit: usize,
        now: Millis,
    ) -> Result<Result<(), TooManyPending>, StoreError> {
        let _one_at_a_time = self
            .admission
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let pending = self.pending_count(&change.account_id, now)?;
        if pending.count >= limit {
            let next_expiry = pending.next_expiry;
            return Ok(Err(TooManyPending { limit, next_expiry }));
        }
        self.insert_change(change)?;
        Ok(Ok(()))
    }

    pub fn change(&self, id: &str) -> Result<Option<ChangeRequest>, StoreError> {
        get_json(&self.changes, id.as_bytes())
    }

    /// How many requests are stored, pending or not.
    pub fn change_count(&self) -> usize {
        self.changes.len()
    }

    /// Every stored request (the operator's `changes list`; the bot reads the indexes).
    pub fn changes(&self) -> Result<Vec<ChangeRequest>, StoreError> {
        self.changes
            .iter()
            .values()
            .map(|v| Ok(serde_json::from_slice(&v?)?))
            .collect()
    }

    /// Moves a pending change to `status` if it is still pending and not expired.
    pub fn decide_change(
        &self,
        id: &str,
        status: ChangeStatus,
        chat_id: i64,
        now: Millis,
    ) -> Result<DecideOutcome, StoreError> {
        self.update_change(id, |current: Option<ChangeRequest>| match current {
            None => (None, DecideOutcome::Unknown),
            Some(change) if change.status != ChangeStatus::Pending => {
                let status = change.status;
                (Some(change), DecideOutcome::AlreadyHandled(status))
            }
            Some(mut change) if now >= change.expires_at => {
                change.status = ChangeStatus::Expired;
                change.decided_at = Some(now);
                (Some(change), DecideOutcome::Expired)
            }
            Some(mut change) => {
                change.status = status;
                change.decided_at = Some(now);
                change.decided_by_chat = Some(chat_id);
                (Some(change), DecideOutcome::Decided)
            }
        })
    }

    /// Marks a pending change expired if its time is up; true when it did.
    pub fn expire_change(&self, id: &str, now: Millis) -> Result<bool, StoreError> {
        self.update_change(id, |current: Option<ChangeRequest>| match current {
            Some(mut change)
                if change.status == ChangeStatus::Pending && now >= change.expires_at =>
            {
                change.status = ChangeStatus::Expired;
                change.decided_at = Some(now);
                (Some(change), true)
            }
            other => (other, false),
        })
    }

    /// Records copies of the request sent to chats, and that it was pushed.
    pub fn record_change_messages(&self, id: &str, sent: &[(i64, i32)]) -> Result<(), StoreError> {
        self.update_change(id, |current: Option<ChangeRequest>| match current {
            Some(mut change) => {
                change.messages.extend_from_slice(sent);
                change.pushed = true;
                (Some(change), ())
            }
            None => (None, ()),
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::tests::temp_store;

    /// A pending e-mail change for `account`, not yet pushed.
    pub(crate) fn pending(
        id: &str,
        account: &str,
        at: Millis,
        expires_at: Millis,
    ) -> ChangeRequest {
        ChangeRequest {
            id: id.into(),
            account_id: account.into(),
            field: ChangeField::Name,
            value: Some("Someone Else".into()),
            display: "Someone Else".into(),
            requested_by: "api".into(),
            reason: None,
            created_at: at,
            expires_at,
            status: ChangeStatus::Pending,
            decided_at: None,
            decided_by_chat: None,
            messages: Vec::new(),
            pushed: false,
        }
    }

    #[test]
    fn the_cap_counts_only_requests_still_waiting() {
        let (_dir, store) = temp_store();
        let t = 1_000_000;
        let ttl = 900_000;
        for i in 0..2 {
            let change = pending(&format!("{i:016}"), "alice", t, t + ttl + i);
            assert_eq!(
                store.insert_change_within(&change, 2, t).expect("store"),
                Ok(())
            );
        }
        let third = pending("2222222222222222", "alice", t, t + ttl);
        assert_eq!(
            store.insert_change_within(&third, 2, t).expect("store"),
            Err(TooManyPending {
                limit: 2,
                next_expiry: Some(t + ttl)
            })
        );
        assert!(store.change(&third.id).expect("read").is_none());
        // Another account has its own places.
        let bruno = pending("3333333333333333", "bruno", t, t + ttl);
        assert_eq!(
            store.insert_change_within(&bruno, 2, t).expect("store"),
            Ok(())
        );
        // A decision frees a place, and so does the first expiry.
        store
            .decide_change(&format!("{:016}", 1), ChangeStatus::Denied, 5, t + 1)
            .expect("decide");
        assert_eq!(
            store.insert_change_within(&third, 2, t + 1).expect("store"),
            Ok(())
        );
        let fourth = pending("4444444444444444", "alice", t, t + 2 * ttl);
        assert!(store
            .insert_change_within(&fourth, 2, t + 2)
            .expect("store")
            .is_err());
        assert_eq!(
            store
                .insert_change_within(&fourth, 2, t + ttl)
                .expect("store"),
            Ok(())
        );
    }
}

//! What the bot sends to linked chats, read from the change indexes however many requests
//! are stored: each new request once, to every chat linked to its account then (unless
//! it was decided or ran out meanwhile); every request still waiting again on /pending;
//! and the end of each request whose time ran out, so that its copies can say so. The
//! copies sent are recorded on the request, to be edited with its outcome.

use crate::clock::Millis;
use crate::recovery::ApprovalsFlow;
use crate::store::changes::{ChangeRequest, ChangeStatus};
use crate::store::StoreError;

/// A request to send, and the chats linked to its account.
#[derive(Debug, Clone)]
pub struct Push {
    pub change: ChangeRequest,
    pub chats: Vec<i64>,
}

impl<'a> ApprovalsFlow<'a> {
    /// Expires the pending requests whose time is up at `now`, one by one as the caller
    /// goes; yields each that this call expired (another may have decided it first).
    pub fn expire_due_changes(
        self,
        now: Millis,
    ) -> Result<impl Iterator<Item = Result<ChangeRequest, StoreError>> + 'a, StoreError> {
        let due = self.store.due_changes(now)?;
        Ok(due
            .into_iter()
            .filter_map(move |id| match self.store.expire_change(&id, now) {
                Ok(true) => self.store.change(&id).transpose(),
                Ok(false) => None,
                Err(error) => Some(Err(error)),
            }))
    }

    /// The requests not pushed yet that still wait at `now`, each read just before the
    /// caller sends it, so one decided meanwhile is skipped.
    pub fn changes_to_push(
        self,
        now: Millis,
    ) -> Result<impl Iterator<Item = Result<Push, StoreError>> + 'a, StoreError> {
        let unpushed = self.store.unpushed_changes()?;
        Ok(unpushed
            .into_iter()
            .filter_map(move |id| self.to_push(&id, now).transpose()))
    }

    fn to_push(self, id: &str, now: Millis) -> Result<Option<Push>, StoreError> {
        let Some(change) = self.store.change(id)? else {
            return Ok(None);
        };
        if change.status != ChangeStatus::Pending || now >= change.expires_at {
            return Ok(None);
        }
        let chats = self
            .store
            .account(&change.account_id)?
            .map(|a| a.linked_chats)
            .unwrap_or_default();
        Ok(Some(Push { change, chats }))
    }

    /// Records the copies of a request sent to chats (chat id, message id), and that it was
    /// pushed.
    pub fn record_pushed(self, change_id: &str, sent: &[(i64, i32)]) -> Result<(), StoreError> {
        self.store.record_change_messages(change_id, sent)
    }

    /// /pending in `chat`: the requests of the account it is linked to that still wait at
    /// `now`, the first to expire first; None when the chat is not linked.
    pub fn pending_for_chat(
        self,
        chat: i64,
        now: Millis,
    ) -> Result<Option<Vec<ChangeRequest>>, StoreError> {
        let Some(account) = self.store.linked_account(chat)? else {
            return Ok(None);
        };
        Ok(Some(self.store.pending_changes(&account, now)?))
    }
}

#[cfg(test)]
mod tests {
    use crate::clock::{secs, Clock};
    use crate::store::changes::tests::pending;
    use crate::store::changes::ChangeStatus;
    use crate::testing::services;
    use std::time::Duration;

    /// How many requests the pusher would send at `now`.
    fn to_push(f: &crate::testing::Fixture, now: crate::clock::Millis) -> usize {
        f.svc
            .approvals()
            .changes_to_push(now)
            .expect("read")
            .count()
    }

    const ID: &str = "00000000000000a1";

    #[tokio::test]
    async fn a_new_request_goes_once_to_the_chats_linked_then() {
        let f = services();
        let now = f.clock.now();
        f.account("alice", "alice@example.com");
        f.svc.approvals().link_chat(7, "alice").await.expect("link");
        f.svc.approvals().link_chat(8, "alice").await.expect("link");
        let change = pending(ID, "alice", now, now + secs(60));
        f.svc.store.insert_change(&change).expect("store");
        let pushes: Vec<_> = f
            .svc
            .approvals()
            .changes_to_push(now)
            .expect("read")
            .collect();
        let push = pushes.into_iter().next().expect("one push").expect("read");
        assert_eq!((push.change.id.as_str(), push.chats), (ID, vec![7, 8]));
        f.svc
            .approvals()
            .record_pushed(ID, &[(7, 70), (8, 80)])
            .expect("record");
        assert_eq!(to_push(&f, now), 0);
        let stored = f.svc.store.change(ID).expect("read").expect("stored");
        assert_eq!(stored.messages, vec![(7, 70), (8, 80)]);
    }

    #[tokio::test]
    async fn a_request_decided_or_run_out_before_its_push_is_not_sent() {
        let f = services();
        let now = f.clock.now();
        f.account("alice", "alice@example.com");
        let change = pending(ID, "alice", now, now + secs(60));
        f.svc.store.insert_change(&change).expect("store");
        let late = now + secs(60);
        assert_eq!(to_push(&f, late), 0);
        f.svc
            .store
            .decide_change(ID, ChangeStatus::Denied, 7, now)
            .expect("decide");
        assert_eq!(to_push(&f, now), 0);
    }

    #[tokio::test]
    async fn a_request_expires_once_when_its_time_is_up() {
        let f = services();
        let now = f.clock.now();
        f.account("alice", "alice@example.com");
        let change = pending(ID, "alice", now, now + secs(60));
        f.svc.store.insert_change(&change).expect("store");
        assert_eq!(
            f.svc
                .approvals()
                .expire_due_changes(now)
                .expect("read")
                .count(),
            0
        );
        f.clock.advance(Duration::from_secs(60));
        let at = f.clock.now();
        let expired: Vec<_> = f
            .svc
            .approvals()
            .expire_due_changes(at)
            .expect("read")
            .collect();
        assert_eq!(expired.len(), 1);
        let expired = expired.into_iter().next().expect("one").expect("read");
        assert_eq!(
            (expired.status, expired.decided_at),
            (ChangeStatus::Expired, Some(at))
        );
        assert_eq!(
            f.svc
                .approvals()
                .expire_due_changes(at)
                .expect("read")
                .count(),
            0
        );
    }

    #[tokio::test]
    async fn pending_lists_what_waits_for_the_linked_account_only() {
        let f = services();
        let now = f.clock.now();
        f.account("alice", "alice@example.com");
        assert!(f
            .svc
            .approvals()
            .pending_for_chat(7, now)
            .expect("read")
            .is_none());
        f.svc.approvals().link_chat(7, "alice").await.expect("link");
        let change = pending(ID, "alice", now, now + secs(60));
        f.svc.store.insert_change(&change).expect("store");
        let other = pending("00000000000000b2", "bruno", now, now + secs(60));
        f.svc.store.insert_change(&other).expect("store");
        let waiting = f
            .svc
            .approvals()
            .pending_for_chat(7, now)
            .expect("read")
            .expect("linked");
        let ids: Vec<_> = waiting.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, vec![ID]);
        let late = now + secs(60);
        let waiting = f
            .svc
            .approvals()
            .pending_for_chat(7, late)
            .expect("read")
            .expect("linked");
        assert!(waiting.is_empty());
    }
}

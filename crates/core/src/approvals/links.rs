//! Chats linked to an account: its change requests wait for Approve there. Linking is
//! offered after a reset (unless the chat is linked to that account already) and after a
//! settings sign-in (only while the account has no linked chat: with one, a change from
//! elsewhere needs its approval). A link is kept durably before it is confirmed; links
//! and unlinks are audited. Offers and confirmations name the account by its e-mail
//! address or phone number, masked.

use crate::audit::AuditEvent;
use crate::recovery::{Actor, ApprovalsFlow};
use crate::store::StoreError;

fn user(chat: i64) -> Actor {
    Actor {
        chat_id: Some(chat),
    }
}

impl ApprovalsFlow<'_> {
    /// The account's e-mail address, else its phone number, masked ("" without either).
    pub fn masked_contact(self, account_id: &str) -> String {
        let summary = self.settings().account_summary(account_id).ok().flatten();
        summary
            .and_then(|s| s.email.or(s.phone))
            .unwrap_or_default()
    }

    /// After a reset: the account to name in an offer to link `chat`, or None when the
    /// chat is linked to it already.
    pub fn link_offer_after_reset(
        self,
        chat: i64,
        account_id: &str,
    ) -> Result<Option<String>, StoreError> {
        if self.store.linked_account(chat)?.as_deref() == Some(account_id) {
            return Ok(None);
        }
        Ok(Some(self.masked_contact(account_id)))
    }

    /// After a settings sign-in: the account to name in an offer to link the chat, or None
    /// when the account has a linked chat already (or is gone).
    pub fn link_offer_after_sign_in(self, account_id: &str) -> Result<Option<String>, StoreError> {
        match self.store.account(account_id)? {
            Some(account) if account.linked_chats.is_empty() => {
                Ok(Some(self.masked_contact(account_id)))
            }
            _ => Ok(None),
        }
    }

    /// Links `chat` to the account, durably, and audits it; returns the account as the
    /// confirmation names it.
    pub async fn link_chat(self, chat: i64, account_id: &str) -> anyhow::Result<String> {
        self.store.link_chat(account_id, chat)?;
        self.store.flush().await?;
        self.audit(user(chat), Some(account_id), AuditEvent::ChatLinked);
        Ok(self.masked_contact(account_id))
    }

    /// The link offered after a settings sign-in: made only while the account has no
    /// linked chat (None when it has one, or is gone: nothing changed).
    pub async fn link_first_chat(
        self,
        chat: i64,
        account_id: &str,
    ) -> anyhow::Result<Option<String>> {
        if self.link_offer_after_sign_in(account_id)?.is_none() {
            return Ok(None);
        }
        Ok(Some(self.link_chat(chat, account_id).await?))
    }

    /// /unlink: the chat no longer approves anything; returns the account it was linked
    /// to as the confirmation names it, or None when it was not linked.
    pub fn unlink_chat(self, chat: i64) -> Result<Option<String>, StoreError> {
        let Some(account) = self.store.unlink_chat(chat)? else {
            return Ok(None);
        };
        self.audit(user(chat), Some(&account), AuditEvent::ChatUnlinked);
        Ok(Some(self.masked_contact(&account)))
    }
}

#[cfg(test)]
mod tests {
    use crate::audit::AuditEvent;
    use crate::testing::services;

    #[tokio::test]
    async fn a_link_is_kept_audited_and_named_by_the_masked_contact() {
        let f = services();
        f.account("alice", "alice@example.com");
        let named = f.svc.approvals().link_chat(7, "alice").await.expect("link");
        assert_eq!(named, "a***e@example.com");
        assert_eq!(
            f.svc.store.linked_account(7).expect("read").as_deref(),
            Some("alice")
        );
        assert!(f.events().contains(&AuditEvent::ChatLinked));
        assert_eq!(
            f.svc
                .approvals()
                .link_offer_after_reset(7, "alice")
                .expect("read"),
            None
        );
        assert_eq!(
            f.svc
                .approvals()
                .link_offer_after_reset(8, "alice")
                .expect("read")
                .as_deref(),
            Some("a***e@example.com")
        );
    }

    #[tokio::test]
    async fn after_sign_in_only_an_account_without_a_linked_chat_may_link() {
        let f = services();
        f.account("alice", "alice@example.com");
        assert!(f
            .svc
            .approvals()
            .link_offer_after_sign_in("alice")
            .expect("read")
            .is_some());
        assert!(f
            .svc
            .approvals()
            .link_first_chat(7, "alice")
            .await
            .expect("link")
            .is_some());
        assert_eq!(
            f.svc
                .approvals()
                .link_offer_after_sign_in("alice")
                .expect("read"),
            None
        );
        assert_eq!(
            f.svc
                .approvals()
                .link_first_chat(8, "alice")
                .await
                .expect("link"),
            None
        );
        assert_eq!(f.svc.store.linked_account(8).expect("read"), None);
        assert_eq!(
            f.svc
                .approvals()
                .link_offer_after_sign_in("nobody")
                .expect("read"),
            None
        );
    }

    #[tokio::test]
    async fn unlinking_ends_the_link_and_is_audited() {
        let f = services();
        f.account("alice", "alice@example.com");
        assert_eq!(f.svc.approvals().unlink_chat(7).expect("unlink"), None);
        f.svc.approvals().link_chat(7, "alice").await.expect("link");
        let named = f.svc.approvals().unlink_chat(7).expect("unlink");
        assert_eq!(named.as_deref(), Some("a***e@example.com"));
        assert_eq!(f.svc.store.linked_account(7).expect("read"), None);
        assert!(f.events().contains(&AuditEvent::ChatUnlinked));
    }
}

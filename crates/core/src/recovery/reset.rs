//! A reset's own rules: the code goes to the identifier typed, known or not, and a chat's
//! reset is remembered for support; a proven code opens a window of
//! `[security] reset_window_secs` to choose the new password.

use super::{Actor, CodePurpose, CodeRequest, CodeTarget, RecoveryFlow};
use crate::clock::{millis, Millis};
use crate::domain::Identifier;

impl RecoveryFlow<'_> {
    /// Sends a reset code to the identifier the user typed. The outcome, the work done and
    /// the time taken (padded) are the same whether or not an account uses the identifier.
    /// Afterwards, so that the padded reply tells nothing, a chat asking for a known
    /// account's code is remembered: a ticket it opens later shows agents the account.
    pub async fn request_code(
        self,
        identifier: &Identifier,
        lang: &str,
        actor: Actor,
    ) -> anyhow::Result<CodeRequest> {
        let account = self.store.find_account(identifier)?;
        let account_id = account.as_ref().map(|a| a.id.clone());
        let target = CodeTarget {
            purpose: CodePurpose::Reset,
            to: identifier,
            account,
        };
        let outcome = self.request_code_for(target, lang, actor).await?;
        if let (Some(chat), Some(account_id)) = (actor.chat_id, account_id) {
            self.store
                .remember_reset_account(chat, &account_id, self.clock.now())?;
        }
        Ok(outcome)
    }

    /// True while the window a code proven at `granted_at` opened is still open.
    pub fn reset_window_open(self, granted_at: Millis) -> bool {
        self.clock.now() - granted_at <= millis(self.config.security.reset_window)
    }
}

#[cfg(test)]
mod tests {
    use crate::clock::Clock;
    use crate::domain::Identifier;
    use crate::recovery::Actor;
    use crate::testing::services;
    use std::time::Duration;

    #[tokio::test]
    async fn the_window_closes_after_reset_window_secs() {
        let f = services();
        let granted_at = f.clock.now();
        let window = f.svc.config.security.reset_window;
        f.clock.advance(window);
        assert!(
            f.svc.recovery().reset_window_open(granted_at),
            "open to the end"
        );
        f.clock.advance(Duration::from_millis(1));
        assert!(!f.svc.recovery().reset_window_open(granted_at));
    }

    #[tokio::test]
    async fn a_chat_asking_for_a_known_accounts_code_is_remembered() {
        let f = services();
        f.account("alice", "alice@example.com");
        let since = f.clock.now();
        let actor = |chat| Actor {
            chat_id: Some(chat),
        };
        let known = Identifier::parse("alice@example.com").expect("identifier");
        let unknown = Identifier::parse("nobody@example.com").expect("identifier");
        f.svc
            .recovery()
            .request_code(&known, "en", actor(7))
            .await
            .expect("request");
        f.svc
            .recovery()
            .request_code(&unknown, "en", actor(8))
            .await
            .expect("request");
        let hint = |chat| f.svc.store.reset_account(chat, since).expect("read");
        assert_eq!(hint(7).as_deref(), Some("alice"));
        assert_eq!(hint(8), None);
    }
}

//! What a chat may see of an account: its name, and its e-mail address and phone number
//! masked, never in full.

use crate::recovery::SettingsFlow;
use crate::store::StoreError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSummary {
    pub name: String,
    /// Masked; None when the account has none.
    pub email: Option<String>,
    /// Masked; None when the account has none.
    pub phone: Option<String>,
}

impl SettingsFlow<'_> {
    /// The account as the settings menu shows it; None when it is gone.
    pub fn account_summary(self, account_id: &str) -> Result<Option<AccountSummary>, StoreError> {
        Ok(self.store.account(account_id)?.map(|a| AccountSummary {
            name: a.name,
            email: a.email.map(|e| e.masked()),
            phone: a.phone.map(|p| p.masked()),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::AccountSummary;
    use crate::testing::services;

    #[tokio::test]
    async fn contacts_are_shown_masked() {
        let f = services();
        assert_eq!(
            f.svc.settings().account_summary("alice").expect("read"),
            None
        );
        f.account("alice", "alice@example.com");
        assert_eq!(
            f.svc.settings().account_summary("alice").expect("read"),
            Some(AccountSummary {
                name: "Alice Example".into(),
                email: Some("a***e@example.com".into()),
                phone: None,
            })
        );
        assert_eq!(
            f.svc.approvals().masked_contact("alice"),
            "a***e@example.com"
        );
        assert_eq!(f.svc.approvals().masked_contact("nobody"), "");
    }
}

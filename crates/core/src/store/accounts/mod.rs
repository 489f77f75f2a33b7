//! Accounts, indexed by id, e-mail address and E.164 phone number.

use super::{get_json, put_json, update_json, Store, StoreError};
use crate::clock::Millis;
use crate::domain::{EmailAddress, Identifier, PhoneNumber};
use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;

mod contact_change;

pub use contact_change::ContactChange;

#[derive(Clone, Serialize, Deserialize, PartialEq)]
pub struct Account {
    pub id: String,
    pub email: Option<EmailAddress>,
    pub phone: Option<PhoneNumber>,
    pub name: String,
    pub language: Option<String>,
    /// argon2 PHC string; None until the holder sets a password.
    pub password_hash: Option<String>,
    /// Locked by an operator: recovery is refused until unlocked.
    pub locked: bool,
    pub created_at: Millis,
    pub password_changed_at: Option<Millis>,
    /// Sign-in sessions issued before this moment are void.
    pub sessions_revoked_at: Option<Millis>,
    /// Telegram chats that receive this account's approval requests.
    #[serde(default)]
    pub linked_chats: Vec<i64>,
}

/// Shows who the account is without any secret or full contact.
impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("id", &self.id)
            .field("email", &self.email.as_ref().map(|e| e.masked()))
            .field("phone", &self.phone.as_ref().map(|p| p.masked()))
            .field("locked", &self.locked)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("an account with id {0} exists already")]
    DuplicateId(String),
    #[error("another account uses that e-mail address")]
    DuplicateEmail,
    #[error("another account uses that phone number")]
    DuplicatePhone,
    #[error("an account needs an e-mail address or a phone number")]
    NoContact,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    pub fn insert_account(&self, account: &Account) -> Result<(), AccountError> {
        if account.email.is_none() && account.phone.is_none() {
            return Err(AccountError::NoContact);
        }
        let value = serde_json::to_vec(account).map_err(StoreError::from)?;
        let id = account.id.as_bytes();
        let email = account
            .email
            .as_ref()
            .map(|e| e.as_str().as_bytes().to_vec());
        let phone = account
            .phone
            .as_ref()
            .map(|p| p.as_str().as_bytes().to_vec());
        let result = self.writes.count(|| {
            (
                self.accounts.for_transaction(),
                self.account_emails.for_transaction(),
                self.account_phones.for_transaction(),
            )
                .transaction(|(accounts, emails, phones)| {
                    if accounts.get(id)?.is_some() {
                        return Err(ConflictableTransactionError::Abort(
                            AccountError::DuplicateId(account.id.clone()),
                        ));
                    }
                    if let Some(email) = &email {
                        if emails.insert(email.as_slice(), id)?.is_some() {
                            return Err(ConflictableTransactionError::Abort(
                                AccountError::DuplicateEmail,
                            ));
                        }
                    }
                    if let Some(phone) = &phone {
                        if phones.insert(phone.as_slice(), id)?.is_some() {
                            return Err(ConflictableTransactionError::Abort(
                                AccountError::DuplicatePhone,
                            ));
                        }
                    }
                    accounts.insert(id, value.as_slice())?;
                    Ok(())
                })
        });
        match result {
            Ok(()) => Ok(()),
            Err(TransactionError::Abort(e)) => Err(e),
            Err(TransactionError::Storage(e)) => Err(StoreError::from(e).into()),
        }
    }

    pub fn account(&self, id: &str) -> Result<Option<Account>, StoreError> {
        get_json(&self.accounts, id.as_bytes())
    }

    pub fn find_account(&self, identifier: &Identifier) -> Result<Option<Account>, StoreError> {
        let index = match identifier {
            Identifier::Email(e) => self.account_emails.get(e.as_str().as_bytes())?,
            Identifier::Phone(p) => self.account_phones.get(p.as_str().as_bytes())?,
        };
        match index {
            Some(id) => self.account(&String::from_utf8_lossy(&id)),
            None => Ok(None),
        }
    }

    /// Finds an account by id, e-mail address or phone number, as operators type them.
    pub fn lookup_account(&self, needle: &str) -> Result<Option<Account>, StoreError> {
        if let Some(account) = self.account(needle.trim())? {
            return Ok(Some(account));
        }
        match Identifier::parse(needle) {
            Ok(identifier) => self.find_account(&identifier),
            Err(_) => Ok(None),
        }
    }

    pub fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        self.accounts
            .iter()
            .values()
            .map(|v| Ok(serde_json::from_slice(&v?)?))
            .collect()
    }

    pub fn account_count(&self) -> usize {
        self.accounts.len()
    }

    /// Applies `f` to the account atomically; returns the updated account.
    pub fn update_account(
        &self,
        id: &str,
        f: impl Fn(&mut Account),
    ) -> Result<Option<Account>, StoreError> {
        update_json(
            &self.accounts,
            id.as_bytes(),
            |current: Option<Account>| match current {
                Some(mut account) => {
                    f(&mut account);
                    (Some(account.clone()), Some(account))
                }
                None => (None, None),
            },
        )
    }

    /// Replaces the password hash and ends every sign-in session of the account.
    pub fn set_password(
        &self,
        id: &str,
        phc: &str,
        now: Millis,
    ) -> Result<Option<Account>, StoreError> {
        self.update_account(id, |a| {
            a.password_hash = Some(phc.to_string());
            a.password_changed_at = Some(now);
            a.sessions_revoked_at = Some(now);
        })
    }

    /// For tests and tools that need a raw copy.
    pub fn put_account_unchecked(&self, account: &Account) -> Result<(), StoreError> {
        put_json(&self.accounts, account.id.as_bytes(), account)
    }
}

impl Account {
    pub fn new(
        id: String,
        email: Option<EmailAddress>,
        phone: Option<PhoneNumber>,
        name: String,
        now: Millis,
    ) -> Account {
        Account {
            id,
            email,
            phone,
            name,
            language: None,
            password_hash: None,
            locked: false,
            created_at: now,
            password_changed_at: None,
            sessions_revoked_at: None,
            linked_chats: Vec::new(),
        }
    }
}

//! Changing an account's e-mail address, phone number or name, with the contact indexes
//! moved in the same transaction.

use super::{Account, AccountError};
use crate::domain::{EmailAddress, PhoneNumber};
use crate::store::{read_account, write_account, Store, StoreError};
use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;

/// A new contact or name for an account.
pub enum ContactChange<'a> {
    Email(&'a EmailAddress),
    Phone(&'a PhoneNumber),
    Name(&'a str),
}

impl Store {
    /// Replaces the account's e-mail, phone or name, keeping the indexes right. Returns
    /// the account as it was before, or an error when another account uses the contact.
    pub fn change_contact(&self, id: &str, change: ContactChange) -> Result<Account, AccountError> {
        let result = self.writes.count(|| {
            (
                self.accounts.for_transaction(),
                self.account_emails.for_transaction(),
                self.account_phones.for_transaction(),
            )
                .transaction(|(accounts, emails, phones)| {
                    let before = read_account(accounts, id.as_bytes()).map_err(lift)?;
                    let Some(before) = before else {
                        return Err(ConflictableTransactionError::Abort(
                            AccountError::DuplicateId(id.to_string()),
                        ));
                    };
                    let mut after = before.clone();
                    match &change {
                        ContactChange::Email(email) => {
                            let old = before.email.as_ref().map(EmailAddress::as_str);
                            let taken = AccountError::DuplicateEmail;
                            repoint(emails, old, email.as_str(), id, taken)?;
                            after.email = Some((*email).clone());
                        }
                        ContactChange::Phone(phone) => {
                            let old = before.phone.as_ref().map(PhoneNumber::as_str);
                            let taken = AccountError::DuplicatePhone;
                            repoint(phones, old, phone.as_str(), id, taken)?;
                            after.phone = Some((*phone).clone());
                        }
                        ContactChange::Name(name) => after.name = name.to_string(),
                    }
                    write_account(accounts, &after).map_err(lift)?;
                    Ok(before)
                })
        });
        match result {
            Ok(before) => Ok(before),
            Err(TransactionError::Abort(e)) => Err(e),
            Err(TransactionError::Storage(e)) => Err(StoreError::from(e).into()),
        }
    }
}

/// Points a contact index from `old` to `new` for the account `id`; `taken` when another
/// account uses `new` already.
fn repoint(
    index: &sled::transaction::TransactionalTree,
    old: Option<&str>,
    new: &str,
    id: &str,
    taken: AccountError,
) -> Result<(), ConflictableTransactionError<AccountError>> {
    if let Some(other) = index.get(new.as_bytes())? {
        if other.as_ref() != id.as_bytes() {
            return Err(ConflictableTransactionError::Abort(taken));
        }
    }
    if let Some(old) = old {
        index.remove(old.as_bytes())?;
    }
    index.insert(new.as_bytes(), id.as_bytes())?;
    Ok(())
}

fn lift(e: ConflictableTransactionError<StoreError>) -> ConflictableTransactionError<AccountError> {
    match e {
        ConflictableTransactionError::Abort(e) => {
            ConflictableTransactionError::Abort(AccountError::Store(e))
        }
        ConflictableTransactionError::Storage(e) => ConflictableTransactionError::Storage(e),
        ConflictableTransactionError::Conflict => ConflictableTransactionError::Conflict,
        // The enum is non-exhaustive in name only; treat anything new as a conflict.
        #[allow(unreachable_patterns)]
        _ => ConflictableTransactionError::Conflict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Identifier;

    fn email(text: &str) -> EmailAddress {
        EmailAddress::parse(text).expect("e-mail")
    }

    fn phone(text: &str) -> PhoneNumber {
        PhoneNumber::parse(text).expect("phone")
    }

    fn found(store: &Store, identifier: Identifier) -> Option<String> {
        let account = store.find_account(&identifier).expect("read");
        account.map(|account| account.id)
    }

    #[test]
    fn a_new_contact_moves_the_index_and_a_taken_one_changes_nothing() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("s"), 8).expect("store");
        let (a, b) = (email("a@example.com"), email("b@example.com"));
        let (pa, pb) = (phone("+442079460958"), phone("+4930123456"));
        let alice = Account::new("a".into(), Some(a.clone()), Some(pa), "A".into(), 0);
        let bob = Account::new("b".into(), Some(b.clone()), Some(pb.clone()), "B".into(), 0);
        store.insert_account(&alice).expect("alice");
        store.insert_account(&bob).expect("bob");

        let moved = email("a.new@example.com");
        let before = store.change_contact("a", ContactChange::Email(&moved));
        assert_eq!(before.expect("changed").email, Some(a.clone()));
        assert_eq!(found(&store, Identifier::Email(a)), None);
        assert_eq!(
            found(&store, Identifier::Email(moved.clone())),
            Some("a".into())
        );

        let taken = store.change_contact("a", ContactChange::Email(&b));
        assert!(matches!(taken, Err(AccountError::DuplicateEmail)));
        let taken = store.change_contact("a", ContactChange::Phone(&pb));
        assert!(matches!(taken, Err(AccountError::DuplicatePhone)));
        let alice = store.account("a").expect("read").expect("alice");
        assert_eq!(alice.email, Some(moved.clone()));
        assert_eq!(found(&store, Identifier::Email(b)), Some("b".into()));
        assert_eq!(found(&store, Identifier::Phone(pb)), Some("b".into()));

        // The account's own contact again is no conflict.
        let same = store.change_contact("a", ContactChange::Email(&moved));
        assert!(same.is_ok());
        assert_eq!(found(&store, Identifier::Email(moved)), Some("a".into()));
    }
}

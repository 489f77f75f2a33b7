//! Which Telegram chats receive an account's approval requests. An account may have
//! several linked chats; a chat is linked to one account at a time.

use super::{flatten, read_account, write_account, Store, StoreError};
use sled::Transactional;

impl Store {
    /// Links the chat to the account, moving it off any account it was linked to before.
    /// Returns false when the account does not exist.
    pub fn link_chat(&self, account_id: &str, chat_id: i64) -> Result<bool, StoreError> {
        let chat_key = chat_id.to_be_bytes();
        flatten(self.writes.count(|| {
            (
                self.accounts.for_transaction(),
                self.links.for_transaction(),
            )
                .transaction(|(accounts, links)| {
                    let Some(mut account) = read_account(accounts, account_id.as_bytes())? else {
                        return Ok(false);
                    };
                    if let Some(previous) = links.get(chat_key)? {
                        if let Some(mut old) = read_account(accounts, &previous)? {
                            old.linked_chats.retain(|c| *c != chat_id);
                            write_account(accounts, &old)?;
                            if old.id == account.id {
                                account = old;
                            }
                        }
                    }
                    if !account.linked_chats.contains(&chat_id) {
                        account.linked_chats.push(chat_id);
                    }
                    write_account(accounts, &account)?;
                    links.insert(&chat_key, account_id.as_bytes())?;
                    Ok(true)
                })
        }))
    }

    /// Unlinks the chat; returns the account it was linked to.
    pub fn unlink_chat(&self, chat_id: i64) -> Result<Option<String>, StoreError> {
        let chat_key = chat_id.to_be_bytes();
        flatten(self.writes.count(|| {
            (
                self.accounts.for_transaction(),
                self.links.for_transaction(),
            )
                .transaction(|(accounts, links)| {
                    let Some(previous) = links.remove(&chat_key)? else {
                        return Ok(None);
                    };
                    if let Some(mut account) = read_account(accounts, &previous)? {
                        account.linked_chats.retain(|c| *c != chat_id);
                        write_account(accounts, &account)?;
                    }
                    Ok(Some(String::from_utf8_lossy(&previous).into_owned()))
                })
        }))
    }

    /// The account a chat is linked to.
    pub fn linked_account(&self, chat_id: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .links
            .get(chat_id.to_be_bytes())?
            .map(|v| String::from_utf8_lossy(&v).into_owned()))
    }
}

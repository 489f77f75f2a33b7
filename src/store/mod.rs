//! The sled store: one database, one tree per kind of record, values as JSON.
//!
//! | tree            | key                      | value                          |
//! |-----------------|--------------------------|--------------------------------|
//! | accounts        | account id               | [`accounts::Account`]          |
//! | account_emails  | e-mail address           | account id                     |
//! | account_phones  | E.164 number             | account id                     |
//! | codes           | identifier key           | [`codes::CodeRecord`] (keyed hash only) |
//! | failures        | account id or identifier | [`limits::FailureRecord`]      |
//! | dialogues       | chat id                  | the chat's dialogue state      |
//! | chat_prefs      | chat id                  | chosen language                |
//! | links           | chat id                  | linked account id              |
//! | changes         | change id                | [`changes::ChangeRequest`]     |
//! | audit           | monotonic id             | [`crate::audit::AuditRecord`]  |
//! | signin          | `account:<id>`, `chat:<id>` | [`signin::SignInRecord`] (sign-in waits and locks) |
//! | new_contacts    | `account:<id>`, `chat:<id>` | [`contacts::ContactWindow`] (new contacts sent a code, last hour) |
//! | seen_updates    | Telegram update id       | empty (see [`updates`])        |
//! | delivery_queue  | monotonic id             | queued e-mail/SMS, payload encrypted ([`crate::delivery`]) |
//! | tickets, chat_tickets, staff_messages, staff_topics, support_meta, reset_hints | see [`tickets`] | support tickets |

pub mod accounts;
pub mod changes;
pub mod codes;
pub mod contacts;
pub mod dialogues;
mod flush;
pub mod inbox;
pub use flush::GroupFlush;
pub mod limits;
pub mod links;
pub mod sealed;
pub mod signin;
pub mod tickets;
mod tree;
pub mod updates;

use accounts::Account;
use serde::{de::DeserializeOwned, Serialize};
use sled::transaction::{abort, ConflictableTransactionError, TransactionError, TransactionalTree};
use std::path::Path;
use tree::{Tree, Writes};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the store at {0} is in use by another process (is the bot running?)")]
    InUse(String),
    #[error("store error: {0}")]
    Sled(#[from] sled::Error),
    #[error("store transaction failed: {0}")]
    Transaction(String),
    #[error("a stored record could not be read: {0}")]
    Corrupt(#[from] serde_json::Error),
}

#[derive(Clone)]
pub struct Store {
    db: sled::Db,
    path: std::sync::Arc<Path>,
    flusher: flush::GroupFlush,
    writes: Writes,
    pub(crate) accounts: Tree,
    pub(crate) account_emails: Tree,
    pub(crate) account_phones: Tree,
    pub(crate) codes: Tree,
    pub(crate) failures: Tree,
    pub(crate) dialogues: Tree,
    pub(crate) chat_prefs: Tree,
    pub(crate) audit: Tree,
    pub(crate) links: Tree,
    pub(crate) changes: Tree,
    pub(crate) tickets: Tree,
    pub(crate) chat_tickets: Tree,
    pub(crate) staff_messages: Tree,
    pub(crate) staff_topics: Tree,
    pub(crate) support_meta: Tree,
    pub(crate) reset_hints: Tree,
    pub(crate) signin: Tree,
    pub(crate) new_contacts: Tree,
    pub(crate) seen_updates: Tree,
    pub(crate) delivery_queue: Tree,
}

impl Store {
    /// Opens (or creates) the store. Another process holding it gives [`StoreError::InUse`].
    pub fn open(path: &Path, cache_capacity_mib: u64) -> Result<Store, StoreError> {
        let db = sled::Config::new()
            .path(path)
            .cache_capacity(cache_capacity_mib.saturating_mul(1024 * 1024))
            .flush_every_ms(Some(500))
            .open()
            .map_err(|e| match e {
                sled::Error::Io(io)
                    if io.kind() == std::io::ErrorKind::WouldBlock
                        || io.to_string().contains("lock") =>
                {
                    StoreError::InUse(path.display().to_string())
                }
                other => StoreError::Sled(other),
            })?;
        let writes = Writes::default();
        let tree =
            |name: &str| Ok::<_, sled::Error>(Tree::new(db.open_tree(name)?, writes.clone()));
        Ok(Store {
            accounts: tree("accounts")?,
            account_emails: tree("account_emails")?,
            account_phones: tree("account_phones")?,
            codes: tree("codes")?,
            failures: tree("failures")?,
            dialogues: tree("dialogues")?,
            chat_prefs: tree("chat_prefs")?,
            audit: tree("audit")?,
            links: tree("links")?,
            changes: tree("changes")?,
            tickets: tree("tickets")?,
            chat_tickets: tree("chat_tickets")?,
            staff_messages: tree("staff_messages")?,
            staff_topics: tree("staff_topics")?,
            support_meta: tree("support_meta")?,
            reset_hints: tree("reset_hints")?,
            signin: tree("signin")?,
            new_contacts: tree("new_contacts")?,
            seen_updates: tree("seen_updates")?,
            delivery_queue: tree("delivery_queue")?,
            flusher: flush::GroupFlush::new(db.clone(), writes.clone()),
            writes,
            db,
            path: path.into(),
        })
    }

    /// Makes every write so far durable. Called before replying to anything that grants
    /// access or consumes a code. Flushes asked for at once are done together
    /// ([`flush`]).
    pub async fn flush(&self) -> Result<(), StoreError> {
        self.flusher.flush().await
    }

    /// Flushes, lets go of the store, and returns once another process can open it:
    /// dropping the last handle is not enough, as the last flush's thread may hold the
    /// database a moment longer. Other clones of this handle must be gone too.
    pub async fn close(self) -> Result<(), StoreError> {
        self.flush().await?;
        let path = self.path.clone();
        drop(self);
        for _ in 0..250 {
            match Store::open(&path, 1) {
                Ok(store) => {
                    // This handle never flushed: nothing else holds its database.
                    drop(store);
                    return Ok(());
                }
                Err(StoreError::InUse(_)) => {
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::InUse(path.display().to_string()))
    }

    /// The store's flush, for what must not leave the process before the writes that led
    /// to it are on disk (messages to Telegram, e-mails, SMS). Cheap to clone.
    pub fn group_flush(&self) -> GroupFlush {
        self.flusher.clone()
    }

    /// Flushes done since the store was opened.
    pub fn flushes(&self) -> u64 {
        self.flusher.flushes()
    }

    pub(crate) fn next_id(&self) -> Result<u64, StoreError> {
        Ok(self.db.generate_id()?)
    }

    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        Ok(self.db.size_on_disk()?)
    }

    /// The language a chat chose with /language, if any.
    pub fn chat_language(&self, chat_id: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .chat_prefs
            .get(chat_id.to_be_bytes())?
            .map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    pub fn set_chat_language(&self, chat_id: i64, language: &str) -> Result<(), StoreError> {
        self.chat_prefs
            .insert(chat_id.to_be_bytes(), language.as_bytes())?;
        Ok(())
    }
}

pub(crate) fn get_json<T: DeserializeOwned>(
    tree: &Tree,
    key: &[u8],
) -> Result<Option<T>, StoreError> {
    match tree.get(key)? {
        Some(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
        None => Ok(None),
    }
}

pub(crate) fn put_json<T: Serialize>(tree: &Tree, key: &[u8], value: &T) -> Result<(), StoreError> {
    tree.insert(key, serde_json::to_vec(value)?)?;
    Ok(())
}

/// Atomically replaces the record at `key` with what `f` makes of it (compare-and-swap; `f`
/// may run more than once under contention, so it must be pure). `f` returns the new value
/// (None deletes) and a result for the caller.
pub(crate) fn update_json<T, R>(
    tree: &Tree,
    key: &[u8],
    mut f: impl FnMut(Option<T>) -> (Option<T>, R),
) -> Result<R, StoreError>
where
    T: Serialize + DeserializeOwned,
{
    loop {
        let current = tree.get(key)?;
        let parsed = match &current {
            Some(bytes) => Some(serde_json::from_slice(bytes)?),
            None => None,
        };
        let (next, result) = f(parsed);
        let next_bytes = match &next {
            Some(value) => Some(serde_json::to_vec(value)?),
            None => None,
        };
        if tree.compare_and_swap(key, current, next_bytes)?.is_ok() {
            return Ok(result);
        }
    }
}

// Helpers for multi-tree transactions on account records.

pub(crate) type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

pub(crate) fn read_account(tree: &TransactionalTree, id: &[u8]) -> TxResult<Option<Account>> {
    match tree.get(id)? {
        Some(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .or_else(|e| abort(StoreError::Corrupt(e))),
        None => Ok(None),
    }
}

pub(crate) fn write_account(tree: &TransactionalTree, account: &Account) -> TxResult<()> {
    let bytes = serde_json::to_vec(account).or_else(|e| abort(StoreError::Corrupt(e)))?;
    tree.insert(account.id.as_bytes(), bytes)?;
    Ok(())
}

pub(crate) fn flatten<T>(result: Result<T, TransactionError<StoreError>>) -> Result<T, StoreError> {
    match result {
        Ok(value) => Ok(value),
        Err(TransactionError::Abort(e)) => Err(e),
        Err(TransactionError::Storage(e)) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_closed_store_can_be_opened_again_at_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("store");
        for round in 0u32..30 {
            let store = Store::open(&path, 1).expect("open");
            store
                .db
                .insert(round.to_be_bytes(), &b"x"[..])
                .expect("write");
            store.close().await.expect("close");
            // As the bot's process would, straight after: no waiting, no retries.
            let again = Store::open(&path, 1).expect("the store is free once closed");
            assert!(again.db.contains_key(round.to_be_bytes()).expect("read"));
        }
    }
}

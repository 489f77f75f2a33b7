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
//! | changes_due, changes_unpushed, changes_by_account, changes_retired | see [`change_index`] | indexes of changes |
//! | audit           | monotonic id             | [`crate::audit::AuditRecord`]  |
//! | audit_by_account | account, monotonic id   | empty (see [`audit_log`])      |
//! | store_meta      | name                     | which indexes were built ([`layout`]) |
//! | signin          | `account:<id>`, `chat:<id>` | [`signin::SignInRecord`] (sign-in waits and locks) |
//! | new_contacts    | `account:<id>`, `chat:<id>` | [`contacts::ContactWindow`] (new contacts sent a code, last hour) |
//! | seen_updates    | Telegram update id       | empty (see [`updates`])        |
//! | delivery_queue  | monotonic id             | queued e-mail/SMS, payload encrypted ([`crate::delivery`]) |
//! | tickets, chat_tickets, staff_messages, staff_topics, support_meta, reset_hints | see [`tickets`] | support tickets |

pub mod accounts;
pub mod audit_log;
pub mod change_index;
pub mod changes;
pub mod codes;
pub mod contacts;
mod dialogues;
mod flush;
pub mod inbox;
pub use flush::GroupFlush;
mod keys;
mod layout;
pub mod limits;
pub mod links;
pub mod prune;
mod records;
pub mod sealed;
pub mod signin;
pub mod tickets;
mod tree;
pub mod updates;

pub(crate) use records::{flatten, get_json, put_json, read_account, update_json, write_account};
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
    pub(crate) changes_due: Tree,
    pub(crate) changes_unpushed: Tree,
    pub(crate) changes_by_account: Tree,
    pub(crate) changes_retired: Tree,
    pub(crate) audit_by_account: Tree,
    pub(crate) store_meta: Tree,
    /// Held while a new change request is counted against its account's cap and stored.
    admission: std::sync::Arc<std::sync::Mutex<()>>,
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
    /// Opens (or creates) the store, building the indexes a store written by an earlier
    /// version lacks ([`layout`]). Another process holding it gives [`StoreError::InUse`].
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
        let store = Store {
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
            changes_due: tree("changes_due")?,
            changes_unpushed: tree("changes_unpushed")?,
            changes_by_account: tree("changes_by_account")?,
            changes_retired: tree("changes_retired")?,
            audit_by_account: tree("audit_by_account")?,
            store_meta: tree("store_meta")?,
            admission: Default::default(),
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
        };
        layout::build_missing_indexes(&store)?;
        Ok(store)
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

    /// Records read so far from the trees whose name starts with `prefix`: "changes"
    /// covers the change requests and their indexes, "audit" the log and its index.
    pub fn records_read(&self, prefix: &str) -> u64 {
        [
            &self.changes,
            &self.changes_due,
            &self.changes_unpushed,
            &self.changes_by_account,
            &self.changes_retired,
            &self.audit,
            &self.audit_by_account,
            &self.codes,
            &self.failures,
            &self.signin,
        ]
        .iter()
        .filter(|tree| tree.name().starts_with(prefix))
        .map(|tree| tree.reads())
        .sum()
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A fresh store in a temporary directory (keep the directory while the store is used).
    pub(crate) fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("store"), 1).expect("open");
        (dir, store)
    }

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

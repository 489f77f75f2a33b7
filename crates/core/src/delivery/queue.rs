//! The persistent delivery queue: one sled tree (`delivery_queue`), one entry per message,
//! keyed by a monotonic id. What the worker needs to schedule (channel, masked recipient,
//! times, attempts) is stored in the clear; the message itself (recipient, subject, text,
//! and so any code) is sealed with ChaCha20-Poly1305 under a key derived from the bot's
//! secret, and bound to its entry id so that sealed payloads cannot be swapped.

use super::Outgoing;
use crate::audit::Channel;
use crate::clock::Millis;
use crate::crypto::Secret;
use crate::domain::{EmailAddress, PhoneNumber};
use crate::store::sealed::{Sealed, Sealer};
use crate::store::{put_json, Store, StoreError};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// One queued message as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub channel: Channel,
    /// The masked recipient, for logs and the audit log.
    pub to: String,
    pub enqueued_at: Millis,
    /// Past this the message is dropped unsent (its code is dead).
    pub expires_at: Millis,
    /// The next attempt is made at or after this time.
    pub due_at: Millis,
    /// Attempts made so far.
    pub attempts: u32,
    #[serde(flatten)]
    message: Sealed,
}

/// The message in the clear, only ever inside a sealed payload.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Plain {
    Email {
        to: EmailAddress,
        subject: String,
        body: String,
    },
    Sms {
        to: PhoneNumber,
        text: String,
    },
}

#[derive(Clone)]
pub struct Queue {
    store: Store,
    sealer: Sealer,
}

impl Queue {
    pub fn new(store: Store, secret: &Secret) -> Queue {
        Queue {
            store,
            sealer: Sealer::new(secret, "delivery-queue-key"),
        }
    }

    /// Stores a message, due at once; returns its id.
    pub fn push(
        &self,
        message: &Outgoing,
        now: Millis,
        expires_at: Millis,
    ) -> Result<u64, StoreError> {
        let id = self.store.next_id()?;
        let plain = match message {
            Outgoing::Email { to, subject, body } => Plain::Email {
                to: to.clone(),
                subject: subject.clone(),
                body: body.expose_secret().to_owned(),
            },
            Outgoing::Sms { to, text } => Plain::Sms {
                to: to.clone(),
                text: text.expose_secret().to_owned(),
            },
        };
        let sealed = self.sealer.seal(id, &serde_json::to_vec(&plain)?)?;
        let entry = Entry {
            channel: message.channel(),
            to: message.masked_recipient(),
            enqueued_at: now,
            expires_at,
            due_at: now,
            attempts: 0,
            message: sealed,
        };
        put_json(&self.store.delivery_queue, &id.to_be_bytes(), &entry)?;
        Ok(id)
    }

    /// Every queued entry, oldest first.
    pub fn entries(&self) -> Result<Vec<(u64, Entry)>, StoreError> {
        let mut entries = Vec::new();
        for item in self.store.delivery_queue.iter() {
            let (key, value) = item?;
            let Ok(id) = <[u8; 8]>::try_from(key.as_ref()).map(u64::from_be_bytes) else {
                continue;
            };
            entries.push((id, serde_json::from_slice(&value)?));
        }
        Ok(entries)
    }

    /// The message of an entry, or None when it cannot be opened (another secret sealed it,
    /// or the bytes were damaged).
    pub fn open(&self, id: u64, entry: &Entry) -> Option<Outgoing> {
        let plain = self.sealer.open(id, &entry.message)?;
        let message = match serde_json::from_slice(&plain).ok()? {
            Plain::Email { to, subject, body } => Outgoing::Email {
                to,
                subject,
                body: SecretString::from(body),
            },
            Plain::Sms { to, text } => Outgoing::Sms {
                to,
                text: SecretString::from(text),
            },
        };
        Some(message)
    }

    pub fn update(&self, id: u64, entry: &Entry) -> Result<(), StoreError> {
        put_json(&self.store.delivery_queue, &id.to_be_bytes(), entry)
    }

    pub fn remove(&self, id: u64) -> Result<(), StoreError> {
        self.store.delivery_queue.remove(id.to_be_bytes())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queue(store: Store, key: &str) -> Queue {
        Queue::new(
            store,
            &Secret::new(SecretString::from(key)).expect("secret"),
        )
    }

    #[test]
    fn sealed_entries_open_only_under_their_id_and_key() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("store"), 8).expect("store");
        let q = queue(store.clone(), "a key for the queue tests, long enough");
        let message = Outgoing::Sms {
            to: PhoneNumber::parse("+44 20 7946 0958").expect("phone"),
            text: SecretString::from("Your code is 314159"),
        };
        let id = q.push(&message, 1_000, 601_000).expect("push");
        let (got_id, entry) = q.entries().expect("entries").remove(0);
        assert_eq!(got_id, id);
        assert_eq!((entry.due_at, entry.attempts), (1_000, 0));
        let raw = q
            .store
            .delivery_queue
            .get(id.to_be_bytes())
            .unwrap()
            .unwrap();
        assert!(!String::from_utf8_lossy(&raw).contains("314159"));
        match q.open(id, &entry) {
            Some(Outgoing::Sms { text, .. }) => {
                assert_eq!(text.expose_secret(), "Your code is 314159")
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(q.open(id + 1, &entry).is_none(), "bound to its id");
        let other = queue(store, "another key for the queue tests, long");
        assert!(other.open(id, &entry).is_none(), "bound to the key");
    }
}

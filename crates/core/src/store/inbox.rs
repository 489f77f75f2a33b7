//! The webhook's inbox (`webhook_inbox`): updates Telegram was told we have (answered
//! 200) and that are not yet done, so a crash loses none of them. One entry per update,
//! keyed by a monotonic id, holding the update's body sealed ([`super::sealed`]: it may
//! hold a password someone typed). An entry is removed once its update was handled or
//! dropped.

use super::sealed::{Sealed, Sealer};
use super::tree::Tree;
use super::{put_json, Store, StoreError};
use crate::crypto::Secret;

#[derive(Clone)]
pub struct Inbox {
    store: Store,
    tree: Tree,
    sealer: Sealer,
}

impl Store {
    /// The webhook's inbox, with bodies sealed under a key derived from `secret`.
    pub fn inbox(&self, secret: &Secret) -> Result<Inbox, StoreError> {
        let tree = Tree::new(self.db.open_tree("webhook_inbox")?, self.writes.clone());
        Ok(Inbox {
            store: self.clone(),
            tree,
            sealer: Sealer::new(secret, "webhook-inbox-key"),
        })
    }
}

impl Inbox {
    /// Keeps an update's body; returns its entry's id. Durable after the next flush.
    pub fn put(&self, body: &[u8]) -> Result<u64, StoreError> {
        let id = self.store.next_id()?;
        put_json(&self.tree, &id.to_be_bytes(), &self.sealer.seal(id, body)?)?;
        Ok(id)
    }

    pub fn remove(&self, id: u64) -> Result<(), StoreError> {
        self.tree.remove(id.to_be_bytes())?;
        Ok(())
    }

    /// Every kept body, oldest first. An entry that cannot be opened (sealed under another
    /// secret, or damaged) is removed and logged: nobody can ever handle it.
    pub fn bodies(&self) -> Result<Vec<(u64, Vec<u8>)>, StoreError> {
        let mut bodies = Vec::new();
        for item in self.tree.iter() {
            let (key, value) = item?;
            let Ok(id) = <[u8; 8]>::try_from(key.as_ref()).map(u64::from_be_bytes) else {
                continue;
            };
            let opened = serde_json::from_slice::<Sealed>(&value)
                .ok()
                .and_then(|sealed| self.sealer.open(id, &sealed));
            match opened {
                Some(body) => bodies.push((id, body)),
                None => {
                    tracing::error!(entry = id, "dropping a kept update that cannot be opened");
                    self.remove(id)?;
                }
            }
        }
        Ok(bodies)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::SecretString;

    fn secret(key: &str) -> Secret {
        Secret::new(SecretString::from(key)).expect("secret")
    }

    #[test]
    fn bodies_are_sealed_kept_in_order_and_removed() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("store"), 8).expect("store");
        let key = secret("a key for the inbox tests, long enough");
        let inbox = store.inbox(&key).expect("inbox");
        let first = inbox.put(br#"{"text":"Hunter2-Password!"}"#).expect("put");
        let second = inbox.put(b"second").expect("put");
        for item in inbox.tree.iter() {
            let (_, raw) = item.expect("read");
            assert!(!String::from_utf8_lossy(&raw).contains("Hunter2"));
        }
        let bodies = inbox.bodies().expect("bodies");
        assert_eq!(bodies.len(), 2);
        assert_eq!(
            bodies[0],
            (first, br#"{"text":"Hunter2-Password!"}"#.to_vec())
        );
        inbox.remove(first).expect("remove");
        assert_eq!(
            inbox.bodies().expect("bodies"),
            [(second, b"second".to_vec())]
        );

        let other = store
            .inbox(&secret("another key for the inbox tests, long"))
            .expect("inbox");
        assert!(
            other.bodies().expect("bodies").is_empty(),
            "bound to the key"
        );
        assert!(inbox.bodies().expect("bodies").is_empty(), "and dropped");
    }
}

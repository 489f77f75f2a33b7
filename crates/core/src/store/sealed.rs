//! Values that hold what someone typed or a code are sealed before they reach the disk:
//! ChaCha20-Poly1305 under a key derived from the bot's secret for one purpose, bound to
//! the entry's id so that sealed values cannot be swapped between entries. The store then
//! holds no plaintext secret even in sled's log, and a store copied without the secret
//! gives nothing away.

use super::StoreError;
use crate::crypto::Secret;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A sealed value as stored (base64 in JSON, flattened into the record that holds it).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sealed {
    nonce: String,
    sealed: String,
}

/// Seals and opens the values of one purpose. Cheap to clone.
#[derive(Clone)]
pub struct Sealer {
    cipher: Arc<ChaCha20Poly1305>,
}

impl Sealer {
    /// `purpose` names the key (for example "delivery-queue-key"): each purpose has its own.
    pub fn new(secret: &Secret, purpose: &str) -> Sealer {
        let key = secret.mac(purpose, &[]);
        Sealer {
            cipher: Arc::new(ChaCha20Poly1305::new(Key::from_slice(&key))),
        }
    }

    pub fn seal(&self, id: u64, plain: &[u8]) -> Result<Sealed, StoreError> {
        let nonce: [u8; 12] = rand::random();
        let payload = Payload {
            msg: plain,
            aad: &id.to_be_bytes(),
        };
        let sealed = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), payload)
            .map_err(|_| StoreError::Transaction("cannot seal a stored value".into()))?;
        Ok(Sealed {
            nonce: B64.encode(nonce),
            sealed: B64.encode(sealed),
        })
    }

    /// The plain bytes, or None when another key or id sealed them or they were damaged.
    pub fn open(&self, id: u64, sealed: &Sealed) -> Option<Vec<u8>> {
        let nonce = B64.decode(&sealed.nonce).ok()?;
        let bytes = B64.decode(&sealed.sealed).ok()?;
        if nonce.len() != 12 {
            return None;
        }
        let payload = Payload {
            msg: &bytes,
            aad: &id.to_be_bytes(),
        };
        self.cipher.decrypt(Nonce::from_slice(&nonce), payload).ok()
    }
}

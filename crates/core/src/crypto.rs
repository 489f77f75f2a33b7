//! Keyed hashes for one-time codes and constant-time comparison. Password hashing lives
//! in [`crate::hashing`].

use anyhow::Context;
use argon2::password_hash::rand_core::OsRng;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use std::sync::Arc;
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// The server's HMAC key, and during a rotation the previous one (accepted on approval
/// buttons only). Its `Debug` never shows a key.
#[derive(Clone)]
pub struct Secret {
    key: Arc<SecretString>,
    previous: Option<Arc<SecretString>>,
}

impl Secret {
    pub fn new(key: SecretString) -> anyhow::Result<Secret> {
        crate::config::strength::check("the HMAC key", key.expose_secret())
            .map_err(anyhow::Error::msg)?;
        Ok(Secret {
            key: Arc::new(key),
            previous: None,
        })
    }

    /// Also accepts what `previous` signed, where a caller asks (see [`Secret::previous`]).
    pub fn with_previous(self, previous: SecretString) -> anyhow::Result<Secret> {
        let previous = Secret::new(previous).context("the previous HMAC secret")?;
        Ok(Secret {
            previous: Some(previous.key),
            ..self
        })
    }

    /// The previous key as a secret of its own, while a rotation is under way.
    pub fn previous(&self) -> Option<Secret> {
        self.previous.clone().map(|key| Secret {
            key,
            previous: None,
        })
    }

    /// A fresh random key, for the demo.
    pub fn random() -> Secret {
        use rand::RngCore;
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Secret {
            key: Arc::new(SecretString::from(hex)),
            previous: None,
        }
    }

    /// HMAC-SHA256 over the parts, each length-prefixed so that no two inputs collide.
    pub fn mac(&self, domain: &str, parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = match HmacSha256::new_from_slice(self.key.expose_secret().as_bytes()) {
            Ok(mac) => mac,
            // HMAC accepts keys of any length; this arm cannot be reached.
            Err(_) => return [0; 32],
        };
        mac.update(domain.as_bytes());
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Compares two secrets' digests in constant time.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macs_are_domain_separated_and_compare_in_constant_time() {
        let s = Secret::random();
        let a = s.mac("code", &[b"ab", b"c"]);
        let b = s.mac("code", &[b"a", b"bc"]);
        assert!(!ct_eq(&a, &b));
        assert!(ct_eq(&a, &s.mac("code", &[b"ab", b"c"])));
        assert_eq!(format!("{s:?}"), "Secret(***)");
    }
}

//! Keyed hashes for one-time codes, constant-time comparison, and argon2id password
//! hashing that runs off the async runtime behind a bounded pool.

use crate::hash_pool::HashPool;
use anyhow::{anyhow, Context};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use std::sync::Arc;
use subtle::ConstantTimeEq;
use tracing::Instrument;

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
        if key.expose_secret().len() < 32 {
            anyhow::bail!("the HMAC secret must be at least 32 bytes long");
        }
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

/// argon2id hashing and verification on the hashing threads ([`HashPool`]), as many at
/// once as there are threads, so that hashing never stalls the updates of other users.
#[derive(Clone)]
pub struct PasswordHashing {
    params: Params,
    pool: HashPool,
    /// A hash of a random password, verified against when there is no account, so that an
    /// unknown identifier costs the same work as a known one.
    dummy_hash: Arc<String>,
}

impl PasswordHashing {
    /// `threads` computations at most at once (see `Security::hashing_threads`).
    pub fn new(params: Params, threads: usize) -> anyhow::Result<Self> {
        let dummy = SecretString::from(to_hex(&rand::random::<[u8; 16]>()));
        let dummy_hash = hash_blocking(&params, &dummy)?;
        Ok(PasswordHashing {
            params,
            pool: HashPool::start(threads).context("cannot start the hashing threads")?,
            dummy_hash: Arc::new(dummy_hash),
        })
    }

    /// Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
    pub async fn hash(&self, password: SecretString) -> anyhow::Result<String> {
        let params = self.params.clone();
        self.run(move || hash_blocking(&params, &password)).await?
    }

    /// True when `password` matches the PHC string. With `None`, verifies against a dummy
    /// hash and returns false, taking the same time.
    pub async fn verify(
        &self,
        password: SecretString,
        phc: Option<String>,
    ) -> anyhow::Result<bool> {
        let known = phc.is_some();
        let phc = phc.unwrap_or_else(|| self.dummy_hash.as_ref().clone());
        let matched = self.run(move || verify_blocking(&password, &phc)).await??;
        Ok(known && matched)
    }

    async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> anyhow::Result<T> {
        let span = tracing::Span::current();
        self.pool
            .run(move || span.in_scope(job))
            .instrument(tracing::debug_span!("argon2"))
            .await
            .context("hashing task failed")
    }
}

pub fn hash_blocking(params: &Params, password: &SecretString) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    argon
        .hash_password(password.expose_secret().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow!("argon2 hashing failed: {e}"))
}

fn verify_blocking(password: &SecretString, phc: &str) -> anyhow::Result<bool> {
    let parsed = PasswordHash::new(phc)
        .map_err(|e| anyhow!("stored password hash is not a PHC string: {e}"))?;
    // The parameters come from the PHC string, so older hashes keep verifying.
    Ok(Argon2::default()
        .verify_password(password.expose_secret().as_bytes(), &parsed)
        .is_ok())
}

/// True when the string is an argon2 PHC hash we can verify.
pub fn is_phc(s: &str) -> bool {
    PasswordHash::new(s)
        .map(|h| h.algorithm.as_str().starts_with("argon2"))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_phc_and_verify() {
        let h = PasswordHashing::new(Params::new(64, 1, 1, None).unwrap(), 2).unwrap();
        let phc = h
            .hash(SecretString::from("correct horse battery staple"))
            .await
            .unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=64,t=1,p=1$"));
        assert!(is_phc(&phc));
        assert!(h
            .verify(
                SecretString::from("correct horse battery staple"),
                Some(phc.clone())
            )
            .await
            .unwrap());
        assert!(!h
            .verify(
                SecretString::from("Correct horse battery staple"),
                Some(phc)
            )
            .await
            .unwrap());
        assert!(!h
            .verify(SecretString::from("anything"), None)
            .await
            .unwrap());
    }

    #[test]
    fn default_parameters_are_the_owasp_ones() {
        let p = Params::new(19_456, 2, 1, None).unwrap();
        let phc = hash_blocking(&p, &SecretString::from("x")).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
    }

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

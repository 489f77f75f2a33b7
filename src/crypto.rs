//! Keyed hashes for one-time codes, constant-time comparison, and argon2id password
//! hashing that runs off the async runtime behind a bounded pool.

use crate::hash_pool::HashPool;
use anyhow::{anyhow, Context};
use argon2::password_hash::{
    rand_core::OsRng, Output, ParamsString, PasswordHash, Salt, SaltString,
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
        // On a thread of its own, which ends with its hashing memory: the thread that
        // starts the bot would otherwise keep 19 MiB it never hashes with again.
        let dummy_hash = std::thread::scope(|s| {
            s.spawn(|| hash_blocking(&params, &dummy))
                .join()
                .unwrap_or_else(|_| Err(anyhow!("hashing the dummy password panicked")))
        })?;
        Ok(PasswordHashing {
            params,
            pool: HashPool::start(threads).context("cannot start the hashing threads")?,
            dummy_hash: Arc::new(dummy_hash),
        })
    }

    /// Computations finished on the hashing threads so far (hashes and verifications).
    pub fn computations(&self) -> u64 {
        self.pool.done()
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
    let output_len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let hash = compute(&argon, password, salt.as_salt(), output_len)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(params).map_err(|e| anyhow!("argon2 parameters: {e}"))?,
        salt: Some(salt.as_salt()),
        hash: Some(hash),
    };
    Ok(phc.to_string())
}

fn verify_blocking(password: &SecretString, phc: &str) -> anyhow::Result<bool> {
    let parsed = PasswordHash::new(phc)
        .map_err(|e| anyhow!("stored password hash is not a PHC string: {e}"))?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Ok(false);
    };
    // The parameters come from the PHC string, so older hashes keep verifying.
    let bad = |e: argon2::password_hash::Error| anyhow!("stored password hash: {e}");
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(bad)?;
    let version = match parsed.version {
        Some(v) => Version::try_from(v).map_err(|e| anyhow!("stored password hash: {e}"))?,
        None => Version::default(),
    };
    let params = Params::try_from(&parsed).map_err(bad)?;
    let argon = Argon2::new(algorithm, version, params);
    let computed = compute(&argon, password, salt, expected.len())?;
    // `Output` compares in constant time.
    Ok(computed == expected)
}

/// argon2 over this thread's reused memory (see `hash_memory`).
fn compute(
    argon: &Argon2<'_>,
    password: &SecretString,
    salt: Salt<'_>,
    output_len: usize,
) -> anyhow::Result<Output> {
    let mut salt_bytes = [0u8; Salt::MAX_LENGTH];
    let salt = salt
        .decode_b64(&mut salt_bytes)
        .map_err(|e| anyhow!("argon2 salt: {e}"))?;
    let blocks = argon.params().block_count();
    Output::init_with(output_len, |out| {
        crate::hash_memory::with_blocks(blocks, |memory| {
            argon
                .hash_password_into_with_memory(
                    password.expose_secret().as_bytes(),
                    salt,
                    out,
                    memory,
                )
                .map_err(argon2::password_hash::Error::from)
        })
    })
    .map_err(|e| anyhow!("argon2 hashing failed: {e}"))
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
    fn hashes_match_the_argon2_crates_own_in_both_directions() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let password = SecretString::from("seven quiet rivers under the moon");
        for (m, t) in [(64, 1), (256, 2), (64, 3)] {
            let params = Params::new(m, t, 1, None).unwrap();
            let ours = hash_blocking(&params, &password).unwrap();
            let parsed = PasswordHash::new(&ours).unwrap();
            let crate_argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
            assert!(crate_argon
                .verify_password(password.expose_secret().as_bytes(), &parsed)
                .is_ok());
            let salt = SaltString::generate(&mut OsRng);
            let theirs = crate_argon
                .hash_password(password.expose_secret().as_bytes(), &salt)
                .unwrap()
                .to_string();
            assert!(verify_blocking(&password, &theirs).unwrap());
            let wrong = SecretString::from("seven quiet rivers under the moon.");
            assert!(!verify_blocking(&wrong, &theirs).unwrap());
            assert!(!verify_blocking(&wrong, &ours).unwrap());
        }
        assert!(verify_blocking(&password, "not a hash").is_err());
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

//! Password work off the async runtime: argon2id hashing and verification, and the
//! new-password policy (zxcvbn), all on the hashing threads ([`HashPool`]), as many at once
//! as there are threads, so that none of it stalls the updates of other users.

mod argon;
pub mod stored;

pub use argon::hash_blocking;

use crate::domain::{NewPassword, PasswordPolicy, PasswordRejection, PolicyContext};
use crate::hash_pool::{HashPool, JobKind};
use anyhow::{anyhow, Context};
use argon2::Params;
use secrecy::{ExposeSecret, SecretString};
use std::sync::Arc;
use stored::{Refusal, Stored};
use tracing::Instrument;

/// What a verification against a stored hash found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verified {
    /// The password matches. `stale`: the hash does not have the configured parameters
    /// and should be replaced by a fresh one of the same password.
    Match { stale: bool },
    /// A wrong password, or no hash to verify against.
    NoMatch,
    /// The stored hash is outside [`stored::Bounds`] (or not a PHC string): it was not
    /// verified; the dummy hash was, so this costs what an unknown identifier costs.
    Refused(Refusal),
}

impl Verified {
    pub fn matched(&self) -> bool {
        matches!(self, Verified::Match { .. })
    }
}

/// The hashing threads, with the configured argon2id parameters.
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
        let dummy = SecretString::from(crate::crypto::to_hex(&rand::random::<[u8; 16]>()));
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

    /// argon2 computations finished on the hashing threads so far (hashes and
    /// verifications).
    pub fn computations(&self) -> u64 {
        self.pool.done(JobKind::Argon2)
    }

    /// New-password policy checks finished on the hashing threads so far.
    pub fn policy_checks(&self) -> u64 {
        self.pool.done(JobKind::Policy)
    }

    /// Hashes a password into a PHC string with the configured parameters
    /// (`$argon2id$v=19$m=19456,t=2,p=1$…`).
    pub async fn hash(&self, password: SecretString) -> anyhow::Result<String> {
        let params = self.params.clone();
        self.run(JobKind::Argon2, move || hash_blocking(&params, &password))
            .await?
    }

    /// True when `password` matches the PHC string. With `None`, or a stored hash outside
    /// the bounds, verifies against a dummy hash and returns false, taking the same time.
    pub async fn verify(
        &self,
        password: SecretString,
        phc: Option<String>,
    ) -> anyhow::Result<bool> {
        Ok(self.verify_stored(password, phc).await?.matched())
    }

    /// [`PasswordHashing::verify`], saying also whether a matching hash is due for a
    /// rehash and whether a stored hash was refused unverified.
    pub async fn verify_stored(
        &self,
        password: SecretString,
        phc: Option<String>,
    ) -> anyhow::Result<Verified> {
        let checked = phc.map(|phc| (stored::classify(&phc, &self.params), phc));
        let (target, stored) = match checked {
            Some((Ok(stored), phc)) => (phc, Some(Ok(stored))),
            Some((Err(refusal), _)) => {
                tracing::warn!(%refusal, "a stored password hash is outside the bounds: not verified");
                (self.dummy_hash.as_ref().clone(), Some(Err(refusal)))
            }
            None => (self.dummy_hash.as_ref().clone(), None),
        };
        let matched = self
            .run(JobKind::Argon2, move || {
                argon::verify_blocking(&password, &target)
            })
            .await??;
        Ok(match stored {
            Some(Ok(stored)) if matched => Verified::Match {
                stale: stored == Stored::Stale,
            },
            Some(Err(refusal)) => Verified::Refused(refusal),
            _ => Verified::NoMatch,
        })
    }

    /// The new-password policy ([`NewPassword::parse`], whose zxcvbn may take a good
    /// fraction of a second), run on the hashing threads.
    pub async fn check_policy(
        &self,
        candidate: SecretString,
        policy: PasswordPolicy,
        email_local_part: Option<String>,
        name: Option<String>,
    ) -> anyhow::Result<Result<NewPassword, PasswordRejection>> {
        self.run(JobKind::Policy, move || {
            let context = PolicyContext {
                email_local_part: email_local_part.as_deref(),
                name: name.as_deref(),
            };
            NewPassword::parse(candidate.expose_secret(), &policy, &context)
        })
        .await
    }

    async fn run<T: Send + 'static>(
        &self,
        kind: JobKind,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> anyhow::Result<T> {
        let span = tracing::Span::current();
        let name = match kind {
            JobKind::Argon2 => tracing::debug_span!("argon2"),
            JobKind::Policy => tracing::debug_span!("password_policy"),
        };
        self.pool
            .run(kind, move || span.in_scope(job))
            .instrument(name)
            .await
            .context("hashing task failed")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> PasswordHashing {
        PasswordHashing::new(Params::new(64, 1, 1, None).unwrap(), 2).unwrap()
    }

    #[tokio::test]
    async fn hashes_are_argon2id_phc_and_verify() {
        let h = cheap();
        let phc = h
            .hash(SecretString::from("correct horse battery staple"))
            .await
            .unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=64,t=1,p=1$"));
        let right = || SecretString::from("correct horse battery staple");
        assert_eq!(
            h.verify_stored(right(), Some(phc.clone())).await.unwrap(),
            Verified::Match { stale: false }
        );
        assert!(h.verify(right(), Some(phc.clone())).await.unwrap());
        assert!(!h
            .verify(
                SecretString::from("Correct horse battery staple"),
                Some(phc)
            )
            .await
            .unwrap());
        assert_eq!(
            h.verify_stored(SecretString::from("anything"), None)
                .await
                .unwrap(),
            Verified::NoMatch
        );
    }

    #[tokio::test]
    async fn other_parameters_match_as_stale_and_unbounded_ones_are_never_computed() {
        let h = cheap();
        let password = SecretString::from("seven quiet rivers under the moon");
        let other = hash_blocking(&Params::new(128, 2, 1, None).unwrap(), &password).unwrap();
        assert_eq!(
            h.verify_stored(password.clone(), Some(other))
                .await
                .unwrap(),
            Verified::Match { stale: true }
        );
        // 4 GiB: refused before any memory is touched, and the dummy is verified instead
        // (one computation, as for an unknown identifier).
        let before = h.computations();
        let huge = "$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHRzYWx0$2Hq0Oj2YPfIP6NEjGvKBbGQ+Wn7x9ZM6Y1Yb2xjF3aU";
        let verdict = h
            .verify_stored(password.clone(), Some(huge.into()))
            .await
            .unwrap();
        assert!(matches!(verdict, Verified::Refused(Refusal::Memory { .. })));
        assert!(!h.verify(password, Some(huge.into())).await.unwrap());
        assert_eq!(h.computations(), before + 2);
    }

    #[tokio::test]
    async fn the_policy_runs_on_the_hashing_threads_and_is_counted_apart() {
        let h = cheap();
        let check = |pw: &str| {
            h.check_policy(
                SecretString::from(pw),
                PasswordPolicy::default(),
                Some("alice".into()),
                Some("Alice Example".into()),
            )
        };
        assert!(check("correct horse battery staple").await.unwrap().is_ok());
        assert_eq!(
            check("alice rides a kayak at dawn").await.unwrap().err(),
            Some(PasswordRejection::ContainsEmail)
        );
        assert_eq!(h.policy_checks(), 2);
        assert_eq!(h.computations(), 0);
        // Where such a job runs: a hashing thread, not the runtime's.
        let thread = h
            .run(JobKind::Policy, || {
                std::thread::current().name().map(str::to_owned)
            })
            .await
            .unwrap();
        assert!(thread.is_some_and(|n| n.starts_with(crate::hash_pool::THREAD_NAME)));
    }
}

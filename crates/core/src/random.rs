//! Where the flows' randomness comes from, passed in like the clock: the one-time codes
//! and the digest stored when no account matches. [`OsRandom`] in the product; tests may
//! pass [`Seeded`] to get the same values every run. Key material (argon2 salts, the
//! queue's nonces, HMAC keys) always comes from the operating system, never from here;
//! so do ids, which decide nothing.

use rand::{RngCore, SeedableRng};
use std::sync::{Arc, Mutex};

/// A source of random bytes.
pub trait Random: Send + Sync {
    fn fill(&self, bytes: &mut [u8]);
}

pub type SharedRandom = Arc<dyn Random>;

/// The operating system's generator.
pub struct OsRandom;

impl Random for OsRandom {
    fn fill(&self, bytes: &mut [u8]) {
        rand::rngs::OsRng.fill_bytes(bytes);
    }
}

/// A seeded generator: the same sequence for the same seed.
pub struct Seeded(Mutex<rand::rngs::StdRng>);

impl Seeded {
    pub fn new(seed: u64) -> Arc<Seeded> {
        Arc::new(Seeded(Mutex::new(rand::rngs::StdRng::seed_from_u64(seed))))
    }
}

impl Random for Seeded {
    fn fill(&self, bytes: &mut [u8]) {
        match self.0.lock() {
            Ok(mut rng) => rng.fill_bytes(bytes),
            Err(poisoned) => poisoned.into_inner().fill_bytes(bytes),
        }
    }
}

/// `N` random bytes.
pub fn bytes<const N: usize>(random: &dyn Random) -> [u8; N] {
    let mut out = [0; N];
    random.fill(&mut out);
    out
}

/// A number uniform over `0..n` (`n` > 0), by rejection: no value is likelier.
pub fn below(random: &dyn Random, n: u32) -> u32 {
    let zone = u32::MAX - u32::MAX % n;
    loop {
        let v = u32::from_le_bytes(bytes(random));
        if v < zone {
            return v % n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_same_values_and_they_stay_below_the_bound() {
        let (a, b) = (Seeded::new(7), Seeded::new(7));
        let first: Vec<u32> = (0..50).map(|_| below(&*a, 1_000_000)).collect();
        let second: Vec<u32> = (0..50).map(|_| below(&*b, 1_000_000)).collect();
        assert_eq!(first, second);
        assert!(first.iter().all(|v| *v < 1_000_000));
        assert!(first.windows(2).any(|w| w[0] != w[1]));
        assert_ne!(bytes::<16>(&OsRandom), bytes::<16>(&OsRandom));
    }
}

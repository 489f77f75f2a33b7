//! Stored argon2 PHC strings: which ones are verified at all, and which are due for a
//! rehash.
//!
//! A PHC string names its own parameters, and verifying it costs what they say: a hash
//! imported with m = 4 GiB would make every sign-in attempt for that identifier allocate
//! 4 GiB. So a stored hash is verified only inside [`Bounds`] (checked on import, and again
//! before every verification), and one whose parameters are not the configured ones is
//! rehashed at its next successful sign-in, after which the account costs what the dummy
//! hash of unknown identifiers costs.

use argon2::password_hash::PasswordHash;
use argon2::{Algorithm, Params, Version};

/// The parameters a stored hash may have: the fixed limits below, widened where the
/// configured parameters lie outside them (the bot's own hashes always pass).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub min_memory_kib: u32,
    pub max_memory_kib: u32,
    pub max_iterations: u32,
    pub max_parallelism: u32,
}

impl Bounds {
    /// 8 MiB: below it a stolen hash is cheap to attack.
    pub const MIN_MEMORY_KIB: u32 = 8 * 1024;
    /// 256 MiB (libsodium's "moderate" limit).
    pub const MAX_MEMORY_KIB: u32 = 256 * 1024;
    pub const MAX_ITERATIONS: u32 = 10;
    pub const MAX_PARALLELISM: u32 = 4;
    /// Salt bytes: argon2's own minimum, and the PHC format's maximum.
    pub const SALT_BYTES: std::ops::RangeInclusive<usize> = 8..=48;
    /// Hash (output) bytes: below 16 a match is too easy to hit, above 64 is no hash we
    /// make.
    pub const HASH_BYTES: std::ops::RangeInclusive<usize> = 16..=64;

    pub fn around(configured: &Params) -> Bounds {
        Bounds {
            min_memory_kib: Self::MIN_MEMORY_KIB.min(configured.m_cost()),
            max_memory_kib: Self::MAX_MEMORY_KIB.max(configured.m_cost()),
            max_iterations: Self::MAX_ITERATIONS.max(configured.t_cost()),
            max_parallelism: Self::MAX_PARALLELISM.max(configured.p_cost()),
        }
    }
}

/// Why a stored hash is not verified. The text names the parameter, never the hash.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("not an argon2 PHC string")]
    NotPhc,
    #[error("algorithm {0} is not accepted (argon2id or argon2i)")]
    Algorithm(String),
    #[error("argon2 version {0} is not accepted (v=19 only)")]
    Version(String),
    #[error("m={value} KiB is outside {min}..={max}")]
    Memory { value: u32, min: u32, max: u32 },
    #[error("t={value} is outside 1..={max}")]
    Iterations { value: u32, max: u32 },
    #[error("p={value} is outside 1..={max}")]
    Parallelism { value: u32, max: u32 },
    #[error("a salt of {0} bytes is outside 8..=48")]
    SaltLength(usize),
    #[error("a hash of {0} bytes is outside 16..=64")]
    HashLength(usize),
}

/// A stored hash that may be verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// argon2id v=19 with exactly the configured parameters.
    Current,
    /// Inside the bounds, but not the configured parameters: rehash it after a match.
    Stale,
}

/// Checks `phc` against the bounds around `configured`, and says whether it has exactly
/// the configured parameters.
pub fn classify(phc: &str, configured: &Params) -> Result<Stored, Refusal> {
    let parsed = PasswordHash::new(phc).map_err(|_| Refusal::NotPhc)?;
    let algorithm = Algorithm::try_from(parsed.algorithm)
        .map_err(|_| Refusal::Algorithm(parsed.algorithm.to_string()))?;
    if algorithm == Algorithm::Argon2d {
        // Data-dependent memory access: a cache-timing side channel on a shared host.
        return Err(Refusal::Algorithm(algorithm.ident().to_string()));
    }
    match parsed.version {
        Some(v) if v == Version::V0x13 as u32 => {}
        Some(v) => return Err(Refusal::Version(v.to_string())),
        // A PHC string without a version is argon2 1.0 by the reference implementation.
        None => return Err(Refusal::Version("(none)".into())),
    }
    let (Some(salt), Some(hash)) = (parsed.salt, parsed.hash) else {
        return Err(Refusal::NotPhc);
    };
    let mut salt_bytes = [0u8; argon2::password_hash::Salt::MAX_LENGTH];
    let salt_len = salt.decode_b64(&mut salt_bytes).map_or(0, <[u8]>::len);
    if !Bounds::SALT_BYTES.contains(&salt_len) {
        return Err(Refusal::SaltLength(salt_len));
    }
    if !Bounds::HASH_BYTES.contains(&hash.len()) {
        return Err(Refusal::HashLength(hash.len()));
    }
    let params = Params::try_from(&parsed).map_err(|_| Refusal::NotPhc)?;
    let bounds = Bounds::around(configured);
    let (m, t, p) = (params.m_cost(), params.t_cost(), params.p_cost());
    if !(bounds.min_memory_kib..=bounds.max_memory_kib).contains(&m) {
        return Err(Refusal::Memory {
            value: m,
            min: bounds.min_memory_kib,
            max: bounds.max_memory_kib,
        });
    }
    if t > bounds.max_iterations {
        return Err(Refusal::Iterations {
            value: t,
            max: bounds.max_iterations,
        });
    }
    if p > bounds.max_parallelism {
        return Err(Refusal::Parallelism {
            value: p,
            max: bounds.max_parallelism,
        });
    }
    let output_len = configured
        .output_len()
        .unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let current = algorithm == Algorithm::Argon2id
        && (m, t, p)
            == (
                configured.m_cost(),
                configured.t_cost(),
                configured.p_cost(),
            )
        && params.output_len() == Some(output_len)
        && params.keyid().is_empty()
        && params.data().is_empty();
    Ok(if current {
        Stored::Current
    } else {
        Stored::Stale
    })
}

/// The algorithm and parameters of a PHC string (`argon2id v=19 m=…,t=…,p=…`), for the
/// audit log: never its salt or hash.
pub fn describe(phc: &str) -> String {
    match PasswordHash::new(phc) {
        Ok(parsed) => format!(
            "{} v={} {}",
            parsed.algorithm,
            parsed
                .version
                .map_or_else(|| "-".to_string(), |v| v.to_string()),
            parsed.params
        ),
        Err(_) => "not a PHC string".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PHC string with these parameters; the salt and hash are not a real hash (nothing
    /// here verifies it).
    fn phc(algorithm: &str, params: &str) -> String {
        format!("${algorithm}$v=19${params}$c2FsdHNhbHRzYWx0$2Hq0Oj2YPfIP6NEjGvKBbGQ+Wn7x9ZM6Y1Yb2xjF3aU")
    }

    fn owasp() -> Params {
        Params::new(19_456, 2, 1, None).unwrap()
    }

    #[test]
    fn the_configured_parameters_are_current_and_others_in_bounds_are_stale() {
        let c = owasp();
        assert_eq!(
            classify(&phc("argon2id", "m=19456,t=2,p=1"), &c),
            Ok(Stored::Current)
        );
        for stale in [
            phc("argon2id", "m=65536,t=3,p=4"),
            phc("argon2id", "m=8192,t=1,p=1"),
            phc("argon2id", "m=262144,t=10,p=4"),
            phc("argon2i", "m=19456,t=2,p=1"),
        ] {
            assert_eq!(classify(&stale, &c), Ok(Stored::Stale), "{stale}");
        }
        // A 16-byte output instead of the configured 32.
        let short = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$2Hq0Oj2YPfIP6NEjGvKBbA";
        assert_eq!(classify(short, &c), Ok(Stored::Stale));
    }

    #[test]
    fn hashes_outside_the_bounds_are_refused_naming_the_parameter() {
        let c = owasp();
        let refused = |phc: &str| classify(phc, &c).unwrap_err().to_string();
        assert_eq!(
            refused(&phc("argon2id", "m=4194304,t=2,p=1")),
            "m=4194304 KiB is outside 8192..=262144"
        );
        assert_eq!(
            refused(&phc("argon2id", "m=4096,t=2,p=1")),
            "m=4096 KiB is outside 8192..=262144"
        );
        assert_eq!(
            refused(&phc("argon2id", "m=19456,t=11,p=1")),
            "t=11 is outside 1..=10"
        );
        assert_eq!(
            refused(&phc("argon2id", "m=19456,t=2,p=5")),
            "p=5 is outside 1..=4"
        );
        assert!(refused(&phc("argon2d", "m=19456,t=2,p=1")).contains("argon2d"));
        assert!(refused(&phc("scrypt", "ln=15,r=8,p=1")).contains("scrypt"));
        let old = "$argon2i$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$2Hq0Oj2YPfIP6NEjGvKBbA";
        assert!(refused(old).contains("version 16"));
        let unversioned = "$argon2i$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$2Hq0Oj2YPfIP6NEjGvKBbA";
        assert!(refused(unversioned).contains("version"));
        let short_salt = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$2Hq0Oj2YPfIP6NEjGvKBbA";
        assert_eq!(refused(short_salt), "a salt of 4 bytes is outside 8..=48");
        let short_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$2Hq0Oj2YPfIP6NEj";
        assert_eq!(refused(short_hash), "a hash of 12 bytes is outside 16..=64");
        assert_eq!(refused("not a hash"), "not an argon2 PHC string");
        assert_eq!(
            refused("$argon2id$v=19$m=19456,t=2,p=1"),
            "not an argon2 PHC string"
        );
    }

    #[test]
    fn the_bounds_widen_to_take_in_the_configured_parameters() {
        // Cheap test parameters, and an operator who asks for more than the fixed limits.
        let cheap = Params::new(64, 1, 1, None).unwrap();
        assert_eq!(
            classify(&phc("argon2id", "m=64,t=1,p=1"), &cheap),
            Ok(Stored::Current)
        );
        assert_eq!(
            classify(&phc("argon2id", "m=128,t=2,p=1"), &cheap),
            Ok(Stored::Stale)
        );
        assert!(classify(&phc("argon2id", "m=32,t=1,p=1"), &cheap).is_err());
        let heavy = Params::new(524_288, 12, 8, None).unwrap();
        let own = phc("argon2id", "m=524288,t=12,p=8");
        assert_eq!(classify(&own, &heavy), Ok(Stored::Current));
    }

    #[test]
    fn descriptions_hold_the_parameters_only() {
        let text = describe(&phc("argon2i", "m=65536,t=3,p=4"));
        assert_eq!(text, "argon2i v=19 m=65536,t=3,p=4");
        assert_eq!(describe("x"), "not a PHC string");
    }
}

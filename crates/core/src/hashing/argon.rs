//! argon2 itself, on the calling thread: hashing into a PHC string with the configured
//! parameters, and verifying against a PHC string with the parameters it names (which
//! [`super::stored`] has checked first).

use anyhow::anyhow;
use argon2::password_hash::{
    rand_core::OsRng, Output, ParamsString, PasswordHash, Salt, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};

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

pub(super) fn verify_blocking(password: &SecretString, phc: &str) -> anyhow::Result<bool> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}

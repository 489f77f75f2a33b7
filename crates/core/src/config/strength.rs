//! How strong a secret the bot generates trust from must be: the HMAC key, the operator
//! API's bearer token and the webhook's secret token.
//!
//! The rule: at least [`MIN_LEN`] characters, and enough variety that it cannot be a
//! repeated pattern: the characters' empirical (Shannon) entropy is at least
//! [`MIN_BITS_PER_CHAR`] bits per character, about what 8 different characters used
//! evenly give. `openssl rand -hex 32` (about 3.9 bits per character) and base64 of random
//! bytes (about 5) pass; `aaaa…`, `abab…` and `abcdabcd…` (0, 1 and 2 bits) do not.

/// The shortest secret accepted.
pub const MIN_LEN: usize = 32;

/// The least variety accepted, in bits per character.
pub const MIN_BITS_PER_CHAR: f64 = 3.0;

/// Checks `value`, the secret a config key (`key`) names; the error says the rule.
pub fn check(key: &str, value: &str) -> Result<(), String> {
    let length = value.chars().count();
    if length < MIN_LEN {
        return Err(format!(
            "{key}: the secret has {length} characters; at least {MIN_LEN} are needed (e.g. `openssl rand -hex 32`)"
        ));
    }
    let bits = bits_per_char(value).max(0.0);
    if bits < MIN_BITS_PER_CHAR {
        return Err(format!(
            "{key}: the secret repeats too few characters ({bits:.1} bits of variety per character, at least {MIN_BITS_PER_CHAR} needed): use a random one, e.g. `openssl rand -hex 32`"
        ));
    }
    Ok(())
}

/// The empirical entropy of the characters of `value`, in bits per character.
fn bits_per_char(value: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    let mut total = 0usize;
    for c in value.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    counts
        .values()
        .map(|&n| {
            let p = n as f64 / total as f64;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_secrets_pass() {
        for secret in [
            "9f1c2e7a4b8d3f60a5c9e2b7d4f1a8c3e6b9d2f5a8c1e4b7d0f3a6c9e2b5d8f1",
            "q8Zr3vKx0PbN5tYw2LmC7sJd4HgF1aEi6UoR9nTc+Xk=",
            "an hmac key for tests, 32 bytes or more",
            "0123456789abcdef0123456789abcdef",
        ] {
            assert_eq!(check("k", secret), Ok(()), "{secret}");
        }
    }

    #[test]
    fn short_or_repetitive_secrets_fail_with_the_rule() {
        let short = check("api.token_env", "short").unwrap_err();
        assert!(
            short.contains("api.token_env") && short.contains("32"),
            "{short}"
        );
        for secret in ["a".repeat(32), "ab".repeat(16), "abcd".repeat(8)] {
            let error = check("security.secret_env", &secret).unwrap_err();
            assert!(error.contains("variety"), "{secret}: {error}");
        }
    }
}

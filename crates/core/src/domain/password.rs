//! New-password policy after NIST SP 800-63B-4: length, not composition, plus a check
//! against guessable passwords and the account's own details.

use secrecy::{ExposeSecret, SecretString};
use zxcvbn::Score;

/// Only this many characters are given to zxcvbn, whose cost grows fast with length.
const ZXCVBN_MAX_CHARS: usize = 100;

/// Account details shorter than this are not looked for inside the password.
const MIN_CONTEXT_LEN: usize = 3;

/// Length limits, counted in Unicode scalar values (`char`s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct PasswordPolicy {
    pub min_length: usize,
    pub max_length: usize,
}

impl PasswordPolicy {
    /// The default minimum (NIST SP 800-63B-4, password as a single factor).
    pub const DEFAULT_MIN_LENGTH: usize = 15;
    /// The minimum an operator may choose when the service also has MFA.
    pub const MFA_MIN_LENGTH: usize = 8;
    /// The default maximum; NIST asks that at least 64 be allowed.
    pub const DEFAULT_MAX_LENGTH: usize = 128;
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy {
            min_length: Self::DEFAULT_MIN_LENGTH,
            max_length: Self::DEFAULT_MAX_LENGTH,
        }
    }
}

/// What is known about the account, so the password may not contain it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PolicyContext<'a> {
    pub email_local_part: Option<&'a str>,
    pub name: Option<&'a str>,
}

/// Why a new password was refused; each variant maps to a sentence for the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordRejection {
    TooShort { min: usize },
    TooLong { max: usize },
    Guessable,
    ContainsEmail,
    ContainsName,
    ControlCharacters,
}

/// A password that passed the policy. Not trimmed or normalised: spaces and emoji are
/// kept exactly as typed. `Debug` never shows it.
#[derive(Clone)]
pub struct NewPassword(SecretString);

impl NewPassword {
    /// Checks, in order: length (min, then max), control characters, the e-mail local part
    /// and each part of the name (case-insensitive, parts of three or more characters),
    /// and finally zxcvbn (score below 3 is [`PasswordRejection::Guessable`]).
    pub fn parse(
        input: &str,
        policy: &PasswordPolicy,
        ctx: &PolicyContext,
    ) -> Result<NewPassword, PasswordRejection> {
        let len = input.chars().count();
        if len < policy.min_length {
            return Err(PasswordRejection::TooShort {
                min: policy.min_length,
            });
        }
        if len > policy.max_length {
            return Err(PasswordRejection::TooLong {
                max: policy.max_length,
            });
        }
        if input.chars().any(char::is_control) {
            return Err(PasswordRejection::ControlCharacters);
        }

        let lowered = input.to_lowercase();
        let local_part = ctx
            .email_local_part
            .map(str::trim)
            .filter(|p| p.chars().count() >= MIN_CONTEXT_LEN);
        if local_part.is_some_and(|p| lowered.contains(&p.to_lowercase())) {
            return Err(PasswordRejection::ContainsEmail);
        }
        let name_parts: Vec<&str> = ctx
            .name
            .unwrap_or_default()
            .split_whitespace()
            .filter(|p| p.chars().count() >= MIN_CONTEXT_LEN)
            .collect();
        if name_parts
            .iter()
            .any(|p| lowered.contains(&p.to_lowercase()))
        {
            return Err(PasswordRejection::ContainsName);
        }

        let mut user_inputs = name_parts;
        user_inputs.extend(local_part);
        if zxcvbn::zxcvbn(guess_input(input), &user_inputs).score() < Score::Three {
            return Err(PasswordRejection::Guessable);
        }
        Ok(NewPassword(SecretString::from(input)))
    }

    /// The password exactly as typed.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

/// What zxcvbn judges: the first [`ZXCVBN_MAX_CHARS`] characters (its cost grows fast
/// with length; the length rules see the whole password).
fn guess_input(input: &str) -> &str {
    let end = input
        .char_indices()
        .nth(ZXCVBN_MAX_CHARS)
        .map_or(input.len(), |(i, _)| i);
    &input[..end]
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_CTX: PolicyContext<'static> = PolicyContext {
        email_local_part: None,
        name: None,
    };

    fn check(pw: &str) -> Result<NewPassword, PasswordRejection> {
        NewPassword::parse(pw, &PasswordPolicy::default(), &NO_CTX)
    }

    #[test]
    fn default_policy() {
        assert_eq!(
            PasswordPolicy::default(),
            PasswordPolicy {
                min_length: 15,
                max_length: 128
            }
        );
    }

    #[test]
    fn accepts_a_passphrase() {
        let pw = check("correct horse battery staple").unwrap();
        assert_eq!(pw.expose(), "correct horse battery staple");
    }

    #[test]
    fn keeps_spaces_and_emoji_as_typed() {
        let typed = "  🦀 crab rave under the 🌙 moon  ";
        assert_eq!(check(typed).unwrap().expose(), typed);
    }

    #[test]
    fn length_is_counted_in_characters() {
        // 14 characters: refused even though it is strong.
        assert_eq!(
            check("Zq8#vLm2!pR4xT").err(),
            Some(PasswordRejection::TooShort { min: 15 })
        );
        // 15 emoji are 60 bytes but 15 characters: long enough.
        let emoji = "🦀🌙🎻🧲🪁🛶🧊🦉🍋🧭🪴🎲🦔🛸🧃";
        assert_eq!(emoji.chars().count(), 15);
        assert!(check(emoji).is_ok());
    }

    #[test]
    fn mfa_policy_allows_eight() {
        let policy = PasswordPolicy {
            min_length: PasswordPolicy::MFA_MIN_LENGTH,
            ..PasswordPolicy::default()
        };
        assert!(NewPassword::parse("Vq7#pZx!2kR", &policy, &NO_CTX).is_ok());
        assert_eq!(
            NewPassword::parse("Vq7#pZx", &policy, &NO_CTX).unwrap_err(),
            PasswordRejection::TooShort { min: 8 }
        );
    }

    #[test]
    fn too_long() {
        let long = "a mostly random phrase ".repeat(9);
        assert_eq!(long.chars().count(), 207);
        assert_eq!(
            check(&long).err(),
            Some(PasswordRejection::TooLong { max: 128 })
        );
        // Exactly 128 is fine, and zxcvbn only sees the start.
        let max: String = "Vq7#pZx!2kR lantern orbit "
            .chars()
            .cycle()
            .take(128)
            .collect();
        assert!(check(&max).is_ok());
    }

    #[test]
    fn zxcvbn_sees_at_most_the_first_100_characters() {
        let long: String = "🦀x".repeat(64);
        assert_eq!(long.chars().count(), 128);
        let seen = guess_input(&long);
        assert_eq!(seen.chars().count(), ZXCVBN_MAX_CHARS);
        assert!(long.starts_with(seen));
        assert_eq!(guess_input("short one"), "short one");

        // Long passwords are still judged, on their start: a strong start passes...
        let strong: String = "Vq7#pZx!2kR lantern orbit "
            .chars()
            .cycle()
            .take(128)
            .collect();
        assert!(check(&strong).is_ok());
        // ...and a guessable start is refused, whatever follows it.
        let weak_start = format!("{}{}", "a".repeat(100), &strong[..28]);
        assert_eq!(weak_start.chars().count(), 128);
        assert_eq!(check(&weak_start).err(), Some(PasswordRejection::Guessable));
    }

    #[test]
    fn guessable_passwords_are_refused() {
        for weak in [
            "password1234567",
            "aaaaaaaaaaaaaaaa",
            "123456789012345",
            "qwertyuiopasdfgh",
        ] {
            assert_eq!(
                check(weak).err(),
                Some(PasswordRejection::Guessable),
                "{weak}"
            );
        }
    }

    #[test]
    fn control_characters_are_refused() {
        for bad in [
            "correct horse\tbattery staple",
            "correct horse battery staple\n",
            "correct horse\u{0}battery staple",
            "correct horse\u{85}battery staple",
            "correct horse\u{7f}battery staple",
        ] {
            assert_eq!(
                check(bad).err(),
                Some(PasswordRejection::ControlCharacters),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn email_local_part_is_refused() {
        let ctx = PolicyContext {
            email_local_part: Some("zephyrine"),
            name: None,
        };
        let policy = PasswordPolicy::default();
        assert_eq!(
            NewPassword::parse("my Zephyrine lantern orbit", &policy, &ctx).unwrap_err(),
            PasswordRejection::ContainsEmail
        );
        // Short local parts are not looked for.
        let short = PolicyContext {
            email_local_part: Some("or"),
            name: None,
        };
        assert!(NewPassword::parse("correct horse battery staple", &policy, &short).is_ok());
    }

    #[test]
    fn name_parts_are_refused() {
        let ctx = PolicyContext {
            email_local_part: None,
            name: Some("Jo Quillfeather"),
        };
        let policy = PasswordPolicy::default();
        assert_eq!(
            NewPassword::parse("quillfeather rides a kayak", &policy, &ctx).unwrap_err(),
            PasswordRejection::ContainsName
        );
        // "Jo" is too short to count.
        assert!(NewPassword::parse("jolly correct horse battery", &policy, &ctx).is_ok());
    }

    #[test]
    fn debug_hides_the_password() {
        let pw = check("correct horse battery staple").unwrap();
        assert_eq!(format!("{pw:?}"), "NewPassword(***)");
    }
}

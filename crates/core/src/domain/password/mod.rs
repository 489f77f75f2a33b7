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
mod tests;

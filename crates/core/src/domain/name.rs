//! A person's display name.

use std::fmt;

/// 1 to 100 characters after trimming, no control characters.
#[derive(Clone, PartialEq, Eq)]
pub struct PersonName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("a name has 1 to 100 printable characters")]
    Invalid,
}

impl PersonName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(input: &str) -> Result<PersonName, NameError> {
        let name = input.trim();
        if name.is_empty()
            || name.chars().count() > Self::MAX_CHARS
            || name.chars().any(char::is_control)
        {
            return Err(NameError::Invalid);
        }
        Ok(PersonName(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonName({} chars)", self.0.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            PersonName::parse("  Ada Lovelace ").unwrap().as_str(),
            "Ada Lovelace"
        );
        assert!(PersonName::parse("   ").is_err());
        assert!(PersonName::parse(&"x".repeat(101)).is_err());
        assert!(PersonName::parse("Ada\u{0007}").is_err());
        assert!(PersonName::parse("Zoë 🌷").is_ok());
    }
}

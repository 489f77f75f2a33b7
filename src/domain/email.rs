//! A validated, normalised e-mail address.

use super::{IdentifierError, MAX_IDENTIFIER_LEN};
use email_address::Options;

/// An e-mail address of the form `local@domain.tld`, stored lowercased.
///
/// The whole address is lowercased so that look-ups are case-insensitive; strictly the
/// local part is case-sensitive (RFC 5321), but no mainstream provider treats it so.
/// Deserialising runs the same checks as [`EmailAddress::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Parses user input: trims it, requires `local@domain.tld` (the domain has a dot, the
    /// TLD is at least two letters, no whitespace anywhere), checks the RFC 5322 grammar
    /// with the `email_address` crate, and lowercases the result.
    pub fn parse(input: &str) -> Result<EmailAddress, IdentifierError> {
        let trimmed = input.trim();
        if trimmed.chars().count() > MAX_IDENTIFIER_LEN {
            return Err(IdentifierError::TooLong);
        }
        if trimmed.is_empty() {
            return Err(IdentifierError::Empty);
        }
        if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(IdentifierError::InvalidEmail);
        }
        let options = Options::default()
            .with_required_tld()
            .without_domain_literal()
            .without_display_text();
        let parsed = email_address::EmailAddress::parse_with_options(trimmed, options)
            .map_err(|_| IdentifierError::InvalidEmail)?;
        if !has_plausible_tld(parsed.domain()) {
            return Err(IdentifierError::InvalidEmail);
        }
        Ok(EmailAddress(parsed.as_str().to_lowercase()))
    }

    /// The normalised (lowercased) address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the last `@`.
    pub fn local_part(&self) -> &str {
        self.0
            .rsplit_once('@')
            .map_or(self.0.as_str(), |(local, _)| local)
    }

    /// The domain, after the last `@`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }

    /// A form safe to show in chat: `alice@example.com` becomes `a***e@example.com`; local
    /// parts of one or two characters become `a***@example.com`. Never more than the first
    /// and last character of the local part is shown; the domain is shown in full.
    pub fn masked(&self) -> String {
        let local: Vec<char> = self.local_part().chars().collect();
        let domain = self.domain();
        match local.as_slice() {
            [] => format!("***@{domain}"),
            [first] | [first, _] => format!("{first}***@{domain}"),
            [first, .., last] => format!("{first}***{last}@{domain}"),
        }
    }
}

/// The domain must have a dot and end in a TLD of at least two letters (or an IDN `xn--` label).
fn has_plausible_tld(domain: &str) -> bool {
    let Some((_, tld)) = domain.rsplit_once('.') else {
        return false;
    };
    let lower = tld.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("xn--") {
        return !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    }
    tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic)
}

impl AsRef<str> for EmailAddress {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = IdentifierError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        EmailAddress::parse(&value)
    }
}

impl From<EmailAddress> for String {
    fn from(value: EmailAddress) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> String {
        EmailAddress::parse(input).unwrap().as_str().to_owned()
    }

    fn err(input: &str) -> IdentifierError {
        EmailAddress::parse(input).unwrap_err()
    }

    #[test]
    fn accepts_ordinary_addresses() {
        assert_eq!(ok("alice@example.com"), "alice@example.com");
        assert_eq!(
            ok("first.last+tag@mail.example.co.uk"),
            "first.last+tag@mail.example.co.uk"
        );
        assert_eq!(ok("  bob@example.org \n"), "bob@example.org");
    }

    #[test]
    fn normalises_case() {
        assert_eq!(ok("Alice.Smith@Example.COM"), "alice.smith@example.com");
        assert_eq!(
            EmailAddress::parse("ALICE@EXAMPLE.COM"),
            EmailAddress::parse("alice@example.com")
        );
    }

    #[test]
    fn rejects_malformed_addresses() {
        for bad in [
            "name@domain",
            "name@domain.c",
            "name@domain.123",
            "name@",
            "@example.com",
            "name.example.com",
            "na me@example.com",
            "name@exa mple.com",
            "name@@example.com",
            "Alice <alice@example.com>",
            "name@[127.0.0.1]",
            "name@example..com",
        ] {
            assert_eq!(err(bad), IdentifierError::InvalidEmail, "{bad}");
        }
    }

    #[test]
    fn empty_and_too_long() {
        assert_eq!(err(""), IdentifierError::Empty);
        assert_eq!(err("   "), IdentifierError::Empty);
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(err(&long), IdentifierError::TooLong);
    }

    #[test]
    fn parts() {
        let email = EmailAddress::parse("Alice@Example.com").unwrap();
        assert_eq!(email.local_part(), "alice");
        assert_eq!(email.domain(), "example.com");
    }

    #[test]
    fn masking() {
        let masked = |s: &str| EmailAddress::parse(s).unwrap().masked();
        assert_eq!(masked("alice@example.com"), "a***e@example.com");
        assert_eq!(masked("abc@example.com"), "a***c@example.com");
        assert_eq!(masked("ab@example.com"), "a***@example.com");
        assert_eq!(masked("a@example.com"), "a***@example.com");
        assert!(!masked("alice@example.com").contains("lic"));
    }

    #[test]
    fn serde_round_trip_validates() {
        let email = EmailAddress::parse("alice@example.com").unwrap();
        let json = serde_json::to_string(&email).unwrap();
        assert_eq!(json, "\"alice@example.com\"");
        assert_eq!(serde_json::from_str::<EmailAddress>(&json).unwrap(), email);
        assert!(serde_json::from_str::<EmailAddress>("\"nope\"").is_err());
    }
}

//! A validated, normalised e-mail address.

use super::{IdentifierError, MAX_IDENTIFIER_LEN};
use email_address::Options;
use lettre::message::Mailbox;

/// An e-mail address of the form `local@domain.tld`, stored lowercased.
///
/// The whole address is lowercased so that look-ups are case-insensitive; strictly the
/// local part is case-sensitive (RFC 5321), but no mainstream provider treats it so.
///
/// Deserialising checks the RFC 5322 grammar only (what [`EmailAddress::parse`] checked
/// before it also applied lettre's rules), so that records stored earlier stay readable;
/// an address among them that lettre cannot send to is given up at its first delivery
/// attempt instead of being retried.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Parses user input: trims it, requires `local@domain.tld` (the domain has a dot, the
    /// TLD is at least two letters, no whitespace anywhere), checks the RFC 5322 grammar
    /// with the `email_address` crate, lowercases it, and then requires that lettre (which
    /// sends our e-mails) reads it as a mailbox too, keeping lettre's form of it (`"ab"@x.org`
    /// is `ab@x.org`). lettre refuses quoted local parts that need their quotes
    /// (`"a..b"@example.com`, `"a b"@example.com`): the message could never be built.
    pub fn parse(input: &str) -> Result<EmailAddress, IdentifierError> {
        let grammatical = Self::parse_grammar(input)?;
        let mailbox: Mailbox = grammatical
            .parse()
            .map_err(|_| IdentifierError::InvalidEmail)?;
        if mailbox.name.is_some() {
            return Err(IdentifierError::InvalidEmail);
        }
        let sendable = mailbox.email.to_string().to_lowercase();
        if sendable.chars().count() > MAX_IDENTIFIER_LEN {
            return Err(IdentifierError::TooLong);
        }
        Ok(EmailAddress(sendable))
    }

    /// The checks before lettre's: the grammar and our shape, lowercased.
    fn parse_grammar(input: &str) -> Result<String, IdentifierError> {
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
        Ok(parsed.as_str().to_lowercase())
    }

    /// Whether lettre can send to this address: true for everything [`EmailAddress::parse`]
    /// made, false only for an address stored before its rules were lettre's.
    pub fn sendable(&self) -> bool {
        EmailAddress::parse(&self.0).is_ok_and(|again| again.0 == self.0)
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
        EmailAddress::parse_grammar(&value).map(EmailAddress)
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
            // The grammar allows these quoted local parts; lettre cannot send to them.
            "\"a..b\"@example.com",
            "\"a b\"@example.com",
            "\"a\\\"b\"@example.com",
        ] {
            assert_eq!(err(bad), IdentifierError::InvalidEmail, "{bad}");
        }
    }

    #[test]
    fn keeps_the_form_lettre_sends_to() {
        assert_eq!(ok("\"Ab\"@Example.com"), "ab@example.com");
        assert_eq!(ok("\"a.b\"@example.com"), "a.b@example.com");
        assert!(EmailAddress::parse("alice@example.com").unwrap().sendable());
    }

    #[test]
    fn a_stored_address_lettre_refuses_stays_readable_but_not_sendable() {
        let stored: EmailAddress = serde_json::from_str(r#""\"a..b\"@example.com""#).unwrap();
        assert!(!stored.sendable());
        assert_eq!(stored.domain(), "example.com");
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

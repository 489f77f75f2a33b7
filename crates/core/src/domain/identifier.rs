//! What a user types to name their account: an e-mail address or a phone number.

use super::{EmailAddress, PhoneNumber, MAX_IDENTIFIER_LEN};

/// An account identifier, either kind, already validated and normalised.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Identifier {
    Email(EmailAddress),
    Phone(PhoneNumber),
}

/// Why an identifier was refused. The messages are for logs; users get localized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum IdentifierError {
    #[error("identifier is empty")]
    Empty,
    #[error("not a valid e-mail address of the form name@domain.tld")]
    InvalidEmail,
    #[error("phone number has no country code")]
    MissingCountryCode,
    #[error("not a valid phone number")]
    InvalidPhone,
    #[error("neither an e-mail address nor a phone number")]
    Unrecognized,
    #[error("identifier is longer than {MAX_IDENTIFIER_LEN} characters")]
    TooLong,
}

impl Identifier {
    /// Parses user input: anything with an `@` follows the e-mail rules; anything made only
    /// of digits, spaces and `+ . - ( )` (with at least one digit) follows the phone rules;
    /// anything else is [`IdentifierError::Unrecognized`].
    pub fn parse(input: &str) -> Result<Identifier, IdentifierError> {
        let trimmed = input.trim();
        if trimmed.chars().count() > MAX_IDENTIFIER_LEN {
            return Err(IdentifierError::TooLong);
        }
        if trimmed.is_empty() {
            return Err(IdentifierError::Empty);
        }
        if trimmed.contains('@') {
            return EmailAddress::parse(trimmed).map(Identifier::Email);
        }
        let phone_like = trimmed.chars().any(|c| c.is_ascii_digit())
            && trimmed
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '.' | '-' | '(' | ')'));
        if phone_like {
            return PhoneNumber::parse(trimmed).map(Identifier::Phone);
        }
        Err(IdentifierError::Unrecognized)
    }

    /// A stable store key: `email:<address>` or `phone:<e164>`.
    pub fn key(&self) -> String {
        match self {
            Identifier::Email(email) => format!("email:{}", email.as_str()),
            Identifier::Phone(phone) => format!("phone:{}", phone.as_str()),
        }
    }

    /// A form safe to show in chat; see [`EmailAddress::masked`] and [`PhoneNumber::masked`].
    pub fn masked(&self) -> String {
        match self {
            Identifier::Email(email) => email.masked(),
            Identifier::Phone(phone) => phone.masked(),
        }
    }

    pub fn is_email(&self) -> bool {
        matches!(self, Identifier::Email(_))
    }

    pub fn is_phone(&self) -> bool {
        matches!(self, Identifier::Phone(_))
    }
}

impl From<EmailAddress> for Identifier {
    fn from(value: EmailAddress) -> Self {
        Identifier::Email(value)
    }
}

impl From<PhoneNumber> for Identifier {
    fn from(value: PhoneNumber) -> Self {
        Identifier::Phone(value)
    }
}

/// The unmasked value: the e-mail address or the E.164 number. Do not show it to anyone
/// but the account's owner; use [`Identifier::masked`] otherwise.
impl std::fmt::Display for Identifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Identifier::Email(email) => f.write_str(email.as_str()),
            Identifier::Phone(phone) => f.write_str(phone.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_by_shape() {
        let email = Identifier::parse(" Alice@Example.com ").unwrap();
        assert!(email.is_email());
        assert_eq!(email.key(), "email:alice@example.com");
        assert_eq!(email.to_string(), "alice@example.com");
        assert_eq!(email.masked(), "a***e@example.com");

        let phone = Identifier::parse("+44 (20) 7946-0958").unwrap();
        assert!(!phone.is_email());
        assert!(phone.is_phone());
        assert_eq!(phone.key(), "phone:+442079460958");
        assert_eq!(phone.to_string(), "+442079460958");
        assert_eq!(phone.masked(), "+44 •••• 0958");
    }

    #[test]
    fn errors_follow_the_chosen_rules() {
        assert_eq!(
            Identifier::parse("name@domain"),
            Err(IdentifierError::InvalidEmail)
        );
        assert_eq!(
            Identifier::parse("020 7946 0958"),
            Err(IdentifierError::MissingCountryCode)
        );
        assert_eq!(
            Identifier::parse("+1 555"),
            Err(IdentifierError::InvalidPhone)
        );
        assert_eq!(
            Identifier::parse("alice"),
            Err(IdentifierError::Unrecognized)
        );
        assert_eq!(
            Identifier::parse("+44 20 x"),
            Err(IdentifierError::Unrecognized)
        );
        assert_eq!(Identifier::parse("---"), Err(IdentifierError::Unrecognized));
        assert_eq!(Identifier::parse(""), Err(IdentifierError::Empty));
        assert_eq!(Identifier::parse(" \t "), Err(IdentifierError::Empty));
        let long = "a".repeat(255);
        assert_eq!(Identifier::parse(&long), Err(IdentifierError::TooLong));
    }

    #[test]
    fn keys_are_case_insensitive_for_email() {
        let a = Identifier::parse("BOB@example.com").unwrap();
        let b = Identifier::parse("bob@EXAMPLE.com").unwrap();
        assert_eq!(a.key(), b.key());
        assert_eq!(a, b);
    }

    #[test]
    fn same_phone_in_different_formats_is_one_key() {
        let a = Identifier::parse("0044 20 7946 0958").unwrap();
        let b = Identifier::parse("+44.20.7946.0958").unwrap();
        assert_eq!(a.key(), b.key());
    }

    #[test]
    fn serde_round_trip() {
        let id = Identifier::parse("alice@example.com").unwrap();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(serde_json::from_str::<Identifier>(&json).unwrap(), id);
    }
}

//! Validated domain types: what a user may type, parsed once at the edge.
//!
//! Every type here follows the same pattern: a newtype with a private field and a
//! `parse` constructor returning `Result`, so a value that exists is a valid value.
//! Error types carry log-friendly messages only; users get localized text elsewhere.

mod code;
mod email;
mod identifier;
mod name;
mod password;
mod phone;

pub use code::{CodeFormatError, OneTimeCode, CODE_LEN};
pub use email::EmailAddress;
pub use identifier::{Identifier, IdentifierError};
pub use name::{NameError, PersonName};
pub use password::{NewPassword, PasswordPolicy, PasswordRejection, PolicyContext};
pub use phone::{is_country_calling_code, PhoneNumber};

/// Longest identifier (e-mail or phone) accepted before any parsing, per RFC 5321 path limits.
pub const MAX_IDENTIFIER_LEN: usize = 254;

//! Six-digit one-time codes sent by e-mail or SMS.

use crate::random::Random;
use secrecy::{ExposeSecret, SecretString};

/// Number of digits in a code.
pub const CODE_LEN: usize = 6;

/// A six-digit one-time code. `Debug` never shows the digits; compare codes in constant
/// time (e.g. with `subtle`) rather than with `==`, which is deliberately not implemented.
#[derive(Clone)]
pub struct OneTimeCode(SecretString);

/// Why typed input is not a code. The message is for logs; users get localized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum CodeFormatError {
    #[error("a code is exactly six digits")]
    NotSixDigits,
}

impl OneTimeCode {
    /// A fresh code, uniform over `000000..=999999`.
    pub fn generate(random: &dyn Random) -> OneTimeCode {
        let n = crate::random::below(random, 1_000_000);
        OneTimeCode(SecretString::from(format!("{n:06}")))
    }

    /// Parses typed input: trims it, drops spaces and dashes inside (`123 456`, `123-456`),
    /// and then requires exactly six ASCII digits.
    pub fn parse(input: &str) -> Result<OneTimeCode, CodeFormatError> {
        let trimmed = input.trim();
        // Bound the work done on hostile input before allocating.
        if trimmed.len() > 64 {
            return Err(CodeFormatError::NotSixDigits);
        }
        let digits: String = trimmed
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect();
        if digits.len() == CODE_LEN && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(OneTimeCode(SecretString::from(digits)))
        } else {
            Err(CodeFormatError::NotSixDigits)
        }
    }

    /// The six digits.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl std::fmt::Debug for OneTimeCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OneTimeCode(******)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_are_six_digits() {
        for _ in 0..1_000 {
            let code = OneTimeCode::generate(&crate::random::OsRandom);
            assert_eq!(code.expose().len(), 6);
            assert!(code.expose().bytes().all(|b| b.is_ascii_digit()));
            assert!(OneTimeCode::parse(code.expose()).is_ok());
        }
    }

    #[test]
    fn generated_codes_vary() {
        let codes: std::collections::HashSet<String> = (0..100)
            .map(|_| {
                OneTimeCode::generate(&crate::random::OsRandom)
                    .expose()
                    .to_owned()
            })
            .collect();
        assert!(codes.len() > 90);
    }

    #[test]
    fn parses_typed_codes() {
        for input in [
            "123456",
            " 123456\n",
            "123 456",
            "123-456",
            "1 2 3 4 5 6",
            "000000",
        ] {
            let code = OneTimeCode::parse(input).unwrap();
            assert_eq!(code.expose().len(), 6, "{input}");
        }
        assert_eq!(OneTimeCode::parse("123 456").unwrap().expose(), "123456");
        assert_eq!(OneTimeCode::parse("000000").unwrap().expose(), "000000");
    }

    #[test]
    fn rejects_other_input() {
        for bad in [
            "",
            "12345",
            "1234567",
            "12345a",
            "123_456",
            "１２３４５６",
            "١٢٣٤٥٦",
            "123.456",
            "+123456",
            "-123456-7",
        ] {
            assert_eq!(
                OneTimeCode::parse(bad).unwrap_err(),
                CodeFormatError::NotSixDigits,
                "{bad}"
            );
        }
    }

    #[test]
    fn debug_hides_the_digits() {
        let code = OneTimeCode::parse("123456").unwrap();
        let shown = format!("{code:?}");
        assert_eq!(shown, "OneTimeCode(******)");
        assert!(!shown.contains("123456"));
        assert!(
            !format!("{:?}", OneTimeCode::generate(&crate::random::OsRandom))
                .chars()
                .any(|c| c.is_ascii_digit())
        );
    }
}

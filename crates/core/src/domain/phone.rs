//! A validated phone number, stored in E.164 form.

use super::{IdentifierError, MAX_IDENTIFIER_LEN};
use phonenumber::Mode;

/// Fewest and most digits a bare national number (no `+`/`00`) may have for us to guess
/// that the user simply forgot the country code, rather than typed something else.
const NATIONAL_DIGITS: std::ops::RangeInclusive<usize> = 6..=14;

/// Fewest and most digits in an E.164 number, country code included (Niue: `+683 4002`).
const MIN_E164_DIGITS: usize = 5;
const MAX_E164_DIGITS: usize = 15;

/// The character used to hide digits in [`PhoneNumber::masked`].
const MASK: &str = "••••";

/// A phone number in E.164 form, e.g. `+442079460958`, valid per libphonenumber metadata.
///
/// Deserialising checks only the E.164 shape (`+` and 5–15 digits, no leading zero), not
/// the metadata, so stored numbers survive a metadata update that would reject them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Parses user input that carries a country code: `+44 20 7946 0958`,
    /// `+44 (20) 7946-0958`, `+44.20.7946.0958` or `0044 20 7946 0958`.
    ///
    /// A bare run of digits of plausible length (`020 7946 0958`) gives
    /// [`IdentifierError::MissingCountryCode`]; anything else that is not a valid number
    /// gives [`IdentifierError::InvalidPhone`].
    pub fn parse(input: &str) -> Result<PhoneNumber, IdentifierError> {
        let trimmed = input.trim();
        if trimmed.chars().count() > MAX_IDENTIFIER_LEN {
            return Err(IdentifierError::TooLong);
        }
        if trimmed.is_empty() {
            return Err(IdentifierError::Empty);
        }
        let (international, digits) = split_prefix(trimmed)?;
        if !international {
            return Err(if NATIONAL_DIGITS.contains(&digits.len()) {
                IdentifierError::MissingCountryCode
            } else {
                IdentifierError::InvalidPhone
            });
        }
        if digits.is_empty() || digits.len() > MAX_E164_DIGITS || digits.starts_with('0') {
            return Err(IdentifierError::InvalidPhone);
        }
        let number = phonenumber::parse(None, format!("+{digits}"))
            .map_err(|_| IdentifierError::InvalidPhone)?;
        if !number.is_valid() {
            return Err(IdentifierError::InvalidPhone);
        }
        // The library drops what it takes for a trunk prefix (`+7 888…` becomes `+7 8…`):
        // that would be another person's number, so only numbers kept digit for digit pass.
        let e164 = number.format().mode(Mode::E164).to_string();
        if e164.trim_start_matches('+') != digits {
            return Err(IdentifierError::InvalidPhone);
        }
        Ok(PhoneNumber(e164))
    }

    /// The E.164 form, e.g. `+442079460958`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The country calling code, without `+`: `"44"` for `+442079460958`.
    pub fn country_code(&self) -> Option<&str> {
        country_code(self.0.trim_start_matches('+'))
    }

    /// A form safe to show in chat: the country code, a fixed-width mask (so the length
    /// is not revealed) and the last four digits: `+442079460958` becomes `+44 •••• 0958`.
    /// Numbers with a national part shorter than eight digits show only the last two.
    pub fn masked(&self) -> String {
        let digits = self.0.trim_start_matches('+');
        let country = country_code(digits);
        let national_len = match country {
            Some(cc) => digits.len().saturating_sub(cc.len()),
            None => digits.len(),
        };
        let shown = if national_len >= 8 { 4 } else { 2 };
        let tail = &digits[digits.len().saturating_sub(shown)..];
        match country {
            Some(cc) => format!("+{cc} {MASK} {tail}"),
            None => format!("+{MASK} {tail}"),
        }
    }
}

/// Whether `digits` (one to three of them, no `+`) are a country calling code that
/// libphonenumber's metadata knows, like `44` or `1`.
pub fn is_country_calling_code(digits: &str) -> bool {
    (1..=3).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
        && country_code(digits) == Some(digits)
}

/// The country calling code that starts `digits` (E.164 without the `+`). These codes
/// are one to three digits and none is the start of another, so the first length the
/// metadata knows is the one. (A lookup, where parsing the whole number again cost a
/// tenth of a millisecond: masks are shown in most replies of the reset flow.)
fn country_code(digits: &str) -> Option<&str> {
    (1..=3).filter_map(|len| digits.get(..len)).find(|prefix| {
        prefix
            .parse::<u16>()
            .is_ok_and(|code| phonenumber::metadata::DATABASE.region(&code).is_some())
    })
}

/// Checks the characters (digits, spaces, `.`, `-`, balanced non-nested brackets, a `+`
/// only at the start) and returns whether the number is international (`+` or `00`) and
/// its digits without that prefix.
fn split_prefix(input: &str) -> Result<(bool, String), IdentifierError> {
    let (plus, rest) = match input.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, input),
    };
    let mut digits = String::with_capacity(rest.len());
    let mut open = false;
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '.' | '-' => {}
            '(' if !open => open = true,
            ')' if open => open = false,
            _ => return Err(IdentifierError::InvalidPhone),
        }
    }
    if open {
        return Err(IdentifierError::InvalidPhone);
    }
    if plus {
        return Ok((true, digits));
    }
    match digits.strip_prefix("00") {
        Some(after) => Ok((true, after.to_owned())),
        None => Ok((false, digits)),
    }
}

impl AsRef<str> for PhoneNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = IdentifierError;

    /// Accepts only an E.164 string (as produced by [`PhoneNumber::as_str`]).
    fn try_from(value: String) -> Result<Self, Self::Error> {
        let digits = value
            .strip_prefix('+')
            .ok_or(IdentifierError::InvalidPhone)?;
        let shape_ok = (MIN_E164_DIGITS..=MAX_E164_DIGITS).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if shape_ok {
            Ok(PhoneNumber(value))
        } else {
            Err(IdentifierError::InvalidPhone)
        }
    }
}

impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_country_code_lookup_agrees_with_a_full_parse_for_every_region() {
        let mut checked = 0;
        for region in phonenumber::metadata::DATABASE.iter() {
            let d = region.descriptors();
            for example in [d.fixed_line(), d.mobile(), d.toll_free()]
                .into_iter()
                .flatten()
                .filter_map(|descriptor| descriptor.example())
            {
                let digits = format!("{}{example}", region.country_code());
                let Ok(number) = phonenumber::parse(None, format!("+{digits}")) else {
                    continue;
                };
                let parsed = number.code().value().to_string();
                assert_eq!(country_code(&digits), Some(parsed.as_str()), "{digits}");
                checked += 1;
            }
        }
        assert!(checked > 500, "only {checked} example numbers");
    }

    fn e164(input: &str) -> String {
        PhoneNumber::parse(input).unwrap().as_str().to_owned()
    }

    fn err(input: &str) -> IdentifierError {
        PhoneNumber::parse(input).unwrap_err()
    }

    #[test]
    fn accepts_uk_formats() {
        for input in [
            "+44 20 7946 0958",
            "+44 (20) 7946-0958",
            "+44.20.7946.0958",
            "0044 20 7946 0958",
            "+442079460958",
            "  +44-20-7946-0958  ",
        ] {
            assert_eq!(e164(input), "+442079460958", "{input}");
        }
    }

    #[test]
    fn accepts_other_countries() {
        assert_eq!(e164("+49 30 901820"), "+4930901820");
        assert_eq!(e164("+1 (650) 253-0000"), "+16502530000");
        assert_eq!(e164("+33 1 42 68 53 00"), "+33142685300");
    }

    #[test]
    fn missing_country_code_gets_its_own_error() {
        assert_eq!(err("020 7946 0958"), IdentifierError::MissingCountryCode);
        assert_eq!(err("07946 095800"), IdentifierError::MissingCountryCode);
        assert_eq!(err("(020) 7946-0958"), IdentifierError::MissingCountryCode);
    }

    #[test]
    fn rejects_invalid_numbers() {
        for bad in [
            "+1 555",
            "+44 20 7946 095",
            "+999 1234 5678",
            "+",
            "12",
            "+44 20 7946 0958 ext 2",
            "+44 ((20)) 7946 0958",
            "+44 (20 7946 0958",
            "+44 20 7946 0958 +1",
            "+0044 20 7946 0958",
            "+44 20 7946 0958 1234 5678",
        ] {
            assert_eq!(err(bad), IdentifierError::InvalidPhone, "{bad}");
        }
    }

    #[test]
    fn empty_and_too_long() {
        assert_eq!(err("  "), IdentifierError::Empty);
        assert_eq!(err(&"1".repeat(300)), IdentifierError::TooLong);
    }

    #[test]
    fn masking() {
        let masked = |s: &str| PhoneNumber::parse(s).unwrap().masked();
        assert_eq!(masked("+44 20 7946 0958"), "+44 •••• 0958");
        assert_eq!(masked("+1 650 253 0000"), "+1 •••• 0000");
        assert_eq!(masked("+49 30 901820"), "+49 •••• 1820");
    }

    #[test]
    fn serde_checks_shape() {
        let phone = PhoneNumber::parse("+44 20 7946 0958").unwrap();
        let json = serde_json::to_string(&phone).unwrap();
        assert_eq!(json, "\"+442079460958\"");
        assert_eq!(serde_json::from_str::<PhoneNumber>(&json).unwrap(), phone);
        assert!(serde_json::from_str::<PhoneNumber>("\"020 7946 0958\"").is_err());
        // The shortest real numbers round-trip too.
        let niue = PhoneNumber::parse("+683 4002").unwrap();
        let json = serde_json::to_string(&niue).unwrap();
        assert_eq!(serde_json::from_str::<PhoneNumber>(&json).unwrap(), niue);
        assert_eq!(niue.masked(), "+683 •••• 02");
    }
}

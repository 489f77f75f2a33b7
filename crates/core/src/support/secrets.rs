//! What support must never see, judged from the text alone: one-time codes (however they
//! are written) and text that looks like a password. Comparing a message with an account's
//! password is done elsewhere, and only for a chat proven to hold the account
//! (`Services::is_secret`).
//!
//! **Codes.** The text is normalised first: full-width digits become ASCII digits, Unicode
//! spaces become spaces and Unicode dashes become `-`. Digit groups (runs of digits) are
//! then joined into one number when a single space, dash or dot, or a dash between two
//! spaces (`482 - 913`), stands between them. A number is a code when it has exactly six
//! digits (`482913`, `482 913`, `482-913`, `482.913`), or when one of its groups has
//! exactly six digits (`482913 3 times`) unless the number starts with `+` (a phone number
//! with its country code). A date written `dd.mm.yy` is not a code.
//!
//! **Passwords.** After trimming, the message is a single token (no whitespace) of 8 to
//! `security.password_max_length` characters with at least three of the four kinds:
//! lower-case letters, upper-case letters, digits, symbols (anything that is neither a
//! letter nor a digit); and it is not an e-mail address, a URL (`http://`, `https://`,
//! `www.`) or a phone number with its country code. Letters without case (CJK, Arabic, …)
//! count as none of the kinds, so a sentence written without spaces is not a password.

use crate::domain::{EmailAddress, OneTimeCode, PhoneNumber, CODE_LEN};

/// Fewest characters of a message that looks like a password.
pub const PASSWORD_LOOKING_MIN: usize = 8;
/// Kinds of characters (of lower, upper, digit, symbol) a password-looking text has at least.
pub const PASSWORD_LOOKING_KINDS: usize = 3;

/// Does the text carry a one-time code, alone or inside a sentence?
pub fn looks_like_code(text: &str) -> bool {
    if OneTimeCode::parse(text).is_ok() {
        return true;
    }
    numbers(&normalise(text)).iter().any(Number::is_code)
}

/// Does the whole message look like a password (see the module's rule)?
pub fn looks_like_password(text: &str, max_len: usize) -> bool {
    let token = text.trim();
    let len = token.chars().count();
    if !(PASSWORD_LOOKING_MIN..=max_len).contains(&len) || token.chars().any(char::is_whitespace) {
        return false;
    }
    let kinds = [
        token.chars().any(char::is_lowercase),
        token.chars().any(char::is_uppercase),
        token.chars().any(|c| c.is_numeric()),
        token.chars().any(|c| !c.is_alphanumeric()),
    ];
    if kinds.iter().filter(|k| **k).count() < PASSWORD_LOOKING_KINDS {
        return false;
    }
    !(is_url(token) || EmailAddress::parse(token).is_ok() || PhoneNumber::parse(token).is_ok())
}

fn is_url(token: &str) -> bool {
    let lower = token.to_lowercase();
    ["http://", "https://", "www."]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// Full-width digits to ASCII, Unicode spaces to ` `, Unicode dashes to `-`.
fn normalise(text: &str) -> Vec<char> {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
            '\u{FF0E}' => '.',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect()
}

/// Digit groups joined by separators, as a person writes one number.
struct Number {
    groups: Vec<usize>,
    /// Written right after a `+`: a phone number with its country code.
    international: bool,
    /// Every separator was a dot.
    dotted: bool,
}

impl Number {
    fn digits(&self) -> usize {
        self.groups.iter().sum()
    }

    fn is_date(&self) -> bool {
        self.dotted && self.groups == [2, 2, 2]
    }

    fn is_code(&self) -> bool {
        if self.is_date() {
            return false;
        }
        self.digits() == CODE_LEN || (!self.international && self.groups.contains(&CODE_LEN))
    }
}

/// The length of the separator at `i` that joins two digit groups, if there is one.
fn separator_at(chars: &[char], i: usize) -> Option<(usize, bool)> {
    let digit_at = |j: usize| chars.get(j).is_some_and(char::is_ascii_digit);
    match chars.get(i)? {
        ' ' | '-' | '.' if digit_at(i + 1) => Some((1, chars[i] == '.')),
        ' ' if chars.get(i + 1) == Some(&'-')
            && chars.get(i + 2) == Some(&' ')
            && digit_at(i + 3) =>
        {
            Some((3, false))
        }
        _ => None,
    }
}

fn numbers(chars: &[char]) -> Vec<Number> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut number = Number {
            groups: Vec::new(),
            international: i > 0 && chars[i - 1] == '+',
            dotted: true,
        };
        loop {
            let start = i;
            while chars.get(i).is_some_and(char::is_ascii_digit) {
                i += 1;
            }
            number.groups.push(i - start);
            match separator_at(chars, i) {
                Some((len, dot)) => {
                    number.dotted &= dot;
                    i += len;
                }
                None => break,
            }
        }
        number.dotted &= number.groups.len() > 1;
        found.push(number);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_recognised_alone_or_inside_a_sentence() {
        for text in [
            "123456",
            "123 456",
            " 123-456 ",
            "482.913",
            "my code is 482913, it fails",
            "my code is 482 913, it fails",
            "the code 482-913 was refused",
            "it said 482.913 and then nothing",
            "482 - 913",
            "１２３４５６",
            "482\u{00A0}913",
            "482\u{2013}913",
            "I typed 482913 3 times",
            "codes 123456 654321",
            "code:482913",
            "1 2 3 4 5 6",
            "48291 3",  // six digits in all, however grouped
            "482  913", // the whole message: any spaces and dashes, as a code is typed
            "482--913",
        ] {
            assert!(looks_like_code(text), "{text}");
        }
    }

    #[test]
    fn phone_numbers_other_numbers_and_dates_are_not_codes() {
        for text in [
            "I can't log in",
            "+44 20 7946 0958",
            "+49 30 123456",
            "call me on 020 7946 0958",
            "order 12345",
            "order 1234567",
            "1234567",
            "12345",
            "version 1.2.3",
            "since 12.05.24",
            "since 12.05.2024",
            "order #2024-1234-5678",
        ] {
            assert!(!looks_like_code(text), "{text}");
        }
    }

    #[test]
    fn password_looking_text_is_one_token_with_three_kinds_of_characters() {
        for text in [
            "Tr0ub4dor&3",
            "hunter2!x",
            "CorrectHorse9",
            "  Winter#Orchard  ",
            "P@ssw0rd.1",
            "ÄpfelBäume7",
        ] {
            assert!(looks_like_password(text, 128), "{text}");
        }
        for text in [
            "Tr0ub4d",                  // 7 characters
            "winter orchard Lanterns1", // whitespace: a sentence or a passphrase
            "correcthorsebattery",      // one kind
            "correcthorse99",           // two kinds
            "Alice.Example1@example.com",
            "https://Example.com/Login?x=1",
            "www.Example1.com",
            "+44(20)7946-0958",
            "ログインできません。助けてください",
            "2回試しましたがダメでした。",
        ] {
            assert!(!looks_like_password(text, 128), "{text}");
        }
        let long = format!("Aa1!{}", "x".repeat(125));
        assert!(!looks_like_password(&long, 128));
        assert!(looks_like_password(&long, 200));
    }
}

//! Property tests on everything that parses outside input: identifiers (e-mail, phone),
//! signed callback data, and the config file. Thousands of random inputs: no panic, and
//! the round trips that exist hold.

use proptest::prelude::*;
use recovery_bot::approvals::{button_data, verify_button, Action};
use recovery_bot::config::Config;
use recovery_bot::crypto::Secret;
use recovery_bot::domain::{EmailAddress, Identifier, PhoneNumber};
use secrecy::SecretString;

fn secret() -> Secret {
    Secret::new(SecretString::from(
        "an hmac key for property tests, 32+ bytes",
    ))
    .expect("secret")
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn identifier_parsing_never_panics(input in any::<String>()) {
        let _ = Identifier::parse(&input);
    }

    #[test]
    fn identifier_like_input_never_panics(input in "[ +0-9().@a-zA-Z_%-]{0,40}") {
        if let Ok(identifier) = Identifier::parse(&input) {
            // A parsed identifier parses again to itself, by its canonical form.
            let canonical = match &identifier {
                Identifier::Email(e) => e.as_str().to_string(),
                Identifier::Phone(p) => p.as_str().to_string(),
            };
            prop_assert_eq!(Identifier::parse(&canonical).ok().map(|i| i.key()), Some(identifier.key()));
            prop_assert!(!identifier.masked().is_empty());
        }
    }

    #[test]
    fn emails_round_trip_through_their_canonical_form(
        local in "[a-z0-9][a-z0-9._+-]{0,20}[a-z0-9]",
        domain in "[a-z][a-z0-9-]{0,10}[a-z0-9]\\.(com|de|es|org)",
    ) {
        let text = format!("{local}@{domain}");
        if let Ok(email) = EmailAddress::parse(&text) {
            let again = EmailAddress::parse(email.as_str()).expect("canonical form parses");
            prop_assert_eq!(again.as_str(), email.as_str());
            let upper = EmailAddress::parse(&text.to_uppercase());
            prop_assert_eq!(upper.ok().map(|e| e.as_str().to_string()), Some(email.as_str().to_string()));
            let masked = email.masked();
            let shown = masked.split('@').next().unwrap_or_default();
            prop_assert!(local.len() < 4 || !shown.contains(&local[1..local.len() - 1]));
        }
    }

    #[test]
    fn whatever_email_parsing_accepts_lettre_sends_to(
        local in "(\"[a-zA-Z0-9. @(),:;<>\\\\\"!#_-]{0,8}\"|[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~ä-]{1,10})",
        domain in "([a-zA-Z0-9-]{1,8}\\.){1,2}([a-z]{2,4}|xn--[a-z0-9]{2,6})",
    ) {
        let text = format!("{local}@{domain}");
        if let Ok(email) = EmailAddress::parse(&text) {
            let address: Result<lettre::Address, _> = email.as_str().parse();
            prop_assert!(address.is_ok(), "lettre::Address refuses {}", email.as_str());
            let mailbox: Result<lettre::message::Mailbox, _> = email.as_str().parse();
            prop_assert!(mailbox.is_ok(), "lettre's Mailbox refuses {}", email.as_str());
            let built = lettre::Message::builder()
                .from("Recovery <no-reply@example.com>".parse().expect("from"))
                .to(mailbox.expect("mailbox"))
                .subject("code")
                .body(String::from("body"));
            prop_assert!(built.is_ok(), "lettre cannot build a message to {}", email.as_str());
            prop_assert!(email.sendable());
            let again = EmailAddress::parse(email.as_str()).expect("its own form parses");
            prop_assert_eq!(again.as_str(), email.as_str());
        }
    }

    #[test]
    fn phone_numbers_round_trip_through_e164(digits in "[1-9][0-9]{6,13}", spaced in any::<bool>()) {
        let text = if spaced {
            format!("+{} {}", &digits[..2], &digits[2..])
        } else {
            format!("+{digits}")
        };
        if let Ok(phone) = PhoneNumber::parse(&text) {
            prop_assert!(phone.as_str().starts_with('+'));
            let again = PhoneNumber::parse(phone.as_str()).expect("E.164 parses");
            prop_assert_eq!(again.as_str(), phone.as_str());
            prop_assert!(!phone.masked().contains(&digits[2..]));
        }
    }

    #[test]
    fn any_callback_data_is_refused_or_was_signed(data in any::<String>()) {
        prop_assert!(verify_button(&secret(), &data).is_none());
    }

    #[test]
    fn signed_buttons_verify_and_every_change_breaks_them(
        id in "[A-Za-z0-9_-]{16}",
        approve in any::<bool>(),
        position in 0usize..64,
        byte in any::<u8>(),
    ) {
        let action = if approve { Action::Approve } else { Action::Deny };
        let data = button_data(&secret(), &id, action);
        prop_assert!(data.len() <= 64);
        prop_assert_eq!(verify_button(&secret(), &data), Some((id.clone(), action)));
        // Truncated anywhere: refused.
        let cut = position % data.len();
        prop_assert!(verify_button(&secret(), &data[..cut]).is_none());
        // One byte changed: refused (or, if the change made it invalid UTF-8, unusable).
        let mut bytes = data.clone().into_bytes();
        let i = position % bytes.len();
        if bytes[i] != byte {
            bytes[i] = byte;
            if let Ok(forged) = String::from_utf8(bytes) {
                prop_assert!(verify_button(&secret(), &forged).is_none());
            }
        }
        // Signed with another key: refused.
        let other = Secret::new(SecretString::from("another hmac key for property tests!!")).expect("secret");
        prop_assert!(verify_button(&other, &data).is_none());
    }

    #[test]
    fn config_parsing_never_panics(text in any::<String>()) {
        let _ = Config::parse(&text);
    }

    #[test]
    fn config_with_random_delivery_values_never_panics(
        kind in "(file|network|smtp|)",
        max_attempts in any::<i64>(),
        retry in any::<i64>(),
        ttl in any::<i64>(),
        padding in any::<i64>(),
    ) {
        let text = format!(
            "[delivery]\nkind = \"{kind}\"\nmax_attempts = {max_attempts}\nretry_initial_ms = {retry}\n\
             [codes]\nttl_secs = {ttl}\nreply_padding_ms = {padding}\n"
        );
        if let Ok(config) = Config::parse(&text) {
            prop_assert!(config.delivery.max_attempts > 0);
            prop_assert!(!config.delivery.retry_initial.is_zero());
            prop_assert!(!config.codes.ttl.is_zero());
        }
    }

    #[test]
    fn shipped_config_with_a_line_removed_or_garbled_never_panics(line in 0usize..200, junk in "[ -~]{0,12}") {
        let shipped = include_str!("../../bot.toml");
        let lines: Vec<&str> = shipped.lines().collect();
        let i = line % lines.len();
        let mut garbled: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        garbled[i] = format!("{}{junk}", lines[i]);
        let _ = Config::parse(&garbled.join("\n"));
        garbled.remove(i);
        let _ = Config::parse(&garbled.join("\n"));
    }
}

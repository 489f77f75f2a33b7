//! The signed data of Approve and Deny buttons: `ch:<id>:<a|d>:<HMAC tag>`, checked in
//! constant time, also under the previous key while the HMAC secret rotates.

use super::Action;
use crate::crypto::{ct_eq, Secret};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

const BUTTON_PREFIX: &str = "ch";

fn button_tag(secret: &Secret, id: &str, action: Action) -> String {
    let action = if action == Action::Approve { "a" } else { "d" };
    let mac = secret.mac("change-button", &[id.as_bytes(), action.as_bytes()]);
    URL_SAFE_NO_PAD.encode(&mac[..12])
}

/// Callback data for a button: `ch:<id>:<a|d>:<tag>`, 37 bytes (Telegram allows 64).
pub fn button_data(secret: &Secret, id: &str, action: Action) -> String {
    let letter = if action == Action::Approve { "a" } else { "d" };
    format!(
        "{BUTTON_PREFIX}:{id}:{letter}:{}",
        button_tag(secret, id, action)
    )
}

pub fn is_change_button(data: &str) -> bool {
    data.starts_with("ch:")
}

/// Checks a button's signature in constant time.
pub fn verify_button(secret: &Secret, data: &str) -> Option<(String, Action)> {
    let mut parts = data.split(':');
    let (prefix, id, letter, tag) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if prefix != BUTTON_PREFIX || parts.next().is_some() || id.len() != 16 {
        return None;
    }
    let action = match letter {
        "a" => Action::Approve,
        "d" => Action::Deny,
        _ => return None,
    };
    let signed_by = |key: &Secret| ct_eq(button_tag(key, id, action).as_bytes(), tag.as_bytes());
    // During a key rotation, buttons sent before it still work.
    let valid = signed_by(secret) || secret.previous().is_some_and(|old| signed_by(&old));
    valid.then(|| (id.to_string(), action))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::Secret;

    #[test]
    fn button_data_fits_telegram_and_forgeries_fail() {
        let secret = Secret::random();
        let data = button_data(&secret, "0123456789abcdef", Action::Approve);
        assert!(data.len() <= 64, "{data}");
        assert_eq!(
            verify_button(&secret, &data),
            Some(("0123456789abcdef".into(), Action::Approve))
        );
        assert_eq!(verify_button(&secret, &data.replace(":a:", ":d:")), None);
        assert_eq!(verify_button(&secret, &data[..data.len() - 1]), None);
        assert_eq!(verify_button(&Secret::random(), &data), None);
        assert_eq!(verify_button(&secret, "ch:0123456789abcdef:a"), None);
        assert_eq!(verify_button(&secret, ""), None);
    }

    #[test]
    fn buttons_signed_with_the_previous_key_work_during_a_rotation() {
        let secret_of =
            |k: &str| secrecy::SecretString::from(format!("{k} 0123456789abcdefghijklmnopqrstuv"));
        let old = Secret::new(secret_of("old")).expect("key");
        let data = button_data(&old, "0123456789abcdef", Action::Deny);
        let rotated = Secret::new(secret_of("new")).expect("key");
        assert_eq!(verify_button(&rotated, &data), None);
        let rotating = rotated
            .with_previous(secret_of("old"))
            .expect("previous key");
        assert_eq!(
            verify_button(&rotating, &data),
            Some(("0123456789abcdef".into(), Action::Deny))
        );
        // New buttons are signed with the new key only.
        let fresh = button_data(&rotating, "0123456789abcdef", Action::Deny);
        assert_eq!(
            verify_button(&Secret::new(secret_of("new")).expect("key"), &fresh),
            verify_button(&rotating, &fresh)
        );
        assert_eq!(verify_button(&old, &fresh), None);
        assert!(Secret::new(secret_of("new"))
            .expect("key")
            .with_previous("short".into())
            .is_err());
    }
}

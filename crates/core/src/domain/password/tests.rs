use super::*;

const NO_CTX: PolicyContext<'static> = PolicyContext {
    email_local_part: None,
    name: None,
};

fn check(pw: &str) -> Result<NewPassword, PasswordRejection> {
    NewPassword::parse(pw, &PasswordPolicy::default(), &NO_CTX)
}

#[test]
fn default_policy() {
    assert_eq!(
        PasswordPolicy::default(),
        PasswordPolicy {
            min_length: 15,
            max_length: 128
        }
    );
}

#[test]
fn accepts_a_passphrase() {
    let pw = check("correct horse battery staple").unwrap();
    assert_eq!(pw.expose(), "correct horse battery staple");
}

#[test]
fn keeps_spaces_and_emoji_as_typed() {
    let typed = "  🦀 crab rave under the 🌙 moon  ";
    assert_eq!(check(typed).unwrap().expose(), typed);
}

#[test]
fn length_is_counted_in_characters() {
    // 14 characters: refused even though it is strong.
    assert_eq!(
        check("Zq8#vLm2!pR4xT").err(),
        Some(PasswordRejection::TooShort { min: 15 })
    );
    // 15 emoji are 60 bytes but 15 characters: long enough.
    let emoji = "🦀🌙🎻🧲🪁🛶🧊🦉🍋🧭🪴🎲🦔🛸🧃";
    assert_eq!(emoji.chars().count(), 15);
    assert!(check(emoji).is_ok());
}

#[test]
fn mfa_policy_allows_eight() {
    let policy = PasswordPolicy {
        min_length: PasswordPolicy::MFA_MIN_LENGTH,
        ..PasswordPolicy::default()
    };
    assert!(NewPassword::parse("Vq7#pZx!2kR", &policy, &NO_CTX).is_ok());
    assert_eq!(
        NewPassword::parse("Vq7#pZx", &policy, &NO_CTX).unwrap_err(),
        PasswordRejection::TooShort { min: 8 }
    );
}

#[test]
fn too_long() {
    let long = "a mostly random phrase ".repeat(9);
    assert_eq!(long.chars().count(), 207);
    assert_eq!(
        check(&long).err(),
        Some(PasswordRejection::TooLong { max: 128 })
    );
    // Exactly 128 is fine, and zxcvbn only sees the start.
    let max: String = "Vq7#pZx!2kR lantern orbit "
        .chars()
        .cycle()
        .take(128)
        .collect();
    assert!(check(&max).is_ok());
}

#[test]
fn zxcvbn_sees_at_most_the_first_100_characters() {
    let long: String = "🦀x".repeat(64);
    assert_eq!(long.chars().count(), 128);
    let seen = guess_input(&long);
    assert_eq!(seen.chars().count(), ZXCVBN_MAX_CHARS);
    assert!(long.starts_with(seen));
    assert_eq!(guess_input("short one"), "short one");

    // Long passwords are still judged, on their start: a strong start passes...
    let strong: String = "Vq7#pZx!2kR lantern orbit "
        .chars()
        .cycle()
        .take(128)
        .collect();
    assert!(check(&strong).is_ok());
    // ...and a guessable start is refused, whatever follows it.
    let weak_start = format!("{}{}", "a".repeat(100), &strong[..28]);
    assert_eq!(weak_start.chars().count(), 128);
    assert_eq!(check(&weak_start).err(), Some(PasswordRejection::Guessable));
}

#[test]
fn guessable_passwords_are_refused() {
    for weak in [
        "password1234567",
        "aaaaaaaaaaaaaaaa",
        "123456789012345",
        "qwertyuiopasdfgh",
    ] {
        assert_eq!(
            check(weak).err(),
            Some(PasswordRejection::Guessable),
            "{weak}"
        );
    }
}

#[test]
fn control_characters_are_refused() {
    for bad in [
        "correct horse\tbattery staple",
        "correct horse battery staple\n",
        "correct horse\u{0}battery staple",
        "correct horse\u{85}battery staple",
        "correct horse\u{7f}battery staple",
    ] {
        assert_eq!(
            check(bad).err(),
            Some(PasswordRejection::ControlCharacters),
            "{bad:?}"
        );
    }
}

#[test]
fn email_local_part_is_refused() {
    let ctx = PolicyContext {
        email_local_part: Some("zephyrine"),
        name: None,
    };
    let policy = PasswordPolicy::default();
    assert_eq!(
        NewPassword::parse("my Zephyrine lantern orbit", &policy, &ctx).unwrap_err(),
        PasswordRejection::ContainsEmail
    );
    // Short local parts are not looked for.
    let short = PolicyContext {
        email_local_part: Some("or"),
        name: None,
    };
    assert!(NewPassword::parse("correct horse battery staple", &policy, &short).is_ok());
}

#[test]
fn name_parts_are_refused() {
    let ctx = PolicyContext {
        email_local_part: None,
        name: Some("Jo Quillfeather"),
    };
    let policy = PasswordPolicy::default();
    assert_eq!(
        NewPassword::parse("quillfeather rides a kayak", &policy, &ctx).unwrap_err(),
        PasswordRejection::ContainsName
    );
    // "Jo" is too short to count.
    assert!(NewPassword::parse("jolly correct horse battery", &policy, &ctx).is_ok());
}

#[test]
fn debug_hides_the_password() {
    let pw = check("correct horse battery staple").unwrap();
    assert_eq!(format!("{pw:?}"), "NewPassword(***)");
}

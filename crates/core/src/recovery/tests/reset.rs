//! A whole reset: the code, then the new password chosen, refused or confirmed.

use super::*;
use crate::recovery::PasswordRefusal;
use crate::settings::SignIn;

const OLD_PASSWORD: &str = "Quiet-Meadow-Lantern-7";
const NEW_PASSWORD: &str = "Harbor-Violet-Compass-42";

#[tokio::test]
async fn a_proven_code_leads_to_a_new_password_that_signs_in_and_is_told() {
    let f = fixture();
    f.account_with("alice", ALICE, ALICE_PHONE, OLD_PASSWORD);
    request(&f, ALICE).await;
    let code = f.code_to(ALICE, 0).await;
    let CodeCheck::Correct { account_id } = check(&f, ALICE, &code).await else {
        panic!("the code was refused");
    };
    let choose =
        |candidate: &'static str| f.svc.recovery().choose_password("alice", candidate, CHAT);
    let weak = choose("password").await.expect("choose");
    assert!(matches!(weak, Err(PasswordRefusal::Policy(_))), "{weak:?}");
    let same = choose(OLD_PASSWORD).await.expect("choose");
    assert_eq!(same, Err(PasswordRefusal::SameAsCurrent));
    let pending = choose(NEW_PASSWORD)
        .await
        .expect("choose")
        .expect("accepted");
    assert!(!pending.contains(NEW_PASSWORD), "only a hash is kept");
    let confirm = |typed: &'static str| {
        f.svc
            .recovery()
            .confirm_password(&account_id, &pending, typed, "en", CHAT)
    };
    assert!(!confirm("Harbor-Violet-Compass-43").await.expect("confirm"));
    assert!(confirm(NEW_PASSWORD).await.expect("confirm"));
    let alice = id(ALICE);
    let signed_in = |password: &'static str| f.svc.settings().sign_in(&alice, password, 8);
    let old = signed_in(OLD_PASSWORD).await.expect("sign in");
    assert!(matches!(old, SignIn::Wrong { .. }), "{old:?}");
    f.clock.advance(Duration::from_secs(60));
    let new = signed_in(NEW_PASSWORD).await.expect("sign in");
    assert!(matches!(new, SignIn::Correct { .. }), "{new:?}");
    // The notices go to the e-mail address and the phone, after the code.
    let told: Vec<String> = f.delivered(3).await.into_iter().map(|m| m.0).collect();
    assert!(told[1..].contains(&ALICE.to_string()));
    assert!(told[1..].contains(&ALICE_PHONE.to_string()));
    let events = f.events();
    assert!(events.contains(&AuditEvent::PasswordChanged {
        via: "telegram-reset".into()
    }));
    let rejected = |e: &&AuditEvent| matches!(e, AuditEvent::PasswordRejected { .. });
    assert_eq!(events.iter().filter(rejected).count(), 3);
}

#[tokio::test]
async fn the_new_passwords_tried_are_limited_per_reset() {
    let f = fixture();
    f.account("alice", ALICE);
    let limit = f.svc.config.security.password_attempts;
    let exhausted = |tried| {
        f.svc
            .recovery()
            .password_attempts_exhausted("alice", tried, "reset", CHAT)
    };
    assert!(!exhausted(limit - 1));
    assert!(exhausted(limit));
    assert!(f.events().contains(&AuditEvent::PasswordAttemptsExhausted {
        flow: "reset".into()
    }));
}

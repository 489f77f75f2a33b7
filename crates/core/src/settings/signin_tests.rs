//! The /settings sign-in driven through `Services` with a manual clock: wrong passwords
//! make the next try wait longer, then lock sign-in; a try inside the wait is refused
//! without checking the password; counts are kept per account and per chat; an unknown
//! identifier waits and locks alike, for the same work; the step-up code is the sign-in's
//! own; an idle session ends.

use super::SignIn;
use crate::audit::AuditEvent;
use crate::clock::{millis, secs, Clock, Millis};
use crate::domain::Identifier;
use crate::recovery::{Actor, CodeCheck, CodePurpose, CodeRequest};
use crate::testing::{services_with, Fixture};
use std::time::Duration;

const ALICE: &str = "alice@example.com";
const BOB: &str = "bob@example.com";
const NOBODY: &str = "nobody@example.com";
const PASSWORD: &str = "Lantern-Harbor-42";
const WRONG: &str = "not the password";

fn fixture() -> Fixture {
    let f = services_with(|config| config.codes.reply_padding = Duration::ZERO);
    f.account_with("alice", ALICE, "+4915112345678", PASSWORD);
    f.account_with("bob", BOB, "+4915187654321", "Another-Password-7");
    f
}

fn id(text: &str) -> Identifier {
    Identifier::parse(text).expect("identifier")
}

async fn sign_in(f: &Fixture, to: &str, password: &str, chat: i64) -> SignIn {
    f.svc
        .settings()
        .sign_in(&id(to), password, chat)
        .await
        .expect("sign in")
}

/// The outcome as a comparable text (the account left out of a success).
fn shape(outcome: &SignIn) -> String {
    match outcome {
        SignIn::Correct { account } => format!("Correct({})", account.id),
        other => format!("{other:?}"),
    }
}

fn advance_ms(f: &Fixture, ms: Millis) {
    f.clock.advance(Duration::from_millis(ms as u64));
}

#[tokio::test]
async fn wrong_passwords_make_the_next_try_wait_longer_then_lock_sign_in() {
    let f = fixture();
    let delays = f.svc.config.security.signin_delays.clone();
    for delay in delays {
        let (delay, wait) = (delay.as_secs(), millis(delay));
        let work = f.svc.hashing.computations();
        let wrong = sign_in(&f, ALICE, WRONG, 7).await;
        assert_eq!(shape(&wrong), format!("Wrong {{ wait_secs: {delay} }}"));
        assert_eq!(f.svc.hashing.computations(), work + 1);
        // The right password inside the wait is refused, and not even checked.
        let early = sign_in(&f, ALICE, PASSWORD, 7).await;
        assert_eq!(shape(&early), format!("Wait {{ wait_secs: {delay} }}"));
        advance_ms(&f, wait - 1);
        let still = sign_in(&f, ALICE, PASSWORD, 7).await;
        assert_eq!(shape(&still), "Wait { wait_secs: 1 }");
        assert_eq!(f.svc.hashing.computations(), work + 1);
        advance_ms(&f, 1);
    }
    let until = f.clock.now() + millis(f.svc.config.security.signin_lock);
    let locked = format!("Locked {{ until: {until} }}");
    assert_eq!(shape(&sign_in(&f, ALICE, WRONG, 7).await), locked);
    assert_eq!(shape(&sign_in(&f, ALICE, PASSWORD, 7).await), locked);
    assert_eq!(shape(&sign_in(&f, ALICE, PASSWORD, 8).await), locked);
    advance_ms(&f, until - f.clock.now() - 1);
    assert_eq!(shape(&sign_in(&f, ALICE, PASSWORD, 8).await), locked);
    advance_ms(&f, 1);
    let open = sign_in(&f, ALICE, PASSWORD, 7).await;
    assert_eq!(shape(&open), "Correct(alice)");
    let events = f.events();
    let refused = |why: &str| {
        events.iter().any(
            |e| matches!(e, AuditEvent::SignInRefused { reason, .. } if reason.as_str() == why),
        )
    };
    assert!(refused("waiting") && refused("locked"));
    assert!(events
        .iter()
        .any(|e| matches!(e, AuditEvent::SignInLocked { .. })));
    assert!(events
        .iter()
        .any(|e| matches!(e, AuditEvent::SignInPassword { .. })));
}

#[tokio::test]
async fn a_right_password_after_the_wait_signs_in_and_forgets_the_accounts_failures() {
    let f = fixture();
    assert_eq!(
        shape(&sign_in(&f, ALICE, WRONG, 7).await),
        "Wrong { wait_secs: 1 }"
    );
    advance_ms(&f, secs(1));
    assert_eq!(
        shape(&sign_in(&f, ALICE, PASSWORD, 7).await),
        "Correct(alice)"
    );
    // From a fresh chat the account starts afresh: the first wait again, not the second.
    assert_eq!(
        shape(&sign_in(&f, ALICE, WRONG, 8).await),
        "Wrong { wait_secs: 1 }"
    );
}

#[tokio::test]
async fn the_wait_holds_for_the_account_in_every_chat_and_for_the_chat_on_every_account() {
    let f = fixture();
    sign_in(&f, ALICE, WRONG, 7).await;
    assert_eq!(
        shape(&sign_in(&f, ALICE, PASSWORD, 9).await),
        "Wait { wait_secs: 1 }"
    );
    advance_ms(&f, secs(1));
    // Another account from the same chat: the chat's second failure.
    assert_eq!(
        shape(&sign_in(&f, BOB, WRONG, 7).await),
        "Wrong { wait_secs: 3 }"
    );
    assert_eq!(
        shape(&sign_in(&f, ALICE, PASSWORD, 7).await),
        "Wait { wait_secs: 3 }"
    );
    assert_eq!(
        shape(&sign_in(&f, ALICE, PASSWORD, 9).await),
        "Correct(alice)"
    );
}

#[tokio::test]
async fn an_unknown_identifier_waits_and_locks_like_a_known_one_for_the_same_work() {
    let f = fixture();
    let delays = f.svc.config.security.signin_delays.clone();
    for step in 0..=delays.len() {
        let before = f.svc.hashing.computations();
        let known = sign_in(&f, ALICE, WRONG, 7).await;
        let known_work = f.svc.hashing.computations() - before;
        let unknown = sign_in(&f, NOBODY, WRONG, 8).await;
        let unknown_work = f.svc.hashing.computations() - before - known_work;
        assert_eq!(shape(&known), shape(&unknown), "step {step}");
        assert_eq!((known_work, unknown_work), (1, 1), "step {step}");
        let early = (
            sign_in(&f, ALICE, PASSWORD, 7).await,
            sign_in(&f, NOBODY, PASSWORD, 8).await,
        );
        assert_eq!(shape(&early.0), shape(&early.1), "step {step}");
        if let Some(delay) = delays.get(step) {
            advance_ms(&f, millis(*delay));
        }
    }
    assert!(f.events().contains(&AuditEvent::SignInFailed {
        identifier: id(NOBODY).masked(),
        known: false
    }));
}

#[tokio::test]
async fn an_operator_locked_account_signs_in_to_no_session() {
    let f = fixture();
    let locked = f.svc.store.update_account("alice", |a| a.locked = true);
    assert!(locked.expect("update").is_some());
    let outcome = sign_in(&f, ALICE, PASSWORD, 7).await;
    assert!(matches!(outcome, SignIn::AccountLocked), "{outcome:?}");
}

#[tokio::test]
async fn the_step_up_code_is_the_sign_ins_own_and_a_reset_does_not_void_it() {
    let f = fixture();
    let actor = Actor { chat_id: Some(7) };
    let to = id(ALICE);
    let target = |purpose| {
        f.svc
            .recovery()
            .code_target(purpose, &to, "alice")
            .expect("read")
    };
    let sent = f
        .svc
        .recovery()
        .request_code_for(target(CodePurpose::SignIn), "en", actor);
    assert_eq!(sent.await.expect("request"), CodeRequest::Sent);
    let step_up = f.code_to(ALICE, 0).await;
    assert!(f.outbox()[0].1.contains("sign-in code"));
    // A reset asked for meanwhile has a code of its own, without a cooldown from the
    // sign-in's.
    let reset = f
        .svc
        .recovery()
        .request_code(&to, "en", actor)
        .await
        .expect("request");
    assert_eq!(reset, CodeRequest::Sent);
    let reset_code = f.code_to(ALICE, 1).await;
    if reset_code.expose() != step_up.expose() {
        let crossed = f.svc.recovery().check_code(&to, &step_up, actor).await;
        assert!(matches!(crossed.expect("check"), CodeCheck::Wrong { .. }));
    }
    let proven = f
        .svc
        .recovery()
        .check_code_for(target(CodePurpose::SignIn), &step_up, actor)
        .await;
    assert_eq!(
        proven.expect("check"),
        CodeCheck::Correct {
            account_id: "alice".into()
        }
    );
    let reset = f.svc.recovery().check_code(&to, &reset_code, actor).await;
    assert!(matches!(reset.expect("check"), CodeCheck::Correct { .. }));
}

#[tokio::test]
async fn a_session_ends_after_settings_idle_secs_without_activity() {
    let f = fixture();
    let session = f.svc.settings().start_session("alice", 7);
    let idle = millis(f.svc.config.security.settings_idle);
    advance_ms(&f, idle);
    let touched = f.svc.settings().touch_session(&session, 7).expect("read");
    let touched = touched.expect("still active at the limit");
    advance_ms(&f, idle + 1);
    assert_eq!(
        f.svc.settings().touch_session(&touched, 7).expect("read"),
        None
    );
    assert!(f.events().contains(&AuditEvent::SignedOut {
        reason: "idle".into()
    }));
}

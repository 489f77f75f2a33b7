//! The recovery lock after too many wrong codes, for known and unknown identifiers alike.

use super::*;
use crate::clock::millis;

/// Requests a code, sends its tries wrong, waits out the cooldown and so on until
/// `failures_before_lock` wrong codes were typed; returns every answer.
async fn lock_out(f: &Fixture, to: &str) -> (Vec<CodeRequest>, Vec<CodeCheck>) {
    let rules = f.svc.config.codes.clone();
    let (mut requests, mut checks) = (Vec::new(), Vec::new());
    let mut sent = 0;
    while (checks.len() as u32) < rules.failures_before_lock {
        requests.push(request(f, to).await);
        let bad = wrong(f, to, sent).await;
        sent += 1;
        for _ in 0..rules
            .max_attempts
            .min(rules.failures_before_lock - checks.len() as u32)
        {
            checks.push(check(f, to, &bad).await);
        }
        f.clock.advance(rules.resend_cooldown);
    }
    (requests, checks)
}

#[tokio::test]
async fn too_many_wrong_codes_lock_the_account_until_lock_hours_have_passed() {
    let f = fixture();
    f.account_with("alice", ALICE, ALICE_PHONE, "unused password");
    let started = f.clock.now();
    let (requests, checks) = lock_out(&f, ALICE).await;
    assert!(requests.iter().all(|r| *r == CodeRequest::Sent));
    let lock = millis(f.svc.config.codes.lock);
    let locked_at = started + millis(f.svc.config.codes.resend_cooldown);
    let until = locked_at + lock;
    assert_eq!(checks.last(), Some(&CodeCheck::Locked { until }));
    let wrong_now_void = checks.iter().filter(|c| **c == CodeCheck::WrongNowVoid);
    assert_eq!(wrong_now_void.count(), 1, "the first code was used up");
    assert!(f
        .events()
        .iter()
        .any(|e| matches!(e, AuditEvent::RecoveryLocked { .. })));
    // The lock is the account's: its phone number is refused too, and no code goes out.
    let delivered = f.outbox().len();
    assert_eq!(request(&f, ALICE).await, CodeRequest::Locked { until });
    assert_eq!(
        request(&f, ALICE_PHONE).await,
        CodeRequest::Locked { until }
    );
    assert!(f
        .events()
        .iter()
        .any(|e| matches!(e, AuditEvent::RecoveryRefusedLocked { .. })));
    let any = OneTimeCode::parse("123456").expect("code");
    assert_eq!(check(&f, ALICE, &any).await, CodeCheck::Locked { until });
    // Up to the last millisecond of the lock, then open again.
    f.clock
        .advance(Duration::from_millis((until - f.clock.now() - 1) as u64));
    assert_eq!(request(&f, ALICE).await, CodeRequest::Locked { until });
    f.clock.advance(Duration::from_millis(1));
    assert_eq!(request(&f, ALICE_PHONE).await, CodeRequest::Sent);
    assert_eq!(f.delivered(delivered + 1).await.len(), delivered + 1);
    let code = f.code_to(ALICE_PHONE, 0).await;
    assert!(matches!(
        check(&f, ALICE_PHONE, &code).await,
        CodeCheck::Correct { .. }
    ));
}

#[tokio::test]
async fn an_unknown_identifier_gets_the_same_answers_and_work_and_no_message() {
    let known = fixture();
    known.account("alice", ALICE);
    let unknown = fixture();
    unknown.account("alice", ALICE);
    let (known_requests, known_checks) = lock_out(&known, ALICE).await;
    let (unknown_requests, unknown_checks) = lock_out(&unknown, NOBODY).await;
    assert_eq!(known_requests, unknown_requests);
    // Both fixtures' clocks started at their creation: compare the lock's length.
    let lock_of = |checks: &[CodeCheck], f: &Fixture| match checks.last() {
        Some(CodeCheck::Locked { until }) => until - f.clock.now(),
        other => panic!("not locked: {other:?}"),
    };
    assert_eq!(
        lock_of(&known_checks, &known),
        lock_of(&unknown_checks, &unknown)
    );
    let rest = |checks: &[CodeCheck]| checks[..checks.len() - 1].to_vec();
    assert_eq!(rest(&known_checks), rest(&unknown_checks));
    assert_eq!(
        known.svc.hashing.computations(),
        unknown.svc.hashing.computations()
    );
    // Nothing was delivered for the unknown identifier, nothing was audited as sent.
    assert!(unknown.outbox().is_empty());
    let sent = |f: &Fixture| {
        let events = f.events();
        events
            .iter()
            .filter(|e| matches!(e, AuditEvent::CodeSent { .. }))
            .count()
    };
    assert_eq!(sent(&unknown), 0);
    assert_eq!(sent(&known), known_requests.len());
    assert!(unknown.events().contains(&AuditEvent::CodeRequested {
        identifier: id(NOBODY).masked(),
        known: false
    }));
}

#[tokio::test]
async fn an_agents_unlock_and_a_new_password_each_lift_the_lock() {
    let f = fixture();
    f.account("alice", ALICE);
    f.account("bob", "bob@example.com");
    lock_out(&f, ALICE).await;
    lock_out(&f, "bob@example.com").await;
    assert!(matches!(
        request(&f, ALICE).await,
        CodeRequest::Locked { .. }
    ));
    let agent = AgentRef {
        id: 9001,
        name: "Sam".into(),
    };
    let unlocked = f.svc.support().unlock_account("alice", &agent, -100).await;
    assert!(
        unlocked
            .expect("unlock")
            .expect("found")
            .recovery_was_locked
    );
    assert_eq!(request(&f, ALICE).await, CodeRequest::Sent);
    let bob = "bob@example.com";
    assert!(matches!(request(&f, bob).await, CodeRequest::Locked { .. }));
    let hash = "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA";
    f.svc
        .recovery()
        .apply_password("bob", hash, "operator", "en", CHAT)
        .await
        .expect("password");
    assert_eq!(request(&f, bob).await, CodeRequest::Sent);
}

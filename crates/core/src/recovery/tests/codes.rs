//! A reset code: delivered, used once, expired, counted down, resent within limits.

use super::*;

#[tokio::test]
async fn a_delivered_reset_code_proves_the_identifier_once() {
    let f = fixture();
    f.account("alice", ALICE);
    assert_eq!(request(&f, ALICE).await, CodeRequest::Sent);
    let code = f.code_to(ALICE, 0).await;
    let correct = CodeCheck::Correct {
        account_id: "alice".into(),
    };
    assert_eq!(check(&f, ALICE, &code).await, correct);
    assert_eq!(check(&f, ALICE, &code).await, CodeCheck::Void);
    let events = f.events();
    assert!(events
        .iter()
        .any(|e| matches!(e, AuditEvent::CodeSent { .. })));
    assert!(events
        .iter()
        .any(|e| matches!(e, AuditEvent::CodeAccepted { .. })));
    assert!(events.iter().any(rejected(CodeRejection::Void)));
    assert!(
        !format!("{events:?}").contains(code.expose()),
        "the audit log never holds a code"
    );
}

#[tokio::test]
async fn a_reset_code_works_until_ttl_secs_then_has_expired() {
    let f = fixture();
    f.account("alice", ALICE);
    f.account("bob", "bob@example.com");
    request(&f, ALICE).await;
    request(&f, "bob@example.com").await;
    let alices = f.code_to(ALICE, 0).await;
    let bobs = f.code_to("bob@example.com", 0).await;
    let ttl = f.svc.config.codes.ttl;
    f.clock.advance(ttl - Duration::from_millis(1));
    assert!(matches!(
        check(&f, ALICE, &alices).await,
        CodeCheck::Correct { .. }
    ));
    f.clock.advance(Duration::from_millis(1));
    assert_eq!(
        check(&f, "bob@example.com", &bobs).await,
        CodeCheck::Expired
    );
    assert!(f.events().iter().any(rejected(CodeRejection::Expired)));
}

#[tokio::test]
async fn wrong_codes_count_down_and_the_last_try_voids_the_code() {
    let f = fixture();
    f.account("alice", ALICE);
    request(&f, ALICE).await;
    let code = f.code_to(ALICE, 0).await;
    let bad = other_than(&code);
    let tries = f.svc.config.codes.max_attempts;
    for left in (1..tries).rev() {
        assert_eq!(
            check(&f, ALICE, &bad).await,
            CodeCheck::Wrong {
                attempts_left: left
            }
        );
    }
    assert_eq!(check(&f, ALICE, &bad).await, CodeCheck::WrongNowVoid);
    assert_eq!(check(&f, ALICE, &code).await, CodeCheck::Void);
    let events = f.events();
    let wrong = events.iter().filter(|e| rejected(CodeRejection::Wrong)(e));
    assert_eq!(wrong.count() as u32, tries - 1);
    assert!(events.iter().any(rejected(CodeRejection::WrongNowVoid)));
}

#[tokio::test]
async fn resends_wait_for_the_cooldown_and_stop_at_the_hourly_limit() {
    let f = fixture();
    f.account("alice", ALICE);
    let rules = f.svc.config.codes.clone();
    assert_eq!(request(&f, ALICE).await, CodeRequest::Sent);
    // Each delivery is awaited before the next request, so the outbox keeps their order.
    f.delivered(1).await;
    assert_eq!(
        request(&f, ALICE).await,
        CodeRequest::Cooldown {
            retry_in_secs: rules.resend_cooldown.as_secs()
        }
    );
    f.clock
        .advance(rules.resend_cooldown - Duration::from_secs(1));
    assert_eq!(
        request(&f, ALICE).await,
        CodeRequest::Cooldown { retry_in_secs: 1 }
    );
    advance_secs(&f, 1);
    for sent in 1..rules.max_per_hour as usize {
        assert_eq!(request(&f, ALICE).await, CodeRequest::Sent);
        f.delivered(sent + 1).await;
        f.clock.advance(rules.resend_cooldown);
    }
    let sent_for = u64::from(rules.max_per_hour - 1) * rules.resend_cooldown.as_secs();
    let retry_in_secs = 3600 - sent_for - rules.resend_cooldown.as_secs();
    assert_eq!(
        request(&f, ALICE).await,
        CodeRequest::HourlyLimit { retry_in_secs }
    );
    advance_secs(&f, retry_in_secs);
    assert_eq!(request(&f, ALICE).await, CodeRequest::Sent);
    // Only the codes sent were delivered, and only the newest one works.
    let sent = rules.max_per_hour as usize + 1;
    assert_eq!(f.delivered(sent).await.len(), sent);
    let first = f.code_to(ALICE, 0).await;
    let newest = f.code_to(ALICE, sent - 1).await;
    if first.expose() != newest.expose() {
        assert!(matches!(
            check(&f, ALICE, &first).await,
            CodeCheck::Wrong { .. }
        ));
    }
    assert!(matches!(
        check(&f, ALICE, &newest).await,
        CodeCheck::Correct { .. }
    ));
    let events = f.events();
    let count = |want: fn(&AuditEvent) -> bool| events.iter().filter(|e| want(e)).count();
    assert_eq!(count(|e| matches!(e, AuditEvent::CodeCooldown { .. })), 2);
    assert_eq!(
        count(|e| matches!(e, AuditEvent::CodeHourlyLimit { .. })),
        1
    );
}

#[tokio::test]
async fn a_known_and_an_unknown_identifier_side_by_side_only_the_known_gets_a_message() {
    let f = fixture();
    f.account("alice", ALICE);
    let before = f.svc.hashing.computations();
    assert_eq!(request(&f, NOBODY).await, CodeRequest::Sent);
    let unknown_work = f.svc.hashing.computations() - before;
    assert_eq!(request(&f, ALICE).await, CodeRequest::Sent);
    let known_work = f.svc.hashing.computations() - before - unknown_work;
    assert_eq!(known_work, unknown_work);
    // The unknown identifier's request came first: had it queued a message, it would be
    // in the outbox by the time the known one's is.
    let delivered = f.delivered(1).await;
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0].0, ALICE);
    let guess = OneTimeCode::parse("000000").expect("code");
    assert_eq!(
        check(&f, NOBODY, &guess).await,
        CodeCheck::Wrong { attempts_left: 4 }
    );
}

#[tokio::test]
async fn codes_come_from_the_random_source_passed_in() {
    // Every fixture draws from the same seed: its first code is the same every time.
    let (a, b) = (fixture(), fixture());
    for f in [&a, &b] {
        f.account("alice", ALICE);
        assert_eq!(request(f, ALICE).await, CodeRequest::Sent);
    }
    let (first, second) = (a.code_to(ALICE, 0).await, b.code_to(ALICE, 0).await);
    assert_eq!(first.expose(), second.expose());
}

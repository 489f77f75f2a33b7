use super::*;

fn rules() -> Codes {
    Codes::default()
}

fn issued(now: Millis) -> CodeRecord {
    issue(None, "ab".repeat(32), now, &rules()).0.unwrap()
}

#[test]
fn a_code_is_valid_ten_minutes_then_expired() {
    let r = issued(0);
    assert_eq!(
        check(Some(r.clone()), &[0xab; 32], secs(599)).1,
        CheckOutcome::Correct
    );
    assert_eq!(
        check(Some(r), &[0xab; 32], secs(600)).1,
        CheckOutcome::Expired
    );
}

#[test]
fn a_code_works_once() {
    let (r, o) = check(Some(issued(0)), &[0xab; 32], 1);
    assert_eq!(o, CheckOutcome::Correct);
    assert_eq!(check(r, &[0xab; 32], 2).1, CheckOutcome::Void);
}

#[test]
fn five_wrong_tries_void_the_code() {
    let mut r = Some(issued(0));
    for left in (1..5).rev() {
        let (next, o) = check(r, &[0; 32], 1);
        assert_eq!(
            o,
            CheckOutcome::Wrong {
                attempts_left: left
            }
        );
        r = next;
    }
    let (r, o) = check(r, &[0; 32], 1);
    assert_eq!(o, CheckOutcome::WrongNowVoid);
    assert_eq!(check(r, &[0xab; 32], 1).1, CheckOutcome::Void);
}

#[test]
fn resend_waits_sixty_seconds_and_at_most_five_an_hour() {
    let r = issued(0);
    assert_eq!(
        issue(Some(&r), String::new(), secs(59), &rules()).1,
        IssueOutcome::Cooldown { retry_in_secs: 1 }
    );
    let mut r = r;
    for i in 1..5 {
        let (next, o) = issue(Some(&r), String::new(), secs(60 * i), &rules());
        assert_eq!(o, IssueOutcome::Issued);
        r = next.unwrap();
    }
    assert_eq!(
        issue(Some(&r), String::new(), secs(300), &rules()).1,
        IssueOutcome::HourlyLimit {
            retry_in_secs: 3300
        }
    );
    assert_eq!(
        issue(Some(&r), String::new(), secs(3600), &rules()).1,
        IssueOutcome::Issued
    );
}

#[test]
fn a_record_is_needed_for_the_codes_life_and_the_hour_after_its_last_send() {
    let r = issued(0);
    assert_eq!(r.needed_until(), secs(3600));
    let long = Codes {
        ttl: std::time::Duration::from_secs(7200),
        ..rules()
    };
    let r = issue(None, String::new(), 0, &long).0.unwrap();
    assert_eq!(r.needed_until(), secs(7200));
    // Once removed, the code is answered as expired, and a new one may be sent.
    assert_eq!(
        check(None, &[0xab; 32], secs(3600)).1,
        CheckOutcome::Expired
    );
    assert_eq!(
        issue(None, String::new(), secs(3600), &rules()).1,
        IssueOutcome::Issued
    );
}

#[test]
fn a_new_code_voids_the_old_one() {
    let first = issued(0);
    let second = issue(Some(&first), "cd".repeat(32), secs(61), &rules())
        .0
        .unwrap();
    assert_eq!(
        check(Some(second), &[0xab; 32], secs(62)).1,
        CheckOutcome::Wrong { attempts_left: 4 }
    );
}

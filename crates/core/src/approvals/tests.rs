//! Change requests driven through `Services` with a manual clock: a request waits; a press
//! in a linked chat approves (applied, audited, the old contact told) or denies it (the
//! account stays); a press after its time or a second press is refused; other chats and
//! forged buttons decide nothing; the pending limit.

use super::{Action, ChangeError, ChangeInput, Decision};
use crate::audit::{AuditEvent, Channel};
use crate::domain::PersonName;
use crate::settings::edit::{Edit, Saved};
use crate::store::changes::{ChangeField, ChangeRequest, ChangeStatus};
use crate::testing::{services, Fixture};
use std::time::Duration;

const LINKED: i64 = 7;
const OLD: &str = "alice@example.com";
const NEW: &str = "alice@example.org";

async fn fixture() -> Fixture {
    let f = services();
    f.account("alice", OLD);
    f.svc
        .approvals()
        .link_chat(LINKED, "alice")
        .await
        .expect("link");
    f
}

fn ask(f: &Fixture, field: ChangeField, value: &str) -> Result<ChangeRequest, ChangeError> {
    let input = ChangeInput {
        account: "alice".into(),
        field,
        value: Some(value.into()).filter(|v: &String| !v.is_empty()),
        reason: None,
    };
    f.svc.approvals().request_change(input, "operator")
}

async fn press(f: &Fixture, change: &ChangeRequest, action: Action, chat: i64) -> Decision {
    let data = f.svc.approvals().button_data(&change.id, action);
    f.svc.approvals().decide(&data, chat).await.expect("decide")
}

fn status(f: &Fixture, change: &ChangeRequest) -> ChangeStatus {
    let stored = f.svc.store.change(&change.id).expect("read");
    stored.expect("stored").status
}

fn email(f: &Fixture) -> String {
    let account = f
        .svc
        .store
        .account("alice")
        .expect("read")
        .expect("account");
    account.email.expect("e-mail").as_str().to_string()
}

fn refusals(f: &Fixture, why: &str) -> usize {
    let events = f.events();
    let refused = |e: &&AuditEvent| matches!(e, AuditEvent::ChangeButtonRefused { reason, .. } if reason.as_str() == why);
    events.iter().filter(refused).count()
}

fn decided(f: &Fixture) -> Vec<ChangeStatus> {
    let events = f.events();
    let outcomes = events.iter().filter_map(|e| match e {
        AuditEvent::ChangeDecided { outcome, .. } => Some(*outcome),
        _ => None,
    });
    outcomes.collect()
}

#[tokio::test]
async fn an_approved_change_is_applied_audited_and_the_old_address_told() {
    let f = fixture().await;
    let change = ask(&f, ChangeField::Email, NEW).expect("request");
    assert_eq!(status(&f, &change), ChangeStatus::Pending);
    assert_eq!(email(&f), OLD, "nothing changes before the decision");
    let decision = press(&f, &change, Action::Approve, LINKED).await;
    assert!(
        matches!(decision, Decision::Approved { applied: true, .. }),
        "{decision:?}"
    );
    assert_eq!(email(&f), NEW);
    assert_eq!(status(&f, &change), ChangeStatus::Approved);
    assert_eq!(decided(&f), [ChangeStatus::Approved]);
    let events = f.events();
    assert!(events.contains(&AuditEvent::ChangeRequested {
        change: change.id.clone(),
        field: ChangeField::Email,
        by: "operator".into()
    }));
    assert!(events.contains(&AuditEvent::NoticeSent {
        channel: Channel::Email
    }));
    let told = f.delivered(1).await;
    assert_eq!(told[0].0, OLD, "the notice goes to the address as it was");
}

#[tokio::test]
async fn a_denied_change_leaves_the_account_as_it_was() {
    let f = fixture().await;
    let change = ask(&f, ChangeField::Email, NEW).expect("request");
    let decision = press(&f, &change, Action::Deny, LINKED).await;
    assert!(matches!(decision, Decision::Denied { .. }), "{decision:?}");
    assert_eq!(email(&f), OLD);
    assert_eq!(status(&f, &change), ChangeStatus::Denied);
    assert_eq!(decided(&f), [ChangeStatus::Denied]);
    let again = press(&f, &change, Action::Approve, LINKED).await;
    assert!(matches!(
        again,
        Decision::AlreadyHandled(ChangeStatus::Denied)
    ));
    assert_eq!(email(&f), OLD);
}

#[tokio::test]
async fn a_decision_after_the_requests_time_is_refused() {
    let f = fixture().await;
    let first = ask(&f, ChangeField::Name, "Alice Early").expect("request");
    let second = ask(&f, ChangeField::Email, NEW).expect("request");
    let ttl = f.svc.config.approvals.ttl;
    f.clock.advance(ttl - Duration::from_millis(1));
    let in_time = press(&f, &first, Action::Approve, LINKED).await;
    assert!(matches!(in_time, Decision::Approved { applied: true, .. }));
    f.clock.advance(Duration::from_millis(1));
    let late = press(&f, &second, Action::Approve, LINKED).await;
    assert!(matches!(late, Decision::Expired { .. }), "{late:?}");
    assert_eq!(email(&f), OLD);
    assert_eq!(status(&f, &second), ChangeStatus::Expired);
    assert_eq!(refusals(&f, "expired"), 1);
    let again = press(&f, &second, Action::Approve, LINKED).await;
    assert!(matches!(
        again,
        Decision::AlreadyHandled(ChangeStatus::Expired)
    ));
    assert_eq!(decided(&f), [ChangeStatus::Approved]);
}

#[tokio::test]
async fn a_request_is_decided_once() {
    let f = fixture().await;
    let change = ask(&f, ChangeField::Name, "Alice Once").expect("request");
    let first = press(&f, &change, Action::Approve, LINKED).await;
    assert!(matches!(first, Decision::Approved { applied: true, .. }));
    for action in [Action::Approve, Action::Deny] {
        let again = press(&f, &change, action, LINKED).await;
        assert!(
            matches!(again, Decision::AlreadyHandled(ChangeStatus::Approved)),
            "{again:?}"
        );
    }
    assert_eq!(status(&f, &change), ChangeStatus::Approved);
    assert_eq!(decided(&f), [ChangeStatus::Approved]);
    assert_eq!(refusals(&f, "already handled"), 2);
}

#[tokio::test]
async fn only_a_chat_linked_to_the_account_decides_and_forged_buttons_decide_nothing() {
    let f = fixture().await;
    f.account("bob", "bob@example.com");
    f.svc.approvals().link_chat(9, "bob").await.expect("link");
    let change = ask(&f, ChangeField::Email, NEW).expect("request");
    for chat in [8, 9] {
        let other = press(&f, &change, Action::Approve, chat).await;
        assert!(matches!(other, Decision::NotYours), "{other:?}");
    }
    // A Deny button's data turned into an Approve.
    let deny = f.svc.approvals().button_data(&change.id, Action::Deny);
    let forged = deny.replacen(":d:", ":a:", 1);
    let decision = f
        .svc
        .approvals()
        .decide(&forged, LINKED)
        .await
        .expect("decide");
    assert!(matches!(decision, Decision::Invalid), "{decision:?}");
    assert_eq!(status(&f, &change), ChangeStatus::Pending);
    assert_eq!((refusals(&f, "not linked"), refusals(&f, "forged")), (2, 1));
    let decision = press(&f, &change, Action::Approve, LINKED).await;
    assert!(matches!(decision, Decision::Approved { applied: true, .. }));
}

#[tokio::test]
async fn a_setting_changed_from_an_unlinked_chat_waits_for_the_linked_chat() {
    let f = fixture().await;
    let name = |s: &str| Edit::Name(PersonName::parse(s).expect("name"));
    let mut elsewhere = f.svc.settings().start_session("alice", 8);
    let saved = f
        .svc
        .settings()
        .save_edit(&mut elsewhere, 8, name("Alice Waiting"), "en")
        .await;
    let Saved::Pending(change) = saved.expect("saved") else {
        panic!("not pending");
    };
    let account = || {
        f.svc
            .store
            .account("alice")
            .expect("read")
            .expect("account")
    };
    assert_eq!(account().name, "Alice Example");
    assert!(f.events().contains(&AuditEvent::SettingChanged {
        field: ChangeField::Name,
        pending: true
    }));
    let decision = press(&f, &change, Action::Approve, LINKED).await;
    assert!(matches!(decision, Decision::Approved { applied: true, .. }));
    assert_eq!(account().name, "Alice Waiting");
    // From the linked chat itself the change is made at once.
    let mut here = f.svc.settings().start_session("alice", LINKED);
    let saved = f
        .svc
        .settings()
        .save_edit(&mut here, LINKED, name("Alice Here"), "en");
    assert!(matches!(saved.await.expect("saved"), Saved::Done));
    assert_eq!(account().name, "Alice Here");
}

#[tokio::test]
async fn requests_beyond_the_pending_limit_are_refused_until_one_is_decided_or_expires() {
    let f = fixture().await;
    let limit = f.svc.config.approvals.max_pending_per_account;
    let names = |i: usize| format!("Alice {}", ["A", "B", "C", "D", "E", "F", "G"][i % 7]);
    let waiting: Vec<_> = (0..limit)
        .map(|i| ask(&f, ChangeField::Name, &names(i)).expect("request"))
        .collect();
    let refused = ask(&f, ChangeField::Name, "Alice Over");
    assert!(matches!(refused, Err(ChangeError::TooManyPending(_))));
    assert!(f
        .events()
        .iter()
        .any(|e| matches!(e, AuditEvent::ChangeRefused { .. })));
    press(&f, &waiting[0], Action::Deny, LINKED).await;
    ask(&f, ChangeField::Name, "Alice Over").expect("room after a decision");
    assert!(ask(&f, ChangeField::Name, "Alice Again").is_err());
    f.clock.advance(f.svc.config.approvals.ttl);
    ask(&f, ChangeField::Name, "Alice Later").expect("room after the expiry");
}

#[tokio::test]
async fn an_approved_password_reset_ends_the_accounts_sessions() {
    let f = fixture().await;
    let session = f.svc.settings().start_session("alice", 8);
    f.clock.advance(Duration::from_millis(1));
    let change = ask(&f, ChangeField::PasswordReset, "").expect("request");
    let decision = press(&f, &change, Action::Approve, LINKED).await;
    assert!(matches!(decision, Decision::Approved { applied: true, .. }));
    assert_eq!(
        f.svc.settings().touch_session(&session, 8).expect("read"),
        None
    );
}

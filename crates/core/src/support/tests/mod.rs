//! Support tickets driven through `Services` with a manual clock: opening one (and the
//! account it names), descriptions and messages that look like secrets, the unanswered-
//! messages limit, agents' answers, taking and closing, a new ticket after the close, the
//! secret check's work in a proven chat, and what an agent's unlock tells whom.

use super::ticket::{AccountSource, AgentRef, Body, CloseOutcome, Status, TakeOutcome, Ticket};
use super::{AgentSays, Opener, Opening, UserSays};
use crate::audit::{AuditEvent, RelayRefusal};
use crate::domain::Identifier;
use crate::recovery::Actor;
use crate::testing::{services, Fixture};
use std::time::Duration;

mod proven;

const USER: i64 = 1001;
const STAFF: i64 = -100;

fn sam() -> AgentRef {
    AgentRef {
        id: 9001,
        name: "Sam".into(),
    }
}

fn kim() -> AgentRef {
    AgentRef {
        id: 9002,
        name: "Kim".into(),
    }
}

/// Links `chat` to the account, as a reset's link offer does.
async fn link(f: &Fixture, chat: i64, account: &str) {
    let linked = f.svc.approvals().link_chat(chat, account).await;
    linked.expect("link");
}

async fn open(f: &Fixture, chat: i64, description: &str) -> Opening {
    let opener = Opener {
        chat_id: chat,
        name: "Ann".into(),
        language: "en".into(),
    };
    f.svc
        .support()
        .open_ticket(&opener, description, 1)
        .await
        .expect("open")
}

async fn opened(f: &Fixture, chat: i64) -> Ticket {
    match open(f, chat, "I cannot sign in").await {
        Opening::Opened(ticket) => *ticket,
        other => panic!("not opened: {other:?}"),
    }
}

async fn says(f: &Fixture, ticket: &Ticket, text: &str, message: i32) -> UserSays {
    let body = Body::Text(text.into());
    let source = (ticket.chat_id, message);
    f.svc
        .support()
        .user_says(ticket.id, body, source)
        .await
        .expect("user says")
}

async fn answers(f: &Fixture, ticket: &Ticket, message: i32) -> AgentSays {
    let body = Body::Text("Let me look".into());
    let source = (STAFF, message);
    let said = f
        .svc
        .support()
        .agent_says(ticket.id, &sam(), body, source)
        .await;
    said.expect("agent says")
}

async fn take(f: &Fixture, ticket: &Ticket, agent: AgentRef) -> TakeOutcome {
    let taken = f.svc.support().take_ticket(ticket.id, &agent, STAFF).await;
    taken.expect("take").expect("found").1
}

/// Opens a ticket from `chat`, sends `text` in it; returns the outcome and the argon2
/// computations both took.
async fn work(f: &Fixture, chat: i64, text: &str) -> (UserSays, u64) {
    let before = f.svc.hashing.computations();
    let ticket = opened(f, chat).await;
    let said = says(f, &ticket, text, 2).await;
    (said, f.svc.hashing.computations() - before)
}

fn count(f: &Fixture, want: impl Fn(&AuditEvent) -> bool) -> usize {
    f.events().iter().filter(|e| want(e)).count()
}

#[tokio::test]
async fn a_description_opens_a_ticket_that_agents_see() {
    let f = services();
    let ticket = opened(&f, USER).await;
    assert_eq!(
        (ticket.status, ticket.account.clone()),
        (Status::Open, None)
    );
    assert_eq!(ticket.description(), Some("I cannot sign in"));
    let active = f.svc.support().active_ticket(USER).expect("read");
    assert_eq!(active.as_ref(), Some(&ticket));
    let listed = f.svc.support().active_tickets(&sam(), STAFF).expect("read");
    assert_eq!(listed, std::slice::from_ref(&ticket));
    assert!(f
        .events()
        .contains(&AuditEvent::TicketOpened { ticket: ticket.id }));
}

#[tokio::test]
async fn a_ticket_names_the_linked_account_or_one_typed_in_a_reset_that_day() {
    let f = services();
    f.account("alice", "alice@example.com");
    f.account("bob", "bob@example.com");
    link(&f, 1002, "bob").await;
    let alice = Identifier::parse("alice@example.com").expect("identifier");
    for chat in [USER, 1003] {
        let actor = Actor {
            chat_id: Some(chat),
        };
        let asked = f.svc.recovery().request_code(&alice, "en", actor).await;
        asked.expect("request");
    }
    let account = |t: Ticket| t.account.map(|a| (a.id, a.source));
    let typed = Some(("alice".to_string(), AccountSource::TypedInReset));
    assert_eq!(account(opened(&f, USER).await), typed);
    let linked = Some(("bob".to_string(), AccountSource::LinkedChat));
    assert_eq!(account(opened(&f, 1002).await), linked);
    f.clock.advance(Duration::from_secs(24 * 3600 + 1));
    assert_eq!(account(opened(&f, 1003).await), None);
}

#[tokio::test]
async fn secret_descriptions_open_nothing_and_after_too_many_none_is_looked_at() {
    let f = services();
    let limit = f.svc.config.support.unanswered_messages;
    for _ in 0..limit {
        assert_eq!(open(&f, USER, "my code is 482913").await, Opening::Secret);
    }
    assert_eq!(f.svc.support().active_ticket(USER).expect("read"), None);
    assert_eq!(
        open(&f, USER, "I cannot sign in").await,
        Opening::RateLimited
    );
    let refused = |why: RelayRefusal| move |e: &AuditEvent| matches!(e, AuditEvent::TicketMessageRefused { ticket: None, reason } if *reason == why);
    assert_eq!(
        count(&f, refused(RelayRefusal::LooksLikeSecret)),
        limit as usize
    );
    assert_eq!(count(&f, refused(RelayRefusal::RateLimited)), 1);
    let window = f.svc.config.support.unanswered_window;
    f.clock.advance(window);
    assert!(matches!(
        open(&f, USER, "I cannot sign in").await,
        Opening::Opened(_)
    ));
}

#[tokio::test]
async fn unanswered_messages_are_limited_until_an_agent_answers() {
    let f = services();
    let ticket = opened(&f, USER).await;
    // The description is the first unanswered message.
    let limit = f.svc.config.support.unanswered_messages as i32;
    for message in 2..=limit {
        assert!(matches!(
            says(&f, &ticket, "hello?", message).await,
            UserSays::Relay(_)
        ));
    }
    let over = says(&f, &ticket, "anyone?", limit + 1).await;
    assert_eq!(over, UserSays::RateLimited);
    let AgentSays::Relay {
        ticket: taken,
        taken_now,
    } = answers(&f, &ticket, 50).await
    else {
        panic!("not relayed");
    };
    assert!(taken_now);
    assert_eq!((taken.status, taken.agent), (Status::Taken, Some(sam())));
    assert!(matches!(
        says(&f, &ticket, "thanks", limit + 2).await,
        UserSays::Relay(_)
    ));
    let again = answers(&f, &ticket, 51).await;
    assert!(matches!(
        again,
        AgentSays::Relay {
            taken_now: false,
            ..
        }
    ));
    // Redelivered updates are recognised.
    assert_eq!(
        says(&f, &ticket, "thanks", limit + 2).await,
        UserSays::Duplicate
    );
    assert_eq!(answers(&f, &ticket, 51).await, AgentSays::Duplicate);
    let taken = count(&f, |e| matches!(e, AuditEvent::TicketTaken { .. }));
    let replied = count(&f, |e| matches!(e, AuditEvent::TicketReplied { .. }));
    assert_eq!((taken, replied), (1, 2));
}

#[tokio::test]
async fn a_secret_in_a_ticket_is_withheld_and_kept_without_its_text() {
    let f = services();
    let ticket = opened(&f, USER).await;
    assert_eq!(
        says(&f, &ticket, "it says 482 913", 2).await,
        UserSays::Secret
    );
    let stored = f
        .svc
        .store
        .ticket(ticket.id)
        .expect("read")
        .expect("ticket");
    assert_eq!(
        stored.history.last().map(|e| &e.body),
        Some(&Body::Withheld)
    );
    assert!(f.events().contains(&AuditEvent::TicketMessageRefused {
        ticket: Some(ticket.id),
        reason: RelayRefusal::LooksLikeSecret
    }));
}

#[tokio::test]
async fn a_closed_ticket_takes_nothing_more_and_the_next_description_opens_a_new_one() {
    let f = services();
    let ticket = opened(&f, USER).await;
    let agent = sam();
    let close = |note| f.svc.support().close_ticket(ticket.id, &agent, note, STAFF);
    let (closed, outcome) = close(Some(" solved "))
        .await
        .expect("close")
        .expect("found");
    assert_eq!(outcome, CloseOutcome::Closed);
    assert_eq!(
        (closed.status, closed.close_note.as_deref()),
        (Status::Closed, Some("solved"))
    );
    let (_, outcome) = close(None).await.expect("close").expect("found");
    assert_eq!(outcome, CloseOutcome::AlreadyClosed);
    assert_eq!(
        says(&f, &ticket, "one more thing", 2).await,
        UserSays::Closed
    );
    assert!(matches!(
        answers(&f, &ticket, 50).await,
        AgentSays::Closed(_)
    ));
    assert_eq!(take(&f, &ticket, kim()).await, TakeOutcome::Closed);
    assert_eq!(f.svc.support().active_ticket(USER).expect("read"), None);
    let next = opened(&f, USER).await;
    assert_ne!(next.id, ticket.id);
    let closes = count(&f, |e| matches!(e, AuditEvent::TicketClosed { .. }));
    assert_eq!(closes, 1);
    let unknown = says(&f, &Ticket { id: 999, ..next }, "hi", 3).await;
    assert_eq!(unknown, UserSays::Closed);
}

#[tokio::test]
async fn another_agent_taking_a_ticket_reassigns_it() {
    let f = services();
    let ticket = opened(&f, USER).await;
    assert_eq!(take(&f, &ticket, sam()).await, TakeOutcome::Taken);
    let from = sam();
    let reassigned = TakeOutcome::Reassigned { from };
    assert_eq!(take(&f, &ticket, kim()).await, reassigned);
    assert_eq!(take(&f, &ticket, kim()).await, TakeOutcome::AlreadyYours);
    let taken = count(&f, |e| matches!(e, AuditEvent::TicketTaken { .. }));
    assert_eq!(taken, 2);
}

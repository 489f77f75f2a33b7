//! The desk driven directly: what each action makes the bot do, and what the agent is told.

use super::{Desk, Effect, Order, Work};
use crate::audit::AuditEvent;
use crate::chat::support::{description, Heard};
use crate::chat::{Button, Keyboard, Reply, State};
use crate::support::ticket::{Body, Ticket};
use crate::support::Opener;
use crate::testing::{services_with, Fixture};

const STAFF: i64 = -100;
const SAM: i64 = 42;

fn fixture() -> Fixture {
    services_with(|config| {
        config.support.agents = vec![SAM];
        config.support.chat_id = Some(STAFF);
    })
}

async fn ticket(f: &Fixture) -> Ticket {
    let ann = Opener {
        chat_id: 1001,
        name: "Ann".into(),
        language: "de".into(),
    };
    let heard = description(&f.svc, &ann, "I lost my phone", 1, State::SupportDescribe).await;
    let Heard::Opened(_, ticket) = heard.expect("heard") else {
        panic!("no ticket");
    };
    *ticket
}

fn key(reply: &Reply) -> &str {
    &reply.text[0].1.key
}

/// Each effect in order: "tell 1001 support-taken", "card", "announce staff-taken".
fn effects(work: &Work) -> Vec<String> {
    work.effects
        .iter()
        .map(|effect| match effect {
            Effect::Tell { chat, reply, .. } => format!("tell {chat} {}", key(reply)),
            Effect::Card(_) => "card".into(),
            Effect::Announce(_, reply) => format!("announce {}", key(reply)),
            Effect::Resume { chat, .. } => format!("resume {chat}"),
        })
        .collect()
}

#[tokio::test]
async fn taking_tells_the_user_refreshes_the_card_and_answers_only_elsewhere() {
    let f = fixture();
    let ticket = ticket(&f).await;
    let private = (SAM, None);
    let desk = Desk::open(&f.svc, (SAM, "Sam"), (private, false), "/take").expect("agent");
    let work = desk.order(Order::Take(format!("#{}", ticket.id)), 5).await;
    let work = work.expect("work");
    assert_eq!(
        effects(&work),
        ["tell 1001 support-taken", "card", "announce staff-taken"]
    );
    let Effect::Tell { language, .. } = &work.effects[0] else {
        panic!("not told");
    };
    assert_eq!(language.as_deref(), Some("de"));
    assert_eq!(work.answer.as_ref().map(key), Some("staff-taken"));

    let there = (STAFF, ticket.topic);
    let desk = Desk::open(&f.svc, (SAM, "Sam"), (there, false), "/take").expect("agent");
    let again = desk.take(ticket.id).await.expect("work");
    assert!(again.effects.is_empty());
    assert_eq!(again.answer.as_ref().map(key), Some("staff-already-yours"));
}

#[tokio::test]
async fn closing_offers_the_menu_and_the_card_loses_its_buttons() {
    let f = fixture();
    let ticket = ticket(&f).await;
    let here = ((STAFF, None), true);
    let desk = Desk::open(&f.svc, (SAM, "Sam"), here, "close button").expect("agent");
    let work = desk.press(false, ticket.id).await.expect("work");
    assert_eq!(
        effects(&work),
        ["tell 1001 support-closed", "card", "announce staff-closed"]
    );
    let Effect::Tell { reply, .. } = &work.effects[0] else {
        panic!("not told");
    };
    assert_eq!(reply.keyboard, Some(Keyboard::main_menu(true)));
    let Effect::Card(closed) = &work.effects[1] else {
        panic!("no card");
    };
    assert_eq!(super::card::card(&f.svc, closed).keyboard, None);
    let open = super::card::card(&f.svc, &ticket);
    let pressed: Vec<_> = open.keyboard.iter().flat_map(|k| k.0.concat()).collect();
    let take = Button::Ticket {
        take: true,
        id: ticket.id,
    };
    assert_eq!(pressed[0].button(), Some(&take));
}

#[tokio::test]
async fn an_answer_reaches_the_user_in_pieces_and_only_as_text() {
    let f = fixture();
    let ticket = ticket(&f).await;
    let there = (STAFF, ticket.topic);
    let desk = Desk::open(&f.svc, (SAM, "Sam"), (there, false), "answer").expect("agent");
    let long = "a".repeat(super::CHUNK + 1);
    let work = desk
        .relay(ticket.id, Body::Text(long), 7)
        .await
        .expect("work");
    assert_eq!(
        effects(&work),
        [
            "tell 1001 support-taken",
            "card",
            "announce staff-taken",
            "tell 1001 support-reply",
            "tell 1001 support-reply",
            "resume 1001",
        ]
    );
    assert!(work.answer.is_none());
    let photo = Body::Media("photo".into());
    let work = desk.relay(ticket.id, photo, 8).await.expect("work");
    assert!(work.effects.is_empty());
    assert_eq!(work.answer.as_ref().map(key), Some("staff-text-only"));
}

#[tokio::test]
async fn whoever_is_not_an_agent_is_refused_and_audited() {
    let f = fixture();
    let refused = Desk::open(&f.svc, (7, "Mallory"), ((STAFF, None), false), "/tickets");
    let Err(reply) = refused else {
        panic!("not refused");
    };
    assert_eq!(key(&reply), "staff-refused");
    assert!(f
        .events()
        .iter()
        .any(|e| matches!(e, AuditEvent::AgentRefused { user: 7, .. })));
}

#[tokio::test]
async fn malformed_commands_get_their_usage() {
    let f = fixture();
    let desk = Desk::open(&f.svc, (SAM, "Sam"), ((STAFF, None), false), "/x").expect("agent");
    for (order, usage) in [
        (Order::Take("x".into()), "staff-usage-take"),
        (Order::Close(String::new()), "staff-usage-close"),
        (Order::Reply("3".into()), "staff-usage-reply"),
        (Order::Unlock(" ".into()), "staff-usage-account"),
    ] {
        let work = desk.order(order, 1).await.expect("work");
        assert_eq!(work.answer.as_ref().map(key), Some(usage));
    }
}

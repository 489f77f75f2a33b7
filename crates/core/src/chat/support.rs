//! "Talk to support", the user's side: the description opens a ticket, later messages go
//! to its agents. A message that looks like a code or a password (or, in a chat linked
//! to the account, is its password) is not passed on, and gets one answer whatever
//! triggered it. (The first step, /support, is [`super::menu::support`].)

use super::reply::{Keyboard, Line, Reply, Step};
use super::state::State;
use super::Chat;
use crate::recovery::Services;
use crate::support::ticket::{Body, Ticket};
use crate::support::{Opener, Opening, UserSays};

/// What became of a user's message to support.
#[derive(Debug)]
pub enum Heard {
    /// Nothing for the agents; the chat takes the step.
    Step(Step),
    /// It looked like a code or a password: the message is to be deleted, and the step
    /// says why.
    Secret(Step),
    /// A new ticket, to post to the staff chat, after the step.
    Opened(Step, Box<Ticket>),
    /// The message goes to the ticket's agents.
    Relay(Box<Ticket>),
}

fn secret(stay: State) -> Heard {
    Heard::Secret(Step::to(stay, Reply::key("support-secret-refused")))
}

/// The description (message `source`): a ticket opens, unless it looked like a secret
/// or too many were refused lately; then the chat stays in `stay`.
pub async fn description(
    svc: &Services,
    opener: &Opener,
    text: &str,
    source: i32,
    stay: State,
) -> anyhow::Result<Heard> {
    Ok(
        match svc.support().open_ticket(opener, text, source).await? {
            Opening::Opened(ticket) => {
                let opened = Line::new("support-opened").arg("ticket", ticket.id);
                let next = State::SupportChat { ticket: ticket.id };
                Heard::Opened(Step::to(next, Reply::new(opened)), ticket)
            }
            Opening::Secret => secret(stay),
            Opening::RateLimited => {
                Heard::Step(Step::to(stay, Reply::key("support-describe-limited")))
            }
        },
    )
}

/// A message while the chat talks to support: relayed or refused. After the close it is
/// not passed on, and the chat is back at the menu: a "thanks" opens no new ticket.
pub async fn message(
    svc: &Services,
    chat: &Chat,
    ticket: u64,
    body: Body,
    source: i32,
) -> anyhow::Result<Heard> {
    let stay = State::SupportChat { ticket };
    let says = svc.support().user_says(ticket, body, (chat.id, source));
    Ok(match says.await? {
        UserSays::Relay(ticket) => Heard::Relay(ticket),
        UserSays::Duplicate => Heard::Step(Step::silent(stay)),
        UserSays::RateLimited => Heard::Step(Step::to(stay, Reply::key("support-rate-limited"))),
        UserSays::Secret => secret(stay),
        UserSays::Closed => {
            let closed = Line::new("support-after-close").arg("ticket", ticket);
            let menu = Keyboard::main_menu(svc.support_enabled());
            Heard::Step(Step::to(State::Idle, Reply::new(closed).with(menu)))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::services;

    const CHAT: Chat = Chat {
        id: 1001,
        lang: "en",
    };

    fn ann() -> Opener {
        Opener {
            chat_id: CHAT.id,
            name: "Ann".into(),
            language: "en".into(),
        }
    }

    fn key(step: &Step) -> &str {
        &step.replies[0].text[0].1.key
    }

    #[tokio::test]
    async fn a_description_opens_a_ticket_and_a_secret_one_is_refused() {
        let f = services();
        let stay = State::SupportDescribe;
        let heard = description(&f.svc, &ann(), "123456", 1, stay.clone()).await;
        let Heard::Secret(step) = heard.expect("heard") else {
            panic!("a code was not refused");
        };
        assert!(matches!(step.next, State::SupportDescribe));
        assert_eq!(key(&step), "support-secret-refused");
        let heard = description(&f.svc, &ann(), "I lost my phone", 2, stay).await;
        let Heard::Opened(step, ticket) = heard.expect("heard") else {
            panic!("no ticket");
        };
        assert!(matches!(step.next, State::SupportChat { ticket: t } if t == ticket.id));
        assert_eq!(key(&step), "support-opened");
    }

    #[tokio::test]
    async fn a_message_goes_to_the_agents_until_the_close_and_then_opens_nothing() {
        let f = services();
        let stay = State::SupportDescribe;
        let Heard::Opened(_, ticket) =
            (description(&f.svc, &ann(), "Locked out", 1, stay).await).expect("heard")
        else {
            panic!("no ticket");
        };
        let body = Body::Text("Are you there?".into());
        let heard = message(&f.svc, &CHAT, ticket.id, body, 2).await;
        assert!(matches!(heard.expect("heard"), Heard::Relay(t) if t.id == ticket.id));
        let sam = crate::support::ticket::AgentRef {
            id: 42,
            name: "Sam".into(),
        };
        let closing = f.svc.support().close_ticket(ticket.id, &sam, None, -100);
        closing.await.expect("closed").expect("a ticket");
        let thanks = Body::Text("It worked, thanks!".into());
        let heard = message(&f.svc, &CHAT, ticket.id, thanks, 3).await;
        let Heard::Step(step) = heard.expect("heard") else {
            panic!("a thanks after the close was passed on");
        };
        assert!(matches!(step.next, State::Idle));
        assert_eq!(key(&step), "support-after-close");
        assert!(f
            .svc
            .support()
            .active_ticket(CHAT.id)
            .expect("read")
            .is_none());
    }
}

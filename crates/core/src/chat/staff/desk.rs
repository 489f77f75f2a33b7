//! An agent at work on tickets: take, close, answer, unlock. Each action returns its
//! [`Work`]: what the bot is to do, in order (tell the ticket's user, refresh the card,
//! post in the ticket's place), and what the agent is answered.

use super::quote;
use crate::chat::{Keyboard, Line, Reply};
use crate::recovery::Services;
use crate::support::ticket::{AgentRef, Body, CloseOutcome, TakeOutcome, Ticket};
use crate::support::AgentSays;

/// Characters of an agent's answer per message to the user (Telegram allows 4,096 with
/// the label).
pub const CHUNK: usize = 3500;

/// A chat and, in a forum, a topic.
pub type Place = (i64, Option<i32>);

/// An agent at work: who, where they acted, and how.
pub struct Desk<'a> {
    pub(super) svc: &'a Services,
    pub(super) agent: AgentRef,
    /// The chat and topic the agent acted in.
    pub(super) here: Place,
    /// The agent pressed a button: they are answered with a notice, wherever they are.
    pub(super) pressed: bool,
}

/// One thing the bot does for an agent's action.
#[derive(Clone, Debug)]
pub enum Effect {
    /// A message to a ticket's user or a linked chat, in the language given or the
    /// chat's own.
    Tell {
        chat: i64,
        language: Option<String>,
        reply: Reply,
    },
    /// The ticket's card shows its current state ([`super::card::card`]).
    Card(Box<Ticket>),
    /// A message where the ticket lives: its topic, or a reply to its card.
    Announce(Box<Ticket>, Reply),
    /// The user's chat, when it is in no flow, relays to the ticket again.
    Resume { chat: i64, ticket: u64 },
}

/// What an agent's action makes the bot do, in order, and what the agent is answered.
#[derive(Clone, Debug, Default)]
pub struct Work {
    pub effects: Vec<Effect>,
    pub answer: Option<Reply>,
}

impl Work {
    /// Only an answer to the agent.
    pub fn answer(reply: Reply) -> Work {
        Work {
            effects: Vec::new(),
            answer: Some(reply),
        }
    }
}

/// `key` with the ticket's number.
fn about(key: &'static str, id: u64) -> Reply {
    Reply::new(Line::new(key).arg("ticket", id))
}

impl<'a> Desk<'a> {
    /// The agent behind an action (`user` with their first name), or the refusal for
    /// whoever is not in `support.agents`, audited.
    pub fn open(
        svc: &'a Services,
        (user, first_name): (i64, &str),
        (here, pressed): (Place, bool),
        action: &str,
    ) -> Result<Desk<'a>, Reply> {
        if !svc.is_agent(user) {
            svc.support().refuse_agent_action(user, here.0, action);
            return Err(Reply::key("staff-refused"));
        }
        let agent = AgentRef {
            id: user,
            name: quote::clean_name(first_name),
        };
        Ok(Desk {
            svc,
            agent,
            here,
            pressed,
        })
    }

    /// Where the ticket lives in the staff chat.
    pub fn place(svc: &Services, ticket: &Ticket) -> Option<Place> {
        svc.staff_chat().map(|chat| (chat, ticket.topic))
    }

    fn tell(work: &mut Work, ticket: &Ticket, reply: Reply) {
        work.effects.push(Effect::Tell {
            chat: ticket.chat_id,
            language: Some(ticket.language.clone()),
            reply,
        });
    }

    /// The card refreshed and `text` posted where the ticket lives.
    fn show(work: &mut Work, ticket: &Ticket, text: Reply) {
        work.effects.push(Effect::Card(Box::new(ticket.clone())));
        work.effects
            .push(Effect::Announce(Box::new(ticket.clone()), text));
    }

    /// [`Desk::show`], and the agent gets `text` too, unless they acted right there.
    fn publish(&self, work: &mut Work, ticket: &Ticket, text: Reply) {
        Desk::show(work, ticket, text.clone());
        if self.pressed || Desk::place(self.svc, ticket) != Some(self.here) {
            work.answer = Some(text);
        }
    }

    fn taken(&self, id: u64) -> Reply {
        let line = Line::new("staff-taken").arg("ticket", id);
        Reply::new(line.arg("agent", self.agent.name.as_str()))
    }

    pub async fn take(&self, id: u64) -> anyhow::Result<Work> {
        let support = self.svc.support();
        let Some((ticket, outcome)) = support.take_ticket(id, &self.agent, self.here.0).await?
        else {
            return Ok(Work::answer(about("staff-no-ticket", id)));
        };
        let mut work = Work::default();
        match outcome {
            TakeOutcome::Taken => {
                Desk::tell(&mut work, &ticket, about("support-taken", id));
                self.publish(&mut work, &ticket, self.taken(id));
            }
            TakeOutcome::Reassigned { from } => {
                let text = Line::new("staff-reassigned")
                    .arg("ticket", id)
                    .arg("agent", self.agent.name.as_str())
                    .arg("from", from.name);
                self.publish(&mut work, &ticket, Reply::new(text));
            }
            TakeOutcome::AlreadyYours => work.answer = Some(about("staff-already-yours", id)),
            TakeOutcome::Closed => work.answer = Some(about("staff-ticket-closed", id)),
        }
        Ok(work)
    }

    pub async fn close(&self, id: u64, note: Option<&str>) -> anyhow::Result<Work> {
        let support = self.svc.support();
        let closing = support.close_ticket(id, &self.agent, note, self.here.0);
        let Some((ticket, outcome)) = closing.await? else {
            return Ok(Work::answer(about("staff-no-ticket", id)));
        };
        let mut work = Work::default();
        match outcome {
            CloseOutcome::Closed => {
                let told = about("support-closed", id).with(Keyboard::main_menu(true));
                Desk::tell(&mut work, &ticket, told);
                let text = Line::new("staff-closed")
                    .arg("ticket", id)
                    .arg("agent", self.agent.name.as_str());
                self.publish(&mut work, &ticket, Reply::new(text));
            }
            CloseOutcome::AlreadyClosed => work.answer = Some(about("staff-ticket-closed", id)),
        }
        Ok(work)
    }

    /// /reply N text: the answer goes to the user and shows where the ticket lives.
    pub async fn reply(&self, id: u64, text: &str, source: i32) -> anyhow::Result<Work> {
        let mut work = self
            .answer(id, Body::Text(text.to_string()), source, true)
            .await?;
        if work.answer.is_none() {
            work.answer = Some(about("staff-reply-sent", id));
        }
        Ok(work)
    }

    /// Passes an agent's answer (message `source`) to the user. `echo`: also show it where
    /// the ticket lives (for /reply; an answer written in the topic or as a reply is there
    /// already). Only text reaches users.
    pub async fn answer(
        &self,
        id: u64,
        body: Body,
        source: i32,
        echo: bool,
    ) -> anyhow::Result<Work> {
        let Body::Text(text) = &body else {
            return Ok(Work::answer(Reply::key("staff-text-only")));
        };
        let support = self.svc.support();
        let says = support.agent_says(id, &self.agent, body.clone(), (self.here.0, source));
        let (ticket, taken_now) = match says.await? {
            AgentSays::Relay { ticket, taken_now } => (ticket, taken_now),
            AgentSays::Duplicate => return Ok(Work::default()),
            AgentSays::Closed(_) => return Ok(Work::answer(about("staff-answer-closed", id))),
            AgentSays::NotFound => return Ok(Work::answer(about("staff-no-ticket", id))),
        };
        let mut work = Work::default();
        if taken_now {
            Desk::tell(&mut work, &ticket, about("support-taken", id));
            Desk::show(&mut work, &ticket, self.taken(id));
        }
        for part in quote::chunks(text, CHUNK) {
            let line = Line::new("support-reply").arg("ticket", id);
            Desk::tell(&mut work, &ticket, Reply::new(line.arg("text", part)));
        }
        work.effects.push(Effect::Resume {
            chat: ticket.chat_id,
            ticket: id,
        });
        if echo && Desk::place(self.svc, &ticket) != Some(self.here) {
            let shown = Line::new("staff-agent-answered")
                .arg("ticket", id)
                .arg("agent", self.agent.name.as_str())
                .arg("text", text.as_str());
            work.effects
                .push(Effect::Announce(Box::new(ticket), Reply::new(shown)));
        }
        Ok(work)
    }

    pub async fn unlock(&self, needle: &str) -> anyhow::Result<Work> {
        let support = self.svc.support();
        let Some(unlocked) = support
            .unlock_account(needle, &self.agent, self.here.0)
            .await?
        else {
            return Ok(Work::answer(Reply::key("staff-account-unknown")));
        };
        let account = unlocked.account.id.as_str();
        if !unlocked.recovery_was_locked && !unlocked.account_was_locked {
            let nothing = Line::new("staff-unlock-nothing").arg("account", account);
            return Ok(Work::answer(Reply::new(nothing)));
        }
        let mut work = Work::default();
        for ticket in &unlocked.tickets {
            let told = about("support-unlocked", ticket.id).with(Keyboard::reset_only());
            Desk::tell(&mut work, ticket, told);
        }
        for chat in &unlocked.linked_chats {
            work.effects.push(Effect::Tell {
                chat: *chat,
                language: unlocked.account.language.clone(),
                reply: Reply::key("support-unlocked").with(Keyboard::reset_only()),
            });
        }
        let told = unlocked.tickets.len() + unlocked.linked_chats.len();
        let done = Line::new("staff-unlocked").arg("account", account);
        let mut answer = Reply::new(done.arg("told", told));
        if !unlocked.unproven.is_empty() {
            let tickets: Vec<String> = unlocked
                .unproven
                .iter()
                .map(|id| format!("#{id}"))
                .collect();
            let unproven = Line::new("staff-unlock-unproven").arg("tickets", tickets.join(", "));
            answer = answer.line(unproven);
        }
        work.answer = Some(answer);
        Ok(work)
    }
}

//! The agents' side: commands (in the staff chat or a private chat), the Take/Close
//! buttons, and answers written in a ticket's topic or as a reply to a ticket's message.
//! Whoever is not in `support.agents` is refused, and the attempt is audited.

use super::staff::{self, place_of, staff_tr, ticket_place};
use super::support::body_of;
use super::{reply, AgentCommand, ChatDialogue, HandlerResult, State, Tg};
use crate::i18n::Tr;
use crate::recovery::Services;
use crate::support::ticket::{AgentRef, Body, CloseOutcome, TakeOutcome, Ticket};
use crate::support::AgentSays;
use fluent_bundle::FluentValue;
use std::sync::Arc;
use teloxide::dispatching::dialogue::{Dialogue, ErasedStorage};
use teloxide::prelude::*;
use teloxide::types::{MessageId, ThreadId, User};

type Storage = Arc<ErasedStorage<State>>;

fn v(value: impl Into<FluentValue<'static>>) -> FluentValue<'static> {
    value.into()
}

/// An agent at work: who, where they wrote, in which language they are answered.
pub(super) struct Desk {
    pub bot: Tg,
    pub svc: Services,
    pub storage: Storage,
    pub tr: Tr,
    pub agent: AgentRef,
    /// The chat and topic the agent acted in.
    pub here: (i64, Option<i32>),
    /// The agent pressed a button: they are answered with a notice, wherever they are.
    pub pressed: bool,
}

/// The agent behind an update, or None after refusing and auditing a non-agent.
fn agent_or_refuse(svc: &Services, from: &User, chat: i64, action: &str) -> Option<AgentRef> {
    let id = i64::try_from(from.id.0).unwrap_or(-1);
    if svc.is_agent(id) {
        Some(AgentRef {
            id,
            name: from.first_name.clone(),
        })
    } else {
        svc.refuse_agent_action(id, chat, action);
        None
    }
}

/// The staff chat speaks its own language; an agent's private chat speaks theirs.
fn tr_for(svc: &Services, chat: i64, tr: Tr) -> Tr {
    if Some(chat) == svc.staff_chat() {
        staff_tr(svc)
    } else {
        tr
    }
}

/// Says `text` in the chat and topic given.
async fn say_at(bot: &Tg, (chat, thread): (i64, Option<i32>), text: String) -> HandlerResult {
    for chunk in staff::chunks(&text, 4000) {
        let mut request = bot.send_message(ChatId(chat), chunk);
        if let Some(thread) = thread {
            request = request.message_thread_id(ThreadId(MessageId(thread)));
        }
        request.await?;
    }
    Ok(())
}

/// A ticket number as agents type it: `12` or `#12`.
pub(super) fn ticket_number(text: &str) -> Option<u64> {
    text.trim().trim_start_matches('#').parse().ok()
}

pub async fn command(
    bot: Tg,
    msg: Message,
    cmd: AgentCommand,
    tr: Tr,
    svc: Services,
    storage: Storage,
) -> HandlerResult {
    let Some(from) = msg.from.as_ref() else {
        return Ok(());
    };
    let here = place_of(&msg);
    let tr = tr_for(&svc, here.0, tr);
    let Some(agent) = agent_or_refuse(&svc, from, here.0, cmd.name()) else {
        return say_at(&bot, here, tr.t("staff-refused")).await;
    };
    let desk = Desk {
        bot,
        svc,
        storage,
        tr,
        agent,
        here,
        pressed: false,
    };
    let text = match cmd {
        AgentCommand::Tickets => desk.tickets()?,
        AgentCommand::Stats => desk.stats()?,
        AgentCommand::Account(needle) if !needle.trim().is_empty() => desk.account(&needle)?,
        AgentCommand::Unlock(needle) if !needle.trim().is_empty() => desk.unlock(&needle).await?,
        AgentCommand::Take(arg) => match ticket_number(&arg) {
            Some(id) => desk.take(id).await?,
            None => Some(desk.tr.t("staff-usage-take")),
        },
        AgentCommand::Close(arg) => {
            let (number, note) = arg.trim().split_once(' ').unwrap_or((arg.trim(), ""));
            match ticket_number(number) {
                Some(id) => desk.close(id, Some(note)).await?,
                None => Some(desk.tr.t("staff-usage-close")),
            }
        }
        AgentCommand::Reply(arg) => {
            let parsed = arg
                .trim()
                .split_once(char::is_whitespace)
                .and_then(|(n, text)| Some((ticket_number(n)?, text.trim())))
                .filter(|(_, text)| !text.is_empty());
            match parsed {
                Some((id, text)) => desk.reply(id, text, msg.id.0).await?,
                None => Some(desk.tr.t("staff-usage-reply")),
            }
        }
        AgentCommand::Account(_) | AgentCommand::Unlock(_) => {
            Some(desk.tr.t("staff-usage-account"))
        }
    };
    match text {
        Some(text) => say_at(&desk.bot, desk.here, text).await,
        None => Ok(()),
    }
}

/// Finds the ticket a staff-chat message belongs to: its topic, or the ticket message it
/// replies to. Messages that belong to no ticket are left alone.
pub fn ticket_of(msg: Message, svc: Services) -> Option<u64> {
    let (chat, thread) = place_of(&msg);
    let found = match thread {
        Some(thread) => svc.store.staff_topic_ticket(chat, thread),
        None => match msg.reply_to_message() {
            Some(target) => svc.store.staff_message_ticket(chat, target.id.0),
            None => Ok(None),
        },
    };
    found.unwrap_or_else(|error| {
        tracing::error!(%error, "cannot read the staff-chat map");
        None
    })
}

/// A message in a ticket's topic, or a reply to one of its messages: the answer goes to
/// the user.
pub async fn relay(
    bot: Tg,
    msg: Message,
    ticket: u64,
    svc: Services,
    storage: Storage,
) -> HandlerResult {
    let Some(from) = msg.from.as_ref() else {
        return Ok(());
    };
    let here = place_of(&msg);
    let tr = staff_tr(&svc);
    let Some(agent) = agent_or_refuse(&svc, from, here.0, "answer") else {
        return say_at(&bot, here, tr.t("staff-refused")).await;
    };
    let Body::Text(text) = body_of(&msg) else {
        return say_at(&bot, here, tr.t("staff-text-only")).await;
    };
    let desk = Desk {
        bot,
        svc,
        storage,
        tr,
        agent,
        here,
        pressed: false,
    };
    if let Some(text) = desk.answer(ticket, &text, msg.id.0, false).await? {
        say_at(&desk.bot, here, text).await?;
    }
    Ok(())
}

/// Take / Close on a ticket's card.
pub async fn button(bot: Tg, q: CallbackQuery, svc: Services, storage: Storage) -> HandlerResult {
    let tr = staff_tr(&svc);
    let data = q.data.clone().unwrap_or_default();
    let message = q.regular_message();
    let staff_message = message.filter(|m| Some(m.chat.id.0) == svc.staff_chat());
    let action = staff_message.and_then(|m| {
        let (take, id) = staff::parse_button(&data)?;
        Some((m, take, id))
    });
    let Some((message, take, id)) = action else {
        bot.answer_callback_query(q.id.clone())
            .text(tr.t("button-expired"))
            .await?;
        return Ok(());
    };
    let here = place_of(message);
    let Some(agent) = agent_or_refuse(
        &svc,
        &q.from,
        here.0,
        if take { "take button" } else { "close button" },
    ) else {
        bot.answer_callback_query(q.id.clone())
            .text(tr.t("staff-refused"))
            .show_alert(true)
            .await?;
        return Ok(());
    };
    let desk = Desk {
        bot,
        svc,
        storage,
        tr,
        agent,
        here,
        pressed: true,
    };
    let text = if take {
        desk.take(id).await?
    } else {
        desk.close(id, None).await?
    };
    let mut answer = desk.bot.answer_callback_query(q.id.clone());
    if let Some(text) = text {
        answer = answer.text(text);
    }
    answer.await?;
    Ok(())
}

impl Desk {
    fn user_tr(&self, ticket: &Ticket) -> Tr {
        let chosen = self.svc.store.chat_language(ticket.chat_id).ok().flatten();
        let lang = self
            .svc
            .i18n
            .negotiate(chosen.as_deref(), Some(&ticket.language));
        Tr::new(self.svc.i18n.clone(), lang)
    }

    /// Tells the ticket's user something (failures are logged).
    pub(super) async fn tell_user(&self, ticket: &Ticket, key: &str, text_arg: Option<&str>) {
        let tr = self.user_tr(ticket);
        let text = {
            let mut args = vec![("ticket", v(ticket.id))];
            if let Some(text) = text_arg {
                args.push(("text", v(text.to_string())));
            }
            tr.ta(key, &args)
        };
        let chat = ChatId(ticket.chat_id);
        let sent = match key {
            "support-closed" => {
                reply::say_with(&self.bot, chat, text, reply::main_menu(&tr, true)).await
            }
            "support-unlocked" => {
                reply::say_with(&self.bot, chat, text, reply::reset_only(&tr)).await
            }
            _ => reply::say(&self.bot, chat, text).await,
        };
        if let Err(error) = sent {
            tracing::warn!(ticket = ticket.id, %error, "could not reach a ticket's user");
        }
    }

    /// Shows a change on the card and posts `text` where the ticket lives. Returns `text`
    /// to say to the agent too, unless they acted right there.
    async fn publish(&self, ticket: &Ticket, text: String) -> Option<String> {
        staff::refresh_card(&self.bot, &self.svc, ticket).await;
        staff::announce(&self.bot, &self.svc, ticket, text.clone()).await;
        (self.pressed || ticket_place(&self.svc, ticket) != Some(self.here)).then_some(text)
    }

    pub async fn take(&self, id: u64) -> anyhow::Result<Option<String>> {
        let tr = &self.tr;
        let name = v(self.agent.name.clone());
        let Some((ticket, outcome)) = self.svc.take_ticket(id, &self.agent, self.here.0).await?
        else {
            return Ok(Some(tr.ta("staff-no-ticket", &[("ticket", v(id))])));
        };
        Ok(match outcome {
            TakeOutcome::Taken => {
                self.tell_user(&ticket, "support-taken", None).await;
                let text = tr.ta("staff-taken", &[("ticket", v(id)), ("agent", name)]);
                self.publish(&ticket, text).await
            }
            TakeOutcome::Reassigned { from } => {
                let text = tr.ta(
                    "staff-reassigned",
                    &[("ticket", v(id)), ("agent", name), ("from", v(from.name))],
                );
                self.publish(&ticket, text).await
            }
            TakeOutcome::AlreadyYours => Some(tr.ta("staff-already-yours", &[("ticket", v(id))])),
            TakeOutcome::Closed => Some(tr.ta("staff-ticket-closed", &[("ticket", v(id))])),
        })
    }

    pub async fn close(&self, id: u64, note: Option<&str>) -> anyhow::Result<Option<String>> {
        let tr = &self.tr;
        let Some((ticket, outcome)) = self
            .svc
            .close_ticket(id, &self.agent, note, self.here.0)
            .await?
        else {
            return Ok(Some(tr.ta("staff-no-ticket", &[("ticket", v(id))])));
        };
        Ok(match outcome {
            CloseOutcome::Closed => {
                self.tell_user(&ticket, "support-closed", None).await;
                let text = tr.ta(
                    "staff-closed",
                    &[("ticket", v(id)), ("agent", v(self.agent.name.clone()))],
                );
                self.publish(&ticket, text).await
            }
            CloseOutcome::AlreadyClosed => Some(tr.ta("staff-ticket-closed", &[("ticket", v(id))])),
        })
    }

    /// /reply N text: the answer goes to the user and shows where the ticket lives.
    pub async fn reply(&self, id: u64, text: &str, source: i32) -> anyhow::Result<Option<String>> {
        let answered = self.answer(id, text, source, true).await?;
        Ok(answered.or_else(|| Some(self.tr.ta("staff-reply-sent", &[("ticket", v(id))]))))
    }

    /// Passes an agent's answer to the user. `echo`: also show it where the ticket lives
    /// (for /reply; an answer written in the topic or as a reply is there already).
    /// Returns what to tell the agent when something went wrong.
    pub async fn answer(
        &self,
        id: u64,
        text: &str,
        source: i32,
        echo: bool,
    ) -> anyhow::Result<Option<String>> {
        let tr = &self.tr;
        let body = Body::Text(text.to_string());
        match self
            .svc
            .agent_says(id, &self.agent, body, (self.here.0, source))
            .await?
        {
            AgentSays::Relay { ticket, taken_now } => {
                if taken_now {
                    self.tell_user(&ticket, "support-taken", None).await;
                    let taken = tr.ta(
                        "staff-taken",
                        &[("ticket", v(id)), ("agent", v(self.agent.name.clone()))],
                    );
                    staff::refresh_card(&self.bot, &self.svc, &ticket).await;
                    staff::announce(&self.bot, &self.svc, &ticket, taken).await;
                }
                self.tell_user(&ticket, "support-reply", Some(text)).await;
                self.resume_user_chat(&ticket).await;
                if echo && ticket_place(&self.svc, &ticket) != Some(self.here) {
                    let shown = tr.ta(
                        "staff-agent-answered",
                        &[
                            ("ticket", v(id)),
                            ("agent", v(self.agent.name.clone())),
                            ("text", v(text.to_string())),
                        ],
                    );
                    staff::announce(&self.bot, &self.svc, &ticket, shown).await;
                }
                Ok(None)
            }
            AgentSays::Duplicate => Ok(None),
            AgentSays::Closed(_) => Ok(Some(tr.ta("staff-answer-closed", &[("ticket", v(id))]))),
            AgentSays::NotFound => Ok(Some(tr.ta("staff-no-ticket", &[("ticket", v(id))]))),
        }
    }

    /// A user who is not in any flow gets their next messages relayed again.
    async fn resume_user_chat(&self, ticket: &Ticket) {
        let dialogue: ChatDialogue = Dialogue::new(self.storage.clone(), ChatId(ticket.chat_id));
        if matches!(dialogue.get().await, Ok(None | Some(State::Idle))) {
            if let Err(error) = dialogue
                .update(State::SupportChat { ticket: ticket.id })
                .await
            {
                tracing::warn!(%error, "could not resume a user's support chat");
            }
        }
    }
}

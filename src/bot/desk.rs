//! An agent at work on tickets: take, close, answer, and what the ticket's user is told.

use super::staff::{self, ticket_place};
use super::{render, reply, ChatDialogue, State, Tg};
use crate::chat::Keyboard;
use crate::i18n::Tr;
use crate::recovery::Services;
use crate::support::ticket::{AgentRef, Body, CloseOutcome, TakeOutcome, Ticket};
use crate::support::AgentSays;
use fluent_bundle::FluentValue;
use std::sync::Arc;
use teloxide::dispatching::dialogue::{Dialogue, ErasedStorage};
use teloxide::prelude::*;

pub(super) type Storage = Arc<ErasedStorage<State>>;

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

impl Desk {
    /// Tells the ticket's user something (failures are logged).
    pub(super) async fn tell_user(&self, ticket: &Ticket, key: &str, text_arg: Option<&str>) {
        let tr = self.svc.translator(ticket.chat_id, Some(&ticket.language));
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
                reply::say_with(
                    &self.bot,
                    chat,
                    text,
                    render::keyboard(&Keyboard::main_menu(true), &tr),
                )
                .await
            }
            "support-unlocked" => {
                reply::say_with(
                    &self.bot,
                    chat,
                    text,
                    render::keyboard(&Keyboard::reset_only(), &tr),
                )
                .await
            }
            _ => reply::say(&self.bot, chat, text).await,
        };
        if let Err(error) = sent {
            tracing::warn!(ticket = ticket.id, %error, "could not reach a ticket's user");
        }
    }

    /// Tells a chat linked to an unlocked account (without a ticket) that it can reset again.
    pub(super) async fn tell_chat(&self, chat: i64, language: Option<&str>) {
        let tr = self.svc.translator(chat, language);
        let sent = reply::say_with(
            &self.bot,
            ChatId(chat),
            tr.t("support-unlocked"),
            render::keyboard(&Keyboard::reset_only(), &tr),
        )
        .await;
        if let Err(error) = sent {
            tracing::warn!(chat, %error, "could not tell a linked chat about an unlock");
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
        let Some((ticket, outcome)) = self
            .svc
            .support()
            .take_ticket(id, &self.agent, self.here.0)
            .await?
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
            .support()
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
            .support()
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
                for part in staff::chunks(text, staff::CHUNK) {
                    self.tell_user(&ticket, "support-reply", Some(&part)).await;
                }
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

//! The terminal's staff seat: `:as agent` / `:as user`, topics, and how the staff chat's
//! messages are shown.

use std::io::Write;

use super::TerminalChat;
use crate::{ChatKind, ChatSpec, Event, UserMessage, UserSpec};

/// A support agent and the staff chat they work in, for `:as agent`.
#[derive(Clone, Debug)]
pub struct StaffSeat {
    pub agent: UserSpec,
    pub chat: ChatSpec,
}

pub(super) const STAFF_HELP: &str = concat!(
    "  :as agent   type as the support agent in the staff chat   :as user   back to the user\n",
    "  :reply TEXT (agent) reply to the bot's latest staff-chat message\n",
    "  :topics     (agent) list the staff chat's topics   :topic N   write in topic N\n",
    "              (the agent writes in the newest ticket's topic unless told otherwise)",
);

impl<W: Write> TerminalChat<W> {
    /// Lines only the staff seat understands; None when `line` is not one of them.
    pub(super) fn staff_input(&mut self, line: &str) -> std::io::Result<Option<()>> {
        let Some(staff) = self.staff.clone() else {
            return Ok(None);
        };
        match line {
            ":as agent" => {
                self.as_agent = true;
                let (name, title) = (&staff.agent.first_name, chat_title(&staff.chat));
                writeln!(
                    self.out,
                    "(you are now {name}, a support agent, in the staff chat “{title}”)"
                )?;
            }
            ":as user" => {
                self.as_agent = false;
                writeln!(
                    self.out,
                    "(you are now {} again, in your chat with the bot)",
                    self.user.first_name
                )?;
            }
            ":topics" => {
                let topics = self.emu.topics(staff.chat.id);
                if topics.is_empty() {
                    writeln!(self.out, "(the staff chat has no topics)")?;
                }
                for (n, (thread, name)) in topics.iter().enumerate() {
                    let mark = if self.topic == Some(*thread) {
                        " ←"
                    } else {
                        ""
                    };
                    writeln!(self.out, "  [{}] {name}{mark}", n + 1)?;
                }
            }
            _ if line.starts_with(":topic ") => {
                let n = line[":topic ".len()..].trim().parse::<usize>().ok();
                let topics = self.emu.topics(staff.chat.id);
                match n.and_then(|n| topics.get(n.wrapping_sub(1))) {
                    Some((thread, name)) => {
                        self.topic = Some(*thread);
                        writeln!(self.out, "(the agent now writes in the topic “{name}”)")?;
                    }
                    None => writeln!(self.out, "(no such topic; :topics lists them)")?,
                }
            }
            _ if line.starts_with(":reply ") && self.as_agent => {
                let text = line[":reply ".len()..].trim();
                let newest = self
                    .emu
                    .messages(staff.chat.id)
                    .into_iter()
                    .rev()
                    .find(|m| {
                        m.from_bot
                            && !m.deleted
                            && (self.topic.is_none() || m.thread_id == self.topic)
                    });
                match newest {
                    Some(m) => {
                        let mut message = UserMessage::text(text).reply_to(m.message_id);
                        if let Some(thread) = m.thread_id {
                            message = message.in_thread(thread);
                        }
                        self.emu
                            .send_user_message(&staff.chat, &staff.agent, message);
                    }
                    None => writeln!(self.out, "(the bot has posted nothing to reply to)")?,
                }
            }
            _ => return Ok(None),
        }
        Ok(Some(()))
    }

    /// "staff › " or, in a topic, "staff [#1 · Ann] › ".
    fn staff_prefix(&self, chat: i64, thread: Option<i32>, what: &str) -> String {
        let topic = thread.and_then(|t| {
            self.emu
                .topics(chat)
                .into_iter()
                .find(|(id, _)| *id == t)
                .map(|(_, name)| name)
        });
        match topic {
            Some(name) => format!("staff [{name}]{what} › "),
            None => format!("staff{what} › "),
        }
    }

    /// Prints what the bot did in the staff chat; None for events elsewhere.
    pub(super) fn show_staff(&mut self, event: &Event) -> std::io::Result<Option<bool>> {
        let Some(staff) = self.staff.as_ref().map(|s| s.chat.id) else {
            return Ok(None);
        };
        match event {
            Event::Sent {
                chat_id,
                text,
                buttons,
                thread_id,
                ..
            } if *chat_id == staff => {
                let prefix = self.staff_prefix(staff, *thread_id, "");
                self.bot_message(&prefix, text, buttons)?;
            }
            Event::Edited {
                chat_id,
                message_id,
                text,
                buttons,
            } if *chat_id == staff => {
                let record = self.emu.message(*chat_id, *message_id);
                let thread = record.as_ref().and_then(|m| m.thread_id);
                let text = text.clone().or_else(|| record.and_then(|m| m.text));
                let prefix = self.staff_prefix(staff, thread, " (edited)");
                self.bot_message(&prefix, text.as_deref().unwrap_or("(media)"), buttons)?;
            }
            Event::Copied {
                chat_id,
                thread_id,
                text,
                media,
                ..
            } if *chat_id == staff => {
                let prefix = self.staff_prefix(staff, *thread_id, "");
                let what = match (text, media) {
                    (Some(text), _) => text.clone(),
                    (None, Some(media)) => format!("(a copy of the user's {media})"),
                    (None, None) => "(a copy)".into(),
                };
                self.bot_lines(&prefix, &what)?;
            }
            Event::TopicCreated {
                chat_id,
                thread_id,
                name,
            } if *chat_id == staff => {
                self.topic = Some(*thread_id);
                writeln!(
                    self.out,
                    "(the bot opened the topic “{name}” in the staff chat; the agent writes there now)"
                )?;
            }
            _ => return Ok(None),
        }
        Ok(Some(true))
    }
}

pub(super) fn chat_title(chat: &ChatSpec) -> String {
    match &chat.kind {
        ChatKind::Private { first_name } => first_name.clone(),
        ChatKind::Group { title } | ChatKind::Supergroup { title, .. } => title.clone(),
    }
}

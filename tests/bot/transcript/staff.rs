//! The staff-chat lines of a transcript (see the table in `mod.rs`).

use super::{Line, Runner};
use crate::harness::{agent, poll, stranger};
use telegram_emulator::{Event, UserMessage, UserSpec};

/// The line heads handled here.
pub const HEADS: &[&str] = &[
    "agent:",
    "stranger:",
    "agent in topic:",
    "agent replies:",
    "stranger replies:",
    "agent presses:",
    "stranger presses:",
    "staff bot:",
    "staff bot~",
    "staff buttons:",
    "staff edited~",
    "topic:",
];

impl Runner {
    pub(super) async fn staff_step(&mut self, line: &Line) {
        match line.head.as_str() {
            "agent:" | "stranger:" => {
                let who = self.member(line);
                self.bot()
                    .emu
                    .send_user_message(&self.staff, &who, UserMessage::text(&line.body));
            }
            "agent in topic:" => {
                let topic = self
                    .bot()
                    .emu
                    .topics(self.staff.id)
                    .last()
                    .map(|(thread, _)| *thread)
                    .unwrap_or_else(|| self.fail(line, "the bot opened no topic".into()));
                let message = UserMessage::text(&line.body).in_thread(topic);
                self.bot()
                    .emu
                    .send_user_message(&self.staff, &agent(), message);
            }
            "agent replies:" | "stranger replies:" => {
                let who = self.member(line);
                let newest = self
                    .bot()
                    .emu
                    .messages(self.staff.id)
                    .into_iter()
                    .rev()
                    .find(|m| m.from_bot && !m.deleted)
                    .unwrap_or_else(|| self.fail(line, "no bot message in the staff chat".into()));
                let mut message = UserMessage::text(&line.body).reply_to(newest.message_id);
                if let Some(thread) = newest.thread_id {
                    message = message.in_thread(thread);
                }
                self.bot().emu.send_user_message(&self.staff, &who, message);
            }
            "agent presses:" | "stranger presses:" => {
                let who = self.member(line);
                let chat = self.staff.clone();
                self.press_in(line, &chat, &who);
            }
            "staff bot:" | "staff bot~" => self.expect_staff_bot(line).await,
            "staff buttons:" => {
                let id = self.last_staff_message;
                let chat = self.staff.id;
                self.expect_buttons_of(line, chat, id);
            }
            "staff edited~" => self.expect_staff_edit(line).await,
            "topic:" => self.expect_topic(line).await,
            _ => self.fail(line, "unknown line".into()),
        }
    }

    fn member(&self, line: &Line) -> UserSpec {
        if line.head.starts_with("stranger") {
            stranger()
        } else {
            agent()
        }
    }

    /// Bot messages in the staff chat: sent ones and copies (`[sticker]` etc.).
    pub(super) fn staff_events(&self) -> Vec<(usize, i32, String)> {
        self.bot()
            .emu
            .events()
            .into_iter()
            .enumerate()
            .filter_map(|(i, e)| match e {
                Event::Sent {
                    chat_id,
                    message_id,
                    text,
                    ..
                } if chat_id == self.staff.id => Some((i, message_id, text)),
                Event::Copied {
                    chat_id,
                    message_id,
                    text,
                    media,
                    ..
                } if chat_id == self.staff.id => Some((
                    i,
                    message_id,
                    text.unwrap_or_else(|| format!("[{}]", media.unwrap_or_default())),
                )),
                _ => None,
            })
            .collect()
    }

    async fn expect_staff_bot(&mut self, line: &Line) {
        let cursor = self.staff_cursor;
        let found = poll(|| {
            let events = self.staff_events().into_iter();
            events.into_iter().find(|(i, ..)| *i >= cursor)
        })
        .await;
        let Some((index, id, text)) = found else {
            self.fail(line, "the bot said nothing in the staff chat".into());
        };
        let text = visible(&text);
        let ok = if line.head == "staff bot:" {
            text == line.body
        } else {
            text.contains(&line.body)
        };
        if !ok {
            self.fail(line, format!("the bot said in the staff chat:\n{text}"));
        }
        self.staff_cursor = index + 1;
        self.last_staff_message = Some(id);
    }

    async fn expect_staff_edit(&mut self, line: &Line) {
        let found = poll(|| {
            self.bot()
                .emu
                .events()
                .into_iter()
                .enumerate()
                .skip(self.staff_edit_cursor)
                .find_map(|(i, e)| match e {
                    Event::Edited { chat_id, text, .. } if chat_id == self.staff.id => {
                        Some((i, text.unwrap_or_default()))
                    }
                    _ => None,
                })
        })
        .await;
        let Some((index, text)) = found else {
            self.fail(line, "the bot edited nothing in the staff chat".into());
        };
        if !visible(&text).contains(&line.body) {
            self.fail(line, format!("the edit was:\n{text}"));
        }
        self.staff_edit_cursor = index + 1;
    }

    async fn expect_topic(&mut self, line: &Line) {
        let found = poll(|| {
            self.bot()
                .emu
                .events()
                .into_iter()
                .enumerate()
                .skip(self.topic_cursor)
                .find_map(|(i, e)| match e {
                    Event::TopicCreated { chat_id, name, .. } if chat_id == self.staff.id => {
                        Some((i, name))
                    }
                    _ => None,
                })
        })
        .await;
        let Some((index, name)) = found else {
            self.fail(line, "the bot opened no topic".into());
        };
        if visible(&name) != line.body {
            self.fail(line, format!("the topic is {name:?}"));
        }
        self.topic_cursor = index + 1;
    }
}

/// The text without the invisible bidi isolation marks around what users supplied:
/// transcripts are written without them (tests/bot/support/quoting.rs checks them).
fn visible(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{2068}' | '\u{2069}'))
        .collect()
}

//! What the bot's side of a transcript must show: its messages, their buttons, the
//! notice on a press, the deletion of a user's message; and pressing a button.

use super::{Line, Runner};
use crate::harness::{poll, press_answer};
use telegram_emulator::{ChatSpec, UserSpec};

impl Runner {
    pub(super) async fn expect_bot(&mut self, line: &Line) {
        let cursor = self.cursor;
        let found = poll(|| self.sent_events().into_iter().find(|(i, ..)| *i >= cursor)).await;
        let Some((index, id, text)) = found else {
            self.fail(line, "the bot said nothing".into());
        };
        let ok = if line.head == "bot:" {
            text == line.body
        } else {
            text.contains(&line.body)
        };
        if !ok {
            self.fail(line, format!("the bot said:\n{text}"));
        }
        self.cursor = index + 1;
        self.last_bot_message = Some(id);
    }
    pub(super) fn expect_buttons_of(&self, line: &Line, chat: i64, id: Option<i32>) {
        let Some(id) = id else {
            self.fail(line, "no bot message yet".into())
        };
        let message = self
            .bot()
            .emu
            .message(chat, id)
            .unwrap_or_else(|| self.fail(line, "message vanished".into()));
        let shown = message
            .buttons
            .iter()
            .map(|row| {
                row.iter()
                    .map(|b| format!("[{}]", b.text))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join(" / ");
        if shown != line.body {
            self.fail(line, format!("the buttons were: {shown}"));
        }
    }

    pub(super) fn press_in(&mut self, line: &Line, chat: &ChatSpec, who: &UserSpec) {
        let found = self
            .bot()
            .emu
            .messages(chat.id)
            .into_iter()
            .rev()
            .find_map(|m| {
                let data = m
                    .buttons
                    .iter()
                    .flatten()
                    .find(|b| b.text == line.body)?
                    .callback_data
                    .clone()?;
                (m.from_bot && !m.deleted).then_some((m.message_id, data))
            });
        let Some((message_id, data)) = found else {
            self.fail(line, "no such button".into())
        };
        self.last_callback = Some(self.bot().emu.press_button(chat, who, message_id, &data));
    }

    pub(super) async fn expect_notice(&self, line: &Line) {
        let id = self
            .last_callback
            .clone()
            .unwrap_or_else(|| self.fail(line, "no button pressed".into()));
        let answer = press_answer(&self.bot().emu, &id).await;
        match answer {
            Some(text) if text.contains(&line.body) => {}
            Some(text) => self.fail(line, format!("the notice was {text:?}")),
            None => self.fail(line, "the press was never answered".into()),
        }
    }

    pub(super) async fn expect_deleted(&self, line: &Line) {
        let id = self
            .last_user_message
            .unwrap_or_else(|| self.fail(line, "the user sent nothing".into()));
        let deleted = poll(|| {
            let message = self.bot().emu.message(self.chat.id, id);
            message.is_some_and(|m| m.deleted).then_some(())
        })
        .await;
        if deleted.is_none() {
            self.fail(line, "the message is still in the chat".into());
        }
    }
}

//! How the bot's actions in the user's chat are printed: its messages with numbered
//! buttons, edits, deletions and callback notices.

use std::io::Write;

use super::TerminalChat;
use crate::{Button, Event};

const INDENT: &str = "      ";

impl<W: Write> TerminalChat<W> {
    /// Prints what the bot did in this chat; returns whether anything was printed.
    pub(super) fn show(&mut self, event: &Event) -> std::io::Result<bool> {
        if let Some(printed) = self.show_staff(event)? {
            return Ok(printed);
        }
        let mine = self.chat.id;
        match event {
            Event::Sent {
                chat_id,
                text,
                buttons,
                ..
            } if *chat_id == mine => self.bot_message("bot › ", text, buttons)?,
            Event::Edited {
                chat_id,
                message_id,
                text,
                buttons,
            } if *chat_id == mine => {
                let text = text
                    .clone()
                    .or_else(|| self.emu.message(*chat_id, *message_id).and_then(|m| m.text));
                self.bot_message(
                    "bot (edited) › ",
                    text.as_deref().unwrap_or("(media)"),
                    buttons,
                )?;
            }
            Event::Deleted {
                chat_id,
                message_id,
            } if *chat_id == mine => {
                let record = self.emu.message(*chat_id, *message_id);
                match record {
                    Some(m) if m.from_bot => {
                        let text = m.text.unwrap_or_default();
                        let preview: String = text.chars().take(30).collect();
                        let more = if text.chars().count() > 30 { "…" } else { "" };
                        writeln!(
                            self.out,
                            "(the bot deleted its message \"{preview}{more}\")"
                        )?;
                    }
                    Some(m) => match m.text.and_then(|t| t.chars().next()) {
                        // user messages may carry secrets: show only the first character
                        Some(first) => writeln!(
                            self.out,
                            "(your message \"{first}…\" was deleted by the bot)"
                        )?,
                        None => writeln!(self.out, "(your message was deleted by the bot)")?,
                    },
                    None => writeln!(self.out, "(a message was deleted by the bot)")?,
                }
            }
            Event::CallbackAnswered {
                callback_query_id,
                text: Some(text),
                ..
            } if self.pressed.contains(callback_query_id) => {
                self.bot_lines("bot (notice) › ", text)?;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    pub(super) fn bot_message(
        &mut self,
        prefix: &str,
        text: &str,
        buttons: &[Vec<Button>],
    ) -> std::io::Result<()> {
        self.bot_lines(prefix, text)?;
        let mut n = 0;
        for row in buttons {
            let labels: Vec<String> = row
                .iter()
                .map(|b| {
                    n += 1;
                    match &b.url {
                        Some(_) => format!("[{n}] {} ↗", b.text),
                        None => format!("[{n}] {}", b.text),
                    }
                })
                .collect();
            writeln!(self.out, "{INDENT}{}", labels.join("  "))?;
        }
        Ok(())
    }

    pub(super) fn bot_lines(&mut self, prefix: &str, text: &str) -> std::io::Result<()> {
        let mut lines = text.lines();
        writeln!(self.out, "{prefix}{}", lines.next().unwrap_or(""))?;
        for line in lines {
            writeln!(self.out, "{INDENT}{line}")?;
        }
        Ok(())
    }
}

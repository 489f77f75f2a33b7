//! A message as the emulator keeps it: who sent it, its content (text or "sent" media
//! that are ids only), its buttons, and whether it was deleted.

use serde_json::Value;

use crate::{Button, ChatSpec, MessageRecord, UserSpec};

/// A file the user "sent": only ids, there are no bytes behind them.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FileRef {
    pub id: String,
    pub unique_id: String,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Content {
    Text {
        text: String,
        entities: Vec<Value>,
    },
    Sticker(FileRef),
    Photo(FileRef),
    Voice(FileRef),
    Contact {
        phone: String,
        first_name: String,
        user_id: i64,
    },
}

impl Content {
    /// The kind of media; `None` for text.
    pub fn media(&self) -> Option<&'static str> {
        match self {
            Content::Text { .. } => None,
            Content::Sticker(_) => Some("sticker"),
            Content::Photo(_) => Some("photo"),
            Content::Voice(_) => Some("voice"),
            Content::Contact { .. } => Some("contact"),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct StoredMessage {
    pub chat: ChatSpec,
    pub message_id: i32,
    pub date: i64,
    pub edit_date: Option<i64>,
    /// `None`: sent by the bot.
    pub sender: Option<UserSpec>,
    pub content: Content,
    /// The `inline_keyboard` rows as sent by the bot; `None` when there are no buttons.
    pub keyboard: Option<Value>,
    pub buttons: Vec<Vec<Button>>,
    pub thread_id: Option<i32>,
    pub reply_to: Option<i32>,
    pub deleted: bool,
}

impl StoredMessage {
    pub fn text(&self) -> Option<&str> {
        match &self.content {
            Content::Text { text, .. } => Some(text),
            _ => None,
        }
    }

    pub fn record(&self) -> MessageRecord {
        MessageRecord {
            chat_id: self.chat.id,
            message_id: self.message_id,
            from_bot: self.sender.is_none(),
            text: self.text().map(str::to_owned),
            media: self.content.media().map(str::to_owned),
            buttons: self.buttons.clone(),
            deleted: self.deleted,
            thread_id: self.thread_id,
            reply_to: self.reply_to,
        }
    }
}

/// The webhook the bot set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Webhook {
    pub url: String,
    pub secret_token: Option<String>,
}

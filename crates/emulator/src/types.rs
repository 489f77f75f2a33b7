//! The emulator's public data model: who writes where, and what the bot did.

/// A Telegram user on the emulated side.
#[derive(Clone, Debug)]
pub struct UserSpec {
    pub id: i64,
    pub first_name: String,
    pub language_code: Option<String>,
}

impl UserSpec {
    pub fn new(id: i64, first_name: &str) -> UserSpec {
        UserSpec {
            id,
            first_name: first_name.to_owned(),
            language_code: None,
        }
    }

    pub fn with_language(mut self, language_code: &str) -> UserSpec {
        self.language_code = Some(language_code.to_owned());
        self
    }
}

/// A chat the user writes in.
#[derive(Clone, Debug)]
pub struct ChatSpec {
    pub id: i64,
    pub kind: ChatKind,
}

#[derive(Clone, Debug)]
pub enum ChatKind {
    Private {
        first_name: String,
    },
    /// Basic group; its id should be negative (e.g. `-42`).
    Group {
        title: String,
    },
    /// Supergroup; its id should look like `-100…` (e.g. `-1001234`).
    Supergroup {
        title: String,
        is_forum: bool,
    },
}

impl ChatSpec {
    /// The private chat between `user` and the bot (chat id = user id).
    pub fn private(user: &UserSpec) -> ChatSpec {
        ChatSpec {
            id: user.id,
            kind: ChatKind::Private {
                first_name: user.first_name.clone(),
            },
        }
    }

    pub fn group(id: i64, title: &str) -> ChatSpec {
        ChatSpec {
            id,
            kind: ChatKind::Group {
                title: title.to_owned(),
            },
        }
    }

    pub fn supergroup(id: i64, title: &str, is_forum: bool) -> ChatSpec {
        ChatSpec {
            id,
            kind: ChatKind::Supergroup {
                title: title.to_owned(),
                is_forum,
            },
        }
    }
}

/// One inline keyboard button of a bot message.
#[derive(Clone, Debug, PartialEq)]
pub struct Button {
    pub text: String,
    pub callback_data: Option<String>,
    pub url: Option<String>,
}

/// A stored message (user's or bot's), as it is now.
#[derive(Clone, Debug)]
pub struct MessageRecord {
    pub chat_id: i64,
    pub message_id: i32,
    pub from_bot: bool,
    /// Plain text (formatting of `parse_mode` already applied); `None` for media.
    pub text: Option<String>,
    /// `sticker`, `photo`, `voice` or `contact`; `None` for text.
    pub media: Option<String>,
    pub buttons: Vec<Vec<Button>>,
    pub deleted: bool,
    pub thread_id: Option<i32>,
    /// The message it replies to.
    pub reply_to: Option<i32>,
}

/// Something the bot did through the API.
#[derive(Clone, Debug)]
pub enum Event {
    Sent {
        chat_id: i64,
        message_id: i32,
        text: String,
        buttons: Vec<Vec<Button>>,
        thread_id: Option<i32>,
    },
    /// `text` is `Some` for `editMessageText`, `None` for `editMessageReplyMarkup`.
    Edited {
        chat_id: i64,
        message_id: i32,
        text: Option<String>,
        buttons: Vec<Vec<Button>>,
    },
    Deleted {
        chat_id: i64,
        message_id: i32,
    },
    CallbackAnswered {
        callback_query_id: String,
        text: Option<String>,
        show_alert: bool,
    },
    /// `setMyCommands`; `deleteMyCommands` is reported with empty `commands`.
    CommandsSet {
        language_code: Option<String>,
        commands: Vec<(String, String)>,
    },
    ChatAction {
        chat_id: i64,
    },
    /// `copyMessage`: a copy of message `from_message_id` of chat `from_chat_id`.
    /// `media` is `sticker`, `photo`, `voice` or `contact`, `None` for a text (in `text`).
    Copied {
        chat_id: i64,
        message_id: i32,
        thread_id: Option<i32>,
        from_chat_id: i64,
        from_message_id: i32,
        text: Option<String>,
        media: Option<String>,
    },
    /// `createForumTopic`.
    TopicCreated {
        chat_id: i64,
        thread_id: i32,
        name: String,
    },
}

/// What a user sends, for [`super::Emulator::send_user_message`].
#[derive(Clone, Debug)]
pub enum UserContent {
    Text(String),
    Sticker,
    Photo,
    Voice,
    /// The user's own contact (`user_id` = sender), as a "share my phone" button sends it.
    Contact {
        phone: String,
    },
}

/// A user message with optional reply / forum-topic placement.
#[derive(Clone, Debug)]
pub struct UserMessage {
    pub content: UserContent,
    pub reply_to: Option<i32>,
    pub thread_id: Option<i32>,
}

impl UserMessage {
    pub fn new(content: UserContent) -> UserMessage {
        UserMessage {
            content,
            reply_to: None,
            thread_id: None,
        }
    }

    pub fn text(text: &str) -> UserMessage {
        UserMessage::new(UserContent::Text(text.to_owned()))
    }

    pub fn reply_to(mut self, message_id: i32) -> UserMessage {
        self.reply_to = Some(message_id);
        self
    }

    pub fn in_thread(mut self, thread_id: i32) -> UserMessage {
        self.thread_id = Some(thread_id);
        self
    }
}

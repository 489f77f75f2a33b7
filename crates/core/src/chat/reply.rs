//! What the bot says: a [`Reply`] is locale keys with their arguments and typed buttons,
//! never a rendered string, so the steps stay free of languages and of Telegram. The bot
//! renders it (`bot::render`); the tests compare it as it is.

use super::button::Button;
use super::state::State;
use crate::clock::Millis;
use std::borrow::Cow;

/// An argument of a locale text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Number(u64),
    /// A moment, shown to the user in their language's way.
    Time(Millis),
    /// Another locale text, rendered in the same language.
    Line(Box<Line>),
}

impl From<Line> for Arg {
    fn from(line: Line) -> Arg {
        Arg::Line(Box::new(line))
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Arg {
        Arg::Text(text)
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg::Text(text.to_string())
    }
}

impl From<u64> for Arg {
    fn from(number: u64) -> Arg {
        Arg::Number(number)
    }
}

impl From<u32> for Arg {
    fn from(number: u32) -> Arg {
        Arg::Number(number.into())
    }
}

impl From<usize> for Arg {
    fn from(number: usize) -> Arg {
        Arg::Number(number as u64)
    }
}

/// One locale text: its key and its arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub key: Cow<'static, str>,
    pub args: Vec<(&'static str, Arg)>,
}

impl Line {
    pub fn new(key: impl Into<Cow<'static, str>>) -> Line {
        Line {
            key: key.into(),
            args: Vec::new(),
        }
    }

    /// The same text with the argument `name`.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Line {
        self.args.push((name, value.into()));
        self
    }
}

/// What a button does when pressed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Press {
    /// Comes back to the bot as this button.
    Button(Button),
    /// Opens this link.
    Url(String),
}

/// A button with its label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    pub press: Press,
    pub label: Line,
}

impl Key {
    /// A key that comes back as `button`.
    pub fn new(label: Line, button: Button) -> Key {
        Key {
            press: Press::Button(button),
            label,
        }
    }

    /// The button it comes back as, unless it opens a link.
    pub fn button(&self) -> Option<&Button> {
        match &self.press {
            Press::Button(button) => Some(button),
            Press::Url(_) => None,
        }
    }
}

/// Rows of buttons under a message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keyboard(pub Vec<Vec<Key>>);

/// One message: texts shown one below the other, and its buttons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    /// Each text with the separator before it ("" for the first).
    pub text: Vec<(&'static str, Line)>,
    pub keyboard: Option<Keyboard>,
}

impl Reply {
    pub fn new(line: Line) -> Reply {
        Reply {
            text: vec![("", line)],
            keyboard: None,
        }
    }

    /// A reply of one text without arguments.
    pub fn key(key: &'static str) -> Reply {
        Reply::new(Line::new(key))
    }

    /// `line` as a paragraph of its own, after a blank line.
    pub fn para(mut self, line: Line) -> Reply {
        self.text.push(("\n\n", line));
        self
    }

    /// `line` on the next line.
    pub fn line(mut self, line: Line) -> Reply {
        self.text.push(("\n", line));
        self
    }

    pub fn with(mut self, keyboard: Keyboard) -> Reply {
        self.keyboard = Some(keyboard);
        self
    }
}

/// What a step does: where the chat is next, and what the bot says, in order.
#[derive(Clone, Debug)]
pub struct Step {
    pub next: State,
    pub replies: Vec<Reply>,
}

impl Step {
    pub fn to(next: State, reply: Reply) -> Step {
        Step {
            next,
            replies: vec![reply],
        }
    }

    /// The chat moves to `next` and nothing is said.
    pub fn silent(next: State) -> Step {
        Step {
            next,
            replies: Vec::new(),
        }
    }

    /// `reply` after the step's own replies.
    pub fn then(mut self, reply: Reply) -> Step {
        self.replies.push(reply);
        self
    }
}

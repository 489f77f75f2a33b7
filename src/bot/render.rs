//! The one place where the core's [`Reply`] becomes Telegram: its texts in the chat's
//! language, its buttons as an inline keyboard with their callback data.

use crate::chat::{Arg, Button, Key, Keyboard, Line, Press, Reply};
use crate::i18n::Tr;
use fluent_bundle::FluentValue;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

/// The reply as a message: its text, and its inline keyboard when it has buttons.
pub fn message(reply: &Reply, tr: &Tr) -> (String, Option<InlineKeyboardMarkup>) {
    let buttons = reply.keyboard.as_ref().map(|k| keyboard(k, tr));
    (text(reply, tr), buttons)
}

/// The reply's texts, one below the other.
pub fn text(reply: &Reply, tr: &Tr) -> String {
    let mut out = String::new();
    for (separator, line) in &reply.text {
        out.push_str(separator);
        out.push_str(&self::line(line, tr));
    }
    out
}

/// One locale text with its arguments.
pub fn line(line: &Line, tr: &Tr) -> String {
    let args: Vec<(&str, FluentValue)> = line
        .args
        .iter()
        .map(|(name, value)| (*name, arg(value, tr)))
        .collect();
    tr.ta(&line.key, &args)
}

fn arg(value: &Arg, tr: &Tr) -> FluentValue<'static> {
    match value {
        Arg::Line(inner) => FluentValue::from(line(inner, tr)),
        Arg::Text(text) => FluentValue::from(text.clone()),
        Arg::Number(number) => FluentValue::from(*number),
        Arg::Time(at) => FluentValue::from(tr.moment(*at)),
    }
}

/// The buttons, labelled in the chat's language.
pub fn keyboard(keyboard: &Keyboard, tr: &Tr) -> InlineKeyboardMarkup {
    let rows = keyboard
        .0
        .iter()
        .map(|row| row.iter().filter_map(|k| key(k, tr)).collect::<Vec<_>>());
    InlineKeyboardMarkup::new(rows)
}

/// One button; a link that is not a URL is left out (and logged).
fn key(key: &Key, tr: &Tr) -> Option<InlineKeyboardButton> {
    let label = line(&key.label, tr);
    match &key.press {
        Press::Button(pressed) => Some(button(label, pressed)),
        Press::Url(url) => match reqwest::Url::parse(url) {
            Ok(url) => Some(InlineKeyboardButton::url(label, url)),
            Err(error) => {
                tracing::warn!(%error, "a button's link is not a URL; left out");
                None
            }
        },
    }
}

/// An inline button with `label` that sends the button's callback data.
pub fn button(label: String, button: &Button) -> InlineKeyboardButton {
    InlineKeyboardButton::callback(label, button.data())
}

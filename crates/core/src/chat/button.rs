//! Every inline button the bot shows, as one type: [`Button::parse`] reads callback data
//! once, [`Button::data`] writes it, and `schema()` routes on it. Navigation buttons grant
//! nothing, so they need no signature (a stale one is answered as expired); the Approve and
//! Deny buttons of a change carry an HMAC tag, checked when the press is decided
//! ([`crate::approvals::verify_button`]).

use crate::approvals::is_change_button;
use crate::i18n::LANGUAGES;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Button {
    /// The main menu.
    Menu(MenuItem),
    Cancel,
    /// A new code during a reset.
    ResendReset,
    Language(&'static str),
    /// The link offer, after a reset or a settings sign-in: Link, or Not now.
    Link(bool),
    /// The settings menu and its steps.
    Setting(Setting),
    /// Approve or Deny of a pending change: its signed data, checked when decided.
    Change(String),
    /// Take or close a ticket, in the staff chat.
    Ticket {
        take: bool,
        id: u64,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuItem {
    Reset,
    Settings,
    Pending,
    Help,
    Language,
    Support,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    Name,
    Email,
    Phone,
    Password,
    Done,
    /// A new code (sign-in step-up, or a new contact).
    Resend,
}

const MENU: [(MenuItem, &str); 6] = [
    (MenuItem::Reset, "menu:reset"),
    (MenuItem::Settings, "menu:settings"),
    (MenuItem::Pending, "menu:pending"),
    (MenuItem::Help, "menu:help"),
    (MenuItem::Language, "menu:language"),
    (MenuItem::Support, "menu:support"),
];

const SETTINGS: [(Setting, &str); 6] = [
    (Setting::Name, "set:name"),
    (Setting::Email, "set:email"),
    (Setting::Phone, "set:phone"),
    (Setting::Password, "set:password"),
    (Setting::Done, "set:done"),
    (Setting::Resend, "set:resend"),
];

const TICKET: &str = "tk:";
const LANGUAGE: &str = "lang:";

/// The entry of `table` whose data is `data`.
fn named<T: Copy>(table: &[(T, &str)], data: &str) -> Option<T> {
    table.iter().find(|(_, d)| *d == data).map(|(b, _)| *b)
}

/// The data of `key` in `table` (each table lists every value of its type).
fn data_of<T: Copy + PartialEq>(table: &[(T, &'static str)], key: T) -> &'static str {
    table
        .iter()
        .find(|(b, _)| *b == key)
        .map_or("", |(_, d)| *d)
}

impl Button {
    /// The button that `data` came from; `None` for data the bot never writes.
    pub fn parse(data: &str) -> Option<Button> {
        if let Some(menu) = named(&MENU, data) {
            return Some(Button::Menu(menu));
        }
        if let Some(setting) = named(&SETTINGS, data) {
            return Some(Button::Setting(setting));
        }
        if is_change_button(data) {
            return Some(Button::Change(data.to_string()));
        }
        if let Some(rest) = data.strip_prefix(TICKET) {
            let (action, id) = rest.split_once(':')?;
            let take = match action {
                "take" => true,
                "close" => false,
                _ => return None,
            };
            return Some(Button::Ticket {
                take,
                id: id.parse().ok()?,
            });
        }
        if let Some(lang) = data.strip_prefix(LANGUAGE) {
            return LANGUAGES
                .iter()
                .find(|l| **l == lang)
                .map(|l| Button::Language(l));
        }
        match data {
            "cancel" => Some(Button::Cancel),
            "reset:resend" => Some(Button::ResendReset),
            "link:yes" => Some(Button::Link(true)),
            "link:no" => Some(Button::Link(false)),
            _ => None,
        }
    }

    /// The callback data (at most 64 bytes, as Telegram allows).
    pub fn data(&self) -> String {
        match self {
            Button::Menu(item) => data_of(&MENU, *item).to_string(),
            Button::Setting(setting) => data_of(&SETTINGS, *setting).to_string(),
            Button::Cancel => "cancel".into(),
            Button::ResendReset => "reset:resend".into(),
            Button::Language(lang) => format!("{LANGUAGE}{lang}"),
            Button::Link(yes) => if *yes { "link:yes" } else { "link:no" }.into(),
            Button::Change(data) => data.clone(),
            Button::Ticket { take, id } => {
                let action = if *take { "take" } else { "close" };
                format!("{TICKET}{action}:{id}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_button_reads_back_from_its_data() {
        let mut all: Vec<Button> = MENU.iter().map(|(m, _)| Button::Menu(*m)).collect();
        all.extend(SETTINGS.iter().map(|(s, _)| Button::Setting(*s)));
        all.extend(LANGUAGES.iter().map(|l| Button::Language(l)));
        all.extend([
            Button::Cancel,
            Button::ResendReset,
            Button::Link(true),
            Button::Link(false),
            Button::Ticket { take: true, id: 7 },
            Button::Ticket {
                take: false,
                id: u64::MAX,
            },
            Button::Change("ch:0123456789abcdef:a:tag".into()),
        ]);
        for button in all {
            let data = button.data();
            assert!(data.len() <= 64, "{data}");
            assert_eq!(Button::parse(&data), Some(button), "{data}");
        }
    }

    #[test]
    fn data_the_bot_never_writes_is_no_button() {
        for data in [
            "",
            "menu:",
            "menu:other",
            "lang:xx",
            "tk:take:",
            "tk:open:1",
            "set:link",
        ] {
            assert_eq!(Button::parse(data), None, "{data}");
        }
    }
}

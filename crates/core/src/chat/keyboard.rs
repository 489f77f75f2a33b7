//! Every keyboard the conversation shows, built from typed [`Button`]s with their labels.

use super::button::{Button, MenuItem, Setting};
use super::reply::{Key, Keyboard, Line};
use crate::i18n::LANGUAGES;

fn key(label: &'static str, button: Button) -> Key {
    Key::new(Line::new(label), button)
}

impl Keyboard {
    /// The main menu; "Talk to support" only when support is configured.
    pub fn main_menu(support: bool) -> Keyboard {
        let mut rows = vec![
            vec![key("btn-reset", Button::Menu(MenuItem::Reset))],
            vec![key("btn-settings", Button::Menu(MenuItem::Settings))],
            vec![key("btn-pending", Button::Menu(MenuItem::Pending))],
            vec![key("btn-help", Button::Menu(MenuItem::Help))],
        ];
        if support {
            rows.push(vec![key("btn-support", Button::Menu(MenuItem::Support))]);
        }
        rows.push(vec![key("btn-language", Button::Menu(MenuItem::Language))]);
        Keyboard(rows)
    }

    pub fn reset_only() -> Keyboard {
        Keyboard(vec![vec![key("btn-reset", Button::Menu(MenuItem::Reset))]])
    }

    /// Reset, and support when it is configured (after the checklist or a refusal).
    pub fn reset_or_support(support: bool) -> Keyboard {
        let mut row = vec![key("btn-reset", Button::Menu(MenuItem::Reset))];
        if support {
            row.push(key("btn-support", Button::Menu(MenuItem::Support)));
        }
        Keyboard(vec![row])
    }

    /// When recovery is locked: support if configured (a reset cannot help), else reset.
    pub fn locked_actions(support: bool) -> Keyboard {
        match support {
            true => Keyboard(vec![vec![key(
                "btn-support",
                Button::Menu(MenuItem::Support),
            )]]),
            false => Keyboard::reset_only(),
        }
    }

    /// While a reset code is awaited: a new code, or cancel.
    pub fn code_actions() -> Keyboard {
        Keyboard(vec![vec![
            key("btn-resend", Button::ResendReset),
            key("btn-cancel", Button::Cancel),
        ]])
    }

    /// What a signed-in settings session can change.
    pub fn settings_menu() -> Keyboard {
        let set = |label, setting| key(label, Button::Setting(setting));
        Keyboard(vec![
            vec![
                set("btn-set-name", Setting::Name),
                set("btn-set-email", Setting::Email),
            ],
            vec![
                set("btn-set-phone", Setting::Phone),
                set("btn-set-password", Setting::Password),
            ],
            vec![set("btn-set-done", Setting::Done)],
        ])
    }

    /// While a settings code is awaited: a new code, or cancel.
    pub fn settings_code_actions() -> Keyboard {
        Keyboard(vec![vec![
            key("btn-resend", Button::Setting(Setting::Resend)),
            key("btn-cancel", Button::Cancel),
        ]])
    }

    /// The one link offer, after a reset or a settings sign-in.
    pub fn link_offer() -> Keyboard {
        Keyboard(vec![vec![
            key("btn-link", Button::Link(true)),
            key("btn-not-now", Button::Link(false)),
        ]])
    }

    pub fn cancel_only() -> Keyboard {
        Keyboard(vec![vec![key("btn-cancel", Button::Cancel)]])
    }

    /// One button per language, each labelled with the language's own name.
    pub fn languages() -> Keyboard {
        let row = LANGUAGES
            .iter()
            .map(|lang| {
                Key::new(
                    Line::new(format!("language-name-{lang}")),
                    Button::Language(lang),
                )
            })
            .collect();
        Keyboard(vec![row])
    }
}

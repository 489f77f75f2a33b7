//! Sending replies, building keyboards, and removing secret-bearing messages.

use super::button::{Button, MenuItem, Setting};
use super::{HandlerResult, Tg};
use crate::i18n::Tr;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, MessageId};

pub async fn say(bot: &Tg, chat: ChatId, text: String) -> HandlerResult {
    sent(bot.send_message(chat, text).await)
}

pub async fn say_with(
    bot: &Tg,
    chat: ChatId,
    text: String,
    keyboard: InlineKeyboardMarkup,
) -> HandlerResult {
    sent(bot.send_message(chat, text).reply_markup(keyboard).await)
}

/// A reply Telegram took counts as sent, also when its answer could not be read (the
/// message is there; nothing here needs its id).
fn sent<T>(outcome: Result<T, teloxide::RequestError>) -> HandlerResult {
    match outcome {
        Ok(_) => {}
        Err(error) if super::retry::unreadable_success(&error) => {}
        Err(error) => return Err(error.into()),
    }
    crate::metrics::count(|m| &m.replies);
    Ok(())
}

fn button(label: String, button: Button) -> InlineKeyboardButton {
    button.key(label)
}

/// The main menu; "Talk to support" only when support is configured.
pub fn main_menu(tr: &Tr, support: bool) -> InlineKeyboardMarkup {
    let mut rows = vec![
        vec![button(tr.t("btn-reset"), Button::Menu(MenuItem::Reset))],
        vec![button(
            tr.t("btn-settings"),
            Button::Menu(MenuItem::Settings),
        )],
        vec![button(tr.t("btn-pending"), Button::Menu(MenuItem::Pending))],
        vec![button(tr.t("btn-help"), Button::Menu(MenuItem::Help))],
    ];
    if support {
        rows.push(vec![button(
            tr.t("btn-support"),
            Button::Menu(MenuItem::Support),
        )]);
    }
    rows.push(vec![button(
        tr.t("btn-language"),
        Button::Menu(MenuItem::Language),
    )]);
    InlineKeyboardMarkup::new(rows)
}

pub fn reset_only(tr: &Tr) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![button(
        tr.t("btn-reset"),
        Button::Menu(MenuItem::Reset),
    )]])
}

/// Reset, and support when it is configured (after the checklist or a refusal).
pub fn reset_or_support(tr: &Tr, support: bool) -> InlineKeyboardMarkup {
    let mut row = vec![button(tr.t("btn-reset"), Button::Menu(MenuItem::Reset))];
    if support {
        row.push(button(tr.t("btn-support"), Button::Menu(MenuItem::Support)));
    }
    InlineKeyboardMarkup::new(vec![row])
}

/// When recovery is locked: support if configured (a reset cannot help), else reset.
pub fn locked_actions(tr: &Tr, support: bool) -> InlineKeyboardMarkup {
    if support {
        InlineKeyboardMarkup::new(vec![vec![button(
            tr.t("btn-support"),
            Button::Menu(MenuItem::Support),
        )]])
    } else {
        reset_only(tr)
    }
}

pub fn code_actions(tr: &Tr) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![
        button(tr.t("btn-resend"), Button::ResendReset),
        button(tr.t("btn-cancel"), Button::Cancel),
    ]])
}

/// What a signed-in settings session can change.
pub fn settings_menu(tr: &Tr) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![
        vec![
            button(tr.t("btn-set-name"), Button::Setting(Setting::Name)),
            button(tr.t("btn-set-email"), Button::Setting(Setting::Email)),
        ],
        vec![
            button(tr.t("btn-set-phone"), Button::Setting(Setting::Phone)),
            button(tr.t("btn-set-password"), Button::Setting(Setting::Password)),
        ],
        vec![button(tr.t("btn-set-done"), Button::Setting(Setting::Done))],
    ])
}

/// While a settings code is awaited: a new code, or cancel.
pub fn settings_code_actions(tr: &Tr) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![
        button(tr.t("btn-resend"), Button::Setting(Setting::Resend)),
        button(tr.t("btn-cancel"), Button::Cancel),
    ]])
}

/// The one link offer, after a reset or a settings sign-in.
pub fn link_offer(tr: &Tr) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![
        button(tr.t("btn-link"), Button::Link(true)),
        button(tr.t("btn-not-now"), Button::Link(false)),
    ]])
}

pub fn cancel_only(tr: &Tr) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![button(tr.t("btn-cancel"), Button::Cancel)]])
}

pub fn languages(tr: &Tr) -> InlineKeyboardMarkup {
    let row = crate::i18n::LANGUAGES
        .iter()
        .map(|lang| {
            button(
                tr.t(&format!("language-name-{lang}")),
                Button::Language(lang),
            )
        })
        .collect::<Vec<_>>();
    InlineKeyboardMarkup::new(vec![row])
}

/// Deletes a message that may carry a code or a password. A failure (for example a message
/// older than 48 hours) is logged; the flow goes on.
pub async fn delete_secret(bot: &Tg, chat: ChatId, message: MessageId) {
    if let Err(error) = bot.delete_message(chat, message).await {
        tracing::warn!(chat = chat.0, %error, "could not delete a message that carried a secret");
    }
}

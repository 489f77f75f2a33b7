//! Sending replies, building keyboards, and removing secret-bearing messages.

use super::{HandlerResult, Tg};
use crate::i18n::Tr;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, MessageId};

/// Callback data of the buttons. Navigation only; they grant nothing, so they need no
/// signature, and anything else is answered as an expired button.
pub const MENU_RESET: &str = "menu:reset";
pub const MENU_HELP: &str = "menu:help";
pub const MENU_LANGUAGE: &str = "menu:language";
pub const MENU_SUPPORT: &str = "menu:support";
pub const RESET_RESEND: &str = "reset:resend";
pub const CANCEL: &str = "cancel";
pub const LANGUAGE_PREFIX: &str = "lang:";
pub const LINK_YES: &str = "link:yes";
pub const LINK_NO: &str = "link:no";
pub const MENU_SETTINGS: &str = "menu:settings";
pub const MENU_PENDING: &str = "menu:pending";
/// The settings menu and its steps (they act only within the chat's own signed-in
/// session, kept in its dialogue state).
pub const SETTINGS_PREFIX: &str = "set:";
pub const SET_NAME: &str = "set:name";
pub const SET_EMAIL: &str = "set:email";
pub const SET_PHONE: &str = "set:phone";
pub const SET_PASSWORD: &str = "set:password";
pub const SET_DONE: &str = "set:done";
pub const SET_RESEND: &str = "set:resend";
pub const SET_LINK: &str = "set:link";
pub const SET_NO_LINK: &str = "set:nolink";

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

fn button(label: String, data: &str) -> InlineKeyboardButton {
    InlineKeyboardButton::callback(label, data.to_string())
}

/// The main menu; "Talk to support" only when support is configured.
pub fn main_menu(tr: &Tr, support: bool) -> InlineKeyboardMarkup {
    let mut rows = vec![
        vec![button(tr.t("btn-reset"), MENU_RESET)],
        vec![button(tr.t("btn-settings"), MENU_SETTINGS)],
        vec![button(tr.t("btn-pending"), MENU_PENDING)],
        vec![button(tr.t("btn-help"), MENU_HELP)],
    ];
    if support {
        rows.push(vec![button(tr.t("btn-support"), MENU_SUPPORT)]);
    }
    rows.push(vec![button(tr.t("btn-language"), MENU_LANGUAGE)]);
    InlineKeyboardMarkup::new(rows)
}

pub fn reset_only(tr: &Tr) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![button(tr.t("btn-reset"), MENU_RESET)]])
}

/// Reset, and support when it is configured (after the checklist or a refusal).
pub fn reset_or_support(tr: &Tr, support: bool) -> InlineKeyboardMarkup {
    let mut row = vec![button(tr.t("btn-reset"), MENU_RESET)];
    if support {
        row.push(button(tr.t("btn-support"), MENU_SUPPORT));
    }
    InlineKeyboardMarkup::new(vec![row])
}

/// When recovery is locked: support if configured (a reset cannot help), else reset.
pub fn locked_actions(tr: &Tr, support: bool) -> InlineKeyboardMarkup {
    if support {
        InlineKeyboardMarkup::new(vec![vec![button(tr.t("btn-support"), MENU_SUPPORT)]])
    } else {
        reset_only(tr)
    }
}

pub fn code_actions(tr: &Tr) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![
        button(tr.t("btn-resend"), RESET_RESEND),
        button(tr.t("btn-cancel"), CANCEL),
    ]])
}

/// What a signed-in settings session can change.
pub fn settings_menu(tr: &Tr) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![
        vec![
            button(tr.t("btn-set-name"), SET_NAME),
            button(tr.t("btn-set-email"), SET_EMAIL),
        ],
        vec![
            button(tr.t("btn-set-phone"), SET_PHONE),
            button(tr.t("btn-set-password"), SET_PASSWORD),
        ],
        vec![button(tr.t("btn-set-done"), SET_DONE)],
    ])
}

/// While a settings code is awaited: a new code, or cancel.
pub fn settings_code_actions(tr: &Tr) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![
        button(tr.t("btn-resend"), SET_RESEND),
        button(tr.t("btn-cancel"), CANCEL),
    ]])
}

pub fn link_offer(tr: &Tr, yes: &str, no: &str) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![
        button(tr.t("btn-link"), yes),
        button(tr.t("btn-not-now"), no),
    ]])
}

pub fn cancel_only(tr: &Tr) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![button(tr.t("btn-cancel"), CANCEL)]])
}

pub fn languages(tr: &Tr) -> InlineKeyboardMarkup {
    let row = crate::i18n::LANGUAGES
        .iter()
        .map(|lang| {
            button(
                tr.t(&format!("language-name-{lang}")),
                &format!("{LANGUAGE_PREFIX}{lang}"),
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

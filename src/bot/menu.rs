//! The main menu, commands, language choice, the group-chat refusal and the catch-alls.

use super::button::{Button, MenuItem};
use super::prompt::expected;
use super::reply;
use super::{
    approvals, reset, settings, signin, support, ChatDialogue, Command, HandlerResult, State, Tg,
};
use crate::audit::AuditEvent;
use crate::i18n::Tr;
use crate::recovery::Services;
use fluent_bundle::FluentValue;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, Me};

pub async fn command(
    bot: Tg,
    msg: Message,
    cmd: Command,
    dialogue: ChatDialogue,
    state: State,
    tr: Tr,
    svc: Services,
) -> HandlerResult {
    let chat = msg.chat.id;
    match cmd {
        Command::Start => {
            super::set_state(&dialogue, State::Idle).await?;
            welcome(&bot, chat, &tr, &svc).await
        }
        Command::Reset => reset::start(&bot, chat, &dialogue, &tr).await,
        Command::Settings => signin::start(&bot, chat, &dialogue, &state, &tr, &svc).await,
        Command::Help => help(&bot, chat, &tr, &svc).await,
        Command::Support => support::start(&bot, chat, &dialogue, &tr, &svc).await,
        Command::Language => {
            reply::say_with(&bot, chat, tr.t("language-choose"), reply::languages(&tr)).await
        }
        Command::Pending => approvals::pending(&bot, chat, &tr, &svc).await,
        Command::Unlink => approvals::unlink(&bot, chat, &tr, &svc).await,
        Command::Cancel => cancel(&bot, chat, &dialogue, &state, &tr, &svc).await,
    }
}

async fn welcome(bot: &Tg, chat: ChatId, tr: &Tr, svc: &Services) -> HandlerResult {
    let text = tr.ta(
        "welcome",
        &[(
            "service",
            FluentValue::from(svc.config.service.name.as_str()),
        )],
    );
    reply::say_with(bot, chat, text, reply::main_menu(tr, svc.support_enabled())).await
}

async fn help(bot: &Tg, chat: ChatId, tr: &Tr, svc: &Services) -> HandlerResult {
    let keyboard = reply::reset_or_support(tr, svc.support_enabled());
    reply::say_with(bot, chat, tr.t("help-checklist"), keyboard).await
}

async fn cancel(
    bot: &Tg,
    chat: ChatId,
    dialogue: &ChatDialogue,
    state: &State,
    tr: &Tr,
    svc: &Services,
) -> HandlerResult {
    // Inside a settings step, Cancel goes back to the settings menu.
    if let Some(session) = state
        .session()
        .filter(|_| !matches!(state, State::Settings { .. }))
    {
        if let Some(session) = svc.touch_session(session, chat.0)? {
            let intro = Some(tr.t("cancel-done"));
            return settings::show_menu(bot, chat, dialogue, session, intro, tr, svc).await;
        }
    }
    if let Some(session) = state.session() {
        svc.end_session(session, chat.0, "cancel");
    }
    let text = match state {
        State::Idle => tr.t("cancel-nothing"),
        State::SupportChat { ticket } => match svc.active_ticket(chat.0)? {
            Some(open) if open.id == *ticket => {
                tr.ta("support-left", &[("ticket", FluentValue::from(*ticket))])
            }
            _ => tr.t("cancel-nothing"),
        },
        _ => tr.t("cancel-done"),
    };
    super::set_state(dialogue, State::Idle).await?;
    reply::say_with(bot, chat, text, reply::main_menu(tr, svc.support_enabled())).await
}

pub async fn unknown_command(bot: Tg, msg: Message, state: State, tr: Tr) -> HandlerResult {
    let mut text = tr.t("unknown-command");
    if let Some(expected) = expected(&state, &tr) {
        text = format!("{text}\n{expected}");
    }
    reply::say(&bot, msg.chat.id, text).await
}

/// Anything typed outside a flow: the menu again.
pub async fn idle(bot: Tg, msg: Message, tr: Tr, svc: Services) -> HandlerResult {
    let menu = reply::main_menu(&tr, svc.support_enabled());
    reply::say_with(&bot, msg.chat.id, tr.t("idle-hint"), menu).await
}

/// Groups never see a recovery flow: commands get a pointer to a private chat, the rest is
/// ignored.
pub async fn group_chat(bot: Tg, msg: Message, me: Me, tr: Tr, svc: Services) -> HandlerResult {
    let Some(text) = msg.text() else {
        return Ok(());
    };
    if !text.starts_with('/') {
        return Ok(());
    }
    let command = text.split_whitespace().next().unwrap_or("").to_string();
    let user = msg.from.as_ref().map(|u| format!("user:{}", u.id.0));
    svc.audit_as(
        user,
        Some(msg.chat.id.0),
        None,
        AuditEvent::GroupChatRefused { command },
    );
    let text = tr.ta(
        "group-refused",
        &[("bot", FluentValue::from(me.username()))],
    );
    match reqwest::Url::parse(&format!("https://t.me/{}", me.username())) {
        Ok(url) => {
            let keyboard = InlineKeyboardMarkup::new(vec![vec![InlineKeyboardButton::url(
                tr.t("btn-open-private"),
                url,
            )]]);
            reply::say_with(&bot, msg.chat.id, text, keyboard).await
        }
        Err(_) => reply::say(&bot, msg.chat.id, text).await,
    }
}

/// A press on a button of the menu, the reset or the link offer (the settings', the
/// approvals' and the staff chat's are routed to their flows in `schema()`).
pub async fn button(
    bot: Tg,
    q: CallbackQuery,
    button: Button,
    dialogue: ChatDialogue,
    state: State,
    tr: Tr,
    svc: Services,
) -> HandlerResult {
    let chat = q.message.as_ref().map(|m| m.chat().clone());
    let chat = chat.filter(|c| c.is_private());
    let fits = match &button {
        Button::ResendReset => matches!(state, State::ResetCode { .. }),
        Button::Link(_) => matches!(state, State::OfferLink { .. }),
        Button::Menu(_) | Button::Cancel | Button::Language(_) => true,
        Button::Setting(_) | Button::Change(_) | Button::Ticket { .. } => false,
    };
    let Some(chat) = chat.filter(|_| fits) else {
        return expired(bot, q, tr).await;
    };
    bot.answer_callback_query(q.id.clone()).await?;
    let chat_id = chat.id;
    match (button, state) {
        (Button::Menu(item), state) => {
            menu_item(&bot, chat_id, &dialogue, item, &state, &tr, &svc).await
        }
        (Button::Cancel, state) => cancel(&bot, chat_id, &dialogue, &state, &tr, &svc).await,
        (Button::Link(yes), State::OfferLink { account_id }) => {
            approvals::answer_link(&bot, chat_id, &dialogue, &account_id, yes, &tr, &svc).await
        }
        (Button::ResendReset, State::ResetCode { identifier }) => {
            reset::send_code(&bot, chat_id, &dialogue, identifier, &tr, &svc).await
        }
        (Button::Language(lang), state) => {
            let tr = svc.choose_language(chat_id.0, lang)?;
            let mut text = tr.t("language-set");
            if let Some(expected) = expected(&state, &tr) {
                text = format!("{text}\n{expected}");
            }
            reply::say(&bot, chat_id, text).await
        }
        _ => Ok(()),
    }
}

async fn menu_item(
    bot: &Tg,
    chat: ChatId,
    dialogue: &ChatDialogue,
    item: MenuItem,
    state: &State,
    tr: &Tr,
    svc: &Services,
) -> HandlerResult {
    match item {
        MenuItem::Reset => reset::start(bot, chat, dialogue, tr).await,
        MenuItem::Settings => signin::start(bot, chat, dialogue, state, tr, svc).await,
        MenuItem::Pending => approvals::pending(bot, chat, tr, svc).await,
        MenuItem::Help => help(bot, chat, tr, svc).await,
        MenuItem::Support => support::start(bot, chat, dialogue, tr, svc).await,
        MenuItem::Language => {
            let choose = tr.t("language-choose");
            reply::say_with(bot, chat, choose, reply::languages(tr)).await
        }
    }
}

/// A press on data the bot never wrote, or on a button whose step is over.
pub async fn expired(bot: Tg, q: CallbackQuery, tr: Tr) -> HandlerResult {
    tracing::info!(user = q.from.id.0, "unknown or stale button pressed");
    bot.answer_callback_query(q.id.clone())
        .text(tr.t("button-expired"))
        .await?;
    Ok(())
}

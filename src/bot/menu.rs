//! The main menu, commands, language choice, the group-chat refusal and the catch-alls.

use super::prompt::expected;
use super::reply;
use super::turn::Turn;
use super::{approvals, reset, settings, signin, support, Command, HandlerResult, State, Tg};
use crate::audit::AuditEvent;
use crate::chat::Line;
use crate::chat::{Button, MenuItem};
use crate::i18n::Tr;
use crate::recovery::Services;
use fluent_bundle::FluentValue;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, Me};

pub async fn command(turn: Turn, cmd: Command, state: State) -> HandlerResult {
    let tr = &turn.tr;
    match cmd {
        Command::Start => {
            turn.set(State::Idle).await?;
            welcome(&turn).await
        }
        Command::Reset => reset::start(&turn).await,
        Command::Settings => signin::start(&turn, &state).await,
        Command::Help => help(&turn).await,
        Command::Support => support::start(&turn).await,
        Command::Language => {
            turn.say_with(tr.t("language-choose"), reply::languages(tr))
                .await
        }
        Command::Pending => approvals::pending(&turn).await,
        Command::Unlink => approvals::unlink(&turn).await,
        Command::Cancel => cancel(&turn, &state).await,
    }
}

async fn welcome(turn: &Turn) -> HandlerResult {
    let service = turn.svc.config.service.name.as_str();
    let text = turn
        .tr
        .ta("welcome", &[("service", FluentValue::from(service))]);
    turn.say_with_menu(text).await
}

async fn help(turn: &Turn) -> HandlerResult {
    let keyboard = reply::reset_or_support(&turn.tr, turn.svc.support_enabled());
    turn.say_with(turn.tr.t("help-checklist"), keyboard).await
}

async fn cancel(turn: &Turn, state: &State) -> HandlerResult {
    let (chat, tr, svc) = (turn.chat, &turn.tr, &turn.svc);
    // Inside a settings step, Cancel goes back to the settings menu.
    if let Some(session) = state
        .session()
        .filter(|_| !matches!(state, State::Settings { .. }))
    {
        if let Some(session) = svc.touch_session(session, chat.0)? {
            let intro = Some(Line::new("cancel-done"));
            return settings::show_menu(turn, session, intro).await;
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
    turn.set(State::Idle).await?;
    turn.say_with_menu(text).await
}

pub async fn unknown_command(turn: Turn, state: State) -> HandlerResult {
    let mut text = turn.tr.t("unknown-command");
    if let Some(expected) = expected(&state, &turn.tr) {
        text = format!("{text}\n{expected}");
    }
    turn.say(text).await
}

/// Anything typed outside a flow: the menu again.
pub async fn idle(turn: Turn) -> HandlerResult {
    turn.say_with_menu(turn.tr.t("idle-hint")).await
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
pub async fn button(turn: Turn, q: CallbackQuery, button: Button, state: State) -> HandlerResult {
    let private = q.message.as_ref().is_some_and(|m| m.chat().is_private());
    let fits = match &button {
        Button::ResendReset => matches!(state, State::ResetCode { .. }),
        Button::Link(_) => matches!(state, State::OfferLink { .. }),
        Button::Menu(_) | Button::Cancel | Button::Language(_) => true,
        Button::Setting(_) | Button::Change(_) | Button::Ticket { .. } => false,
    };
    if !(private && fits) {
        return expired(turn.bot, q, turn.tr).await;
    }
    turn.bot.answer_callback_query(q.id.clone()).await?;
    match (button, state) {
        (Button::Menu(item), state) => menu_item(&turn, item, &state).await,
        (Button::Cancel, state) => cancel(&turn, &state).await,
        (Button::Link(yes), State::OfferLink { account_id }) => {
            approvals::answer_link(&turn, &account_id, yes).await
        }
        (Button::ResendReset, State::ResetCode { identifier }) => {
            reset::send_code(&turn, identifier).await
        }
        (Button::Language(lang), state) => {
            let turn = turn
                .clone()
                .in_language(turn.svc.choose_language(turn.chat.0, lang)?);
            let mut text = turn.tr.t("language-set");
            if let Some(expected) = expected(&state, &turn.tr) {
                text = format!("{text}\n{expected}");
            }
            turn.say(text).await
        }
        _ => Ok(()),
    }
}

async fn menu_item(turn: &Turn, item: MenuItem, state: &State) -> HandlerResult {
    match item {
        MenuItem::Reset => reset::start(turn).await,
        MenuItem::Settings => signin::start(turn, state).await,
        MenuItem::Pending => approvals::pending(turn).await,
        MenuItem::Help => help(turn).await,
        MenuItem::Support => support::start(turn).await,
        MenuItem::Language => {
            let choose = turn.tr.t("language-choose");
            turn.say_with(choose, reply::languages(&turn.tr)).await
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

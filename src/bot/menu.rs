//! The main menu, commands, language choice, the group-chat refusal and the catch-alls;
//! what is said comes from the core ([`crate::chat::menu`]).

use super::reply;
use super::turn::Turn;
use super::{approvals, reset, signin, support, Command, HandlerResult, State, Tg};
use crate::chat::{menu, Button, MenuItem};
use crate::i18n::Tr;
use crate::recovery::Services;
use teloxide::prelude::*;
use teloxide::types::Me;

pub async fn command(turn: Turn, cmd: Command, state: State) -> HandlerResult {
    let (svc, chat) = (&turn.svc, turn.talk());
    match cmd {
        Command::Start => turn.apply(menu::welcome(svc)).await,
        Command::Reset => reset::start(&turn).await,
        Command::Settings => signin::start(&turn, &state).await,
        Command::Help => turn.reply(menu::help(svc)).await,
        Command::Support => support::start(&turn, &state).await,
        Command::Language => turn.reply(menu::choose_language()).await,
        Command::Pending => approvals::pending(&turn).await,
        Command::Unlink => turn.reply(menu::unlink(svc, &chat)?).await,
        Command::Cancel => turn.apply(menu::cancel(svc, &chat, &state)?).await,
    }
}

pub async fn unknown_command(turn: Turn, state: State) -> HandlerResult {
    turn.reply(menu::unknown_command(&state)).await
}

/// Anything that is not text, in a step that reads text: what the step expects.
pub async fn not_text(turn: Turn, state: State) -> HandlerResult {
    turn.apply(menu::not_text(&turn.svc, &turn.talk(), state)?)
        .await
}

/// Anything typed outside a flow: the menu again.
pub async fn idle(turn: Turn) -> HandlerResult {
    turn.reply(menu::idle(&turn.svc)).await
}

/// Groups never see a recovery flow: commands get a pointer to a private chat, the rest is
/// ignored.
pub async fn group_chat(bot: Tg, msg: Message, me: Me, tr: Tr, svc: Services) -> HandlerResult {
    let Some(text) = msg.text().filter(|text| text.starts_with('/')) else {
        return Ok(());
    };
    let command = text.split_whitespace().next().unwrap_or("");
    let who = (msg.from.as_ref().map(|u| u.id.0), msg.chat.id.0);
    let refused = menu::group_refused(&svc, who, command, me.username());
    reply::send(&bot, msg.chat.id, &refused, &tr).await
}

/// A press on a button of the menu, the reset or the link offer (the settings', the
/// approvals' and the staff chat's are routed to their flows in `schema()`).
pub async fn button(turn: Turn, q: CallbackQuery, button: Button, state: State) -> HandlerResult {
    let private = q.message.as_ref().is_some_and(|m| m.chat().is_private());
    if !(private && menu::fits(&button, &state)) {
        return expired(turn.bot, q, turn.tr).await;
    }
    turn.bot.answer_callback_query(q.id.clone()).await?;
    let (svc, chat) = (&turn.svc, turn.talk());
    match (button, state) {
        (Button::Menu(item), state) => menu_item(&turn, item, &state).await,
        (Button::Cancel, state) => turn.apply(menu::cancel(svc, &chat, &state)?).await,
        (Button::Link(yes), State::OfferLink { account_id }) => {
            let step = menu::answer_link(svc, &chat, &account_id, yes).await?;
            turn.apply(step).await
        }
        (Button::ResendReset, State::ResetCode { identifier }) => {
            reset::send_code(&turn, identifier).await
        }
        (Button::Language(lang), state) => {
            let chosen = svc.choose_language(chat.id, lang)?;
            let turn = turn.clone().in_language(chosen);
            turn.reply(menu::language_set(&state)).await
        }
        _ => Ok(()),
    }
}

async fn menu_item(turn: &Turn, item: MenuItem, state: &State) -> HandlerResult {
    match item {
        MenuItem::Reset => reset::start(turn).await,
        MenuItem::Settings => signin::start(turn, state).await,
        MenuItem::Pending => approvals::pending(turn).await,
        MenuItem::Help => turn.reply(menu::help(&turn.svc)).await,
        MenuItem::Support => support::start(turn, state).await,
        MenuItem::Language => turn.reply(menu::choose_language()).await,
    }
}

/// A press on data the bot never wrote, or on a button whose step is over.
pub async fn expired(bot: Tg, q: CallbackQuery, tr: Tr) -> HandlerResult {
    tracing::info!(user = q.from.id.0, "unknown or stale button pressed");
    reply::notice(&bot, &q, Some(menu::expired()), &tr, false).await
}

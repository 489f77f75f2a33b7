//! The signed-in settings, as the core has them ([`crate::chat::settings`]); here only
//! what is Telegram's: answering a button press, and carrying out each step.

use super::reply;
use super::turn::{Text, Turn};
use super::{HandlerResult, State};
use crate::chat::settings::{self as steps, buttons, contact, password};
use crate::chat::Setting;
use crate::domain::Identifier;
use crate::settings::Session;
use teloxide::prelude::*;

/// Anything typed while the menu is shown: the menu again.
pub async fn menu_text(turn: Turn, session: Session) -> HandlerResult {
    turn.apply(steps::menu_text(&turn.svc, &turn.talk(), &session)?)
        .await
}

pub async fn receive_name(turn: Turn, session: Session, Text(text): Text) -> HandlerResult {
    let step = steps::receive_name(&turn.svc, &turn.talk(), &session, &text).await?;
    turn.apply(step).await
}

/// The new e-mail address or phone number (the state says which step this is).
pub async fn receive_contact(turn: Turn, state: State, Text(text): Text) -> HandlerResult {
    let step = contact::receive_contact(&turn.svc, &turn.talk(), state, &text).await?;
    turn.apply(step).await
}

pub async fn receive_contact_code(
    turn: Turn,
    verify: (Session, Identifier),
    Text(text): Text,
) -> HandlerResult {
    let step = contact::receive_contact_code(&turn.svc, &turn.talk(), verify, &text).await?;
    turn.apply(step).await
}

pub async fn receive_password(turn: Turn, session: Session, Text(text): Text) -> HandlerResult {
    let step = password::receive_password(&turn.svc, &turn.talk(), &session, &text).await?;
    turn.apply(step).await
}

pub async fn receive_confirmation(
    turn: Turn,
    confirm: (Session, String),
    Text(text): Text,
) -> HandlerResult {
    let step = password::receive_confirmation(&turn.svc, &turn.talk(), confirm, &text).await?;
    turn.apply(step).await
}

/// A settings button's press in this chat: true when it is private and signed in (or
/// waiting for the sign-in code); otherwise the press is answered as expired.
pub async fn pressed_here(turn: &Turn, q: &CallbackQuery, state: &State) -> anyhow::Result<bool> {
    let private = q.message.as_ref().is_some_and(|m| m.chat().is_private());
    let refused = buttons::press_refused(private, state);
    let usable = refused.is_none();
    reply::notice(&turn.bot, q, refused, &turn.tr, false).await?;
    Ok(usable)
}

/// A press on a settings button.
pub async fn button(turn: Turn, q: CallbackQuery, setting: Setting, state: State) -> HandlerResult {
    if !pressed_here(&turn, &q, &state).await? {
        return Ok(());
    }
    let step = buttons::pressed(&turn.svc, &turn.talk(), setting, state).await?;
    turn.apply(step).await
}

/// The answer to the link offer made after a settings sign-in.
pub async fn link_button(turn: Turn, q: CallbackQuery, yes: bool, state: State) -> HandlerResult {
    if !pressed_here(&turn, &q, &state).await? {
        return Ok(());
    }
    let step = buttons::link(&turn.svc, &turn.talk(), yes, state).await?;
    turn.apply(step).await
}

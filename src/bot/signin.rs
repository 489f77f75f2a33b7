//! /settings sign-in, as the core has it ([`crate::chat::signin`]).

use super::turn::{Text, Turn};
use super::{HandlerResult, State};
use crate::chat::signin;
use crate::domain::Identifier;
use teloxide::prelude::*;

/// /settings and the menu's "Account settings".
pub async fn start(turn: &Turn, state: &State) -> HandlerResult {
    turn.apply(signin::start(&turn.svc, &turn.talk(), state)?)
        .await
}

pub async fn receive_identifier(turn: Turn, Text(text): Text) -> HandlerResult {
    turn.apply(signin::receive_identifier(&turn.svc, &text))
        .await
}

pub async fn receive_password(
    turn: Turn,
    identifier: Identifier,
    Text(text): Text,
) -> HandlerResult {
    let step = signin::receive_password(&turn.svc, &turn.talk(), identifier, &text).await?;
    turn.apply(step).await
}

/// "Send a new code" while the sign-in code is awaited.
pub async fn resend(
    turn: Turn,
    q: CallbackQuery,
    awaited: (String, Identifier),
    state: State,
) -> HandlerResult {
    if !super::settings::pressed_here(&turn, &q, &state).await? {
        return Ok(());
    }
    let step = signin::resend(&turn.svc, &turn.talk(), awaited).await?;
    turn.apply(step).await
}

pub async fn receive_code(
    turn: Turn,
    awaited: (String, Identifier),
    Text(text): Text,
) -> HandlerResult {
    let step = signin::receive_code(&turn.svc, &turn.talk(), awaited, &text).await?;
    turn.apply(step).await
}

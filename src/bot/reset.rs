//! The password-reset steps, as the core has them ([`crate::chat::reset`]): each takes
//! its state's fields and the text, and the turn carries out the step.

use super::turn::{Text, Turn};
use super::HandlerResult;
use crate::chat::reset;
use crate::clock::Millis;
use crate::domain::Identifier;

pub async fn start(turn: &Turn) -> HandlerResult {
    turn.apply(reset::start()).await
}

pub async fn receive_identifier(turn: Turn, Text(text): Text) -> HandlerResult {
    let step = reset::receive_identifier(&turn.svc, &turn.talk(), &text).await?;
    turn.apply(step).await
}

/// "Send a new code" while the code is awaited.
pub async fn send_code(turn: &Turn, identifier: Identifier) -> HandlerResult {
    let step = reset::send_code(&turn.svc, &turn.talk(), identifier).await?;
    turn.apply(step).await
}

pub async fn receive_code(turn: Turn, identifier: Identifier, Text(text): Text) -> HandlerResult {
    let step = reset::receive_code(&turn.svc, &turn.talk(), identifier, &text).await?;
    turn.apply(step).await
}

pub async fn receive_new_password(
    turn: Turn,
    window: reset::Window,
    Text(text): Text,
) -> HandlerResult {
    let step = reset::receive_new_password(&turn.svc, &turn.talk(), window, &text).await?;
    turn.apply(step).await
}

pub async fn receive_confirmation(
    turn: Turn,
    window: (String, Millis, String, u32),
    Text(text): Text,
) -> HandlerResult {
    let step = reset::receive_confirmation(&turn.svc, &turn.talk(), window, &text).await?;
    turn.apply(step).await
}

//! The conversation without Telegram: where a chat stands ([`State`]), the buttons
//! ([`Button`]), what the bot says ([`Reply`], [`Keyboard`]), and the flows as step
//! functions: each takes the services, the [`Chat`] and the input, and returns a
//! [`Step`] (the next state and the replies). The bot's crate routes updates to them and
//! turns their replies into Telegram messages in one place.

/// The value of a `Result<T, Step>`, or else the step is the function's answer: for the
/// prologues that may end a turn (a settings session that ended, a press that fits no
/// step).
macro_rules! or_return {
    ($result:expr) => {
        match $result {
            Ok(value) => value,
            Err(step) => return Ok(step),
        }
    };
}

pub mod approvals;
pub mod button;
pub mod codes;
mod keyboard;
pub mod menu;
pub mod reply;
pub mod reset;
pub mod settings;
pub mod signin;
pub mod staff;
pub mod state;
pub mod support;
#[cfg(test)]
mod tests;

pub use button::{Button, MenuItem, Setting};
pub use reply::{Arg, Key, Keyboard, Line, Press, Reply, Step};
pub use state::State;

use crate::recovery::Actor;

/// The chat a step answers: its id and the language its user reads.
#[derive(Clone, Copy, Debug)]
pub struct Chat {
    pub id: i64,
    pub lang: &'static str,
}

impl Chat {
    /// The user of this chat, as the core audits them.
    pub fn actor(&self) -> Actor {
        Actor {
            chat_id: Some(self.id),
        }
    }
}

//! The staff chat without Telegram: a ticket's card ([`card`]), users' words quoted so
//! they cannot pass for the bot's ([`quote`]), and the agents' desk ([`Desk`]): each
//! command, answer or press returns its [`Work`], the effects for the bot to carry out
//! and the answer to the agent, as [`crate::chat::Reply`]s.

pub mod card;
mod desk;
mod orders;
pub mod quote;
mod reports;

pub use desk::{Desk, Effect, Place, Work, CHUNK};
pub use orders::{ticket_number, Order};
pub use reports::age;

#[cfg(test)]
mod tests;

//! Carrying out what the core's desk decided ([`Work`]): the ticket's user told in their
//! language, the card refreshed, the staff chat told, the user's chat resumed.

use super::staff::{self, staff_tr};
use super::{reply, ChatDialogue, State, Tg};
use crate::chat::staff::{Effect, Work};
use crate::chat::Reply;
use crate::recovery::Services;
use std::sync::Arc;
use teloxide::dispatching::dialogue::{Dialogue, ErasedStorage};
use teloxide::prelude::*;

pub(super) type Storage = Arc<ErasedStorage<State>>;

/// Carries out the work's effects in order (failures are logged) and returns what the
/// agent is answered.
pub(super) async fn carry_out(
    bot: &Tg,
    svc: &Services,
    storage: &Storage,
    work: Work,
) -> Option<Reply> {
    for effect in work.effects {
        match effect {
            Effect::Tell {
                chat,
                language,
                reply,
            } => {
                let tr = svc.translator(chat, language.as_deref());
                if let Err(error) = reply::send(bot, ChatId(chat), &reply, &tr).await {
                    tracing::warn!(chat, %error, "could not reach a ticket's user");
                }
            }
            Effect::Card(ticket) => staff::refresh_card(bot, svc, &ticket).await,
            Effect::Announce(ticket, reply) => {
                let text = super::render::text(&reply, &staff_tr(svc));
                staff::announce(bot, svc, &ticket, text).await;
            }
            Effect::Resume { chat, ticket } => resume(storage, chat, ticket).await,
        }
    }
    work.answer
}

/// A user who is not in any flow gets their next messages relayed again.
async fn resume(storage: &Storage, chat: i64, ticket: u64) {
    let dialogue: ChatDialogue = Dialogue::new(storage.clone(), ChatId(chat));
    if matches!(dialogue.get().await, Ok(None | Some(State::Idle))) {
        if let Err(error) = dialogue.update(State::SupportChat { ticket }).await {
            tracing::warn!(%error, "could not resume a user's support chat");
        }
    }
}

//! One update's context, as every chat handler needs it: where to answer, in which
//! language, the chat's dialogue, and the services. `schema()` builds it once per update,
//! so handlers take a [`Turn`] instead of the bot, the chat, the dialogue, the translator
//! and the services one by one.

use super::{reply, ChatDialogue, HandlerResult, State, Tg};
use crate::chat::{Chat, Reply, Step};
use crate::i18n::Tr;
use crate::recovery::{Actor, Services};
use teloxide::prelude::*;

#[derive(Clone)]
pub struct Turn {
    pub bot: Tg,
    pub chat: ChatId,
    pub dialogue: ChatDialogue,
    pub tr: Tr,
    pub svc: Services,
}

/// The text of a message, for the steps that read text (`schema()` answers anything else
/// with what the step expects).
#[derive(Clone)]
pub struct Text(pub String);

impl Turn {
    /// Saves the chat's next state.
    pub async fn set(&self, state: State) -> HandlerResult {
        super::set_state(&self.dialogue, state).await
    }

    /// Sends the core's `reply`, with its buttons if it has any.
    pub async fn reply(&self, reply: Reply) -> HandlerResult {
        reply::send(&self.bot, self.chat, &reply, &self.tr).await
    }

    /// Carries out a step of the core: saves the next state, then sends the replies.
    pub async fn apply(&self, step: Step) -> HandlerResult {
        self.set(step.next).await?;
        for reply in step.replies {
            self.reply(reply).await?;
        }
        Ok(())
    }

    /// The chat as the core's steps see it.
    pub fn talk(&self) -> Chat {
        Chat {
            id: self.chat.0,
            lang: self.tr.lang,
        }
    }

    /// The user of this chat, as the core audits them.
    pub fn actor(&self) -> Actor {
        self.talk().actor()
    }

    /// The same turn answered in another language (after /language).
    pub fn in_language(self, tr: Tr) -> Turn {
        Turn { tr, ..self }
    }
}

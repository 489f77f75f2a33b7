//! The whole conversation in one place.
//!
//! ```text
//! update ─┬─ message in a group ──────────────► menu::group_chat (refuse, point to a private chat)
//!         ├─ message ─ load dialogue + language
//!         │    ├─ /start /reset /help /language ───────► menu::command (any state)
//!         │    │  /pending /unlink /cancel
//!         │    ├─ other /command ──────────────────────► menu::unknown_command (state kept)
//!         │    ├─ Idle, OfferLink ─────────────────────► menu::idle (menu again)
//!         │    ├─ ResetIdentifier ─────────────────────► reset::receive_identifier
//!         │    ├─ ResetCode { identifier } ────────────► reset::receive_code
//!         │    ├─ ResetNewPassword { account_id, .. } ─► reset::receive_new_password
//!         │    └─ ResetConfirm { .. } ─────────────────► reset::receive_confirmation
//!         └─ callback query ─ load dialogue + language
//!              ├─ signed Approve / Deny (ch:…) ────────► approvals::press (any state)
//!              └─ anything else ───────────────────────► menu::callback (menu, language,
//!                                                         resend, link offer)
//! ```
//! Every state handler answers anything that is not text with what it expects, and keeps
//! the state; storage errors are logged and the user is told to try again.

use super::{approvals, menu, reply, reset, ChatDialogue, Command, State, Tg};
use crate::approvals::is_change_button;
use crate::i18n::{I18n, Tr};
use crate::store::Store;
use std::sync::Arc;
use teloxide::dispatching::dialogue::{Dialogue, ErasedStorage};
use teloxide::dispatching::{HandlerExt, UpdateFilterExt, UpdateHandler};
use teloxide::prelude::*;

pub fn schema() -> UpdateHandler<anyhow::Error> {
    let private_message = Update::filter_message()
        .filter(|msg: Message| msg.chat.is_private())
        .filter_map_async(load_dialogue)
        .map(|loaded: Loaded| loaded.dialogue)
        .map(|loaded: Loaded| loaded.state)
        .branch(
            dptree::entry()
                .filter_command::<Command>()
                .endpoint(menu::command),
        )
        .branch(
            dptree::filter(|msg: Message, state: State| {
                !state.reads_secrets() && msg.text().is_some_and(|t| t.starts_with('/'))
            })
            .endpoint(menu::unknown_command),
        )
        .branch(dptree::case![State::Idle].endpoint(menu::idle))
        .branch(dptree::case![State::OfferLink { account_id }].endpoint(menu::idle))
        .branch(dptree::case![State::ResetIdentifier].endpoint(reset::receive_identifier))
        .branch(dptree::case![State::ResetCode { identifier }].endpoint(reset::receive_code))
        .branch(
            dptree::case![State::ResetNewPassword {
                account_id,
                granted_at
            }]
            .endpoint(reset::receive_new_password),
        )
        .branch(
            dptree::case![State::ResetConfirm {
                account_id,
                granted_at,
                pending_hash
            }]
            .endpoint(reset::receive_confirmation),
        );

    let group_message = Update::filter_message().endpoint(menu::group_chat);

    let callback = Update::filter_callback_query()
        .filter_map_async(load_dialogue)
        .map(|loaded: Loaded| loaded.dialogue)
        .map(|loaded: Loaded| loaded.state)
        .branch(
            dptree::filter(|q: CallbackQuery| q.data.as_deref().is_some_and(is_change_button))
                .endpoint(approvals::press),
        )
        .endpoint(menu::callback);

    dptree::entry()
        .map(translator)
        .branch(private_message)
        .branch(group_message)
        .branch(callback)
}

/// A chat's dialogue and its current state, read once per update.
#[derive(Clone)]
struct Loaded {
    dialogue: ChatDialogue,
    state: State,
}

/// Like teloxide's `dialogue::enter`, but a storage error is logged and the user is told,
/// instead of the update vanishing silently.
async fn load_dialogue(
    upd: Update,
    storage: Arc<ErasedStorage<State>>,
    bot: Tg,
    tr: Tr,
) -> Option<Loaded> {
    let chat_id = upd.chat()?.id;
    let dialogue = Dialogue::new(storage, chat_id);
    match dialogue.get().await {
        Ok(state) => Some(Loaded {
            dialogue,
            state: state.unwrap_or_default(),
        }),
        Err(error) => {
            tracing::error!(chat = chat_id.0, %error, "cannot read the dialogue state");
            reply::say(&bot, chat_id, tr.t("error-storage")).await.ok();
            None
        }
    }
}

/// The user's language: the chat's choice, else Telegram's, else the default.
fn translator(upd: Update, store: Store, i18n: Arc<I18n>) -> Tr {
    let chosen = upd
        .chat()
        .and_then(|c| store.chat_language(c.id.0).ok().flatten());
    let telegram = upd.from().and_then(|u| u.language_code.clone());
    let lang = i18n.negotiate(chosen.as_deref(), telegram.as_deref());
    Tr::new(i18n, lang)
}

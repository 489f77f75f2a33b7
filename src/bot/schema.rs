//! The whole conversation in one place.
//!
//! ```text
//! update ─┬─ message in the staff chat ([support] chat_id)
//!         │    ├─ /tickets /take /reply /close /account /unlock /stats ─► agent::command
//!         │    └─ in a ticket's topic, or a reply to a ticket's message ─► agent::relay
//!         │       (anything else there falls through to the group branch)
//!         ├─ message in a private chat
//!         │    ├─ agent command (same list) ─────────────► agent::command (non-agents refused)
//!         │    └─ load dialogue + language
//!         │         ├─ /start /reset /settings /help ───────► menu::command (any state)
//!         │         │  /support /language /pending /unlink /cancel
//!         │         ├─ other /command ──────────────────────► menu::unknown_command (state kept)
//!         │         ├─ Idle, OfferLink ─────────────────────► menu::idle (menu again)
//!         │         ├─ SupportChat { ticket } ──────────────► support::relay (to the agents)
//!         │         ├─ Settings { session } ────────────────► settings::menu_text (menu again)
//!         │         ├─ not text ────────────────────────────► menu::not_text (say what the
//!         │         │                                           step expects, keep the state)
//!         │         └─ text (deleted first in the steps that read secrets), by state:
//!         │              ├─ ResetIdentifier ────────────────────► reset::receive_identifier
//!         │              ├─ ResetCode { identifier } ───────────► reset::receive_code
//!         │              ├─ ResetNewPassword { account_id, .. } ─► reset::receive_new_password
//!         │              ├─ ResetConfirm { .. } ────────────────► reset::receive_confirmation
//!         │              ├─ SupportDescribe ────────────────────► support::receive_description
//!         │              ├─ SignInIdentifier ───────────────────► signin::receive_identifier
//!         │              ├─ SignInPassword { identifier } ──────► signin::receive_password
//!         │              ├─ SignInCode { account_id, identifier } ─► signin::receive_code
//!         │              ├─ SettingsName { session } ───────────► settings::receive_name
//!         │              ├─ SettingsEmail, SettingsPhone ───────► settings::receive_contact
//!         │              ├─ SettingsVerify { session, contact } ─► settings::receive_contact_code
//!         │              ├─ SettingsPassword { session } ───────► settings::receive_password
//!         │              └─ SettingsConfirm { .. } ─────────────► settings::receive_confirmation
//!         ├─ message in a group ──────────────► menu::group_chat (refuse, point to a private chat)
//!         ├─ button Ticket { take, id } (`tk:…`) ──► agent::button (staff chat, agents only)
//!         └─ callback query ─ load dialogue + language
//!              ├─ button Change (signed `ch:…`) ─────► approvals::press (any state)
//!              ├─ button Setting::Resend, SignInCode ► signin::resend
//!              ├─ button Setting (`set:…`) ──────────► settings::button (signed-in states)
//!              ├─ button Link, in a settings session ► settings::link_button
//!              ├─ buttons Menu, Cancel, Language, ───► menu::button (the menu, language,
//!              │  ResendReset, Link (after a reset)      resend, link offer, support)
//!              └─ data the bot never wrote ──────────► menu::expired ("button expired")
//! ```
//! Handlers take one [`Turn`] (bot, chat, dialogue, language, services); the text steps get
//! their [`Text`]. Each chat step is a function of the core ([`crate::chat`]) that returns
//! a [`crate::chat::Step`]: the next state and the replies, which [`Turn::apply`] saves
//! and sends (rendered in `bot::render`, the one place a reply becomes Telegram). Storage
//! errors are logged and the user is told to try again. Agent commands are answered in
//! the chat (and topic) they came from.

use super::staff::is_forum;
use super::turn::{Text, Turn};
use super::{
    agent, approvals, menu, reply, reset, settings, signin, support, AgentCommand, ChatDialogue,
    Command, State, Tg,
};
use crate::chat::{Button, Setting};
use crate::i18n::Tr;
use crate::recovery::Services;
use std::sync::Arc;
use teloxide::dispatching::dialogue::{Dialogue, ErasedStorage};
use teloxide::dispatching::{HandlerExt, UpdateFilterExt, UpdateHandler};
use teloxide::prelude::*;

pub fn schema() -> UpdateHandler<anyhow::Error> {
    let agent_command = || {
        dptree::entry()
            .filter_command::<AgentCommand>()
            .endpoint(agent::command)
    };

    let staff_message = Update::filter_message()
        .filter(staff_chat)
        .branch(agent_command())
        .branch(dptree::filter_map(agent::ticket_of).endpoint(agent::relay));

    // Steps that read text get it as `Text`; a message that carries a secret is deleted
    // before its step reads it.
    let text_steps = dptree::filter_map(|msg: Message| msg.text().map(|t| Text(t.to_owned())))
        .inspect_async(delete_secret)
        .branch(dptree::case![State::ResetIdentifier].endpoint(reset::receive_identifier))
        .branch(dptree::case![State::ResetCode { identifier }].endpoint(reset::receive_code))
        .branch(
            dptree::case![State::ResetNewPassword {
                account_id,
                granted_at,
                attempts
            }]
            .endpoint(reset::receive_new_password),
        )
        .branch(
            dptree::case![State::ResetConfirm {
                account_id,
                granted_at,
                pending_hash,
                attempts
            }]
            .endpoint(reset::receive_confirmation),
        )
        .branch(dptree::case![State::SupportDescribe].endpoint(support::receive_description))
        .branch(dptree::case![State::SignInIdentifier].endpoint(signin::receive_identifier))
        .branch(
            dptree::case![State::SignInPassword { identifier }].endpoint(signin::receive_password),
        )
        .branch(
            dptree::case![State::SignInCode {
                account_id,
                identifier
            }]
            .endpoint(signin::receive_code),
        )
        .branch(dptree::case![State::SettingsName { session }].endpoint(settings::receive_name))
        .branch(
            dptree::filter(|state: State| {
                matches!(
                    state,
                    State::SettingsEmail { .. } | State::SettingsPhone { .. }
                )
            })
            .endpoint(settings::receive_contact),
        )
        .branch(
            dptree::case![State::SettingsVerify { session, contact }]
                .endpoint(settings::receive_contact_code),
        )
        .branch(
            dptree::case![State::SettingsPassword { session }].endpoint(settings::receive_password),
        )
        .branch(
            dptree::case![State::SettingsConfirm {
                session,
                pending_hash
            }]
            .endpoint(settings::receive_confirmation),
        );

    let dialogue_message = dptree::entry()
        .filter_map_async(load_dialogue)
        .map(|loaded: Loaded| loaded.state)
        .map(turn)
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
        .branch(dptree::case![State::SupportChat { ticket }].endpoint(support::relay))
        .branch(dptree::case![State::Settings { session }].endpoint(settings::menu_text))
        .branch(text_steps)
        .endpoint(menu::not_text);

    let private_message = Update::filter_message()
        .filter(|msg: Message| msg.chat.is_private())
        .branch(agent_command())
        .branch(dialogue_message);

    let group_message = Update::filter_message().endpoint(menu::group_chat);

    let staff_button = Update::filter_callback_query()
        .filter_map(pressed)
        .branch(dptree::case![Button::Ticket { take, id }].endpoint(agent::button));

    let button = Update::filter_callback_query()
        .filter_map_async(load_dialogue)
        .map(|loaded: Loaded| loaded.state)
        .map(turn)
        .branch(
            dptree::filter_map(pressed)
                .branch(dptree::case![Button::Change(data)].endpoint(approvals::press))
                .branch(
                    dptree::filter(|button: Button| button == Button::Setting(Setting::Resend))
                        .branch(
                            dptree::case![State::SignInCode {
                                account_id,
                                identifier
                            }]
                            .endpoint(signin::resend),
                        ),
                )
                .branch(dptree::case![Button::Setting(setting)].endpoint(settings::button))
                .branch(
                    dptree::case![Button::Link(yes)]
                        .filter(|state: State| state.session().is_some())
                        .endpoint(settings::link_button),
                )
                .endpoint(menu::button),
        )
        .endpoint(menu::expired);

    dptree::entry()
        .map(translator)
        .branch(staff_message)
        .branch(private_message)
        .branch(group_message)
        .branch(staff_button)
        .branch(button)
}

/// The button a callback query's data names; `None` for data the bot never wrote.
fn pressed(q: CallbackQuery) -> Option<Button> {
    q.data.as_deref().and_then(Button::parse)
}

/// True for messages in the staff chat; also notes whether it has topics, so that
/// tickets get topics exactly when the chat is a forum.
fn staff_chat(msg: Message, svc: Services) -> bool {
    if svc.staff_chat() != Some(msg.chat.id.0) {
        return false;
    }
    let forum = is_forum(&msg.chat);
    if svc.support().staff_chat_has_topics(msg.chat.id.0) != Some(forum) {
        if let Err(error) = svc.support().note_staff_chat_topics(msg.chat.id.0, forum) {
            tracing::warn!(%error, "could not note whether the staff chat has topics");
        }
    }
    true
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

/// The turn's context for the chat handlers (see [`Turn`]).
fn turn(loaded: Loaded, bot: Tg, tr: Tr, svc: Services) -> Turn {
    Turn {
        chat: loaded.dialogue.chat_id(),
        dialogue: loaded.dialogue,
        bot,
        tr,
        svc,
    }
}

/// In the steps that read a code or a password, the message is deleted before anything
/// else happens to it.
async fn delete_secret(turn: Turn, msg: Message, state: State) {
    if state.reads_secrets() {
        reply::delete_secret(&turn.bot, turn.chat, msg.id).await;
    }
}

/// The user's language: the chat's choice, else Telegram's, else the default.
fn translator(upd: Update, svc: Services) -> Tr {
    let telegram = upd.from().and_then(|u| u.language_code.as_deref());
    svc.translator(upd.chat().map(|c| c.id.0), telegram)
}

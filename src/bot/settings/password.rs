//! A new password from the settings: the reset's policy, typed twice, messages deleted;
//! at most `security.password_attempts` new passwords per session.

use super::{read_secret, saved};
use crate::bot::reply;
use crate::bot::reset::{ask_confirmation, refusal_text};
use crate::bot::{ChatDialogue, HandlerResult, State, Tg};
use crate::i18n::Tr;
use crate::recovery::{Actor, Services};
use crate::settings::edit::Edit;
use crate::settings::Session;
use teloxide::prelude::*;

pub async fn receive_password(
    bot: Tg,
    msg: Message,
    dialogue: ChatDialogue,
    session: Session,
    tr: Tr,
    svc: Services,
) -> HandlerResult {
    let chat = msg.chat.id;
    let step = |session| State::SettingsPassword { session };
    let read = read_secret(&bot, &msg, &dialogue, &session, step, &tr, &svc).await?;
    let Some((mut session, text)) = read else {
        return Ok(());
    };
    let actor = Actor {
        chat_id: Some(chat.0),
    };
    session.password_attempts += 1;
    match svc
        .choose_password(&session.account_id, &text, actor)
        .await?
    {
        Ok(pending_hash) => {
            let next = State::SettingsConfirm {
                session,
                pending_hash,
            };
            ask_confirmation(&bot, chat, &dialogue, next, &tr).await
        }
        Err(refusal) => {
            let refused = refusal_text(refusal, &tr);
            again_or_end(&bot, chat, &dialogue, session, refused, &tr, &svc).await
        }
    }
}

/// After a refused or unconfirmed password: the password step again, or, once
/// `security.password_attempts` passwords were checked in this session, the end of the
/// session (signing in again starts a new one).
async fn again_or_end(
    bot: &Tg,
    chat: ChatId,
    dialogue: &ChatDialogue,
    session: Session,
    refused: String,
    tr: &Tr,
    svc: &Services,
) -> HandlerResult {
    let actor = Actor {
        chat_id: Some(chat.0),
    };
    let attempts = session.password_attempts;
    if svc.password_attempts_exhausted(&session.account_id, attempts, "settings", actor) {
        svc.end_session(&session, chat.0, "password_attempts");
        crate::bot::set_state(dialogue, State::Idle).await?;
        let text = format!("{refused}\n\n{}", tr.t("password-attempts-settings"));
        let menu = reply::main_menu(tr, svc.support_enabled());
        return reply::say_with(bot, chat, text, menu).await;
    }
    crate::bot::set_state(dialogue, State::SettingsPassword { session }).await?;
    reply::say(bot, chat, refused).await
}

pub async fn receive_confirmation(
    bot: Tg,
    msg: Message,
    dialogue: ChatDialogue,
    (session, pending_hash): (Session, String),
    tr: Tr,
    svc: Services,
) -> HandlerResult {
    let chat = msg.chat.id;
    let hash = pending_hash.clone();
    let step = |session| State::SettingsConfirm {
        session,
        pending_hash: hash,
    };
    let read = read_secret(&bot, &msg, &dialogue, &session, step, &tr, &svc).await?;
    let Some((session, text)) = read else {
        return Ok(());
    };
    let actor = Actor {
        chat_id: Some(chat.0),
    };
    if svc
        .confirmation_matches(&session.account_id, &pending_hash, &text, actor)
        .await?
    {
        let edit = Edit::Password(pending_hash);
        return saved(&bot, chat, &dialogue, session, edit, &tr, &svc).await;
    }
    let mismatch = tr.t("password-mismatch");
    again_or_end(&bot, chat, &dialogue, session, mismatch, &tr, &svc).await
}

//! A new password from the settings: the reset's policy, typed twice, messages deleted.

use super::{live, not_text, saved};
use crate::bot::reply;
use crate::bot::reset::refusal_text;
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
    if msg.text().is_some() {
        reply::delete_secret(&bot, chat, msg.id).await;
    }
    let Some(session) = live(&bot, chat, &dialogue, &session, &tr, &svc).await? else {
        return Ok(());
    };
    let Some(text) = msg.text() else {
        return not_text(
            &bot,
            chat,
            &dialogue,
            State::SettingsPassword { session },
            &tr,
        )
        .await;
    };
    let actor = Actor {
        chat_id: Some(chat.0),
    };
    match svc
        .choose_password(&session.account_id, text, actor)
        .await?
    {
        Ok(pending_hash) => {
            let next = State::SettingsConfirm {
                session,
                pending_hash,
            };
            crate::bot::set_state(&dialogue, next).await?;
            reply::say_with(
                &bot,
                chat,
                tr.t("password-confirm"),
                reply::cancel_only(&tr),
            )
            .await
        }
        Err(refusal) => {
            crate::bot::set_state(&dialogue, State::SettingsPassword { session }).await?;
            reply::say(&bot, chat, refusal_text(refusal, &tr)).await
        }
    }
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
    if msg.text().is_some() {
        reply::delete_secret(&bot, chat, msg.id).await;
    }
    let Some(session) = live(&bot, chat, &dialogue, &session, &tr, &svc).await? else {
        return Ok(());
    };
    let Some(text) = msg.text() else {
        let state = State::SettingsConfirm {
            session,
            pending_hash,
        };
        return not_text(&bot, chat, &dialogue, state, &tr).await;
    };
    let actor = Actor {
        chat_id: Some(chat.0),
    };
    if svc
        .confirmation_matches(&session.account_id, &pending_hash, text, actor)
        .await?
    {
        let edit = Edit::Password(pending_hash);
        return saved(&bot, chat, &dialogue, session, edit, &tr, &svc).await;
    }
    crate::bot::set_state(&dialogue, State::SettingsPassword { session }).await?;
    reply::say(&bot, chat, tr.t("password-mismatch")).await
}

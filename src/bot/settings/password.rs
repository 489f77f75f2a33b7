//! A new password from the settings: the reset's policy, typed twice, messages deleted.

use super::{read_secret, saved};
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
    let step = |session| State::SettingsPassword { session };
    let read = read_secret(&bot, &msg, &dialogue, &session, step, &tr, &svc).await?;
    let Some((session, text)) = read else {
        return Ok(());
    };
    let actor = Actor {
        chat_id: Some(chat.0),
    };
    match svc
        .choose_password(&session.account_id, &text, actor)
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
    crate::bot::set_state(&dialogue, State::SettingsPassword { session }).await?;
    reply::say(&bot, chat, tr.t("password-mismatch")).await
}

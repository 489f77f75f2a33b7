//! What the bot does with an update [`super::dispatch`] dropped: it is counted
//! (`updates_dropped_total`); the first drop of a user's flooding episode is audited and
//! answered, in the user's language, with one notice to slow down. Nothing here runs on
//! the update loop but the count: the rest is a task of its own.

use std::sync::Arc;

use teloxide::types::{ChatId, Update};

use super::dispatch::{DropReason, Dropped, OnDrop};
use super::outbound::Tg;
use super::reply;
use crate::chat::menu;
use crate::recovery::Services;

/// The hook for [`super::dispatch::Dispatch::limit_inbound`].
pub fn on_drop(bot: Tg, svc: Services) -> OnDrop {
    Arc::new(move |dropped: Dropped| {
        svc.metrics().updates_dropped.inc();
        if !dropped.first_of_episode {
            return;
        }
        let (bot, svc) = (bot.clone(), svc.clone());
        tokio::spawn(async move { flooding(&bot, &svc, &dropped.update, dropped.reason).await });
    })
}

async fn flooding(bot: &Tg, svc: &Services, update: &Update, reason: DropReason) {
    let user = update.from();
    let chat = update.chat().map(|c| c.id.0);
    tracing::warn!(chat, ?reason, "a user is flooding the bot; updates dropped");
    let who = (user.map(|u| u.id.0), chat);
    let notice = menu::slow_down(svc, who, reason == DropReason::QueueFull);
    let Some(chat) = chat else {
        return;
    };
    let tr = svc.translator(chat, user.and_then(|u| u.language_code.as_deref()));
    if let Err(error) = reply::send(bot, ChatId(chat), &notice, &tr).await {
        tracing::warn!(chat, %error, "could not send the slow-down notice");
    }
}

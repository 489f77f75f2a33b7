//! Serving: the command menu registered, the background loops started, updates taken by
//! long polling or the webhook until a stop, then everything drained and flushed.

use super::{App, Updates};
use crate::bot::dispatch::UPDATE_KINDS;
use crate::bot::{AgentCommand, Command, Tg};
use crate::recovery::Services;
use crate::shutdown::{finish_within, Served};
use anyhow::Context;
use secrecy::ExposeSecret;
use std::sync::Arc;
use std::time::Duration;
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, Recipient};

impl App {
    /// Registers the command menu in every language, then serves updates until shut down.
    pub async fn run(self) -> anyhow::Result<()> {
        // Who the bot is, for commands addressed to it in groups (`/start@name`), and the
        // command menu. Telegram is asked with retries (`[telegram] retry_for_secs`); a bot
        // that cannot learn who it is does not start, and a stop asked for meanwhile is
        // taken at once: nothing was served, so there is nothing to finish.
        let mut stopping = self.stopping.clone();
        let polling = matches!(self.updates, Updates::Polling(_));
        let starting = async {
            let me = self
                .bot
                .get_me()
                .await
                .context("Telegram did not answer getMe")?;
            if let Err(error) = register_commands(&self.bot, &self.services).await {
                tracing::warn!(error = %format!("{error:#}"), "could not register the command menu");
            }
            if polling {
                drop_webhook_if_set(&self.bot).await;
            }
            anyhow::Ok(me)
        };
        let me = tokio::select! {
            me = starting => me?,
            () = signalled(&mut stopping) => {
                tracing::info!("stopped while starting, before serving any update");
                return close(&self.services, Duration::ZERO).await;
            }
        };
        self.services.introduce(me.username());
        let pusher = tokio::spawn(crate::bot::approvals::push_loop(
            self.bot.clone(),
            self.services.clone(),
        ));
        let maintenance = tokio::spawn(crate::maintenance::run(
            self.services.store().clone(),
            self.services.config().clone(),
            self.services.clock().clone(),
        ));
        let api = self.api.map(|(listener, token)| {
            tracing::info!(address = ?listener.local_addr().ok(), "the operator listener is up");
            let public = self.services.config().api.is_public();
            let router = crate::api::router(self.services.clone(), token, public);
            Served::spawn(listener, router, "the operator listener")
        });
        let grace = self.services.config().telegram.shutdown_grace;
        // The grace period starts only when a signal asked to stop.
        let grace_over = async move {
            signalled(&mut stopping).await;
            tokio::time::sleep(grace).await;
        };
        let listener_errors = LoggingErrorHandler::with_custom_text("could not get updates");
        let finished = match self.updates {
            Updates::Polling(listener) => {
                tracing::info!("recovery-bot is serving updates (long polling)");
                let dispatch = self
                    .dispatch
                    .run(self.bot.inner(), me, listener, listener_errors);
                finish_within(dispatch, grace_over).await
            }
            Updates::Webhook {
                listener,
                url,
                secret,
                stop,
            } => {
                let store = &self.services.store();
                let settings = crate::webhook::Settings {
                    path: url.path(),
                    secret: &secret,
                    key: self.services.secret().clone(),
                    inbox: store.inbox(self.services.secret())?,
                    capacity: self.services.config().telegram.webhook_inbox,
                    flush: store.group_flush(),
                    metrics: self.services.metrics().clone(),
                };
                let (router, updates, kept) = crate::webhook::endpoint(settings, stop)?;
                let server = Served::spawn(listener, router, "the webhook server");
                self.bot
                    .set_webhook(url.clone())
                    .secret_token(secret.expose_secret().to_owned())
                    .allowed_updates(UPDATE_KINDS)
                    .await
                    .context("could not set the webhook")?;
                tracing::info!(url = %url.origin().ascii_serialization(), "recovery-bot is serving updates (webhook)");
                let dispatch = self
                    .dispatch
                    .when_done(Arc::new(move |id| kept.done(id)))
                    .run(self.bot.inner(), me, updates, listener_errors);
                let finished = finish_within(dispatch, grace_over).await;
                server.stop().await;
                finished
            }
        };
        if finished {
            tracing::info!("recovery-bot stopped taking updates");
        } else {
            tracing::warn!(
                grace_secs = grace.as_secs(),
                "updates still in flight after the grace period; stopping anyway"
            );
        }
        // Background loops end before the flush, and let go of the store.
        pusher.abort();
        let _ = pusher.await;
        maintenance.abort();
        let _ = maintenance.await;
        if let Some(api) = api {
            api.stop().await;
        }
        close(&self.services, grace).await
    }
}

/// Resolves once a signal asked to stop. Without signal handling (the demo, tests) the
/// sender is gone from the start: that is no stop, and this never resolves.
async fn signalled(stopping: &mut tokio::sync::watch::Receiver<bool>) {
    if stopping.wait_for(|s| *s).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// The end of a run: deliveries get `grace` to leave the queue, and the store is flushed.
async fn close(services: &Services, grace: Duration) -> anyhow::Result<()> {
    if !services.deliveries().drain(grace).await {
        tracing::warn!("e-mails or SMS still queued at shutdown");
    }
    services
        .store()
        .flush()
        .await
        .context("final flush of the store")?;
    tracing::info!("store flushed; bye");
    Ok(())
}

/// Long polling and a webhook exclude each other; a webhook left over is removed.
async fn drop_webhook_if_set(bot: &Tg) {
    match bot.get_webhook_info().await {
        Ok(info) if info.url.is_some() => {
            if let Err(error) = bot.delete_webhook().await {
                tracing::error!(%error, "could not remove the webhook");
            }
        }
        Ok(_) => {}
        Err(error) => tracing::warn!(%error, "could not read the webhook settings"),
    }
}

async fn register_commands(bot: &Tg, svc: &Services) -> anyhow::Result<()> {
    let support = svc.support_enabled();
    let commands = |lang: &str| {
        Command::MENU
            .iter()
            .filter(|(name, _)| support || *name != "support")
            .map(|(name, key)| BotCommand::new(*name, svc.i18n().text(lang, key, &[])))
            .collect::<Vec<_>>()
    };
    bot.set_my_commands(commands(svc.i18n().default_language()))
        .await?;
    for lang in crate::i18n::LANGUAGES {
        bot.set_my_commands(commands(lang))
            .language_code(*lang)
            .await?;
    }
    if let Some(chat) = svc.staff_chat() {
        let lang = svc.i18n().default_language();
        let staff = AgentCommand::MENU
            .iter()
            .map(|(name, key)| BotCommand::new(*name, svc.i18n().text(lang, key, &[])))
            .collect::<Vec<_>>();
        let scope = BotCommandScope::Chat {
            chat_id: Recipient::Id(ChatId(chat)),
        };
        if let Err(error) = bot.set_my_commands(staff).scope(scope).await {
            tracing::warn!(%error, "could not register the staff chat's command menu");
        }
    }
    Ok(())
}

//! The one builder shared by `run`, `demo` and the integration tests: config and secrets
//! in, a running bot out. Tests override only paths, URLs and the clock.

use crate::bot::{schema::schema, AgentCommand, Command, State, Tg};
use crate::clock::SharedClock;
use crate::config::Config;
use crate::crypto::{PasswordHashing, Secret};
use crate::delivery::Deliveries;
use crate::i18n::I18n;
use crate::recovery::Services;
use crate::store::{dialogues::SledDialogues, Store};
use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};
use std::sync::Arc;
use std::time::Duration;
use teloxide::adaptors::throttle::Limits;
use teloxide::dispatching::dialogue::{ErasedStorage, Storage};
use teloxide::dispatching::{DefaultKey, Dispatcher};
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::stop::StopToken;
use teloxide::types::{BotCommand, BotCommandScope, Recipient};
use teloxide::update_listeners::{Polling, UpdateListener};

pub struct App {
    pub services: Services,
    bot: Tg,
    dispatcher: Dispatcher<Tg, anyhow::Error, DefaultKey>,
    listener: Polling<Tg>,
    stop: StopToken,
    api: Option<(tokio::net::TcpListener, SecretString)>,
}

/// What `App::build` needs besides the config.
#[derive(Clone)]
pub struct Launch {
    pub token: SecretString,
    pub secret: Secret,
    /// The Bot API base URL; None means Telegram's.
    pub api_url: Option<reqwest::Url>,
    pub clock: SharedClock,
    /// The operator API's bearer token; without one the API stays off.
    pub api_token: Option<SecretString>,
    /// Stop on Ctrl-C and SIGTERM (the real bot); tests stop through [`App::stop_token`].
    pub signals: bool,
}

impl App {
    pub async fn build(config: Config, launch: Launch) -> anyhow::Result<App> {
        let store = Store::open(&config.store.path, config.store.cache_capacity_mib)?;
        let s = &config.security;
        let hashing = PasswordHashing::new(
            s.argon2_memory_kib,
            s.argon2_iterations,
            s.argon2_parallelism,
            s.hashing_concurrency,
        )?;
        let i18n = I18n::new(&config.locales.default)?;
        let deliveries =
            Deliveries::start(&config, store.clone(), &launch.secret, launch.clock.clone())?;
        let limits = Limits {
            messages_per_sec_chat: config.telegram.messages_per_sec_chat,
            messages_per_min_chat: config.telegram.messages_per_min_chat,
            messages_per_min_channel_or_supergroup: config.telegram.messages_per_min_chat,
            messages_per_sec_overall: config.telegram.messages_per_sec_overall,
        };
        let mut bot = Bot::new(launch.token.expose_secret());
        if let Some(url) = launch.api_url {
            bot = bot.set_api_url(url);
        }
        let bot = bot.throttle(limits);
        let services = Services {
            config: Arc::new(config),
            store: store.clone(),
            secret: launch.secret,
            hashing,
            deliveries,
            clock: launch.clock,
            i18n: i18n.clone(),
            changes_waker: Arc::new(tokio::sync::Notify::new()),
        };
        let api = match (&launch.api_token, services.config.api.listen.as_str()) {
            (Some(token), listen) if !listen.is_empty() => {
                let listener = tokio::net::TcpListener::bind(listen)
                    .await
                    .with_context(|| format!("api.listen: cannot listen on {listen}"))?;
                Some((listener, token.clone()))
            }
            _ => None,
        };
        let storage: Arc<ErasedStorage<State>> = SledDialogues::<State>::new(&store).erase();
        let builder = Dispatcher::builder(bot.clone(), crate::bot::failures::answered(schema()))
            .dependencies(dptree::deps![services.clone(), store, i18n, storage])
            .default_handler(|update| async move {
                tracing::debug!(update = update.id.0, "update not handled");
            })
            .error_handler(LoggingErrorHandler::with_custom_text("a handler failed"));
        // Stopping goes through the polling listener's token: the stream ends, in-flight
        // updates finish, and `run` returns. (The dispatcher's own shutdown token can miss
        // its wake-up when it arrives between two polls.)
        let mut listener = Polling::builder(bot.clone())
            .timeout(Duration::from_secs(10))
            .build();
        let stop = listener.stop_token();
        if launch.signals {
            tokio::spawn(stop_on_signals(stop.clone()));
        }
        Ok(App {
            services,
            bot,
            dispatcher: builder.build(),
            listener,
            stop,
            api,
        })
    }

    /// Where the operator API listens, when it is on.
    pub fn api_addr(&self) -> Option<std::net::SocketAddr> {
        self.api.as_ref().and_then(|(l, _)| l.local_addr().ok())
    }

    /// Stops the bot: no new updates are taken, updates in flight are finished.
    pub fn stop_token(&self) -> StopToken {
        self.stop.clone()
    }

    /// Registers the command menu in every language, then serves updates until shut down.
    pub async fn run(mut self) -> anyhow::Result<()> {
        if let Err(error) = register_commands(&self.bot, &self.services).await {
            tracing::warn!(error = %format!("{error:#}"), "could not register the command menu");
        }
        drop_webhook_if_set(&self.bot).await;
        let pusher = tokio::spawn(crate::bot::approvals::push_loop(
            self.bot.clone(),
            self.services.clone(),
        ));
        let api = self.api.map(|(listener, token)| {
            tracing::info!(address = ?listener.local_addr().ok(), "the operator API is listening");
            tokio::spawn(crate::api::serve(listener, self.services.clone(), token))
        });
        tracing::info!("recovery-bot is serving updates");
        let listener_errors = LoggingErrorHandler::with_custom_text("could not get updates");
        self.dispatcher
            .dispatch_with_listener(self.listener, listener_errors)
            .await;
        tracing::info!("recovery-bot stopped taking updates");
        pusher.abort();
        if let Some(api) = api {
            api.abort();
        }
        self.services
            .store
            .flush()
            .await
            .context("final flush of the store")?;
        Ok(())
    }
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

async fn stop_on_signals(stop: StopToken) {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(error) => {
                    tracing::warn!(%error, "cannot listen for SIGTERM");
                    let _ = ctrl_c.await;
                    stop.stop();
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
    tracing::info!("stopping: finishing the updates in flight");
    stop.stop();
}

async fn register_commands(bot: &Tg, svc: &Services) -> anyhow::Result<()> {
    let support = svc.support_enabled();
    let commands = |lang: &str| {
        Command::MENU
            .iter()
            .filter(|(name, _)| support || *name != "support")
            .map(|(name, key)| BotCommand::new(*name, svc.i18n.text(lang, key, &[])))
            .collect::<Vec<_>>()
    };
    bot.set_my_commands(commands(svc.i18n.default_language()))
        .await?;
    for lang in crate::i18n::LANGUAGES {
        bot.set_my_commands(commands(lang))
            .language_code(*lang)
            .await?;
    }
    if let Some(chat) = svc.staff_chat() {
        let lang = svc.i18n.default_language();
        let staff = AgentCommand::MENU
            .iter()
            .map(|(name, key)| BotCommand::new(*name, svc.i18n.text(lang, key, &[])))
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

//! The one builder shared by `run`, `demo` and the integration tests: config and secrets
//! in, a running bot out. Tests override only paths, URLs and the clock.

use crate::bot::dialogues::SledDialogues;
use crate::bot::dispatch::{Dispatch, UPDATE_KINDS};
use crate::bot::failures::CountingErrors;
use crate::bot::limits::{Rules, SendLimits};
use crate::bot::{schema::schema, AgentCommand, Command, State, Tg};
use crate::clock::SharedClock;
use crate::config::{Config, TelegramMode};
use crate::crypto::Secret;
use crate::delivery::Deliveries;
use crate::hashing::PasswordHashing;
use crate::i18n::I18n;
use crate::metrics::Metrics;
use crate::recovery::Services;
use crate::shutdown::{finish_within, stop_on_signals, Served};
use crate::store::Store;
use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};
use std::sync::Arc;
use std::time::Duration;
use teloxide::dispatching::dialogue::{ErasedStorage, Storage};
use teloxide::dispatching::DpHandlerDescription;
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::stop::{mk_stop_token, StopFlag, StopToken};
use teloxide::types::{BotCommand, BotCommandScope, Recipient};
use teloxide::update_listeners::{Polling, UpdateListener};
use tokio::net::TcpListener;

pub struct App {
    pub services: Services,
    bot: Tg,
    dispatch: Dispatch,
    updates: Updates,
    stop: StopToken,
    /// Turns true when a signal asked to stop (starts the grace period).
    stopping: tokio::sync::watch::Receiver<bool>,
    /// The operator listener and the API's bearer token (without one only health and
    /// metrics are served).
    api: Option<(TcpListener, Option<SecretString>)>,
}

/// Where updates come from.
enum Updates {
    Polling(Polling<Bot>),
    Webhook {
        listener: TcpListener,
        url: reqwest::Url,
        secret: SecretString,
        stop: (StopToken, StopFlag),
    },
}

/// What `App::build` needs besides the config.
#[derive(Clone)]
pub struct Launch {
    pub token: SecretString,
    pub secret: Secret,
    /// The Bot API base URL; None means Telegram's.
    pub api_url: Option<reqwest::Url>,
    pub clock: SharedClock,
    /// The operator API's bearer token; without one only /healthz and /metrics are served.
    pub api_token: Option<SecretString>,
    /// The webhook's secret token (webhook mode only).
    pub webhook_secret: Option<SecretString>,
    /// Stop on Ctrl-C and SIGTERM (the real bot); tests stop through [`App::stop_token`].
    pub signals: bool,
}

impl App {
    pub async fn build(config: Config, launch: Launch) -> anyhow::Result<App> {
        let store = Store::open(&config.store.path, config.store.cache_capacity_mib)?;
        let s = &config.security;
        let hashing = PasswordHashing::new(s.argon2_params()?, s.hashing_threads())?;
        let i18n = I18n::new(&config.locales.default)?;
        let metrics = Arc::new(Metrics::new());
        let deliveries = Deliveries::start(
            &config,
            store.clone(),
            &launch.secret,
            launch.clock.clone(),
            metrics.clone(),
        )?;
        let limits = SendLimits::new(Rules {
            per_chat_sec: config.telegram.messages_per_sec_chat,
            per_group_min: config.telegram.messages_per_min_chat,
            overall_sec: config.telegram.messages_per_sec_overall,
        });
        let mut bot = Bot::new(launch.token.expose_secret());
        if let Some(url) = launch.api_url {
            bot = bot.set_api_url(url);
        }
        let retry_for = Duration::from_secs(config.telegram.retry_for_secs);
        let plain = bot.clone();
        let bot = Tg::new(plain.clone(), limits, retry_for, store.group_flush());
        let services = Services {
            config: Arc::new(config),
            store: store.clone(),
            secret: launch.secret,
            hashing,
            deliveries,
            clock: launch.clock,
            i18n: i18n.clone(),
            changes_waker: Arc::new(tokio::sync::Notify::new()),
            metrics: metrics.clone(),
        };
        let api = match services.config.api.address()? {
            None => None,
            Some(listen) => Some((bind("api.listen", listen).await?, launch.api_token.clone())),
        };
        let storage: Arc<ErasedStorage<State>> = SledDialogues::<State>::new(&store).erase();
        // Every update is counted, and its handler can reach the metrics (see `metrics::count`).
        let counted = dptree::from_fn_with_description(
            <DpHandlerDescription as dptree::HandlerDescription>::entry(),
            move |deps, cont| {
                let metrics = metrics.clone();
                async move {
                    metrics.updates.inc();
                    crate::metrics::scope(metrics, cont(deps)).await
                }
            },
            dptree::HandlerSignature::Entry,
        );
        // Then the guard: no update twice, writes flushed after each (see `bot::repeats`);
        // a handler's error is answered to the user (see `bot::failures`).
        let handler = counted.chain(crate::bot::repeats::guard(crate::bot::failures::answered(
            schema(),
        )));
        let dispatch = Dispatch::new(
            handler,
            dptree::deps![services.clone(), store, storage, bot.clone()],
            Arc::new(CountingErrors(services.metrics.clone())),
        )
        .limit_inbound(
            crate::bot::inbound::InboundRules {
                burst: services.config.telegram.updates_burst,
                per_min: services.config.telegram.updates_per_min,
            },
            crate::bot::flood::on_drop(bot.clone(), services.clone()),
        );
        // Stopping goes through the update listener's token: the stream ends, in-flight
        // updates finish, and `run` returns.
        let telegram = &services.config.telegram;
        let (updates, stop) = match telegram.mode {
            TelegramMode::Polling => {
                let mut listener = Polling::builder(plain.clone())
                    .timeout(Duration::from_secs(10))
                    .build();
                let stop = listener.stop_token();
                (Updates::Polling(listener), stop)
            }
            TelegramMode::Webhook => {
                let secret = launch
                    .webhook_secret
                    .clone()
                    .context("webhook mode needs the webhook's secret token")?;
                crate::config::check_webhook_secret(secret.expose_secret())?;
                let url = telegram.webhook_url()?.clone();
                let listener = bind("telegram.webhook_listen", telegram.webhook_listen()?).await?;
                let (stop, flag) = mk_stop_token();
                let updates = Updates::Webhook {
                    listener,
                    url,
                    secret,
                    stop: (stop.clone(), flag),
                };
                (updates, stop)
            }
        };
        let (stopping_tx, stopping) = tokio::sync::watch::channel(false);
        if launch.signals {
            tokio::spawn(stop_on_signals(stop.clone(), stopping_tx));
        }
        Ok(App {
            services,
            bot,
            dispatch,
            updates,
            stop,
            stopping,
            api,
        })
    }

    /// Where the webhook server listens (webhook mode).
    pub fn webhook_addr(&self) -> Option<std::net::SocketAddr> {
        match &self.updates {
            Updates::Webhook { listener, .. } => listener.local_addr().ok(),
            Updates::Polling(_) => None,
        }
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
    pub async fn run(self) -> anyhow::Result<()> {
        // Who the bot is, for commands addressed to it in groups (`/start@name`). Telegram
        // is asked with retries; a bot that cannot learn it does not start.
        let me = self
            .bot
            .get_me()
            .await
            .context("Telegram did not answer getMe")?;
        if let Err(error) = register_commands(&self.bot, &self.services).await {
            tracing::warn!(error = %format!("{error:#}"), "could not register the command menu");
        }
        let pusher = tokio::spawn(crate::bot::approvals::push_loop(
            self.bot.clone(),
            self.services.clone(),
        ));
        let maintenance = tokio::spawn(crate::maintenance::run(
            self.services.store.clone(),
            self.services.config.clone(),
            self.services.clock.clone(),
        ));
        let api = self.api.map(|(listener, token)| {
            tracing::info!(address = ?listener.local_addr().ok(), "the operator listener is up");
            let public = self.services.config.api.is_public();
            let router = crate::api::router(self.services.clone(), token, public);
            Served::spawn(listener, router, "the operator listener")
        });
        let grace = Duration::from_secs(self.services.config.telegram.shutdown_grace_secs);
        let mut stopping = self.stopping.clone();
        // The grace period starts only when a signal asked to stop. Without signal
        // handling (the demo, tests) the sender is gone from the start: that is no stop.
        let grace_over = async move {
            if stopping.wait_for(|s| *s).await.is_err() {
                std::future::pending::<()>().await;
            }
            tokio::time::sleep(grace).await;
        };
        let listener_errors = LoggingErrorHandler::with_custom_text("could not get updates");
        let finished = match self.updates {
            Updates::Polling(listener) => {
                drop_webhook_if_set(&self.bot).await;
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
                let store = &self.services.store;
                let settings = crate::webhook::Settings {
                    path: url.path(),
                    secret: &secret,
                    key: self.services.secret.clone(),
                    inbox: store.inbox(&self.services.secret)?,
                    capacity: self.services.config.telegram.webhook_inbox,
                    flush: store.group_flush(),
                    metrics: self.services.metrics.clone(),
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
        if !self.services.deliveries.drain(grace).await {
            tracing::warn!("e-mails or SMS still queued at shutdown");
        }
        self.services
            .store
            .flush()
            .await
            .context("final flush of the store")?;
        tracing::info!("store flushed; bye");
        Ok(())
    }
}

async fn bind(key: &str, address: std::net::SocketAddr) -> anyhow::Result<TcpListener> {
    TcpListener::bind(address)
        .await
        .with_context(|| format!("{key}: cannot listen on {address}"))
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

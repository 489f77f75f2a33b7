//! The one builder shared by `run`, `demo` and the integration tests: config and secrets
//! in, a running bot out. Tests override only paths, URLs and the clock.

mod run;

use crate::bot::dialogues::SledDialogues;
use crate::bot::dispatch::Dispatch;
use crate::bot::failures::CountingErrors;
use crate::bot::limits::{Rules, SendLimits};
use crate::bot::{schema::schema, State, Tg};
use crate::clock::SharedClock;
use crate::config::{Config, TelegramMode};
use crate::crypto::Secret;
use crate::recovery::Services;
use crate::shutdown::stop_on_signals;
use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};
use std::sync::Arc;
use std::time::Duration;
use teloxide::dispatching::dialogue::{ErasedStorage, Storage};
use teloxide::dispatching::DpHandlerDescription;
use teloxide::prelude::*;
use teloxide::stop::{mk_stop_token, StopFlag, StopToken};
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
        let services = Services::open(config, launch.secret, launch.clock)?;
        let config = services.config();
        let store = services.store().clone();
        let limits = SendLimits::new(Rules {
            per_chat_sec: config.telegram.messages_per_sec_chat,
            per_group_min: config.telegram.messages_per_min_chat,
            overall_sec: config.telegram.messages_per_sec_overall,
        });
        let mut bot = Bot::new(launch.token.expose_secret());
        if let Some(url) = launch.api_url {
            bot = bot.set_api_url(url);
        }
        let retry_for = config.telegram.retry_for;
        let plain = bot.clone();
        let bot = Tg::new(plain.clone(), limits, retry_for, store.group_flush());
        let api = match services.config().api.address()? {
            None => None,
            Some(listen) => Some((bind("api.listen", listen).await?, launch.api_token.clone())),
        };
        let storage: Arc<ErasedStorage<State>> = SledDialogues::<State>::new(&store).erase();
        // Every update is counted, and its handler can reach the metrics (see `metrics::count`).
        let metrics = services.metrics().clone();
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
            Arc::new(CountingErrors(services.metrics().clone())),
        )
        .limit_inbound(
            crate::bot::inbound::InboundRules {
                burst: services.config().telegram.updates_burst,
                per_min: services.config().telegram.updates_per_min,
            },
            crate::bot::flood::on_drop(bot.clone(), services.clone()),
        );
        // Stopping goes through the update listener's token: the stream ends, in-flight
        // updates finish, and `run` returns.
        let telegram = &services.config().telegram;
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
}

async fn bind(key: &str, address: std::net::SocketAddr) -> anyhow::Result<TcpListener> {
    TcpListener::bind(address)
        .await
        .with_context(|| format!("{key}: cannot listen on {address}"))
}

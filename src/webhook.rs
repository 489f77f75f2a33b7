//! Webhook mode: Telegram POSTs each update to `telegram.webhook_url`, carrying the secret
//! token in `X-Telegram-Bot-Api-Secret-Token`. A reverse proxy terminates TLS and forwards
//! to `telegram.webhook_listen`, where this small axum server hands updates to the
//! dispatcher as an [`UpdateListener`].
//!
//! Written here rather than taken from teloxide's `webhooks-axum` so that the secret is
//! compared in constant time, refusals are counted, an unparsable body is never logged
//! (it may hold a user's text), and nothing Telegram was told we have is lost: an update
//! is answered 200 only once it is kept on disk in the inbox ([`crate::store::inbox`]),
//! and it stays there until the dispatcher is done with it ([`Kept::done`]), so after a
//! crash the next start handles it (an update handled before is skipped, see
//! `bot::repeats`). The inbox holds at most `telegram.webhook_inbox` updates; beyond that,
//! and once stopped, the server answers 503 and Telegram sends the update again later.

use crate::crypto::{ct_eq, Secret};
use crate::metrics::Metrics;
use crate::store::inbox::Inbox;
use crate::store::GroupFlush;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use secrecy::{ExposeSecret, SecretString};
use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use teloxide::stop::{StopFlag, StopToken};
use teloxide::types::Update;
use teloxide::update_listeners::{StatefulListener, UpdateListener};
use tokio::sync::Notify;

pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// The updates kept in the inbox and not yet done; shared by the server, the listener and
/// the dispatcher (through [`Kept::done`]). Cheap to clone.
#[derive(Clone)]
pub struct Kept(Arc<Shared>);

struct Shared {
    inbox: Inbox,
    capacity: usize,
    held: Mutex<Held>,
    /// Told when an update is ready for the dispatcher.
    arrived: Notify,
}

struct Held {
    /// False once stopped: nothing more is taken in.
    open: bool,
    /// Every kept update not yet done: its update id and its inbox entry.
    entries: HashMap<u32, u64>,
    /// Kept updates the dispatcher has not taken yet, in the order they came.
    ready: VecDeque<Update>,
    /// The inbox was found full, and it was logged (once until it has room again).
    full: bool,
}

/// The webhook's settings, from `App`.
pub struct Settings<'a> {
    pub path: &'a str,
    pub secret: &'a SecretString,
    pub key: Secret,
    pub inbox: Inbox,
    /// At most this many updates kept at once.
    pub capacity: usize,
    pub flush: GroupFlush,
    pub metrics: Arc<Metrics>,
}

#[derive(Clone)]
struct Endpoint {
    kept: Kept,
    key: Secret,
    /// The expected secret, as its HMAC (so the comparison's length says nothing).
    expected: [u8; 32],
    flush: GroupFlush,
    metrics: Arc<Metrics>,
}

/// What the dispatcher polls: kept updates until stopped, then the rest, then the end.
struct Listening {
    kept: Kept,
    token: StopToken,
    flag: StopFlag,
}

/// The webhook's router (mount it on its own listener), the matching update listener, and
/// the kept updates (tell them when an update is done). Updates kept by an earlier run
/// come first. `stop` is a pair from [`teloxide::stop::mk_stop_token`]; its token stops
/// the listener.
pub fn endpoint(
    settings: Settings<'_>,
    (token, flag): (StopToken, StopFlag),
) -> anyhow::Result<(Router, impl UpdateListener<Err = Infallible>, Kept)> {
    let kept = Kept::load(settings.inbox, settings.capacity)?;
    let expected = settings.key.mac(
        "webhook-secret",
        &[settings.secret.expose_secret().as_bytes()],
    );
    let router = Router::new()
        .route(settings.path, post(receive))
        .with_state(Endpoint {
            kept: kept.clone(),
            key: settings.key,
            expected,
            flush: settings.flush,
            metrics: settings.metrics,
        });
    let listening = Listening {
        kept: kept.clone(),
        token,
        flag,
    };
    let listener = StatefulListener::new(listening, updates, |l: &mut Listening| l.token.clone());
    Ok((router, listener, kept))
}

impl Kept {
    /// The inbox as a previous run left it: its updates are ready again.
    fn load(inbox: Inbox, capacity: usize) -> anyhow::Result<Kept> {
        let mut held = Held {
            open: true,
            entries: HashMap::new(),
            ready: VecDeque::new(),
            full: false,
        };
        for (entry, body) in inbox.bodies()? {
            match serde_json::from_slice::<Update>(&body) {
                Ok(update) if !held.entries.contains_key(&update.id.0) => {
                    held.entries.insert(update.id.0, entry);
                    held.ready.push_back(update);
                }
                _ => inbox.remove(entry)?,
            }
        }
        if !held.ready.is_empty() {
            tracing::info!(
                updates = held.ready.len(),
                "handling the updates kept before a restart"
            );
        }
        Ok(Kept(Arc::new(Shared {
            inbox,
            capacity: capacity.max(1),
            held: Mutex::new(held),
            arrived: Notify::new(),
        })))
    }

    fn held(&self) -> MutexGuard<'_, Held> {
        // Every change to `Held` is a single step, so it is whole whatever panicked.
        self.0.held.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The dispatcher is done with an update (handled or dropped): it leaves the inbox.
    pub fn done(&self, update_id: u32) {
        let Some(entry) = self.held().entries.remove(&update_id) else {
            return;
        };
        if let Err(error) = self.0.inbox.remove(entry) {
            // Handled again after a restart, where `bot::repeats` skips it.
            tracing::error!(%error, "cannot remove a handled update from the inbox");
        }
    }

    /// How many updates are kept now.
    pub fn len(&self) -> usize {
        self.held().entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What the server answers Telegram for a readable update.
fn take(ep: &Endpoint, update: Update, body: &[u8]) -> Result<(), StatusCode> {
    let mut held = ep.kept.held();
    if !held.open {
        // Stopping: Telegram keeps the update and delivers it to the next start.
        return Err(StatusCode::SERVICE_UNAVAILABLE);
    }
    if held.entries.contains_key(&update.id.0) {
        // Sent again (our answer was lost): it is kept already.
        return Ok(());
    }
    if held.entries.len() >= ep.kept.0.capacity {
        ep.metrics.webhook_deferred.inc();
        if !held.full {
            held.full = true;
            tracing::warn!(
                capacity = ep.kept.0.capacity,
                "the webhook inbox is full: answering 503 until it has room (Telegram sends again)"
            );
        }
        return Err(StatusCode::SERVICE_UNAVAILABLE);
    }
    held.full = false;
    let entry = ep.kept.0.inbox.put(body).map_err(|error| {
        tracing::error!(%error, "cannot keep an update in the inbox");
        StatusCode::SERVICE_UNAVAILABLE
    })?;
    held.entries.insert(update.id.0, entry);
    held.ready.push_back(update);
    ep.kept.0.arrived.notify_one();
    Ok(())
}

async fn receive(State(ep): State<Endpoint>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let given = headers
        .get(SECRET_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !ct_eq(&ep.key.mac("webhook-secret", &[given]), &ep.expected) {
        ep.metrics.webhook_refused.inc();
        tracing::warn!("refused a webhook request without the right secret token");
        return StatusCode::UNAUTHORIZED;
    }
    let update = match serde_json::from_slice::<Update>(&body) {
        Ok(update) => update,
        Err(error) => {
            // Not logged with the body: it may hold what a user typed. Answered 200 so
            // Telegram does not send it again and again.
            let what = format!("{:?}", error.classify());
            tracing::warn!(
                error = what,
                bytes = body.len(),
                "an update could not be read"
            );
            return StatusCode::OK;
        }
    };
    if let Err(status) = take(&ep, update, &body) {
        return status;
    }
    // 200 only once the update is on disk.
    match ep.flush.flush().await {
        Ok(()) => StatusCode::OK,
        Err(error) => {
            // Handled anyway (it is ready); Telegram sends it again, and it is kept.
            tracing::error!(%error, "cannot flush the webhook inbox");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

fn updates(l: &mut Listening) -> impl futures::Stream<Item = Result<Update, Infallible>> + '_ {
    futures::stream::unfold(l, |l| async move {
        loop {
            let kept = l.kept.clone();
            let arrived = kept.0.arrived.notified();
            let (next, open) = {
                let mut held = kept.held();
                (held.ready.pop_front(), held.open)
            };
            if let Some(update) = next {
                return Some((Ok(update), l));
            }
            if !open {
                return None;
            }
            let flag = l.flag.clone();
            tokio::select! {
                biased;
                () = arrived => {}
                () = flag => kept.held().open = false,
            }
        }
    })
}

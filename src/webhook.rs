//! Webhook mode: Telegram POSTs each update to `telegram.webhook_url`, carrying the secret
//! token in `X-Telegram-Bot-Api-Secret-Token`. A reverse proxy terminates TLS and forwards
//! to `telegram.webhook_listen`, where this small axum server hands updates to the
//! dispatcher as an [`UpdateListener`].
//!
//! Written here rather than taken from teloxide's `webhooks-axum` so that the secret is
//! compared in constant time, refusals are counted, an unparsable body is never logged
//! (it may hold a user's text), and stopping loses nothing: once stopped, the server
//! answers 503 (Telegram keeps the update and sends it again later) and the listener
//! hands out what it already accepted before its stream ends.

use crate::crypto::{ct_eq, Secret};
use crate::metrics::Metrics;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use secrecy::{ExposeSecret, SecretString};
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use teloxide::stop::{StopFlag, StopToken};
use teloxide::types::Update;
use teloxide::update_listeners::{StatefulListener, UpdateListener};
use tokio::sync::mpsc;

pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// The sending side; `None` once the listener stopped taking updates.
type Gate = Arc<Mutex<Option<mpsc::UnboundedSender<Update>>>>;

#[derive(Clone)]
struct Endpoint {
    gate: Gate,
    key: Secret,
    /// The expected secret, as its HMAC (so the comparison's length says nothing).
    expected: [u8; 32],
    metrics: Arc<Metrics>,
}

/// What the dispatcher polls: accepted updates until stopped, then the rest, then the end.
pub struct Inbox {
    rx: mpsc::UnboundedReceiver<Update>,
    gate: Gate,
    token: StopToken,
    flag: StopFlag,
    closed: bool,
}

/// The webhook's router (mount it on its own listener) and the matching update listener.
/// `stop` is a pair from [`teloxide::stop::mk_stop_token`]; its token stops the listener.
pub fn endpoint(
    path: &str,
    secret: &SecretString,
    (token, flag): (StopToken, StopFlag),
    key: Secret,
    metrics: Arc<Metrics>,
) -> (Router, impl UpdateListener<Err = Infallible>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let gate: Gate = Arc::new(Mutex::new(Some(tx)));
    let expected = key.mac("webhook-secret", &[secret.expose_secret().as_bytes()]);
    let router = Router::new()
        .route(path, post(receive))
        .with_state(Endpoint {
            gate: gate.clone(),
            key,
            expected,
            metrics,
        });
    let inbox = Inbox {
        rx,
        gate,
        token,
        flag,
        closed: false,
    };
    let listener = StatefulListener::new(inbox, updates, |inbox: &mut Inbox| inbox.token.clone());
    (router, listener)
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
    let gate = ep.gate.lock().unwrap_or_else(|e| e.into_inner());
    match gate.as_ref().map(|tx| tx.send(update).is_ok()) {
        Some(true) => StatusCode::OK,
        // Stopping: Telegram keeps the update and delivers it to the next start.
        _ => StatusCode::SERVICE_UNAVAILABLE,
    }
}

fn updates(inbox: &mut Inbox) -> impl futures::Stream<Item = Result<Update, Infallible>> + '_ {
    futures::stream::unfold(inbox, |inbox| async move {
        loop {
            if inbox.closed {
                // The gate's sender is gone: `recv` yields what is left, then None.
                return inbox.rx.recv().await.map(|u| (Ok(u), inbox));
            }
            let flag = inbox.flag.clone();
            tokio::select! {
                biased;
                update = inbox.rx.recv() => return update.map(|u| (Ok(u), inbox)),
                () = flag => {
                    inbox.gate.lock().unwrap_or_else(|e| e.into_inner()).take();
                    inbox.closed = true;
                }
            }
        }
    })
}

//! A local SMS gateway for the benchmark: the bot POSTs `{"to","text"}` here, and the
//! simulated user who waits for that number gets the one-time code out of the text.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

enum Slot {
    Waiting(oneshot::Sender<String>),
    Arrived(String),
}

#[derive(Clone, Default)]
pub struct SmsSink {
    slots: Arc<Mutex<HashMap<String, Slot>>>,
    url: String,
}

#[derive(serde::Deserialize)]
struct Sms {
    to: String,
    text: String,
}

impl SmsSink {
    pub async fn start() -> anyhow::Result<SmsSink> {
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
        let sink = SmsSink {
            slots: Arc::default(),
            url: format!("http://{}/sms", listener.local_addr()?),
        };
        let app = Router::new()
            .route("/sms", post(receive))
            .with_state(sink.clone());
        tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, app).await {
                tracing::warn!(%error, "bench SMS sink stopped");
            }
        });
        Ok(sink)
    }

    /// Where `[delivery.sms] url` points.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The next code sent to `phone` (E.164). Call before asking for the code.
    pub fn expect_code(&self, phone: &str) -> oneshot::Receiver<String> {
        let (tx, rx) = oneshot::channel();
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        match slots.remove(phone) {
            Some(Slot::Arrived(code)) => {
                let _ = tx.send(code);
            }
            _ => {
                slots.insert(phone.to_owned(), Slot::Waiting(tx));
            }
        }
        rx
    }
}

async fn receive(State(sink): State<SmsSink>, Json(sms): Json<Sms>) -> StatusCode {
    // Notices ("your password was changed") carry no code and are dropped.
    let Some(code) = six_digits(&sms.text) else {
        return StatusCode::OK;
    };
    let mut slots = sink.slots.lock().unwrap_or_else(|e| e.into_inner());
    match slots.remove(&sms.to) {
        Some(Slot::Waiting(tx)) => {
            let _ = tx.send(code);
        }
        _ => {
            slots.insert(sms.to, Slot::Arrived(code));
        }
    }
    StatusCode::OK
}

/// The first run of exactly six digits.
fn six_digits(text: &str) -> Option<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|run| run.len() == 6)
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_the_code_and_ignores_dates() {
        assert_eq!(
            super::six_digits("123456 is your code").as_deref(),
            Some("123456")
        );
        assert_eq!(super::six_digits("changed on 2026-11-24T20:01:02Z"), None);
    }
}

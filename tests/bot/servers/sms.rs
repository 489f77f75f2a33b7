//! The SMS gateway stand-in: an HTTP endpoint that records every message.

use super::Inbox;
use axum::{extract::State, http::HeaderMap, http::StatusCode, routing::post, Json, Router};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// One request received by the SMS sink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsMessage {
    pub to: String,
    pub text: String,
    /// The `Authorization` header as sent, e.g. `Bearer abc`.
    pub authorization: Option<String>,
}

/// An HTTP endpoint (`POST /sms`, JSON `{"to","text"}`) that records every message.
#[derive(Clone)]
pub struct SmsSink {
    url: String,
    inbox: Arc<Inbox<SmsMessage>>,
    answers: Arc<Answers>,
}

/// The status the sink answers with (0: it works), and how many requests it got.
#[derive(Default)]
struct Answers {
    status: AtomicU16,
    requests: AtomicUsize,
}

impl SmsSink {
    pub async fn start() -> SmsSink {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind SMS sink");
        let port = listener.local_addr().expect("SMS sink address").port();
        let inbox = Inbox::new();
        let answers = Arc::new(Answers::default());
        let app = Router::new()
            .route("/sms", post(receive_sms))
            .with_state((inbox.clone(), answers.clone()));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        SmsSink {
            url: format!("http://127.0.0.1:{port}/sms"),
            inbox,
            answers,
        }
    }

    /// While failing, every request is answered `500` and not recorded.
    pub fn set_failing(&self, failing: bool) {
        self.answer_with(failing.then_some(500));
    }

    /// Answers every request with this status (and records nothing), or works again with
    /// None.
    pub fn answer_with(&self, status: Option<u16>) {
        self.answers
            .status
            .store(status.unwrap_or(0), Ordering::SeqCst);
    }

    /// How many requests arrived, answered or not: one per attempt.
    pub fn requests(&self) -> usize {
        self.answers.requests.load(Ordering::SeqCst)
    }

    /// The full URL of the POST endpoint.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    pub fn messages(&self) -> Vec<SmsMessage> {
        self.inbox.all()
    }

    /// All messages once at least `count` have arrived, or whatever there is at `timeout`.
    pub async fn wait_for_sms(&self, count: usize, timeout: Duration) -> Vec<SmsMessage> {
        self.inbox.wait_for(count, timeout).await
    }
}

/// Records `{"to","text"}`; anything else is a 400 (and is not recorded).
async fn receive_sms(
    State((inbox, answers)): State<(Arc<Inbox<SmsMessage>>, Arc<Answers>)>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> (StatusCode, Json<Value>) {
    answers.requests.fetch_add(1, Ordering::SeqCst);
    let status = answers.status.load(Ordering::SeqCst);
    if status != 0 {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return (
            status,
            Json(json!({"ok": false, "error": "gateway failure"})),
        );
    }
    let parsed: Option<Value> = serde_json::from_slice(&body).ok();
    let field = |name: &str| parsed.as_ref()?.get(name)?.as_str().map(str::to_owned);
    let (Some(to), Some(text)) = (field("to"), field("text")) else {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"ok": false, "error": "want {\"to\",\"text\"}"})),
        );
    };
    let authorization = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    inbox.push(SmsMessage {
        to,
        text,
        authorization,
    });
    (StatusCode::OK, Json(json!({"ok": true})))
}

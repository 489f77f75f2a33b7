//! Fault injection for tests: make chosen Bot API methods fail the way Telegram and the
//! network do, for their next N calls (optionally only those for one chat).
//!
//! A fault strikes *before* the method is processed, so the bot's retry of the same call
//! is what a user would see delivered; except [`Fault::UnexpectedResult`], which plays a
//! Telegram that did the call and answered in a way the bot cannot read, and
//! [`Fault::Late`], a call that arrives late and then goes through. The demo never
//! injects faults.
//!
//! ```ignore
//! emu.inject("sendMessage", Fault::TooManyRequests { retry_after: 1 }, 2);
//! emu.inject_for_chat("deleteMessage", chat.id, Fault::Drop, 1);
//! ```
//!
//! [`super::Emulator::never_confirm_updates`] plays a bot killed before its next
//! `getUpdates` confirmed what it had received: a restarted bot is served it all again.

use axum::body::Body;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::Emulator;

/// How a call fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 429 `Too Many Requests: retry after N` with `parameters.retry_after`.
    TooManyRequests { retry_after: u32 },
    /// 500 `Internal Server Error` (teloxide waits 10 s after any 5xx before it returns).
    ServerError,
    /// The connection breaks: the status line and headers arrive, the body never does.
    Drop,
    /// The call is done, and answered `{"ok":true,"result":null}` (as some Bot API
    /// servers answer `deleteMessage`): a success whose result does not parse.
    UnexpectedResult,
    /// The call reaches Telegram `ms` milliseconds late (a slow or congested network),
    /// and is recorded and done then as usual.
    Late { ms: u64 },
}

/// One injected rule: the next `remaining` calls of `method` (lowercased), for `chat` if
/// given, fail with `fault`.
#[derive(Clone, Debug)]
pub(crate) struct FaultRule {
    pub method: String,
    pub chat: Option<i64>,
    pub fault: Fault,
    pub remaining: usize,
}

/// The response a fault gives instead of doing the call; none for the faults whose call
/// is done ([`Fault::Late`], [`Fault::UnexpectedResult`]).
pub(super) fn respond(fault: Fault) -> Option<Response> {
    let response = match fault {
        Fault::Late { .. } | Fault::UnexpectedResult => return None,
        Fault::TooManyRequests { retry_after } => error(
            StatusCode::TOO_MANY_REQUESTS,
            json!({
                "ok": false,
                "error_code": 429,
                "description": format!("Too Many Requests: retry after {retry_after}"),
                "parameters": { "retry_after": retry_after },
            }),
        ),
        Fault::ServerError => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({ "ok": false, "error_code": 500, "description": "Internal Server Error" }),
        ),
        Fault::Drop => {
            // Headers go out, then the body fails: hyper closes the connection mid-response.
            let broken = futures::stream::once(async {
                Err::<axum::body::Bytes, std::io::Error>(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "emulator: connection dropped",
                ))
            });
            (StatusCode::OK, Body::from_stream(broken)).into_response()
        }
    };
    Some(response)
}

/// The response a fault gives once its call was done; none for the usual answer.
pub(super) fn respond_after(fault: Fault) -> Option<Response> {
    (fault == Fault::UnexpectedResult).then(|| {
        let answer = json!({ "ok": true, "result": null });
        (StatusCode::OK, axum::Json(answer)).into_response()
    })
}

fn error(status: StatusCode, body: Value) -> Response {
    (status, axum::Json(body)).into_response()
}

impl Emulator {
    /// Makes the next `times` calls of `method` (as in the Bot API docs, e.g.
    /// `"sendMessage"`; case does not matter) fail with `fault`, before they are processed.
    pub fn inject(&self, method: &str, fault: Fault, times: usize) {
        self.add_fault(method, None, fault, times);
    }

    /// Like [`Emulator::inject`], but only calls whose `chat_id` is `chat_id` count.
    pub fn inject_for_chat(&self, method: &str, chat_id: i64, fault: Fault, times: usize) {
        self.add_fault(method, Some(chat_id), fault, times);
    }

    fn add_fault(&self, method: &str, chat: Option<i64>, fault: Fault, times: usize) {
        self.shared.lock().faults.push(FaultRule {
            method: method.to_ascii_lowercase(),
            chat,
            fault,
            remaining: times,
        });
    }

    /// From now on no `getUpdates` offset confirms anything: every update stays queued,
    /// and a bot that starts polling afresh (offset 0) is served all of them again. This
    /// is what Telegram does for a bot killed before its next `getUpdates` told Telegram
    /// what it had received.
    pub fn never_confirm_updates(&self) {
        self.shared.lock().never_confirm = true;
    }

    /// Faults injected but not yet struck are dropped.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Injected faults that have not struck yet: (lowercased method, fault, calls left).
    pub fn faults_pending(&self) -> Vec<(String, Fault, usize)> {
        self.shared
            .lock()
            .faults
            .iter()
            .map(|r| (r.method.clone(), r.fault, r.remaining))
            .collect()
    }

    /// The faults that struck so far, in order: (lowercased method, fault).
    pub fn faults_struck(&self) -> Vec<(String, Fault)> {
        self.shared.lock().faults_struck.clone()
    }
}

//! The HTTP side: routing `/bot<token>/<Method>`, reading parameters (see `params`),
//! replying `{"ok":..}`, and `getUpdates` long polling. Never answers 5xx (teloxide
//! sleeps 10 s after one) unless a test injects it ([`super::faults`]).

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::error::{ApiError, ApiResult};
use super::params::{int, parse_params};
use super::state::Shared;
use super::{faults, methods, Fault};

pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(method) = api_method(uri.path()) else {
        return reply(
            ApiError {
                code: 404,
                description: "Not Found".into(),
            }
            .into_value(),
            StatusCode::NOT_FOUND,
        );
    };
    let params = match parse_params(&uri, &headers, &body) {
        Ok(params) => params,
        Err(e) => return error_reply(e),
    };
    let fault = take_fault(&shared, &method, &params);
    if let Some(Fault::Late { ms }) = fault {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
    if shared.keep_history {
        let mut state = shared.lock();
        state
            .requests
            .push((method.clone(), Value::Object(params.clone())));
        state.arrivals.push(std::time::Instant::now());
    }
    if let Some(response) = fault.and_then(faults::respond) {
        tracing::debug!(method, ?fault, "emulator: injected fault");
        return response;
    }
    let result = if method == "getupdates" {
        get_updates(&shared, &params).await
    } else {
        methods::call(&shared, &method, &params)
    };
    if let (Some(response), Ok(_)) = (fault.and_then(faults::respond_after), &result) {
        tracing::debug!(method, ?fault, "emulator: injected fault after the call");
        return response;
    }
    match result {
        Ok(value) => reply(json!({ "ok": true, "result": value }), StatusCode::OK),
        Err(e) => {
            tracing::debug!(method, description = e.description, "emulator: API error");
            error_reply(e)
        }
    }
}

fn error_reply(e: ApiError) -> Response {
    let status = StatusCode::from_u16(e.code).unwrap_or(StatusCode::BAD_REQUEST);
    reply(e.into_value(), status)
}

fn reply(body: Value, status: StatusCode) -> Response {
    (status, Json(body)).into_response()
}

/// Takes the fault, if any, that the call `method` with `params` is due for.
fn take_fault(shared: &Shared, method: &str, params: &Map<String, Value>) -> Option<Fault> {
    let chat = int(params, "chat_id").ok().flatten();
    let mut st = shared.lock();
    let rule = st
        .faults
        .iter_mut()
        .find(|r| r.remaining > 0 && r.method == method && (r.chat.is_none() || r.chat == chat))?;
    rule.remaining -= 1;
    let fault = rule.fault;
    st.faults.retain(|r| r.remaining > 0);
    st.faults_struck.push((method.to_owned(), fault));
    Some(fault)
}

/// `/bot<token>/<Method>` → lowercased method name.
fn api_method(path: &str) -> Option<String> {
    let (bot, method) = path.strip_prefix('/')?.split_once('/')?;
    if !bot.starts_with("bot") || method.is_empty() || method.contains('/') {
        return None;
    }
    Some(method.to_ascii_lowercase())
}

/// `getUpdates`: answers at once when updates with id >= offset are queued,
/// else waits for one or for `timeout` seconds. Updates below `offset` are
/// confirmed and dropped (kept, under `never_confirm`).
async fn get_updates(shared: &Shared, params: &Map<String, Value>) -> ApiResult {
    super::webhook::refuse_polling(shared)?;
    let offset = int(params, "offset")?.unwrap_or(0);
    let limit = usize::try_from(int(params, "limit")?.unwrap_or(100).clamp(1, 100)).unwrap_or(100);
    let timeout = u64::try_from(int(params, "timeout")?.unwrap_or(0).clamp(0, 50)).unwrap_or(0);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
    let mut seq = shared.update_seq.subscribe();
    let mut shutdown = shared.shutdown.clone();
    let mut offset = offset;
    loop {
        seq.borrow_and_update();
        let parked = {
            let mut st = shared.lock();
            if offset < 0 {
                // Telegram: the last -offset updates; everything before is forgotten.
                let keep = usize::try_from(offset.unsigned_abs()).unwrap_or(usize::MAX);
                let drop = st.updates.len().saturating_sub(keep);
                st.updates.drain(..drop);
                offset = st.updates.front().map_or(0, |(id, _)| *id);
            }
            if !st.never_confirm {
                st.updates.retain(|(id, _)| *id >= offset);
            }
            let batch: Vec<Value> = st
                .updates
                .iter()
                .filter(|(id, _)| *id >= offset)
                .take(limit)
                .map(|(_, u)| u.clone())
                .collect();
            if !batch.is_empty() || tokio::time::Instant::now() >= deadline {
                return Ok(Value::Array(batch));
            }
            Parked {
                shared,
                id: st.park_poll(offset),
            }
        };
        tokio::select! {
            _ = seq.changed() => {}
            _ = tokio::time::sleep_until(deadline) => {}
            _ = shutdown.wait_for(|stopped| *stopped) => return Ok(json!([])),
        }
        drop(parked);
    }
}

/// A waiting long poll, registered (under the state lock, with its offset) for
/// as long as it lives, also when the client goes away and the handler is dropped.
struct Parked<'a> {
    shared: &'a Shared,
    id: u64,
}

impl Drop for Parked<'_> {
    fn drop(&mut self) {
        self.shared.lock().parked_polls.remove(&self.id);
    }
}

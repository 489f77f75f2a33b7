//! The HTTP side: routing `/bot<token>/<Method>`, reading parameters, replying
//! `{"ok":..}`, and `getUpdates` long polling. Never answers 5xx (teloxide
//! sleeps 10 s after one) unless a test injects it ([`super::faults`]).

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::state::Shared;
use super::{faults, methods, Fault};

pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

/// A Bot API error answer.
#[derive(Debug)]
pub(super) struct ApiError {
    pub code: u16,
    pub description: String,
}

impl ApiError {
    /// 400 "Bad Request: {what}".
    pub fn bad(what: impl std::fmt::Display) -> ApiError {
        ApiError {
            code: 400,
            description: format!("Bad Request: {what}"),
        }
    }
}

pub(super) type ApiResult = Result<Value, ApiError>;

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
    let fault = faults::take(&shared, &method, &params);
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

impl ApiError {
    fn into_value(self) -> Value {
        json!({ "ok": false, "error_code": self.code, "description": self.description })
    }
}

fn error_reply(e: ApiError) -> Response {
    let status = StatusCode::from_u16(e.code).unwrap_or(StatusCode::BAD_REQUEST);
    reply(e.into_value(), status)
}

fn reply(body: Value, status: StatusCode) -> Response {
    (status, Json(body)).into_response()
}

/// `/bot<token>/<Method>` → lowercased method name.
fn api_method(path: &str) -> Option<String> {
    let (bot, method) = path.strip_prefix('/')?.split_once('/')?;
    if !bot.starts_with("bot") || method.is_empty() || method.contains('/') {
        return None;
    }
    Some(method.to_ascii_lowercase())
}

/// Parameters from the query string and a JSON or form body (an empty body is `{}`).
fn parse_params(
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Map<String, Value>, ApiError> {
    let mut params = uri.query().map(parse_form).unwrap_or_default();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(params);
    }
    let from_body = if content_type.starts_with("application/x-www-form-urlencoded") {
        parse_form(&String::from_utf8_lossy(body))
    } else if content_type.starts_with("multipart/") {
        // Text fields only (e.g. `setWebhook`'s url); file uploads are not emulated.
        parse_multipart(content_type, body)
    } else {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => map,
            _ => return Err(ApiError::bad("can't parse JSON object")),
        }
    };
    params.extend(from_body);
    Ok(params)
}

/// The text fields of a `multipart/form-data` body, parsed like form values.
fn parse_multipart(content_type: &str, body: &[u8]) -> Map<String, Value> {
    let Some(boundary) = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches('"'))
    else {
        return Map::new();
    };
    let body = String::from_utf8_lossy(body);
    let delimiter = format!("--{boundary}");
    body.split(delimiter.as_str())
        .filter_map(|part| {
            let (head, value) = part.split_once("\r\n\r\n")?;
            let name = head
                .split(';')
                .find_map(|p| p.trim().strip_prefix("name="))?
                .split("\r\n")
                .next()?
                .trim_matches('"');
            if head.contains("filename=") {
                return None;
            }
            let value = value.strip_suffix("\r\n").unwrap_or(value);
            let parsed = serde_json::from_str::<Value>(value)
                .unwrap_or_else(|_| Value::String(value.to_owned()));
            Some((name.to_owned(), parsed))
        })
        .collect()
}

/// `a=1&b=x` → `{"a":1,"b":"x"}`; values that are valid JSON (numbers, objects
/// such as `reply_markup`) are parsed as JSON.
fn parse_form(query: &str) -> Map<String, Value> {
    let Ok(mut url) = reqwest::Url::parse("http://localhost/") else {
        return Map::new();
    };
    url.set_query(Some(query));
    url.query_pairs()
        .map(|(k, v)| {
            let value =
                serde_json::from_str::<Value>(&v).unwrap_or_else(|_| Value::String(v.into_owned()));
            (k.into_owned(), value)
        })
        .collect()
}

/// Integer parameter (JSON number or numeric string).
pub(super) fn int(params: &Map<String, Value>, key: &str) -> Result<Option<i64>, ApiError> {
    match params.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| ApiError::bad(format!("invalid {key}"))),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| ApiError::bad(format!("invalid {key}"))),
        Some(_) => Err(ApiError::bad(format!("invalid {key}"))),
    }
}

pub(super) fn req_int(params: &Map<String, Value>, key: &str) -> Result<i64, ApiError> {
    int(params, key)?.ok_or_else(|| ApiError::bad(format!("{key} is empty")))
}

pub(super) fn message_id(params: &Map<String, Value>, key: &str) -> Result<i32, ApiError> {
    i32::try_from(req_int(params, key)?).map_err(|_| ApiError::bad(format!("invalid {key}")))
}

/// `chat_id`; `@username` recipients are not emulated.
pub(super) fn chat_id(params: &Map<String, Value>) -> Result<i64, ApiError> {
    int(params, "chat_id")
        .map_err(|_| ApiError::bad("chat not found"))?
        .ok_or_else(|| ApiError::bad("chat_id is empty"))
}

pub(super) fn string(params: &Map<String, Value>, key: &str) -> Option<String> {
    match params.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

pub(super) fn flag(params: &Map<String, Value>, key: &str) -> bool {
    match params.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "true" || s == "1",
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        _ => false,
    }
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

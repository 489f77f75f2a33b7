//! Reading a call's parameters: from the query string and a JSON, form or multipart
//! body, and as the Bot API types them (integers as numbers or strings, flags, ids).

use axum::http::{header, HeaderMap, Uri};
use serde_json::{Map, Value};

use super::error::ApiError;

/// Parameters from the query string and a JSON or form body (an empty body is `{}`).
pub(super) fn parse_params(
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

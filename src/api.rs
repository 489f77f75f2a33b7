//! The operator listener, on loopback (`[api] listen`):
//!
//! - `GET /healthz` → 200 `ok` while the store answers, else 503 (no token needed)
//! - `GET /metrics` → Prometheus counters, totals only (no token needed on loopback; on a
//!   public listener, `[api] allow_public`, the bearer token is required)
//! - `POST /api/v1/changes` with `{"account","field","value","reason"}` → 201 and the request;
//!   429 with `Retry-After` when the account has `[approvals] max_pending_per_account`
//!   requests waiting already
//! - `GET /api/v1/changes/{id}` → the request with its status: pending, approved, denied, expired
//!
//! The `/api/v1` routes need the bearer token and exist only when it is set; a wrong or
//! missing token gets 401, compared in constant time.

use crate::approvals::{ChangeError, ChangeInput};
use crate::crypto::ct_eq;
use crate::metrics::Readings;
use crate::recovery::Services;
use crate::store::changes::{ChangeRequest, ChangeStatus};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;
use std::sync::Arc;

#[derive(Clone)]
struct Api {
    svc: Services,
    token: Arc<SecretString>,
}

/// The operator listener's routes. On a `public` listener `/metrics` needs the token as
/// the API does (and without a token it is refused).
pub fn router(svc: Services, token: Option<SecretString>, public: bool) -> Router {
    let mut open = Router::new().route("/healthz", get(healthz));
    if !public {
        open = open.route("/metrics", get(metrics));
    }
    let open = open.with_state(svc.clone());
    let Some(token) = token else {
        return open;
    };
    let mut guarded = Router::new()
        .route("/api/v1/changes", post(create))
        .route("/api/v1/changes/{id}", get(show));
    if public {
        guarded = guarded.route("/metrics", get(guarded_metrics));
    }
    guarded
        .with_state(Api {
            svc,
            token: Arc::new(token),
        })
        .merge(open)
}

async fn healthz(State(svc): State<Services>) -> Response {
    // A read through sled shows the store is open and answering.
    match svc.store().change("healthz") {
        Ok(_) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: the store does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "store unavailable\n").into_response()
        }
    }
}

async fn guarded_metrics(State(api): State<Api>, headers: HeaderMap) -> Response {
    if !authorized(&api, &headers) {
        return error(StatusCode::UNAUTHORIZED, "a valid bearer token is required");
    }
    metrics(State(api.svc)).await
}

async fn metrics(State(svc): State<Services>) -> Response {
    let text = svc.metrics().render(&Readings {
        password_hashes: svc.hashing().computations(),
        store_bytes: svc.store().size_on_disk().ok(),
        deliveries_retrying: svc.deliveries().retrying(),
    });
    let content_type = "text/plain; version=0.0.4; charset=utf-8";
    ([(axum::http::header::CONTENT_TYPE, content_type)], text).into_response()
}

fn authorized(api: &Api, headers: &HeaderMap) -> bool {
    let given = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let expected = api.token.expose_secret();
    // Compare digests so the comparison's length does not depend on the secret.
    let mac = |s: &str| api.svc.secret().mac("api-token", &[s.as_bytes()]);
    ct_eq(&mac(given), &mac(expected))
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

fn view(change: &ChangeRequest, now: i64) -> serde_json::Value {
    let status = match change.status {
        ChangeStatus::Pending if now >= change.expires_at => ChangeStatus::Expired,
        status => status,
    };
    json!({
        "id": change.id,
        "account": change.account_id,
        "field": change.field,
        "value": change.display,
        "status": status,
        "requested_by": change.requested_by,
        "created_at": crate::clock::rfc3339(change.created_at),
        "expires_at": crate::clock::rfc3339(change.expires_at),
        "decided_at": change.decided_at.map(crate::clock::rfc3339),
    })
}

async fn create(
    State(api): State<Api>,
    headers: HeaderMap,
    body: Result<Json<ChangeInput>, axum::extract::rejection::JsonRejection>,
) -> Response {
    if !authorized(&api, &headers) {
        return error(StatusCode::UNAUTHORIZED, "a valid bearer token is required");
    }
    let Ok(Json(input)) = body else {
        return error(
            StatusCode::BAD_REQUEST,
            "the body must be JSON: {\"account\",\"field\",\"value\",\"reason\"}",
        );
    };
    // The operator's command line says so, and the holder is told "support team".
    let by = match headers.get("x-requested-by").and_then(|v| v.to_str().ok()) {
        Some("cli") => "cli",
        _ => "api",
    };
    match api.svc.approvals().request_change(input, by) {
        Ok(change) => (
            StatusCode::CREATED,
            Json(view(&change, api.svc.clock().now())),
        )
            .into_response(),
        Err(ChangeError::UnknownAccount(_)) => error(StatusCode::NOT_FOUND, "no such account"),
        Err(ChangeError::InvalidValue(why)) => error(StatusCode::UNPROCESSABLE_ENTITY, &why),
        Err(refused @ ChangeError::TooManyPending(full)) => {
            let now = api.svc.clock().now();
            let wait = full
                .next_expiry
                .map_or(1, |at| ((at - now).max(1000) as u64).div_ceil(1000));
            let body = json!({
                "error": refused.to_string(),
                "limit": full.limit,
                "retry_after_secs": wait,
            });
            let retry_after = [(axum::http::header::RETRY_AFTER, wait.to_string())];
            (StatusCode::TOO_MANY_REQUESTS, retry_after, Json(body)).into_response()
        }
        Err(ChangeError::Store(e)) => {
            tracing::error!(error = %e, "the API could not store a change");
            error(StatusCode::SERVICE_UNAVAILABLE, "try again later")
        }
    }
}

async fn show(State(api): State<Api>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if !authorized(&api, &headers) {
        return error(StatusCode::UNAUTHORIZED, "a valid bearer token is required");
    }
    match api.svc.store().change(&id) {
        Ok(Some(change)) => Json(view(&change, api.svc.clock().now())).into_response(),
        Ok(None) => error(StatusCode::NOT_FOUND, "no such change"),
        Err(e) => {
            tracing::error!(error = %e, "the API could not read a change");
            error(StatusCode::SERVICE_UNAVAILABLE, "try again later")
        }
    }
}

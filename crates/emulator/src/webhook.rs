//! Webhooks: `setWebhook` / `deleteWebhook` / `getWebhookInfo`, and the task that POSTs
//! queued updates to the webhook, one at a time and in order, with the secret token in
//! `X-Telegram-Bot-Api-Secret-Token`. An update leaves the queue only when the bot answers
//! 2xx; anything else (refused, 503 while stopping, nobody listening) is retried, as
//! Telegram does. While a webhook is set, `getUpdates` answers 409.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Map, Value};

use super::error::{ApiError, ApiResult};
use super::params::{flag, string};
use super::state::{Shared, Webhook};

/// Retry pause after a failed POST.
const RETRY: Duration = Duration::from_millis(100);

pub(super) fn set_webhook(shared: &Shared, p: &Map<String, Value>) -> ApiResult {
    let url = string(p, "url").unwrap_or_default();
    if url.is_empty() {
        return delete_webhook(shared, p);
    }
    if reqwest::Url::parse(&url).is_err() {
        return Err(ApiError::bad("bad webhook: Failed to resolve host"));
    }
    let secret_token = string(p, "secret_token").filter(|s| !s.is_empty());
    let valid_secret = secret_token.as_deref().is_none_or(|s| {
        s.len() <= 256
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    });
    if !valid_secret {
        return Err(ApiError::bad("secret token contains unallowed characters"));
    }
    let mut st = shared.lock();
    if flag(p, "drop_pending_updates") {
        st.updates.clear();
    }
    st.webhook = Some(Webhook { url, secret_token });
    drop(st);
    // Wakes the pusher.
    shared.update_seq.send_modify(|n| *n += 1);
    Ok(json!(true))
}

pub(super) fn delete_webhook(shared: &Shared, p: &Map<String, Value>) -> ApiResult {
    let mut st = shared.lock();
    if flag(p, "drop_pending_updates") {
        st.updates.clear();
    }
    st.webhook = None;
    Ok(json!(true))
}

pub(super) fn webhook_info(shared: &Shared) -> ApiResult {
    let st = shared.lock();
    let url = st.webhook.as_ref().map_or("", |w| w.url.as_str());
    let mut info = json!({
        "url": url,
        "has_custom_certificate": false,
        "pending_update_count": st.updates.len(),
    });
    if let Some(error) = &st.webhook_last_error {
        info["last_error_date"] = json!(super::state::now());
        info["last_error_message"] = json!(error);
    }
    Ok(info)
}

/// `getUpdates` is refused while a webhook is set.
pub(super) fn refuse_polling(shared: &Shared) -> Result<(), ApiError> {
    if shared.lock().webhook.is_some() {
        return Err(ApiError {
            code: 409,
            description: "Conflict: can't use getUpdates method while webhook is active; \
                          use deleteWebhook to delete the webhook first"
                .into(),
        });
    }
    Ok(())
}

/// Delivers queued updates to the webhook until the emulator shuts down.
pub(super) async fn push_loop(shared: Arc<Shared>) {
    let client = reqwest::Client::new();
    let mut seq = shared.update_seq.subscribe();
    let mut shutdown = shared.shutdown.clone();
    loop {
        seq.borrow_and_update();
        let next = {
            let st = shared.lock();
            st.webhook.clone().zip(st.updates.front().cloned())
        };
        let Some((hook, (id, update))) = next else {
            tokio::select! {
                _ = seq.changed() => continue,
                _ = shutdown.wait_for(|stopped| *stopped) => return,
            }
        };
        let mut request = client
            .post(&hook.url)
            .timeout(Duration::from_secs(30))
            .json(&update);
        if let Some(secret) = &hook.secret_token {
            request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        let error = match request.send().await {
            Ok(answer) if answer.status().is_success() => None,
            Ok(answer) => Some(format!(
                "Wrong response from the webhook: {}",
                answer.status()
            )),
            Err(e) => Some(format!("Connection failed: {e}")),
        };
        {
            let mut st = shared.lock();
            if error.is_none() {
                st.updates.retain(|(queued, _)| *queued != id);
                st.webhook_posts += 1;
            }
            st.webhook_last_error = error.clone();
        }
        if error.is_some() {
            tokio::select! {
                _ = tokio::time::sleep(RETRY) => {}
                _ = shutdown.wait_for(|stopped| *stopped) => return,
            }
        }
    }
}

//! Tests of the emulator against teloxide 0.17 itself.

mod api;
mod dispatch;
mod json;
mod markup;
mod polling;
mod terminal;
mod webhook;

use serde_json::{json, Value};
use teloxide::types::{Message, Update, UpdateKind};

use super::{ChatSpec, Emulator, UserSpec};

pub(super) fn alice() -> UserSpec {
    UserSpec::new(1001, "Alice").with_language("en")
}

pub(super) fn alice_chat() -> ChatSpec {
    ChatSpec::private(&alice())
}

pub(super) fn bot(emu: &Emulator) -> teloxide::Bot {
    teloxide::Bot::new("1:test").set_api_url(emu.api_url())
}

/// Calls the API over HTTP with a JSON body; returns (HTTP status, response body).
pub(super) async fn call(emu: &Emulator, method: &str, body: Value) -> (u16, Value) {
    let url = emu
        .api_url()
        .join(&format!("./bot1:test/{method}"))
        .expect("url");
    let response = reqwest::Client::new()
        .post(url)
        .json(&body)
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.expect("json body"))
}

/// `result` of a successful call.
pub(super) async fn ok(emu: &Emulator, method: &str, body: Value) -> Value {
    let (status, reply) = call(emu, method, body).await;
    assert_eq!(status, 200, "{method}: {reply}");
    assert_eq!(reply["ok"], json!(true), "{method}: {reply}");
    reply["result"].clone()
}

/// Queued updates as raw JSON (without confirming them).
pub(super) async fn updates(emu: &Emulator) -> Vec<Value> {
    let result = ok(emu, "getUpdates", json!({ "timeout": 0 })).await;
    result.as_array().cloned().expect("array")
}

/// The latest queued update, parsed by teloxide; fails if teloxide could not parse it.
pub(super) async fn last_update(emu: &Emulator) -> Update {
    let raw = updates(emu).await.pop().expect("an update");
    // teloxide parses from text (its `UpdateKind` visitor wants borrowed keys, which
    // `serde_json::from_value` cannot give), so do the same
    let update: Update = serde_json::from_str(&raw.to_string()).expect("update parses");
    assert!(
        !matches!(update.kind, UpdateKind::Error(_)),
        "teloxide could not parse {raw}"
    );
    update
}

pub(super) async fn last_message(emu: &Emulator) -> Message {
    match last_update(emu).await.kind {
        UpdateKind::Message(m) => m,
        other => panic!("not a message: {other:?}"),
    }
}

//! Webhooks: a real `teloxide::Bot` sets one (multipart), updates are then POSTed to it
//! with the secret, `getUpdates` is refused, and deleting it brings polling back.

use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use teloxide::prelude::*;
use tokio::sync::mpsc;

use super::super::Emulator;
use super::{alice, alice_chat, bot, call};

#[tokio::test]
async fn updates_go_to_the_webhook_with_the_secret_until_it_is_deleted() {
    let emu = Emulator::start().await.expect("start");
    let (tx, mut rx) = mpsc::unbounded_channel::<(Option<String>, serde_json::Value)>();
    // The first POST is refused: the emulator must send the update again.
    let refused = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let tx = tx.clone();
            let refused = refused.clone();
            async move {
                if !refused.swap(true, std::sync::atomic::Ordering::SeqCst) {
                    return StatusCode::SERVICE_UNAVAILABLE;
                }
                let secret = headers
                    .get("x-telegram-bot-api-secret-token")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                let _ = tx.send((secret, serde_json::from_str(&body).unwrap_or_default()));
                StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });

    let bot = bot(&emu);
    bot.set_webhook(url.parse().expect("url"))
        .secret_token("s3cret_token-1".to_owned())
        .await
        .expect("setWebhook");
    let info = bot.get_webhook_info().await.expect("getWebhookInfo");
    assert_eq!(info.url.map(|u| u.to_string()), Some(url.clone()));
    let (status, body) = call(&emu, "getUpdates", serde_json::json!({})).await;
    assert_eq!(status, 409, "{body}");

    emu.send_text(&alice_chat(), &alice(), "hello");
    let (secret, update) = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("an update is posted")
        .expect("a post");
    assert_eq!(secret.as_deref(), Some("s3cret_token-1"));
    assert_eq!(update["message"]["text"], "hello");
    // The update leaves the queue once the webhook's 200 is back.
    for _ in 0..500 {
        if emu.webhook_posts() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(emu.webhook_posts(), 1);
    assert_eq!(emu.pending_updates(), 0);

    bot.delete_webhook().await.expect("deleteWebhook");
    assert!(emu.webhook().is_none());
    emu.send_text(&alice_chat(), &alice(), "again");
    let updates = bot.get_updates().await.expect("polling works again");
    assert_eq!(updates.len(), 1);
}

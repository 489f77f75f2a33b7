//! Operation: webhook mode, /healthz and /metrics on the operator listener.

use crate::harness::{poll, private_chat, user, wait_for_reply, TestBot, WEBHOOK_SECRET};
use recovery_bot::config::TelegramMode;
use serde_json::json;
use std::time::Duration;
use telegram_emulator::Emulator;

const NEW_PASSWORD: &str = "purple elephant dances quietly";

/// Runs a whole reset by e-mail in a fresh private chat.
async fn reset_alice(bot: &TestBot, user_id: i64) {
    let user = user(user_id, "en");
    let chat = private_chat(&user);
    let emu = &bot.emu;
    let mails_before = bot.smtp.mails().len();
    emu.send_text(&chat, &user, "/reset");
    let (_, at) = wait_for_reply(emu, chat.id, 0, "Let's reset").await;
    emu.send_text(&chat, &user, "alice@example.com");
    let (_, at) = wait_for_reply(emu, chat.id, at, "we sent a 6-digit code").await;
    let mails = bot
        .smtp
        .wait_for_mail(mails_before + 1, Duration::from_secs(10))
        .await;
    let code: String = mails[mails_before]
        .body
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("a code in the e-mail")
        .into();
    emu.send_text(&chat, &user, &code);
    let (_, at) = wait_for_reply(emu, chat.id, at, "Code accepted").await;
    emu.send_text(&chat, &user, NEW_PASSWORD);
    let (_, at) = wait_for_reply(emu, chat.id, at, "type the new password again").await;
    emu.send_text(&chat, &user, NEW_PASSWORD);
    wait_for_reply(emu, chat.id, at, "your password has been changed").await;
}

/// A port nobody listens on right now, for the webhook's public URL.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn start_webhook_bot() -> TestBot {
    let port = free_port();
    TestBot::start_with(|config| {
        config.telegram.mode = TelegramMode::Webhook;
        config.telegram.webhook_listen = format!("127.0.0.1:{port}").into();
        config.telegram.webhook_url = format!("http://127.0.0.1:{port}/telegram/hook").into();
    })
    .await
}

pub async fn get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    let answer = reqwest::get(format!("http://{addr}{path}"))
        .await
        .expect("the operator listener answers");
    let status = answer.status().as_u16();
    (status, answer.text().await.expect("a body"))
}

pub fn counter(metrics: &str, name: &str) -> u64 {
    let prefix = format!("recovery_bot_{name}_total ");
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no counter {name} in\n{metrics}"))
}

async fn wait_for_webhook(emu: &Emulator) {
    poll(|| emu.webhook())
        .await
        .expect("the bot sets its webhook");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_works_in_webhook_mode_and_updates_are_never_polled() {
    let bot = start_webhook_bot().await;
    wait_for_webhook(&bot.emu).await;
    let hook = bot.emu.webhook().expect("a webhook");
    assert!(hook.url.ends_with("/telegram/hook"), "{hook:?}");
    assert_eq!(hook.secret_token.as_deref(), Some(WEBHOOK_SECRET));
    reset_alice(&bot, 5001).await;
    assert!(bot.emu.webhook_posts() >= 5);
    let polls = bot
        .emu
        .requests()
        .iter()
        .filter(|(m, _)| m == "getupdates")
        .count();
    assert_eq!(polls, 0, "webhook mode must not poll");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_post_without_the_right_secret_is_refused_and_not_processed() {
    let bot = start_webhook_bot().await;
    wait_for_webhook(&bot.emu).await;
    let url = bot.emu.webhook().expect("a webhook").url;
    let person = user(5101, "en");
    let chat = private_chat(&person);
    let forged = json!({
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": { "id": chat.id, "type": "private", "first_name": "User5101" },
            "from": { "id": person.id, "is_bot": false, "first_name": "User5101" },
            "text": "/help",
            "entities": [{ "type": "bot_command", "offset": 0, "length": 5 }],
        }
    });
    // The chat is known, so an answer to a forged update would show up there.
    bot.emu.register_chat(&chat);
    let client = reqwest::Client::new();
    for secret in [None, Some("wrong-secret"), Some("")] {
        let mut request = client.post(&url).json(&forged);
        if let Some(secret) = secret {
            request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        let status = request.send().await.expect("the webhook answers").status();
        assert_eq!(status.as_u16(), 401, "secret {secret:?}");
    }
    // A real update in the same chat comes after the forged ones: had one of them been
    // taken, its answer (the checklist) would come first.
    bot.emu.send_text(&chat, &person, "/start");
    wait_for_reply(&bot.emu, chat.id, 0, "What would you like to do?").await;
    let sent = bot
        .emu
        .messages(chat.id)
        .into_iter()
        .filter(|m| m.from_bot)
        .count();
    assert_eq!(sent, 1, "only /start was answered");
    let (_, metrics) = get(bot.api_addr.expect("operator listener"), "/metrics").await;
    assert_eq!(counter(&metrics, "webhook_refused"), 3);
    assert_eq!(counter(&metrics, "updates"), 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_metrics_count_a_reset_without_revealing_accounts() {
    let bot = TestBot::start().await;
    let addr = bot.api_addr.expect("operator listener");
    let (status, body) = get(addr, "/healthz").await;
    assert_eq!((status, body.trim()), (200, "ok"));
    reset_alice(&bot, 5201).await;
    // The notices about the change are queued after the last reply; wait for them to leave.
    bot.smtp.wait_for_mail(2, Duration::from_secs(10)).await;
    bot.sms.wait_for_sms(1, Duration::from_secs(10)).await;
    let sent = &bot.services.metrics().deliveries_sent;
    poll(|| (sent.get() >= 3).then_some(())).await;
    let (_, metrics) = get(addr, "/metrics").await;
    for (name, expected) in [
        ("code_requests", 1),
        ("codes_accepted", 1),
        ("codes_rejected", 0),
        ("password_resets", 1),
        ("lockouts", 0),
        ("tickets_opened", 0),
        ("deliveries_sent", 3),
        ("deliveries_failed", 0),
        ("webhook_refused", 0),
        // Is it the current password, the new one hashed, the confirmation checked.
        ("password_hashes", 3),
    ] {
        assert_eq!(counter(&metrics, name), expected, "{name}\n{metrics}");
    }
    // /reset, the identifier, the code and the password twice.
    assert!(counter(&metrics, "updates") >= 5, "{metrics}");
    assert!(counter(&metrics, "replies") >= 4, "{metrics}");
    for secret in ["alice", "example.com", NEW_PASSWORD] {
        assert!(!metrics.contains(secret), "/metrics shows {secret:?}");
    }
    // No bearer token is needed for these two, but the API still wants one.
    let (status, _) = get(addr, "/api/v1/changes/nope").await;
    assert_eq!(status, 401);
    bot.stop().await;
}

/// A webhook secret as `openssl rand -hex 20` makes one.
const GOOD_SECRET: &str = "3f9a1c7e5b2d8f4a6c0e9b1d7f3a5c8e2b4d6f0a";

#[test]
fn check_config_checks_the_webhook_keys_and_secret() {
    let dir = tempfile::tempdir().expect("dir");
    let config = dir.path().join("bot.toml");
    let check = |toml: &str, secret: Option<&str>| {
        std::fs::write(&config, toml).expect("write config");
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_recovery-bot"));
        command
            .args(["check-config", "--config"])
            .arg(&config)
            .env("TELOXIDE_TOKEN", "1:x")
            .env("RECOVERY_BOT_SECRET", "0123456789abcdef0123456789abcdef")
            .env_remove("RECOVERY_BOT_WEBHOOK_SECRET")
            .env_remove("RECOVERY_BOT_PREVIOUS_SECRET");
        if let Some(secret) = secret {
            command.env("RECOVERY_BOT_WEBHOOK_SECRET", secret);
        }
        let out = command.output().expect("run");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    };
    let webhook = "[telegram]\nmode = \"webhook\"\nwebhook_url = \"https://bot.example.com/tg\"\n";
    let (ok, text) = check(webhook, Some(GOOD_SECRET));
    assert!(ok, "{text}");
    let (ok, text) = check(webhook, None);
    assert!(
        !ok && text.contains("RECOVERY_BOT_WEBHOOK_SECRET"),
        "{text}"
    );
    let (ok, text) = check(webhook, Some("spaces are not allowed"));
    assert!(!ok && text.contains("webhook secret"), "{text}");
    let (ok, text) = check(webhook, Some("a-good_secret"));
    assert!(
        !ok && text.contains("at least 32"),
        "a short secret: {text}"
    );
    let (ok, text) = check("[telegram]\nmode = \"webhook\"\n", Some(GOOD_SECRET));
    assert!(!ok && text.contains("telegram.webhook_url"), "{text}");
    // Polling needs none of it.
    let (ok, text) = check("[telegram]\nmode = \"polling\"\n", None);
    assert!(ok, "{text}");
    // A previous HMAC key (during a rotation) is optional, but must be a key when set.
    std::fs::write(&config, "").expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_recovery-bot"))
        .args(["check-config", "--config"])
        .arg(&config)
        .env("TELOXIDE_TOKEN", "1:x")
        .env("RECOVERY_BOT_SECRET", "0123456789abcdef0123456789abcdef")
        .env("RECOVERY_BOT_PREVIOUS_SECRET", "too short")
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && text.contains("previous"), "{text}");
}

/// Without signal handling (the demo, tests) nothing asks the bot to stop, so the grace
/// period never starts: the bot keeps answering long after it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bot_without_signal_handling_keeps_serving_past_the_grace_period() {
    let bot = crate::harness::TestBot::start_with(|c| {
        c.telegram.shutdown_grace = std::time::Duration::from_secs(1)
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let who = crate::harness::user(6101, "en");
    let chat = crate::harness::private_chat(&who);
    bot.emu.send_text(&chat, &who, "/start");
    crate::harness::wait_for_reply(&bot.emu, chat.id, 0, "What would you like to do?").await;
    bot.stop().await;
}

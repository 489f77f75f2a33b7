//! Graceful shutdown of the real binary: SIGTERM while a password is being hashed still
//! gets the reply out, the process exits 0, and the store opens cleanly afterwards; SIGTERM
//! while Telegram cannot be reached at start-up is taken at once.

use crate::harness::{poll, private_chat, user, wait_for_reply};
use crate::process::RealBot;
use recovery_bot::store::Store;
use telegram_emulator::Emulator;

const PASSWORD: &str = "purple elephant dances quietly";

const SETTINGS: &str = r#"
[telegram]
shutdown_grace_secs = 60
# Telegram's own limits, as shipped: replies keep to them while the bot drains.
messages_per_sec_chat = 1
messages_per_min_chat = 20
messages_per_sec_overall = 30
[security]
# Heavy enough that the password step is still hashing when SIGTERM comes.
argon2_memory_kib = 65536
argon2_iterations = 3
hashing_concurrency = 1
[codes]
reply_padding_ms = 0
[delivery]
kind = "file"
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_update_in_flight_flushes_and_exits_zero() {
    let emu = Emulator::start().await.expect("emulator");
    let mut bot = RealBot::new(&emu, SETTINGS);
    bot.seed_accounts().await;
    bot.start(&emu).await;

    let person = user(6001, "en");
    let chat = private_chat(&person);
    emu.send_text(&chat, &person, "/reset");
    let (_, at) = wait_for_reply(&emu, chat.id, 0, "Let's reset").await;
    emu.send_text(&chat, &person, "alice@example.com");
    let (_, at) = wait_for_reply(&emu, chat.id, at, "we sent a 6-digit code").await;
    let code = bot.outbox_code().await;
    emu.send_text(&chat, &person, &code);
    let (_, at) = wait_for_reply(&emu, chat.id, at, "Code accepted").await;

    // The password goes in; once the bot has taken it (and is hashing), SIGTERM.
    emu.send_text(&chat, &person, PASSWORD);
    poll(|| (emu.pending_updates() == 0).then_some(()))
        .await
        .expect("the bot takes the update");
    bot.signal(libc::SIGTERM);

    wait_for_reply(&emu, chat.id, at, "type the new password again").await;
    let status = bot.exit_status().await;
    let log_text = bot.logs();
    assert!(status.success(), "exit status {status:?}; log:\n{log_text}");
    // The signal came while the password was being hashed, and the reply still went out.
    assert!(log_text.contains("stopping: finishing the updates in flight"));
    assert!(log_text.contains("store flushed"), "{log_text}");
    assert!(!log_text.contains(PASSWORD) && !log_text.contains(&code));

    // The store opens again (no lock left behind) and kept the dialogue's progress.
    let store = Store::open(&bot.config.store.path, 8).expect("the store reopens");
    assert!(store
        .lookup_account("alice@example.com")
        .expect("read")
        .is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_while_telegram_is_unreachable_at_start_up_stops_at_once() {
    let emu = Emulator::start().await.expect("emulator");
    // Nothing listens on this port: getMe fails, and would be retried for ten minutes.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let settings = format!(
        "[telegram]\napi_url = \"http://127.0.0.1:{port}/\"\nretry_for_secs = 600\n\
         [delivery]\nkind = \"file\"\n"
    );
    let mut bot = RealBot::new(&emu, &settings);
    bot.spawn();
    bot.wait_for_log("Telegram call failed, retrying").await;
    bot.signal(libc::SIGTERM);

    // Ended well inside the retry window (the wait gives up after seconds), cleanly.
    let status = bot.exit_status().await;
    let log_text = bot.logs();
    assert!(status.success(), "exit status {status:?}; log:\n{log_text}");
    assert!(log_text.contains("stopped while starting"), "{log_text}");
    assert!(log_text.contains("store flushed"), "{log_text}");
    Store::open(&bot.config.store.path, 8).expect("the store reopens");
}

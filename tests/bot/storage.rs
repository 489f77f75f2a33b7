//! The store under the bot. Nothing leaves the process before the writes that led to it
//! are on disk (a call to Telegram, a queued SMS), and no flush is done for nothing.
//!
//! A store write that fails for real: the real `recovery-bot run` process, against the
//! emulator, gets its file-size limit (RLIMIT_FSIZE) lowered with `prlimit`, so sled's
//! next write fails with EFBIG (the bot ignores SIGXFSZ). The user is told
//! to try again later, the cause is logged, and the bot started again on the same store
//! works: nothing was left half-applied.

use crate::harness::{find_reply, private_chat, user, wait_for_reply};
use crate::process::RealBot;
use std::path::Path;
use std::process::Command;
use std::time::Duration;
use telegram_emulator::Emulator;

const TRY_LATER: &str = "Something went wrong on our side";

const SETTINGS: &str = r#"
[security]
argon2_memory_kib = 64
argon2_iterations = 1

[delivery]
kind = "file"

[codes]
reply_padding_ms = 0
"#;

/// Lowers a running process's RLIMIT_FSIZE (Linux `prlimit`).
fn limit_file_size(pid: libc::pid_t, bytes: u64) {
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: prlimit with a valid pid, a valid new limit and no old-limit output.
    let rc = unsafe { libc::prlimit(pid, libc::RLIMIT_FSIZE, &limit, std::ptr::null_mut()) };
    assert_eq!(rc, 0, "prlimit: {}", std::io::Error::last_os_error());
}

/// Adds alice with the real command line before the bot holds the store.
fn add_account(config: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_recovery-bot"))
        .args(["--config"])
        .arg(config)
        .args([
            "accounts",
            "add",
            "--id",
            "alice",
            "--email",
            "alice@example.com",
        ])
        .args(["--name", "Alice Example", "--language", "en"])
        .env_remove("RUST_LOG")
        .output()
        .expect("accounts add");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_store_write_is_answered_logged_and_applies_nothing() {
    let emu = Emulator::start().await.expect("emulator");
    let mut bot = RealBot::new(&emu, SETTINGS);
    add_account(&bot.config_path());
    bot.start(&emu).await;
    let person = user(6001, "en");
    let chat = private_chat(&person);
    emu.send_text(&chat, &person, "/reset");
    let (_, after) = wait_for_reply(&emu, chat.id, 0, "Let's reset").await;
    emu.send_text(&chat, &person, "alice@example.com");
    let (_, after) = wait_for_reply(&emu, chat.id, after, "If an account uses").await;
    let code = bot.outbox_code().await;

    // Let sled write what the bot has done so far, then lower the limit below every offset
    // sled writes at (Linux checks the write position, not the file's length, and sled's
    // log file is already as long as its segment): the next write fails with EFBIG.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    limit_file_size(bot.pid(), 1);

    // A correct code is consumed and made durable before the bot answers; that write fails.
    emu.send_text(&chat, &person, &code);
    let (told, _) = find_reply(&emu, chat.id, after, "")
        .await
        .expect("no reply to the code");
    assert!(told.contains(TRY_LATER), "{told}");
    assert!(!told.contains("error"), "the user saw the cause: {told}");
    assert!(bot.is_running(), "the bot died of the fault");
    bot.kill();
    let logged = bot.logs();
    let handler_failure = logged
        .lines()
        .find(|l| l.contains("a handler failed"))
        .unwrap_or_default();
    assert!(
        handler_failure.contains("File too large"),
        "the cause is not logged with the failure:\n{logged}"
    );

    // Started again without the limit on the same store: the failed step left nothing
    // behind. The chat still waits for the code, and the same code (not consumed) works.
    bot.start(&emu).await;
    let after = emu.events().len();
    emu.send_text(&chat, &person, &code);
    wait_for_reply(&emu, chat.id, after, "Code accepted").await;
}

/// Write-ahead: a message to Telegram first makes the store's writes durable, a message
/// after which nothing was written does not flush again, and a deletion (harmless to
/// repeat after a crash) does not wait for the disk.
#[tokio::test]
async fn a_telegram_message_flushes_what_was_written_before_it_and_only_that() {
    use recovery_bot::bot::limits::{Rules, SendLimits};
    use recovery_bot::bot::Tg;
    use recovery_bot::store::Store;
    use teloxide::Bot;

    let emu = Emulator::start().await.expect("emulator");
    let alice = user(7001, "en");
    let chat = private_chat(&alice);
    emu.register_chat(&chat);
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("store"), 1).expect("store");
    let limits = SendLimits::new(Rules {
        per_chat_sec: 1_000,
        per_group_min: 1_000,
        overall_sec: 1_000,
    });
    let bot = Tg::new(
        Bot::new("1:test").set_api_url(emu.api_url()),
        limits,
        Duration::from_secs(5),
        store.group_flush(),
    );

    assert!(store.first_time_update(1).expect("record"));
    let before = store.flushes();
    let one = bot
        .send_message(teloxide::types::ChatId(chat.id), "one")
        .await
        .expect("send");
    assert_eq!(store.flushes(), before + 1, "the record went to disk first");
    bot.send_message(teloxide::types::ChatId(chat.id), "two")
        .await
        .expect("send");
    assert_eq!(store.flushes(), before + 1, "nothing new, no flush");
    assert!(store.first_time_update(2).expect("record"));
    bot.delete_message(teloxide::types::ChatId(chat.id), one.id)
        .await
        .expect("delete");
    assert_eq!(store.flushes(), before + 1, "a deletion does not flush");
    let deleted: Vec<bool> = emu.messages(chat.id).iter().map(|m| m.deleted).collect();
    assert_eq!(deleted, [true, false]);
}

/// Write-ahead for e-mail and SMS: the queued message leaves only once the store's writes
/// (the queue entry among them) are on disk.
#[tokio::test]
async fn a_delivery_leaves_after_the_store_is_flushed() {
    use recovery_bot::clock::{SharedClock, SystemClock};
    use recovery_bot::config::Config;
    use recovery_bot::crypto::Secret;
    use recovery_bot::delivery::{Deliveries, Outgoing};
    use recovery_bot::domain::PhoneNumber;
    use recovery_bot::metrics::Metrics;
    use recovery_bot::store::Store;
    use secrecy::SecretString;
    use std::sync::Arc;

    let dir = tempfile::tempdir().expect("temp dir");
    let outbox = dir.path().join("outbox");
    let config = Config::parse(&format!(
        "[delivery]\nkind = \"file\"\noutbox = {:?}\n",
        outbox.display().to_string()
    ))
    .expect("config");
    let store = Store::open(&dir.path().join("store"), 1).expect("store");
    let secret = Secret::new(SecretString::from(
        "an hmac key for tests, 32 bytes or more",
    ))
    .expect("key");
    let clock: SharedClock = Arc::new(SystemClock);
    let deliveries = Deliveries::start(
        &config,
        store.clone(),
        &secret,
        clock,
        Arc::new(Metrics::new()),
    )
    .expect("deliveries");

    assert_eq!(store.flushes(), 0);
    deliveries.send(Outgoing::Sms {
        to: PhoneNumber::parse("+44 20 7946 0958").expect("phone"),
        text: SecretString::from("Your code is 123456".to_string()),
    });
    let mut written = 0;
    for _ in 0..500 {
        written = std::fs::read_dir(&outbox).map_or(0, |d| d.count());
        if written > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(written, 1, "the SMS was written to the outbox");
    assert_eq!(
        store.flushes(),
        1,
        "after one flush, before which it did not go"
    );
}

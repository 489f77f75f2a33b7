//! Graceful shutdown of the real binary: SIGTERM while a password is being hashed still
//! gets the reply out, the process exits 0, and the store opens cleanly afterwards.

use crate::harness::{poll, private_chat, user, wait_for_reply};
use recovery_bot::cli::accounts::AccountInput;
use recovery_bot::config::Config;
use recovery_bot::emulator::Emulator;
use recovery_bot::store::Store;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const PASSWORD: &str = "purple elephant dances quietly";

fn write_config(dir: &Path, emu: &Emulator) -> std::path::PathBuf {
    let toml = format!(
        r#"
[telegram]
api_url = "{api}"
shutdown_grace_secs = 60
[store]
path = "{dir}/store"
cache_capacity_mib = 8
[security]
# Heavy enough that the password step is still hashing when SIGTERM comes.
argon2_memory_kib = 65536
argon2_iterations = 3
hashing_concurrency = 1
[codes]
reply_padding_ms = 0
[delivery]
kind = "file"
outbox = "{dir}/outbox"
[api]
listen = ""
[log]
filter = "info"
"#,
        api = emu.api_url(),
        dir = dir.display(),
    );
    let path = dir.join("bot.toml");
    std::fs::write(&path, toml).expect("write bot.toml");
    path
}

fn seed(config: &Config) {
    let store = Store::open(&config.store.path, 8).expect("store");
    let input = AccountInput {
        id: Some("alice".into()),
        email: Some("alice@example.com".into()),
        phone: None,
        name: "Alice Example".into(),
        language: Some("en".into()),
        password: Some("winter orchard lanterns glow softly".into()),
        password_hash: None,
    };
    let account = input.into_account(config, 0).expect("account");
    store.insert_account(&account).expect("seed");
}

fn spawn_bot(config: &Path, log: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_recovery-bot"))
        .arg("--config")
        .arg(config)
        .arg("run")
        .env("TELOXIDE_TOKEN", "123456:shutdown-test")
        .env(
            "RECOVERY_BOT_SECRET",
            "an hmac key for tests, 32 bytes or more",
        )
        .env_remove("RECOVERY_BOT_API_TOKEN")
        .env_remove("TELOXIDE_API_URL")
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).expect("log file"))
        .spawn()
        .expect("the bot starts")
}

/// The 6-digit code in the outbox's newest e-mail.
async fn code_from_outbox(outbox: &Path) -> String {
    poll(|| {
        let mut files: Vec<_> = std::fs::read_dir(outbox)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        let text = std::fs::read_to_string(files.last()?).ok()?;
        text.split(|c: char| !c.is_ascii_digit())
            .find(|w| w.len() == 6)
            .map(str::to_owned)
    })
    .await
    .expect("a code in the outbox")
}

async fn wait_for_exit(child: &mut Child) -> std::process::ExitStatus {
    let status = poll(|| child.try_wait().ok().flatten()).await;
    status.unwrap_or_else(|| {
        let _ = child.kill();
        panic!("the bot did not exit after SIGTERM");
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_update_in_flight_flushes_and_exits_zero() {
    crate::logs::install();
    let dir = tempfile::tempdir().expect("temp dir");
    let emu = Emulator::start().await.expect("emulator");
    let config_path = write_config(dir.path(), &emu);
    let config = Config::load(&config_path).expect("config");
    seed(&config);
    let log = dir.path().join("bot.log");
    let mut child = spawn_bot(&config_path, &log);
    assert!(
        emu.wait_until_polling(Duration::from_secs(60)).await,
        "the bot never polled"
    );

    let person = user(6001, "en");
    let chat = private_chat(&person);
    emu.send_text(&chat, &person, "/reset");
    let (_, at) = wait_for_reply(&emu, chat.id, 0, "Let's reset").await;
    emu.send_text(&chat, &person, "alice@example.com");
    let (_, at) = wait_for_reply(&emu, chat.id, at, "we sent a 6-digit code").await;
    let code = code_from_outbox(&dir.path().join("outbox")).await;
    emu.send_text(&chat, &person, &code);
    let (_, at) = wait_for_reply(&emu, chat.id, at, "Code accepted").await;

    // The password goes in; once the bot has taken it (and is hashing), SIGTERM.
    emu.send_text(&chat, &person, PASSWORD);
    poll(|| (emu.pending_updates() == 0).then_some(()))
        .await
        .expect("the bot takes the update");
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());

    wait_for_reply(&emu, chat.id, at, "type the new password again").await;
    let status = wait_for_exit(&mut child).await;
    let log_text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(status.success(), "exit status {status:?}; log:\n{log_text}");
    // The signal came while the password was being hashed, and the reply still went out.
    assert!(log_text.contains("stopping: finishing the updates in flight"));
    assert!(log_text.contains("store flushed"), "{log_text}");
    assert!(!log_text.contains(PASSWORD) && !log_text.contains(&code));

    // The store opens again (no lock left behind) and kept the dialogue's progress.
    let store = Store::open(&config.store.path, 8).expect("the store reopens");
    assert!(store
        .lookup_account("alice@example.com")
        .expect("read")
        .is_some());
}

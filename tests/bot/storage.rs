//! A store write that fails for real: the real `recovery-bot run` process, against the
//! emulator, gets its file-size limit (RLIMIT_FSIZE) lowered with `prlimit`, so sled's
//! next write fails with EFBIG (the bot ignores SIGXFSZ). The user is told
//! to try again later, the cause is logged, and the bot started again on the same store
//! works: nothing was left half-applied.

use crate::harness::{poll, private_chat, user, wait_for_reply};
use recovery_bot::emulator::Emulator;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const TRY_LATER: &str = "Something went wrong on our side";

fn config(dir: &Path, emu: &Emulator) -> PathBuf {
    let path = dir.join("bot.toml");
    let toml = format!(
        "[telegram]\napi_url = \"{}\"\nmessages_per_sec_chat = 1000\nmessages_per_min_chat = 10000\nmessages_per_sec_overall = 10000\n\n[store]\npath = \"{}\"\ncache_capacity_mib = 8\n\n\
         [security]\nargon2_memory_kib = 64\nargon2_iterations = 1\n\n\
         [delivery]\nkind = \"file\"\noutbox = \"{}\"\n\n[codes]\nreply_padding_ms = 0\n\n\
         [log]\nfilter = \"info\"\n\n[api]\nlisten = \"\"\n",
        emu.api_url(),
        dir.join("store").display(),
        dir.join("outbox").display(),
    );
    std::fs::write(&path, toml).expect("write config");
    path
}

/// The bot's log, read from a pipe (a file would fall under the lowered limit too).
#[derive(Clone, Default)]
struct Log(Arc<Mutex<String>>);

impl Log {
    fn text(&self) -> String {
        self.0.lock().map(|t| t.clone()).unwrap_or_default()
    }
}

fn spawn(config: &Path) -> (Child, Log) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_recovery-bot"))
        .args(["--config"])
        .arg(config)
        .arg("run")
        .env_remove("RUST_LOG")
        .env_remove("TELOXIDE_API_URL")
        .env("TELOXIDE_TOKEN", "123456:test-token")
        .env(
            "RECOVERY_BOT_SECRET",
            "an hmac key for tests, 32 bytes or more",
        )
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the bot");
    let log = Log::default();
    let sink = log.clone();
    let mut stderr = child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut text) = sink.0.lock() {
                text.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        }
    });
    (child, log)
}

/// Lowers a running process's RLIMIT_FSIZE (Linux `prlimit`).
fn limit_file_size(child: &Child, bytes: u64) {
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: prlimit with a valid pid, a valid new limit and no old-limit output.
    let rc = unsafe {
        libc::prlimit(
            child.id() as libc::pid_t,
            libc::RLIMIT_FSIZE,
            &limit,
            std::ptr::null_mut(),
        )
    };
    assert_eq!(rc, 0, "prlimit: {}", std::io::Error::last_os_error());
}

fn stop(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
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

/// The code in the newest e-mail of the outbox, once there is one.
async fn code_from_outbox(dir: &Path) -> String {
    poll(|| {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        let text = std::fs::read_to_string(files.last()?).ok()?;
        text.split(|c: char| !c.is_ascii_digit())
            .find(|w| w.len() == 6)
            .map(str::to_owned)
    })
    .await
    .expect("no code in the outbox")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_store_write_is_answered_logged_and_applies_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let emu = Emulator::start().await.expect("emulator");
    let config = config(dir.path(), &emu);
    add_account(&config);
    let (mut child, log) = spawn(&config);
    let person = user(6001, "en");
    let chat = private_chat(&person);
    emu.send_text(&chat, &person, "/reset");
    let (_, after) = wait_for_reply(&emu, chat.id, 0, "Let's reset").await;
    emu.send_text(&chat, &person, "alice@example.com");
    let (_, after) = wait_for_reply(&emu, chat.id, after, "If an account uses").await;
    let code = code_from_outbox(&dir.path().join("outbox")).await;

    // Let sled write what the bot has done so far, then lower the limit below every offset
    // sled writes at (Linux checks the write position, not the file's length, and sled's
    // log file is already as long as its segment): the next write fails with EFBIG.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    limit_file_size(&child, 1);

    // A correct code is consumed and made durable before the bot answers; that write fails.
    emu.send_text(&chat, &person, &code);
    let Some((told, _)) = next_reply(&emu, chat.id, after).await else {
        stop(child);
        panic!("no reply; the bot's log:\n{}", log.text());
    };
    assert!(told.contains(TRY_LATER), "{told}");
    assert!(!told.contains("error"), "the user saw the cause: {told}");
    assert!(
        child.try_wait().expect("wait").is_none(),
        "the bot died of the fault"
    );
    stop(child);
    let logged = log.text();
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
    let (child, _) = spawn(&config);
    let after = emu.events().len();
    emu.send_text(&chat, &person, &code);
    wait_for_reply(&emu, chat.id, after, "Code accepted").await;
    stop(child);
}

/// The bot's next message in the chat after event `after`, if one comes within 10 s.
async fn next_reply(emu: &Emulator, chat_id: i64, after: usize) -> Option<(String, usize)> {
    poll(|| {
        emu.events()
            .into_iter()
            .enumerate()
            .skip(after)
            .find_map(|(i, e)| match e {
                recovery_bot::emulator::Event::Sent {
                    chat_id: c, text, ..
                } if c == chat_id => Some((text, i + 1)),
                _ => None,
            })
    })
    .await
}

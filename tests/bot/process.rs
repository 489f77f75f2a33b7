//! The real binary (`recovery-bot run`) as a child process against the emulator: its
//! `bot.toml` and store in a temporary folder, secrets in its environment, its log read
//! from a pipe (a log file would count against a lowered file-size limit too), and
//! started again on the same store as often as a test likes.

use crate::harness::{poll, seed_accounts};
use recovery_bot::clock::{Clock, SystemClock};
use recovery_bot::config::Config;
use recovery_bot::store::Store;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use telegram_emulator::Emulator;

pub struct RealBot {
    pub dir: tempfile::TempDir,
    /// What the process reads from `bot.toml`.
    pub config: Config,
    child: Option<Child>,
    /// The log of every start, oldest first.
    logs: Vec<Arc<Mutex<String>>>,
}

impl RealBot {
    /// Writes `bot.toml` from the test's `settings` (TOML) and the keys every real bot
    /// gets here unless the settings say otherwise: the emulator's URL, Telegram's rate
    /// limits lifted (as for the in-process bots), a small store and an outbox in the
    /// folder, no operator API, `info` logs. Nothing runs yet.
    pub fn new(emu: &Emulator, settings: &str) -> RealBot {
        crate::logs::install();
        let dir = tempfile::tempdir().expect("temp dir");
        let mut toml: toml::Table = settings.parse().expect("the test's settings");
        let path = |name: &str| dir.path().join(name).display().to_string();
        let settled: [(&str, &str, toml::Value); 9] = [
            ("telegram", "api_url", emu.api_url().to_string().into()),
            ("telegram", "messages_per_sec_chat", 1000.into()),
            ("telegram", "messages_per_min_chat", 10_000.into()),
            ("telegram", "messages_per_sec_overall", 10_000.into()),
            ("store", "path", path("store").into()),
            ("store", "cache_capacity_mib", 8.into()),
            ("delivery", "outbox", path("outbox").into()),
            ("api", "listen", "".into()),
            ("log", "filter", "info".into()),
        ];
        for (table, key, value) in settled {
            let table = toml.entry(table).or_insert(toml::Table::new().into());
            let table = table.as_table_mut().expect("a TOML table");
            table.entry(key).or_insert(value);
        }
        let file = dir.path().join("bot.toml");
        std::fs::write(&file, toml.to_string()).expect("write bot.toml");
        let config = Config::load(&file).expect("bot.toml");
        RealBot {
            dir,
            config,
            child: None,
            logs: Vec::new(),
        }
    }

    pub fn config_path(&self) -> PathBuf {
        self.dir.path().join("bot.toml")
    }

    /// A new process on the folder's config and store; returns once it idles in a long
    /// poll, past every update the emulator served it.
    pub async fn start(&mut self, emu: &Emulator) {
        self.spawn();
        assert!(
            emu.wait_until_polling(Duration::from_secs(60)).await,
            "the bot did not start polling:\n{}",
            self.logs()
        );
    }

    /// A new process on the folder's config and store, not waited for.
    pub fn spawn(&mut self) {
        let (reader, writer) = std::io::pipe().expect("a pipe for the log");
        let child = Command::new(env!("CARGO_BIN_EXE_recovery-bot"))
            .arg("--config")
            .arg(self.config_path())
            .arg("run")
            .env("TELOXIDE_TOKEN", "123456:test-token")
            .env(
                "RECOVERY_BOT_SECRET",
                "an hmac key for tests, 32 bytes or more",
            )
            .env_remove("TELOXIDE_API_URL")
            .env_remove("RUST_LOG")
            .env_remove(&self.config.api.token_env)
            .stdin(Stdio::null())
            .stdout(writer.try_clone().expect("log pipe"))
            .stderr(writer)
            .spawn()
            .expect("start recovery-bot");
        let log = Arc::new(Mutex::new(String::new()));
        let sink = log.clone();
        std::thread::spawn(move || {
            let mut reader = std::io::BufReader::new(reader);
            let mut line = Vec::new();
            while reader.read_until(b'\n', &mut line).is_ok_and(|n| n > 0) {
                sink.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push_str(&String::from_utf8_lossy(&line));
                line.clear();
            }
        });
        self.child = Some(child);
        self.logs.push(log);
    }

    /// SIGKILL (if it still runs), then a new process on the same store.
    pub async fn restart(&mut self, emu: &Emulator) {
        self.kill();
        self.start(emu).await;
    }

    pub fn pid(&self) -> libc::pid_t {
        let child = self.child.as_ref().expect("a running bot");
        child.id() as libc::pid_t
    }

    pub fn signal(&self, signal: libc::c_int) {
        // SAFETY: kill(2) with the pid of our own child, not yet reaped.
        let rc = unsafe { libc::kill(self.pid(), signal) };
        assert_eq!(rc, 0, "kill: {}", std::io::Error::last_os_error());
    }

    pub fn is_running(&mut self) -> bool {
        let child = self.child.as_mut().expect("a started bot");
        child.try_wait().expect("wait").is_none()
    }

    /// Waits for the process to end by itself.
    pub async fn exit_status(&mut self) -> ExitStatus {
        let child = self.child.as_mut().expect("a started bot");
        let status = poll(|| child.try_wait().ok().flatten()).await;
        status.unwrap_or_else(|| panic!("the bot did not exit:\n{}", self.logs()))
    }

    /// SIGKILL, and the process reaped.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            child.wait().expect("reaped");
        }
    }

    /// Every start's log, oldest first.
    pub fn logs(&self) -> String {
        let logs = self.logs.iter().map(|log| {
            let text = log.lock().unwrap_or_else(|e| e.into_inner());
            text.clone()
        });
        logs.collect::<Vec<_>>().join("\n--- restart ---\n")
    }

    /// Waits until a log line contains `fragment`.
    pub async fn wait_for_log(&self, fragment: &str) {
        let found = poll(|| self.logs().contains(fragment).then_some(())).await;
        found.unwrap_or_else(|| panic!("no {fragment:?} in the log:\n{}", self.logs()));
    }

    /// The 6-digit code in the outbox's newest e-mail, once there is one.
    pub async fn outbox_code(&self) -> String {
        let outbox = self.dir.path().join("outbox");
        poll(|| {
            let mut files: Vec<_> = std::fs::read_dir(&outbox)
                .map(|d| d.flatten().map(|e| e.path()).collect())
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

    /// Stops the bot for good and opens its store.
    pub fn store(&mut self) -> Store {
        self.kill();
        Store::open(&self.config.store.path, 8).expect("the store after the bot")
    }

    /// The accounts of [`crate::harness::ACCOUNTS`], written before the bot holds the store.
    pub async fn seed_accounts(&self) {
        let store = Store::open(&self.config.store.path, 8).expect("store");
        seed_accounts(&store, &self.config, SystemClock.now());
        store.close().await.expect("the seeded store let go");
    }
}

impl Drop for RealBot {
    fn drop(&mut self) {
        self.kill();
        if std::thread::panicking() {
            eprintln!("recovery-bot logs:\n{}", self.logs());
        }
    }
}

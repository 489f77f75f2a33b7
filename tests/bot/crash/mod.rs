//! The real binary (`recovery-bot run`) as a child process, killed with SIGKILL in every
//! dialogue state and started again on the same store. The emulator never confirms an
//! update (as if every kill came before the bot's next `getUpdates`), so each restarted
//! bot is served every earlier update again and must skip them all.

mod flows;

use crate::harness::{
    poll, staff_group, test_config, wait_for_reply, ACCOUNTS, AGENTS, SEED_PASSWORD, STAFF_CHAT,
};
use crate::servers::{SmsSink, SmtpServer};
use recovery_bot::cli::accounts::AccountInput;
use recovery_bot::clock::{Clock, SystemClock};
use recovery_bot::config::Config;
use recovery_bot::emulator::{ChatSpec, Emulator, UserSpec};
use recovery_bot::store::Store;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const NEW_PASSWORD: &str = "copper kettles hum at dawn";

/// The bot process and everything it talks to.
struct Rig {
    emu: Emulator,
    smtp: SmtpServer,
    _sms: SmsSink,
    dir: tempfile::TempDir,
    config: Config,
    child: Option<Child>,
    starts: usize,
    /// Past the last bot event the test looked at.
    cursor: usize,
}

impl Rig {
    async fn start() -> Rig {
        crate::logs::install();
        let dir = tempfile::tempdir().expect("temp dir");
        let smtp = SmtpServer::start().await;
        let sms = SmsSink::start().await;
        let mut config = test_config(dir.path().join("store"), &smtp, &sms);
        config.codes.resend_cooldown_secs = 0;
        config.api.listen = String::new();
        seed_accounts(&config).await;
        std::fs::write(dir.path().join("bot.toml"), bot_toml(&config)).expect("bot.toml");
        let emu = Emulator::start().await.expect("emulator");
        emu.register_chat(&staff_group());
        emu.never_confirm_updates();
        let mut rig = Rig {
            emu,
            smtp,
            _sms: sms,
            dir,
            config,
            child: None,
            starts: 0,
            cursor: 0,
        };
        rig.spawn().await;
        rig
    }

    async fn spawn(&mut self) {
        self.starts += 1;
        let log_path = self.log_path(self.starts);
        let log = std::fs::File::create(&log_path).expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_recovery-bot"))
            .arg("run")
            .arg("--config")
            .arg(self.dir.path().join("bot.toml"))
            .env("TELOXIDE_TOKEN", "123456:test-token")
            .env(
                "RECOVERY_BOT_SECRET",
                "an hmac key for tests, 32 bytes or more",
            )
            .env("TELOXIDE_API_URL", self.emu.api_url().as_str())
            .env("RUST_LOG", "info,recovery_bot::bot::repeats=debug")
            .env_remove(&self.config.api.token_env)
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log file"))
            .stderr(log)
            .spawn()
            .expect("start recovery-bot");
        self.child = Some(child);
        // Started when it idles in a long poll, past every update it was served again.
        assert!(
            self.emu.wait_until_polling(Duration::from_secs(30)).await,
            "the bot did not start polling:\n{}",
            self.logs()
        );
    }

    fn log_path(&self, start: usize) -> PathBuf {
        self.dir.path().join(format!("bot-{start}.log"))
    }

    fn logs(&self) -> String {
        (1..=self.starts)
            .map(|n| std::fs::read_to_string(self.log_path(n)).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n--- restart ---\n")
    }

    /// SIGKILL right after the newest update was handled (its writes are on disk, its
    /// offset never reached the emulator), then a new process on the same store.
    async fn crash_and_restart(&mut self) {
        let newest = self.emu.last_update_id().expect("an update");
        let done = format!("update handled update={newest}");
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        while !plain(&self.logs()).contains(&done) {
            assert!(
                tokio::time::Instant::now() < deadline,
                "update {newest} was not handled:\n{}",
                self.logs()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.kill();
        self.spawn().await;
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("SIGKILL");
            child.wait().expect("reaped");
        }
    }

    /// Sends `text` and waits for the bot's next message in the chat, which must contain
    /// `fragment`.
    async fn say(&mut self, chat: &ChatSpec, from: &UserSpec, text: &str, fragment: &str) -> i32 {
        let id = self.emu.send_text(chat, from, text);
        self.expect(chat.id, fragment).await;
        id
    }

    async fn expect(&mut self, chat_id: i64, fragment: &str) {
        let (_, next) = wait_for_reply(&self.emu, chat_id, self.cursor, fragment).await;
        self.cursor = next;
    }

    /// Presses the button labelled `label` on the newest bot message in the chat that
    /// has it.
    fn press(&self, chat: &ChatSpec, from: &UserSpec, label: &str) {
        let (message_id, data) = self
            .emu
            .messages(chat.id)
            .into_iter()
            .rev()
            .filter(|m| m.from_bot)
            .find_map(|m| {
                let button = m.buttons.iter().flatten().find(|b| b.text == label)?;
                Some((m.message_id, button.callback_data.clone()?))
            })
            .unwrap_or_else(|| panic!("no button {label:?}"));
        self.emu.press_button(chat, from, message_id, &data);
    }

    /// The `nth` different code e-mailed so far (1-based); a delivery repeated after a
    /// crash (deliveries are at least once) counts once.
    async fn code(&self, nth: usize) -> String {
        let found = poll(|| {
            let mut codes: Vec<String> = Vec::new();
            for mail in self.smtp.mails() {
                let code = mail
                    .body
                    .split(|c: char| !c.is_ascii_digit())
                    .find(|w| w.len() == 6)
                    .map(str::to_owned);
                if let Some(code) = code.filter(|c| !codes.contains(c)) {
                    codes.push(code);
                }
            }
            codes.get(nth - 1).cloned()
        })
        .await;
        found.unwrap_or_else(|| panic!("no code number {nth} in the e-mails"))
    }

    /// The bot's messages in the chat, oldest first.
    fn bot_texts(&self, chat_id: i64) -> Vec<String> {
        self.emu
            .messages(chat_id)
            .into_iter()
            .filter(|m| m.from_bot)
            .map(|m| m.text.unwrap_or_default())
            .collect()
    }

    /// Stops the bot for good and opens its store.
    fn store(&mut self) -> Store {
        self.kill();
        Store::open(&self.config.store.path, 8).expect("the store after the bot")
    }
}

impl Drop for Rig {
    fn drop(&mut self) {
        self.kill();
        if std::thread::panicking() {
            eprintln!("recovery-bot logs:\n{}", self.logs());
        }
    }
}

/// Each text contains its fragment, pair by pair.
fn assert_each_contains(texts: &[String], fragments: &[&str]) {
    for (text, fragment) in texts.iter().zip(fragments) {
        assert!(text.contains(fragment), "{text:?} instead of {fragment:?}");
    }
}

/// The user's messages `ids` (which carried a secret) left the chat.
fn assert_deleted(emu: &Emulator, chat_id: i64, ids: &[i32]) {
    for id in ids {
        let message = emu.message(chat_id, *id).expect("the user's message");
        assert!(message.deleted, "message {id} still shows a secret");
    }
}

/// How many `event`s the audit log holds for alice.
fn alice_events(store: &Store, event: &str) -> usize {
    store
        .audit_log(Some("alice"))
        .expect("audit")
        .iter()
        .filter(|r| r.name() == event)
        .count()
}

/// `text` without terminal colour codes.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

async fn seed_accounts(config: &Config) {
    let store = Store::open(&config.store.path, 8).expect("store");
    for (id, email, phone, name, language) in ACCOUNTS {
        let input = AccountInput {
            id: Some(id.to_string()),
            email: Some(email.to_string()),
            phone: Some(phone.to_string()),
            name: name.to_string(),
            language: Some(language.to_string()),
            password: Some(SEED_PASSWORD.into()),
            password_hash: None,
        };
        let account = input
            .into_account(config, SystemClock.now())
            .expect("account");
        store.insert_account(&account).expect("seed account");
    }
    store.flush().await.expect("flush");
}

/// The test config as a `bot.toml` (only the keys that differ from the shipped file).
fn bot_toml(config: &Config) -> String {
    let s = &config.security;
    let agents = AGENTS
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        r#"
[telegram]
messages_per_sec_chat = 1000
messages_per_min_chat = 10000
messages_per_sec_overall = 10000

[store]
path = {store:?}
cache_capacity_mib = 8

[security]
argon2_memory_kib = {memory}
argon2_iterations = {iterations}
hashing_concurrency = 2

[codes]
resend_cooldown_secs = 0

[delivery]
kind = "network"
max_attempts = 2

[delivery.email]
host = "127.0.0.1"
port = {smtp}
tls = "none"

[delivery.sms]
url = {sms:?}

[support]
agents = [{agents}]
chat_id = {STAFF_CHAT}

[api]
listen = ""
"#,
        store = config.store.path.display().to_string(),
        memory = s.argon2_memory_kib,
        iterations = s.argon2_iterations,
        smtp = config.delivery.email.port,
        sms = config.delivery.sms.url,
    )
}

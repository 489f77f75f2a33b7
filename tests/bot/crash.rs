//! The real binary (`recovery-bot run`) as a child process, killed with SIGKILL in every
//! dialogue state and started again on the same store. The emulator never confirms an
//! update (as if every kill came before the bot's next `getUpdates`), so each restarted
//! bot is served every earlier update again and must skip them all.

use crate::harness::{
    agent, private_chat, staff_group, test_config, user, wait_for_reply, ACCOUNTS, AGENTS,
    SEED_PASSWORD, STAFF_CHAT,
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

    /// The code of the `nth` e-mail (1-based).
    async fn code(&self, nth: usize) -> String {
        let mails = self.smtp.wait_for_mail(nth, Duration::from_secs(15)).await;
        let mail = mails.get(nth - 1).expect("the e-mail with the code");
        mail.body
            .split(|c: char| !c.is_ascii_digit())
            .find(|w| w.len() == 6)
            .expect("a code")
            .to_string()
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_resumes_after_kill_9_in_every_step() {
    let mut rig = Rig::start().await;
    let user = user(5001, "en");
    let chat = private_chat(&user);

    rig.say(&chat, &user, "/reset", "Let's reset your password")
        .await;
    rig.crash_and_restart().await;
    rig.say(&chat, &user, "alice@example.com", "we sent a 6-digit code")
        .await;
    let code = rig.code(1).await;
    rig.crash_and_restart().await;
    let code_message = rig.say(&chat, &user, &code, "Code accepted").await;
    rig.crash_and_restart().await;
    let first = rig
        .say(&chat, &user, NEW_PASSWORD, "type the new password again")
        .await;
    rig.crash_and_restart().await;
    let second = rig
        .say(&chat, &user, NEW_PASSWORD, "your password has been changed")
        .await;
    rig.expect(chat.id, "Do you want approval requests").await;
    // The notice is out before the kill (deliveries wait in memory).
    rig.smtp.wait_for_mail(2, Duration::from_secs(15)).await;
    rig.crash_and_restart().await;
    rig.press(&chat, &user, "Link this chat");
    rig.expect(chat.id, "This chat is now linked").await;
    rig.crash_and_restart().await;

    // The code that was used is not accepted again, not even in a new reset.
    rig.say(&chat, &user, "/reset", "Let's reset your password")
        .await;
    rig.say(&chat, &user, "alice@example.com", "we sent a 6-digit code")
        .await;
    rig.code(3).await;
    rig.say(&chat, &user, &code, "That code").await;

    // Every reply exactly once, in order: no update was handled twice.
    let expected = [
        "Let's reset your password",
        "we sent a 6-digit code",
        "Code accepted",
        "type the new password again",
        "your password has been changed",
        "Do you want approval requests",
        "This chat is now linked",
        "Let's reset your password",
        "we sent a 6-digit code",
        "That code",
    ];
    let texts = rig.bot_texts(chat.id);
    assert_eq!(texts.len(), expected.len(), "the bot said: {texts:#?}");
    for (text, fragment) in texts.iter().zip(expected) {
        assert!(text.contains(fragment), "{text:?} instead of {fragment:?}");
    }
    // The secrets left the chat.
    for id in [code_message, first, second] {
        let message = rig.emu.message(chat.id, id).expect("the user's message");
        assert!(message.deleted, "message {id} still shows a secret");
    }
    // The reset was applied once: one change, one notice.
    let store = rig.store();
    let changes = store
        .audit_log(Some("alice"))
        .expect("audit")
        .iter()
        .filter(|r| r.name() == "password_changed")
        .count();
    assert_eq!(changes, 1);
    let notices = rig
        .smtp
        .mails()
        .iter()
        .filter(|m| m.body.contains("was changed"))
        .count();
    assert_eq!(notices, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_support_ticket_resumes_after_kill_9() {
    let mut rig = Rig::start().await;
    let user = user(5002, "en");
    let chat = private_chat(&user);
    let staff = staff_group();

    rig.say(&chat, &user, "/support", "Tell me in a few words")
        .await;
    rig.crash_and_restart().await;
    rig.say(&chat, &user, "I can't log in", "Your ticket #1 is open")
        .await;
    rig.crash_and_restart().await;
    let card = rig
        .emu
        .messages(STAFF_CHAT)
        .into_iter()
        .find(|m| {
            m.from_bot
                && m.text
                    .as_deref()
                    .is_some_and(|t| t.contains("🎫 Ticket #1"))
        })
        .expect("the ticket's card")
        .message_id;
    rig.emu.send_text(&chat, &user, "It is alice@example.com");
    wait_for_reply(&rig.emu, STAFF_CHAT, 0, "It is alice@example.com").await;
    rig.crash_and_restart().await;
    rig.emu
        .send_reply(&staff, &agent(), card, "Please try the reset again");
    rig.expect(chat.id, "Please try the reset again").await;
    rig.crash_and_restart().await;
    rig.emu.send_text(&chat, &user, "Thanks!");
    wait_for_reply(&rig.emu, STAFF_CHAT, 0, "Thanks!").await;
    rig.crash_and_restart().await;

    let user_side = rig.bot_texts(chat.id);
    let expected = [
        "Tell me in a few words",
        "Your ticket #1 is open",
        "A support agent is now looking at your ticket #1",
        "Please try the reset again",
    ];
    assert_eq!(
        user_side.len(),
        expected.len(),
        "the bot said: {user_side:#?}"
    );
    for (text, fragment) in user_side.iter().zip(expected) {
        assert!(text.contains(fragment), "{text:?} instead of {fragment:?}");
    }
    let staff_side = rig.bot_texts(STAFF_CHAT);
    for fragment in ["🎫 Ticket #1", "It is alice@example.com", "Thanks!"] {
        let copies = staff_side.iter().filter(|t| t.contains(fragment)).count();
        assert_eq!(copies, 1, "{fragment:?} in the staff chat: {staff_side:#?}");
    }
    assert!(!staff_side.iter().any(|t| t.contains("Ticket #2")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_settings_session_resumes_after_kill_9_in_every_step() {
    let mut rig = Rig::start().await;
    let user = user(5003, "en");
    let chat = private_chat(&user);

    rig.say(&chat, &user, "/settings", "Let's sign you in")
        .await;
    rig.crash_and_restart().await;
    rig.say(
        &chat,
        &user,
        "alice@example.com",
        "type your current password",
    )
    .await;
    rig.crash_and_restart().await;
    let password = rig
        .say(&chat, &user, SEED_PASSWORD, "Password accepted")
        .await;
    let code = rig.code(1).await;
    rig.crash_and_restart().await;
    let code_message = rig.say(&chat, &user, &code, "You're signed in").await;
    rig.expect(chat.id, "Do you want approval requests").await;
    rig.crash_and_restart().await;
    rig.press(&chat, &user, "Not now");
    rig.expect(chat.id, "this chat stays unlinked").await;
    rig.crash_and_restart().await;
    rig.press(&chat, &user, "Name");
    rig.expect(chat.id, "Type your new name").await;
    rig.crash_and_restart().await;
    rig.say(
        &chat,
        &user,
        "Alice Liddell",
        "your name is now Alice Liddell",
    )
    .await;
    // The notice to the old contacts is out before the kill (deliveries wait in memory).
    rig.smtp.wait_for_mail(2, Duration::from_secs(15)).await;
    rig.crash_and_restart().await;
    // The step-up code was used: it does not sign in again.
    rig.press(&chat, &user, "Done");
    rig.say(&chat, &user, "/settings", "Let's sign you in")
        .await;
    rig.say(
        &chat,
        &user,
        "alice@example.com",
        "type your current password",
    )
    .await;
    rig.say(&chat, &user, SEED_PASSWORD, "Password accepted")
        .await;
    rig.code(3).await;
    rig.say(&chat, &user, &code, "That code").await;

    let texts = rig.bot_texts(chat.id);
    let expected = [
        "Let's sign you in",
        "type your current password",
        "Password accepted",
        "You're signed in",
        "Do you want approval requests",
        "this chat stays unlinked",
        "Type your new name",
        "your name is now Alice Liddell",
    ];
    let again = [
        "Let's sign you in",
        "type your current password",
        "Password accepted",
        "That code",
    ];
    // Then one answer to Done, and the second sign-in.
    assert_eq!(
        texts.len(),
        expected.len() + 1 + again.len(),
        "the bot said: {texts:#?}"
    );
    for (text, fragment) in texts.iter().zip(expected) {
        assert!(text.contains(fragment), "{text:?} instead of {fragment:?}");
    }
    for (text, fragment) in texts[expected.len() + 1..].iter().zip(again) {
        assert!(text.contains(fragment), "{text:?} instead of {fragment:?}");
    }
    for id in [password, code_message] {
        let message = rig.emu.message(chat.id, id).expect("the user's message");
        assert!(message.deleted, "message {id} still shows a secret");
    }
    let store = rig.store();
    let changes = store
        .audit_log(Some("alice"))
        .expect("audit")
        .iter()
        .filter(|r| r.name() == "setting_changed")
        .count();
    assert_eq!(changes, 1);
}

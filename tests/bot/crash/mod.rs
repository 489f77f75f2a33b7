//! The real binary (`recovery-bot run`) as a child process, killed with SIGKILL in every
//! dialogue state and started again on the same store. The emulator never confirms an
//! update (as if every kill came before the bot's next `getUpdates`), so each restarted
//! bot is served every earlier update again and must skip them all.

mod flows;

use crate::harness::{poll, staff_group, wait_for_reply, AGENTS, STAFF_CHAT};
use crate::process::RealBot;
use crate::servers::{SmsSink, SmtpServer};
use recovery_bot::store::Store;
use telegram_emulator::{ChatSpec, Emulator, UserSpec};

const NEW_PASSWORD: &str = "copper kettles hum at dawn";

/// The bot process and everything it talks to.
struct Rig {
    emu: Emulator,
    smtp: SmtpServer,
    _sms: SmsSink,
    bot: RealBot,
    /// Past the last bot event the test looked at.
    cursor: usize,
}

impl Rig {
    async fn start() -> Rig {
        let smtp = SmtpServer::start().await;
        let sms = SmsSink::start().await;
        let emu = Emulator::start().await.expect("emulator");
        emu.register_chat(&staff_group());
        emu.never_confirm_updates();
        let mut bot = RealBot::new(&emu, &settings(&smtp, &sms));
        bot.seed_accounts().await;
        bot.start(&emu).await;
        Rig {
            emu,
            smtp,
            _sms: sms,
            bot,
            cursor: 0,
        }
    }

    /// SIGKILL right after the newest update was handled (its writes are on disk, its
    /// offset never reached the emulator), then a new process on the same store.
    async fn crash_and_restart(&mut self) {
        let newest = self.emu.last_update_id().expect("an update");
        let done = format!("update handled update={newest}");
        self.bot.wait_for_log(&done).await;
        self.bot.restart(&self.emu).await;
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

/// The test config (only the keys that differ from the shipped file).
fn settings(smtp: &SmtpServer, sms: &SmsSink) -> String {
    let agents = AGENTS
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        r#"
[security]
argon2_memory_kib = 64
argon2_iterations = 1
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

[log]
filter = "info,recovery_bot::bot::repeats=debug"
"#,
        smtp = smtp.port(),
        sms = sms.url(),
    )
}

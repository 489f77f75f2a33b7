//! Starts the real bot on a temporary store with local stand-ins for Telegram, e-mail and
//! SMS. Only paths, URLs, the clock and cheap argon2 parameters differ from production.

use crate::servers::{SmsSink, SmtpServer};
use recovery_bot::account_input::AccountInput;
use recovery_bot::app::{App, Launch};
use recovery_bot::clock::{Clock, ManualClock};
use recovery_bot::config::{Config, DeliveryKind, SmtpTls};
use recovery_bot::crypto::Secret;
use recovery_bot::recovery::Services;
use recovery_bot::store::Store;
use secrecy::SecretString;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use telegram_emulator::{ChatKind, ChatSpec, Emulator, UserSpec};
use teloxide::stop::StopToken;

pub const API_TOKEN: &str = "operator api token for tests, 32+ chars";
pub const WEBHOOK_SECRET: &str = "webhook-secret-for-tests_0123456789abcdef";
pub const SEED_PASSWORD: &str = "winter orchard lanterns glow softly";

/// The support staff chat every test bot is configured with (`[support] chat_id`).
pub const STAFF_CHAT: i64 = -1_009_001;
/// `[support] agents`.
pub const AGENTS: &[i64] = &[9001, 9002];

/// The accounts every test starts with: (id, e-mail, phone, name, language).
pub const ACCOUNTS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "alice",
        "alice@example.com",
        "+44 20 7946 0958",
        "Alice Example",
        "en",
    ),
    (
        "bruno",
        "bruno@example.de",
        "+49 30 12345678",
        "Bruno Beispiel",
        "de",
    ),
];

pub struct TestBot {
    pub emu: Emulator,
    pub smtp: SmtpServer,
    pub sms: SmsSink,
    pub clock: Arc<ManualClock>,
    pub services: Services,
    pub store_path: PathBuf,
    pub api_addr: Option<std::net::SocketAddr>,
    pub dir: Arc<tempfile::TempDir>,
    stop: StopToken,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

pub fn test_config(store: PathBuf, smtp: &SmtpServer, sms: &SmsSink) -> Config {
    let mut config = Config::embedded();
    config.store.path = store;
    config.store.cache_capacity_mib = 8;
    // Cheap hashing through the config, not through a test-only code path.
    config.security.argon2_memory_kib = 64;
    config.security.argon2_iterations = 1;
    config.security.hashing_concurrency = 2;
    config.telegram.messages_per_sec_chat = 1000;
    config.telegram.messages_per_min_chat = 10_000;
    config.telegram.messages_per_sec_overall = 10_000;
    config.delivery.kind = DeliveryKind::Network;
    config.delivery.max_attempts = 2;
    config.delivery.email.host = "127.0.0.1".into();
    config.delivery.email.port = smtp.port();
    config.delivery.email.tls = SmtpTls::None;
    config.delivery.sms.url = sms.url().into();
    config.log.filter = "debug".into();
    config.api.listen = "127.0.0.1:0".into();
    config.support.agents = AGENTS.to_vec();
    config.support.chat_id = Some(STAFF_CHAT);
    config
}

/// Writes the accounts of [`ACCOUNTS`], all with [`SEED_PASSWORD`], hashed as `config`
/// says.
pub fn seed_accounts(store: &Store, config: &Config, now: i64) {
    for fields in ACCOUNTS {
        let input = AccountInput::complete(*fields, SEED_PASSWORD);
        let account = input.into_account(config, now).expect("account");
        store.insert_account(&account).expect("seed account");
    }
}

/// The staff chat without topics (the default of every test bot).
pub fn staff_group() -> ChatSpec {
    ChatSpec::supergroup(STAFF_CHAT, "Support team", false)
}

/// The staff chat as a forum: register it before the first ticket.
pub fn staff_forum() -> ChatSpec {
    ChatSpec::supergroup(STAFF_CHAT, "Support team", true)
}

/// Agent Sam (in `[support] agents`).
pub fn agent() -> UserSpec {
    UserSpec::new(9001, "Sam").with_language("en")
}

/// Agent Kim (in `[support] agents`).
pub fn agent_kim() -> UserSpec {
    UserSpec::new(9002, "Kim").with_language("en")
}

/// A member of the staff chat who is not an agent.
pub fn stranger() -> UserSpec {
    UserSpec::new(9999, "Mallory").with_language("en")
}

impl TestBot {
    pub async fn start() -> TestBot {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> TestBot {
        crate::logs::install();
        let dir = Arc::new(tempfile::tempdir().expect("temp dir"));
        let smtp = SmtpServer::start().await;
        let sms = SmsSink::start().await;
        let mut config = test_config(dir.path().join("store"), &smtp, &sms);
        adjust(&mut config);
        let emu = Emulator::start().await.expect("emulator");
        // The bot was added to the staff chat (tests that want topics register the forum).
        emu.register_chat(&staff_group());
        let bot = Self::launch(config, emu, smtp, sms, ManualClock::new(), dir).await;
        seed_accounts(bot.services.store(), bot.services.config(), bot.clock.now());
        bot
    }

    async fn launch(
        config: Config,
        emu: Emulator,
        smtp: SmtpServer,
        sms: SmsSink,
        clock: Arc<ManualClock>,
        dir: Arc<tempfile::TempDir>,
    ) -> TestBot {
        let store_path = config.store.path.clone();
        let launch = Launch {
            token: SecretString::from("123456:test-token"),
            secret: Secret::new(SecretString::from(
                "an hmac key for tests, 32 bytes or more",
            ))
            .expect("secret"),
            api_url: Some(emu.api_url()),
            clock: clock.clone(),
            api_token: Some(SecretString::from(API_TOKEN)),
            webhook_secret: Some(SecretString::from(WEBHOOK_SECRET)),
            signals: false,
        };
        // After a restart the old store handle may take a moment to let go of its lock.
        let mut tries = 0;
        let app = loop {
            match App::build(config.clone(), launch.clone()).await {
                Ok(app) => break app,
                Err(e) if tries < 50 && format!("{e:#}").contains("in use") => {
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("the bot does not build: {e:#}"),
            }
        };
        let services = app.services.clone();
        let api_addr = app.api_addr();
        let stop = app.stop_token();
        let task = tokio::spawn(app.run());
        TestBot {
            emu,
            smtp,
            sms,
            clock,
            services,
            store_path,
            api_addr,
            dir,
            stop,
            task,
        }
    }

    /// Stops the bot gracefully and starts it again on the same store, emulator and
    /// servers.
    pub async fn restart(self) -> TestBot {
        let config = Config::clone(self.services.config());
        let TestBot {
            emu,
            smtp,
            sms,
            clock,
            services,
            dir,
            stop,
            task,
            ..
        } = self;
        stop.stop();
        task.await.expect("bot task").expect("bot ran");
        drop(services);
        Self::launch(config, emu, smtp, sms, clock, dir).await
    }

    pub async fn stop(self) {
        self.stop.stop();
        let _ = self.task.await;
    }
}

pub fn user(id: i64, language: &str) -> UserSpec {
    UserSpec {
        id,
        first_name: format!("User{id}"),
        language_code: Some(language.to_string()),
    }
}

pub fn private_chat(user: &UserSpec) -> ChatSpec {
    ChatSpec::private(user)
}

pub fn group_chat() -> ChatSpec {
    ChatSpec {
        id: -4001,
        kind: ChatKind::Group {
            title: "Friends".into(),
        },
    }
}

/// Waits for the next bot message in the chat, after event index `after`, whose text
/// contains `fragment`; returns its text and the event index past it.
pub async fn wait_for_reply(
    emu: &Emulator,
    chat_id: i64,
    after: usize,
    fragment: &str,
) -> (String, usize) {
    let found = find_reply(emu, chat_id, after, fragment).await;
    found.unwrap_or_else(|| panic!("no bot message containing {fragment:?}"))
}

/// [`wait_for_reply`], but None when no such message comes.
pub async fn find_reply(
    emu: &Emulator,
    chat_id: i64,
    after: usize,
    fragment: &str,
) -> Option<(String, usize)> {
    poll(|| {
        emu.events()
            .into_iter()
            .enumerate()
            .skip(after)
            .find_map(|(i, e)| match e {
                telegram_emulator::Event::Sent {
                    chat_id: c, text, ..
                } if c == chat_id && text.contains(fragment) => Some((text, i + 1)),
                _ => None,
            })
    })
    .await
}

/// The text of the bot's answer to the button press `id` ("" when it had none); None when
/// the press was never answered.
pub async fn press_answer(emu: &Emulator, id: &str) -> Option<String> {
    poll(|| {
        emu.events().into_iter().find_map(|e| match e {
            telegram_emulator::Event::CallbackAnswered {
                callback_query_id,
                text,
                ..
            } if callback_query_id == id => Some(text.unwrap_or_default()),
            _ => None,
        })
    })
    .await
}

/// Asks `probe` every 20 ms until it gives a value, for at most 10 seconds; None when it
/// never did. Every wait in the tests goes through here.
pub async fn poll<T>(mut probe: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(value) = probe() {
            return Some(value);
        }
        if tokio::time::Instant::now() > deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

//! `bot.toml`: every setting with its default. Unknown keys are errors, values are checked
//! at start with a message that names the key. Secrets never live here: the file names the
//! environment variables that hold them.

mod problems;
pub mod strength;

pub use problems::{Problems, Report};

use anyhow::{bail, Context};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The configuration shipped in the repository; `demo` and `check-config` start from it.
pub const DEFAULT_TOML: &str = include_str!("../bot.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[derive(Default)]
pub struct Config {
    #[serde(default)]
    pub service: Service,
    #[serde(default)]
    pub telegram: Telegram,
    #[serde(default)]
    pub store: StoreConfig,
    #[serde(default)]
    pub security: Security,
    #[serde(default)]
    pub codes: Codes,
    #[serde(default)]
    pub locales: Locales,
    #[serde(default)]
    pub delivery: Delivery,
    #[serde(default)]
    pub support: Support,
    #[serde(default)]
    pub log: Log,
    #[serde(default)]
    pub approvals: Approvals,
    #[serde(default)]
    pub api: Api,
    #[serde(default)]
    pub process: Process,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Approvals {
    /// How long a change request waits for Approve or Deny.
    pub ttl_secs: u64,
    /// Change requests that may wait for a decision at once, per account; one more is
    /// refused until one is decided or expires.
    pub max_pending_per_account: usize,
}

impl Default for Approvals {
    fn default() -> Self {
        Approvals {
            ttl_secs: 900,
            max_pending_per_account: 5,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Api {
    /// The operator HTTP API's address; keep it on loopback. Empty turns the API off.
    pub listen: String,
    /// Environment variable holding the API's bearer token; without it the API is off.
    pub token_env: String,
    /// Listen on an address other than loopback (the operator API, /healthz and /metrics
    /// become reachable from the network; /metrics then needs the token too).
    pub allow_public: bool,
}

impl Default for Api {
    fn default() -> Self {
        Api {
            listen: "127.0.0.1:8081".into(),
            token_env: "RECOVERY_BOT_API_TOKEN".into(),
            allow_public: false,
        }
    }
}

impl Api {
    /// The listener's address; None when the listener is off.
    pub fn address(&self) -> anyhow::Result<Option<std::net::SocketAddr>> {
        if self.listen.is_empty() {
            return Ok(None);
        }
        let address = self.listen.parse().with_context(|| {
            format!(
                "api.listen {:?} is not an address like 127.0.0.1:8081",
                self.listen
            )
        })?;
        Ok(Some(address))
    }

    /// True when the listener is reachable from other hosts.
    pub fn is_public(&self) -> bool {
        matches!(self.address(), Ok(Some(a)) if !a.ip().is_loopback())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Service {
    /// The name of the service whose accounts the bot recovers, shown in messages.
    pub name: String,
}

impl Default for Service {
    fn default() -> Self {
        Service {
            name: "Example".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Telegram {
    pub token_env: String,
    /// How updates arrive: long polling (default) or a webhook.
    pub mode: TelegramMode,
    /// The public HTTPS URL Telegram posts updates to (webhook mode).
    pub webhook_url: String,
    /// Where the webhook server listens; a reverse proxy forwards `webhook_url` here.
    pub webhook_listen: String,
    /// Environment variable holding the webhook's secret token (webhook mode).
    pub webhook_secret_env: String,
    /// Let the webhook server listen on an address other than loopback (without a
    /// reverse proxy on the same host).
    pub webhook_allow_public: bool,
    /// Updates the webhook keeps on disk at once, answered and not yet handled; beyond
    /// this Telegram is answered 503 and sends them again later.
    pub webhook_inbox: usize,
    /// On SIGTERM or Ctrl-C, how long updates in flight may take to finish.
    pub shutdown_grace_secs: u64,
    /// Bot API base URL; `TELOXIDE_API_URL` in the environment wins over it.
    pub api_url: Option<String>,
    /// Messages a second into one chat (Telegram: 1).
    pub messages_per_sec_chat: u32,
    /// Messages a minute into one group, supergroup or channel, such as the staff chat
    /// (Telegram: 20).
    pub messages_per_min_chat: u32,
    /// Messages a second into all chats together (Telegram: 30).
    pub messages_per_sec_overall: u32,
    /// How long one Bot API call may be retried (429, 5xx, broken connections) before it
    /// is given up and logged.
    pub retry_for_secs: u64,
    /// Updates one user may send at once before the bot drops what comes faster than
    /// `updates_per_min` (a per-user token bucket, for each chat that user writes in).
    pub updates_burst: u32,
    /// Updates a minute one user may send once the burst is used up.
    pub updates_per_min: u32,
}

impl Default for Telegram {
    fn default() -> Self {
        Telegram {
            token_env: "TELOXIDE_TOKEN".into(),
            mode: TelegramMode::Polling,
            webhook_url: String::new(),
            webhook_listen: "127.0.0.1:8443".into(),
            webhook_secret_env: "RECOVERY_BOT_WEBHOOK_SECRET".into(),
            webhook_allow_public: false,
            webhook_inbox: 1000,
            shutdown_grace_secs: 20,
            api_url: None,
            messages_per_sec_chat: 1,
            messages_per_min_chat: 20,
            messages_per_sec_overall: 30,
            retry_for_secs: 60,
            updates_burst: 20,
            updates_per_min: 30,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TelegramMode {
    /// The bot asks Telegram for updates (`getUpdates`); nothing listens publicly.
    Polling,
    /// Telegram POSTs updates to `webhook_url`, with the secret token in a header.
    Webhook,
}

impl Telegram {
    /// Checks the webhook keys (only used in webhook mode).
    fn validate_webhook(&self, p: &mut Problems) {
        if self.mode != TelegramMode::Webhook {
            return;
        }
        match reqwest::Url::parse(&self.webhook_url) {
            Ok(url) => {
                let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
                p.need(
                    url.scheme() == "https" || (url.scheme() == "http" && loopback),
                    || "telegram.webhook_url must be https (Telegram posts only to HTTPS)".into(),
                );
            }
            Err(_) => p.add(format!(
                "telegram.webhook_url {:?} is not a URL like https://bot.example.com/telegram",
                self.webhook_url
            )),
        }
        match self.webhook_listen.parse::<std::net::SocketAddr>() {
            Ok(listen) => p.need(listen.ip().is_loopback() || self.webhook_allow_public, || {
                format!("telegram.webhook_listen {listen} is not a loopback address: put a TLS reverse proxy on this host in front of 127.0.0.1, or set telegram.webhook_allow_public = true")
            }),
            Err(_) => p.add(format!(
                "telegram.webhook_listen {:?} is not an address like 127.0.0.1:8443",
                self.webhook_listen
            )),
        }
        p.need(!self.webhook_secret_env.trim().is_empty(), || {
            "telegram.webhook_secret_env must name an environment variable in webhook mode".into()
        });
        p.need(self.webhook_inbox > 0, || {
            "telegram.webhook_inbox must be above 0".into()
        });
    }
}

/// Telegram accepts up to 256 characters out of `A-Z a-z 0-9 _ -` as a webhook secret;
/// ours must also be strong ([`strength::check`]).
pub fn check_webhook_secret(secret: &str) -> anyhow::Result<()> {
    let valid = secret.len() <= 256
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !valid {
        bail!("the webhook secret must be at most 256 characters out of A-Z, a-z, 0-9, _ and -");
    }
    strength::check("the webhook secret", secret).map_err(anyhow::Error::msg)
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreConfig {
    pub path: PathBuf,
    pub cache_capacity_mib: u64,
    /// Decided and expired change requests are deleted this many days after the decision
    /// or expiry. The audit log is never pruned.
    pub retention_days: u64,
    /// How often maintenance removes what no rule needs any more.
    pub maintenance_every_secs: u64,
    /// Records maintenance reads from each tree in one run; a run that stops on this
    /// bound is followed by the next a second later.
    pub maintenance_batch: usize,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            path: "data/recovery-bot.sled".into(),
            cache_capacity_mib: 64,
            retention_days: 30,
            maintenance_every_secs: 300,
            maintenance_batch: 1000,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Security {
    /// Environment variable holding the HMAC key (at least 32 bytes) for codes and buttons.
    pub secret_env: String,
    /// During a rotation of the HMAC key: the variable holding the previous key, which
    /// still verifies approval buttons sent before. Unset or empty variable: no rotation.
    pub previous_secret_env: String,
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
    pub argon2_parallelism: u32,
    /// How many argon2 computations may run at once (0 = one per CPU).
    pub hashing_concurrency: usize,
    pub password_min_length: usize,
    pub password_max_length: usize,
    /// How long a person who proved a code may take to choose the new password.
    pub reset_window_secs: u64,
    /// New passwords checked at most per reset window and per settings session; after
    /// that many the flow ends and must be started again.
    pub password_attempts: u32,
    /// After the 1st, 2nd, … wrong password at /settings sign-in, the wait before the next
    /// try (per account and per chat); one more failure locks sign-in.
    pub signin_delays_secs: Vec<u64>,
    /// How long sign-in stays locked after too many wrong passwords.
    pub signin_lock_hours: u64,
    /// A signed-in settings session ends after this long without activity.
    pub settings_idle_secs: u64,
}

impl Security {
    /// The argon2id parameters these settings name.
    pub fn argon2_params(&self) -> anyhow::Result<argon2::Params> {
        argon2::Params::new(
            self.argon2_memory_kib,
            self.argon2_iterations,
            self.argon2_parallelism,
            None,
        )
        .map_err(|e| anyhow::anyhow!("invalid argon2 parameters: {e}"))
    }

    /// How many argon2 computations may run at once: `hashing_concurrency`, or one per CPU.
    pub fn hashing_threads(&self) -> usize {
        match self.hashing_concurrency {
            0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
            n => n,
        }
    }
}

impl Default for Security {
    fn default() -> Self {
        Security {
            secret_env: "RECOVERY_BOT_SECRET".into(),
            previous_secret_env: "RECOVERY_BOT_PREVIOUS_SECRET".into(),
            argon2_memory_kib: 19_456,
            argon2_iterations: 2,
            argon2_parallelism: 1,
            hashing_concurrency: 0,
            password_min_length: 15,
            password_max_length: 128,
            reset_window_secs: 900,
            password_attempts: 10,
            signin_delays_secs: vec![1, 3, 5, 10],
            signin_lock_hours: 24,
            settings_idle_secs: 900,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Codes {
    pub ttl_secs: u64,
    pub max_attempts: u32,
    pub resend_cooldown_secs: u64,
    pub max_per_hour: u32,
    pub failures_before_lock: u32,
    pub lock_hours: u64,
    /// Every "code sent" reply takes at least this long, known account or not.
    pub reply_padding_ms: u64,
    /// Distinct new e-mail addresses and phone numbers that get a code from /settings in
    /// any hour, per account and per chat.
    pub new_contacts_per_hour: u32,
}

impl Default for Codes {
    fn default() -> Self {
        Codes {
            ttl_secs: 600,
            max_attempts: 5,
            resend_cooldown_secs: 60,
            max_per_hour: 5,
            failures_before_lock: 10,
            lock_hours: 24,
            reply_padding_ms: 500,
            new_contacts_per_hour: 3,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Locales {
    pub default: String,
}

impl Default for Locales {
    fn default() -> Self {
        Locales {
            default: "en".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryKind {
    /// E-mail over SMTP and SMS over HTTP.
    Network,
    /// Both written as text files to the outbox folder (demos, staging).
    File,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Delivery {
    pub kind: DeliveryKind,
    pub outbox: PathBuf,
    pub max_attempts: u32,
    /// The first retry waits about this long; each further retry twice as long (with
    /// jitter), up to `retry_max_secs`.
    pub retry_initial_ms: u64,
    pub retry_max_secs: u64,
    /// A queued notice (no code in it) is dropped when still undelivered after this long.
    /// A queued code is dropped when the code expires (`codes.ttl_secs`).
    pub notice_ttl_secs: u64,
    pub email: EmailDelivery,
    pub sms: SmsDelivery,
}

impl Default for Delivery {
    fn default() -> Self {
        Delivery {
            kind: DeliveryKind::File,
            outbox: "outbox".into(),
            max_attempts: 20,
            retry_initial_ms: 1000,
            retry_max_secs: 60,
            notice_ttl_secs: 86_400,
            email: EmailDelivery::default(),
            sms: SmsDelivery::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    None,
    Starttls,
    Tls,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EmailDelivery {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub from: String,
    pub username_env: Option<String>,
    pub password_env: Option<String>,
}

impl Default for EmailDelivery {
    fn default() -> Self {
        EmailDelivery {
            host: "localhost".into(),
            port: 587,
            tls: SmtpTls::Starttls,
            from: "Account recovery <no-reply@example.com>".into(),
            username_env: None,
            password_env: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmsDelivery {
    pub url: String,
    pub token_env: Option<String>,
    /// Country calling codes SMS may go to ("44", "+49"); empty: every country.
    pub allowed_country_codes: Vec<String>,
    /// SMS the whole bot hands to the gateway in any hour; past it they are dropped.
    /// (Both are used in [`crate::delivery`].)
    pub max_per_hour: u32,
}

impl Default for SmsDelivery {
    fn default() -> Self {
        SmsDelivery {
            url: "http://127.0.0.1:8088/sms".into(),
            token_env: None,
            allowed_country_codes: Vec::new(),
            max_per_hour: 100,
        }
    }
}

/// Support escalation: who the agents are, where tickets go, how much a user may write
/// before anybody answered. Support is on when both `agents` and `chat_id` are set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Support {
    /// Telegram user ids of the support agents.
    pub agents: Vec<i64>,
    /// The staff group or supergroup (a forum gets one topic per ticket).
    pub chat_id: Option<i64>,
    /// Messages a user may send within `unanswered_window_secs` while nobody answered.
    pub unanswered_messages: u32,
    pub unanswered_window_secs: u64,
}

impl Default for Support {
    fn default() -> Self {
        Support {
            agents: Vec::new(),
            chat_id: None,
            unanswered_messages: 5,
            unanswered_window_secs: 300,
        }
    }
}

impl Support {
    pub fn enabled(&self) -> bool {
        !self.agents.is_empty() && self.chat_id.is_some()
    }

    pub fn is_agent(&self, user_id: i64) -> bool {
        self.agents.contains(&user_id)
    }

    fn validate(&self, p: &mut Problems) {
        if let Some(agent) = self.agents.iter().find(|a| **a <= 0) {
            p.add(format!(
                "support.agents: {agent} is not a Telegram user id (user ids are positive)"
            ));
        }
        match self.chat_id {
            Some(chat) if chat >= 0 => p.add(format!(
                "support.chat_id = {chat} is not a group: group and supergroup ids are negative, like -1001234567890"
            )),
            Some(_) if self.agents.is_empty() => p.add(
                "support.agents must list at least one Telegram user id when support.chat_id is set",
            ),
            None if !self.agents.is_empty() => {
                p.add("support.chat_id must be set when support.agents lists agents")
            }
            _ => {}
        }
        p.need(
            self.unanswered_messages > 0 && self.unanswered_window_secs > 0,
            || {
                "support.unanswered_messages and support.unanswered_window_secs must be above 0"
                    .into()
            },
        );
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Log {
    /// A tracing filter; `RUST_LOG` wins over it.
    pub filter: String,
}

impl Default for Log {
    fn default() -> Self {
        Log {
            filter: "info".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Process {
    /// Run `recovery-bot run`'s threads under SCHED_BATCH (see `scheduling`).
    pub batch_scheduling: bool,
}

impl Default for Process {
    fn default() -> Process {
        Process {
            batch_scheduling: true,
        }
    }
}

impl Config {
    /// A configuration from TOML text (`name` says where it came from in errors), checked.
    pub fn parse(text: &str) -> anyhow::Result<Config> {
        Config::parse_named(text, "the configuration")
    }

    fn parse_named(text: &str, name: &str) -> anyhow::Result<Config> {
        let (config, problems) = Config::parse_unchecked(text, name)?;
        problems.into_result(name)?;
        Ok(config)
    }

    /// The configuration and everything wrong with it; an error only when the text is not
    /// a configuration at all (bad TOML, an unknown key, a value of the wrong type).
    pub fn parse_unchecked(text: &str, name: &str) -> anyhow::Result<(Config, Problems)> {
        let config: Config =
            toml::from_str(text).map_err(|e| anyhow::anyhow!("{name} is not valid: {e}"))?;
        let mut problems = Problems::default();
        config.validate(&mut problems);
        Ok((config, problems))
    }

    pub fn load(path: &Path) -> anyhow::Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        Config::parse_named(&text, &path.display().to_string())
    }

    /// The shipped defaults.
    pub fn embedded() -> Config {
        // The embedded file is checked by a unit test; fall back to the code defaults.
        Config::parse(DEFAULT_TOML).unwrap_or_else(|_| Config::parse("").unwrap_or_default())
    }

    fn validate(&self, p: &mut Problems) {
        let s = &self.security;
        p.need(
            s.argon2_memory_kib >= 8 * s.argon2_parallelism.max(1),
            || "security.argon2_memory_kib must be at least 8 × argon2_parallelism".into(),
        );
        p.need(s.argon2_iterations > 0 && s.argon2_parallelism > 0, || {
            "security.argon2_iterations and security.argon2_parallelism must be at least 1".into()
        });
        p.need(s.password_min_length >= 8, || {
            "security.password_min_length must be at least 8 (NIST SP 800-63B-4)".into()
        });
        p.need(
            s.password_max_length >= 64.max(s.password_min_length),
            || {
                "security.password_max_length must be at least 64 and not below password_min_length"
                    .into()
            },
        );
        p.need(s.password_attempts > 0, || {
            "security.password_attempts must be at least 1".into()
        });
        let c = &self.codes;
        p.need(
            c.ttl_secs > 0 && c.max_attempts > 0 && c.max_per_hour > 0,
            || "codes.ttl_secs, codes.max_attempts and codes.max_per_hour must be above 0".into(),
        );
        p.need(c.failures_before_lock > 0, || {
            "codes.failures_before_lock must be above 0".into()
        });
        p.need(c.new_contacts_per_hour > 0, || {
            "codes.new_contacts_per_hour must be above 0".into()
        });
        p.need(
            crate::i18n::LANGUAGES.contains(&self.locales.default.as_str()),
            || {
                format!(
                    "locales.default = {:?} is not one of {:?}",
                    self.locales.default,
                    crate::i18n::LANGUAGES
                )
            },
        );
        let t = &self.telegram;
        p.need(
            t.messages_per_sec_chat > 0
                && t.messages_per_min_chat > 0
                && t.messages_per_sec_overall > 0,
            || "telegram.messages_per_* limits must be above 0".into(),
        );
        p.need(t.updates_burst > 0 && t.updates_per_min > 0, || {
            "telegram.updates_burst and telegram.updates_per_min must be above 0".into()
        });
        t.validate_webhook(p);
        if let Some(url) = &t.api_url {
            p.need(reqwest::Url::parse(url).is_ok(), || {
                format!("telegram.api_url {url:?} is not a URL")
            });
        }
        let d = &self.delivery;
        if d.kind == DeliveryKind::Network {
            p.need(reqwest::Url::parse(&d.sms.url).is_ok(), || {
                format!("delivery.sms.url {:?} is not a URL", d.sms.url)
            });
            p.need(!d.email.host.trim().is_empty(), || {
                "delivery.email.host must not be empty".into()
            });
            p.need(
                d.email.from.parse::<lettre::message::Mailbox>().is_ok(),
                || format!("delivery.email.from {:?} is not a mailbox", d.email.from),
            );
        }
        p.need(self.approvals.ttl_secs > 0, || {
            "approvals.ttl_secs must be above 0".into()
        });
        if let Some(Some(listen)) = p.check(self.api.address()) {
            p.need(listen.ip().is_loopback() || self.api.allow_public, || {
                format!("api.listen {listen} is not a loopback address: the operator listener serves the operator API and /metrics; keep it on 127.0.0.1, or set api.allow_public = true (then /metrics needs the API token too)")
            });
        }
        p.check(d.sms.validate());
        p.need(d.max_attempts > 0, || {
            "delivery.max_attempts must be above 0".into()
        });
        p.need(d.retry_initial_ms > 0 && d.retry_max_secs > 0, || {
            "delivery.retry_initial_ms and delivery.retry_max_secs must be above 0".into()
        });
        p.need(self.approvals.max_pending_per_account > 0, || {
            "approvals.max_pending_per_account must be above 0".into()
        });
        let st = &self.store;
        p.need(
            st.retention_days > 0 && st.maintenance_every_secs > 0 && st.maintenance_batch > 0,
            || "store.retention_days, store.maintenance_every_secs and store.maintenance_batch must be above 0".into(),
        );
        self.support.validate(p);
    }
}

/// Reads a secret from the environment variable a config key names.
pub fn secret_from_env(key: &str, var: &str) -> anyhow::Result<secrecy::SecretString> {
    match std::env::var(var) {
        Ok(v) if !v.is_empty() => Ok(secrecy::SecretString::from(v)),
        _ => bail!("{key} names the environment variable {var}, which is not set"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_bot_toml_is_valid_and_matches_the_defaults() {
        let shipped = Config::parse(DEFAULT_TOML).expect("bot.toml parses");
        assert_eq!(shipped.security.argon2_memory_kib, 19_456);
        assert_eq!(shipped.codes.ttl_secs, 600);
        assert_eq!(shipped.security.password_min_length, 15);
        let defaults = Config::default();
        assert_eq!(
            shipped.codes.new_contacts_per_hour,
            defaults.codes.new_contacts_per_hour
        );
        assert_eq!(
            shipped.delivery.sms.max_per_hour,
            defaults.delivery.sms.max_per_hour
        );
        assert_eq!(
            shipped.delivery.sms.allowed_country_codes,
            defaults.delivery.sms.allowed_country_codes
        );
        assert_eq!(shipped.security.password_attempts, 10);
        assert_eq!(Security::default().password_attempts, 10);
        assert_eq!(shipped.store.retention_days, defaults.store.retention_days);
        assert_eq!(
            shipped.store.maintenance_every_secs,
            defaults.store.maintenance_every_secs
        );
        assert_eq!(
            shipped.store.maintenance_batch,
            defaults.store.maintenance_batch
        );
        assert_eq!(
            shipped.approvals.max_pending_per_account,
            defaults.approvals.max_pending_per_account
        );
    }

    #[test]
    fn retention_maintenance_and_the_cap_must_be_above_zero() {
        for (toml, key) in [
            ("[store]\nretention_days = 0\n", "store.retention_days"),
            (
                "[store]\nmaintenance_batch = 0\n",
                "store.maintenance_batch",
            ),
            (
                "[approvals]\nmax_pending_per_account = 0\n",
                "approvals.max_pending_per_account",
            ),
        ] {
            let err = Config::parse(toml).unwrap_err();
            assert!(format!("{err:#}").contains(key), "{toml}: {err:#}");
        }
    }

    #[test]
    fn a_typo_is_an_error_naming_the_key() {
        let err = Config::parse("[codes]\nttl_sec = 5\n").unwrap_err();
        assert!(format!("{err:#}").contains("ttl_sec"), "{err:#}");
    }

    #[test]
    fn bad_values_name_their_key() {
        let err = Config::parse("[security]\npassword_min_length = 6\n").unwrap_err();
        assert!(format!("{err:#}").contains("security.password_min_length"));
        let err = Config::parse("[security]\npassword_attempts = 0\n").unwrap_err();
        assert!(format!("{err:#}").contains("security.password_attempts"));
        let err = Config::parse("[locales]\ndefault = \"xx\"\n").unwrap_err();
        assert!(format!("{err:#}").contains("locales.default"));
    }

    #[test]
    fn support_needs_agents_and_a_group() {
        let off = Config::parse("").expect("defaults");
        assert!(!off.support.enabled());
        let on = Config::parse("[support]\nagents = [42]\nchat_id = -100123\n").expect("valid");
        assert!(on.support.enabled() && on.support.is_agent(42) && !on.support.is_agent(43));
        for (toml, key) in [
            ("[support]\nagents = [42]\n", "support.chat_id"),
            ("[support]\nchat_id = -100123\n", "support.agents"),
            ("[support]\nagents = [42]\nchat_id = 5\n", "support.chat_id"),
            ("[support]\nagents = [-1]\nchat_id = -5\n", "support.agents"),
            (
                "[support]\nunanswered_messages = 0\n",
                "support.unanswered_messages",
            ),
        ] {
            let err = Config::parse(toml).unwrap_err();
            assert!(format!("{err:#}").contains(key), "{toml}: {err:#}");
        }
    }

    #[test]
    fn webhook_mode_checks_its_keys() {
        let polling = Config::parse("").expect("defaults");
        assert_eq!(polling.telegram.mode, TelegramMode::Polling);
        let hook = "[telegram]\nmode = \"webhook\"\n";
        let ok = format!("{hook}webhook_url = \"https://bot.example.com/tg\"\n");
        assert_eq!(
            Config::parse(&ok).expect("valid").telegram.mode,
            TelegramMode::Webhook
        );
        for (toml, key) in [
            (hook.to_string(), "telegram.webhook_url"),
            (
                format!("{hook}webhook_url = \"http://bot.example.com/tg\"\n"),
                "telegram.webhook_url",
            ),
            (
                format!("{ok}webhook_listen = \"somewhere\"\n"),
                "telegram.webhook_listen",
            ),
            (
                format!("{ok}webhook_secret_env = \"\"\n"),
                "telegram.webhook_secret_env",
            ),
            ("[telegram]\nmode = \"push\"\n".to_string(), "mode"),
        ] {
            let err = Config::parse(&toml).unwrap_err();
            assert!(format!("{err:#}").contains(key), "{toml}: {err:#}");
        }
        assert!(check_webhook_secret("abc_DEF-123_ghi-456_JKL-789_mno-0").is_ok());
        assert!(check_webhook_secret("abc_DEF-123").is_err(), "too short");
        assert!(
            check_webhook_secret(&"ab".repeat(20)).is_err(),
            "too little variety"
        );
        assert!(check_webhook_secret("").is_err());
        assert!(check_webhook_secret("no spaces").is_err());
        assert!(check_webhook_secret(&"x".repeat(257)).is_err());
    }
}

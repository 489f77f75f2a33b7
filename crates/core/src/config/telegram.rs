//! `[telegram]`: the bot's token, how updates arrive (polling or a webhook), and the limits
//! on what goes out and comes in.

use super::{strength, Parsed, Problems};
use anyhow::bail;
use reqwest::Url;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::time::Duration;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Telegram {
    pub token_env: String,
    /// How updates arrive: long polling (default) or a webhook.
    pub mode: TelegramMode,
    /// The public HTTPS URL Telegram posts updates to (webhook mode); empty: unset.
    #[serde(skip_serializing_if = "Parsed::is_empty")]
    pub webhook_url: Parsed<Url>,
    /// Where the webhook server listens; a reverse proxy forwards `webhook_url` here.
    pub webhook_listen: Parsed<SocketAddr>,
    /// Environment variable holding the webhook's secret token (webhook mode).
    pub webhook_secret_env: String,
    /// Let the webhook server listen on an address other than loopback (without a
    /// reverse proxy on the same host).
    pub webhook_allow_public: bool,
    /// Updates the webhook keeps on disk at once, answered and not yet handled; beyond
    /// this Telegram is answered 503 and sends them again later.
    pub webhook_inbox: usize,
    /// On SIGTERM or Ctrl-C, how long updates in flight may take to finish.
    #[serde(rename = "shutdown_grace_secs", with = "super::duration::secs")]
    pub shutdown_grace: Duration,
    /// Bot API base URL; `TELOXIDE_API_URL` in the environment wins over it.
    pub api_url: Option<Parsed<Url>>,
    /// Messages a second into one chat (Telegram: 1).
    pub messages_per_sec_chat: u32,
    /// Messages a minute into one group, supergroup or channel, such as the staff chat
    /// (Telegram: 20).
    pub messages_per_min_chat: u32,
    /// Messages a second into all chats together (Telegram: 30).
    pub messages_per_sec_overall: u32,
    /// How long one Bot API call may be retried (429, 5xx, broken connections) before it
    /// is given up and logged.
    #[serde(rename = "retry_for_secs", with = "super::duration::secs")]
    pub retry_for: Duration,
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
            webhook_url: "".into(),
            webhook_listen: "127.0.0.1:8443".into(),
            webhook_secret_env: "RECOVERY_BOT_WEBHOOK_SECRET".into(),
            webhook_allow_public: false,
            webhook_inbox: 1000,
            shutdown_grace: Duration::from_secs(20),
            api_url: None,
            messages_per_sec_chat: 1,
            messages_per_min_chat: 20,
            messages_per_sec_overall: 30,
            retry_for: Duration::from_secs(60),
            updates_burst: 20,
            updates_per_min: 30,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TelegramMode {
    /// The bot asks Telegram for updates (`getUpdates`); nothing listens publicly.
    Polling,
    /// Telegram POSTs updates to `webhook_url`, with the secret token in a header.
    Webhook,
}

impl Telegram {
    /// Where Telegram posts updates (webhook mode).
    pub fn webhook_url(&self) -> anyhow::Result<&Url> {
        self.webhook_url.require(
            "telegram.webhook_url",
            "a URL like https://bot.example.com/telegram",
        )
    }

    /// Where the webhook server listens (webhook mode).
    pub fn webhook_listen(&self) -> anyhow::Result<SocketAddr> {
        self.webhook_listen
            .require("telegram.webhook_listen", "an address like 127.0.0.1:8443")
            .copied()
    }

    /// The Bot API base URL this file sets, if any.
    pub fn api_url(&self) -> anyhow::Result<Option<&Url>> {
        self.api_url
            .as_ref()
            .map(|url| url.require("telegram.api_url", "a URL"))
            .transpose()
    }

    pub(super) fn validate(&self, p: &mut Problems) {
        p.need(
            self.messages_per_sec_chat > 0
                && self.messages_per_min_chat > 0
                && self.messages_per_sec_overall > 0,
            || "telegram.messages_per_* limits must be above 0".into(),
        );
        p.need(self.updates_burst > 0 && self.updates_per_min > 0, || {
            "telegram.updates_burst and telegram.updates_per_min must be above 0".into()
        });
        self.validate_webhook(p);
        p.check(self.api_url());
    }

    /// Checks the webhook keys (only used in webhook mode).
    fn validate_webhook(&self, p: &mut Problems) {
        if self.mode != TelegramMode::Webhook {
            return;
        }
        if let Some(url) = p.check(self.webhook_url()) {
            let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
            p.need(
                url.scheme() == "https" || (url.scheme() == "http" && loopback),
                || "telegram.webhook_url must be https (Telegram posts only to HTTPS)".into(),
            );
        }
        if let Some(listen) = p.check(self.webhook_listen()) {
            p.need(listen.ip().is_loopback() || self.webhook_allow_public, || {
                format!("telegram.webhook_listen {listen} is not a loopback address: put a TLS reverse proxy on this host in front of 127.0.0.1, or set telegram.webhook_allow_public = true")
            });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

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

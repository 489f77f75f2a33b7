//! `bot.toml`: every setting with its default. Unknown keys are errors, values are checked
//! at start with a message that names the key. Secrets never live here: the file names the
//! environment variables that hold them.
//!
//! One module per section; this one reads the file and checks it as a whole. The defaults
//! are written twice, in each section's `Default` and in the shipped `bot.toml` (where they
//! are documented); the test in `shipped` holds the two equal key by key.

mod api;
mod approvals;
mod codes;
mod delivery;
pub mod duration;
mod parsed;
mod problems;
mod security;
mod service;
#[cfg(test)]
mod shipped;
mod store;
pub mod strength;
mod support;
mod telegram;
mod warnings;

pub use api::Api;
pub use approvals::Approvals;
pub use codes::Codes;
pub use delivery::{Delivery, DeliveryKind, EmailDelivery, SmsDelivery, SmtpTls};
pub use parsed::Parsed;
pub use problems::{Problems, Report};
pub use security::Security;
pub use service::{Locales, Log, Process, Service};
pub use store::StoreConfig;
pub use support::Support;
pub use telegram::{check_webhook_secret, Telegram, TelegramMode};

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The configuration shipped in the repository; `demo` and `check-config` start from it.
pub const DEFAULT_TOML: &str = include_str!("../../../../bot.toml");

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
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

    /// Every problem of every section, in the order of the sections.
    fn validate(&self, p: &mut Problems) {
        self.security.validate(p);
        self.codes.validate(p);
        self.locales.validate(p);
        self.telegram.validate(p);
        self.delivery.validate(p);
        self.approvals.validate(p);
        self.api.validate(p);
        self.store.validate(p);
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
        assert_eq!(shipped.codes.ttl, std::time::Duration::from_secs(600));
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
        assert_eq!(shipped.store.retention, defaults.store.retention);
        assert_eq!(
            shipped.store.maintenance_every,
            defaults.store.maintenance_every
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
    fn bad_addresses_and_urls_are_reported_with_every_other_problem() {
        let toml = "[telegram]\nmode = \"webhook\"\nwebhook_url = \"not a url\"\nwebhook_listen = \"somewhere\"\n\n[api]\nlisten = \"nowhere\"\n\n[codes]\nmax_attempts = 0\n";
        let err = format!("{:#}", Config::parse(toml).unwrap_err());
        assert!(err.contains("4 problems"), "{err}");
        for key in [
            "telegram.webhook_url \"not a url\"",
            "telegram.webhook_listen \"somewhere\"",
            "api.listen \"nowhere\"",
            "codes.max_attempts",
        ] {
            assert!(err.contains(key), "{key} missing from {err}");
        }
    }

    #[test]
    fn typed_settings_hold_their_values() {
        let config = Config::parse("[api]\nlisten = \"\"\n").expect("valid");
        assert_eq!(config.api.address().ok(), Some(None), "empty turns it off");
        let shipped = Config::embedded();
        let listen = shipped.api.address().ok().flatten().map(|a| a.port());
        assert_eq!(listen, Some(8081));
        assert_eq!(
            shipped.telegram.webhook_listen().ok().map(|a| a.port()),
            Some(8443)
        );
        let sms = shipped
            .delivery
            .sms
            .url()
            .map(|u| u.as_str().to_owned())
            .ok();
        assert_eq!(sms.as_deref(), Some("http://127.0.0.1:8088/sms"));
        let from = shipped
            .delivery
            .email
            .from()
            .map(|m| m.email.to_string())
            .ok();
        assert_eq!(from.as_deref(), Some("no-reply@example.com"));
    }
}

//! `[delivery]`, `[delivery.email]` and `[delivery.sms]`: how codes and notices reach people,
//! and the queue they wait in.

use super::{Parsed, Problems};
use lettre::message::Mailbox;
use reqwest::Url;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryKind {
    /// E-mail over SMTP and SMS over HTTP.
    Network,
    /// Both written as text files to the outbox folder (demos, staging).
    File,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Delivery {
    pub kind: DeliveryKind,
    pub outbox: PathBuf,
    pub max_attempts: u32,
    /// The first retry waits about this long; each further retry twice as long (with
    /// jitter), up to `retry_max_secs`.
    #[serde(rename = "retry_initial_ms", with = "super::duration::millis")]
    pub retry_initial: Duration,
    #[serde(rename = "retry_max_secs", with = "super::duration::secs")]
    pub retry_max: Duration,
    /// A queued notice (no code in it) is dropped when still undelivered after this long.
    /// A queued code is dropped when the code expires (`codes.ttl_secs`).
    #[serde(rename = "notice_ttl_secs", with = "super::duration::secs")]
    pub notice_ttl: Duration,
    pub email: EmailDelivery,
    pub sms: SmsDelivery,
}

impl Default for Delivery {
    fn default() -> Self {
        Delivery {
            kind: DeliveryKind::File,
            outbox: "outbox".into(),
            max_attempts: 20,
            retry_initial: Duration::from_millis(1000),
            retry_max: Duration::from_secs(60),
            notice_ttl: Duration::from_secs(86_400),
            email: EmailDelivery::default(),
            sms: SmsDelivery::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    None,
    Starttls,
    Tls,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct EmailDelivery {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub from: Parsed<Mailbox>,
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

impl EmailDelivery {
    /// The sender of every e-mail (network delivery).
    pub fn from(&self) -> anyhow::Result<&Mailbox> {
        self.from.require("delivery.email.from", "a mailbox")
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmsDelivery {
    pub url: Parsed<Url>,
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

impl SmsDelivery {
    /// Where SMS are posted (network delivery).
    pub fn url(&self) -> anyhow::Result<&Url> {
        self.url.require("delivery.sms.url", "a URL")
    }
}

impl Delivery {
    pub(super) fn validate(&self, p: &mut Problems) {
        if self.kind == DeliveryKind::Network {
            p.check(self.sms.url());
            p.need(!self.email.host.trim().is_empty(), || {
                "delivery.email.host must not be empty".into()
            });
            p.check(self.email.from());
        }
        p.check(self.sms.validate());
        p.need(self.max_attempts > 0, || {
            "delivery.max_attempts must be above 0".into()
        });
        p.need(
            !self.retry_initial.is_zero() && !self.retry_max.is_zero(),
            || "delivery.retry_initial_ms and delivery.retry_max_secs must be above 0".into(),
        );
    }
}

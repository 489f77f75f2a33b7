//! `[security]`: the HMAC key, password hashing and rules, sign-in and settings sessions.

use super::Problems;
use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Debug, Clone, Deserialize, Serialize)]
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
    #[serde(rename = "reset_window_secs", with = "super::duration::secs")]
    pub reset_window: Duration,
    /// New passwords checked at most per reset window and per settings session; after
    /// that many the flow ends and must be started again.
    pub password_attempts: u32,
    /// After the 1st, 2nd, … wrong password at /settings sign-in, the wait before the next
    /// try (per account and per chat); one more failure locks sign-in.
    #[serde(rename = "signin_delays_secs", with = "super::duration::secs_list")]
    pub signin_delays: Vec<Duration>,
    /// How long sign-in stays locked after too many wrong passwords.
    #[serde(rename = "signin_lock_hours", with = "super::duration::hours")]
    pub signin_lock: Duration,
    /// A signed-in settings session ends after this long without activity.
    #[serde(rename = "settings_idle_secs", with = "super::duration::secs")]
    pub settings_idle: Duration,
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
            reset_window: Duration::from_secs(900),
            password_attempts: 10,
            signin_delays: [1, 3, 5, 10].map(Duration::from_secs).to_vec(),
            signin_lock: Duration::from_hours(24),
            settings_idle: Duration::from_secs(900),
        }
    }
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

    pub(super) fn validate(&self, p: &mut Problems) {
        p.need(
            self.argon2_memory_kib >= 8 * self.argon2_parallelism.max(1),
            || "security.argon2_memory_kib must be at least 8 × argon2_parallelism".into(),
        );
        p.need(
            self.argon2_iterations > 0 && self.argon2_parallelism > 0,
            || {
                "security.argon2_iterations and security.argon2_parallelism must be at least 1"
                    .into()
            },
        );
        p.need(self.password_min_length >= 8, || {
            "security.password_min_length must be at least 8 (NIST SP 800-63B-4)".into()
        });
        p.need(
            self.password_max_length >= 64.max(self.password_min_length),
            || {
                "security.password_max_length must be at least 64 and not below password_min_length"
                    .into()
            },
        );
        p.need(self.password_attempts > 0, || {
            "security.password_attempts must be at least 1".into()
        });
    }
}

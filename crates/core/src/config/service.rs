//! The sections of one or two keys: `[service]`, `[locales]`, `[log]` and `[process]`.

use super::Problems;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
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

#[derive(Debug, Clone, Deserialize, Serialize)]
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

impl Locales {
    pub(super) fn validate(&self, p: &mut Problems) {
        p.need(
            crate::i18n::LANGUAGES.contains(&self.default.as_str()),
            || {
                format!(
                    "locales.default = {:?} is not one of {:?}",
                    self.default,
                    crate::i18n::LANGUAGES
                )
            },
        );
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
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

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Process {
    /// Run `recovery-bot run`'s threads under SCHED_BATCH (see `scheduling`); off unless
    /// asked for.
    pub batch_scheduling: bool,
}

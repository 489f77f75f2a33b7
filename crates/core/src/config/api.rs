//! `[api]`: the operator listener (the operator API, /healthz and /metrics).

use super::{Parsed, Problems};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Api {
    /// The operator HTTP API's address; keep it on loopback. Empty turns the API off.
    pub listen: Parsed<SocketAddr>,
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
    pub fn address(&self) -> anyhow::Result<Option<SocketAddr>> {
        if self.listen.is_empty() {
            return Ok(None);
        }
        let address = self
            .listen
            .require("api.listen", "an address like 127.0.0.1:8081")?;
        Ok(Some(*address))
    }

    /// True when the listener is reachable from other hosts.
    pub fn is_public(&self) -> bool {
        matches!(self.address(), Ok(Some(a)) if !a.ip().is_loopback())
    }

    pub(super) fn validate(&self, p: &mut Problems) {
        if let Some(Some(listen)) = p.check(self.address()) {
            p.need(listen.ip().is_loopback() || self.allow_public, || {
                format!("api.listen {listen} is not a loopback address: the operator listener serves the operator API and /metrics; keep it on 127.0.0.1, or set api.allow_public = true (then /metrics needs the API token too)")
            });
        }
    }
}

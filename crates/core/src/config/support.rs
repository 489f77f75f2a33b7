//! `[support]`: support escalation to agents in a staff chat.

use super::Problems;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Support escalation: who the agents are, where tickets go, how much a user may write
/// before anybody answered. Support is on when both `agents` and `chat_id` are set.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Support {
    /// Telegram user ids of the support agents.
    pub agents: Vec<i64>,
    /// The staff group or supergroup (a forum gets one topic per ticket).
    pub chat_id: Option<i64>,
    /// Messages a user may send within `unanswered_window_secs` while nobody answered.
    pub unanswered_messages: u32,
    #[serde(rename = "unanswered_window_secs", with = "super::duration::secs")]
    pub unanswered_window: Duration,
}

impl Default for Support {
    fn default() -> Self {
        Support {
            agents: Vec::new(),
            chat_id: None,
            unanswered_messages: 5,
            unanswered_window: Duration::from_secs(300),
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

    pub(super) fn validate(&self, p: &mut Problems) {
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
            self.unanswered_messages > 0 && !self.unanswered_window.is_zero(),
            || {
                "support.unanswered_messages and support.unanswered_window_secs must be above 0"
                    .into()
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

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
}

//! The agents' read-outs and account actions: /tickets, /stats, /account, /unlock.

use super::card::{account_lines, status_word};
use super::desk::Desk;
use super::quote;
use crate::clock::Millis;
use crate::i18n::Tr;
use fluent_bundle::FluentValue;

/// Lines of /tickets at most; the rest is counted.
const LIST_LIMIT: usize = 40;

fn v(value: impl Into<FluentValue<'static>>) -> FluentValue<'static> {
    value.into()
}

/// "5 min", "3 h", "2 d".
pub fn age(tr: &Tr, millis: Millis) -> String {
    let minutes = (millis.max(0) / 60_000) as u64;
    if minutes < 120 {
        tr.ta("age-minutes", &[("n", v(minutes))])
    } else if minutes < 48 * 60 {
        tr.ta("age-hours", &[("n", v(minutes / 60))])
    } else {
        tr.ta("age-days", &[("n", v(minutes / (24 * 60)))])
    }
}

impl Desk {
    pub fn tickets(&self) -> anyhow::Result<Option<String>> {
        let tr = &self.tr;
        let tickets = self
            .svc
            .support()
            .active_tickets(&self.agent, self.here.0)?;
        if tickets.is_empty() {
            return Ok(Some(tr.t("staff-tickets-none")));
        }
        let now = self.svc.clock().now();
        let mut lines = vec![tr.ta("staff-tickets-title", &[("count", v(tickets.len()))])];
        for ticket in tickets.iter().take(LIST_LIMIT) {
            let account = ticket
                .account
                .as_ref()
                .map(|a| a.id.clone())
                .unwrap_or_else(|| "-".into());
            lines.push(tr.ta(
                "staff-tickets-line",
                &[
                    ("ticket", v(ticket.id)),
                    ("status", v(status_word(tr, ticket))),
                    ("age", v(age(tr, now - ticket.created_at))),
                    ("name", quote::name(&ticket.user_name)),
                    ("account", v(account)),
                ],
            ));
        }
        if tickets.len() > LIST_LIMIT {
            lines.push(tr.ta(
                "staff-tickets-more",
                &[("count", v(tickets.len() - LIST_LIMIT))],
            ));
        }
        Ok(Some(lines.join("\n")))
    }

    pub fn stats(&self) -> anyhow::Result<Option<String>> {
        let tr = &self.tr;
        let stats = self.svc.support().support_stats(&self.agent, self.here.0)?;
        let median = match stats.median_first_response {
            Some(millis) => age(tr, millis),
            None => tr.t("staff-none"),
        };
        Ok(Some(tr.ta(
            "staff-stats",
            &[
                ("open", v(stats.open)),
                ("taken", v(stats.taken)),
                ("median", v(median)),
                ("tickets", v(stats.tickets_24h)),
                ("resets", v(stats.resets_24h)),
                ("lockouts", v(stats.lockouts_24h)),
            ],
        )))
    }

    pub fn account(&self, needle: &str) -> anyhow::Result<Option<String>> {
        let tr = &self.tr;
        let Some(status) =
            self.svc
                .support()
                .agent_views_account(needle, &self.agent, self.here.0)?
        else {
            return Ok(Some(tr.t("staff-account-unknown")));
        };
        let mut lines = vec![tr.ta(
            "staff-account-title",
            &[
                ("account", v(status.id.clone())),
                ("name", quote::name(&status.name)),
            ],
        )];
        lines.extend(account_lines(tr, &status));
        Ok(Some(lines.join("\n")))
    }

    pub async fn unlock(&self, needle: &str) -> anyhow::Result<Option<String>> {
        let tr = &self.tr;
        let Some(unlocked) = self
            .svc
            .support()
            .unlock_account(needle, &self.agent, self.here.0)
            .await?
        else {
            return Ok(Some(tr.t("staff-account-unknown")));
        };
        if !unlocked.recovery_was_locked && !unlocked.account_was_locked {
            let account = v(unlocked.account.id.clone());
            return Ok(Some(tr.ta("staff-unlock-nothing", &[("account", account)])));
        }
        for ticket in &unlocked.tickets {
            self.tell_user(ticket, "support-unlocked", None).await;
        }
        for chat in &unlocked.linked_chats {
            self.tell_chat(*chat, unlocked.account.language.as_deref())
                .await;
        }
        let told = unlocked.tickets.len() + unlocked.linked_chats.len();
        let mut text = tr.ta(
            "staff-unlocked",
            &[
                ("account", v(unlocked.account.id.clone())),
                ("told", v(told)),
            ],
        );
        if !unlocked.unproven.is_empty() {
            let tickets: Vec<String> = unlocked
                .unproven
                .iter()
                .map(|id| format!("#{id}"))
                .collect();
            text.push('\n');
            text.push_str(&tr.ta(
                "staff-unlock-unproven",
                &[("tickets", v(tickets.join(", ")))],
            ));
        }
        Ok(Some(text))
    }
}

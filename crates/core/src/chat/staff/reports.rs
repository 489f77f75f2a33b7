//! The agents' read-outs: /tickets, /stats, /account.

use super::card::{account_lines, lines, status_word};
use super::desk::Desk;
use super::quote;
use crate::chat::{Line, Reply};
use crate::clock::Millis;

/// Lines of /tickets at most; the rest is counted.
const LIST_LIMIT: usize = 40;

/// "5 min", "3 h", "2 d".
pub fn age(millis: Millis) -> Line {
    let minutes = (millis.max(0) / 60_000) as u64;
    if minutes < 120 {
        Line::new("age-minutes").arg("n", minutes)
    } else if minutes < 48 * 60 {
        Line::new("age-hours").arg("n", minutes / 60)
    } else {
        Line::new("age-days").arg("n", minutes / (24 * 60))
    }
}

impl Desk<'_> {
    /// Open and taken tickets, oldest first.
    pub fn tickets(&self) -> anyhow::Result<Reply> {
        let tickets = self
            .svc
            .support()
            .active_tickets(&self.agent, self.here.0)?;
        if tickets.is_empty() {
            return Ok(Reply::key("staff-tickets-none"));
        }
        let now = self.svc.clock().now();
        let title = Line::new("staff-tickets-title").arg("count", tickets.len());
        let mut shown = Vec::new();
        for ticket in tickets.iter().take(LIST_LIMIT) {
            let account = ticket.account.as_ref().map_or("-", |a| a.id.as_str());
            shown.push(
                Line::new("staff-tickets-line")
                    .arg("ticket", ticket.id)
                    .arg("status", status_word(ticket))
                    .arg("age", age(now - ticket.created_at))
                    .arg("name", quote::name(&ticket.user_name))
                    .arg("account", account),
            );
        }
        if tickets.len() > LIST_LIMIT {
            let more = tickets.len() - LIST_LIMIT;
            shown.push(Line::new("staff-tickets-more").arg("count", more));
        }
        Ok(lines(Reply::new(title), shown))
    }

    /// The desk's numbers.
    pub fn stats(&self) -> anyhow::Result<Reply> {
        let stats = self.svc.support().support_stats(&self.agent, self.here.0)?;
        let median = match stats.median_first_response {
            Some(millis) => age(millis),
            None => Line::new("staff-none"),
        };
        Ok(Reply::new(
            Line::new("staff-stats")
                .arg("open", stats.open)
                .arg("taken", stats.taken)
                .arg("median", median)
                .arg("tickets", stats.tickets_24h)
                .arg("resets", stats.resets_24h)
                .arg("lockouts", stats.lockouts_24h),
        ))
    }

    /// An account's security status, found by id, e-mail address or phone number.
    pub fn account(&self, needle: &str) -> anyhow::Result<Reply> {
        let support = self.svc.support();
        let Some(status) = support.agent_views_account(needle, &self.agent, self.here.0)? else {
            return Ok(Reply::key("staff-account-unknown"));
        };
        let title = Line::new("staff-account-title")
            .arg("account", status.id.as_str())
            .arg("name", quote::name(&status.name));
        Ok(lines(Reply::new(title), account_lines(&status)))
    }
}

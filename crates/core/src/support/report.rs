//! What agents may see: an account's security status (contacts masked, never a secret),
//! the ticket list and the desk's numbers.

use super::ticket::{AgentRef, Ticket};
use crate::audit::{AuditEvent, AuditRecord};
use crate::clock::{secs, Millis};
use crate::recovery::SupportFlow;
use crate::store::accounts::Account;

/// An account as agents see it.
#[derive(Clone, Debug)]
pub struct AccountStatus {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Locked by an operator (or an agent's colleague) until unlocked.
    pub locked: bool,
    /// Recovery paused after too many wrong codes, until then.
    pub recovery_locked_until: Option<Millis>,
    /// Telegram chats linked to the account (they get its approval requests).
    pub linked_chats: usize,
    /// The latest audit events of the account, oldest first.
    pub recent: Vec<AuditRecord>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stats {
    pub open: usize,
    pub taken: usize,
    /// Median time from opening to the first answer, over tickets opened in the last 24 h
    /// that got one.
    pub median_first_response: Option<Millis>,
    pub tickets_24h: usize,
    pub resets_24h: usize,
    pub lockouts_24h: usize,
}

pub fn median(mut values: Vec<Millis>) -> Option<Millis> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2),
    }
}

impl SupportFlow<'_> {
    /// The account's status with its last `events` audit events.
    pub fn account_status(self, account: &Account, events: usize) -> anyhow::Result<AccountStatus> {
        let now = self.clock.now();
        let recent = self.store.audit_recent(&account.id, events)?;
        Ok(AccountStatus {
            id: account.id.clone(),
            name: account.name.clone(),
            email: account.email.as_ref().map(|e| e.masked()),
            phone: account.phone.as_ref().map(|p| p.masked()),
            locked: account.locked,
            recovery_locked_until: self.store.locked_until(&account.id, now)?,
            linked_chats: account.linked_chats.len(),
            recent,
        })
    }

    /// The status of the ticket's account, if it has one, for its card.
    pub fn ticket_account_status(self, ticket: &Ticket) -> anyhow::Result<Option<AccountStatus>> {
        let Some(linked) = &ticket.account else {
            return Ok(None);
        };
        match self.store.account(&linked.id)? {
            Some(account) => Ok(Some(self.account_status(&account, 5)?)),
            None => Ok(None),
        }
    }

    /// /account: an account by id, e-mail or phone, with its last 10 events. Audited.
    pub fn agent_views_account(
        self,
        needle: &str,
        agent: &AgentRef,
        chat: i64,
    ) -> anyhow::Result<Option<AccountStatus>> {
        let Some(account) = self.store.lookup_account(needle)? else {
            return Ok(None);
        };
        let status = self.account_status(&account, 10)?;
        self.audit_as(
            format!("agent:{}", agent.id),
            Some(chat),
            Some(&account.id),
            AuditEvent::AccountViewed,
        );
        Ok(Some(status))
    }

    /// /stats. Audited.
    pub fn support_stats(self, agent: &AgentRef, chat: i64) -> anyhow::Result<Stats> {
        let now = self.clock.now();
        let since = now - secs(24 * 3600);
        let tickets = self.store.tickets()?;
        let recent: Vec<&Ticket> = tickets.iter().filter(|t| t.created_at >= since).collect();
        let waits = recent
            .iter()
            .filter_map(|t| t.first_response_at.map(|at| at - t.created_at))
            .collect();
        let log = self.store.audit_since(None, Some(since))?;
        let count = |f: fn(&AuditEvent) -> bool| log.iter().filter(|r| f(&r.event)).count();
        let stats = Stats {
            open: tickets
                .iter()
                .filter(|t| t.status == super::ticket::Status::Open)
                .count(),
            taken: tickets
                .iter()
                .filter(|t| t.status == super::ticket::Status::Taken)
                .count(),
            median_first_response: median(waits),
            tickets_24h: recent.len(),
            resets_24h: count(|e| matches!(e, AuditEvent::PasswordChanged { .. })),
            lockouts_24h: count(|e| matches!(e, AuditEvent::RecoveryLocked { .. })),
        };
        self.audit_as(
            format!("agent:{}", agent.id),
            Some(chat),
            None,
            AuditEvent::AgentQuery {
                command: "stats".into(),
            },
        );
        Ok(stats)
    }
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5, 1, 3]), Some(3));
        assert_eq!(median(vec![4, 1, 3, 2]), Some(2));
    }
}

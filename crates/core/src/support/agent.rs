//! Support escalation, the agents' side: answers, take, close, unlock and the refusal of
//! everyone else. Every action is audited with the agent as actor.

use super::ticket::{AgentOutcome, AgentRef, Body, CloseOutcome, TakeOutcome, Ticket};
use crate::audit::AuditEvent;
use crate::recovery::SupportFlow;
use crate::store::accounts::Account;
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgentSays {
    Relay { ticket: Ticket, taken_now: bool },
    Duplicate,
    Closed(Ticket),
    NotFound,
}

/// What /unlock did.
#[derive(Clone, Debug)]
pub struct Unlocked {
    pub account: Account,
    /// A lock after too many wrong codes was lifted.
    pub recovery_was_locked: bool,
    /// An operator's lock was lifted.
    pub account_was_locked: bool,
    /// Open tickets about the account from chats that proved they hold it (see
    /// `Services::proven_account`): their users are told.
    pub tickets: Vec<Ticket>,
    /// Open tickets about the account whose chats did not prove it (the account was only
    /// typed in a reset) and are not linked to it: their users are not told (that would
    /// confirm to whoever typed it that the account exists and was locked); the agent is
    /// given their numbers and decides.
    pub unproven: Vec<u64>,
    /// Chats linked to the account without a ticket told above: they are told too.
    pub linked_chats: Vec<i64>,
}

impl SupportFlow<'_> {
    fn agent_audit(self, agent: &AgentRef, chat: i64, account: Option<&str>, event: AuditEvent) {
        self.audit_as(format!("agent:{}", agent.id), Some(chat), account, event);
    }

    /// An agent's answer (message `source` in the staff or their private chat).
    pub async fn agent_says(
        self,
        ticket_id: u64,
        agent: &AgentRef,
        body: Body,
        source: (i64, i32),
    ) -> anyhow::Result<AgentSays> {
        let now = self.clock.now();
        let Some((ticket, outcome)) = self.store.update_ticket(ticket_id, |t| {
            t.agent_message(agent, body.clone(), source, now)
        })?
        else {
            return Ok(AgentSays::NotFound);
        };
        let account = ticket.account.as_ref().map(|a| a.id.clone());
        Ok(match outcome {
            AgentOutcome::Relay { taken_now } => {
                self.store.flush().await?;
                if taken_now {
                    self.agent_audit(
                        agent,
                        source.0,
                        account.as_deref(),
                        AuditEvent::TicketTaken { ticket: ticket.id },
                    );
                }
                self.agent_audit(
                    agent,
                    source.0,
                    account.as_deref(),
                    AuditEvent::TicketReplied { ticket: ticket.id },
                );
                AgentSays::Relay { ticket, taken_now }
            }
            AgentOutcome::Duplicate => AgentSays::Duplicate,
            AgentOutcome::Closed => AgentSays::Closed(ticket),
        })
    }

    pub async fn take_ticket(
        self,
        ticket_id: u64,
        agent: &AgentRef,
        chat: i64,
    ) -> anyhow::Result<Option<(Ticket, TakeOutcome)>> {
        let now = self.clock.now();
        let result = self
            .store
            .update_ticket(ticket_id, |t| t.take(agent, now))?;
        if let Some((ticket, TakeOutcome::Taken | TakeOutcome::Reassigned { .. })) = &result {
            self.store.flush().await?;
            self.agent_audit(
                agent,
                chat,
                ticket.account.as_ref().map(|a| a.id.as_str()),
                AuditEvent::TicketTaken { ticket: ticket.id },
            );
        }
        Ok(result)
    }

    pub async fn close_ticket(
        self,
        ticket_id: u64,
        agent: &AgentRef,
        note: Option<&str>,
        chat: i64,
    ) -> anyhow::Result<Option<(Ticket, CloseOutcome)>> {
        let now = self.clock.now();
        let result = self
            .store
            .update_ticket(ticket_id, |t| t.close(agent, note, now))?;
        if let Some((ticket, CloseOutcome::Closed)) = &result {
            self.store.flush().await?;
            self.agent_audit(
                agent,
                chat,
                ticket.account.as_ref().map(|a| a.id.as_str()),
                AuditEvent::TicketClosed { ticket: ticket.id },
            );
        }
        Ok(result)
    }

    /// Someone who is not an agent tried an agent command or action.
    pub fn refuse_agent_action(self, user: i64, chat: i64, command: &str) {
        let command: String = command.chars().take(64).collect();
        tracing::warn!(user, chat, command, "a non-agent tried an agent action");
        self.audit_as(
            format!("user:{user}"),
            Some(chat),
            None,
            AuditEvent::AgentRefused { user, command },
        );
    }

    /// Lifts the recovery lock (too many wrong codes) and an operator's lock.
    pub async fn unlock_account(
        self,
        needle: &str,
        agent: &AgentRef,
        chat: i64,
    ) -> anyhow::Result<Option<Unlocked>> {
        let Some(account) = self.store.lookup_account(needle)? else {
            return Ok(None);
        };
        let now = self.clock.now();
        let recovery_was_locked = self.store.clear_failures(&account.id, now)?;
        let account_was_locked = account.locked;
        let account = self
            .store
            .update_account(&account.id, |a| a.locked = false)?
            .unwrap_or(account);
        self.store.flush().await?;
        self.agent_audit(
            agent,
            chat,
            Some(&account.id),
            AuditEvent::AccountUnlocked {
                by: format!("agent:{}", agent.id),
            },
        );
        let mut tickets = Vec::new();
        let mut unproven = Vec::new();
        let about =
            |t: &Ticket| t.is_active() && t.account.as_ref().is_some_and(|a| a.id == account.id);
        for ticket in self.store.tickets()?.into_iter().filter(about) {
            if self
                .proven_account(ticket.chat_id, ticket.account.as_ref())?
                .is_some()
            {
                tickets.push(ticket);
            } else if !account.linked_chats.contains(&ticket.chat_id) {
                unproven.push(ticket.id);
            }
        }
        let linked_chats = account
            .linked_chats
            .iter()
            .copied()
            .filter(|chat| !tickets.iter().any(|t| t.chat_id == *chat))
            .collect();
        Ok(Some(Unlocked {
            account,
            recovery_was_locked,
            account_was_locked,
            tickets,
            unproven,
            linked_chats,
        }))
    }

    /// Open and taken tickets, oldest first.
    pub fn active_tickets(self, agent: &AgentRef, chat: i64) -> anyhow::Result<Vec<Ticket>> {
        self.agent_audit(
            agent,
            chat,
            None,
            AuditEvent::AgentQuery {
                command: "tickets".into(),
            },
        );
        Ok(self
            .store
            .tickets()?
            .into_iter()
            .filter(Ticket::is_active)
            .collect())
    }
}

//! A ticket's card in the staff chat, and the account read-out agents see on it and with
//! /account: contacts masked, locks, recent audit events, never a secret.

use super::quote;
use crate::chat::{Arg, Button, Key, Keyboard, Line, Reply};
use crate::recovery::Services;
use crate::support::report::AccountStatus;
use crate::support::ticket::{AccountSource, Status, Ticket};

/// Characters and lines of the description shown on a card.
const CARD_DESCRIPTION: usize = 1000;
const CARD_DESCRIPTION_LINES: usize = 20;

/// Take (while nobody has) and Close (while active).
fn buttons(ticket: &Ticket) -> Option<Keyboard> {
    let key = |label, take| {
        let id = ticket.id;
        Key::new(Line::new(label), Button::Ticket { take, id })
    };
    let mut row = Vec::new();
    if ticket.status == Status::Open {
        row.push(key("staff-btn-take", true));
    }
    if ticket.is_active() {
        row.push(key("staff-btn-close", false));
    }
    (!row.is_empty()).then(|| Keyboard(vec![row]))
}

/// "open", "taken by Sam", "closed".
pub fn status_word(ticket: &Ticket) -> Line {
    match (&ticket.status, &ticket.agent) {
        (Status::Open, _) => Line::new("staff-status-open"),
        (Status::Taken, agent) => {
            let name = agent.as_ref().map_or("?", |a| a.name.as_str());
            Line::new("staff-status-taken").arg("agent", name)
        }
        (Status::Closed, _) => Line::new("staff-status-closed"),
    }
}

/// The name of the ticket's forum topic.
pub fn topic_name(ticket: &Ticket) -> Line {
    Line::new("staff-topic-name")
        .arg("ticket", ticket.id)
        .arg("name", quote::name(&ticket.user_name))
}

/// The card as it stands: who wrote, the account and how it is known, the problem, and
/// how to answer; its buttons while the ticket is active.
pub fn card(svc: &Services, ticket: &Ticket) -> Reply {
    let title = Line::new("staff-card-title")
        .arg("ticket", ticket.id)
        .arg("status", status_word(ticket));
    let user = Line::new("staff-card-user")
        .arg("name", quote::name(&ticket.user_name))
        .arg("id", ticket.chat_id.to_string())
        .arg("language", ticket.language.as_str());
    let mut reply = Reply::new(title).line(user);
    let status = svc
        .support()
        .ticket_account_status(ticket)
        .unwrap_or_else(|error| {
            tracing::error!(%error, "could not read a ticket's account");
            None
        });
    match (&ticket.account, status) {
        (Some(linked), Some(status)) => {
            let source = match linked.source {
                AccountSource::LinkedChat => "staff-source-linked",
                AccountSource::TypedInReset => "staff-source-typed",
            };
            let account = Line::new("staff-card-account")
                .arg("account", linked.id.as_str())
                .arg("source", Line::new(source));
            reply = lines(reply.line(account), account_lines(&status));
        }
        _ => reply = reply.line(Line::new("staff-card-no-account")),
    }
    if let (Status::Closed, Some(agent)) = (&ticket.status, &ticket.closed_by) {
        reply = reply.line(Line::new("staff-card-closed").arg("agent", agent.name.as_str()));
        if let Some(note) = &ticket.close_note {
            reply = reply.line(Line::new("staff-card-note").arg("note", note.as_str()));
        }
    }
    let description = quote::excerpt(
        ticket.description().unwrap_or_default(),
        CARD_DESCRIPTION,
        CARD_DESCRIPTION_LINES,
    );
    reply = reply.line(Line::new("staff-card-problem").arg("text", description));
    if ticket.is_active() {
        reply = reply.line(Line::new(if ticket.topic.is_some() {
            "staff-card-how-topic"
        } else {
            "staff-card-how-reply"
        }));
    }
    reply.keyboard = buttons(ticket);
    reply
}

/// `reply` with each of `more` on a line of its own.
pub fn lines(reply: Reply, more: Vec<Line>) -> Reply {
    more.into_iter().fold(reply, Reply::line)
}

/// Contacts (masked), locks and recent events of an account, for cards and /account.
pub fn account_lines(status: &AccountStatus) -> Vec<Line> {
    let contact = |value: &Option<String>| -> Arg {
        match value {
            Some(masked) => masked.as_str().into(),
            None => Line::new("staff-none").into(),
        }
    };
    let mut lines = vec![
        Line::new("staff-account-contacts")
            .arg("email", contact(&status.email))
            .arg("phone", contact(&status.phone)),
        Line::new("staff-account-linked").arg("count", status.linked_chats),
    ];
    if status.locked {
        lines.push(Line::new("staff-account-locked"));
    }
    lines.push(match status.recovery_locked_until {
        Some(until) => Line::new("staff-recovery-locked").arg("until", Arg::Time(until)),
        None => Line::new("staff-recovery-open"),
    });
    if status.recent.is_empty() {
        lines.push(Line::new("staff-events-none"));
    } else {
        lines.push(Line::new("staff-events"));
        for record in &status.recent {
            lines.push(
                Line::new("staff-event")
                    .arg("at", Arg::Time(record.at))
                    .arg("event", record.name())
                    .arg("actor", record.actor.as_deref().unwrap_or("-")),
            );
        }
    }
    lines
}

/// A user's text as the staff chat shows it: quoted under their name, in pieces of at
/// most `max` characters, split between lines.
pub fn user_message(ticket: &Ticket, text: &str, max: usize) -> Vec<Reply> {
    quote::pack(&quote::lines(text), max)
        .into_iter()
        .map(|piece| {
            Reply::new(
                Line::new("staff-user-message")
                    .arg("ticket", ticket.id)
                    .arg("name", quote::name(&ticket.user_name))
                    .arg("text", piece),
            )
        })
        .collect()
}

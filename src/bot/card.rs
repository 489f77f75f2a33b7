//! A ticket's card in the staff chat, and the account read-out agents see on it and with
//! /account: contacts masked, locks, recent audit events, never a secret.

use crate::clock::rfc3339;
use crate::i18n::Tr;
use crate::recovery::Services;
use crate::support::report::AccountStatus;
use crate::support::ticket::{AccountSource, Status, Ticket};
use fluent_bundle::FluentValue;
use teloxide::types::InlineKeyboardMarkup;

use super::quote;
use super::render;
use crate::chat::Button;

/// Characters and lines of the description shown on a card.
const CARD_DESCRIPTION: usize = 1000;
const CARD_DESCRIPTION_LINES: usize = 20;

fn v(value: impl Into<FluentValue<'static>>) -> FluentValue<'static> {
    value.into()
}

pub fn card_buttons(tr: &Tr, ticket: &Ticket) -> InlineKeyboardMarkup {
    let mut row = Vec::new();
    if ticket.status == Status::Open {
        let take = Button::Ticket {
            take: true,
            id: ticket.id,
        };
        row.push(render::button(tr.t("staff-btn-take"), &take));
    }
    if ticket.is_active() {
        let close = Button::Ticket {
            take: false,
            id: ticket.id,
        };
        row.push(render::button(tr.t("staff-btn-close"), &close));
    }
    InlineKeyboardMarkup::new(vec![row])
}

pub fn status_word(tr: &Tr, ticket: &Ticket) -> String {
    match (&ticket.status, &ticket.agent) {
        (Status::Open, _) => tr.t("staff-status-open"),
        (Status::Taken, Some(agent)) => {
            tr.ta("staff-status-taken", &[("agent", v(agent.name.clone()))])
        }
        (Status::Taken, None) => tr.ta("staff-status-taken", &[("agent", v("?"))]),
        (Status::Closed, _) => tr.t("staff-status-closed"),
    }
}

pub fn card_text(svc: &Services, tr: &Tr, ticket: &Ticket) -> String {
    let mut lines = vec![
        tr.ta(
            "staff-card-title",
            &[
                ("ticket", v(ticket.id)),
                ("status", v(status_word(tr, ticket))),
            ],
        ),
        tr.ta(
            "staff-card-user",
            &[
                ("name", quote::name(&ticket.user_name)),
                ("id", v(ticket.chat_id)),
                ("language", v(ticket.language.clone())),
            ],
        ),
    ];
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
                AccountSource::LinkedChat => tr.t("staff-source-linked"),
                AccountSource::TypedInReset => tr.t("staff-source-typed"),
            };
            lines.push(tr.ta(
                "staff-card-account",
                &[("account", v(linked.id.clone())), ("source", v(source))],
            ));
            lines.extend(account_lines(tr, &status));
        }
        _ => lines.push(tr.t("staff-card-no-account")),
    }
    if let (Status::Closed, Some(agent)) = (&ticket.status, &ticket.closed_by) {
        lines.push(tr.ta("staff-card-closed", &[("agent", v(agent.name.clone()))]));
        if let Some(note) = &ticket.close_note {
            lines.push(tr.ta("staff-card-note", &[("note", v(note.clone()))]));
        }
    }
    let description = quote::excerpt(
        ticket.description().unwrap_or_default(),
        CARD_DESCRIPTION,
        CARD_DESCRIPTION_LINES,
    );
    lines.push(tr.ta("staff-card-problem", &[("text", v(description))]));
    if ticket.is_active() {
        lines.push(if ticket.topic.is_some() {
            tr.t("staff-card-how-topic")
        } else {
            tr.t("staff-card-how-reply")
        });
    }
    lines.join("\n")
}

/// Contacts (masked), locks and recent events of an account, for cards and /account.
pub fn account_lines(tr: &Tr, status: &AccountStatus) -> Vec<String> {
    let none = tr.t("staff-none");
    let mut lines = vec![tr.ta(
        "staff-account-contacts",
        &[
            (
                "email",
                v(status.email.clone().unwrap_or_else(|| none.clone())),
            ),
            ("phone", v(status.phone.clone().unwrap_or(none))),
        ],
    )];
    lines.push(tr.ta("staff-account-linked", &[("count", v(status.linked_chats))]));
    if status.locked {
        lines.push(tr.t("staff-account-locked"));
    }
    lines.push(match status.recovery_locked_until {
        Some(until) => tr.ta("staff-recovery-locked", &[("until", v(rfc3339(until)))]),
        None => tr.t("staff-recovery-open"),
    });
    if status.recent.is_empty() {
        lines.push(tr.t("staff-events-none"));
    } else {
        lines.push(tr.t("staff-events"));
        for record in &status.recent {
            lines.push(format!(
                "  {} {} ({})",
                rfc3339(record.at),
                record.name(),
                record.actor.as_deref().unwrap_or("-")
            ));
        }
    }
    lines
}

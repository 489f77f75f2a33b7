//! What an approval request says in a linked chat: the request with its signed Approve
//! and Deny buttons, what every copy becomes once it is decided, the notice on the
//! pressed button, what the presser is told next, and what /pending answers.

use super::reply::{Arg, Key, Keyboard, Line, Reply};
use super::{Button, Chat};
use crate::approvals::{Action, Decision};
use crate::recovery::Services;
use crate::store::changes::{ChangeField, ChangeRequest, ChangeStatus};

/// What the change is, in words ("e-mail address to a***e@example.com").
fn what(change: &ChangeRequest) -> Line {
    let key = match change.field {
        ChangeField::Email => "change-what-email",
        ChangeField::Phone => "change-what-phone",
        ChangeField::Name => "change-what-name",
        ChangeField::PasswordReset => "change-what-password-reset",
        ChangeField::Password => "change-what-password",
    };
    Line::new(key).arg("value", change.display.as_str())
}

/// The request as a linked chat sees it, with its signed buttons.
pub fn request(svc: &Services, change: &ChangeRequest) -> Reply {
    let by = match change.requested_by.as_str() {
        "cli" => "by-operator",
        "api" => "by-service",
        _ => "by-telegram",
    };
    let service = svc.config.service.name.as_str();
    let text = Line::new("approval-request")
        .arg("service", service)
        .arg("what", what(change))
        .arg("by", Line::new(by).arg("service", service))
        .arg("expires", Arg::Time(change.expires_at));
    let mut reply = Reply::new(text);
    if let Some(reason) = &change.reason {
        reply = reply.line(Line::new("approval-reason").arg("reason", reason.as_str()));
    }
    let signed = |label, action| {
        let data = svc.approvals().button_data(&change.id, action);
        Key::new(Line::new(label), Button::Change(data))
    };
    reply.with(Keyboard(vec![vec![
        signed("btn-approve", Action::Approve),
        signed("btn-deny", Action::Deny),
    ]]))
}

/// /pending: the requests still waiting for this chat's account, to be sent again with
/// their buttons (`Ok`); or what to say when the chat is not linked or none waits (`Err`).
pub fn pending(svc: &Services, chat: &Chat) -> anyhow::Result<Result<Vec<ChangeRequest>, Reply>> {
    let now = svc.clock.now();
    Ok(match svc.approvals().pending_for_chat(chat.id, now)? {
        None => Err(Reply::key("pending-not-linked")),
        Some(waiting) if waiting.is_empty() => Err(Reply::key("pending-none")),
        Some(waiting) => Ok(waiting),
    })
}

/// What every copy of a decided (or expired) request is edited to, without buttons.
pub fn outcome(change: &ChangeRequest, key: &'static str) -> Line {
    Line::new(key).arg("what", what(change))
}

/// The notice on the pressed button.
pub fn notice(decision: &Decision) -> Reply {
    Reply::key(match decision {
        Decision::Invalid => "button-expired",
        Decision::NotYours => "notice-approval-not-yours",
        Decision::AlreadyHandled(ChangeStatus::Expired) => "notice-approval-expired",
        Decision::AlreadyHandled(_) => "notice-approval-handled",
        Decision::Expired { .. } => "notice-approval-expired",
        Decision::Approved { .. } | Decision::Denied { .. } => "notice-approval-done",
    })
}

/// The decided request, with the outcome its copies show, and what the presser is told
/// next (after an approved reset: to reset now; after a denial: what to do).
pub fn decided<'a>(
    svc: &Services,
    decision: &'a Decision,
) -> Option<(&'a ChangeRequest, Line, Option<Reply>)> {
    Some(match decision {
        Decision::Approved { change, applied } => {
            let key = match applied {
                true => "approval-approved",
                false => "approval-approved-not-applied",
            };
            let next = (change.field == ChangeField::PasswordReset)
                .then(|| Reply::key("approval-reset-followup").with(Keyboard::reset_only()));
            (change, outcome(change, key), next)
        }
        Decision::Denied { change } => {
            let keyboard = Keyboard::reset_or_support(svc.support_enabled());
            let next = Reply::key("approval-denied-followup").with(keyboard);
            (change, outcome(change, "approval-denied"), Some(next))
        }
        Decision::Expired { change } => (change, outcome(change, "approval-expired"), None),
        _ => return None,
    })
}

//! Outside the flows: the welcome, the checklist, the language choice, Cancel, the link
//! offer's answer after a reset, /unlink, support's first step, and what is said to input
//! that fits no step (an unknown command, text outside a flow, a photo where text is
//! expected).

use super::reply::{Key, Keyboard, Line, Press, Reply, Step};
use super::state::State;
use super::{Button, Chat};
use crate::audit::AuditEvent;
use crate::recovery::Services;

/// /start: the welcome with the main menu.
pub fn welcome(svc: &Services) -> Step {
    let service = svc.config.service.name.as_str();
    let text = Line::new("welcome").arg("service", service);
    Step::to(State::Idle, Reply::new(text).with(main_menu(svc)))
}

fn main_menu(svc: &Services) -> Keyboard {
    Keyboard::main_menu(svc.support_enabled())
}

/// /help: the checklist, then a reset or support.
pub fn help(svc: &Services) -> Reply {
    Reply::key("help-checklist").with(Keyboard::reset_or_support(svc.support_enabled()))
}

/// /language: one button per language.
pub fn choose_language() -> Reply {
    Reply::key("language-choose").with(Keyboard::languages())
}

/// The language was chosen (the reply is rendered in it): said with what the step waits
/// for, so the flow goes on.
pub fn language_set(state: &State) -> Reply {
    with_expected(Reply::key("language-set"), state)
}

/// A /command the bot does not know; the state stays.
pub fn unknown_command(state: &State) -> Reply {
    with_expected(Reply::key("unknown-command"), state)
}

fn with_expected(reply: Reply, state: &State) -> Reply {
    match state.expects() {
        Some(key) => reply.line(Line::new(key)),
        None => reply,
    }
}

/// Anything typed outside a flow: the menu again.
pub fn idle(svc: &Services) -> Reply {
    Reply::key("idle-hint").with(main_menu(svc))
}

/// Anything that is not text, in a step that reads text: what the step waits for, and
/// the state stays. In a settings step the session is touched first (and when it has
/// ended, the user is told so instead).
pub fn not_text(svc: &Services, chat: &Chat, state: State) -> anyhow::Result<Step> {
    let state = match state.session() {
        Some(session) => match super::settings::live(svc, chat, session)? {
            Ok(session) => state.with_session(session),
            Err(ended) => return Ok(ended),
        },
        None => state,
    };
    Ok(match state.expects() {
        Some(key) => Step::to(state, Reply::key(key)),
        None => Step::silent(state),
    })
}

/// Whether a press of a menu, reset or link-offer button fits the chat's state (the
/// settings', approvals' and staff buttons are routed to their flows before).
pub fn fits(button: &Button, state: &State) -> bool {
    match button {
        Button::ResendReset => matches!(state, State::ResetCode { .. }),
        Button::Link(_) => matches!(state, State::OfferLink { .. }),
        Button::Menu(_) | Button::Cancel | Button::Language(_) => true,
        Button::Setting(_) | Button::Change(_) | Button::Ticket { .. } => false,
    }
}

/// /cancel and the Cancel button: inside a settings step, back to the settings menu;
/// otherwise the flow (or the support chat) ends and the menu shows.
pub fn cancel(svc: &Services, chat: &Chat, state: &State) -> anyhow::Result<Step> {
    if let Some(session) = state
        .session()
        .filter(|_| !matches!(state, State::Settings { .. }))
    {
        if let Some(session) = svc.settings().touch_session(session, chat.id)? {
            return super::settings::menu(svc, session, Some(Line::new("cancel-done")));
        }
    }
    if let Some(session) = state.session() {
        svc.settings().end_session(session, chat.id, "cancel");
    }
    let text = match state {
        State::Idle => Line::new("cancel-nothing"),
        State::SupportChat { ticket } => match svc.support().active_ticket(chat.id)? {
            Some(open) if open.id == *ticket => Line::new("support-left").arg("ticket", *ticket),
            _ => Line::new("cancel-nothing"),
        },
        _ => Line::new("cancel-done"),
    };
    Ok(Step::to(State::Idle, Reply::new(text).with(main_menu(svc))))
}

/// The answer to the link offer after a reset; the state says which account.
pub async fn answer_link(
    svc: &Services,
    chat: &Chat,
    account_id: &str,
    yes: bool,
) -> anyhow::Result<Step> {
    let text = match yes {
        true => Line::new("link-done").arg(
            "account",
            svc.approvals().link_chat(chat.id, account_id).await?,
        ),
        false => Line::new("link-declined"),
    };
    Ok(Step::to(State::Idle, Reply::new(text).with(main_menu(svc))))
}

/// /unlink: this chat no longer receives the account's approval requests.
pub fn unlink(svc: &Services, chat: &Chat) -> anyhow::Result<Reply> {
    Ok(match svc.approvals().unlink_chat(chat.id)? {
        Some(account) => Reply::new(Line::new("unlink-done").arg("account", account)),
        None => Reply::key("unlink-none"),
    })
}

/// /support, the menu button, and the offers after a lockout or a refusal: the open
/// ticket's chat again, or the question what the problem is. Without support the state
/// stays.
pub fn support(svc: &Services, chat: &Chat, state: &State) -> anyhow::Result<Step> {
    if !svc.support_enabled() {
        let unavailable = Reply::key("support-unavailable").with(Keyboard::main_menu(false));
        return Ok(Step::to(state.clone(), unavailable));
    }
    if let Some(ticket) = svc.support().active_ticket(chat.id)? {
        let text = Line::new("support-still-open").arg("ticket", ticket.id);
        return Ok(Step::to(
            State::SupportChat { ticket: ticket.id },
            Reply::new(text),
        ));
    }
    let ask = Reply::key("support-ask").with(Keyboard::cancel_only());
    Ok(Step::to(State::SupportDescribe, ask))
}

/// The notice for a press on data the bot never wrote, or on a button whose step is over.
pub fn expired() -> Reply {
    Reply::key("button-expired")
}

/// A command in a group (`command` from `user`): refused and audited, with a link to a
/// private chat with the bot (`bot`, its username).
pub fn group_refused(
    svc: &Services,
    (user, chat): (Option<u64>, i64),
    command: &str,
    bot: &str,
) -> Reply {
    let command = command.to_string();
    let actor = user.map(|u| format!("user:{u}"));
    svc.audit_as(
        actor,
        Some(chat),
        None,
        AuditEvent::GroupChatRefused { command },
    );
    let open = Key {
        press: Press::Url(format!("https://t.me/{bot}")),
        label: Line::new("btn-open-private"),
    };
    Reply::new(Line::new("group-refused").arg("bot", bot)).with(Keyboard(vec![vec![open]]))
}

/// The first drop of a flooding episode (`queue_full`: the user's queue was full, not
/// their rate too high): audited, and the one notice to slow down.
pub fn slow_down(
    svc: &Services,
    (user, chat): (Option<u64>, Option<i64>),
    queue_full: bool,
) -> Reply {
    let actor = user.map(|u| format!("user:{u}"));
    svc.audit_as(actor, chat, None, AuditEvent::UpdatesDropped { queue_full });
    Reply::key("flood-slow-down")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::Setting;
    use crate::testing::services;

    const CHAT: Chat = Chat { id: 7, lang: "en" };

    #[test]
    fn a_button_of_a_finished_step_does_not_fit() {
        let resend = Button::ResendReset;
        assert!(!fits(&resend, &State::Idle));
        assert!(!fits(&Button::Link(true), &State::ResetIdentifier));
        assert!(!fits(&Button::Setting(Setting::Name), &State::Idle));
        assert!(fits(&Button::Cancel, &State::ResetIdentifier));
    }

    #[tokio::test]
    async fn cancel_ends_a_flow_and_says_when_there_was_none() {
        let f = services();
        let step = cancel(&f.svc, &CHAT, &State::ResetIdentifier).expect("step");
        assert!(matches!(step.next, State::Idle));
        assert_eq!(step.replies[0].text[0].1.key, "cancel-done");
        let step = cancel(&f.svc, &CHAT, &State::Idle).expect("step");
        assert_eq!(step.replies[0].text[0].1.key, "cancel-nothing");
    }

    #[test]
    fn an_unknown_command_repeats_what_the_step_waits_for() {
        let reply = unknown_command(&State::ResetIdentifier);
        let keys: Vec<_> = reply.text.iter().map(|(_, l)| l.key.as_ref()).collect();
        assert_eq!(keys, ["unknown-command", "expect-identifier"]);
    }
}

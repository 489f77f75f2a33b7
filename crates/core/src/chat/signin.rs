//! /settings sign-in: identifier, current password (with waits and a lock after wrong
//! ones), then a step-up code to the contact signed in with; the settings menu follows.

use super::codes::{code_refused, code_requested, code_sent, delivery_delayed, locked};
use super::codes::{identifier_error, unserved};
use super::reply::{Arg, Keyboard, Line, Reply, Step};
use super::settings::{menu, offer_link};
use super::state::State;
use super::Chat;
use crate::domain::{Identifier, OneTimeCode};
use crate::recovery::{CodeCheck, CodePurpose, CodeTarget, Services};
use crate::settings::SignIn;

/// /settings and the menu's "Account settings": the menu again when the chat is signed
/// in, else the sign-in.
pub fn start(svc: &Services, chat: &Chat, state: &State) -> anyhow::Result<Step> {
    if let Some(session) = state.session() {
        if let Some(session) = svc.settings().touch_session(session, chat.id)? {
            return menu(svc, session, None);
        }
    }
    Ok(ask_identifier())
}

fn ask_identifier() -> Step {
    let ask = Reply::key("signin-ask-identifier").with(Keyboard::cancel_only());
    Step::to(State::SignInIdentifier, ask)
}

pub fn receive_identifier(svc: &Services, text: &str) -> Step {
    let identifier = match Identifier::parse(text) {
        Ok(identifier) => identifier,
        Err(error) => return Step::to(State::SignInIdentifier, identifier_error(error)),
    };
    // The step-up code would go to this number by SMS.
    if let Some(refusal) = unserved(&identifier, svc) {
        return Step::to(State::SignInIdentifier, refusal);
    }
    let ask = Reply::key("signin-ask-password").with(Keyboard::cancel_only());
    Step::to(State::SignInPassword { identifier }, ask)
}

/// The current password (its message is deleted already).
pub async fn receive_password(
    svc: &Services,
    chat: &Chat,
    identifier: Identifier,
    text: &str,
) -> anyhow::Result<Step> {
    let wait = |key, secs: u64| Reply::new(Line::new(key).arg("seconds", secs));
    Ok(
        match svc.settings().sign_in(&identifier, text, chat.id).await? {
            SignIn::Correct { account } => {
                let target = CodeTarget {
                    purpose: CodePurpose::SignIn,
                    to: &identifier,
                    account: Some(*account),
                };
                let stay = State::SignInPassword {
                    identifier: identifier.clone(),
                };
                send_code(svc, chat, target, stay).await?
            }
            SignIn::Wrong { wait_secs } => Step::to(
                State::SignInPassword { identifier },
                wait("signin-wrong", wait_secs),
            ),
            SignIn::Wait { wait_secs } => Step::to(
                State::SignInPassword { identifier },
                wait("signin-wait", wait_secs),
            ),
            SignIn::Locked { until } => {
                let text = Line::new("signin-locked").arg("until", Arg::Time(until));
                let keyboard = Keyboard::reset_or_support(svc.support_enabled());
                Step::to(State::Idle, Reply::new(text).with(keyboard))
            }
            SignIn::AccountLocked => {
                let keyboard = Keyboard::locked_actions(svc.support_enabled());
                Step::to(State::Idle, Reply::key("account-locked").with(keyboard))
            }
        },
    )
}

/// "Send a new code" while the sign-in code is awaited.
pub async fn resend(
    svc: &Services,
    chat: &Chat,
    (account_id, identifier): (String, Identifier),
) -> anyhow::Result<Step> {
    let target = svc
        .recovery()
        .code_target(CodePurpose::SignIn, &identifier, &account_id)?;
    let stay = State::SignInCode {
        account_id: account_id.clone(),
        identifier: identifier.clone(),
    };
    send_code(svc, chat, target, stay).await
}

/// Sends the step-up code and says so; without an account (it is gone) the chat stays in
/// `stay` and nothing is said.
async fn send_code(
    svc: &Services,
    chat: &Chat,
    target: CodeTarget<'_>,
    stay: State,
) -> anyhow::Result<Step> {
    let Some(account_id) = target.account.as_ref().map(|a| a.id.clone()) else {
        return Ok(Step::silent(stay));
    };
    let identifier = target.to.clone();
    let delayed = delivery_delayed(&identifier, svc);
    let outcome = svc
        .recovery()
        .request_code_for(target, chat.lang, chat.actor())
        .await?;
    let sent = code_sent("signin-code-sent", &identifier, svc);
    Ok(match code_requested(outcome, &identifier, sent, delayed) {
        Ok(reply) => {
            let next = State::SignInCode {
                account_id,
                identifier,
            };
            Step::to(next, reply.with(Keyboard::settings_code_actions()))
        }
        Err(until) => locked(svc, until),
    })
}

/// The step-up code (its message is deleted already): the session starts, the menu
/// shows, and the chat is offered a link when the account has none.
pub async fn receive_code(
    svc: &Services,
    chat: &Chat,
    (account_id, identifier): (String, Identifier),
    text: &str,
) -> anyhow::Result<Step> {
    let Ok(code) = OneTimeCode::parse(text) else {
        let stay = State::SignInCode {
            account_id,
            identifier,
        };
        return Ok(Step::to(stay, Reply::key("code-format")));
    };
    let target = svc
        .recovery()
        .code_target(CodePurpose::SignIn, &identifier, &account_id)?;
    match svc
        .recovery()
        .check_code_for(target, &code, chat.actor())
        .await?
    {
        CodeCheck::Correct { account_id } => {
            let session = svc.settings().start_session(&account_id, chat.id);
            let step = menu(svc, session, Some(Line::new("signin-done")))?;
            Ok(match offer_link(svc, &account_id)? {
                Some(offer) => step.then(offer),
                None => step,
            })
        }
        other => {
            let stay = State::SignInCode {
                account_id,
                identifier,
            };
            Ok(code_refused(
                svc,
                other,
                stay,
                Keyboard::settings_code_actions(),
            ))
        }
    }
}

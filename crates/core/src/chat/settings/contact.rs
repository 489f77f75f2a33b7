//! A new e-mail address or phone number: parsed, a code sent to it, saved when the code
//! comes back.

use super::{live, menu, saved};
use crate::chat::codes::identifier_error;
use crate::chat::codes::{code_refused, code_requested, code_sent, delivery_delayed};
use crate::chat::codes::{locked, unserved};
use crate::chat::reply::{Keyboard, Line, Reply, Step};
use crate::chat::state::State;
use crate::chat::Chat;
use crate::domain::{EmailAddress, Identifier, OneTimeCode, PhoneNumber};
use crate::recovery::{CodeCheck, CodePurpose, Services};
use crate::settings::edit::Edit;
use crate::settings::Session;

/// The new e-mail address (in `SettingsEmail`) or phone number (in `SettingsPhone`).
pub async fn receive_contact(
    svc: &Services,
    chat: &Chat,
    state: State,
    text: &str,
) -> anyhow::Result<Step> {
    let Some(session) = state.session() else {
        return Ok(Step::silent(state));
    };
    let session = or_return!(live(svc, chat, session)?);
    let parsed = match state {
        State::SettingsEmail { .. } => EmailAddress::parse(text).map(Identifier::Email),
        _ => PhoneNumber::parse(text).map(Identifier::Phone),
    };
    let refusal = match parsed {
        Err(error) => identifier_error(error),
        Ok(contact) => match unserved(&contact, svc) {
            Some(refusal) => refusal,
            None if svc
                .settings()
                .is_current_contact(&session.account_id, &contact)? =>
            {
                Reply::key("settings-same-contact")
            }
            None => return send_contact_code(svc, chat, session, contact).await,
        },
    };
    Ok(Step::to(state.with_session(session), refusal))
}

/// Sends a code to the new contact (also for "Send a new code"), within
/// `codes.new_contacts_per_hour`.
pub async fn send_contact_code(
    svc: &Services,
    chat: &Chat,
    session: Session,
    contact: Identifier,
) -> anyhow::Result<Step> {
    if let Some(wait_secs) = svc
        .settings()
        .admit_new_contact(&session, chat.id, &contact)?
    {
        let limit = Line::new("settings-new-contact-limit")
            .arg("limit", svc.config.codes.new_contacts_per_hour)
            .arg("minutes", wait_secs.div_ceil(60));
        return menu(svc, session, Some(limit));
    }
    let target =
        svc.recovery()
            .code_target(CodePurpose::NewContact, &contact, &session.account_id)?;
    let delayed = delivery_delayed(&contact, svc);
    let outcome = svc
        .recovery()
        .request_code_for(target, chat.lang, chat.actor())
        .await?;
    let kind = if contact.is_email() { "email" } else { "phone" };
    let sent = code_sent("settings-contact-code-sent", &contact, svc).arg("kind", kind);
    Ok(match code_requested(outcome, &contact, sent, delayed) {
        Ok(reply) => {
            let reply = reply.with(Keyboard::settings_code_actions());
            Step::to(State::SettingsVerify { session, contact }, reply)
        }
        Err(until) => locked(svc, until),
    })
}

/// The code sent to the new contact (its message is deleted already).
pub async fn receive_contact_code(
    svc: &Services,
    chat: &Chat,
    (session, contact): (Session, Identifier),
    text: &str,
) -> anyhow::Result<Step> {
    let session = or_return!(live(svc, chat, &session)?);
    let Ok(code) = OneTimeCode::parse(text) else {
        let stay = State::SettingsVerify { session, contact };
        return Ok(Step::to(stay, Reply::key("code-format")));
    };
    let target =
        svc.recovery()
            .code_target(CodePurpose::NewContact, &contact, &session.account_id)?;
    match svc
        .recovery()
        .check_code_for(target, &code, chat.actor())
        .await?
    {
        CodeCheck::Correct { .. } => {
            let edit = match contact {
                Identifier::Email(email) => Edit::Email(email),
                Identifier::Phone(phone) => Edit::Phone(phone),
            };
            saved(svc, chat, session, edit).await
        }
        other => {
            let stay = State::SettingsVerify { session, contact };
            Ok(code_refused(
                svc,
                other,
                stay,
                Keyboard::settings_code_actions(),
            ))
        }
    }
}

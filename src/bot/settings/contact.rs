//! A new e-mail address or phone number: parsed, a code sent to it, saved when the code
//! comes back.

use super::{live, saved};
use crate::bot::codes::{code_refused, code_request_text, delivery_delayed, identifier_error};
use crate::bot::countries::unserved;
use crate::bot::reply;
use crate::bot::turn::{Text, Turn};
use crate::bot::{HandlerResult, State};
use crate::domain::{EmailAddress, Identifier, OneTimeCode, PhoneNumber};
use crate::recovery::{CodeCheck, CodePurpose};
use crate::settings::edit::Edit;
use crate::settings::Session;
use fluent_bundle::FluentValue;

/// The new e-mail address or phone number (the state says which step this is).
pub async fn receive_contact(turn: Turn, state: State, Text(text): Text) -> HandlerResult {
    let Some(session) = state.session() else {
        return Ok(());
    };
    let Some(session) = live(&turn, session).await? else {
        return Ok(());
    };
    let email = matches!(state, State::SettingsEmail { .. });
    let same_state = state.with_session(session.clone());
    let parsed = match email {
        true => EmailAddress::parse(&text).map(Identifier::Email),
        false => PhoneNumber::parse(&text).map(Identifier::Phone),
    };
    let refusal = match parsed {
        Err(error) => identifier_error(error, &turn.tr),
        Ok(contact) => match unserved(&contact, &turn.tr, &turn.svc) {
            Some(refusal) => refusal,
            None if turn.svc.is_current_contact(&session.account_id, &contact)? => {
                turn.tr.t("settings-same-contact")
            }
            None => return send_contact_code(&turn, session, contact).await,
        },
    };
    turn.set(same_state).await?;
    turn.say(refusal).await
}

/// Sends a code to the new contact (also for "Send a new code").
pub(super) async fn send_contact_code(
    turn: &Turn,
    session: Session,
    contact: Identifier,
) -> HandlerResult {
    let (tr, svc) = (&turn.tr, &turn.svc);
    if let Some(wait_secs) = svc.admit_new_contact(&session, turn.chat.0, &contact)? {
        let text = tr.ta(
            "settings-new-contact-limit",
            &[
                (
                    "limit",
                    FluentValue::from(svc.config.codes.new_contacts_per_hour),
                ),
                ("minutes", FluentValue::from(wait_secs.div_ceil(60))),
            ],
        );
        return super::show_menu(turn, session, Some(text)).await;
    }
    let target = svc.code_target(CodePurpose::NewContact, &contact, &session.account_id)?;
    let outcome = svc.request_code_for(target, tr.lang, turn.actor()).await?;
    let kind = if contact.is_email() { "email" } else { "phone" };
    let sent = tr.ta(
        "settings-contact-code-sent",
        &[
            ("identifier", FluentValue::from(contact.masked())),
            (
                "minutes",
                FluentValue::from(svc.config.codes.ttl.as_secs() / 60),
            ),
            ("kind", FluentValue::from(kind)),
        ],
    );
    let sent = match delivery_delayed(&contact, tr, svc) {
        Some(notice) => format!("{sent}\n\n{notice}"),
        None => sent,
    };
    let text = match code_request_text(outcome, &contact, sent, tr) {
        Ok(text) => text,
        Err(until) => {
            turn.set(State::Idle).await?;
            return crate::bot::codes::locked(turn, until).await;
        }
    };
    turn.set(State::SettingsVerify { session, contact }).await?;
    turn.say_with(text, reply::settings_code_actions(tr)).await
}

/// The code sent to the new contact (its message is deleted already, see `schema()`).
pub async fn receive_contact_code(
    turn: Turn,
    (session, contact): (Session, Identifier),
    Text(text): Text,
) -> HandlerResult {
    let Some(session) = live(&turn, &session).await? else {
        return Ok(());
    };
    let Ok(code) = OneTimeCode::parse(&text) else {
        turn.set(State::SettingsVerify { session, contact }).await?;
        return turn.say_key("code-format").await;
    };
    let svc = &turn.svc;
    let target = svc.code_target(CodePurpose::NewContact, &contact, &session.account_id)?;
    match svc.check_code_for(target, &code, turn.actor()).await? {
        CodeCheck::Correct { .. } => {
            let edit = match contact {
                Identifier::Email(email) => Edit::Email(email),
                Identifier::Phone(phone) => Edit::Phone(phone),
            };
            saved(&turn, session, edit).await
        }
        other => {
            turn.set(State::SettingsVerify { session, contact }).await?;
            code_refused(&turn, other, reply::settings_code_actions(&turn.tr)).await
        }
    }
}

//! A new e-mail address or phone number: parsed, a code sent to it, saved when the code
//! comes back.

use super::{live, not_text, read_secret, saved};
use crate::bot::codes::{code_refused, code_request_text, delivery_delayed, identifier_error};
use crate::bot::countries::unserved;
use crate::bot::reply;
use crate::bot::{ChatDialogue, HandlerResult, State, Tg};
use crate::domain::{EmailAddress, Identifier, OneTimeCode, PhoneNumber};
use crate::i18n::Tr;
use crate::recovery::{Actor, CodeCheck, CodePurpose, Services};
use crate::settings::edit::Edit;
use crate::settings::Session;
use fluent_bundle::FluentValue;
use teloxide::prelude::*;

/// The new e-mail address or phone number (`email` says which step this is).
pub async fn receive_contact(
    bot: Tg,
    msg: Message,
    dialogue: ChatDialogue,
    state: State,
    tr: Tr,
    svc: Services,
) -> HandlerResult {
    let chat = msg.chat.id;
    let Some(session) = state.session() else {
        return Ok(());
    };
    let Some(session) = live(&bot, chat, &dialogue, session, &tr, &svc).await? else {
        return Ok(());
    };
    let email = matches!(state, State::SettingsEmail { .. });
    let same_state = |session| match email {
        true => State::SettingsEmail { session },
        false => State::SettingsPhone { session },
    };
    let Some(text) = msg.text() else {
        return not_text(&bot, chat, &dialogue, same_state(session), &tr).await;
    };
    let parsed = match email {
        true => EmailAddress::parse(text).map(Identifier::Email),
        false => PhoneNumber::parse(text).map(Identifier::Phone),
    };
    let contact = match parsed {
        Ok(contact) => contact,
        Err(error) => {
            crate::bot::set_state(&dialogue, same_state(session)).await?;
            return reply::say(&bot, chat, identifier_error(error, &tr)).await;
        }
    };
    if let Some(refusal) = unserved(&contact, &tr, &svc) {
        crate::bot::set_state(&dialogue, same_state(session)).await?;
        return reply::say(&bot, chat, refusal).await;
    }
    if svc.is_current_contact(&session.account_id, &contact)? {
        crate::bot::set_state(&dialogue, same_state(session)).await?;
        return reply::say(&bot, chat, tr.t("settings-same-contact")).await;
    }
    send_contact_code(&bot, chat, &dialogue, session, contact, &tr, &svc).await
}

/// Sends a code to the new contact (also for "Send a new code").
pub(super) async fn send_contact_code(
    bot: &Tg,
    chat: ChatId,
    dialogue: &ChatDialogue,
    session: Session,
    contact: Identifier,
    tr: &Tr,
    svc: &Services,
) -> HandlerResult {
    if let Some(wait_secs) = svc.admit_new_contact(&session, chat.0, &contact)? {
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
        return super::show_menu(bot, chat, dialogue, session, Some(text), tr, svc).await;
    }
    let target = svc.code_target(CodePurpose::NewContact, &contact, &session.account_id)?;
    let actor = Actor {
        chat_id: Some(chat.0),
    };
    let outcome = svc.request_code_for(target, tr.lang, actor).await?;
    let kind = if contact.is_email() { "email" } else { "phone" };
    let sent = tr.ta(
        "settings-contact-code-sent",
        &[
            ("identifier", FluentValue::from(contact.masked())),
            ("minutes", FluentValue::from(svc.config.codes.ttl_secs / 60)),
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
            crate::bot::set_state(dialogue, State::Idle).await?;
            return crate::bot::codes::locked(bot, chat, until, tr, svc).await;
        }
    };
    crate::bot::set_state(dialogue, State::SettingsVerify { session, contact }).await?;
    reply::say_with(bot, chat, text, reply::settings_code_actions(tr)).await
}

pub async fn receive_contact_code(
    bot: Tg,
    msg: Message,
    dialogue: ChatDialogue,
    (session, contact): (Session, Identifier),
    tr: Tr,
    svc: Services,
) -> HandlerResult {
    let chat = msg.chat.id;
    let to = contact.clone();
    let step = |session| State::SettingsVerify {
        session,
        contact: to,
    };
    let read = read_secret(&bot, &msg, &dialogue, &session, step, &tr, &svc).await?;
    let Some((session, text)) = read else {
        return Ok(());
    };
    let Ok(code) = OneTimeCode::parse(&text) else {
        crate::bot::set_state(&dialogue, State::SettingsVerify { session, contact }).await?;
        return reply::say(&bot, chat, tr.t("code-format")).await;
    };
    let target = svc.code_target(CodePurpose::NewContact, &contact, &session.account_id)?;
    let actor = Actor {
        chat_id: Some(chat.0),
    };
    match svc.check_code_for(target, &code, actor).await? {
        CodeCheck::Correct { .. } => {
            let edit = match contact {
                Identifier::Email(email) => Edit::Email(email),
                Identifier::Phone(phone) => Edit::Phone(phone),
            };
            saved(&bot, chat, &dialogue, session, edit, &tr, &svc).await
        }
        other => {
            crate::bot::set_state(&dialogue, State::SettingsVerify { session, contact }).await?;
            let actions = reply::settings_code_actions(&tr);
            code_refused(&bot, chat, &dialogue, other, actions, &tr, &svc).await
        }
    }
}

//! The signed-in settings menu: name, e-mail, phone, password, done. A new e-mail or
//! phone is saved only after the code sent to it comes back; secret-bearing messages are
//! deleted as in a reset. Every step first checks the session (15 minutes idle at most).

mod buttons;
mod contact;
mod password;

pub use buttons::{button, link_button, pressed_here};
pub use contact::{receive_contact, receive_contact_code};
pub use password::{receive_confirmation, receive_password};

use super::prompt::expected;
use super::reply;
use super::turn::{Text, Turn};
use super::{HandlerResult, State};
use crate::clock::rfc3339;
use crate::domain::PersonName;
use crate::settings::edit::{Edit, Saved};
use crate::settings::Session;
use crate::store::changes::ChangeField;
use fluent_bundle::FluentValue;

/// The session touched now; when it has ended the user is told and asked to sign in again.
pub async fn live(turn: &Turn, session: &Session) -> anyhow::Result<Option<Session>> {
    let (tr, svc) = (&turn.tr, &turn.svc);
    if let Some(session) = svc.touch_session(session, turn.chat.0)? {
        return Ok(Some(session));
    }
    let minutes = FluentValue::from(svc.config.security.settings_idle.as_secs() / 60);
    let text = format!(
        "{}\n{}",
        tr.ta("settings-expired", &[("minutes", minutes)]),
        tr.t("signin-ask-identifier")
    );
    turn.ask(State::SignInIdentifier, text).await?;
    Ok(None)
}

/// The settings menu, after `intro` when there is one.
pub async fn show_menu(turn: &Turn, session: Session, intro: Option<String>) -> HandlerResult {
    let tr = &turn.tr;
    let account = turn.svc.account_summary(&session.account_id)?;
    turn.set(State::Settings { session }).await?;
    let not_set = || tr.t("settings-not-set");
    let (name, email, phone) = match account {
        Some(a) => (
            a.name,
            a.email.unwrap_or_else(not_set),
            a.phone.unwrap_or_else(not_set),
        ),
        None => (not_set(), not_set(), not_set()),
    };
    let menu = tr.ta(
        "settings-menu",
        &[
            ("name", FluentValue::from(name)),
            ("email", FluentValue::from(email)),
            ("phone", FluentValue::from(phone)),
        ],
    );
    let text = match intro {
        Some(intro) => format!("{intro}\n{menu}"),
        None => menu,
    };
    turn.say_with(text, reply::settings_menu(tr)).await
}

/// After sign-in: offer to link this chat when the account has no linked chat yet. (When
/// it has, changes made here wait for approval there instead.)
pub async fn offer_link(turn: &Turn, account_id: &str) -> HandlerResult {
    let Some(account) = turn.svc.link_offer_after_sign_in(account_id)? else {
        return Ok(());
    };
    let text = super::approvals::link_offer_text(&turn.tr, account);
    turn.say_with(text, reply::link_offer(&turn.tr)).await
}

/// Anything typed while the menu is shown: the menu again.
pub async fn menu_text(turn: Turn, session: Session) -> HandlerResult {
    let Some(session) = live(&turn, &session).await? else {
        return Ok(());
    };
    let intro = expected(
        &State::Settings {
            session: session.clone(),
        },
        &turn.tr,
    );
    show_menu(&turn, session, intro).await
}

/// Says what became of an edit and shows the menu again.
async fn saved(turn: &Turn, session: Session, edit: Edit) -> HandlerResult {
    let tr = &turn.tr;
    let field = edit.field();
    let display = edit.display();
    let mut session = session;
    let outcome = turn
        .svc
        .save_edit(&mut session, turn.chat.0, edit, tr.lang)
        .await?;
    let text = match outcome {
        Saved::Done => {
            let key = match field {
                ChangeField::Name => "settings-saved-name",
                ChangeField::Email => "settings-saved-email",
                ChangeField::Phone => "settings-saved-phone",
                _ => "settings-saved-password",
            };
            tr.ta(key, &[("value", FluentValue::from(display))])
        }
        Saved::Pending(change) => tr.ta(
            "settings-pending",
            &[("expires", FluentValue::from(rfc3339(change.expires_at)))],
        ),
        Saved::Taken => tr.t("settings-contact-taken"),
        Saved::TooManyPending { limit } => tr.ta(
            "settings-pending-limit",
            &[("limit", FluentValue::from(limit))],
        ),
    };
    show_menu(turn, session, Some(text)).await
}

pub async fn receive_name(turn: Turn, session: Session, Text(text): Text) -> HandlerResult {
    let Some(session) = live(&turn, &session).await? else {
        return Ok(());
    };
    match PersonName::parse(&text) {
        Ok(name) => saved(&turn, session, Edit::Name(name)).await,
        Err(_) => {
            turn.set(State::SettingsName { session }).await?;
            turn.say_key("settings-name-invalid").await
        }
    }
}

//! The signed-in settings menu: name, e-mail, phone, password, done. A new e-mail or
//! phone is saved only after the code sent to it comes back ([`contact`]); a new password
//! follows the reset's policy ([`password`]). Every step first touches the session
//! (`security.settings_idle` at most between two steps), see [`live`].

pub mod buttons;
pub mod contact;
pub mod password;

use crate::chat::reply::{Keyboard, Line, Reply, Step};
use crate::chat::state::State;
use crate::chat::Chat;
use crate::domain::PersonName;
use crate::recovery::Services;
use crate::settings::edit::{Edit, Saved};
use crate::settings::Session;
use crate::store::changes::ChangeField;

/// The session, touched now (`Ok`); or, when it has ended, the step that says so and asks
/// to sign in again (`Err`).
pub fn live(
    svc: &Services,
    chat: &Chat,
    session: &Session,
) -> anyhow::Result<Result<Session, Step>> {
    if let Some(session) = svc.settings().touch_session(session, chat.id)? {
        return Ok(Ok(session));
    }
    let minutes = svc.config.security.settings_idle.as_secs() / 60;
    let reply = Reply::new(Line::new("settings-expired").arg("minutes", minutes))
        .line(Line::new("signin-ask-identifier"))
        .with(Keyboard::cancel_only());
    Ok(Err(Step::to(State::SignInIdentifier, reply)))
}

/// The settings menu, below `intro` when there is one.
pub fn menu(svc: &Services, session: Session, intro: Option<Line>) -> anyhow::Result<Step> {
    let not_set = || Line::new("settings-not-set").into();
    let (name, email, phone) = match svc.settings().account_summary(&session.account_id)? {
        Some(a) => (
            a.name.into(),
            a.email.map_or_else(not_set, Into::into),
            a.phone.map_or_else(not_set, Into::into),
        ),
        None => (not_set(), not_set(), not_set()),
    };
    let mut menu = Line::new("settings-menu");
    menu.args = vec![("name", name), ("email", email), ("phone", phone)];
    let reply = match intro {
        Some(intro) => Reply::new(intro).line(menu),
        None => Reply::new(menu),
    };
    Ok(Step::to(
        State::Settings { session },
        reply.with(Keyboard::settings_menu()),
    ))
}

/// After sign-in: the offer to link this chat, when the account has no linked chat yet.
/// (When it has, changes made here wait for approval there instead.)
pub fn offer_link(svc: &Services, account_id: &str) -> anyhow::Result<Option<Reply>> {
    Ok(svc
        .approvals()
        .link_offer_after_sign_in(account_id)?
        .map(|account| {
            Reply::new(Line::new("link-offer").arg("account", account)).with(Keyboard::link_offer())
        }))
}

/// Anything typed while the menu is shown: the menu again, under what it expects.
pub fn menu_text(svc: &Services, chat: &Chat, session: &Session) -> anyhow::Result<Step> {
    let session = or_return!(live(svc, chat, session)?);
    menu(svc, session, Some(Line::new("expect-settings-choice")))
}

/// Saves an edit (or asks for its approval) and says what became of it, above the menu.
pub async fn saved(
    svc: &Services,
    chat: &Chat,
    mut session: Session,
    edit: Edit,
) -> anyhow::Result<Step> {
    let field = edit.field();
    let display = edit.display();
    let text = match svc
        .settings()
        .save_edit(&mut session, chat.id, edit, chat.lang)
        .await?
    {
        Saved::Done => {
            let key = match field {
                ChangeField::Name => "settings-saved-name",
                ChangeField::Email => "settings-saved-email",
                ChangeField::Phone => "settings-saved-phone",
                _ => "settings-saved-password",
            };
            Line::new(key).arg("value", display)
        }
        Saved::Pending(change) => {
            Line::new("settings-pending").arg("expires", crate::chat::Arg::Time(change.expires_at))
        }
        Saved::Taken => Line::new("settings-contact-taken"),
        Saved::TooManyPending { limit } => Line::new("settings-pending-limit").arg("limit", limit),
    };
    menu(svc, session, Some(text))
}

/// The new name.
pub async fn receive_name(
    svc: &Services,
    chat: &Chat,
    session: &Session,
    text: &str,
) -> anyhow::Result<Step> {
    let session = or_return!(live(svc, chat, session)?);
    match PersonName::parse(text) {
        Ok(name) => saved(svc, chat, session, Edit::Name(name)).await,
        Err(_) => Ok(Step::to(
            State::SettingsName { session },
            Reply::key("settings-name-invalid"),
        )),
    }
}

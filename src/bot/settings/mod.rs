//! The signed-in settings menu: name, e-mail, phone, password, done. A new e-mail or
//! phone is saved only after the code sent to it comes back; secret-bearing messages are
//! deleted as in a reset. Every step first checks the session (15 minutes idle at most).

mod contact;
mod password;

pub use contact::{receive_contact, receive_contact_code};
pub use password::{receive_confirmation, receive_password};

use super::button::Setting;
use super::reply;
use super::{prompt::expected, ChatDialogue, HandlerResult, State, Tg};
use crate::clock::rfc3339;
use crate::domain::PersonName;
use crate::i18n::Tr;
use crate::recovery::Services;
use crate::settings::edit::{Edit, Saved};
use crate::settings::Session;
use crate::store::changes::ChangeField;
use fluent_bundle::FluentValue;
use teloxide::prelude::*;

/// The session touched now; when it has ended the user is told and asked to sign in again.
pub(super) async fn live(
    bot: &Tg,
    chat: ChatId,
    dialogue: &ChatDialogue,
    session: &Session,
    tr: &Tr,
    svc: &Services,
) -> anyhow::Result<Option<Session>> {
    if let Some(session) = svc.touch_session(session, chat.0)? {
        return Ok(Some(session));
    }
    let minutes = FluentValue::from(svc.config.security.settings_idle_secs / 60);
    let text = format!(
        "{}\n{}",
        tr.ta("settings-expired", &[("minutes", minutes)]),
        tr.t("signin-ask-identifier")
    );
    super::set_state(dialogue, State::SignInIdentifier).await?;
    reply::say_with(bot, chat, text, reply::cancel_only(tr)).await?;
    Ok(None)
}

/// The start of a step whose messages may carry a secret: the message is deleted and the
/// session checked. Returns the touched session and the text, or None when the user was
/// answered already (session over, or not text: `state` rebuilds the step).
pub(super) async fn read_secret(
    bot: &Tg,
    msg: &Message,
    dialogue: &ChatDialogue,
    session: &Session,
    state: impl FnOnce(Session) -> State,
    tr: &Tr,
    svc: &Services,
) -> anyhow::Result<Option<(Session, String)>> {
    let chat = msg.chat.id;
    if msg.text().is_some() {
        reply::delete_secret(bot, chat, msg.id).await;
    }
    let Some(session) = live(bot, chat, dialogue, session, tr, svc).await? else {
        return Ok(None);
    };
    match msg.text() {
        Some(text) => Ok(Some((session, text.to_string()))),
        None => {
            not_text(bot, chat, dialogue, state(session), tr).await?;
            Ok(None)
        }
    }
}

/// The settings menu, after `intro` when there is one.
pub async fn show_menu(
    bot: &Tg,
    chat: ChatId,
    dialogue: &ChatDialogue,
    session: Session,
    intro: Option<String>,
    tr: &Tr,
    svc: &Services,
) -> HandlerResult {
    let account = svc.account_summary(&session.account_id)?;
    super::set_state(dialogue, State::Settings { session }).await?;
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
    reply::say_with(bot, chat, text, reply::settings_menu(tr)).await
}

/// After sign-in: offer to link this chat when the account has no linked chat yet. (When
/// it has, changes made here wait for approval there instead.)
pub async fn offer_link(
    bot: &Tg,
    chat: ChatId,
    account_id: &str,
    tr: &Tr,
    svc: &Services,
) -> HandlerResult {
    let Some(account) = svc.link_offer_after_sign_in(account_id)? else {
        return Ok(());
    };
    let text = super::approvals::link_offer_text(tr, account);
    let keyboard = reply::link_offer(tr);
    reply::say_with(bot, chat, text, keyboard).await
}

/// A settings button's press in this chat: the chat when it is private and signed in (or
/// waiting for the sign-in code); otherwise the press is answered as expired.
pub(super) async fn pressed_here(
    bot: &Tg,
    q: &CallbackQuery,
    state: &State,
    tr: &Tr,
) -> anyhow::Result<Option<ChatId>> {
    let private = q.message.as_ref().is_some_and(|m| m.chat().is_private());
    let usable =
        private && (state.session().is_some() || matches!(state, State::SignInCode { .. }));
    if !usable {
        bot.answer_callback_query(q.id.clone())
            .text(tr.t("button-expired"))
            .await?;
        return Ok(None);
    }
    bot.answer_callback_query(q.id.clone()).await?;
    Ok(Some(ChatId(q.from.id.0 as i64)))
}

/// A press on a settings button.
pub async fn button(
    bot: Tg,
    q: CallbackQuery,
    setting: Setting,
    dialogue: ChatDialogue,
    state: State,
    tr: Tr,
    svc: Services,
) -> HandlerResult {
    let Some(chat) = pressed_here(&bot, &q, &state, &tr).await? else {
        return Ok(());
    };
    // Waiting for the sign-in code, only Resend fits (routed to the sign-in).
    let Some(session) = state.session() else {
        return reply::say(&bot, chat, tr.t("button-expired")).await;
    };
    let Some(session) = live(&bot, chat, &dialogue, session, &tr, &svc).await? else {
        return Ok(());
    };
    let (next, key) = match setting {
        Setting::Name => (State::SettingsName { session }, "settings-ask-name"),
        Setting::Email => (State::SettingsEmail { session }, "settings-ask-email"),
        Setting::Phone => (State::SettingsPhone { session }, "settings-ask-phone"),
        Setting::Password => {
            super::set_state(&dialogue, State::SettingsPassword { session }).await?;
            let min = FluentValue::from(svc.config.security.password_min_length);
            let text = tr.ta("settings-ask-password", &[("min", min)]);
            return reply::say_with(&bot, chat, text, reply::cancel_only(&tr)).await;
        }
        Setting::Resend => match state {
            State::SettingsVerify { contact, .. } => {
                return contact::send_contact_code(
                    &bot, chat, &dialogue, session, contact, &tr, &svc,
                )
                .await
            }
            _ => return reply::say(&bot, chat, tr.t("button-expired")).await,
        },
        Setting::Done => {
            svc.end_session(&session, chat.0, "done");
            super::set_state(&dialogue, State::Idle).await?;
            let menu = reply::main_menu(&tr, svc.support_enabled());
            return reply::say_with(&bot, chat, tr.t("settings-done"), menu).await;
        }
    };
    super::set_state(&dialogue, next).await?;
    reply::say_with(&bot, chat, tr.t(key), reply::cancel_only(&tr)).await
}

/// The answer to the link offer made after a settings sign-in; the settings menu follows.
pub async fn link_button(
    bot: Tg,
    q: CallbackQuery,
    yes: bool,
    dialogue: ChatDialogue,
    state: State,
    tr: Tr,
    svc: Services,
) -> HandlerResult {
    let Some(chat) = pressed_here(&bot, &q, &state, &tr).await? else {
        return Ok(());
    };
    let Some(session) = state.session() else {
        return reply::say(&bot, chat, tr.t("button-expired")).await;
    };
    let Some(session) = live(&bot, chat, &dialogue, session, &tr, &svc).await? else {
        return Ok(());
    };
    // Only while the account has no linked chat: otherwise linking needs their approval.
    let linked = match yes {
        true => svc.link_first_chat(chat.0, &session.account_id).await?,
        false => None,
    };
    let text = match linked {
        Some(account) => super::approvals::link_done_text(&tr, account),
        None => tr.t("link-declined"),
    };
    show_menu(&bot, chat, &dialogue, session, Some(text), &tr, &svc).await
}

/// Text typed while the menu is shown: the menu again.
pub async fn menu_text(
    bot: Tg,
    msg: Message,
    dialogue: ChatDialogue,
    session: Session,
    tr: Tr,
    svc: Services,
) -> HandlerResult {
    let chat = msg.chat.id;
    let Some(session) = live(&bot, chat, &dialogue, &session, &tr, &svc).await? else {
        return Ok(());
    };
    let intro = expected(
        &State::Settings {
            session: session.clone(),
        },
        &tr,
    );
    show_menu(&bot, chat, &dialogue, session, intro, &tr, &svc).await
}

/// Says what became of an edit and shows the menu again.
pub(super) async fn saved(
    bot: &Tg,
    chat: ChatId,
    dialogue: &ChatDialogue,
    session: Session,
    edit: Edit,
    tr: &Tr,
    svc: &Services,
) -> HandlerResult {
    let field = edit.field();
    let display = edit.display();
    let mut session = session;
    let outcome = svc.save_edit(&mut session, chat.0, edit, tr.lang).await?;
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
    show_menu(bot, chat, dialogue, session, Some(text), tr, svc).await
}

/// Anything that is not text: what the step expects; the session is touched.
pub(super) async fn not_text(
    bot: &Tg,
    chat: ChatId,
    dialogue: &ChatDialogue,
    state: State,
    tr: &Tr,
) -> HandlerResult {
    let text = expected(&state, tr).unwrap_or_default();
    super::set_state(dialogue, state).await?;
    reply::say(bot, chat, text).await
}

pub async fn receive_name(
    bot: Tg,
    msg: Message,
    dialogue: ChatDialogue,
    session: Session,
    tr: Tr,
    svc: Services,
) -> HandlerResult {
    let chat = msg.chat.id;
    let Some(session) = live(&bot, chat, &dialogue, &session, &tr, &svc).await? else {
        return Ok(());
    };
    let Some(text) = msg.text() else {
        return not_text(&bot, chat, &dialogue, State::SettingsName { session }, &tr).await;
    };
    match PersonName::parse(text) {
        Ok(name) => saved(&bot, chat, &dialogue, session, Edit::Name(name), &tr, &svc).await,
        Err(_) => {
            super::set_state(&dialogue, State::SettingsName { session }).await?;
            reply::say(&bot, chat, tr.t("settings-name-invalid")).await
        }
    }
}

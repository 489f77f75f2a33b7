//! The conversation's steps driven directly, with a manual clock: what the user would see
//! (locale keys, buttons) and where the chat goes, without Telegram.

use super::{reset, settings, signin, Button, Chat, Keyboard, Reply, State, Step};
use crate::i18n::I18n;
use crate::testing::{services_with, Fixture};
use std::collections::BTreeSet;
use std::time::Duration;

const CHAT: Chat = Chat { id: 7, lang: "en" };
const ALICE: &str = "alice@example.com";
const PASSWORD: &str = "old but long password";
const NEW_PASSWORD: &str = "a walk along the river";

fn fixture() -> Fixture {
    services_with(|config| config.codes.reply_padding = Duration::ZERO)
}

/// The locale keys of each reply, in order.
fn keys(step: &Step) -> Vec<Vec<String>> {
    let reply_keys = |r: &Reply| r.text.iter().map(|(_, l)| l.key.to_string()).collect();
    step.replies.iter().map(reply_keys).collect()
}

fn buttons(reply: &Reply) -> Vec<Button> {
    let rows = reply.keyboard.as_ref().map_or(&[][..], |k| &k.0[..]);
    rows.iter()
        .flatten()
        .filter_map(|key| key.button().cloned())
        .collect()
}

#[tokio::test]
async fn a_reset_goes_from_the_identifier_to_a_new_password_and_the_link_offer() {
    let f = fixture();
    f.account(ALICE, ALICE);
    assert!(matches!(reset::start().next, State::ResetIdentifier));
    let step = reset::receive_identifier(&f.svc, &CHAT, ALICE)
        .await
        .expect("step");
    assert_eq!(keys(&step), [["code-sent"]]);
    assert_eq!(
        buttons(&step.replies[0]),
        [Button::ResendReset, Button::Cancel]
    );
    let State::ResetCode { identifier } = step.next else {
        panic!("not waiting for the code: {:?}", step.next);
    };
    let code = f.code_to(ALICE, 0).await;
    let step = reset::receive_code(&f.svc, &CHAT, identifier, code.expose())
        .await
        .expect("step");
    assert_eq!(keys(&step), [["code-accepted"]]);
    let State::ResetNewPassword {
        account_id,
        granted_at,
        attempts,
    } = step.next
    else {
        panic!("not waiting for a password: {:?}", step.next);
    };
    let window = (account_id, granted_at, attempts);
    let step = reset::receive_new_password(&f.svc, &CHAT, window, NEW_PASSWORD)
        .await
        .expect("step");
    assert_eq!(keys(&step), [["password-confirm"]]);
    let State::ResetConfirm {
        account_id,
        granted_at,
        pending_hash,
        attempts,
    } = step.next
    else {
        panic!("not waiting for the confirmation: {:?}", step.next);
    };
    let confirm = (account_id, granted_at, pending_hash, attempts);
    let step = reset::receive_confirmation(&f.svc, &CHAT, confirm, NEW_PASSWORD)
        .await
        .expect("step");
    assert_eq!(keys(&step), [["password-changed"], ["link-offer"]]);
    assert_eq!(
        buttons(&step.replies[1]),
        [Button::Link(true), Button::Link(false)]
    );
    assert!(matches!(step.next, State::OfferLink { .. }));
}

#[tokio::test]
async fn known_and_unknown_addresses_get_the_same_replies() {
    let f = fixture();
    f.account(ALICE, ALICE);
    // Both are shown as a***e@example.com.
    let known = reset::receive_identifier(&f.svc, &CHAT, ALICE)
        .await
        .expect("step");
    let unknown = reset::receive_identifier(&f.svc, &CHAT, "anne@example.com")
        .await
        .expect("step");
    assert_eq!(known.replies, unknown.replies);
    let (State::ResetCode { identifier: k }, State::ResetCode { identifier: u }) =
        (known.next, unknown.next)
    else {
        panic!("both wait for a code");
    };
    let known = reset::receive_code(&f.svc, &CHAT, k, "000000")
        .await
        .expect("step");
    let unknown = reset::receive_code(&f.svc, &CHAT, u, "000000")
        .await
        .expect("step");
    assert_eq!(known.replies, unknown.replies);
}

#[tokio::test]
async fn a_new_password_after_the_reset_window_ends_the_reset() {
    let f = fixture();
    f.account(ALICE, ALICE);
    let window = (ALICE.to_string(), f.svc.clock.now(), 0);
    f.clock
        .advance(f.svc.config.security.reset_window + Duration::from_secs(1));
    let step = reset::receive_new_password(&f.svc, &CHAT, window, NEW_PASSWORD)
        .await
        .expect("step");
    assert!(matches!(step.next, State::Idle));
    assert_eq!(keys(&step), [["reset-window-expired"]]);
    assert_eq!(step.replies[0].keyboard, Some(Keyboard::reset_only()));
}

/// Signs in with the password and the step-up code; the step that shows the menu.
async fn signed_in(f: &Fixture) -> Step {
    let step = signin::receive_identifier(&f.svc, ALICE);
    let State::SignInPassword { identifier } = step.next else {
        panic!("not waiting for the password: {:?}", step.next);
    };
    let step = signin::receive_password(&f.svc, &CHAT, identifier, PASSWORD)
        .await
        .expect("step");
    assert_eq!(keys(&step), [["signin-code-sent"]]);
    let State::SignInCode {
        account_id,
        identifier,
    } = step.next
    else {
        panic!("not waiting for the code: {:?}", step.next);
    };
    let code = f.code_to(ALICE, 0).await;
    signin::receive_code(&f.svc, &CHAT, (account_id, identifier), code.expose())
        .await
        .expect("step")
}

#[tokio::test]
async fn a_sign_in_shows_the_menu_and_offers_a_link_and_ends_when_idle() {
    let f = fixture();
    f.account_with(ALICE, ALICE, "+4915112345678", PASSWORD);
    let step = signed_in(&f).await;
    assert_eq!(
        keys(&step),
        [vec!["signin-done", "settings-menu"], vec!["link-offer"]]
    );
    assert_eq!(step.replies[0].keyboard, Some(Keyboard::settings_menu()));
    let State::Settings { session } = step.next else {
        panic!("not in the menu: {:?}", step.next);
    };
    f.clock
        .advance(f.svc.config.security.settings_idle + Duration::from_secs(1));
    let step = settings::receive_name(&f.svc, &CHAT, &session, "Alice Other")
        .await
        .expect("step");
    assert!(matches!(step.next, State::SignInIdentifier));
    assert_eq!(keys(&step), [["settings-expired", "signin-ask-identifier"]]);
}

#[tokio::test]
async fn a_wrong_password_keeps_the_step_and_names_the_wait() {
    let f = fixture();
    f.account_with(ALICE, ALICE, "+4915112345678", PASSWORD);
    let identifier = crate::domain::Identifier::parse(ALICE).expect("identifier");
    let step = signin::receive_password(&f.svc, &CHAT, identifier, "not the password")
        .await
        .expect("step");
    assert!(matches!(step.next, State::SignInPassword { .. }));
    assert_eq!(keys(&step), [["signin-wrong"]]);
}

/// Every keyboard's labels exist in every language, and every button reads back from its
/// data.
#[test]
fn every_keyboard_has_labels_and_data_that_read_back() {
    let boards = [
        Keyboard::main_menu(true),
        Keyboard::reset_or_support(true),
        Keyboard::locked_actions(true),
        Keyboard::code_actions(),
        Keyboard::settings_menu(),
        Keyboard::settings_code_actions(),
        Keyboard::link_offer(),
        Keyboard::cancel_only(),
        Keyboard::languages(),
    ];
    for lang in crate::i18n::LANGUAGES {
        let known: BTreeSet<String> = I18n::keys(lang).into_iter().collect();
        for key in boards.iter().flat_map(|b| b.0.iter().flatten()) {
            assert!(known.contains(&*key.label.key), "{lang}: {}", key.label.key);
            let button = key.button().expect("a button");
            assert_eq!(Button::parse(&button.data()), Some(button.clone()));
        }
    }
}

#[tokio::test]
async fn pending_says_when_the_chat_is_not_linked_or_nothing_waits() {
    let f = fixture();
    f.account(ALICE, ALICE);
    let said = |r: anyhow::Result<Result<Vec<_>, Reply>>| match r.expect("pending") {
        Err(reply) => reply.text[0].1.key.to_string(),
        Ok(waiting) => format!("{} waiting", waiting.len()),
    };
    assert_eq!(
        said(super::approvals::pending(&f.svc, &CHAT)),
        "pending-not-linked"
    );
    let linked = f.svc.approvals().link_chat(CHAT.id, ALICE).await;
    linked.expect("link");
    assert_eq!(
        said(super::approvals::pending(&f.svc, &CHAT)),
        "pending-none"
    );
}

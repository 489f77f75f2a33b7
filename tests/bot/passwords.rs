//! Password work through the real bot: the new-password policy runs on the hashing
//! threads, judges at most 100 characters and is tried a bounded number of times per reset
//! window and settings session; stored hashes with other argon2 parameters are rehashed at
//! sign-in, and ones outside the bounds are never computed.

use crate::harness::{private_chat, user, wait_for_reply, TestBot, SEED_PASSWORD};
use crate::settings::code_in_mail;
use recovery_bot::account_input::AccountInput;
use recovery_bot::clock::Clock;
use telegram_emulator::{ChatSpec, UserSpec};

/// A strong tail of 100 characters: with it, the whole password would pass zxcvbn.
const STRONG_TAIL: &str = "Vq7#pZx!2kR lantern orbit Mw9$tLq@4nE quartz fable Hj3%rYk&8sD ember tundra Bc5^vNw*1gF cobalt hymns";

/// Runs /reset for alice up to the new-password step; returns the event index after it.
async fn to_new_password(bot: &TestBot, who: &UserSpec, chat: &ChatSpec) -> usize {
    bot.emu.send_text(chat, who, "/reset");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, 0, "Let's reset").await;
    bot.emu.send_text(chat, who, "alice@example.com");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "If an account uses").await;
    let code = code_in_mail(bot, 1, "alice@example.com").await;
    bot.emu.send_text(chat, who, &code);
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "Code accepted").await;
    at
}

fn audit_names(bot: &TestBot, account: &str) -> Vec<String> {
    let log = bot
        .services
        .store()
        .audit_log(Some(account))
        .expect("audit");
    log.iter().map(|r| r.name()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reset_policy_runs_on_the_pool_on_100_characters_and_ends_after_n_tries() {
    let bot = TestBot::start_with(|c| {
        c.security.password_max_length = 200;
        c.security.password_attempts = 3;
    })
    .await;
    let who = user(6101, "en");
    let chat = private_chat(&who);
    let at = to_new_password(&bot, &who, &chat).await;
    let checks = bot.services.hashing().policy_checks();

    // 200 characters whose first 100 are guessable: judged on those, so refused.
    let long = format!("{}{STRONG_TAIL}", "a".repeat(100));
    assert_eq!(long.chars().count(), 200);
    bot.emu.send_text(&chat, &who, &long);
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "too easy to guess").await;
    assert_eq!(bot.services.hashing().policy_checks(), checks + 1);

    bot.emu.send_text(&chat, &who, "short");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "too short").await;
    bot.emu.send_text(&chat, &who, "password password password");
    let (text, at) = wait_for_reply(&bot.emu, chat.id, at, "too many new passwords").await;
    assert!(text.contains("too easy to guess"), "{text}");
    assert_eq!(bot.services.hashing().policy_checks(), checks + 3);
    assert!(audit_names(&bot, "alice").contains(&"password_attempts_exhausted".to_string()));

    // The 4th is not checked: the reset is over.
    bot.emu
        .send_text(&chat, &who, "zebra lantern quietly folds origami");
    wait_for_reply(&bot.emu, chat.id, at, "").await;
    assert_eq!(bot.services.hashing().policy_checks(), checks + 3);
    let account = bot.services.store().account("alice").expect("store");
    let hash = account.and_then(|a| a.password_hash).expect("a hash");
    assert!(bot
        .services
        .hashing()
        .verify(SEED_PASSWORD.into(), Some(hash))
        .await
        .expect("verify"));
    bot.stop().await;
}

/// /settings sign-in up to the password: returns the event index after its answer.
async fn sign_in_password(
    bot: &TestBot,
    who: &UserSpec,
    chat: &ChatSpec,
    identifier: &str,
    password: &str,
    expect: &str,
) -> usize {
    bot.emu.send_text(chat, who, "/settings");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, 0, "Let's sign you in").await;
    bot.emu.send_text(chat, who, identifier);
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "current password").await;
    bot.emu.send_text(chat, who, password);
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, expect).await;
    at
}

fn import(bot: &TestBot, line: &str) {
    let input: AccountInput = serde_json::from_str(line).expect("an import line");
    let account = input
        .into_account(bot.services.config(), bot.clock.now())
        .expect("accepted");
    bot.services
        .store()
        .insert_account(&account)
        .expect("insert");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imported_hash_with_other_parameters_is_rehashed_at_sign_in() {
    let bot = TestBot::start().await;
    // The bot hashes with m=64,t=1,p=1 (the tests' config); this one has m=128,t=2.
    let params = argon2::Params::new(128, 2, 1, None).expect("params");
    let old = recovery_bot::hashing::hash_blocking(&params, &SEED_PASSWORD.into()).expect("hash");
    import(
        &bot,
        &format!(
            r#"{{"id":"dora","email":"dora@example.com","name":"Dora","password_hash":"{old}"}}"#
        ),
    );
    let who = user(6201, "en");
    let chat = private_chat(&who);
    sign_in_password(
        &bot,
        &who,
        &chat,
        "dora@example.com",
        SEED_PASSWORD,
        "we sent a 6-digit code",
    )
    .await;
    let account = bot.services.store().account("dora").expect("store");
    let fresh = account.and_then(|a| a.password_hash).expect("a hash");
    assert!(fresh.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{fresh}");
    assert!(bot
        .services
        .hashing()
        .verify(SEED_PASSWORD.into(), Some(fresh))
        .await
        .expect("verify"));
    let log = bot.services.store().audit_log(Some("dora")).expect("audit");
    let rehashed = log
        .iter()
        .find(|r| r.name() == "password_rehashed")
        .expect("a password_rehashed event");
    let json = serde_json::to_string(rehashed).expect("json");
    assert!(json.contains("m=128,t=2,p=1"), "{json}");
    assert!(
        !json.contains(SEED_PASSWORD) && !json.contains(&old[30..]),
        "{json}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_hash_outside_the_bounds_is_never_computed() {
    let bot = TestBot::start().await;
    // 4 GiB: verifying it would allocate that much. Put in the store directly, as a store
    // from before the import checks could hold it.
    let huge = "$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHRzYWx0$2Hq0Oj2YPfIP6NEjGvKBbGQ+Wn7x9ZM6Y1Yb2xjF3aU";
    bot.services
        .store()
        .update_account("alice", |a| a.password_hash = Some(huge.into()))
        .expect("store");
    let before = bot.services.hashing().computations();
    let who = user(6301, "en");
    let chat = private_chat(&who);
    sign_in_password(
        &bot,
        &who,
        &chat,
        "alice@example.com",
        SEED_PASSWORD,
        "don't match",
    )
    .await;
    // One computation, the dummy's, as for an unknown identifier.
    assert_eq!(bot.services.hashing().computations(), before + 1);
    assert!(audit_names(&bot, "alice").contains(&"password_hash_refused".to_string()));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_settings_session_ends_after_n_new_passwords() {
    let bot = TestBot::start_with(|c| c.security.password_attempts = 2).await;
    let who = user(6401, "en");
    let chat = private_chat(&who);
    let at = sign_in_password(
        &bot,
        &who,
        &chat,
        "alice@example.com",
        SEED_PASSWORD,
        "we sent a 6-digit code",
    )
    .await;
    let code = code_in_mail(&bot, 1, "alice@example.com").await;
    bot.emu.send_text(&chat, &who, &code);
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "You're signed in.").await;
    let message = bot
        .emu
        .messages(chat.id)
        .into_iter()
        .rev()
        .find(|m| {
            m.buttons
                .iter()
                .flatten()
                .any(|b| b.callback_data.as_deref() == Some("set:password"))
        })
        .expect("the settings menu");
    bot.emu
        .press_button(&chat, &who, message.message_id, "set:password");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "Choose a new password").await;
    let checks = bot.services.hashing().policy_checks();
    bot.emu.send_text(&chat, &who, "short");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "too short").await;
    // A good password, then a wrong confirmation: the 2nd checked password.
    bot.emu
        .send_text(&chat, &who, "zebra lantern quietly folds origami");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "type the new password again").await;
    bot.emu.send_text(&chat, &who, "something else entirely");
    let (text, _) = wait_for_reply(&bot.emu, chat.id, at, "too many new passwords").await;
    assert!(text.contains("don't match"), "{text}");
    assert_eq!(bot.services.hashing().policy_checks(), checks + 2);
    let names = audit_names(&bot, "alice");
    assert!(
        names.contains(&"password_attempts_exhausted".to_string()),
        "{names:?}"
    );
    let log = bot
        .services
        .store()
        .audit_log(Some("alice"))
        .expect("audit");
    let json = serde_json::to_string(&log).expect("json");
    assert!(json.contains("password_attempts"), "{json}");
    bot.stop().await;
}

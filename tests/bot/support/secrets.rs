//! Secrets in the support chat, from the user's side: only a chat linked to the account
//! has its messages compared with the account's password; every other ticket is judged on
//! the text alone, at the same cost whatever account was typed.

use super::{audit_names, open_ticket, staff_says, ticket_after_typing};
use crate::harness::{private_chat, user, wait_for_reply, TestBot, SEED_PASSWORD};
use telegram_emulator::{Event, UserSpec};

const REFUSED: &str = "That looks like a code or a password";

/// What the user's chat saw after event `after`: the bot's texts and its deletions.
fn user_side(bot: &TestBot, chat_id: i64, after: usize) -> Vec<String> {
    bot.emu.events()[after..]
        .iter()
        .filter_map(|e| match e {
            Event::Sent {
                chat_id: c, text, ..
            } if *c == chat_id => Some(format!("sent: {text}")),
            Event::Deleted { chat_id: c, .. } if *c == chat_id => Some("deleted".into()),
            _ => None,
        })
        .collect()
}

/// Sends `text` and waits until it was relayed (`relayed`) or refused.
async fn say(bot: &TestBot, who: &UserSpec, text: &str, relayed: bool) -> usize {
    let chat = private_chat(who);
    let at = bot.emu.events().len();
    bot.emu.send_text(&chat, who, text);
    if relayed {
        staff_says(&bot.emu, at, text).await.2
    } else {
        wait_for_reply(&bot.emu, chat.id, at, REFUSED).await.1
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unlinked_ticket_relays_the_real_password_like_a_wrong_one_without_hashing() {
    let bot = TestBot::start().await;
    let who = user(7101, "en");
    let at = ticket_after_typing(&bot, &who, "alice@example.com").await;
    let hashes = bot.services.hashing().computations();
    say(&bot, &who, SEED_PASSWORD, true).await;
    say(&bot, &who, "winter orchard lanterns glow loudly", true).await;
    assert_eq!(bot.services.hashing().computations(), hashes);
    assert_eq!(user_side(&bot, who.id, at), Vec::<String>::new());
    assert!(!audit_names(&bot).contains(&"ticket_message_refused".to_string()));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_known_and_an_unknown_typed_account_get_the_same_answers_and_work() {
    let bot = TestBot::start().await;
    let mut seen = Vec::new();
    for (who, identifier) in [
        (user(7201, "en"), "alice@example.com"),
        (user(7202, "en"), "nobody@example.com"),
    ] {
        let at = ticket_after_typing(&bot, &who, identifier).await;
        let hashes = bot.services.hashing().computations();
        say(&bot, &who, SEED_PASSWORD, true).await;
        say(&bot, &who, "my code is 482 913, it fails", false).await;
        say(&bot, &who, "Tr0ub4dor&3", false).await;
        say(&bot, &who, "thanks", true).await;
        let work = bot.services.hashing().computations() - hashes;
        seen.push((work, user_side(&bot, who.id, at)));
    }
    assert_eq!(seen[0], seen[1]);
    assert_eq!(seen[0].0, 0);
    assert_eq!(seen[0].1.len(), 4, "{:?}", seen[0].1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_linked_holders_password_is_refused_and_the_limit_comes_first() {
    let bot = TestBot::start().await;
    let who = user(7301, "en");
    let chat = private_chat(&who);
    assert!(bot
        .services
        .store()
        .link_chat("alice", chat.id)
        .expect("link"));
    open_ticket(&bot, &who, "Someone changed my e-mail").await;
    let hashes = bot.services.hashing().computations();
    say(&bot, &who, "winter orchard lanterns glow loudly", true).await;
    let refusal = |text: &'static str| {
        let bot = &bot;
        let (chat, who) = (&chat, &who);
        async move {
            let at = bot.emu.events().len();
            bot.emu.send_text(chat, who, text);
            wait_for_reply(&bot.emu, chat.id, at, REFUSED).await;
            user_side(bot, chat.id, at)
        }
    };
    let by_password = refusal(SEED_PASSWORD).await;
    // One verification per message, whatever it said.
    assert_eq!(bot.services.hashing().computations(), hashes + 2);
    // The same answer as for a code.
    let by_code = refusal("482-913").await;
    assert_eq!(by_password, by_code);
    assert!(
        by_password.contains(&"deleted".to_string()),
        "{by_password:?}"
    );
    say(&bot, &who, "still waiting", true).await;
    // The description and four more: the limit is reached, refused messages included,
    // and the next message is not looked at.
    let hashes = bot.services.hashing().computations();
    let at = bot.emu.events().len();
    bot.emu.send_text(&chat, &who, SEED_PASSWORD);
    let (limited, _) = wait_for_reply(&bot.emu, chat.id, at, "several messages").await;
    assert!(limited.contains("wait for support"), "{limited}");
    assert_eq!(bot.services.hashing().computations(), hashes);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_written_with_separators_inside_a_sentence_are_refused() {
    let bot = TestBot::start().await;
    let who = user(7001, "en");
    open_ticket(&bot, &who, "The code does not work").await;
    say(&bot, &who, "my code is 482 913, it fails", false).await;
    say(&bot, &who, "it said 482-913 when I tried", false).await;
    say(&bot, &who, "call me on 020 7946 0958", true).await;
    let staff = bot.emu.messages(crate::harness::STAFF_CHAT);
    let leaked = staff
        .iter()
        .filter_map(|m| m.text.as_deref())
        .any(|t| t.contains("913"));
    assert!(!leaked, "a code reached the staff chat");
    bot.stop().await;
}

//! Reset-flow properties that a transcript cannot show: equal replies and padding for
//! unknown accounts, and codes stored only as keyed hashes.

use crate::harness::{private_chat, user, wait_for_reply, TestBot};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn known_and_unknown_accounts_get_the_same_reply_after_the_same_padding() {
    let bot = TestBot::start().await;
    let mut replies = Vec::new();
    for (id, identifier) in [(3001, "alice@example.com"), (3002, "alice@example.org")] {
        let user = user(id, "en");
        let chat = private_chat(&user);
        bot.emu.send_text(&chat, &user, "/reset");
        let (_, after) = wait_for_reply(&bot.emu, chat.id, 0, "Let's reset").await;
        let started = Instant::now();
        bot.emu.send_text(&chat, &user, identifier);
        let (text, _) = wait_for_reply(&bot.emu, chat.id, after, "If an account uses").await;
        let elapsed = started.elapsed();
        assert!(
            elapsed >= Duration::from_millis(500),
            "the reply came after {elapsed:?}, before the padding"
        );
        replies.push(
            text.replace("a***e@example.com", "<id>")
                .replace("a***e@example.org", "<id>"),
        );
    }
    assert_eq!(replies[0], replies[1]);
    // Only the real account got a message.
    let mails = bot.smtp.wait_for_mail(1, Duration::from_secs(5)).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, vec!["alice@example.com".to_string()]);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_are_stored_only_as_keyed_hashes() {
    let bot = TestBot::start().await;
    let user = user(3101, "en");
    let chat = private_chat(&user);
    bot.emu.send_text(&chat, &user, "/reset");
    bot.emu.send_text(&chat, &user, "alice@example.com");
    let mails = bot.smtp.wait_for_mail(1, Duration::from_secs(10)).await;
    let code: String = mails[0]
        .body
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("a code")
        .into();
    let record = bot
        .services
        .store()
        .code_record("email:alice@example.com")
        .expect("store")
        .expect("a record");
    assert_eq!(record.digest.len(), 64);
    assert!(!record.digest.contains(&code));
    let json = serde_json::to_string(&record).expect("json");
    assert!(!json.contains(&format!("\"{code}\"")));
    bot.stop().await;
}

//! After a full reset, neither the new password nor the code is anywhere in the store's
//! files or in the logs (captured at debug level for every crate).

use crate::harness::{private_chat, user, wait_for_reply, TestBot};
use std::path::Path;
use std::time::Duration;

const NEW_PASSWORD: &str = "zebra lantern quietly folds origami";

pub fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// True when `needle` occurs in `haystack` not surrounded by other digits.
pub fn contains_token(haystack: &[u8], needle: &[u8]) -> bool {
    let digit = |i: usize| haystack.get(i).is_some_and(|b| b.is_ascii_digit());
    haystack.windows(needle.len()).enumerate().any(|(i, w)| {
        // A run of digits inside a longer number, or the fraction of a decimal
        // number such as a logged duration, is not the token.
        let fraction = i >= 2 && haystack[i - 1] == b'.' && digit(i - 2);
        let before = i > 0 && digit(i - 1);
        w == needle && !before && !fraction && !digit(i + needle.len())
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_password_or_code_in_the_store_or_the_logs() {
    let bot = TestBot::start().await;
    let user = user(4001, "en");
    let chat = private_chat(&user);
    bot.emu.send_text(&chat, &user, "/reset");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, 0, "Let's reset").await;
    bot.emu.send_text(&chat, &user, "alice@example.com");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "If an account uses").await;
    let mails = bot.smtp.wait_for_mail(1, Duration::from_secs(10)).await;
    let code: String = mails[0]
        .body
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("a code")
        .into();
    bot.emu.send_text(&chat, &user, &code);
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "Code accepted").await;
    bot.emu.send_text(&chat, &user, NEW_PASSWORD);
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "type the new password again").await;
    bot.emu.send_text(&chat, &user, NEW_PASSWORD);
    wait_for_reply(&bot.emu, chat.id, at, "your password has been changed").await;

    let account = bot
        .services
        .store()
        .account("alice")
        .expect("store")
        .expect("alice");
    let debug = format!("{account:?}");
    assert!(!debug.contains("argon2"), "Debug shows the hash: {debug}");
    let store_path = bot.store_path.clone();
    let _keep = bot.dir.clone();
    bot.stop().await;

    for file in files_under(&store_path) {
        let bytes = std::fs::read(&file).expect("read store file");
        assert!(
            !contains_token(&bytes, NEW_PASSWORD.as_bytes()),
            "{} holds the password",
            file.display()
        );
        assert!(
            !contains_token(&bytes, code.as_bytes()),
            "{} holds the code",
            file.display()
        );
    }
    let logs = crate::logs::captured();
    assert!(logs.contains("delivered"), "the logs were not captured");
    assert!(!logs.contains(NEW_PASSWORD), "the logs hold the password");
    assert!(
        !contains_token(logs.as_bytes(), code.as_bytes()),
        "the logs hold the code"
    );
}

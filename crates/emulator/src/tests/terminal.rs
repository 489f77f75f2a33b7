//! The terminal chat with scripted input and a real teloxide bot behind the emulator.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use teloxide::dispatching::{Dispatcher, UpdateFilterExt};
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};
use tokio::io::{AsyncWriteExt, BufReader};

use super::super::terminal::run_chat;
use super::super::Emulator;
use super::{alice, bot};

#[derive(Clone, Default)]
struct SharedBuf(Arc<Mutex<Vec<u8>>>);

impl Write for SharedBuf {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl SharedBuf {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
    }

    async fn wait_for(&self, needle: &str) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while !self.text().contains(needle) {
            assert!(
                tokio::time::Instant::now() < deadline,
                "no {needle:?} in output:\n{}",
                self.text()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

async fn on_message(bot: Bot, msg: Message) -> ResponseResult<()> {
    match msg.text() {
        Some(text) if text.starts_with("secret") => {
            bot.delete_message(msg.chat.id, msg.id).await?;
        }
        Some(text) => {
            let keyboard = InlineKeyboardMarkup::new(vec![
                vec![
                    InlineKeyboardButton::callback("Reset password", "reset"),
                    InlineKeyboardButton::callback("Account settings", "settings"),
                ],
                vec![InlineKeyboardButton::url(
                    "Help",
                    "https://example.com/help".parse().expect("url"),
                )],
            ]);
            bot.send_message(msg.chat.id, format!("You said: {text}\nWhat next?"))
                .reply_markup(keyboard)
                .await?;
        }
        None if msg.sticker().is_some() => {
            bot.send_message(msg.chat.id, "Nice sticker").await?;
        }
        None => {}
    }
    Ok(())
}

async fn on_callback(bot: Bot, q: CallbackQuery, outbox: PathBuf) -> ResponseResult<()> {
    bot.answer_callback_query(q.id.clone())
        .text("Working on it")
        .await?;
    if let Some(message) = q.regular_message() {
        bot.edit_message_text(message.chat.id, message.id, "Reset started")
            .await?;
    }
    std::fs::write(
        outbox.join("mail-1.txt"),
        "To: alice@example.com\nYour code is 123456\n",
    )
    .expect("write mail");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scripted_terminal_chat() {
    let emu = Emulator::start().await.expect("start");
    let dir = std::env::temp_dir().join(format!("emu-terminal-{}", std::process::id()));
    let outbox = dir.join("outbox");
    let _ = std::fs::remove_dir_all(&dir);
    let handler = dptree::entry()
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_callback_query().endpoint(on_callback));
    let mut dispatcher = Dispatcher::builder(bot(&emu), handler)
        .dependencies(dptree::deps![outbox.clone()])
        .build();
    let token = dispatcher.shutdown_token();
    let bot_task = tokio::spawn(async move { dispatcher.dispatch().await });

    let (mut keyboard, input) = tokio::io::duplex(1024);
    let out = SharedBuf::default();
    let chat = tokio::spawn(run_chat(
        emu.clone(),
        alice(),
        None,
        outbox.clone(),
        BufReader::new(input),
        out.clone(),
    ));
    out.wait_for("\n  #N          press button N of the latest bot message with buttons\n")
        .await;
    assert!(outbox.is_dir(), "outbox is created");

    keyboard.write_all(b"hello\n").await.expect("type");
    out.wait_for("bot › You said: hello\n      What next?\n")
        .await;
    out.wait_for("      [1] Reset password  [2] Account settings\n      [3] Help ↗\n")
        .await;

    keyboard.write_all(b"#3\n#1\n").await.expect("type");
    out.wait_for("(“Help” opens https://example.com/help").await;
    out.wait_for("bot (notice) › Working on it").await;
    out.wait_for("bot (edited) › Reset started").await;
    out.wait_for(
        "── e-mail/SMS (outbox/mail-1.txt) ──\nTo: alice@example.com\nYour code is 123456\n",
    )
    .await;

    keyboard
        .write_all(b"secret hunter2\n#1\n:sticker\n:help\n")
        .await
        .expect("type");
    out.wait_for("(your message \"s…\" was deleted by the bot)")
        .await;
    out.wait_for("(no bot message has buttons)").await;
    out.wait_for("bot › Nice sticker").await;
    assert!(!out.text().contains("hunter2"), "secrets are not echoed");

    keyboard.write_all(b":quit\n").await.expect("type");
    tokio::time::timeout(Duration::from_secs(5), chat)
        .await
        .expect("quits")
        .expect("join")
        .expect("run_chat");
    assert!(out.text().ends_with("(chat ended)\n"));
    assert_eq!(
        out.text().matches("e-mail/SMS").count(),
        1,
        "each outbox file is shown once"
    );

    assert!(
        emu.shutdown_dispatcher(&token, bot_task, Duration::from_secs(5))
            .await
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn end_of_input_drains_then_ends() {
    let emu = Emulator::start().await.expect("start");
    let dir = std::env::temp_dir().join(format!("emu-terminal-eof-{}", std::process::id()));
    let out = SharedBuf::default();
    let input = BufReader::new(&b":photo\n:bogus\n"[..]);
    let started = std::time::Instant::now();
    run_chat(
        emu.clone(),
        alice(),
        None,
        dir.join("outbox"),
        input,
        out.clone(),
    )
    .await
    .expect("run_chat");
    assert!(started.elapsed() < Duration::from_secs(4));
    let text = out.text();
    assert!(
        text.contains("(you sent a photo)")
            && text.contains("(unknown command :bogus; :help lists them)"),
        "{text}"
    );
    assert_eq!(emu.pending_updates(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

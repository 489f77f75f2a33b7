//! The demo's terminal with a staff seat, against the real bot.

use crate::harness::{agent, staff_forum, user, TestBot};
use std::time::Duration;

#[derive(Clone, Default)]
struct Screen(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Screen {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Screen {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
    }

    async fn wait_for(&self, needle: &str) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !self.text().contains(needle) {
            assert!(
                tokio::time::Instant::now() < deadline,
                "no {needle:?} on the screen:\n{}",
                self.text()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// The demo's terminal: a person escalates, switches to the agent, answers in the
/// ticket's topic, and sees both chats.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_the_terminal_a_person_escalates_then_answers_as_the_agent() {
    use telegram_emulator::terminal::{run_chat, StaffSeat};
    use tokio::io::AsyncWriteExt;

    let bot = TestBot::start().await;
    let staff = staff_forum();
    bot.emu.register_chat(&staff);
    let seat = StaffSeat {
        agent: agent(),
        chat: staff,
    };
    let (mut keys, input) = tokio::io::duplex(1024);
    let screen = Screen::default();
    let outbox = bot.dir.path().join("outbox");
    let chat = tokio::spawn(run_chat(
        bot.emu.clone(),
        user(1001, "en"),
        Some(seat),
        outbox,
        tokio::io::BufReader::new(input),
        screen.clone(),
    ));
    screen.wait_for(":as agent").await;
    keys.write_all(b"/support\n").await.expect("type");
    screen.wait_for("bot › Tell me in a few words").await;
    keys.write_all(b"I am locked out\n").await.expect("type");
    screen
        .wait_for("(the bot opened the topic “#1 · \u{2068}User1001\u{2069}” in the staff chat")
        .await;
    screen
        .wait_for("staff [#1 · \u{2068}User1001\u{2069}] › 🎫 Ticket #1 · open")
        .await;
    keys.write_all(b":sticker\n:as agent\nHello from support!\n")
        .await
        .expect("type");
    screen
        .wait_for("staff [#1 · \u{2068}User1001\u{2069}] › (a copy of the user's sticker)")
        .await;
    screen
        .wait_for("(you are now Sam, a support agent, in the staff chat “Support team”)")
        .await;
    screen
        .wait_for("bot › 💬 Support (ticket #1):\n      Hello from support!")
        .await;
    keys.write_all(b"/close 1\n:as user\n").await.expect("type");
    screen
        .wait_for("bot › Support closed your ticket #1.")
        .await;
    keys.write_all(b"thanks\n").await.expect("type");
    screen
        .wait_for("bot › Your ticket #1 is closed, so I didn't pass this on.")
        .await;
    keys.write_all(b"/support\nOne more question\n")
        .await
        .expect("type");
    screen.wait_for("bot › Your ticket #2 is open.").await;
    keys.write_all(b":quit\n").await.expect("type");
    tokio::time::timeout(Duration::from_secs(5), chat)
        .await
        .expect("the terminal quits")
        .expect("join")
        .expect("run_chat");
    bot.stop().await;
}

//! The agents' side of support, through the emulator: forum topics, restarts in the middle
//! of a ticket, agent commands in a private chat, refusals, and the audit export.

use crate::harness::{
    agent, agent_kim, private_chat, staff_forum, staff_group, stranger, user, wait_for_reply,
    TestBot, STAFF_CHAT,
};
use recovery_bot::clock::{rfc3339, Clock};
use recovery_bot::emulator::{ChatSpec, Emulator, Event, UserMessage, UserSpec};
use std::time::Duration;

/// Waits for the first event after `after` that `pick` accepts; returns it and the index
/// past it.
async fn wait_for<T>(
    emu: &Emulator,
    after: usize,
    pick: impl Fn(&Event) -> Option<T>,
) -> (T, usize) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let found = emu
            .events()
            .iter()
            .enumerate()
            .skip(after)
            .find_map(|(i, e)| pick(e).map(|t| (t, i + 1)));
        if let Some(found) = found {
            return found;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the awaited event never came; events: {:#?}",
            &emu.events()[after..]
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A staff-chat message containing `fragment`: (message id, thread id, index past it).
async fn staff_says(emu: &Emulator, after: usize, fragment: &str) -> (i32, Option<i32>, usize) {
    let ((id, thread), at) = wait_for(emu, after, |e| match e {
        Event::Sent {
            chat_id,
            message_id,
            text,
            thread_id,
            ..
        } if *chat_id == STAFF_CHAT && text.contains(fragment) => Some((*message_id, *thread_id)),
        _ => None,
    })
    .await;
    (id, thread, at)
}

/// The user opens a ticket; returns the staff card's (message id, thread) and the index
/// past it.
async fn open_ticket(bot: &TestBot, user: &UserSpec, text: &str) -> (i32, Option<i32>, usize) {
    let chat = private_chat(user);
    let start = bot.emu.events().len();
    bot.emu.send_text(&chat, user, "/support");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, start, "\n").await;
    bot.emu.send_text(&chat, user, text);
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "#").await;
    let (card, thread, past_card) = staff_says(&bot.emu, start, "🎫 Ticket #").await;
    (card, thread, past_card.max(at))
}

fn audit_names(bot: &TestBot) -> Vec<String> {
    bot.services
        .store
        .audit_log(None)
        .expect("audit log")
        .iter()
        .map(|r| r.name())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_forum_each_ticket_lives_in_its_own_topic() {
    let bot = TestBot::start().await;
    let staff = staff_forum();
    bot.emu.register_chat(&staff);
    let (alice, bruno) = (user(5001, "en"), user(5002, "de"));
    let (_, first_topic, _) = open_ticket(&bot, &alice, "I forgot everything").await;
    let (_, second_topic, at) = open_ticket(&bot, &bruno, "Ich komme nicht rein").await;
    let topics = bot.emu.topics(STAFF_CHAT);
    assert_eq!(
        topics.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>(),
        ["#1 · User5001", "#2 · User5002"]
    );
    assert_eq!(first_topic, Some(topics[0].0));
    assert_eq!(second_topic, Some(topics[1].0));

    // The user's sticker is copied into their topic.
    bot.emu.send_sticker(&private_chat(&bruno), &bruno);
    let (thread, at) = wait_for(&bot.emu, at, |e| match e {
        Event::Copied {
            chat_id,
            thread_id,
            media: Some(media),
            ..
        } if *chat_id == STAFF_CHAT && media == "sticker" => Some(*thread_id),
        _ => None,
    })
    .await;
    assert_eq!(thread, second_topic);

    // An agent writing in the topic answers that ticket's user, in the user's language.
    let in_topic = |text: &str| UserMessage::text(text).in_thread(topics[1].0);
    bot.emu.send_user_message(
        &staff,
        &agent(),
        in_topic("Hallo Bruno, wie heißt dein Konto?"),
    );
    let (taken, at) = wait_for_reply(&bot.emu, bruno.id, at, "Ticket #2").await;
    assert!(taken.contains("kümmert sich"), "{taken}");
    let (reply, at) = wait_for_reply(&bot.emu, bruno.id, at, "wie heißt dein Konto").await;
    assert!(reply.starts_with("💬 Support (Ticket #2):"), "{reply}");

    // A member who is no agent is refused in the topic, and nothing reaches the user.
    bot.emu
        .send_user_message(&staff, &stranger(), in_topic("send me your password"));
    let (_, thread, at) = staff_says(&bot.emu, at, "Only support agents").await;
    assert_eq!(thread, Some(topics[1].0));
    assert!(audit_names(&bot).contains(&"agent_refused".to_string()));
    // Media from agents does not go out.
    bot.emu.send_user_message(
        &staff,
        &agent(),
        UserMessage::new(recovery_bot::emulator::UserContent::Photo).in_thread(topics[1].0),
    );
    staff_says(&bot.emu, at, "Only text reaches the user").await;
    let leaked = bot
        .emu
        .messages(bruno.id)
        .into_iter()
        .any(|m| m.text.is_some_and(|t| t.contains("send me your password")));
    assert!(!leaked, "a non-agent's message reached the user");
    // Alice's ticket was not touched.
    assert_eq!(
        bot.emu
            .messages(alice.id)
            .iter()
            .filter(|m| m.from_bot)
            .count(),
        2
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_in_the_middle_of_a_ticket_keeps_the_relay_working() {
    let bot = TestBot::start().await;
    let ann = user(5101, "en");
    let chat = private_chat(&ann);
    let (card, _, _) = open_ticket(&bot, &ann, "Help, my account is gone").await;
    let bot = bot.restart().await;
    let at = bot.emu.events().len();
    let staff = staff_group();
    bot.emu.send_reply(&staff, &agent(), card, "We're on it.");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "We're on it.").await;
    let bot = bot.restart().await;
    bot.emu.send_text(&chat, &ann, "Thank you!");
    let (relayed, _, at) = staff_says(&bot.emu, at, "Thank you!").await;
    // Replying to the relayed message (not only the card) reaches the user too.
    bot.emu
        .send_reply(&staff, &agent_kim(), relayed, "You're welcome.");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "You're welcome.").await;
    let bot = bot.restart().await;
    let pressed = bot.emu.press_button(&staff, &agent(), card, "tk:close:1");
    let (notice, _) = wait_for(&bot.emu, at, |e| match e {
        Event::CallbackAnswered {
            callback_query_id,
            text,
            ..
        } if *callback_query_id == pressed => Some(text.clone()),
        _ => None,
    })
    .await;
    assert_eq!(
        notice.as_deref(),
        Some("Ticket #1 closed by Sam. The user was told.")
    );
    wait_for_reply(&bot.emu, chat.id, at, "Support closed your ticket #1").await;
    // A second press changes nothing: the card lost its buttons, the ticket is closed once.
    let again = bot.emu.press_button(&staff, &agent(), card, "tk:close:1");
    let (notice, _) = wait_for(&bot.emu, at, |e| match e {
        Event::CallbackAnswered {
            callback_query_id,
            text,
            ..
        } if *callback_query_id == again => Some(text.clone()),
        _ => None,
    })
    .await;
    assert_eq!(notice.as_deref(), Some("Ticket #1 is closed."));
    let closes = audit_names(&bot)
        .iter()
        .filter(|n| *n == "ticket_closed")
        .count();
    assert_eq!(closes, 1);
    assert!(bot
        .emu
        .message(STAFF_CHAT, card)
        .expect("card")
        .buttons
        .is_empty());
    bot.stop().await;
}

/// Sends `text` as `who` in `chat` and returns the bot's next message there.
async fn ask(bot: &TestBot, chat: &ChatSpec, who: &UserSpec, text: &str) -> String {
    let at = bot.emu.events().len();
    bot.emu.send_text(chat, who, text);
    let (answer, _) = wait_for(&bot.emu, at, |e| match e {
        Event::Sent { chat_id, text, .. } if *chat_id == chat.id => Some(text.clone()),
        _ => None,
    })
    .await;
    answer
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agents_work_from_a_private_chat_and_others_are_refused() {
    let bot = TestBot::start().await;
    let ann = user(5201, "en");
    // Ann tried a reset for Alice's account before asking for help.
    let ann_chat = private_chat(&ann);
    bot.emu.send_text(&ann_chat, &ann, "/reset");
    bot.emu.send_text(&ann_chat, &ann, "alice@example.com");
    wait_for_reply(&bot.emu, ann.id, 0, "If an account uses").await;
    open_ticket(&bot, &ann, "No code arrives").await;
    let (sam, kim, mallory) = (agent(), agent_kim(), stranger());
    let sam_chat = private_chat(&sam);
    let kim_chat = private_chat(&kim);

    let list = ask(&bot, &sam_chat, &sam, "/tickets").await;
    assert_eq!(
        list,
        "Open tickets: 1\n#1 · open · 0 min · User5201 · account alice"
    );
    let account = ask(&bot, &sam_chat, &sam, "/account +44 20 7946 0958").await;
    assert!(account.starts_with("Account alice (Alice Example)\nE-mail: a***e@example.com · Phone: +44 •••• 0958\nPassword reset: not paused.\nLast events:"), "{account}");
    assert!(account.contains("code_requested (user:5201)"), "{account}");
    assert!(
        !account.contains("alice@example.com"),
        "contacts are masked: {account}"
    );
    assert_eq!(
        ask(&bot, &sam_chat, &sam, "/account nobody@example.com").await,
        "No account uses that id, e-mail address or phone number."
    );

    let at = bot.emu.events().len();
    assert_eq!(
        ask(
            &bot,
            &sam_chat,
            &sam,
            "/reply 1 Did you check your spam folder?"
        )
        .await,
        "Sent to the user of ticket #1."
    );
    wait_for_reply(&bot.emu, ann.id, at, "check your spam folder").await;
    // The staff chat sees the answer given from elsewhere.
    staff_says(
        &bot.emu,
        at,
        "Sam answered (#1):\nDid you check your spam folder?",
    )
    .await;
    assert_eq!(
        ask(&bot, &kim_chat, &kim, "/take #1").await,
        "Ticket #1 taken over by Kim from Sam."
    );
    assert_eq!(
        ask(&bot, &kim_chat, &kim, "/take 1").await,
        "Ticket #1 is already yours."
    );
    assert_eq!(
        ask(&bot, &kim_chat, &kim, "/take one").await,
        "Usage: /take N (the ticket number)"
    );
    assert_eq!(
        ask(&bot, &kim_chat, &kim, "/reply 1").await,
        "Usage: /reply N followed by your answer"
    );
    assert_eq!(
        ask(&bot, &kim_chat, &kim, "/take 7").await,
        "There is no ticket #7."
    );
    let stats = ask(&bot, &sam_chat, &sam, "/stats").await;
    assert_eq!(
        stats,
        "Tickets waiting: 0 · being handled: 1\nMedian time to a first answer (tickets of the last 24 h): 0 min\nLast 24 h: 1 tickets, 0 password resets, 0 lockouts."
    );
    assert_eq!(
        ask(&bot, &kim_chat, &kim, "/close 1 solved: spam folder").await,
        "Ticket #1 closed by Kim. The user was told."
    );
    assert_eq!(
        ask(&bot, &sam_chat, &sam, "/reply 1 one more thing").await,
        "Ticket #1 is closed: the user did not get your answer."
    );
    assert_eq!(
        ask(&bot, &sam_chat, &sam, "/tickets").await,
        "No open tickets."
    );

    // Someone else gets a refusal for every agent command, in private as in the staff chat.
    let mallory_chat = private_chat(&mallory);
    for command in [
        "/tickets",
        "/take 1",
        "/reply 1 hi",
        "/account alice",
        "/unlock alice",
        "/stats",
        "/close 1",
    ] {
        assert_eq!(
            ask(&bot, &mallory_chat, &mallory, command).await,
            "Only support agents can do that.",
            "{command}"
        );
    }
    let refused = bot
        .services
        .store
        .audit_log(None)
        .expect("audit")
        .into_iter()
        .filter(|r| r.name() == "agent_refused")
        .count();
    assert_eq!(refused, 7);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_export_lists_support_events_since_a_time() {
    let bot = TestBot::start().await;
    let before = rfc3339(bot.clock.now() - 1000);
    let ann = user(5301, "en");
    let (card, _, at) = open_ticket(&bot, &ann, "Please help").await;
    let staff = staff_group();
    bot.emu.send_reply(&staff, &agent(), card, "Hello!");
    let (_, at) = wait_for_reply(&bot.emu, ann.id, at, "Hello!").await;
    bot.emu.send_text(&staff, &stranger(), "/close 1");
    let (_, _, at) = staff_says(&bot.emu, at, "Only support agents").await;
    bot.emu.send_text(&staff, &agent(), "/close 1");
    wait_for_reply(&bot.emu, ann.id, at, "Support closed your ticket #1").await;
    bot.clock.advance(Duration::from_secs(3600));
    let later = rfc3339(bot.clock.now());
    let store = bot.store_path.clone();
    let dir = bot.dir.clone();
    bot.stop().await;

    let config = dir.path().join("audit.toml");
    std::fs::write(
        &config,
        format!("[store]\npath = \"{}\"\n", store.display()),
    )
    .expect("config");
    let audit = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_recovery-bot"))
            .env_remove("RUST_LOG")
            .arg("--config")
            .arg(&config)
            .arg("audit")
            .args(args)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let jsonl = audit(&["--since", &before, "--format", "jsonl"]);
    let events: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let find = |name: &str| {
        events
            .iter()
            .find(|e| e["event"] == name)
            .unwrap_or_else(|| panic!("no {name} in {jsonl}"))
    };
    assert_eq!(find("ticket_opened")["actor"], "user:5301");
    assert_eq!(find("ticket_opened")["ticket"], 1);
    assert_eq!(find("ticket_taken")["actor"], "agent:9001");
    assert_eq!(find("ticket_replied")["chat_id"], STAFF_CHAT);
    assert_eq!(find("agent_refused")["user"], 9999);
    assert_eq!(find("agent_refused")["command"], "/close");
    assert_eq!(find("ticket_closed")["actor"], "agent:9001");
    assert!(!jsonl.contains("Hello!"), "messages are not audit events");
    let table = audit(&["--since", &before]);
    assert!(
        table.lines().any(|l| l.contains("ticket_closed")
            && l.contains("actor=agent:9001")
            && l.contains("ticket=1")),
        "{table}"
    );
    assert_eq!(audit(&["--since", &later]), "");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_recovery-bot"))
        .arg("--config")
        .arg(&config)
        .args(["audit", "--since", "last tuesday"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("RFC 3339"));
}

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
    use recovery_bot::emulator::terminal::{run_chat, StaffSeat};
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
        .wait_for("(the bot opened the topic “#1 · User1001” in the staff chat")
        .await;
    screen
        .wait_for("staff [#1 · User1001] › 🎫 Ticket #1 · open")
        .await;
    keys.write_all(b":sticker\n:as agent\nHello from support!\n")
        .await
        .expect("type");
    screen
        .wait_for("staff [#1 · User1001] › (a copy of the user's sticker)")
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
    screen.wait_for("bot › Your ticket #2 is open.").await;
    keys.write_all(b":quit\n").await.expect("type");
    tokio::time::timeout(Duration::from_secs(5), chat)
        .await
        .expect("the terminal quits")
        .expect("join")
        .expect("run_chat");
    bot.stop().await;
}

//! `recovery-bot audit` lists support events, with actors, since a time.

use super::{open_ticket, staff_says};
use crate::harness::{agent, staff_group, stranger, user, wait_for_reply, TestBot, STAFF_CHAT};
use recovery_bot::clock::{rfc3339, Clock};
use std::time::Duration;

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
        // The stopped bot's store handle may take a moment to let go of its lock.
        let mut tries = 0;
        let out = loop {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_recovery-bot"))
                .env_remove("RUST_LOG")
                .arg("--config")
                .arg(&config)
                .arg("audit")
                .args(args)
                .output()
                .expect("run");
            if tries < 50 && String::from_utf8_lossy(&out.stderr).contains("in use") {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(100));
                continue;
            }
            break out;
        };
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

//! The operator's command line, run as a real process.

use std::path::Path;
use std::process::{Command, Output};

fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_recovery-bot"));
    command
        .env_remove("RUST_LOG")
        .env_remove("TELOXIDE_TOKEN")
        .env_remove("RECOVERY_BOT_SECRET");
    command
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// `accounts import FILE` with that config: the output and what it said.
fn import(config: &Path, file: &Path) -> (Output, String) {
    let out = bin()
        .arg("--config")
        .arg(config)
        .args(["accounts", "import"])
        .arg(file)
        .output()
        .expect("run");
    let said = text(&out);
    (out, said)
}

fn config_in(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("bot.toml");
    let toml = format!(
        "[store]\npath = \"{}\"\n\n[security]\nargon2_memory_kib = 64\nargon2_iterations = 1\n",
        dir.join("store").display()
    );
    std::fs::write(&path, toml).expect("write config");
    path
}

#[test]
fn check_config_names_missing_secrets_and_bad_keys() {
    let shipped = concat!(env!("CARGO_MANIFEST_DIR"), "/bot.toml");
    let out = bin()
        .args(["check-config", "--config", shipped])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(text(&out).contains("TELOXIDE_TOKEN"), "{}", text(&out));

    let out = bin()
        .args(["check-config", "--config", shipped])
        .env("TELOXIDE_TOKEN", "1:x")
        .env("RECOVERY_BOT_SECRET", "0123456789abcdef0123456789abcdef")
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out));

    let dir = tempfile::tempdir().expect("dir");
    let typo = dir.path().join("typo.toml");
    std::fs::write(&typo, "[codes]\nttl_sec = 5\n").expect("write");
    let out = bin()
        .args(["check-config", "--config"])
        .arg(&typo)
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(text(&out).contains("ttl_sec"), "{}", text(&out));
}

#[test]
fn accounts_import_list_show_lock_unlock_and_audit() {
    let dir = tempfile::tempdir().expect("dir");
    let config = config_in(dir.path());
    let file = dir.path().join("accounts.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"id":"u1","email":"carol@example.com","phone":"+44 20 7946 0123","name":"Carol","language":"en","password":"a long enough imported password"}"#, "\n",
            r#"{"id":"u2","email":"dave@example.com","name":"Dave","password_hash":"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$2Hq0Oj2YPfIP6NEjGvKBbGQ+Wn7x9ZM6Y1Yb2xjF3aU"}"#, "\n",
            r#"{"id":"u3","email":"not-an-email","name":"Eve"}"#, "\n",
        ),
    )
    .expect("write");
    let (out, said) = import(&config, &file);
    assert!(
        !out.status.success(),
        "a refused line makes the import fail: {said}"
    );
    assert!(
        said.contains("imported 2 accounts, 1 lines refused"),
        "{said}"
    );
    assert!(said.contains("accounts.jsonl:3"), "{said}");

    let out = bin()
        .arg("--config")
        .arg(&config)
        .args(["accounts", "list"])
        .output()
        .expect("run");
    let said = text(&out);
    assert!(
        said.contains("c***l@example.com") && said.contains("+44 •••• 0123"),
        "{said}"
    );
    assert!(
        !said.contains("carol@example.com"),
        "list shows contacts masked: {said}"
    );

    for (args, expect) in [
        (vec!["accounts", "lock", "carol@example.com"], "locked u1"),
        (vec!["accounts", "show", "u1"], "LOCKED"),
        (
            vec!["accounts", "unlock", "+44 20 7946 0123"],
            "unlocked u1",
        ),
        (vec!["audit", "--account", "u1"], "account_unlocked"),
        (
            vec!["audit", "--format", "jsonl"],
            "\"event\":\"account_created\"",
        ),
        (
            vec![
                "changes",
                "request",
                "--account",
                "u1",
                "--field",
                "name",
                "--value",
                "Caroline",
            ],
            "stored change",
        ),
        (vec!["changes", "list"], "status=Pending"),
    ] {
        let out = bin()
            .arg("--config")
            .arg(&config)
            .args(&args)
            .output()
            .expect("run");
        assert!(
            out.status.success() && text(&out).contains(expect),
            "{args:?}: {}",
            text(&out)
        );
    }
}

#[test]
fn a_store_held_by_a_running_bot_is_reported_clearly() {
    let dir = tempfile::tempdir().expect("dir");
    let config = config_in(dir.path());
    let _held = recovery_bot::store::Store::open(&dir.path().join("store"), 8).expect("open");
    let out = bin()
        .arg("--config")
        .arg(&config)
        .args(["accounts", "list"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(
        text(&out).contains("in use by another process"),
        "{}",
        text(&out)
    );
}

#[test]
fn accounts_import_refuses_bad_names_and_hashes_outside_the_bounds() {
    let dir = tempfile::tempdir().expect("dir");
    let config = config_in(dir.path());
    let file = dir.path().join("accounts.jsonl");
    let salt_hash = "c2FsdHNhbHRzYWx0$2Hq0Oj2YPfIP6NEjGvKBbGQ+Wn7x9ZM6Y1Yb2xjF3aU";
    let lines = [
        r#"{"id":"n1","email":"n1@example.com","name":"Sam answered\nTicket #1 taken by Sam"}"#
            .to_string(),
        format!(
            r#"{{"id":"n2","email":"n2@example.com","name":"{}"}}"#,
            "x".repeat(101)
        ),
        format!(
            r#"{{"id":"h1","email":"h1@example.com","name":"Huge","password_hash":"$argon2id$v=19$m=4194304,t=1,p=1${salt_hash}"}}"#
        ),
        format!(
            r#"{{"id":"h2","email":"h2@example.com","name":"Slow","password_hash":"$argon2id$v=19$m=19456,t=1000,p=1${salt_hash}"}}"#
        ),
        format!(
            r#"{{"id":"ok","email":"ok@example.com","name":"Fine","password_hash":"$argon2id$v=19$m=65536,t=3,p=4${salt_hash}"}}"#
        ),
    ];
    std::fs::write(&file, lines.join("\n")).expect("write");
    let (out, said) = import(&config, &file);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("imported 1 accounts, 4 lines refused"),
        "{said}"
    );
    for (line, what) in [
        (1, "name:"),
        (2, "name:"),
        (3, "m=4194304 KiB is outside 64..=262144"),
        (4, "t=1000 is outside 1..=10"),
    ] {
        assert!(
            said.lines()
                .any(|l| l.contains(&format!("accounts.jsonl:{line}:")) && l.contains(what)),
            "line {line}: {said}"
        );
    }
}

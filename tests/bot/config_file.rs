//! The real binary and its config file: every command but `demo` needs one that exists
//! (`--config`, else `RECOVERY_BOT_CONFIG`, else `./bot.toml`); a missing file is refused
//! before anything is opened, never replaced by the built-in defaults.

use std::path::Path;
use std::process::{Command, Output};

/// An HMAC key as `openssl rand -hex 32` makes one.
const KEY: &str = "9f1c2e7a4b8d3f60a5c9e2b7d4f1a8c3e6b9d2f5a8c1e4b7d0f3a6c9e2b5d8f1";

/// The binary in `dir` as its working directory, with `env` and none of our variables.
fn bot(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (Output, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_recovery-bot"));
    command.current_dir(dir).args(args);
    for var in ["RECOVERY_BOT_CONFIG", "RUST_LOG", "TELOXIDE_TOKEN"] {
        command.env_remove(var);
    }
    command
        .env("TELOXIDE_TOKEN", "1:x")
        .env("RECOVERY_BOT_SECRET", KEY);
    command.envs(env.iter().copied());
    let out = command.output().expect("run the binary");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out, text)
}

#[test]
fn without_a_config_file_every_operator_command_refuses_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    for args in [
        &["run"][..],
        &["check-config"],
        &["accounts", "list"],
        &["audit"],
        &["changes", "list"],
    ] {
        let (out, text) = bot(dir.path(), args, &[]);
        assert!(!out.status.success(), "{args:?}: {text}");
        assert!(
            text.contains("no configuration file at bot.toml")
                && text.contains("RECOVERY_BOT_CONFIG"),
            "{args:?}: {text}"
        );
    }
    let left: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
    assert!(left.is_empty(), "a command without a config wrote {left:?}");
}

#[test]
fn an_explicit_path_that_does_not_exist_is_refused_by_name() {
    let dir = tempfile::tempdir().expect("dir");
    let (out, text) = bot(dir.path(), &["check-config", "--config", "prod.toml"], &[]);
    assert!(!out.status.success(), "{text}");
    assert!(
        text.contains("no configuration file at prod.toml"),
        "{text}"
    );
}

#[test]
fn the_config_path_comes_from_the_environment_when_not_given() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("elsewhere.toml");
    std::fs::write(&path, "").expect("write config");
    let named = path.to_str().expect("utf-8 path");
    let (out, text) = bot(
        dir.path(),
        &["check-config"],
        &[("RECOVERY_BOT_CONFIG", named)],
    );
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains(&format!("configuration OK ({named})")),
        "{text}"
    );
    // The file named in the environment is the one read: its problems are reported.
    std::fs::write(&path, "[codes]\nttl_seconds = 5\n").expect("write config");
    let (out, text) = bot(
        dir.path(),
        &["check-config"],
        &[("RECOVERY_BOT_CONFIG", named)],
    );
    assert!(!out.status.success(), "{text}");
    assert!(
        text.contains(named) && text.contains("ttl_seconds"),
        "{text}"
    );
    // `--config` wins over the environment.
    let (out, text) = bot(
        dir.path(),
        &["check-config", "--config", "missing.toml"],
        &[("RECOVERY_BOT_CONFIG", named)],
    );
    assert!(
        !out.status.success() && text.contains("missing.toml"),
        "{text}"
    );
}

#[test]
fn the_demo_needs_no_config_file() {
    let dir = tempfile::tempdir().expect("dir");
    let (out, text) = bot(dir.path(), &["demo", "--help"], &[]);
    assert!(out.status.success(), "{text}");
}

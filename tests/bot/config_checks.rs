//! `check-config` on the real binary: weak secrets and public listeners are refused, with
//! the rule in the message.

use std::process::Command;

/// An HMAC key as `openssl rand -hex 32` makes one.
const KEY: &str = "9f1c2e7a4b8d3f60a5c9e2b7d4f1a8c3e6b9d2f5a8c1e4b7d0f3a6c9e2b5d8f1";

/// Runs `check-config` on `toml` with `env` set (and no other of our variables).
fn check(toml: &str, env: &[(&str, &str)]) -> (bool, String) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("bot.toml");
    std::fs::write(&path, toml).expect("write config");
    let mut command = Command::new(env!("CARGO_BIN_EXE_recovery-bot"));
    command.args(["check-config", "--config"]).arg(&path);
    for var in [
        "TELOXIDE_TOKEN",
        "RECOVERY_BOT_SECRET",
        "RECOVERY_BOT_PREVIOUS_SECRET",
        "RECOVERY_BOT_API_TOKEN",
        "RECOVERY_BOT_WEBHOOK_SECRET",
        "RUST_LOG",
    ] {
        command.env_remove(var);
    }
    command.env("TELOXIDE_TOKEN", "1:x");
    for (var, value) in env {
        command.env(var, value);
    }
    let out = command.output().expect("run");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn a_weak_hmac_key_is_refused_with_the_rule() {
    assert!(check("", &[("RECOVERY_BOT_SECRET", KEY)]).0);
    for weak in ["a".repeat(32), "abcd".repeat(8), "short".to_string()] {
        let (ok, text) = check("", &[("RECOVERY_BOT_SECRET", &weak)]);
        assert!(!ok, "{weak}: {text}");
        assert!(
            text.contains("security.secret_env") && text.contains("openssl rand -hex 32"),
            "{weak}: {text}"
        );
    }
}

#[test]
fn a_weak_api_token_is_refused() {
    let good = "operator-token-0f3a9c1e7b5d2f8a4c6e0b9d";
    assert!(
        check(
            "",
            &[
                ("RECOVERY_BOT_SECRET", KEY),
                ("RECOVERY_BOT_API_TOKEN", good)
            ]
        )
        .0
    );
    for weak in ["x".to_string(), "t0ken".repeat(7)] {
        let (ok, text) = check(
            "",
            &[
                ("RECOVERY_BOT_SECRET", KEY),
                ("RECOVERY_BOT_API_TOKEN", &weak),
            ],
        );
        assert!(!ok && text.contains("api.token_env"), "{weak}: {text}");
    }
}

#[test]
fn a_public_listener_needs_allow_public_and_the_token() {
    let secret = [("RECOVERY_BOT_SECRET", KEY)];
    let public = "[api]\nlisten = \"0.0.0.0:8081\"\n";
    let (ok, text) = check(public, &secret);
    assert!(!ok && text.contains("api.allow_public"), "{text}");
    let allowed = format!("{public}allow_public = true\n");
    let (ok, text) = check(&allowed, &secret);
    assert!(!ok && text.contains("RECOVERY_BOT_API_TOKEN"), "{text}");
    let token = (
        "RECOVERY_BOT_API_TOKEN",
        "operator-token-0f3a9c1e7b5d2f8a4c6e0b9d",
    );
    let (ok, text) = check(&allowed, &[secret[0], token]);
    assert!(ok, "{text}");

    let webhook = "[telegram]\nmode = \"webhook\"\nwebhook_url = \"https://bot.example.com/tg\"\nwebhook_listen = \"0.0.0.0:8443\"\n";
    let hook_secret = (
        "RECOVERY_BOT_WEBHOOK_SECRET",
        "3f9a1c7e5b2d8f4a6c0e9b1d7f3a5c8e2b4d6f0a",
    );
    let (ok, text) = check(webhook, &[secret[0], hook_secret]);
    assert!(
        !ok && text.contains("telegram.webhook_allow_public"),
        "{text}"
    );
    let allowed = format!("{webhook}webhook_allow_public = true\n");
    let (ok, text) = check(&allowed, &[secret[0], hook_secret]);
    assert!(ok, "{text}");
}

#[test]
fn every_problem_is_reported_at_once_with_the_file_it_is_in() {
    let toml = "[security]\nargon2_iterations = 0\n\n[telegram]\nmessages_per_sec_chat = 0\n\n[api]\nlisten = \"0.0.0.0:8081\"\n";
    let (ok, text) = check(toml, &[("RECOVERY_BOT_SECRET", &"a".repeat(32))]);
    assert!(!ok, "{text}");
    assert!(text.contains("bot.toml: 4 problems:"), "{text}");
    for key in [
        "security.argon2_iterations",
        "telegram.messages_per_*",
        "api.listen",
        "security.secret_env",
    ] {
        assert!(text.contains(key), "{key} missing from {text}");
    }
    assert!(
        !text.contains("bot.toml is not valid"),
        "the path, not a fixed name"
    );

    let (ok, text) = check("[telegram]\nmesages_per_sec_chat = 1\n", &[]);
    assert!(!ok);
    let named = text.lines().any(|l| l.contains("/bot.toml is not valid"));
    assert!(named, "a TOML error names the file's path: {text}");
}

#[test]
fn a_configuration_that_passes_is_still_warned_about_try_out_settings() {
    let secret = [("RECOVERY_BOT_SECRET", KEY)];
    let (ok, text) = check("", &secret);
    assert!(ok && text.contains("configuration OK"), "{text}");
    assert!(text.contains("warning: delivery.kind = \"file\""), "{text}");
    assert!(text.contains("warning: service.name is still"), "{text}");
    let named = "[service]\nname = \"Acme\"\n";
    let (ok, text) = check(named, &secret);
    assert!(ok && !text.contains("service.name"), "{text}");
}

//! `recovery-bot-bench` runs end to end at tiny sizes and prints its table. No figure is
//! checked: speed is the benchmark's business, not the tests'.

use std::process::Command;

#[test]
fn bench_runs_at_tiny_sizes_and_prints_every_figure() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("bot.toml");
    // Cheap hashing through the config, as in every test.
    std::fs::write(
        &config,
        "[security]\nargon2_memory_kib = 64\nargon2_iterations = 1\n",
    )
    .expect("write config");
    let out = Command::new(env!("CARGO_BIN_EXE_recovery-bot-bench"))
        .env_remove("RUST_LOG")
        .arg("--config")
        .arg(&config)
        .args(["--accounts", "50", "--dialogues", "50", "--seconds", "1"])
        .args([
            "--users",
            "4",
            "--resets",
            "4",
            "--saturated-rate",
            "20",
            "--dir",
        ])
        .arg(dir.path().join("bench"))
        .output()
        .expect("run the bench");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}{stderr}");
    for figure in [
        "store size per 1,000 accounts",
        "start to first reply",
        "non-hashing updates/s",
        "reply latency p50 / p95 / p99",
        "bare argon2id loop",
        "password resets/s (alone)",
        "CPU during the resets: the bot (its hashing threads)",
        "while hashing is saturated",
        "peak RSS",
    ] {
        assert!(
            stdout.contains(figure),
            "{figure} missing:\n{stdout}{stderr}"
        );
    }
    // The simulated users get through: resets complete (a limit of the bot's config that
    // the bench forgot to lift would show here as none).
    let resets: usize = (stderr.lines())
        .filter_map(|l| l.strip_prefix("bench: ")?.split_once(" resets,"))
        .filter_map(|(n, _)| n.parse::<usize>().ok())
        .sum();
    assert!(resets > 0, "no reset completed:\n{stderr}");
}

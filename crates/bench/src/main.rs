//! `recovery-bot-bench [--quick] [--config bot.toml] …`: measures the bot and prints the
//! figures the README keeps (see [`recovery_bot_bench::BenchArgs`] or `--help`).
//!
//! `recovery-bot-bench bot …` is the bot itself, `recovery-bot …` with the same code: the
//! benchmark starts itself that way for the bot it measures.

use clap::Parser;
use recovery_bot::cli;
use recovery_bot_bench::{BenchArgs, AS_BOT};
use std::ffi::OsString;
use std::process::ExitCode;

fn main() -> ExitCode {
    let as_bot = std::env::args_os().nth(1).is_some_and(|arg| arg == AS_BOT);
    let result = if as_bot {
        let args = std::env::args_os().skip(2);
        cli::run(cli::Cli::parse_from(
            std::iter::once(OsString::from("recovery-bot")).chain(args),
        ))
    } else {
        let args = BenchArgs::parse();
        cli::block_on(async move {
            cli::init_tracing("error");
            let base = config_text(&args.config)?;
            recovery_bot_bench::run(&base, args).await?;
            Ok(ExitCode::SUCCESS)
        })
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The config the measured bot's is written from. Without the default `bot.toml` (the
/// benchmark run from another folder) the shipped defaults stand in: the benchmark
/// measures, it serves nobody.
fn config_text(path: &std::path::Path) -> anyhow::Result<String> {
    if !path.exists() && path == std::path::Path::new("bot.toml") {
        return Ok(recovery_bot::config::DEFAULT_TOML.to_owned());
    }
    std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))
}

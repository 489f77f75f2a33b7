//! The benchmark's command line, and the sizes of the store and the phases it asks for.

use std::path::PathBuf;
use std::time::Duration;

/// Measure the bot against the local Bot API emulator with simulated users and print the
/// figures (build with --release). Uses the config's argon2 parameters.
#[derive(clap::Parser, Debug, Clone)]
#[command(name = "recovery-bot-bench", version)]
pub struct BenchArgs {
    /// The configuration file the bot's settings come from. When the default is missing,
    /// the shipped defaults are used.
    #[arg(long, default_value = "bot.toml")]
    pub config: PathBuf,
    /// The bot's executable to measure, e.g. another build [default: the bot built into
    /// this benchmark, the same code as `recovery-bot`].
    #[arg(long)]
    pub bot: Option<PathBuf>,
    /// Small store and short phases: well under a minute.
    #[arg(long)]
    pub quick: bool,
    /// Accounts in the store [default: 100000, quick: 10000].
    #[arg(long)]
    pub accounts: Option<usize>,
    /// Stored dialogues [default: 100000, quick: 10000].
    #[arg(long)]
    pub dialogues: Option<usize>,
    /// Seconds each measuring phase lasts, after a warm-up of a second [default: 20, quick: 4].
    #[arg(long)]
    pub seconds: Option<f64>,
    /// Simulated users sending cheap updates at once.
    #[arg(long, default_value_t = 600)]
    pub users: usize,
    /// Password resets in flight at once [default: enough to keep the hashing pool busy,
    /// from the bare loop's speed].
    #[arg(long)]
    pub resets: Option<usize>,
    /// Rounds of resets, each between two bare argon2id loops; the ratio is the median
    /// round's [default: 3, quick: 1].
    #[arg(long)]
    pub rounds: Option<usize>,
    /// Cheap updates per second sent while the hashing pool is saturated.
    #[arg(long, default_value_t = 200)]
    pub saturated_rate: u32,
    /// Folder for the store [default: a new folder in the system's temp dir, removed after].
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

pub(crate) struct Sizes {
    pub accounts: usize,
    pub dialogues: usize,
    pub phase: Duration,
    pub rounds: usize,
}

impl BenchArgs {
    pub(crate) fn sizes(&self) -> Sizes {
        let (accounts, dialogues, seconds, rounds) = if self.quick {
            (10_000, 10_000, 4.0, 1)
        } else {
            (100_000, 100_000, 20.0, 3)
        };
        Sizes {
            accounts: self.accounts.unwrap_or(accounts),
            dialogues: self.dialogues.unwrap_or(dialogues),
            phase: Duration::from_secs_f64(self.seconds.unwrap_or(seconds).max(0.1)),
            rounds: self.rounds.unwrap_or(rounds).max(1),
        }
    }
}

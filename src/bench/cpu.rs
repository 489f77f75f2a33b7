//! Who used the machine's CPUs while resets counted: the bot, its hashing threads, the
//! benchmark process, nobody; and the CPU per completed reset besides hashing.

use super::child::ChildBot;
use super::report::{self, Row};
use super::users::Window;
use tokio::time::Instant;

/// CPU time used by the bot, its hashing threads and this process over some windows,
/// and the CPU capacity of those windows.
#[derive(Default)]
pub struct CpuUse {
    pub(super) bot: Option<f64>,
    pub(super) hashing: Option<f64>,
    pub(super) bench: Option<f64>,
    pub(super) capacity: f64,
    /// Resets completed in the windows.
    pub(super) resets: usize,
}

impl CpuUse {
    /// Waits for `window` to end and measures it.
    pub(super) async fn during(window: Window, bot: &ChildBot) -> CpuUse {
        tokio::time::sleep_until(window.from).await;
        let start = Mark::now(bot);
        tokio::time::sleep_until(window.until).await;
        let end = Mark::now(bot);
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        let less = |b: Option<f64>, a: Option<f64>| Some(b? - a?);
        CpuUse {
            bot: less(end.bot, start.bot),
            hashing: less(end.hashing, start.hashing),
            bench: less(end.bench, start.bench),
            capacity: (end.at - start.at).as_secs_f64() * cpus as f64,
            resets: 0,
        }
    }

    pub fn add(&mut self, other: &CpuUse) {
        let sum = |a: Option<f64>, b: Option<f64>| Some(a.unwrap_or(0.0) + b?);
        self.bot = sum(self.bot, other.bot);
        self.hashing = sum(self.hashing, other.hashing);
        self.bench = sum(self.bench, other.bench);
        self.capacity += other.capacity;
        self.resets += other.resets;
    }

    /// One round in short: the hashing threads' share, the idle share and the CPU per
    /// reset besides hashing (bot + benchmark), so a round's ratio can be told apart into
    /// CPU the hashing got and what a hash cost. Empty without the figures.
    pub fn summary(&self) -> String {
        let (Some(bot), Some(hashing), Some(bench)) = (self.bot, self.hashing, self.bench) else {
            return String::new();
        };
        if self.capacity <= 0.0 || self.resets == 0 {
            return String::new();
        }
        let share = |seconds: f64| seconds / self.capacity * 100.0;
        let per_reset = |seconds: f64| seconds * 1000.0 / self.resets as f64;
        format!(
            "{:.0} %, {:.0} %, {:.1} + {:.1} ms",
            share(hashing),
            (100.0 - share(bot) - share(bench)).max(0.0),
            per_reset(bot - hashing),
            per_reset(bench)
        )
    }

    /// Who used the machine's CPUs: the bot (and within it, its hashing threads), this
    /// process (emulator, SMS sink, simulated users), nobody. The hashing share is the
    /// ratio's ceiling and does not drift with the machine's speed. Then the CPU time
    /// per reset of what is not hashing, the work the ratio asks to shrink.
    pub(super) fn rows(&self) -> Vec<Row> {
        let (Some(bot), Some(hashing), Some(bench)) = (self.bot, self.hashing, self.bench) else {
            return Vec::new();
        };
        if self.capacity <= 0.0 {
            return Vec::new();
        }
        let share = |seconds: f64| seconds / self.capacity * 100.0;
        let mut rows = vec![Row::new(
            "CPU during the resets: the bot (its hashing threads) / the benchmark (emulator, SMS, users) / idle",
            format!(
                "{:.0} % ({:.0} %) / {:.0} % / {:.0} %",
                share(bot),
                share(hashing),
                share(bench),
                (100.0 - share(bot) - share(bench)).max(0.0)
            ),
        )];
        if self.resets > 0 {
            let per_reset = |seconds: f64| seconds * 1000.0 / self.resets as f64;
            rows.push(Row::new(
                "CPU per reset besides hashing: the bot / the benchmark",
                format!(
                    "{:.1} ms / {:.1} ms",
                    per_reset(bot - hashing),
                    per_reset(bench)
                ),
            ));
        }
        rows
    }
}

/// CPU time used so far by the bot, its hashing threads and this process, and when.
struct Mark {
    bot: Option<f64>,
    hashing: Option<f64>,
    bench: Option<f64>,
    at: Instant,
}

impl Mark {
    fn now(bot: &ChildBot) -> Mark {
        Mark {
            bot: bot.cpu_seconds(),
            hashing: bot.hashing_cpu_seconds(),
            bench: report::cpu_seconds(None),
            at: Instant::now(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_besides_hashing_is_given_per_reset() {
        let cpu = CpuUse {
            bot: Some(19.0),
            hashing: Some(16.0),
            bench: Some(0.6),
            capacity: 20.0,
            resets: 300,
        };
        let text = report::table(&cpu.rows());
        assert!(text.contains("95 % (80 %) / 3 % / 2 %"), "{text}");
        assert!(text.contains("10.0 ms / 2.0 ms"), "{text}");
        assert_eq!(cpu.summary(), "80 %, 2 %, 10.0 + 2.0 ms");
    }
}

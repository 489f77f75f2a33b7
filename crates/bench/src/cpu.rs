//! Who used the machine's CPUs while resets counted: the bot, its hashing threads, the
//! benchmark process, nobody; and the CPU per completed reset besides hashing.

use super::child::ChildBot;
use super::report::{self, Row};
use super::users::Window;
use tokio::time::Instant;

/// CPU time used by the bot, its hashing threads and this process over some windows,
/// the windows' length and the machine's CPUs (their capacity is the two multiplied).
#[derive(Default)]
pub struct CpuUse {
    pub(super) bot: Option<f64>,
    pub(super) hashing: Option<f64>,
    pub(super) bench: Option<f64>,
    pub(super) cpus: usize,
    /// Resets completed in the windows.
    pub(super) resets: usize,
    /// argon2id computations the bot finished in the windows.
    pub(super) hashes: Option<u64>,
    /// The windows' length, added up.
    pub(super) seconds: f64,
}

impl CpuUse {
    /// Waits for `window` to end and measures it.
    pub(super) async fn during(window: Window, bot: &ChildBot) -> CpuUse {
        tokio::time::sleep_until(window.from).await;
        let start = Mark::now(bot).await;
        tokio::time::sleep_until(window.until).await;
        let end = Mark::now(bot).await;
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        let less = |b: Option<f64>, a: Option<f64>| Some(b? - a?);
        CpuUse {
            bot: less(end.bot, start.bot),
            hashing: less(end.hashing, start.hashing),
            bench: less(end.bench, start.bench),
            cpus,
            resets: 0,
            hashes: end
                .hashes
                .zip(start.hashes)
                .map(|(b, a)| b.saturating_sub(a)),
            seconds: (end.at - start.at).as_secs_f64(),
        }
    }

    /// The bot's argon2id computations a second over the windows.
    pub fn hashes_per_s(&self) -> Option<f64> {
        let hashes = self.hashes?;
        (self.seconds > 0.0).then(|| hashes as f64 / self.seconds)
    }

    /// CPU time of the bot's hashing threads per computation, in ms.
    pub fn cpu_ms_per_hash(&self) -> Option<f64> {
        let hashes = self.hashes.filter(|h| *h > 0)?;
        Some(self.hashing? * 1000.0 / hashes as f64)
    }

    pub fn add(&mut self, other: &CpuUse) {
        let sum = |a: Option<f64>, b: Option<f64>| Some(a.unwrap_or(0.0) + b?);
        self.bot = sum(self.bot, other.bot);
        self.hashing = sum(self.hashing, other.hashing);
        self.bench = sum(self.bench, other.bench);
        self.cpus = self.cpus.max(other.cpus);
        self.resets += other.resets;
        self.hashes = match (self.hashes, other.hashes) {
            (Some(a), Some(b)) => Some(a + b),
            (None, b) if self.seconds == 0.0 => b,
            _ => None,
        };
        self.seconds += other.seconds;
    }

    /// The windows' figures: the shares of the CPUs (in %) the bot, its hashing threads,
    /// this process and nobody had, and the CPU per completed reset besides hashing (ms)
    /// of the bot and of this process. `None` without the readings.
    fn figures(&self) -> Option<Figures> {
        let (bot, hashing, bench) = (self.bot?, self.hashing?, self.bench?);
        let capacity = self.seconds * self.cpus as f64;
        if capacity <= 0.0 {
            return None;
        }
        let share = |seconds: f64| seconds / capacity * 100.0;
        let per_reset =
            |seconds: f64| (self.resets > 0).then(|| seconds * 1000.0 / self.resets as f64);
        Some(Figures {
            bot: share(bot),
            hashing: share(hashing),
            bench: share(bench),
            idle: (100.0 - share(bot) - share(bench)).max(0.0),
            per_reset: per_reset(bot - hashing).zip(per_reset(bench)),
        })
    }

    /// One round in short: the hashing threads' share, the idle share and the CPU per
    /// reset besides hashing (bot + benchmark), so a round's ratio can be told apart into
    /// CPU the hashing got and what a hash cost. Empty without the figures.
    pub fn summary(&self) -> String {
        let Some(f) = self.figures() else {
            return String::new();
        };
        let Some((bot, bench)) = f.per_reset else {
            return String::new();
        };
        format!(
            "{:.0} %, {:.0} %, {bot:.1} + {bench:.1} ms",
            f.hashing, f.idle
        )
    }

    /// Who used the machine's CPUs: the bot (and within it, its hashing threads), this
    /// process (emulator, SMS sink, simulated users), nobody. The hashing share is the
    /// ratio's ceiling and does not drift with the machine's speed. Then the CPU time
    /// per reset of what is not hashing, the work the ratio asks to shrink.
    pub(super) fn rows(&self) -> Vec<Row> {
        let Some(f) = self.figures() else {
            return Vec::new();
        };
        let mut rows = vec![Row::new(
            "CPU during the resets: the bot (its hashing threads) / the benchmark (emulator, SMS, users) / idle",
            format!(
                "{:.0} % ({:.0} %) / {:.0} % / {:.0} %",
                f.bot, f.hashing, f.bench, f.idle
            ),
        )];
        if let Some((bot, bench)) = f.per_reset {
            rows.push(Row::new(
                "CPU per reset besides hashing: the bot / the benchmark",
                format!("{bot:.1} ms / {bench:.1} ms"),
            ));
        }
        rows
    }
}

/// What [`CpuUse::figures`] gives.
struct Figures {
    bot: f64,
    hashing: f64,
    bench: f64,
    idle: f64,
    per_reset: Option<(f64, f64)>,
}

/// CPU time used so far by the bot, its hashing threads and this process, the bot's
/// argon2id computations so far, and when.
struct Mark {
    bot: Option<f64>,
    hashing: Option<f64>,
    bench: Option<f64>,
    hashes: Option<u64>,
    at: Instant,
}

impl Mark {
    async fn now(bot: &ChildBot) -> Mark {
        let hashes = bot.password_hashes().await;
        Mark {
            bot: bot.cpu_seconds(),
            hashing: bot.hashing_cpu_seconds(),
            bench: report::cpu_seconds(None),
            hashes,
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
            cpus: 2,
            resets: 300,
            hashes: Some(900),
            seconds: 10.0,
        };
        let text = report::table(&cpu.rows());
        assert!(text.contains("95 % (80 %) / 3 % / 2 %"), "{text}");
        assert!(text.contains("10.0 ms / 2.0 ms"), "{text}");
        assert_eq!(cpu.summary(), "80 %, 2 %, 10.0 + 2.0 ms");
        assert_eq!(cpu.hashes_per_s(), Some(90.0));
        assert!((cpu.cpu_ms_per_hash().expect("hashes") - 17.78).abs() < 0.01);
    }

    #[test]
    fn windows_add_up_and_a_missing_count_stays_missing() {
        let window = |hashes| CpuUse {
            hashes,
            seconds: 10.0,
            ..CpuUse::default()
        };
        let mut total = CpuUse::default();
        total.add(&window(Some(500)));
        total.add(&window(Some(700)));
        assert_eq!(total.hashes_per_s(), Some(60.0));
        total.add(&window(None));
        assert_eq!(total.hashes_per_s(), None);
        total.add(&window(Some(100)));
        assert_eq!(total.hashes_per_s(), None);
    }
}

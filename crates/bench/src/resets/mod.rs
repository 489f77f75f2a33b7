//! Password resets against a bare argon2id loop. The machine's speed drifts (a fifth
//! within minutes on a shared virtual machine), so the resets run in rounds, each between
//! two bare loops, and each round's ratio is to the mean of the loops around it. The
//! figure is the median round; all rounds are printed, so the spread shows.

use super::child::ChildBot;
use super::cpu::CpuUse;
use super::report::{BareLoop, Row};
use super::sms::SmsSink;
use super::users::{self, Router, Tally};
use std::sync::Arc;
use std::time::Duration;
use telegram_emulator::Emulator;

/// Argon2 computations in one reset: "same as the current password?", hashing the new
/// one, and checking the confirmation against it.
pub const HASHES_PER_RESET: f64 = 3.0;

/// The flows' starts are spread over this long: flows started together would go through
/// their steps in step, and the window would count waves of them.
const STARTS_SPREAD: Duration = Duration::from_secs(4);

/// Resets count only once the flows run steadily: about two whole resets (5 to 7 s each
/// at the bench's load) after the last flow started. Counted earlier, the window opens
/// while the first resets have not reached their hashes yet and closes with many flows
/// between their hashes and their end: with 4 s from the first start the bot's argon2id
/// computations in the window were 4 to 5 % more than three per reset counted, with 14 s
/// within 2 % of it either way. Phases shorter than this settle as long as they last
/// (their ratio is not judged, see [`SHORTEST_JUDGED_PHASE`]).
const SETTLE: Duration = Duration::from_secs(10);

/// From the first flow's start to the window in which resets count.
fn warm_up(phase: Duration) -> Duration {
    STARTS_SPREAD + SETTLE.min(phase)
}

/// Enough fresh accounts for `phases` reset phases at the bare loop's pace, with room;
/// never more than the flows can use, as each reset waits at least the code reply's
/// padding.
pub fn accounts_needed(
    bare: f64,
    phase: Duration,
    phases: usize,
    flows: usize,
    padding_ms: u64,
) -> usize {
    let span = (phase + warm_up(phase) * 2).as_secs_f64();
    let by_hashing = bare / HASHES_PER_RESET * span * 1.5;
    let per_flow = span / (padding_ms.max(100) as f64 / 1000.0);
    let by_flows = flows as f64 * per_flow;
    (by_hashing.min(by_flows) * phases as f64) as usize + flows * 4
}

/// Reset flows: each runs complete resets one after another on fresh accounts.
pub struct Resets<'a> {
    pub router: &'a Router,
    pub emu: &'a Emulator,
    pub sms: &'a SmsSink,
    pub accounts: &'a Arc<users::ResetAccounts>,
    pub flows: usize,
    pub next_chat: i64,
}

impl Resets<'_> {
    fn user(&mut self) -> users::User {
        self.next_chat += 1;
        self.router.user(self.emu, self.next_chat)
    }

    /// One phase of resets, with `cheap` updates/s of cheap updates alongside. Also
    /// returns who used the CPUs while the results counted (after the warm-up).
    pub async fn run(
        &mut self,
        phase: Duration,
        cheap: Option<u32>,
        bot: &ChildBot,
    ) -> anyhow::Result<(Tally, CpuUse)> {
        let window = super::window_after(warm_up(phase), phase);
        let mut tasks = Vec::new();
        for i in 0..self.flows {
            let user = self.user();
            let start_after = STARTS_SPREAD.mul_f64(i as f64 / self.flows as f64);
            let flow = users::reset_user(
                user,
                self.accounts.clone(),
                self.sms.clone(),
                window,
                start_after,
            );
            tasks.push(tokio::spawn(flow));
        }
        if let Some(rate) = cheap.filter(|r| *r > 0) {
            // Two updates a second per user, starts spread over the first interval.
            let count = rate.div_ceil(2) as usize;
            let every = Duration::from_millis(500);
            for i in 0..count {
                let user = self.user();
                let offset = every.mul_f64(i as f64 / count as f64);
                let cheap = users::cheap_user(user, window, Some((every, offset)));
                tasks.push(tokio::spawn(cheap));
            }
        }
        let mut cpu = CpuUse::during(window, bot).await;
        let mut tally = Tally::default();
        for task in tasks {
            tally.merge(task.await?);
        }
        // Both count over the same window.
        cpu.resets = tally.resets;
        eprintln!(
            "bench: {} resets, {} accounts used, given up at steps {:?}",
            tally.resets,
            self.accounts.used(),
            tally.stuck_at
        );
        Ok((tally, cpu))
    }
}

/// One round: resets/s between two bare loops (hashes/s), and who used the CPUs while
/// its resets counted.
pub struct Round {
    pub bare_before: BareLoop,
    pub resets_per_s: f64,
    pub bare_after: BareLoop,
    pub cpu: CpuUse,
}

impl Round {
    pub fn ratio(&self) -> f64 {
        self.resets_per_s * HASHES_PER_RESET / self.bare()
    }

    /// The bare loops' mean hashes/s.
    fn bare(&self) -> f64 {
        (self.bare_before.per_s + self.bare_after.per_s) / 2.0
    }

    /// The round in short: its CPU shares, then how fast the bot hashed against the bare
    /// loops and what a hash cost it in CPU against them. With both, a round's ratio tells
    /// apart into CPU the hashing got and what each hash cost.
    pub fn summary(&self) -> String {
        let mut text = self.cpu.summary();
        if let (Some(rate), Some(cpu_ms)) = (self.cpu.hashes_per_s(), self.cpu.cpu_ms_per_hash()) {
            text.push_str(&format!(
                ", hashing at {:.0} % of the loops' rate, {:.1} ms of CPU a hash",
                rate / self.bare() * 100.0,
                cpu_ms
            ));
            if let (Some(a), Some(b)) = (self.bare_before.cpu_ms, self.bare_after.cpu_ms) {
                text.push_str(&format!(" (loops: {:.1})", (a + b) / 2.0));
            }
        }
        text
    }
}

/// Reset phases shorter than this are over before each flow has gone through a few
/// resets (one takes 5 to 7 s at the bench's load): the count then depends on where the
/// window falls in the flows' cycles (`--quick`'s 4 s gave 64 to 135 %), so the ratio
/// is printed but not judged.
pub const SHORTEST_JUDGED_PHASE: Duration = Duration::from_secs(15);

/// The rows for the rounds: the bare loops, the median round against its loops (with
/// every round), the CPU shares over all rounds.
pub fn rows(
    rounds: &[Round],
    flows: usize,
    pool: usize,
    cpu: &CpuUse,
    phase: Duration,
) -> Vec<Row> {
    let Some(median) = median_round(rounds) else {
        return Vec::new();
    };
    let mut bare: Vec<String> = rounds
        .iter()
        .map(|r| format!("{:.1}", r.bare_before.per_s))
        .collect();
    bare.extend(rounds.last().map(|r| format!("{:.1}", r.bare_after.per_s)));
    let each: Vec<String> = rounds
        .iter()
        .map(|r| format!("{:.0}", r.ratio() * 100.0))
        .collect();
    let each_cpu: Vec<String> = rounds.iter().map(Round::summary).collect();
    let ratio = Row::new(
        "password resets/s (alone), the median round",
        format!(
            "{:.1} = {:.0} % of the bare loops around it ({} in flight); rounds: {} %",
            median.resets_per_s,
            median.ratio() * 100.0,
            flows,
            each.join(", ")
        ),
    );
    let mut rows = vec![
        Row::new(
            "bare argon2id loop, before, between and after the rounds of resets",
            format!("{} hashes/s ({pool} threads)", bare.join(" / ")),
        ),
        if phase >= SHORTEST_JUDGED_PHASE {
            ratio.target(">= 90 %", median.ratio() >= 0.9)
        } else {
            ratio.unjudged(">= 90 % (not judged: phases under 15 s)")
        },
    ];
    if each_cpu.iter().any(|s| !s.is_empty()) {
        rows.push(Row::new(
            "each round: the bot's hashing threads' share of the CPUs, idle, CPU per reset besides hashing (bot + benchmark), the bot's argon2id rate against the loops around it and its CPU per hash",
            each_cpu.join("; "),
        ));
    }
    rows.extend(cpu.rows());
    rows
}

fn median_round(rounds: &[Round]) -> Option<&Round> {
    let mut sorted: Vec<&Round> = rounds.iter().collect();
    sorted.sort_by(|a, b| a.ratio().total_cmp(&b.ratio()));
    sorted.get(sorted.len() / 2).copied()
}

#[cfg(test)]
mod tests;

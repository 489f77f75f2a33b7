//! `recovery-bot-bench`: the real bot (dispatcher, store, hashing pool, SMS delivery)
//! against the loopback Bot API emulator, driven by simulated users. It prints the figures
//! the README keeps: updates/s, reply latency (idle and while hashing is saturated), resets/s
//! against a bare argon2id loop, peak memory, store size, and time to the first reply with
//! a big store.

mod args;
mod child;
mod cpu;
mod populate;
pub mod report;
mod resets;
mod sms;
mod users;

pub use args::BenchArgs;
use args::Sizes;
use child::ChildBot;
pub use child::AS_BOT;
use cpu::CpuUse;
use report::{mib, ms, percentiles, Row};
use resets::{Resets, Round, HASHES_PER_RESET};
use secrecy::SecretString;
use std::time::Duration;
use telegram_emulator::{Emulator, Options};
use tokio::time::Instant;
use users::{Router, Tally, Window};

const WARM_UP: Duration = Duration::from_secs(1);
/// The bare loop that sizes the reset phases runs at most this long.
const SIZING: Duration = Duration::from_secs(5);
/// Simulated users' chat ids start here (reset flows after the cheap users).
const USER_CHATS: i64 = 100_000_000;

/// Runs every phase and prints the table. `base` is the text of the config file the
/// bot's settings come from.
pub async fn run(base: &str, args: BenchArgs) -> anyhow::Result<()> {
    let sizes = args.sizes();
    let (dir, remove_dir) = match &args.dir {
        Some(dir) => (dir.clone(), false),
        None => (
            std::env::temp_dir().join(format!("recovery-bot-bench-{}", std::process::id())),
            true,
        ),
    };
    std::fs::create_dir_all(&dir)?;
    let result = measure(base, &args, &sizes, &dir).await;
    if remove_dir {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let rows = result?;
    println!("{}", report::table(&rows));
    Ok(())
}

async fn measure(
    base: &str,
    args: &BenchArgs,
    sizes: &Sizes,
    dir: &std::path::Path,
) -> anyhow::Result<Vec<Row>> {
    let sms = sms::SmsSink::start().await?;
    let (config_path, config) = child::write_config(base, dir, sms.url())?;
    let s = &config.security;
    let params = s.argon2_params()?;
    let pool = s.hashing_threads();
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    eprintln!(
        "bench: {cpus} CPUs, argon2id m={} t={} p={}, hashing pool {pool}, phases of {:.0} s",
        s.argon2_memory_kib,
        s.argon2_iterations,
        s.argon2_parallelism,
        sizes.phase.as_secs_f64()
    );
    let mut rows = vec![Row::new(
        "machine",
        format!(
            "{cpus} CPUs; argon2id m={} t={} p={}; hashing pool {pool}",
            s.argon2_memory_kib, s.argon2_iterations, s.argon2_parallelism
        ),
    )];

    // A short bare loop first, on an idle machine, to size the reset phases.
    let bare = bare_argon2(&params, pool, sizes.phase.min(SIZING))
        .await?
        .per_s;
    eprintln!("bench: bare argon2id loop (sizing) {bare:.1} hashes/s");

    // Resets in flight: what the pool hashes in about 5 s. A reset's other steps (the
    // padded code reply, the SMS, seven round trips) take about 3 s of waiting; with
    // fewer flows than the pool finishes in that time the benchmark measures its own
    // flows, not the bot (2 s' worth gave 18 resets/s, 5 s' worth 24 on the same bot).
    let flows = args
        .resets
        .unwrap_or_else(|| ((bare / HASHES_PER_RESET * 5.0).ceil() as usize + 4).min(256));
    // A big store, filled before the bot starts.
    let reset_accounts = resets::accounts_needed(
        bare,
        sizes.phase,
        sizes.rounds + 1,
        flows,
        config.codes.reply_padding.as_millis() as u64,
    );
    let hash =
        recovery_bot::hashing::hash_blocking(&params, &SecretString::from("a seed password"))?;
    eprintln!(
        "bench: filling the store with {} accounts and {} dialogues",
        sizes.accounts, sizes.dialogues
    );
    let filled = populate::populate(
        &config.store.path,
        config.store.cache_capacity_mib,
        sizes.accounts,
        sizes.dialogues,
        reset_accounts,
        &hash,
    )
    .await?;
    let per_thousand = filled.accounts_bytes as f64 / (sizes.accounts + reset_accounts) as f64;
    rows.push(Row::new(
        "store",
        format!(
            "{} accounts + {} dialogues, filled in {:.1} s, {:.1} MiB on disk",
            sizes.accounts + reset_accounts,
            sizes.dialogues,
            filled.seconds,
            filled.total_bytes as f64 / 1_048_576.0
        ),
    ));
    rows.push(Row::new(
        "store size per 1,000 accounts",
        format!("{:.0} KiB", per_thousand * 1000.0 / 1024.0),
    ));

    // Start the bot on it and time the first answer.
    let emu = Emulator::start_with(Options {
        keep_history: false,
        events_capacity: 1 << 16,
        ..Options::default()
    })
    .await?;
    let router = Router::start(&emu);
    let mut first = router.user(&emu, USER_CHATS - 1);
    let started = Instant::now();
    let bot = ChildBot::start(
        args.bot.as_deref(),
        &config_path,
        &config,
        emu.api_url().as_str(),
    )?;
    let first_reply = first.ask("/start").await.map(|_| started.elapsed());
    let rss_at_start = bot.rss_kib();
    rows.push(match first_reply {
        Some(took) => Row::new(
            "start to first reply (big store)",
            format!("{:.0} ms", took.as_secs_f64() * 1000.0),
        )
        .target("< 1000 ms", took < Duration::from_secs(1)),
        None => Row::new("start to first reply (big store)", "no reply").target("< 1 s", false),
    });

    // Cheap updates as fast as the bot answers them.
    let window = window(sizes.phase);
    let mut cheap = Tally::default();
    let mut tasks = Vec::new();
    for i in 0..args.users {
        let user = router.user(&emu, USER_CHATS + i64::try_from(i)?);
        tasks.push(tokio::spawn(users::cheap_user(user, window, None)));
    }
    for task in tasks {
        cheap.merge(task.await?);
    }
    let rate = cheap.latencies_us.len() as f64 / sizes.phase.as_secs_f64();
    eprintln!(
        "bench: {rate:.0} cheap updates/s; the bot's memory: {} now, {} at most",
        mib(bot.rss_kib()),
        mib(bot.peak_rss_kib())
    );
    rows.push(
        Row::new(
            "non-hashing updates/s",
            format!("{rate:.0} ({} users, closed loop)", args.users),
        )
        .target(">= 2000", rate >= 2000.0),
    );
    rows.push(Row::new(
        "reply latency p50 / p95 / p99, at that load",
        ms(percentiles(&mut cheap.latencies_us)),
    ));

    // Resets alone, in rounds between bare loops (the bot idle), then resets with a
    // stream of cheap updates.
    let accounts = users::ResetAccounts::new(filled.reset_phones);
    let mut resets = Resets {
        router: &router,
        emu: &emu,
        sms: &sms,
        accounts: &accounts,
        flows,
        next_chat: USER_CHATS + 1_000_000,
    };
    let mut bare_before = bare_argon2(&params, pool, sizes.phase).await?;
    eprintln!(
        "bench: bare argon2id loop {:.1} hashes/s",
        bare_before.per_s
    );
    let mut rounds = Vec::new();
    let mut cpu = CpuUse::default();
    let mut lost_alone = 0;
    for _ in 0..sizes.rounds {
        let (alone, used) = resets.run(sizes.phase, None, &bot).await?;
        cpu.add(&used);
        lost_alone += alone.lost;
        eprintln!(
            "bench: the bot's memory after resets: {} now, {} at most",
            mib(bot.rss_kib()),
            mib(bot.peak_rss_kib())
        );
        let bare_after = bare_argon2(&params, pool, sizes.phase).await?;
        eprintln!(
            "bench: bare argon2id loop again {:.1} hashes/s",
            bare_after.per_s
        );
        rounds.push(Round {
            bare_before,
            resets_per_s: alone.resets as f64 / sizes.phase.as_secs_f64(),
            bare_after,
            cpu: used,
        });
        if let Some(round) = rounds.last() {
            eprintln!("bench: the round: {}", round.summary());
        }
        bare_before = bare_after;
    }
    let (saturated, _) = resets
        .run(sizes.phase, Some(args.saturated_rate), &bot)
        .await?;
    if accounts.exhausted() {
        eprintln!("bench: warning: the reset accounts ran out; resets/s is too low");
    }
    rows.extend(resets::rows(&rounds, flows, pool, &cpu, sizes.phase));
    let mut latencies = saturated.latencies_us;
    let under_load = percentiles(&mut latencies);
    rows.push(Row::new(
        "password resets/s (with the cheap stream)",
        format!("{:.1}", saturated.resets as f64 / sizes.phase.as_secs_f64()),
    ));
    rows.push(
        Row::new(
            format!(
                "reply latency p50 / p95 / p99, {} cheap updates/s while hashing is saturated",
                args.saturated_rate
            ),
            ms(under_load),
        )
        .target("p99 < 50 ms", under_load.is_some_and(|p| p[2] < 50.0)),
    );
    let lost = cheap.lost + lost_alone + saturated.lost;
    let lost_events = router
        .lost_events
        .load(std::sync::atomic::Ordering::Relaxed);
    if lost + lost_events > 0 {
        rows.push(Row::new(
            "unanswered updates (10 s) / events missed",
            format!("{lost} / {lost_events}"),
        ));
    }
    let peak = bot.peak_rss_kib();
    rows.push(Row::new(
        "resident memory of the bot after its first reply (VmRSS)",
        mib(rss_at_start),
    ));
    let waker = router.user(&emu, USER_CHATS - 2);
    bot.stop(move || waker.send("/start")).await?;
    rows.push(
        Row::new("peak RSS of the bot's process (VmHWM)", mib(peak))
            .target("< 150 MiB", peak.is_some_and(|kib| kib < 150 * 1024)),
    );
    Ok(rows)
}

fn window(phase: Duration) -> Window {
    window_after(WARM_UP, phase)
}

fn window_after(warm_up: Duration, phase: Duration) -> Window {
    let from = Instant::now() + warm_up;
    Window {
        from,
        until: from + phase,
    }
}

async fn bare_argon2(
    params: &argon2::Params,
    pool: usize,
    phase: Duration,
) -> anyhow::Result<report::BareLoop> {
    let params = params.clone();
    tokio::task::spawn_blocking(move || report::bare_argon2(&params, pool, phase)).await?
}

//! `[process] batch_scheduling`: asked for, the real binary puts every one of its threads
//! under SCHED_BATCH; by default it keeps the policy it was started with.

use crate::process::RealBot;
use recovery_bot_bench::report;
use telegram_emulator::Emulator;

/// The scheduling policy of each thread of `pid`.
fn thread_policies(pid: libc::pid_t) -> Vec<(String, u32)> {
    let threads = report::threads(pid as u32).expect("the bot's threads");
    threads.into_iter().map(|t| (t.name, t.policy)).collect()
}

async fn policies_of_a_bot(settings: &str) -> Vec<(String, u32)> {
    let emu = Emulator::start().await.expect("emulator");
    let mut bot = RealBot::new(&emu, settings);
    bot.seed_accounts().await;
    bot.start(&emu).await;
    let policies = thread_policies(bot.pid());
    bot.kill();
    policies
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_scheduling_covers_every_thread_of_the_bot() {
    let policies = policies_of_a_bot("[process]\nbatch_scheduling = true\n").await;
    // The runtime's workers, the hashing pool, sled's threads: all started after the
    // policy was set, all inheriting it.
    assert!(policies.iter().any(|(name, _)| name.starts_with("argon2-")));
    assert!(policies.iter().any(|(name, _)| name.starts_with("tokio")));
    for (name, policy) in &policies {
        assert_eq!(*policy, libc::SCHED_BATCH as u32, "thread {name}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn by_default_the_bot_keeps_the_policy_it_was_started_with() {
    // SAFETY: reads the calling thread's policy; no memory is passed.
    let ours = unsafe { libc::sched_getscheduler(0) };
    for settings in ["", "[process]\nbatch_scheduling = false\n"] {
        let policies = policies_of_a_bot(settings).await;
        for (name, policy) in &policies {
            assert_eq!(*policy, ours as u32, "thread {name} ({settings:?})");
        }
    }
}

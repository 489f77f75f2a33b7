//! How the bot's threads take turns on the CPUs (`[process] batch_scheduling`, off by
//! default).
//!
//! Under load the CPUs are busy hashing passwords. A normal thread that wakes up (a reply
//! to send, an update to handle, a flush finished) takes a CPU from the hash at once,
//! then gives it back: two context switches for each of the dozens of small steps of a
//! password reset, which on a virtual machine cost more than the steps themselves.
//! Under `SCHED_BATCH` a waking thread does not preempt the one running; it runs at the
//! scheduler's next tick and finds the work that arrived meanwhile waiting for it. With a
//! CPU free nothing changes: a thread that wakes on an idle CPU runs at once.
//!
//! Measured with `recovery-bot-bench` (2 vCPUs, while resets keep hashing saturated): the
//! hashing threads' share of the machine goes from 80–82 % to 85–87 %, the bot's CPU per
//! reset besides hashing from 10–14 ms to 7–9 ms; the p99 of cheap replies alongside the
//! resets from 11–14 ms to 30–35 ms (target < 50 ms). It was an option, off by default,
//! while that p99 rose to 98–334 ms in some runs: teloxide's dispatcher stopped polling
//! while it ended idle chat tasks one by one, each a wake-up that waited a tick. The
//! bot's own dispatcher (`bot::dispatch`) has no such pause, and the tail went with it.
//!
//! Since the store's hardening (indexes, pruning; bisected to the merge 5c3761f, see the
//! README's "Status"), the tail is back with the policy on, and it is off by default
//! again: full runs on 2 vCPUs, hashing saturated, gave a p99 of 503 ms with it (589 ms
//! for the build before the workspace) and 10.8 ms without it, for 88 % and 85 % of the
//! bare loops' resets and 7.8 and 8.9 ms of the bot's CPU per reset besides hashing.

/// Puts the calling thread under `SCHED_BATCH`. Threads it starts afterwards inherit the
/// policy, so calling it before the runtime starts covers every thread of the process.
/// No privilege is needed; elsewhere than on Linux this does nothing.
pub fn batch_this_thread() -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let param = libc::sched_param { sched_priority: 0 };
        // SAFETY: pid 0 is the calling thread; `param` is a valid sched_param that lives
        // across the call, with the priority SCHED_BATCH requires (0).
        let result = unsafe { libc::sched_setscheduler(0, libc::SCHED_BATCH, &param) };
        if result != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn policy() -> libc::c_int {
        // SAFETY: reads the calling thread's policy; no memory is passed.
        unsafe { libc::sched_getscheduler(0) }
    }

    #[test]
    fn the_policy_holds_for_the_thread_and_the_threads_it_starts() {
        let before = policy();
        let (own, child) = std::thread::spawn(|| {
            batch_this_thread().expect("SCHED_BATCH needs no privilege");
            let child = std::thread::spawn(policy).join().expect("child thread");
            (policy(), child)
        })
        .join()
        .expect("test thread");
        assert_eq!(own, libc::SCHED_BATCH);
        assert_eq!(child, libc::SCHED_BATCH);
        // Only the thread that asked, and those it started, changed.
        assert_eq!(policy(), before);
    }
}

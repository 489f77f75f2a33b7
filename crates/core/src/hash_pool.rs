//! The threads that run argon2 and the new-password policy (zxcvbn): a fixed number,
//! started with the bot, each taking the next job the moment it is done with the last.
//! Both are CPU work that must never run on the async runtime; sharing the threads keeps
//! one bound on how much of the machine they can take.
//!
//! Jobs wait in one queue. A finished hash hands its result back through a oneshot
//! channel and its thread starts on the next job at once, without a round trip through the
//! async runtime. (With `spawn_blocking` behind a semaphore the permit passed on only after
//! the runtime had woken the waiting task, so under load a core sat idle between hashes.)
//! A job whose caller has gone away by the time its turn comes is skipped.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};

type Job = Box<dyn FnOnce() + Send + 'static>;

/// The hashing threads' names start with this, then their number (`argon2-0`, …).
pub const THREAD_NAME: &str = "argon2-";

/// What a job computes; each kind is counted on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// An argon2 hash or verification.
    Argon2,
    /// A new password's policy check (zxcvbn).
    Policy,
}

/// A fixed pool of hashing threads. Clones share it; the threads end when the last clone
/// is dropped.
#[derive(Clone)]
pub struct HashPool {
    jobs: mpsc::Sender<Job>,
    /// Jobs run to the end (skipped ones not counted), by [`JobKind`].
    done: Arc<[AtomicU64; 2]>,
}

impl HashPool {
    /// Starts `threads` threads (at least one), named [`THREAD_NAME`] and their number.
    pub fn start(threads: usize) -> std::io::Result<HashPool> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads.max(1) {
            let queue = Arc::clone(&queue);
            std::thread::Builder::new()
                .name(format!("{THREAD_NAME}{n}"))
                .spawn(move || work(&queue))?;
        }
        Ok(HashPool {
            jobs,
            done: Arc::default(),
        })
    }

    /// Jobs of `kind` run to the end so far.
    pub fn done(&self, kind: JobKind) -> u64 {
        self.done[kind as usize].load(Ordering::Relaxed)
    }

    /// Runs `job` on a pool thread and waits for its result. Dropping the returned future
    /// before the job has started means it never starts.
    pub async fn run<T: Send + 'static>(
        &self,
        kind: JobKind,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> anyhow::Result<T> {
        let (reply, result) = tokio::sync::oneshot::channel();
        let done = Arc::clone(&self.done);
        let job: Job = Box::new(move || {
            if reply.is_closed() {
                return;
            }
            let output = job();
            done[kind as usize].fetch_add(1, Ordering::Relaxed);
            let _ = reply.send(output);
        });
        self.jobs
            .send(job)
            .map_err(|_| anyhow::anyhow!("the hashing threads have stopped"))?;
        result
            .await
            .map_err(|_| anyhow::anyhow!("a hashing job ended without a result"))
    }
}

fn work(queue: &Mutex<mpsc::Receiver<Job>>) {
    loop {
        // The lock is held only while waiting for a job, never while hashing.
        let next = match queue.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        let Ok(job) = next else { return };
        // A panicking job loses only its own result (its caller gets an error).
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[tokio::test]
    async fn jobs_of_both_kinds_run_on_the_pool_threads_at_most_n_at_once() {
        let pool = HashPool::start(2).expect("pool");
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let jobs = (0..8).map(|i| {
            let (running, most) = (Arc::clone(&running), Arc::clone(&most));
            let kind = if i % 2 == 0 {
                JobKind::Argon2
            } else {
                JobKind::Policy
            };
            pool.run(kind, move || {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(20));
                running.fetch_sub(1, Ordering::SeqCst);
                let name = std::thread::current().name().map(str::to_owned);
                (i, name)
            })
        });
        let results = futures::future::join_all(jobs).await;
        for (i, result) in results.into_iter().enumerate() {
            let (n, name) = result.expect("job");
            assert_eq!(n, i);
            assert!(name.is_some_and(|name| name.starts_with(THREAD_NAME)));
        }
        // One bound for both kinds, and each kind counted on its own.
        assert_eq!(most.load(Ordering::SeqCst), 2);
        assert_eq!(pool.done(JobKind::Argon2), 4);
        assert_eq!(pool.done(JobKind::Policy), 4);
    }

    #[tokio::test]
    async fn a_panicking_job_fails_alone_and_a_dropped_one_never_runs() {
        let pool = HashPool::start(1).expect("pool");
        assert!(pool.run(JobKind::Argon2, || panic!("boom")).await.is_err());
        assert_eq!(
            pool.run(JobKind::Argon2, || 7)
                .await
                .expect("after a panic"),
            7
        );

        // Keep the only thread busy, queue a job, and give up on it before its turn.
        let ran = Arc::new(AtomicUsize::new(0));
        let busy = tokio::spawn({
            let pool = pool.clone();
            async move {
                pool.run(JobKind::Argon2, || {
                    std::thread::sleep(Duration::from_millis(100))
                })
                .await
            }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        let counted = Arc::clone(&ran);
        let abandoned = pool.run(JobKind::Argon2, move || {
            counted.fetch_add(1, Ordering::SeqCst)
        });
        let given_up = tokio::time::timeout(Duration::from_millis(10), abandoned).await;
        assert!(given_up.is_err());
        busy.await.expect("task").expect("busy job");
        assert_eq!(pool.run(JobKind::Argon2, || 1).await.expect("next"), 1);
        assert_eq!(ran.load(Ordering::SeqCst), 0);
        // The job after the panic, the busy one and the last; not the panicking one, nor
        // the one given up on.
        assert_eq!(pool.done(JobKind::Argon2), 3);
        assert_eq!(pool.done(JobKind::Policy), 0);
    }
}

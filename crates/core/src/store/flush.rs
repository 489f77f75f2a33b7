//! Making writes durable, shared by everyone who asks at once (a group commit).
//!
//! sled writes every tree to one log, and one `flush()` makes all writes made before it
//! durable. Handlers flush before they reply, every message to Telegram and every
//! delivery flushes first, and each update is flushed when handled, so at a few thousand
//! updates a second many flushes are asked for together. Each sled flush seals a log
//! buffer and writes it: done one per caller they cost CPU and memory (every sealed
//! buffer is a fresh allocation). Here callers that ask while a flush runs wait for the
//! next one, which then serves them all: at most one flush runs, and nobody waits for
//! more than the one in progress plus their own.
//!
//! A flush asked for when every counted write ([`super::tree`]) is already on disk returns
//! at once, without a trip to a blocking thread.
//!
//! Flushes run on the blocking pool with `flush()`, not sled's `flush_async`: in 0.34
//! several of those at once can lose their wake-up and never finish (spacejam/sled#1241).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::oneshot;

use super::tree::Writes;
use super::StoreError;

/// Cheap to clone; all clones share one queue.
#[derive(Clone)]
pub struct GroupFlush {
    db: sled::Db,
    queue: Arc<Mutex<Queue>>,
    flushes: Arc<AtomicU64>,
    writes: Writes,
    /// Counted writes known to be on disk: all those counted before the last flush began.
    durable: Arc<AtomicU64>,
}

#[derive(Default)]
struct Queue {
    /// A flusher is running (and will look at `waiting` again before it stops).
    running: bool,
    waiting: Vec<oneshot::Sender<Result<(), Failure>>>,
}

/// A flush's error for every caller it served (sled's error is not `Clone`).
#[derive(Clone)]
struct Failure {
    kind: std::io::ErrorKind,
    message: String,
}

impl GroupFlush {
    pub(super) fn new(db: sled::Db, writes: Writes) -> GroupFlush {
        GroupFlush {
            db,
            queue: Arc::default(),
            flushes: Arc::default(),
            writes,
            durable: Arc::default(),
        }
    }

    /// Flushes done so far (each served everyone waiting when it began).
    pub fn flushes(&self) -> u64 {
        self.flushes.load(Ordering::Relaxed)
    }

    /// Returns once every write made before the call is on disk.
    pub async fn flush(&self) -> Result<(), StoreError> {
        if self.durable.load(Ordering::SeqCst) >= self.writes.so_far() {
            return Ok(());
        }
        let (done, wait) = oneshot::channel();
        let start = {
            let mut queue = self.lock();
            queue.waiting.push(done);
            !std::mem::replace(&mut queue.running, true)
        };
        if start {
            let flusher = Flusher {
                group: self.clone(),
                finished: false,
            };
            // Detached: the flusher serves other callers even if this one goes away.
            drop(tokio::task::spawn_blocking(move || flusher.run()));
        }
        let outcome = wait.await.map_err(|_| Failure {
            kind: std::io::ErrorKind::Other,
            message: "the flush was abandoned".into(),
        });
        match outcome.and_then(|r| r) {
            Ok(()) => Ok(()),
            Err(failure) => Err(StoreError::Sled(sled::Error::Io(std::io::Error::new(
                failure.kind,
                failure.message,
            )))),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        // The queue stays consistent whatever panicked while it was held.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Flushes for whoever is waiting, until nobody is.
    fn run(&self) {
        loop {
            let batch = {
                let mut queue = self.lock();
                if queue.waiting.is_empty() {
                    queue.running = false;
                    return;
                }
                std::mem::take(&mut queue.waiting)
            };
            // Everyone in the batch wrote before joining it, and it was taken before this
            // flush began: the flush covers their writes.
            self.flushes.fetch_add(1, Ordering::Relaxed);
            let covered = self.writes.so_far();
            let result = self.db.flush().map(drop).map_err(|e| Failure {
                kind: match &e {
                    sled::Error::Io(io) => io.kind(),
                    _ => std::io::ErrorKind::Other,
                },
                message: e.to_string(),
            });
            if result.is_ok() {
                self.durable.fetch_max(covered, Ordering::SeqCst);
            }
            for caller in batch {
                let _ = caller.send(result.clone());
            }
        }
    }
}

/// The flusher task. Should it never run (the runtime is stopping) or panic, the callers
/// waiting are told and the next caller starts a new one: nobody waits forever.
struct Flusher {
    group: GroupFlush,
    finished: bool,
}

impl Flusher {
    fn run(mut self) {
        self.group.run();
        self.finished = true;
    }
}

impl Drop for Flusher {
    fn drop(&mut self) {
        if !self.finished {
            let mut queue = self.group.lock();
            queue.running = false;
            // Dropping their senders answers them: "the flush was abandoned".
            queue.waiting.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tree::Tree;

    /// A database in a folder that lives as long as the returned guard, a tree in it
    /// whose writes count, and the group flush that knows of them.
    fn temp_db() -> (tempfile::TempDir, Tree, GroupFlush) {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = sled::Config::new()
            .path(dir.path().join("store"))
            .open()
            .expect("open");
        let writes = Writes::default();
        let tree = Tree::new(db.open_tree("t").expect("tree"), writes.clone());
        (dir, tree, GroupFlush::new(db, writes))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn callers_waiting_together_are_served_by_one_flush() {
        let (_dir, tree, flush) = temp_db();
        // As if a flush were running: callers queue up behind it.
        flush.lock().running = true;
        let mut tasks = Vec::new();
        for i in 0u32..200 {
            let (tree, flush) = (tree.clone(), flush.clone());
            tasks.push(tokio::spawn(async move {
                tree.insert(i.to_be_bytes(), &b"x"[..]).expect("insert");
                flush.flush().await
            }));
        }
        for _ in 0..2_000 {
            if flush.lock().waiting.len() == 200 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        assert_eq!(flush.lock().waiting.len(), 200, "every caller waits");
        let group = flush.clone();
        tokio::task::spawn_blocking(move || group.run())
            .await
            .expect("flusher");
        for task in tasks {
            assert!(task.await.expect("task").is_ok());
        }
        assert_eq!(flush.flushes(), 1, "one flush served all 200");
        assert!(!flush.lock().running, "the flusher stops when nobody waits");
        assert_eq!(tree.len(), 200);
        // With nothing written since, a caller returns at once.
        flush.flush().await.expect("nothing to flush");
        assert_eq!(flush.flushes(), 1);
        // After a write, a caller alone starts a flush of its own.
        tree.remove(0u32.to_be_bytes()).expect("remove");
        flush.flush().await.expect("flush");
        assert_eq!(flush.flushes(), 2);
    }

    #[tokio::test]
    async fn every_kind_of_write_makes_the_next_flush_write() {
        let (_dir, tree, flush) = temp_db();
        let writes: [&dyn Fn(&Tree); 3] = [
            &|t| drop(t.insert(b"k", &b"v"[..]).expect("insert")),
            &|t| {
                t.compare_and_swap(b"k", Some(b"v"), Some(&b"w"[..]))
                    .expect("cas")
                    .expect("swapped");
            },
            &|t| drop(t.remove(b"k").expect("remove")),
        ];
        for (n, write) in writes.iter().enumerate() {
            write(&tree);
            flush.flush().await.expect("flush");
            assert_eq!(flush.flushes(), n as u64 + 1, "write {n} was flushed");
            flush.flush().await.expect("again");
            assert_eq!(flush.flushes(), n as u64 + 1, "nothing new after write {n}");
        }
    }

    #[tokio::test]
    async fn a_flusher_that_never_ran_leaves_nobody_waiting() {
        let (_dir, tree, group) = temp_db();
        let (done, wait) = oneshot::channel();
        {
            let mut queue = group.lock();
            queue.running = true;
            queue.waiting.push(done);
        }
        // As when the runtime drops the task before it starts.
        drop(Flusher {
            group: group.clone(),
            finished: false,
        });
        assert!(wait.await.is_err(), "the waiting caller is answered");
        assert!(!group.lock().running);
        tree.insert(b"k", &b"v"[..]).expect("insert");
        group
            .flush()
            .await
            .expect("the next caller starts a new flusher");
    }
}

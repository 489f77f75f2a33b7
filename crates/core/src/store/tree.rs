//! A sled tree whose writes and reads are counted.
//!
//! Writes are counted so that a flush knows whether it has anything to do
//! ([`super::flush`]). Most flushes asked for find nothing new to write (the handler
//! flushed its state before its reply, and the guard asks again when the update is done).
//! Each would still cost a trip to a blocking thread and back; with the count, such a
//! flush returns at once. A write that went uncounted would let a flush return before it
//! is on disk, so every write goes through this type: its writes count themselves once
//! sled has applied them. Transactions over several trees count through
//! [`Writes::count`].
//!
//! Reads are counted per tree (each record a lookup or an iterator yields), so that the
//! work of a background loop or a report can be measured in records rather than in time
//! ([`super::Store::records_read`]).

use sled::{IVec, Result};
use std::ops::RangeBounds;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Writes made through every tree of one store, counted as they are applied.
#[derive(Clone, Default)]
pub(crate) struct Writes(Arc<AtomicU64>);

impl Writes {
    /// Writes applied so far.
    pub fn so_far(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }

    /// Runs `write` (a sled transaction over [`Tree::for_transaction`] trees, say), then
    /// counts it.
    pub fn count<T>(&self, write: impl FnOnce() -> T) -> T {
        let result = write();
        self.0.fetch_add(1, Ordering::SeqCst);
        result
    }
}

#[derive(Clone)]
pub(crate) struct Tree {
    tree: sled::Tree,
    writes: Writes,
    reads: Arc<AtomicU64>,
}

/// An iterator over a tree's records that counts each record it yields.
pub(crate) struct Iter {
    inner: sled::Iter,
    reads: Arc<AtomicU64>,
}

impl Iter {
    fn counted(&self, item: Option<Result<(IVec, IVec)>>) -> Option<Result<(IVec, IVec)>> {
        if item.is_some() {
            self.reads.fetch_add(1, Ordering::Relaxed);
        }
        item
    }

    pub fn keys(self) -> impl DoubleEndedIterator<Item = Result<IVec>> {
        self.map(|item| item.map(|(key, _)| key))
    }

    pub fn values(self) -> impl DoubleEndedIterator<Item = Result<IVec>> {
        self.map(|item| item.map(|(_, value)| value))
    }
}

impl Iterator for Iter {
    type Item = Result<(IVec, IVec)>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = self.inner.next();
        self.counted(item)
    }
}

impl DoubleEndedIterator for Iter {
    fn next_back(&mut self) -> Option<Self::Item> {
        let item = self.inner.next_back();
        self.counted(item)
    }
}

impl Tree {
    pub fn new(tree: sled::Tree, writes: Writes) -> Tree {
        Tree {
            tree,
            writes,
            reads: Arc::default(),
        }
    }

    /// The tree's name in the database.
    pub fn name(&self) -> String {
        String::from_utf8_lossy(&self.tree.name()).into_owned()
    }

    /// Records read from this tree since the store was opened.
    pub fn reads(&self) -> u64 {
        self.reads.load(Ordering::Relaxed)
    }

    pub fn get<K: AsRef<[u8]>>(&self, key: K) -> Result<Option<IVec>> {
        self.reads.fetch_add(1, Ordering::Relaxed);
        self.tree.get(key)
    }

    pub fn iter(&self) -> Iter {
        self.wrap(self.tree.iter())
    }

    pub fn range<K: AsRef<[u8]>, R: RangeBounds<K>>(&self, range: R) -> Iter {
        self.wrap(self.tree.range(range))
    }

    pub fn scan_prefix<P: AsRef<[u8]>>(&self, prefix: P) -> Iter {
        self.wrap(self.tree.scan_prefix(prefix))
    }

    fn wrap(&self, inner: sled::Iter) -> Iter {
        Iter {
            inner,
            reads: self.reads.clone(),
        }
    }

    pub fn len(&self) -> usize {
        self.tree.len()
    }

    pub fn insert<K: AsRef<[u8]>, V: Into<IVec>>(&self, key: K, value: V) -> Result<Option<IVec>> {
        self.writes.count(|| self.tree.insert(key, value))
    }

    pub fn remove<K: AsRef<[u8]>>(&self, key: K) -> Result<Option<IVec>> {
        self.writes.count(|| self.tree.remove(key))
    }

    pub fn clear(&self) -> Result<()> {
        self.writes.count(|| self.tree.clear())
    }

    pub fn apply_batch(&self, batch: sled::Batch) -> Result<()> {
        self.writes.count(|| self.tree.apply_batch(batch))
    }

    pub fn compare_and_swap<K, OV, NV>(
        &self,
        key: K,
        old: Option<OV>,
        new: Option<NV>,
    ) -> Result<std::result::Result<(), sled::CompareAndSwapError>>
    where
        K: AsRef<[u8]>,
        OV: AsRef<[u8]>,
        NV: Into<IVec>,
    {
        self.writes
            .count(|| self.tree.compare_and_swap(key, old, new))
    }

    /// The sled tree, to be named in a transaction over several trees: run that
    /// transaction inside [`Writes::count`]. Reads inside a transaction are not counted.
    pub fn for_transaction(&self) -> &sled::Tree {
        &self.tree
    }
}

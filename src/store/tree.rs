//! A sled tree whose writes are counted, so that a flush knows whether it has anything
//! to do ([`super::flush`]).
//!
//! Most flushes asked for find nothing new to write (the handler flushed its state before
//! its reply, and the guard asks again when the update is done). Each would still cost a
//! trip to a blocking thread and back; with the count, such a flush returns at once. A
//! write that went uncounted would let a flush return before it is on disk, so every
//! write goes through this type: it offers sled's reads as they are, and its writes count
//! themselves once sled has applied them. Transactions over several trees count through
//! [`Writes::count`].

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
}

impl Tree {
    pub fn new(tree: sled::Tree, writes: Writes) -> Tree {
        Tree { tree, writes }
    }

    pub fn get<K: AsRef<[u8]>>(&self, key: K) -> Result<Option<IVec>> {
        self.tree.get(key)
    }

    pub fn iter(&self) -> sled::Iter {
        self.tree.iter()
    }

    pub fn range<K: AsRef<[u8]>, R: RangeBounds<K>>(&self, range: R) -> sled::Iter {
        self.tree.range(range)
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
    /// transaction inside [`Writes::count`].
    pub fn for_transaction(&self) -> &sled::Tree {
        &self.tree
    }
}

//! What the process keeps of the memory it frees.
//!
//! Every argon2id hash takes `argon2_memory_kib` (19 MiB) at once. glibc raises its mmap
//! threshold the first time such a block is freed, and from then on serves these blocks
//! from the heap of the thread that hashes, which keeps them: every blocking thread that
//! ever hashed holds on to 19 MiB (the benchmark measured 650 MiB peak instead of 200).
//! A fixed threshold keeps big blocks mmapped, so they go back to the system when freed.
//! The hashing threads now keep their blocks on purpose (`hash_memory`): mmapped fresh,
//! so the huge-page advice comes before the first touch.
//!
//! glibc's fast bins cost more than they save here: any request of a kilobyte or more
//! (HTTP bodies, JSON, sled's pages) first merges every chunk parked in them
//! (`malloc_consolidate`), a tenth of the async threads' CPU under password resets.
//! Without them small chunks go to the per-thread cache as before and are merged when
//! freed. Measured: the hashing threads' share of the machine during resets went from
//! 81.5 to 82.5 % in two short bench runs each, inside the spread of full runs; peak
//! memory unchanged.

/// Call once at start-up, before the first hash.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; it is called at start-up, before
    // other threads exist, with values glibc documents: 128 KiB (the mmap threshold's
    // default) and 0 (no fast bins).
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
        libc::mallopt(libc::M_MXFAST, 0);
    }
}

//! What the process keeps of the memory it frees.
//!
//! Every argon2id hash takes `argon2_memory_kib` (19 MiB) at once. glibc raises its mmap
//! threshold the first time such a block is freed, and from then on serves these blocks
//! from the heap of the thread that hashes, which keeps them: every blocking thread that
//! ever hashed holds on to 19 MiB (the benchmark measured 650 MiB peak instead of 200).
//! A fixed threshold keeps big blocks mmapped, so they go back to the system when freed.
//! The hashing threads now keep their blocks on purpose (`hash_memory`): mmapped fresh,
//! so the huge-page advice comes before the first touch.

/// Call once at start-up, before the first hash.
pub fn return_big_blocks_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it is called at start-up, before
    // any thread hashes, and the value is one glibc documents (128 KiB, its default).
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

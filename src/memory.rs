//! The allocator: jemalloc, with one arena and freed memory returned within a second.
//!
//! The bot's work beside hashing allocates a lot of small, short-lived things (JSON,
//! HTTP requests, dptree's dependency maps, sled's pages). glibc's malloc took about a
//! fifth of that work's CPU under password resets (`perf`, `recovery-bot-bench`); with
//! jemalloc the bot spent 8 % less CPU per reset beside hashing and the benchmark's own
//! process 15 % less (two benchmarks run side by side, one with each allocator, so both
//! met the same machine at the same moments), and took 36 % more cheap updates a second.
//!
//! Memory: with jemalloc's defaults (eight arenas on two CPUs, freed pages kept ten
//! seconds) the bot's peak was 8 to 11 MiB higher than with glibc. One arena and a one
//! second decay bring it back to glibc's (107 against 105 to 106 MiB at 10,000 accounts)
//! at the same CPU. The options are read before `main`, from [`MALLOC_CONF`];
//! `_RJEM_MALLOC_CONF` in the environment adds to them (jemalloc's `MALLOC_CONF`).
//!
//! Big blocks (argon2's 19 MiB) are mapped on their own and go back to the system when
//! freed; the hashing threads keep theirs on purpose ([`crate::hash_memory`]).

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, as the C string its `malloc_conf` symbol points to.
#[cfg(not(target_env = "msvc"))]
#[export_name = "_rjem_malloc_conf"]
pub static MALLOC_CONF: &[u8; 47] = b"narenas:1,dirty_decay_ms:1000,muzzy_decay_ms:0\0";

#[cfg(all(test, not(target_env = "msvc")))]
mod tests {
    use super::*;

    #[test]
    fn the_options_are_one_c_string() {
        let text = std::ffi::CStr::from_bytes_with_nul(MALLOC_CONF).expect("one NUL, at the end");
        assert_eq!(
            text.to_str().expect("ASCII"),
            "narenas:1,dirty_decay_ms:1000,muzzy_decay_ms:0"
        );
    }
}

//! argon2id's working memory, kept by each thread that hashes and reused.
//!
//! A hash at the production parameters fills 19 MiB of blocks. Allocated afresh each time
//! (what `argon2`'s `hash_password` does), the kernel maps, faults in, zeroes and unmaps
//! 19 MiB per hash: about a fifth of a hash's CPU, measured with `perf` under
//! `recovery-bot-bench`. Here each thread keeps its blocks, asks for huge pages for them
//! where the kernel leaves that to the program (transparent huge pages in "madvise"
//! mode), and zeroes them after every hash, so nothing derived from a password stays in
//! memory between hashes. The cost: each hashing thread keeps its 19 MiB resident once it
//! has hashed (the pool's threads hashed at the same time anyway, so the peak is the same).

use argon2::Block;
use std::cell::RefCell;

/// Blocks a thread keeps between hashes at most (64 MiB). A stored hash with bigger
/// parameters (an imported one, say) gets memory of its own, freed after.
const KEEP_AT_MOST: usize = 64 * 1024;

thread_local! {
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// `count` zeroed blocks, in memory the kernel is asked to back with huge pages.
fn allocate(count: usize) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::with_capacity(count);
    advise_huge_pages(blocks.as_ptr(), count);
    // First touch after the advice, so the kernel can back the blocks with huge pages.
    blocks.resize(count, Block::new());
    blocks
}

/// Runs `f` with `count` zeroed blocks of this thread's memory, and zeroes them after.
pub fn with_blocks<R>(count: usize, f: impl FnOnce(&mut [Block]) -> R) -> R {
    if count > KEEP_AT_MOST {
        return f(&mut allocate(count));
    }
    BLOCKS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut blocks) => {
            if blocks.len() < count {
                // Replaced, not grown: the old buffer is freed first.
                *blocks = Vec::new();
                *blocks = allocate(count);
            }
            let slice = &mut blocks[..count];
            let result = f(slice);
            slice.fill(Block::new());
            result
        }
        // Only if `f` itself hashed: never here, but a fresh buffer is always correct.
        Err(_) => f(&mut allocate(count)),
    })
}

/// Advice only: asks for huge pages for the whole 4 KiB pages among `count` blocks from
/// `first` (the kernel uses them for the 2 MiB-aligned stretches inside), where its policy
/// is "madvise". Nothing else changes if it is refused.
fn advise_huge_pages(first: *const Block, count: usize) {
    #[cfg(target_os = "linux")]
    {
        const PAGE: usize = 4096;
        let from = (first as usize).next_multiple_of(PAGE);
        let until = (first as usize + count * std::mem::size_of::<Block>()) / PAGE * PAGE;
        if until > from {
            // SAFETY: the range lies inside the caller's allocation of `count` blocks, and
            // MADV_HUGEPAGE is advice: it neither frees nor changes the memory.
            unsafe {
                libc::madvise(from as *mut libc::c_void, until - from, libc::MADV_HUGEPAGE);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (first, count);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_zeroed_before_and_after_use() {
        let zero = Block::new();
        with_blocks(4096, |blocks| {
            assert_eq!(blocks.len(), 4096);
            assert!(blocks.iter().all(|b| b.as_ref() == zero.as_ref()));
            blocks[7].as_mut().fill(7);
        });
        with_blocks(4096, |blocks| {
            assert!(blocks.iter().all(|b| b.as_ref() == zero.as_ref()));
        });
    }

    #[test]
    fn a_bigger_request_gets_a_bigger_buffer_and_a_smaller_one_a_part() {
        with_blocks(8, |blocks| assert_eq!(blocks.len(), 8));
        with_blocks(3000, |blocks| assert_eq!(blocks.len(), 3000));
        with_blocks(16, |blocks| assert_eq!(blocks.len(), 16));
        BLOCKS.with(|kept| assert_eq!(kept.borrow().len(), 3000));
    }

    #[test]
    fn a_huge_request_is_not_kept() {
        with_blocks(KEEP_AT_MOST + 1, |blocks| {
            assert_eq!(blocks.len(), KEEP_AT_MOST + 1)
        });
        BLOCKS.with(|kept| assert!(kept.borrow().is_empty()));
    }
}

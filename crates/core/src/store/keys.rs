//! Keys of the index trees: fixed-width parts first, so that sled's byte order is the
//! order wanted and a range or a prefix selects exactly what a query reads.

use crate::clock::Millis;

/// A time as 8 bytes that sort as the times do (negative ones first).
pub(crate) fn time(at: Millis) -> [u8; 8] {
    ((at as u64) ^ (1 << 63)).to_be_bytes()
}

/// The time [`time`] wrote in the first 8 bytes of `bytes`; None when they are too short.
pub(crate) fn read_time(bytes: &[u8]) -> Option<Millis> {
    let head: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
    Some((u64::from_be_bytes(head) ^ (1 << 63)) as Millis)
}

/// An account id, length first, so that one account's keys never share a prefix with
/// another's ("ab" is not a prefix of "abc" once its length leads).
pub(crate) fn account(id: &str) -> Vec<u8> {
    let len = u32::try_from(id.len()).unwrap_or(u32::MAX);
    let mut key = Vec::with_capacity(4 + id.len());
    key.extend_from_slice(&len.to_be_bytes());
    key.extend_from_slice(id.as_bytes());
    key
}

/// `head` followed by `tail`.
pub(crate) fn join(head: &[u8], tail: &[u8]) -> Vec<u8> {
    let mut key = Vec::with_capacity(head.len() + tail.len());
    key.extend_from_slice(head);
    key.extend_from_slice(tail);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_sort_as_bytes_and_read_back() {
        let times = [i64::MIN, -5, 0, 1, 1_795_000_000_000, i64::MAX];
        for pair in times.windows(2) {
            assert!(time(pair[0]) < time(pair[1]), "{pair:?}");
        }
        for at in times {
            assert_eq!(read_time(&time(at)), Some(at));
        }
        assert_eq!(read_time(b"short"), None);
    }

    #[test]
    fn one_account_is_never_a_prefix_of_another() {
        assert!(!account("abc").starts_with(&account("ab")));
        assert!(join(&account("ab"), b"x").starts_with(&account("ab")));
    }
}

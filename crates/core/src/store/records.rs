//! Reading and writing JSON records, one at a time or in transactions over several trees.

use super::accounts::Account;
use super::tree::Tree;
use super::StoreError;
use serde::{de::DeserializeOwned, Serialize};
use sled::transaction::{abort, ConflictableTransactionError, TransactionError, TransactionalTree};

pub(crate) fn get_json<T: DeserializeOwned>(
    tree: &Tree,
    key: &[u8],
) -> Result<Option<T>, StoreError> {
    match tree.get(key)? {
        Some(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
        None => Ok(None),
    }
}

pub(crate) fn put_json<T: Serialize>(tree: &Tree, key: &[u8], value: &T) -> Result<(), StoreError> {
    tree.insert(key, serde_json::to_vec(value)?)?;
    Ok(())
}

/// Atomically replaces the record at `key` with what `f` makes of it (compare-and-swap; `f`
/// may run more than once under contention, so it must be pure). `f` returns the new value
/// (None deletes) and a result for the caller.
pub(crate) fn update_json<T, R>(
    tree: &Tree,
    key: &[u8],
    mut f: impl FnMut(Option<T>) -> (Option<T>, R),
) -> Result<R, StoreError>
where
    T: Serialize + DeserializeOwned,
{
    loop {
        let current = tree.get(key)?;
        let parsed = match &current {
            Some(bytes) => Some(serde_json::from_slice(bytes)?),
            None => None,
        };
        let (next, result) = f(parsed);
        let next_bytes = match &next {
            Some(value) => Some(serde_json::to_vec(value)?),
            None => None,
        };
        if tree.compare_and_swap(key, current, next_bytes)?.is_ok() {
            return Ok(result);
        }
    }
}

// Helpers for multi-tree transactions on account records.

pub(crate) type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

pub(crate) fn read_account(tree: &TransactionalTree, id: &[u8]) -> TxResult<Option<Account>> {
    match tree.get(id)? {
        Some(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .or_else(|e| abort(StoreError::Corrupt(e))),
        None => Ok(None),
    }
}

pub(crate) fn write_account(tree: &TransactionalTree, account: &Account) -> TxResult<()> {
    let bytes = serde_json::to_vec(account).or_else(|e| abort(StoreError::Corrupt(e)))?;
    tree.insert(account.id.as_bytes(), bytes)?;
    Ok(())
}

pub(crate) fn flatten<T>(result: Result<T, TransactionError<StoreError>>) -> Result<T, StoreError> {
    match result {
        Ok(value) => Ok(value),
        Err(TransactionError::Abort(e)) => Err(e),
        Err(TransactionError::Storage(e)) => Err(e.into()),
    }
}

//! Dialogue state in the store through teloxide's `Storage` trait, so a restarted bot
//! (even after `kill -9`) resumes every conversation where it was: each change is flushed
//! to disk before the handler goes on.

use crate::store::{Store, StoreError};
use futures::future::BoxFuture;
use serde::{de::DeserializeOwned, Serialize};
use std::marker::PhantomData;
use std::sync::Arc;
use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId;

pub struct SledDialogues<D> {
    store: Store,
    _state: PhantomData<fn() -> D>,
}

impl<D> SledDialogues<D> {
    pub fn new(store: &Store) -> Arc<Self> {
        Arc::new(SledDialogues {
            store: store.clone(),
            _state: PhantomData,
        })
    }
}

impl<D> Storage<D> for SledDialogues<D>
where
    D: Serialize + DeserializeOwned + Send + 'static,
{
    type Error = StoreError;

    fn remove_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
    ) -> BoxFuture<'static, Result<(), StoreError>> {
        Box::pin(async move { self.store.remove_dialogue(chat_id.0).await })
    }

    fn update_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
        dialogue: D,
    ) -> BoxFuture<'static, Result<(), StoreError>> {
        Box::pin(async move {
            let state = serde_json::to_vec(&dialogue)?;
            self.store.set_dialogue(chat_id.0, state).await
        })
    }

    fn get_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
    ) -> BoxFuture<'static, Result<Option<D>, StoreError>> {
        Box::pin(async move {
            match self.store.dialogue(chat_id.0)? {
                Some(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
                None => Ok(None),
            }
        })
    }
}

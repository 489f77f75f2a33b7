//! Each chat's dialogue state, as the transport serialises it, keyed by the chat id. A
//! change is flushed before it returns, so a restarted bot (even after `kill -9`) resumes
//! every conversation where it was.

use super::{Store, StoreError};

impl Store {
    pub fn dialogue(&self, chat_id: i64) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .dialogues
            .get(chat_id.to_be_bytes())?
            .map(|v| v.to_vec()))
    }

    /// Durable before it returns: before the reply that announces the new step goes out.
    pub async fn set_dialogue(&self, chat_id: i64, state: Vec<u8>) -> Result<(), StoreError> {
        self.dialogues.insert(chat_id.to_be_bytes(), state)?;
        self.flush().await
    }

    pub async fn remove_dialogue(&self, chat_id: i64) -> Result<(), StoreError> {
        self.dialogues.remove(chat_id.to_be_bytes())?;
        self.flush().await
    }
}

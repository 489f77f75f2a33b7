//! A change to an account that waits for its holder's Approve or Deny: what it changes,
//! where it stands, and the request as stored (see `store::changes` for its life).

use crate::clock::Millis;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeField {
    Email,
    Phone,
    Name,
    PasswordReset,
    /// A new password chosen in /settings from an unlinked chat; the value is its hash.
    Password,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeStatus {
    Pending,
    Approved,
    Denied,
    Expired,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChangeRequest {
    pub id: String,
    pub account_id: String,
    pub field: ChangeField,
    /// The new value, parsed and normalised (E.164, lower-case e-mail); none for a reset.
    pub value: Option<String>,
    /// The new value as shown in chats: e-mail and phone masked.
    pub display: String,
    /// Who asked: "cli", "api", or "telegram chat N".
    pub requested_by: String,
    pub reason: Option<String>,
    pub created_at: Millis,
    pub expires_at: Millis,
    pub status: ChangeStatus,
    pub decided_at: Option<Millis>,
    pub decided_by_chat: Option<i64>,
    /// Every copy of the request in a chat: (chat id, message id).
    #[serde(default)]
    pub messages: Vec<(i64, i32)>,
    /// True once it was sent to the account's linked chats.
    #[serde(default)]
    pub pushed: bool,
}

//! A Bot API error answer, as every method may give it.

use serde_json::{json, Value};

/// A Bot API error answer.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub code: u16,
    pub description: String,
}

impl ApiError {
    /// 400 "Bad Request: {what}".
    pub fn bad(what: impl std::fmt::Display) -> ApiError {
        ApiError {
            code: 400,
            description: format!("Bad Request: {what}"),
        }
    }
}

pub(crate) type ApiResult = Result<Value, ApiError>;

impl ApiError {
    pub fn into_value(self) -> Value {
        json!({ "ok": false, "error_code": self.code, "description": self.description })
    }
}

//! Repeating a Bot API call that failed transiently: which failures, how long to wait,
//! when to give up. Logs name the method and the error, never a message's text.
//!
//! Whether to repeat is decided on Telegram's answer as it came; only then is the answer
//! stripped for the logs. An answer that says `"ok": true` but whose result we cannot
//! read (`"result": null` where a message was expected, say) is a success: the call is
//! never repeated, or a user would get the same message again and again. Where the
//! result is only Telegram's `true` (deleting, answering a button press, ...) the call
//! returns it; where it is a message, the caller gets an error that
//! [`unreadable_success`] recognises.

use std::sync::Arc;
use std::time::Duration;

use super::limits::SendLimits;

use serde::de::DeserializeOwned;
use teloxide::requests::{Output, Payload, Request};
use teloxide::types::Recipient;
use teloxide::{ApiError, RequestError};

/// Sends `request` until it succeeds, fails for good, or `retry_for` has passed. With a
/// `turn`, each attempt first waits for the chat's turn under the send limits (that wait
/// is not a failure and does not count against `retry_for`) and holds it until its
/// answer came.
pub(super) async fn send_with_retries<R>(
    request: R,
    retry_for: Duration,
    turn: Option<(SendLimits, Recipient)>,
) -> Result<Output<R>, RequestError>
where
    R: Request<Err = RequestError>,
    Output<R>: DeserializeOwned,
{
    let method = <R::Payload as Payload>::NAME;
    let started = tokio::time::Instant::now();
    let mut deadline = started + retry_for;
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        let mut held = None;
        if let Some((limits, chat)) = &turn {
            let asked = tokio::time::Instant::now();
            held = Some(limits.wait_turn(chat).await);
            deadline += asked.elapsed();
        }
        let answer = tokio::time::timeout_at(deadline, request.send_ref()).await;
        // The chat's next message keeps its distance from now, when this one is done.
        drop(held);
        let error = match answer {
            Ok(Ok(output)) => {
                if attempt > 1 {
                    tracing::info!(method, attempt, "Telegram call went through after retries");
                }
                return Ok(output);
            }
            Ok(Err(error)) if unreadable_success(&error) => {
                tracing::warn!(
                    method,
                    attempt,
                    "Telegram took the call but its answer could not be read; not repeated"
                );
                // A result that is only `true` is all there was to read.
                return serde_json::from_value(serde_json::Value::Bool(true))
                    .map_err(|_| sanitized(error));
            }
            Ok(Err(error)) => error,
            Err(_) => {
                let error = timed_out();
                give_up(method, attempt, started, &error);
                return Err(error);
            }
        };
        let delay = retry_delay(&error, attempt);
        let error = sanitized(error);
        let Some(delay) = delay else {
            return Err(error);
        };
        if tokio::time::Instant::now() + delay >= deadline {
            give_up(method, attempt, started, &error);
            return Err(error);
        }
        tracing::warn!(method, attempt, ?delay, %error, "Telegram call failed, retrying");
        tokio::time::sleep(delay).await;
    }
}

fn give_up(method: &str, attempts: u32, started: tokio::time::Instant, error: &RequestError) {
    tracing::error!(
        method,
        attempts,
        waited_ms = started.elapsed().as_millis() as u64,
        %error,
        "gave up on a Telegram call"
    );
}

/// How long to wait before repeating a call that failed with `error`; `None` when
/// repeating cannot help (the request itself is wrong, the chat is gone, ...).
pub fn retry_delay(error: &RequestError, attempt: u32) -> Option<Duration> {
    match error {
        RequestError::RetryAfter(after) => Some(after.duration().max(Duration::from_millis(50))),
        RequestError::Network(_) | RequestError::Io(_) => Some(backoff(attempt)),
        // A proxy's HTML error page; a successful answer we cannot parse is not repeated.
        RequestError::InvalidJson { .. } if unreadable_success(error) => None,
        RequestError::InvalidJson { .. } => Some(backoff(attempt)),
        RequestError::Api(ApiError::Unknown(description)) if server_side(description) => {
            Some(backoff(attempt))
        }
        _ => None,
    }
}

/// 250 ms, 500 ms, 1 s, ... up to 8 s.
fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(250u64 << attempt.saturating_sub(1).min(5))
}

/// Telegram's descriptions of its own failures (its 5xx answers and a 429 without
/// `retry_after`).
fn server_side(description: &str) -> bool {
    const TRANSIENT: &[&str] = &[
        "Internal Server Error",
        "Bad Gateway",
        "Service Unavailable",
        "Gateway Timeout",
        "Too Many Requests",
    ];
    TRANSIENT.iter().any(|t| description.contains(t))
}

/// True when Telegram answered `"ok": true` and only its result could not be read: the
/// call was done (also after [`sanitized`], which keeps that much of the answer).
pub fn unreadable_success(error: &RequestError) -> bool {
    let RequestError::InvalidJson { raw, .. } = error else {
        return false;
    };
    let answer = serde_json::from_str::<serde_json::Value>(raw);
    answer.is_ok_and(|a| a.get("ok") == Some(&serde_json::Value::Bool(true)))
}

/// The error without a raw answer, which may echo the text of a message back; of a
/// successful answer only `{"ok":true}` is kept.
fn sanitized(error: RequestError) -> RequestError {
    let success = unreadable_success(&error);
    match error {
        RequestError::InvalidJson { source, .. } => {
            let kept = if success {
                r#"{"ok":true}"#
            } else {
                "(omitted)"
            };
            RequestError::InvalidJson {
                source,
                raw: kept.into(),
            }
        }
        other => other,
    }
}

fn timed_out() -> RequestError {
    RequestError::Io(Arc::new(std::io::Error::new(
        std::io::ErrorKind::TimedOut,
        "no success from the Bot API within [telegram] retry_for_secs",
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use teloxide::types::Seconds;

    #[test]
    fn transient_failures_are_retried_and_bad_requests_are_not() {
        let after = RequestError::RetryAfter(Seconds::from_seconds(3));
        assert_eq!(retry_delay(&after, 1), Some(Duration::from_secs(3)));
        let internal = RequestError::Api(ApiError::Unknown("Internal Server Error".into()));
        assert_eq!(retry_delay(&internal, 1), Some(Duration::from_millis(250)));
        assert_eq!(retry_delay(&internal, 3), Some(Duration::from_secs(1)));
        assert_eq!(retry_delay(&internal, 30), Some(Duration::from_secs(8)));
        let html = RequestError::InvalidJson {
            source: Arc::new(serde_json::from_str::<u8>("<").unwrap_err()),
            raw: "<html>502 Bad Gateway</html>".into(),
        };
        assert!(retry_delay(&html, 1).is_some());
        let unparsed_success = RequestError::InvalidJson {
            source: Arc::new(serde_json::from_str::<u8>("{").unwrap_err()),
            raw: "{\"ok\":true,\"result\":{}}".into(),
        };
        assert_eq!(retry_delay(&unparsed_success, 1), None);
        assert_eq!(
            retry_delay(&RequestError::Api(ApiError::MessageToDeleteNotFound), 1),
            None
        );
        assert_eq!(
            retry_delay(&RequestError::Api(ApiError::BotBlocked), 1),
            None
        );
    }

    #[test]
    fn an_unreadable_success_is_recognised_before_and_after_stripping() {
        let answer = |raw: &str| RequestError::InvalidJson {
            source: Arc::new(serde_json::from_str::<u8>("{").unwrap_err()),
            raw: raw.into(),
        };
        for raw in [
            r#"{"ok":true,"result":null}"#,
            r#"{ "ok" : true, "result" : {"unexpected": 1} }"#,
        ] {
            assert!(unreadable_success(&answer(raw)), "{raw}");
            let stripped = sanitized(answer(raw));
            assert!(unreadable_success(&stripped), "{raw}");
            assert_eq!(retry_delay(&stripped, 1), None, "{raw}");
        }
        for raw in ["<html>502 Bad Gateway</html>", r#"{"ok":false}"#, ""] {
            assert!(!unreadable_success(&answer(raw)), "{raw}");
            assert!(retry_delay(&sanitized(answer(raw)), 1).is_some(), "{raw}");
        }
    }

    #[test]
    fn a_raw_answer_never_reaches_the_logs() {
        let error = sanitized(RequestError::InvalidJson {
            source: Arc::new(serde_json::from_str::<u8>("{").unwrap_err()),
            raw: "{\"ok\":true,\"result\":{\"text\":\"a secret\"}}".into(),
        });
        assert!(!error.to_string().contains("secret"));
    }
}

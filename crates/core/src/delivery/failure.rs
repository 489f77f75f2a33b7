//! Why a delivery attempt failed, and whether another attempt can help.
//!
//! | failure                                         | kind      | audited reason      |
//! |-------------------------------------------------|-----------|---------------------|
//! | an address lettre cannot build a message to     | permanent | `invalid_address`   |
//! | an SMTP reply 5xx (the recipient refused, say)  | permanent | `smtp_rejected`     |
//! | an SMS gateway answer 4xx, except 408 and 429   | permanent | `gateway_rejected`  |
//! | an SMTP reply 4xx, a refused or broken connection, a timeout, TLS | transient | |
//! | an SMS gateway answer 5xx, 408, 429, or no answer | transient |                   |
//! | the outbox folder cannot be written             | transient |                     |
//!
//! A permanent failure is given up at once (`delivery_failed` with its reason) and says
//! nothing about the channel's health; only transient failures are retried and turn on
//! the "deliveries are delayed" notice. A message whose transient failures reach
//! `max_attempts` is given up with the reason `attempts_exhausted`.

/// A failed attempt; the error is for the log (it never holds the message's text).
#[derive(Debug)]
pub enum Failure {
    /// Trying later may work: the server is down, slow, or asked us to wait.
    Transient(anyhow::Error),
    /// This message can never be delivered as it is.
    Permanent {
        reason: &'static str,
        error: anyhow::Error,
    },
}

impl Failure {
    pub fn permanent(reason: &'static str, error: impl Into<anyhow::Error>) -> Failure {
        Failure::Permanent {
            reason,
            error: error.into(),
        }
    }

    pub fn transient(error: impl Into<anyhow::Error>) -> Failure {
        Failure::Transient(error.into())
    }
}

/// An SMS gateway's HTTP status: 2xx is success (None); 4xx other than 408 (request
/// timeout) and 429 (too many requests) means the gateway will never take this request.
pub fn gateway_status(status: reqwest::StatusCode) -> Option<Failure> {
    if status.is_success() {
        return None;
    }
    let error = anyhow::anyhow!("SMS gateway answered {status}");
    let retry_later = matches!(status.as_u16(), 408 | 429);
    Some(if status.is_client_error() && !retry_later {
        Failure::permanent("gateway_rejected", error)
    } else {
        Failure::Transient(error)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::StatusCode;

    fn kind(code: u16) -> &'static str {
        match gateway_status(StatusCode::from_u16(code).expect("status")) {
            None => "ok",
            Some(Failure::Transient(_)) => "transient",
            Some(Failure::Permanent { .. }) => "permanent",
        }
    }

    #[test]
    fn gateway_answers_are_sorted_by_whether_a_retry_can_help() {
        assert_eq!(kind(200), "ok");
        assert_eq!(kind(202), "ok");
        for code in [400, 401, 403, 404, 422] {
            assert_eq!(kind(code), "permanent", "{code}");
        }
        for code in [408, 429, 500, 502, 503, 504, 302] {
            assert_eq!(kind(code), "transient", "{code}");
        }
    }
}

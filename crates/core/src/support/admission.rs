//! Whether a user's message may go on, decided before anything looks at what it says.
//!
//! ```text
//!   message ──seen before──────────────────────────────► Duplicate (nothing happens)
//!      │ ────ticket closed─────────────────────────────► Closed (the caller opens a new one)
//!      │ ────`unanswered_messages` already unanswered──► RateLimited (not looked at)
//!      └─────────────────────────────────────────────── ► Admitted: then the secret check,
//!                                                          then recorded (a refused one
//!                                                          as `Body::Withheld`)
//! ```
//! While nobody has answered (since the opening or the latest agent answer) a user may send
//! at most `support.unanswered_messages` messages per `support.unanswered_window`; a
//! message refused as a secret counts like any other, so the secret check (an argon2
//! verification in a linked chat) runs at most that often. Before a ticket exists, refused
//! descriptions count the same way ([`description_admitted`]).

use super::ticket::{Body, Entry, Ticket};
use crate::clock::{millis, Millis};
use crate::config::Support;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserOutcome {
    /// It may go on (and, from [`Ticket::user_message`], it was recorded).
    Admitted,
    Duplicate,
    RateLimited,
    Closed,
}

impl Ticket {
    /// The decision for a user's message `source`, without recording it.
    pub fn admit(&self, source: (i64, i32), now: Millis, rules: &Support) -> UserOutcome {
        if self.seen(source) {
            return UserOutcome::Duplicate;
        }
        if !self.is_active() {
            return UserOutcome::Closed;
        }
        let last_answer = self
            .history
            .iter()
            .filter(|e| e.agent.is_some())
            .map(|e| e.at)
            .max()
            .unwrap_or(Millis::MIN);
        let window_start = now - millis(rules.unanswered_window);
        let unanswered = self
            .history
            .iter()
            .filter(|e| e.agent.is_none() && e.at > last_answer && e.at > window_start)
            .count();
        if unanswered >= rules.unanswered_messages as usize {
            return UserOutcome::RateLimited;
        }
        UserOutcome::Admitted
    }

    /// Records a user's message (or, for a refused one, `Body::Withheld`) if it is still
    /// admitted: the decision is taken again, atomically with the write.
    pub fn user_message(
        &mut self,
        body: Body,
        source: (i64, i32),
        now: Millis,
        rules: &Support,
    ) -> UserOutcome {
        let outcome = self.admit(source, now, rules);
        if outcome == UserOutcome::Admitted {
            self.push(Entry {
                at: now,
                agent: None,
                body,
                source,
            });
        }
        outcome
    }
}

/// May a chat without a ticket have its description looked at, given when its earlier
/// descriptions were refused? The same limit as for unanswered messages.
pub fn description_admitted(refused: &[Millis], now: Millis, rules: &Support) -> bool {
    let window_start = now - millis(rules.unanswered_window);
    refused.iter().filter(|at| **at > window_start).count() < rules.unanswered_messages as usize
}

#[cfg(test)]
mod tests {
    use super::super::ticket::AgentOutcome;
    use super::*;
    use crate::clock::secs;
    use crate::records::ticket::tests::{sam, ticket};

    fn text(s: &str) -> Body {
        Body::Text(s.into())
    }

    #[test]
    fn five_unanswered_messages_per_window_then_an_answer_resets_the_count() {
        let rules = Support::default();
        let mut t = ticket();
        for i in 0..5 {
            assert_eq!(
                t.user_message(text("hi"), (1001, i), secs(i as u64), &rules),
                UserOutcome::Admitted
            );
        }
        assert_eq!(
            t.admit((1001, 9), secs(10), &rules),
            UserOutcome::RateLimited
        );
        assert_eq!(
            t.user_message(text("hi"), (1001, 9), secs(10), &rules),
            UserOutcome::RateLimited
        );
        // the window slides
        assert_eq!(
            t.user_message(text("hi"), (1001, 10), secs(300), &rules),
            UserOutcome::Admitted
        );
        assert_eq!(
            t.agent_message(&sam(), text("hello"), (-100, 1), secs(301)),
            AgentOutcome::Relay { taken_now: true }
        );
        assert_eq!(
            t.user_message(text("thanks"), (1001, 11), secs(302), &rules),
            UserOutcome::Admitted
        );
    }

    #[test]
    fn refused_secrets_count_toward_the_limit_and_are_kept_without_their_text() {
        let rules = Support::default();
        let mut t = ticket();
        for i in 0..5 {
            assert_eq!(
                t.admit((1001, i), secs(i as u64), &rules),
                UserOutcome::Admitted
            );
            t.user_message(Body::Withheld, (1001, i), secs(i as u64), &rules);
        }
        assert_eq!(
            t.admit((1001, 5), secs(6), &rules),
            UserOutcome::RateLimited
        );
        assert!(t.history.iter().all(|e| e.body == Body::Withheld));
        // A redelivered refused message is a duplicate: not looked at again.
        assert_eq!(t.admit((1001, 2), secs(7), &rules), UserOutcome::Duplicate);
        assert_eq!(t.description(), None);
    }

    #[test]
    fn refused_descriptions_are_limited_per_window() {
        let rules = Support::default();
        let refused: Vec<Millis> = (0..5).map(secs).collect();
        assert!(description_admitted(&refused[..4], secs(10), &rules));
        assert!(!description_admitted(&refused, secs(10), &rules));
        assert!(description_admitted(&refused, secs(301), &rules));
    }

    #[test]
    fn a_redelivered_message_is_not_relayed_twice() {
        let rules = Support::default();
        let mut t = ticket();
        assert_eq!(
            t.user_message(text("a"), (1001, 3), 0, &rules),
            UserOutcome::Admitted
        );
        assert_eq!(
            t.user_message(text("a"), (1001, 3), 1, &rules),
            UserOutcome::Duplicate
        );
        assert_eq!(
            t.agent_message(&sam(), text("b"), (-100, 4), 2),
            AgentOutcome::Relay { taken_now: true }
        );
        assert_eq!(
            t.agent_message(&sam(), text("b"), (-100, 4), 3),
            AgentOutcome::Duplicate
        );
        assert_eq!(t.history.len(), 2);
    }

    #[test]
    fn nothing_is_relayed_after_the_close() {
        let rules = Support::default();
        let mut t = ticket();
        t.close(&sam(), None, 1);
        assert_eq!(t.admit((1001, 3), 2, &rules), UserOutcome::Closed);
        assert_eq!(
            t.user_message(text("a"), (1001, 3), 2, &rules),
            UserOutcome::Closed
        );
        assert_eq!(
            t.agent_message(&sam(), text("b"), (-100, 4), 3),
            AgentOutcome::Closed
        );
    }
}

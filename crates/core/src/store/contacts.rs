//! How many distinct new contacts (e-mail addresses, phone numbers) got a /settings code
//! in the last hour, per subject (`account:<id>` and `chat:<id>`): the limit against SMS
//! pumping and mail bombing from a signed-in session (`[codes] new_contacts_per_hour`).
//!
//! ```text
//!   a contact already in the last hour's list ─────────────► Admitted (not counted again)
//!   a new contact, fewer than N in the last hour ──────────► Admitted, listed
//!   a new contact, N in the last hour ─────────────────────► Limited until the oldest is an hour old
//! ```
//! Contacts are listed as keyed digests, never in the clear.

use super::{get_json, update_json, Store, StoreError};
use crate::clock::Millis;
use serde::{Deserialize, Serialize};

const HOUR: Millis = 3_600_000;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ContactWindow {
    /// (when the first code went to it, the contact's keyed digest), the last hour's.
    pub sent: Vec<(Millis, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admission {
    Admitted,
    Limited { retry_in_secs: u64 },
}

/// The pure transition: the window after asking for `contact` at `now`, and the answer.
pub fn admit(
    current: Option<ContactWindow>,
    contact: &str,
    now: Millis,
    limit: u32,
) -> (ContactWindow, Admission) {
    let mut window = current.unwrap_or_default();
    window.sent.retain(|(at, _)| now - at < HOUR);
    if window.sent.iter().any(|(_, c)| c == contact) {
        return (window, Admission::Admitted);
    }
    if window.sent.len() as u32 >= limit {
        let oldest = window.sent.iter().map(|(at, _)| *at).min().unwrap_or(now);
        let wait = (oldest + HOUR - now).max(1) as u64;
        let retry_in_secs = wait.div_ceil(1000);
        return (window, Admission::Limited { retry_in_secs });
    }
    window.sent.push((now, contact.to_string()));
    (window, Admission::Admitted)
}

impl Store {
    /// Admits `contact` for every subject, or for none: the stricter answer wins. Checked
    /// for all first, then recorded one after the other (each a compare-and-swap).
    pub fn admit_new_contact(
        &self,
        subjects: &[String],
        contact: &str,
        now: Millis,
        limit: u32,
    ) -> Result<Admission, StoreError> {
        let mut longest = None;
        for subject in subjects {
            let current = get_json(&self.new_contacts, subject.as_bytes())?;
            if let (_, Admission::Limited { retry_in_secs }) = admit(current, contact, now, limit) {
                longest = Some(longest.unwrap_or(0).max(retry_in_secs));
            }
        }
        if let Some(retry_in_secs) = longest {
            return Ok(Admission::Limited { retry_in_secs });
        }
        for subject in subjects {
            let outcome = update_json(&self.new_contacts, subject.as_bytes(), |current| {
                let (next, outcome) = admit(current, contact, now, limit);
                (Some(next), outcome)
            })?;
            // Another chat of the account took the last place in between.
            if outcome != Admission::Admitted {
                return Ok(outcome);
            }
        }
        Ok(Admission::Admitted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_distinct_contacts_an_hour_repeats_free() {
        let mut window = None;
        let mut ask = |contact: &str, at: Millis| {
            let (next, outcome) = admit(window.take(), contact, at, 2);
            window = Some(next);
            outcome
        };
        assert_eq!(ask("a", 0), Admission::Admitted);
        assert_eq!(ask("b", 60_000), Admission::Admitted);
        assert_eq!(ask("a", 120_000), Admission::Admitted, "a repeat is free");
        assert_eq!(
            ask("c", 120_000),
            Admission::Limited {
                retry_in_secs: 3600 - 120
            }
        );
        assert_eq!(ask("c", HOUR), Admission::Admitted, "a left the window");
        assert_eq!(ask("d", HOUR), Admission::Limited { retry_in_secs: 60 });
    }

    #[test]
    fn every_subject_must_admit_and_a_refusal_records_nothing() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("store"), 8).expect("store");
        let account = |id: &str| format!("account:{id}");
        let chat = "chat:7".to_string();
        let both = |id: &str| vec![account(id), chat.clone()];
        let admitted = Admission::Admitted;
        assert_eq!(
            store.admit_new_contact(&both("a"), "x", 0, 2).unwrap(),
            admitted
        );
        assert_eq!(
            store.admit_new_contact(&both("a"), "y", 0, 2).unwrap(),
            admitted
        );
        // Account b is fresh, but the chat has had its two.
        let limited = store.admit_new_contact(&both("b"), "z", 0, 2).unwrap();
        assert!(matches!(limited, Admission::Limited { .. }));
        // Another chat for account b: z was not recorded for b by the refusal.
        let other = vec![account("b"), "chat:8".to_string()];
        assert_eq!(
            store.admit_new_contact(&other, "z", 0, 2).unwrap(),
            admitted
        );
    }
}

//! The inbound limit: a token bucket per user (`[telegram] updates_burst`,
//! `updates_per_min`). An update that finds its user's bucket empty is dropped by
//! [`super::dispatch`] without waiting. A flooding episode starts with the first drop and
//! ends once the user's bucket is full again (the user was quiet long enough); the first
//! drop of an episode is the one that is audited and answered with a notice.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The limit, from the config.
#[derive(Clone, Copy, Debug)]
pub struct InboundRules {
    pub burst: u32,
    pub per_min: u32,
}

/// What became of an update.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admission {
    Admitted,
    /// Dropped; `first` for the first drop of the user's flooding episode.
    Dropped {
        first: bool,
    },
}

pub struct Inbound {
    rules: InboundRules,
    users: Mutex<HashMap<u64, Bucket>>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
    flooding: bool,
}

impl Inbound {
    pub fn new(rules: InboundRules) -> Inbound {
        Inbound {
            rules,
            users: Mutex::default(),
        }
    }

    /// Takes a token of `user`'s, or says the update is to be dropped.
    pub fn admit(&self, user: u64, now: Instant) -> Admission {
        let mut users = self.lock();
        self.clean_up(&mut users, now);
        let bucket = self.refilled(&mut users, user, now);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Admission::Admitted;
        }
        let first = !bucket.flooding;
        bucket.flooding = true;
        Admission::Dropped { first }
    }

    /// An update of `user`'s dropped for another reason (its chat's queue was full):
    /// `true` when that starts a flooding episode.
    pub fn overflowed(&self, user: u64, now: Instant) -> bool {
        let mut users = self.lock();
        let bucket = self.refilled(&mut users, user, now);
        !std::mem::replace(&mut bucket.flooding, true)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Bucket>> {
        // A few numbers per user, valid after any panic.
        self.users.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn burst(&self) -> f64 {
        f64::from(self.rules.burst.max(1))
    }

    fn refilled<'a>(
        &self,
        users: &'a mut HashMap<u64, Bucket>,
        user: u64,
        now: Instant,
    ) -> &'a mut Bucket {
        let burst = self.burst();
        let per_sec = f64::from(self.rules.per_min.max(1)) / 60.0;
        let bucket = users.entry(user).or_insert(Bucket {
            tokens: burst,
            at: now,
            flooding: false,
        });
        let gained = now.saturating_duration_since(bucket.at).as_secs_f64() * per_sec;
        bucket.tokens = (bucket.tokens + gained).min(burst);
        bucket.at = now;
        if bucket.tokens >= burst {
            bucket.flooding = false;
        }
        bucket
    }

    /// Forgets users whose bucket is full again, once there are many.
    fn clean_up(&self, users: &mut HashMap<u64, Bucket>, now: Instant) {
        if users.len() < 4096 {
            return;
        }
        let full_after =
            Duration::from_secs_f64(self.burst() * 60.0 / f64::from(self.rules.per_min.max(1)));
        users.retain(|_, b| now.saturating_duration_since(b.at) < full_after);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_the_rate_and_one_first_drop_per_episode() {
        let inbound = Inbound::new(InboundRules {
            burst: 3,
            per_min: 60,
        });
        let now = Instant::now();
        let got: Vec<Admission> = (0..5).map(|_| inbound.admit(1, now)).collect();
        use Admission::*;
        assert_eq!(
            got,
            [
                Admitted,
                Admitted,
                Admitted,
                Dropped { first: true },
                Dropped { first: false }
            ]
        );
        // Another user has a bucket of their own.
        assert_eq!(inbound.admit(2, now), Admitted);
        // A second later one more; the episode goes on until the bucket is full.
        let later = now + Duration::from_secs(1);
        assert_eq!(inbound.admit(1, later), Admitted);
        assert_eq!(inbound.admit(1, later), Dropped { first: false });
        assert!(!inbound.overflowed(1, later));
        let quiet = later + Duration::from_secs(10);
        assert_eq!(inbound.admit(1, quiet), Admitted);
        assert!(inbound.overflowed(1, quiet));
    }
}

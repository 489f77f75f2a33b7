//! The hourly SMS budget of the whole bot (`[delivery.sms] max_per_hour`): at most that
//! many SMS are handed to the queue in any 60 minutes, counted in one-minute buckets by
//! the bot's clock. Past it an SMS is dropped unsent (audited without content, counted in
//! `sms_budget_exhausted_total`), and one log line says the budget is spent; another says
//! when it has room again. Users are not told: their reply stays the one they would get
//! anyway, the same for known and unknown accounts (the budget only ever moves for known
//! ones, so showing it would tell them apart). The count lives in memory: a restart
//! starts a fresh hour.

use crate::clock::Millis;
use std::collections::VecDeque;
use std::sync::Mutex;

const MINUTE: Millis = 60_000;
const WINDOW_MINUTES: i64 = 60;

/// The outcome of asking the budget for one SMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Take {
    /// Counted; send it. `recovered` when the budget had been spent before this.
    Granted { recovered: bool },
    /// The last hour's budget is spent; `first` when this is the first SMS refused since
    /// the budget last had room (the one to log).
    Refused { first: bool },
}

pub struct SmsBudget {
    limit: u32,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// (minute since the epoch, SMS counted in it), oldest first, the last 60 minutes.
    minutes: VecDeque<(i64, u32)>,
    spent: bool,
}

impl SmsBudget {
    pub fn new(limit: u32) -> SmsBudget {
        SmsBudget {
            limit,
            state: Mutex::new(State::default()),
        }
    }

    /// Counts one SMS at `now` if the last 60 minutes leave room for it.
    pub fn take(&self, now: Millis) -> Take {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let minute = now.div_euclid(MINUTE);
        while state
            .minutes
            .front()
            .is_some_and(|(m, _)| *m <= minute - WINDOW_MINUTES)
        {
            state.minutes.pop_front();
        }
        let used: u32 = state.minutes.iter().map(|(_, n)| *n).sum();
        if used >= self.limit {
            let first = !state.spent;
            state.spent = true;
            return Take::Refused { first };
        }
        match state.minutes.back_mut() {
            Some((m, n)) if *m == minute => *n += 1,
            _ => state.minutes.push_back((minute, 1)),
        }
        let recovered = state.spent;
        state.spent = false;
        Take::Granted { recovered }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_the_limit_in_any_hour_then_room_again() {
        let budget = SmsBudget::new(3);
        let at = |minutes: i64| minutes * MINUTE + 5_000;
        let granted = Take::Granted { recovered: false };
        assert_eq!(budget.take(at(0)), granted);
        assert_eq!(budget.take(at(10)), granted);
        assert_eq!(budget.take(at(10)), granted);
        assert_eq!(budget.take(at(20)), Take::Refused { first: true });
        assert_eq!(budget.take(at(59)), Take::Refused { first: false });
        // The SMS of minute 0 leaves the window at minute 60: room for one.
        assert_eq!(budget.take(at(60)), Take::Granted { recovered: true });
        assert_eq!(budget.take(at(61)), Take::Refused { first: true });
        // Minute 10's two leave at minute 70.
        assert_eq!(budget.take(at(70)), Take::Granted { recovered: true });
        assert_eq!(budget.take(at(70)), granted);
        assert_eq!(budget.take(at(70)), Take::Refused { first: true });
    }
}

//! Durations in `bot.toml`. A key names its unit and holds a whole number of it
//! (`ttl_secs = 600`, `lock_hours = 24`); the sections hold a [`Duration`], so nothing
//! that uses a setting converts it again. Each field says which unit its key counts in:
//!
//! ```ignore
//! #[serde(rename = "ttl_secs", with = "duration::secs")]
//! pub ttl: Duration,
//! ```
//!
//! Written back (the defaults, in a test) a duration is the same whole number again; one
//! that is not a whole number of its unit is an error rather than rounded.

use serde::de::{Deserialize, Deserializer, Error as _, Unexpected};
use serde::ser::{Error as _, Serializer};
use std::time::Duration;

/// `n` units; None when that is longer than a [`Duration`] can be.
fn times(unit: Duration, n: u64) -> Option<Duration> {
    let nanos = unit.as_nanos().checked_mul(u128::from(n))?;
    let secs = u64::try_from(nanos / 1_000_000_000).ok()?;
    let rest = u32::try_from(nanos % 1_000_000_000).ok()?;
    Some(Duration::new(secs, rest))
}

/// How many units `value` is; None when it is not a whole number of them.
fn count(unit: Duration, value: Duration) -> Option<u64> {
    let (nanos, per) = (value.as_nanos(), unit.as_nanos());
    if nanos % per != 0 {
        return None;
    }
    u64::try_from(nanos / per).ok()
}

fn read<'de, D: Deserializer<'de>>(
    n: u64,
    unit: Duration,
    name: &str,
) -> Result<Duration, D::Error> {
    times(unit, n).ok_or_else(|| {
        D::Error::invalid_value(
            Unexpected::Unsigned(n),
            &format!("a number of {name} that fits in a duration").as_str(),
        )
    })
}

fn write<S: Serializer>(value: &Duration, unit: Duration, name: &str) -> Result<u64, S::Error> {
    count(unit, *value)
        .ok_or_else(|| S::Error::custom(format!("{value:?} is not a whole number of {name}")))
}

/// A `deserialize_with`/`serialize_with` pair (a module for `#[serde(with = …)]`) per unit.
macro_rules! units {
    ($($(#[$doc:meta])* $module:ident: $unit:expr, $name:literal;)*) => {$(
        $(#[$doc])*
        pub mod $module {
            use super::*;

            pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
                read::<D>(u64::deserialize(d)?, $unit, $name)
            }

            pub fn serialize<S: Serializer>(value: &Duration, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u64(write::<S>(value, $unit, $name)?)
            }
        }
    )*};
}

units! {
    /// A key in milliseconds (`*_ms`).
    millis: Duration::from_millis(1), "milliseconds";
    /// A key in seconds (`*_secs`).
    secs: Duration::from_secs(1), "seconds";
    /// A key in hours (`*_hours`).
    hours: Duration::from_hours(1), "hours";
    /// A key in days (`*_days`).
    days: Duration::from_hours(24), "days";
}

/// A key holding a list of seconds (`signin_delays_secs = [1, 3, 5, 10]`).
pub mod secs_list {
    use super::*;
    use serde::ser::SerializeSeq;

    const SECOND: Duration = Duration::from_secs(1);

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Duration>, D::Error> {
        Vec::<u64>::deserialize(d)?
            .into_iter()
            .map(|n| read::<D>(n, SECOND, "seconds"))
            .collect()
    }

    pub fn serialize<S: Serializer>(values: &[Duration], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(values.len()))?;
        for value in values {
            seq.serialize_element(&write::<S>(value, SECOND, "seconds")?)?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use std::time::Duration;

    #[derive(Debug, Deserialize, Serialize)]
    struct Keys {
        #[serde(rename = "wait_ms", with = "super::millis")]
        wait: Duration,
        #[serde(rename = "lock_hours", with = "super::hours")]
        lock: Duration,
        #[serde(rename = "keep_days", with = "super::days")]
        keep: Duration,
        #[serde(rename = "delays_secs", with = "super::secs_list")]
        delays: Vec<Duration>,
    }

    const TEXT: &str = "wait_ms = 1500\nlock_hours = 24\nkeep_days = 30\ndelays_secs = [1, 3]\n";

    #[test]
    fn a_key_reads_in_its_unit_and_writes_back_the_same_number() {
        let keys: Keys = toml::from_str(TEXT).expect("valid");
        assert_eq!(keys.wait, Duration::from_millis(1500));
        assert_eq!(keys.lock, Duration::from_hours(24));
        assert_eq!(keys.keep, Duration::from_hours(30 * 24));
        assert_eq!(keys.delays, [1, 3].map(Duration::from_secs));
        assert_eq!(toml::to_string(&keys).expect("serializes"), TEXT);
    }

    #[test]
    fn negative_too_long_and_fractional_durations_are_errors() {
        let negative = toml::from_str::<Keys>(&TEXT.replace("1500", "-1")).unwrap_err();
        assert!(negative.to_string().contains("wait_ms"), "{negative}");
        let huge = TEXT.replace("24", &i64::MAX.to_string());
        let too_long = toml::from_str::<Keys>(&huge).unwrap_err();
        assert!(too_long.to_string().contains("hours"), "{too_long}");
        let mut keys: Keys = toml::from_str(TEXT).expect("valid");
        keys.lock = Duration::from_mins(90);
        let error = toml::to_string(&keys).unwrap_err();
        assert!(
            error.to_string().contains("whole number of hours"),
            "{error}"
        );
    }
}

//! Settings written as text in `bot.toml` that the bot uses typed: listen addresses, URLs,
//! mailboxes. Each is parsed once, when the file is read.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A setting written as a string and parsed into `T` when the file is read. A value that
/// does not parse is kept as written instead of stopping the read: `validate` then reports
/// it with its key, together with every other problem of the file (serde would stop at the
/// first). Past a successful [`Config::parse`](super::Config::parse) every setting the
/// configuration uses holds its value.
#[derive(Clone)]
pub struct Parsed<T> {
    text: String,
    value: Option<T>,
}

impl<T: FromStr> Parsed<T> {
    pub fn new(text: impl Into<String>) -> Parsed<T> {
        let text = text.into();
        let value = text.parse().ok();
        Parsed { text, value }
    }
}

impl<T> Parsed<T> {
    /// The setting as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Nothing written (for the settings where empty means off or unset).
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The value; an error naming `key` when the text is not `what` ("a URL").
    pub fn require(&self, key: &str, what: &str) -> anyhow::Result<&T> {
        self.value
            .as_ref()
            .ok_or_else(|| anyhow::anyhow!("{key} {:?} is not {what}", self.text))
    }
}

impl<T: FromStr> From<&str> for Parsed<T> {
    fn from(text: &str) -> Parsed<T> {
        Parsed::new(text)
    }
}

impl<T: FromStr> From<String> for Parsed<T> {
    fn from(text: String) -> Parsed<T> {
        Parsed::new(text)
    }
}

impl<T> fmt::Display for Parsed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<T> fmt::Debug for Parsed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl<'de, T: FromStr> Deserialize<'de> for Parsed<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Parsed<T>, D::Error> {
        String::deserialize(deserializer).map(Parsed::new)
    }
}

impl<T> Serialize for Parsed<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;

    #[test]
    fn a_bad_value_is_kept_and_named_when_required() {
        let good = Parsed::<SocketAddr>::new("127.0.0.1:8081");
        assert_eq!(
            good.require("api.listen", "an address")
                .ok()
                .map(|a| a.port()),
            Some(8081)
        );
        let bad: Parsed<SocketAddr> = toml::Value::from("somewhere")
            .try_into()
            .expect("any string deserializes");
        assert_eq!(bad.text(), "somewhere");
        let error = bad.require("api.listen", "an address").unwrap_err();
        assert_eq!(
            error.to_string(),
            "api.listen \"somewhere\" is not an address"
        );
    }
}

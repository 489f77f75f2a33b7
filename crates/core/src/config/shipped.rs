//! The shipped `bot.toml` and the sections' `Default` impls say the same, key by key: every
//! key of the one is in the other with the same value (a key commented out in the file is
//! one whose default is unset).

use super::{Config, DEFAULT_TOML};
use std::collections::BTreeMap;

/// Every value of `table` under its dotted key ("delivery.sms.url"); arrays are values.
fn leaves(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, toml::Value>) {
    for (key, value) in table {
        let dotted = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(inner) => leaves(&dotted, inner, out),
            other => {
                out.insert(dotted, other.clone());
            }
        }
    }
}

/// What differs between the shipped file and the defaults, one line per key.
fn differences(shipped: &toml::Table, defaults: &toml::Table) -> Vec<String> {
    let (mut file, mut code) = (BTreeMap::new(), BTreeMap::new());
    leaves("", shipped, &mut file);
    leaves("", defaults, &mut code);
    let mut found = Vec::new();
    for (key, value) in &file {
        match code.get(key) {
            None => found.push(format!("{key} is in bot.toml but has no default")),
            Some(default) if default != value => found.push(format!(
                "{key}: bot.toml says {value}, the default is {default}"
            )),
            Some(_) => {}
        }
    }
    for (key, default) in &code {
        if !file.contains_key(key) {
            found.push(format!(
                "{key} = {default} is a default missing from bot.toml"
            ));
        }
    }
    found
}

fn shipped() -> toml::Table {
    toml::from_str(DEFAULT_TOML).expect("bot.toml is TOML")
}

fn defaults() -> toml::Table {
    toml::Table::try_from(Config::default()).expect("the defaults serialize")
}

#[test]
fn the_shipped_bot_toml_and_the_defaults_agree_key_by_key() {
    let found = differences(&shipped(), &defaults());
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn a_changed_or_missing_default_is_found() {
    let mut file = shipped();
    let codes = file
        .get_mut("codes")
        .and_then(toml::Value::as_table_mut)
        .expect("[codes]");
    codes.insert("ttl_secs".into(), 601.into());
    codes.remove("lock_hours");
    file.insert(
        "log".into(),
        toml::Table::from_iter([
            ("filter".to_string(), "info".into()),
            ("extra".to_string(), true.into()),
        ])
        .into(),
    );
    let found = differences(&file, &defaults());
    assert_eq!(found.len(), 3, "{found:#?}");
    for key in ["codes.ttl_secs", "codes.lock_hours", "log.extra"] {
        assert!(
            found.iter().any(|f| f.starts_with(key)),
            "{key}: {found:#?}"
        );
    }
}

//! The core knows nothing of Telegram: no crate it depends on, directly or through others,
//! is teloxide's, as `Cargo.lock` records the resolved graph.

use std::collections::{BTreeMap, BTreeSet};

#[test]
fn no_telegram_crate_is_in_the_cores_dependency_tree() {
    let lock = concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.lock");
    let text = std::fs::read_to_string(lock).expect("read Cargo.lock");
    let lock: toml::Value = text.parse().expect("parse Cargo.lock");
    let mut deps: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for package in lock["package"].as_array().expect("packages") {
        let name = package["name"].as_str().expect("name").to_string();
        let list = package.get("dependencies").and_then(|d| d.as_array());
        let list = list.into_iter().flatten();
        // An entry is "name" or "name version" when several versions are locked.
        let names = list.filter_map(|d| d.as_str()?.split(' ').next().map(str::to_string));
        deps.entry(name).or_default().extend(names);
    }
    let mut seen = BTreeSet::new();
    let mut todo = vec!["recovery-core".to_string()];
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            todo.extend(deps.get(&name).into_iter().flatten().cloned());
        }
    }
    assert!(seen.len() > 50, "the walk found too few crates: {seen:?}");
    let telegram: Vec<_> = seen.iter().filter(|n| n.contains("teloxide")).collect();
    assert!(telegram.is_empty(), "the core depends on {telegram:?}");
    // And the check itself sees teloxide where it is: in the bot's tree.
    assert!(deps["recovery-bot"].iter().any(|d| d == "teloxide"));
}

//! The code's layout: no module imports a sibling that imports it back, in any crate of
//! the workspace. A path naming another module (`crate::a::b`, `super::c`, `self::d`)
//! counts, outside comments and test code; a parent and its own children may name each
//! other.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// Every non-test `.rs` file under `src`, by its module path.
fn modules(src: &Path) -> BTreeMap<Module, PathBuf> {
    let mut found = BTreeMap::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("source dir") {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if path.is_dir() {
                if name != "tests" {
                    dirs.push(path);
                }
                continue;
            }
            let test_file =
                name == "tests.rs" || name == "testing.rs" || name.ends_with("_tests.rs");
            if !name.ends_with(".rs") || test_file {
                continue;
            }
            let rel = path
                .strip_prefix(src)
                .expect("under src")
                .with_extension("");
            let mut module: Module = rel.iter().map(|p| p.to_string_lossy().into()).collect();
            if matches!(
                module.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                module.pop();
            }
            found.insert(module, path);
        }
    }
    found
}

/// The code of a file without comments and without its inline test module.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("source");
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(at) => &text[..at],
        None => &text[..],
    };
    text.lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths a file names: `crate::…`, `super::…`, `self::…`.
fn named_paths(code: &str, here: &Module) -> Vec<Module> {
    let mut paths = Vec::new();
    let bytes = code.as_bytes();
    for head in ["crate::", "super::", "self::"] {
        for (at, _) in code.match_indices(head) {
            let boundary =
                at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
            if !boundary {
                continue;
            }
            let rest = &code[at + head.len()..];
            // The path's segments, up to the first that does not go on with `::`.
            let mut segments = Vec::new();
            for piece in rest.split("::") {
                let ident: String = (piece.chars())
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let whole = ident.len() == piece.len();
                if !ident.is_empty() {
                    segments.push(ident);
                }
                if !whole || segments.is_empty() {
                    break;
                }
            }
            let mut base: Module = match head {
                "crate::" => Vec::new(),
                "self::" => here.clone(),
                _ => here[..here.len().saturating_sub(1)].to_vec(),
            };
            let mut segments = segments.as_slice();
            while let Some(("super", tail)) = segments.split_first().map(|(h, t)| (h.as_str(), t)) {
                base.pop();
                segments = tail;
            }
            base.extend(segments.iter().cloned());
            paths.push(base);
        }
    }
    paths
}

/// Edges between siblings: the children of the closest common parent that hold each end.
fn sibling_edges(src: &Path) -> BTreeMap<Module, BTreeSet<Module>> {
    let modules = modules(src);
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (here, path) in &modules {
        for named in named_paths(&code(path), here) {
            let Some(target) = (1..=named.len())
                .rev()
                .map(|n| named[..n].to_vec())
                .find(|m| modules.contains_key(m))
            else {
                continue;
            };
            let common = here.iter().zip(&target).take_while(|(a, b)| a == b).count();
            if common >= here.len() || common >= target.len() {
                continue; // a parent and its own child
            }
            edges
                .entry(here[..=common].to_vec())
                .or_default()
                .insert(target[..=common].to_vec());
        }
    }
    edges
}

/// A module that reaches itself through its siblings, if any.
fn cycle(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    for start in edges.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((at, trail)) = stack.pop() {
            for next in edges.get(&at).into_iter().flatten() {
                if next == start {
                    return Some(trail);
                }
                if seen.insert(next.clone()) {
                    let mut longer = trail.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    None
}

#[test]
fn no_module_imports_a_sibling_that_imports_it_back() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = vec![root.join("src")];
    for entry in std::fs::read_dir(root.join("crates")).expect("crates") {
        sources.push(entry.expect("crate").path().join("src"));
    }
    for src in sources {
        if let Some(cycle) = cycle(&sibling_edges(&src)) {
            let names: Vec<String> = cycle.iter().map(|m| m.join("::")).collect();
            panic!("{}: {}", src.display(), names.join(" -> "));
        }
    }
}

/// The check itself finds a cycle when there is one.
#[test]
fn a_cycle_is_found() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("lib.rs"), "mod a;\nmod b;\n").expect("lib");
    std::fs::write(dir.path().join("a.rs"), "use crate::b::Thing;\n").expect("a");
    std::fs::write(dir.path().join("b.rs"), "use super::a::Other;\n").expect("b");
    let found = cycle(&sibling_edges(dir.path())).expect("a cycle");
    assert_eq!(found.len(), 2);
}

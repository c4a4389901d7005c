//! The source's import structure, read from the files as a new maintainer would: no two top-level
//! modules import each other (directly or round a loop), and inside a folder no two files do, except in
//! the desk (`src/tui`), whose screens and dispatcher are still one knot. A circle means a change on
//! one side forces reading the other; the shared part belongs in a third module below both.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, depth first.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without comments and without its unit tests (a test may reach anywhere).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.split("#[cfg(test)]").next().unwrap();
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first name of every path after `prefix::`, braces included: `super::{a, b::{c, d}}` gives a, b.
fn names_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let needle = format!("{prefix}::");
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices(&needle) {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = code[at + needle.len()..].trim_start();
        let Some(group) = rest.strip_prefix('{') else {
            out.insert(ident(rest));
            continue;
        };
        // Only the items at the group's own depth name a module.
        let (mut depth, mut item_start) = (0, true);
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => item_start = true,
                c if item_start && !c.is_whitespace() => {
                    out.insert(ident(&group[i..]));
                    item_start = false;
                }
                _ => {}
            }
        }
    }
    out.remove("");
    out
}

/// One circle of `graph`, if there is any, as the list of its nodes.
fn a_circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut circle = path[at..].to_vec();
            circle.push(node.to_string());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// `src/store/family.rs` is in top-level module `store`; `src/qr.rs` in `qr`.
fn top_module(file: &Path) -> String {
    let rel = file.strip_prefix(src()).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn no_two_top_level_modules_import_each_other() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| top_module(f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let from = top_module(f);
        for to in names_after(&code(f), "crate") {
            if to != from && modules.contains(&to) {
                graph.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    assert_eq!(a_circle(&graph), None, "modules that import each other");
}

#[test]
fn no_two_files_of_a_folder_import_each_other_outside_the_desk() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let dir = f.parent().unwrap();
        if dir == src() || dir.starts_with(src().join("tui")) || f.ends_with("mod.rs") {
            continue;
        }
        let folder = dir
            .strip_prefix(src())
            .unwrap()
            .to_string_lossy()
            .to_string();
        let code = code(f);
        let mut siblings = names_after(&code, "super");
        siblings.extend(names_after(
            &code,
            &format!("crate::{}", folder.replace('/', "::")),
        ));
        let me = f.file_stem().unwrap().to_string_lossy().to_string();
        for s in siblings {
            if s != me && dir.join(format!("{s}.rs")).exists() {
                graph
                    .entry(format!("{folder}/{me}"))
                    .or_default()
                    .insert(format!("{folder}/{s}"));
            }
        }
    }
    assert_eq!(a_circle(&graph), None, "files that import each other");
}

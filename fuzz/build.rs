//! Seeds the fuzz corpora from the conformance corpus, at build time.
//!
//! `cargo fuzz run evaluate` (and `cargo xtask fuzz`, which calls it) reads
//! `corpus/evaluate/`, which is not in git. Every case file under
//! `tests/cases/` is copied there as a seed, whole and cut into one-case
//! files, and every policy document found in them goes to `corpus/policy/`,
//! so a fresh checkout starts fuzzing from inputs that already reach deep
//! into the evaluator instead of from nothing.
//! Seeds are named `seed-...`; files libFuzzer adds are left alone.

use std::fs;
use std::path::{Path, PathBuf};

use iamlab_core::json::{self, Kind, Limits, Value};
use iamlab_core::source::SourceId;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let cases = manifest.join("../tests/cases");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={}", cases.display());
    let mut files = Vec::new();
    collect_json(&cases, &mut files);
    files.sort();
    let evaluate_dir = manifest.join("corpus/evaluate");
    let policy_dir = manifest.join("corpus/policy");
    for dir in [&evaluate_dir, &policy_dir] {
        if let Err(error) = fs::create_dir_all(dir) {
            println!("cargo:warning=cannot create {}: {error}", dir.display());
            return;
        }
    }
    for path in &files {
        let Ok(text) = fs::read_to_string(path) else {
            continue;
        };
        let relative = path.strip_prefix(&cases).unwrap_or(path);
        let stem = relative
            .to_string_lossy()
            .trim_end_matches(".json")
            .replace(['/', '\\'], "-");
        let _ = fs::write(evaluate_dir.join(format!("seed-{stem}.json")), &text);
        let (value, _) = json::parse(&text, SourceId(0), Limits::default());
        let mut documents = Vec::new();
        if let Some(value) = &value {
            collect_documents(value, &mut documents);
            for (idx, case) in one_case_files(value).iter().enumerate() {
                let _ = fs::write(evaluate_dir.join(format!("seed-{stem}-{idx}.json")), case);
            }
        }
        for (idx, document) in documents.iter().enumerate() {
            let _ = fs::write(policy_dir.join(format!("seed-{stem}-{idx}.json")), document);
        }
    }
}

/// Every `.json` file under `dir`, recursively.
fn collect_json(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_json(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "json") {
            out.push(path);
        }
    }
}

/// Each case of a case file as a file of its own, with the file's
/// `defaults`: small seeds that the fuzzer runs many times faster.
fn one_case_files(file: &Value) -> Vec<String> {
    let Some(cases) = file.get("cases").and_then(Value::as_array) else {
        return Vec::new();
    };
    let defaults = file.get("defaults").map(json::to_string);
    cases
        .iter()
        .map(|case| {
            let case = json::to_string(case);
            match &defaults {
                Some(defaults) => format!("{{\"defaults\":{defaults},\"cases\":[{case}]}}"),
                None => format!("{{\"cases\":[{case}]}}"),
            }
        })
        .collect()
}

/// The text of every `document` in a case file: objects printed back as
/// JSON, strings (documents embedded as text) as they are.
fn collect_documents(value: &Value, out: &mut Vec<String>) {
    match &value.kind {
        Kind::Object(members) => {
            for member in members {
                match (&*member.key, &member.value.kind) {
                    ("document", Kind::String(text)) => out.push(text.clone()),
                    ("document", Kind::Object(_)) => {
                        out.push(json::to_string_pretty(&member.value));
                    }
                    _ => collect_documents(&member.value, out),
                }
            }
        }
        Kind::Array(items) => {
            for item in items {
                collect_documents(item, out);
            }
        }
        _ => {}
    }
}

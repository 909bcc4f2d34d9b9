//! A deterministic fuzz smoke test that runs with every `cargo test`.
//!
//! The cargo-fuzz targets in `fuzz/` search far wider, but they need nightly
//! instrumentation and minutes of time. This test keeps their main promises
//! checked on every change, in about a second:
//!
//! - loading never panics, whatever the bytes: the conformance cases under
//!   `tests/cases/` are cut into one-case files and mutated by a fixed-seed
//!   byte mutator (flips, inserts, deletes, splices, truncations and token
//!   swaps), a few thousand times;
//! - for every case that still compiles, the fast and explained paths agree,
//!   and the deciding statements fit the decision;
//! - hostile shapes (100,000 nested `[`, a 1 MB string, a `*a*a*a*a*a*b`
//!   StringLike pattern against a 100 KB value) are handled without a stack
//!   overflow or an exponential search, and still give the right answer.
//!
//! Nothing here is timed: a hang or a crash is the failure.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use iamlab_core::case::{CaseFile, load_case_file};
use iamlab_core::diagnostic::{Code, Diagnostic};
use iamlab_core::eval::{evaluate, explain};
use iamlab_core::json::{self, Limits};
use iamlab_core::policy::Effect;
use iamlab_core::source::{SourceId, SourceMap};
use iamlab_core::trace::Decision;

/// How many mutated inputs the smoke test loads.
const ITERATIONS: usize = 5_000;

/// Bytes and tokens that push mutated JSON into interesting places.
const TOKENS: [&str; 24] = [
    "{",
    "}",
    "[",
    "]",
    "\"",
    ",",
    ":",
    "\\",
    "*",
    "?",
    "null",
    "true",
    "1e400",
    "-0",
    "\"\\ud800\"",
    "${aws:username}",
    "${*}",
    "\"Deny\"",
    "\"NotAction\"",
    "IfExists",
    "ForAllValues:",
    "ForAnyValue:",
    "\"arn:aws:s3:::*\"",
    "\u{1F600}",
];

/// Whole-word swaps that keep a case valid but change its meaning.
const SWAPS: [(&str, &str); 8] = [
    ("Allow", "Deny"),
    ("Deny", "Allow"),
    ("StringEquals", "StringNotEquals"),
    ("StringLike", "StringNotLike"),
    ("\"Action\"", "\"NotAction\""),
    ("\"Resource\"", "\"NotResource\""),
    ("\"allowed\"", "\"implicitDeny\""),
    ("111111111111", "222222222222"),
];

/// Knuth's MMIX linear congruential generator: the same inputs on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            0
        } else {
            (self.next() % bound as u64) as usize
        }
    }
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases")
}

fn collect_json(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_json(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "json") {
            out.push(path);
        }
    }
}

/// The corpus cut into one-case files (each keeping its file's `defaults`),
/// so that each mutated input is small and loads quickly in a debug build.
fn seeds() -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    collect_json(&cases_dir(), &mut files);
    files.sort();
    let mut seeds = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let (value, diagnostics) = json::parse(&text, SourceId(0), Limits::default());
        let value = value.unwrap_or_else(|| panic!("{}: {diagnostics:?}", path.display()));
        let defaults = value.get("defaults").map(json::to_string);
        match value.get("cases").and_then(|cases| cases.as_array()) {
            Some(cases) => {
                for case in cases {
                    let case = json::to_string(case);
                    let text = match &defaults {
                        Some(defaults) => format!("{{\"defaults\":{defaults},\"cases\":[{case}]}}"),
                        None => format!("{{\"cases\":[{case}]}}"),
                    };
                    seeds.push(text.into_bytes());
                }
            }
            None => seeds.push(text.into_bytes()),
        }
    }
    seeds
}

/// Applies one random mutation to `input`.
fn mutate(input: &mut Vec<u8>, seeds: &[Vec<u8>], rng: &mut Lcg) {
    let len = input.len();
    match rng.below(10) {
        0 if len > 0 => {
            let at = rng.below(len);
            input[at] ^= 1 << rng.below(8);
        }
        1 => {
            let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
            let at = rng.below(len + 1);
            input.splice(at..at, token.iter().copied());
        }
        2 if len > 0 => {
            let at = rng.below(len);
            let end = (at + 1 + rng.below(16)).min(len);
            input.drain(at..end);
        }
        3 => {
            let other = &seeds[rng.below(seeds.len())];
            let from = rng.below(other.len());
            let chunk = &other[from..(from + 1 + rng.below(64)).min(other.len())];
            let at = rng.below(len + 1);
            let end = (at + rng.below(64)).min(len);
            input.splice(at..end, chunk.iter().copied());
        }
        4 => input.truncate(rng.below(len + 1)),
        5 if len > 0 => {
            let at = rng.below(len);
            let end = (at + 1 + rng.below(32)).min(len);
            let chunk = input[at..end].to_vec();
            input.splice(end..end, chunk);
        }
        6..=8 => {
            let (from, to) = SWAPS[rng.below(SWAPS.len())];
            let text = String::from_utf8_lossy(input).into_owned();
            let places: Vec<usize> = text.match_indices(from).map(|(at, _)| at).collect();
            if !places.is_empty() {
                let at = places[rng.below(places.len())];
                let mut changed = text;
                changed.replace_range(at..at + from.len(), to);
                *input = changed.into_bytes();
            }
        }
        _ => {
            let at = rng.below(len + 1);
            input.insert(at, rng.below(256) as u8);
        }
    }
}

/// Loads `text` and checks every compiled case; returns the file, or the
/// diagnostics that made it unreadable.
fn load(text: &str) -> (SourceMap, Result<CaseFile, Vec<Diagnostic>>) {
    let mut sources = SourceMap::new();
    let source = sources.add("smoke.json", text);
    let loaded = load_case_file(&mut sources, source);
    (sources, loaded)
}

/// Evaluates every compiled case on both paths and checks that they agree
/// and that the deciding statements fit the decision. Returns how many
/// cases were evaluated.
fn check_cases(sources: &SourceMap, file: &CaseFile, input: &str) -> usize {
    let mut evaluated = 0;
    for case in &file.cases {
        for diagnostic in &case.diagnostics {
            let _ = sources.line_text(diagnostic.span);
        }
        let Some(compiled) = &case.compiled else {
            assert!(
                case.first_error().is_some(),
                "case `{}` was not compiled, yet has no error; input:\n{input}",
                case.name
            );
            continue;
        };
        evaluated += 1;
        let request = compiled.request();
        let fast = evaluate(&compiled.scenario, &request);
        let explanation = explain(&compiled.scenario, &request);
        assert_eq!(
            fast, explanation.decision,
            "fast and explained paths disagree on `{}`; input:\n{input}",
            case.name
        );
        let matched = explanation.matched_statements();
        let fits = match fast {
            Decision::ImplicitDeny => matched.is_empty(),
            Decision::ExplicitDeny => {
                !matched.is_empty() && matched.iter().all(|s| s.effect == Effect::Deny)
            }
            Decision::Allowed => matched.iter().all(|s| s.effect == Effect::Allow),
        };
        assert!(
            fits,
            "the deciding statements of `{}` do not fit {}: {matched:?}; input:\n{input}",
            case.name,
            fast.as_str()
        );
        for statement in &matched {
            let _ = sources.locate(statement.span);
        }
        let _ = explanation.missing_context_keys();
    }
    evaluated
}

#[test]
fn mutated_corpus_never_panics_and_both_paths_agree() {
    let seeds = seeds();
    assert!(
        seeds.len() > 100,
        "the corpus should give many seeds, got {}",
        seeds.len()
    );
    let mut rng = Lcg(0x0123_4567_89ab_cdef);
    let mut evaluated_inputs = 0;
    let mut unreadable_inputs = 0;
    for _ in 0..ITERATIONS {
        let mut input = seeds[rng.below(seeds.len())].clone();
        for _ in 0..=rng.below(3) {
            mutate(&mut input, &seeds, &mut rng);
        }
        let text = String::from_utf8_lossy(&input).into_owned();
        let (sources, loaded) = load(&text);
        match loaded {
            Ok(file) => {
                if check_cases(&sources, &file, &text) > 0 {
                    evaluated_inputs += 1;
                }
            }
            Err(diagnostics) => {
                unreadable_inputs += 1;
                assert!(
                    diagnostics.iter().any(Diagnostic::is_error),
                    "a file was rejected without an error; input:\n{text}"
                );
                for diagnostic in &diagnostics {
                    let _ = sources.line_text(diagnostic.span);
                }
            }
        }
    }
    eprintln!(
        "{ITERATIONS} mutated inputs from {} seeds: {evaluated_inputs} evaluated, \
         {unreadable_inputs} unreadable",
        seeds.len()
    );
    // The mutator must reach both ends: inputs rejected by the reader, and
    // inputs that still compile and get evaluated. Otherwise this test
    // would check nothing.
    assert!(
        evaluated_inputs > ITERATIONS / 10,
        "only {evaluated_inputs} of {ITERATIONS} mutated inputs were evaluated"
    );
    assert!(
        unreadable_inputs > ITERATIONS / 10,
        "only {unreadable_inputs} of {ITERATIONS} mutated inputs were unreadable"
    );
}

#[test]
fn deep_nesting_is_rejected_at_the_depth_limit() {
    let text = "[".repeat(100_000);
    let (sources, loaded) = load(&text);
    let diagnostics = loaded.expect_err("100,000 open brackets are not a case file");
    let too_deep = diagnostics
        .iter()
        .find(|d| d.code == Code::JsonTooDeep)
        .unwrap_or_else(|| panic!("expected json-too-deep, got {diagnostics:?}"));
    // The reader stops where the limit is crossed, not at the end of input.
    let location = sources.locate(too_deep.span);
    assert_eq!(location.line, 1);
    assert!(
        (location.column as usize) <= Limits::default().max_depth as usize + 1,
        "the error should point at the bracket past the limit, not at column {}",
        location.column
    );

    let nested_object = "{\"a\":".repeat(100_000);
    let (_, loaded) = load(&nested_object);
    let diagnostics = loaded.expect_err("100,000 nested objects are not a case file");
    assert!(diagnostics.iter().any(|d| d.code == Code::JsonTooDeep));
}

#[test]
fn megabyte_strings_load_and_evaluate() {
    let big = "x".repeat(1 << 20);

    let (_, loaded) = load(&format!("\"{big}\""));
    let diagnostics = loaded.expect_err("a bare string is not a case file");
    assert!(diagnostics.iter().any(Diagnostic::is_error));

    // A huge name and a huge context value are data, not policy: the case
    // loads, the value is carried into the trace, and the policy decides.
    let text = format!(
        r#"{{"name": "{big}",
            "principal": {{"arn": "arn:aws:iam::111111111111:user/alice",
              "policies": [{{"name": "Tagged", "document": {{"Version": "2012-10-17",
                "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                  "Condition": {{"StringLike": {{"aws:RequestTag/note": "x*x"}}}}}}]}}}}]}},
            "action": "s3:GetObject",
            "context": {{"aws:RequestTag/note": "{big}"}},
            "expect": "allowed"}}"#
    );
    let (sources, loaded) = load(&text);
    let file = loaded.unwrap();
    assert_eq!(file.cases.len(), 1);
    assert_eq!(file.cases[0].name.len(), 1 << 20);
    assert_eq!(check_cases(&sources, &file, "(1 MB case)"), 1);
    let compiled = file.cases[0].compiled.as_ref().unwrap();
    assert_eq!(compiled.evaluate(), Decision::Allowed);
}

/// A one-policy case whose StringLike `pattern` is tested against a context
/// value.
fn string_like_case(pattern: &str, value: &str) -> String {
    format!(
        r#"{{"principal": {{"arn": "arn:aws:iam::111111111111:user/alice",
              "policies": [{{"name": "Pattern", "document": {{"Version": "2012-10-17",
                "Statement": [{{"Sid": "Like", "Effect": "Allow", "Action": "s3:GetObject",
                  "Resource": "*", "Condition": {{"StringLike": {{"s3:prefix": "{pattern}"}}}}}}]}}}}]}},
            "action": "s3:GetObject",
            "context": {{"s3:prefix": "{value}"}}}}"#
    )
}

#[test]
fn many_stars_against_a_long_value_finish_with_the_right_answer() {
    let near_miss = "a".repeat(100 * 1024);
    let hit = format!("{near_miss}b");
    for pattern in [
        "*a*a*a*a*a*b",
        "*a*a*a*a*a*a*a*a*a*a*a*a*b",
        "a*?*a*?*a*?*b",
    ] {
        for (value, expected) in [
            (&near_miss, Decision::ImplicitDeny),
            (&hit, Decision::Allowed),
        ] {
            let text = string_like_case(pattern, value);
            let (sources, loaded) = load(&text);
            let file = loaded.unwrap();
            assert_eq!(check_cases(&sources, &file, pattern), 1);
            let compiled = file.cases[0].compiled.as_ref().unwrap();
            let request = compiled.request();
            let explanation = explain(&compiled.scenario, &request);
            assert_eq!(
                explanation.decision,
                expected,
                "`{pattern}` against {} bytes ending in `{}`",
                value.len(),
                &value[value.len() - 1..]
            );
            // The answer comes from the pattern test, not from elsewhere:
            // an allow names the Like statement, a deny has no match.
            let sids: Vec<_> = explanation
                .matched_statements()
                .iter()
                .map(|s| s.sid)
                .collect();
            match expected {
                Decision::Allowed => assert_eq!(sids, [Some("Like")]),
                _ => assert!(sids.is_empty()),
            }
        }
    }
}

#[test]
fn many_stars_in_a_resource_pattern_finish_with_the_right_answer() {
    let key = "a".repeat(100 * 1024);
    for (resource, expected) in [
        (format!("arn:aws:s3:::bucket/{key}"), Decision::ImplicitDeny),
        (format!("arn:aws:s3:::bucket/{key}b"), Decision::Allowed),
    ] {
        let text = format!(
            r#"{{"principal": {{"arn": "arn:aws:iam::111111111111:user/alice",
                  "policies": [{{"name": "Stars", "document": {{"Version": "2012-10-17",
                    "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject",
                      "Resource": "arn:aws:s3:::bucket/*a*a*a*a*a*a*a*b"}}]}}}}]}},
                "resource": {{"arn": "{resource}"}},
                "action": "s3:GetObject"}}"#
        );
        let (sources, loaded) = load(&text);
        let file = loaded.unwrap();
        assert_eq!(check_cases(&sources, &file, "(resource stars)"), 1);
        let compiled = file.cases[0].compiled.as_ref().unwrap();
        assert_eq!(compiled.evaluate(), expected);
    }
}

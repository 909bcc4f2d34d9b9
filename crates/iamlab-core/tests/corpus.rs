//! The conformance corpus: every case file under `tests/cases/` at the root.
//!
//! For each case it checks the expected decision, that the fast path and the
//! explained path agree, and the explanation's `matchedStatements` and
//! `missingContextKeys` against a reviewed snapshot in the mirrored
//! `tests/snapshots/` tree. Set `UPDATE_SNAPSHOTS=1` to rewrite snapshots;
//! never edit them by hand.
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write;
use std::path::{Path, PathBuf};

use iamlab_core::case::{Expect, load_case_file};
use iamlab_core::eval::{Request, evaluate, explain};
use iamlab_core::source::SourceMap;
use iamlab_core::trace::Reason;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs one case file; returns its snapshot text, panicking on failures.
fn run_file(relative: &str) -> String {
    let path = root().join("tests/cases").join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut sources = SourceMap::new();
    let source = sources.add(relative, text);
    let file = load_case_file(&mut sources, source)
        .unwrap_or_else(|d| panic!("{relative}: unreadable: {d:?}"));
    let mut snapshot = String::new();
    let mut failures = Vec::new();
    for case in &file.cases {
        let _ = writeln!(snapshot, "## {}", case.name);
        match &case.compiled {
            None => {
                let error = case
                    .first_error()
                    .map(|e| e.code.as_str())
                    .unwrap_or("none");
                let _ = writeln!(snapshot, "error: {error}");
            }
            Some(compiled) => {
                let request = compiled.request();
                let fast = evaluate(&compiled.scenario, &request);
                let explanation = explain(&compiled.scenario, &request);
                assert_eq!(
                    fast, explanation.decision,
                    "{}: fast and explained paths disagree",
                    case.name
                );
                // The same request built from its parts, without what the
                // compiled case read beforehand (the action, the resource's
                // facts), is decided the same.
                let plain = Request::new(
                    &compiled.action,
                    compiled.resource(),
                    &compiled.context,
                    compiled.endpoint.as_deref(),
                );
                assert_eq!(
                    evaluate(&compiled.scenario, &plain),
                    fast,
                    "{}: a request built from its parts is decided differently",
                    case.name
                );
                let _ = writeln!(snapshot, "decision: {}", fast.as_str());
                let _ = writeln!(snapshot, "reason: {}", reason_kind(&explanation.reason));
                for statement in explanation.matched_statements() {
                    let _ = writeln!(
                        snapshot,
                        "matched: {} {}{}[{}]{} {}",
                        statement.policy_type.as_str(),
                        statement.policy,
                        statement
                            .group
                            .map(|g| format!(" (group {g})"))
                            .unwrap_or_default(),
                        statement.statement,
                        statement.sid.map(|s| format!(" ({s})")).unwrap_or_default(),
                        statement.effect.as_str()
                    );
                }
                let missing = explanation.missing_context_keys();
                if !missing.is_empty() {
                    let _ = writeln!(snapshot, "missing: {}", missing.join(", "));
                }
            }
        }
        if !case.passes() {
            failures.push(format!(
                "{}: expected {}, got {}",
                case.name,
                case.expect.map_or("a decision", Expect::as_str),
                match case.decision() {
                    Some(decision) => String::from(decision.as_str()),
                    None => format!("no decision: {:?}", case.first_error()),
                }
            ));
        }
    }
    assert!(failures.is_empty(), "{relative}:\n{}", failures.join("\n"));
    snapshot
}

/// A reason as the snapshot shows it: its kind, and for an allowed request
/// the paths that granted it.
fn reason_kind(reason: &Reason) -> String {
    let value = serde_json::to_value(reason).unwrap();
    let kind = value["kind"].as_str().unwrap_or("?").to_owned();
    match reason {
        Reason::Allowed { paths } => {
            let mut taken = Vec::new();
            if paths.identity {
                taken.push("identity");
            }
            if paths.resource_direct {
                taken.push("resourceDirect");
            }
            if paths.resource_role {
                taken.push("resourceRole");
            }
            if paths.resource_account {
                taken.push("resourceAccount");
            }
            format!("{kind} ({})", taken.join(", "))
        }
        _ => kind,
    }
}

fn check_snapshot(relative: &str) {
    let actual = run_file(relative);
    let snapshot_path = root()
        .join("tests/snapshots")
        .join(relative.replace(".json", ".txt"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(snapshot_path.parent().unwrap()).unwrap();
        std::fs::write(&snapshot_path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&snapshot_path).unwrap_or_else(|_| {
        panic!(
            "no snapshot at {}; run with UPDATE_SNAPSHOTS=1",
            snapshot_path.display()
        )
    });
    if expected != actual {
        let diff: Vec<String> = expected
            .lines()
            .zip(actual.lines())
            .filter(|(a, b)| a != b)
            .take(10)
            .map(|(a, b)| format!("- {a}\n+ {b}"))
            .collect();
        panic!(
            "{relative}: explanation differs from its snapshot:\n{}",
            diff.join("\n")
        );
    }
}

macro_rules! corpus {
    ($($test:ident => $file:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check_snapshot($file);
            }
        )*

        const LISTED: &[&str] = &[$($file,)*];
    };
}

corpus! {
    starter_basics => "starter/basics.json",
    starter_conditions_and_variables => "starter/conditions-and-variables.json",
    starter_guardrails => "starter/guardrails.json",
    starter_resource_policies => "starter/resource-policies.json",
    edge_documents => "edge/documents.json",
    edge_actions => "edge/actions.json",
    edge_resources => "edge/resources.json",
    edge_principals => "edge/principals.json",
    edge_conditions_strings => "edge/conditions-strings.json",
    edge_conditions_types => "edge/conditions-types.json",
    edge_multivalued => "edge/multivalued.json",
    edge_variables => "edge/variables.json",
    edge_same_account => "edge/same-account.json",
    edge_cross_account => "edge/cross-account.json",
    edge_trust_kms_sts_root => "edge/trust-kms-sts-root.json",
    edge_scp_rcp => "edge/scp-rcp.json",
    edge_aws_owned => "edge/aws-owned.json",
    extra_validation => "extra/validation.json",
    extra_scenarios => "extra/scenarios.json",
    extra_reasons => "extra/reasons.json",
    vpc_endpoint_policies => "vpc-endpoint/endpoint-policies.json",
    block_public_access_restrict_public_buckets => "block-public-access/restrict-public-buckets.json",
}

/// A case file that is not listed above would silently go untested.
#[test]
fn every_case_file_is_listed() {
    let mut found = Vec::new();
    let cases = root().join("tests/cases");
    let mut stack = vec![cases.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                found.push(
                    path.strip_prefix(&cases)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    found.sort();
    let missing: Vec<&String> = found
        .iter()
        .filter(|f| !LISTED.contains(&f.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "case files not in the corpus test: {missing:?}"
    );
}

//! `iamlab lint`, `iamlab expand`, and AWS managed policies by ARN: the
//! commands that use the embedded catalog.
//!
//! The lint fixtures live in `tests/lint/` at the repository root, each
//! with the exact output expected (`NAME.expected`), so every code is pinned
//! to its line and column; the tests below also derive a few of those
//! places from the fixture's text, to prove the expected files point at the
//! right element.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the binary from the repository root, so paths print as written.
fn iamlab(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_iamlab"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the iamlab binary runs");
    Run {
        code: output.status.code().expect("iamlab exits with a code"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/lint").join(name)).expect("the fixture exists")
}

/// The 1-based line and column of the `nth` (0-based) occurrence of `needle`.
fn position(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .map(|(at, _)| at)
        .unwrap_or_else(|| panic!("`{needle}` is not in the text"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

fn write_temp(test: &str, name: &str, text: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("vocabulary-tests")
        .join(test);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.to_str().expect("UTF-8 path").to_owned()
}

#[test]
fn lint_reports_every_code_at_its_place() {
    let run = iamlab(&["lint", "tests/lint/every-code.json"]);
    assert_eq!(run.code, 1, "warnings make the exit code 1");
    assert_eq!(run.stdout, fixture("every-code.expected"));
    let text = fixture("every-code.json");
    let at = |needle: &str, nth: usize, code: &str| {
        let (line, column) = position(&text, needle, nth);
        let prefix = format!("tests/lint/every-code.json:{line}:{column}: ");
        assert!(
            run.stdout
                .lines()
                .any(|l| l.starts_with(&prefix) && l.contains(code)),
            "no {code} at {prefix}\n{}",
            run.stdout
        );
    };
    at("\"s4:GetObject\"", 0, "warning unknown-service");
    at("\"s3:GetObjekt\"", 0, "warning unknown-action");
    at("\"s3:Gett*\"", 0, "warning wildcard-matches-nothing");
    at("\"s3:GetObject\"", 0, "warning resource-mismatch");
    at("\"s3:ListAllMyBuckets\"", 0, "warning resource-mismatch");
    at("\"aws:SoureIp\"", 0, "warning unknown-condition-key");
    at("\"s3:prefix\"", 0, "warning condition-type-mismatch");
    at("\"aws:SourceIp\"", 0, "warning condition-type-mismatch");
    at("\"*\"", 1, "suggestion sensitive-wildcard");
    // The requests' actions: located on the case's `action`.
    at("\"s3:GetObjekt\"", 1, "warning unknown-action");
    at("\"s4:GetObject\"", 1, "warning unknown-service");
    assert!(run.stdout.contains("did you mean `s3:GetObject`?"));
    assert!(run.stdout.contains("did you mean `aws:SourceIp`?"));
    assert_eq!(
        run.stdout.lines().last(),
        Some("0 errors, 10 warnings, 1 suggestions")
    );
}

#[test]
fn lint_reads_bare_policies_with_a_type() {
    let run = iamlab(&["lint", "--type", "identity", "tests/lint/pass-role.json"]);
    assert_eq!(run.stdout, fixture("pass-role.expected"));
    assert_eq!(run.code, 1);
    let clean = iamlab(&["lint", "tests/lint/clean.json"]);
    assert_eq!(clean.stdout, "0 errors, 0 warnings, 0 suggestions\n");
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    let suggestions_only = write_temp(
        "bare",
        "admin.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
    );
    let run = iamlab(&["lint", &suggestions_only]);
    assert_eq!(run.code, 0, "suggestions alone pass: {}", run.stdout);
    assert!(run.stdout.contains("suggestion sensitive-wildcard"));
    // The same document as an SCP is the default FullAWSAccess: no finding.
    let run = iamlab(&["lint", "--type", "scp", &suggestions_only]);
    assert_eq!(run.stdout, "0 errors, 0 warnings, 0 suggestions\n");
}

#[test]
fn lint_exit_codes_and_errors() {
    let run = iamlab(&["lint", "tests/lint/no-such-file.json"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot read"), "{}", run.stderr);
    let run = iamlab(&["lint", "--type", "bucket", "tests/lint/clean.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("identity, resource, trust"),
        "{}",
        run.stderr
    );
    let broken = write_temp(
        "errors",
        "broken.json",
        "{\"Version\": \"2012-10-17\" \"Statement\": []}",
    );
    let run = iamlab(&["lint", &broken]);
    assert_eq!(run.code, 1, "a syntax error is a finding: {}", run.stdout);
    assert!(
        run.stdout.contains(":1:26: error json-syntax"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("1 errors, 0 warnings, 0 suggestions\n")
    );
}

#[test]
fn lint_json_gives_one_object_per_finding() {
    let run = iamlab(&["lint", "--json", "tests/lint/every-code.json"]);
    assert_eq!(run.code, 1);
    let findings: Vec<Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    assert_eq!(findings.len(), 11);
    let first = &findings[0];
    assert_eq!(first["file"], "tests/lint/every-code.json");
    assert_eq!(first["line"], 14);
    assert_eq!(first["column"], 28);
    assert_eq!(first["endColumn"], 42);
    assert_eq!(first["severity"], "warning");
    assert_eq!(first["code"], "unknown-service");
    assert!(run.stderr.contains("0 errors, 10 warnings, 1 suggestions"));
    let requested = findings
        .iter()
        .find(|f| f["line"] == 54)
        .expect("the request's finding");
    assert!(
        requested["help"]
            .as_str()
            .is_some_and(|help| help.contains("no real request"))
    );
}

#[test]
fn expand_lists_actions_sorted_in_aws_casing() {
    let run = iamlab(&["expand", "s3:getobjectv*", "S3:GetObjectAcl"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines.contains(&"s3:GetObjectVersion"));
    assert!(lines.contains(&"s3:GetObjectAcl"));
    let mut sorted = lines.clone();
    sorted.sort_by_key(|l| l.to_ascii_lowercase());
    assert_eq!(lines, sorted);
    let mut unique = lines.clone();
    unique.dedup();
    assert_eq!(unique.len(), lines.len(), "each action once");

    let levels = iamlab(&["expand", "--levels", "s3:PutObjectTagging", "iam:PassRole"]);
    assert_eq!(
        levels.stdout,
        "iam:PassRole\tWrite\ns3:PutObjectTagging\tWrite, Tagging\n"
    );
    let everything = iamlab(&["expand", "*"]);
    assert_eq!(everything.stdout.lines().count(), 22_091);
    let nothing = iamlab(&["expand", "s3:Gett*"]);
    assert_eq!(nothing.code, 1);
    assert!(nothing.stderr.contains("`s3:Gett*` matches no action"));
    assert_eq!(iamlab(&["expand"]).code, 2);
}

#[test]
fn managed_policies_are_attached_by_arn() {
    let text = r#"{
  "defaults": {
    "principal": {
      "arn": "arn:aws:iam::111111111111:user/alice",
      "policies": [{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}]
    },
    "resource": {"arn": "arn:aws:s3:::reports/q1.csv"}
  },
  "cases": [
    {"name": "read", "action": "s3:GetObject", "expect": "allowed"},
    {"name": "write", "action": "s3:PutObject", "expect": "implicitDeny"},
    {"name": "typo", "action": "s3:GetObject", "expect": "allowed",
     "principal": {"policies": [{"arn": "arn:aws:iam::aws:policy/ReadOnlyAcess"}]}}
  ]
}
"#;
    let path = write_temp("managed", "managed.json", text);
    let run = iamlab(&["check", &path]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let (line, column) = position(text, "\"arn:aws:iam::aws:policy/ReadOnlyAcess\"", 0);
    assert!(run.stdout.contains("PASS read"), "{}", run.stdout);
    assert!(run.stdout.contains("PASS write"), "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "ERROR typo: {path}:{line}:{column}: `arn:aws:iam::aws:policy/ReadOnlyAcess` is not an AWS managed policy"
        )),
        "{}",
        run.stdout
    );
    let explained = iamlab(&["explain", &path, "--case", "typo"]);
    assert!(
        explained
            .stdout
            .contains("did you mean `arn:aws:iam::aws:policy/ReadOnlyAccess`?")
    );
    let explained = iamlab(&["explain", &path, "--case", "read"]);
    assert!(
        explained.stdout.contains("identity policy ReadOnlyAccess"),
        "{}",
        explained.stdout
    );
    // AWS's own policy brings none of its own warnings (its size is AWS's).
    let linted = iamlab(&["lint", &path]);
    assert!(!linted.stdout.contains("policy-size"), "{}", linted.stdout);
}

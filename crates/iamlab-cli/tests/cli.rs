//! End-to-end tests of the `iamlab` binary: exit codes, report lines and
//! JSON output, as the case format (`case-format.md`) fixes them.
//!
//! Each test writes its case files into its own folder under cargo's
//! `CARGO_TARGET_TMPDIR` and runs the built binary on them. Places such as
//! `file:line:col` are not written out by hand: they are computed from the
//! text of the case file, so a test checks that a report points at the very
//! element that caused it.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

/// What one run of the binary gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn stdout_lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    fn last_stdout_line(&self) -> &str {
        self.stdout.lines().last().unwrap_or("")
    }
}

fn iamlab(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_iamlab"))
        .args(args)
        .output()
        .expect("the iamlab binary runs");
    Run {
        code: output.status.code().expect("iamlab exits with a code"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Writes `text` to `NAME` in the test's own folder and returns its path.
fn case_file(test: &str, name: &str, text: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cli-tests")
        .join(test);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// The 1-based line and column (in characters) of the first `needle`.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is not in the text"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |idx| idx + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// The `{` that opens the statement holding `needle`.
fn statement_position(text: &str, needle: &str) -> (usize, usize) {
    let offset = text.find(needle).unwrap();
    let open = text[..offset].rfind('{').unwrap();
    position(text, &text[open..])
}

/// One identity policy with a region-conditioned read, shared by the cases.
const REGIONAL_READ: &str = r#"{
  "defaults": {
    "principal": {
      "arn": "arn:aws:iam::111111111111:user/alice",
      "policies": [
        {
          "name": "ReadReports",
          "document": {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Sid": "Read",
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::reports/*",
                "Condition": { "StringEquals": { "aws:RequestedRegion": "us-east-1" } }
              }
            ]
          }
        }
      ]
    },
    "resource": { "arn": "arn:aws:s3:::reports/q1.csv" }
  },
  "cases": [
    { "name": "read in region", "action": "s3:GetObject",
      "context": { "aws:RequestedRegion": "us-east-1" }, "expect": "allowed" },
    { "name": "read outside the region", "action": "s3:GetObject",
      "context": { "aws:RequestedRegion": "eu-west-1" }, "expect": "implicitDeny" },
    { "name": "no region given", "action": "s3:GetObject", "expect": "implicitDeny" }
  ]
}
"#;

/// Two cases whose only policy has an invalid `Effect`.
const INVALID_POLICY: &str = r#"{
  "defaults": {
    "principal": {
      "arn": "arn:aws:iam::111111111111:user/alice",
      "policies": [ { "name": "Broken", "document": {
        "Version": "2012-10-17",
        "Statement": [ { "Effect": "Permit", "Action": "s3:GetObject", "Resource": "*" } ] } } ]
    }
  },
  "cases": [
    { "name": "rejected as expected", "action": "s3:GetObject", "expect": "error" },
    { "name": "expects a decision", "action": "s3:GetObject", "expect": "allowed" }
  ]
}
"#;

#[test]
fn all_passing_file_exits_0_with_the_summary_last() {
    let path = case_file("all_passing", "regional.json", REGIONAL_READ);
    let run = iamlab(&["check", &path]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    assert_eq!(
        run.stdout_lines(),
        [
            "PASS read in region",
            "PASS read outside the region",
            "PASS no region given",
            "3 passed, 0 failed",
        ]
    );
}

#[test]
fn starter_corpus_passes_and_the_summary_counts_every_case() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases/starter");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path().to_str().unwrap().to_owned())
        .filter(|path| path.ends_with(".json"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let run = iamlab(&args);
    assert_eq!(
        run.code, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    let passes = run
        .stdout_lines()
        .iter()
        .filter(|line| line.starts_with("PASS "))
        .count();
    assert!(passes > 0);
    assert_eq!(run.last_stdout_line(), format!("{passes} passed, 0 failed"));
}

#[test]
fn a_wrong_expectation_fails_with_exit_1() {
    let text = REGIONAL_READ.replace(
        r#""context": { "aws:RequestedRegion": "eu-west-1" }, "expect": "implicitDeny""#,
        r#""context": { "aws:RequestedRegion": "eu-west-1" }, "expect": "allowed""#,
    );
    assert_ne!(text, REGIONAL_READ);
    let path = case_file("wrong_expectation", "regional.json", &text);
    let run = iamlab(&["check", &path]);
    assert_eq!(run.code, 1);
    let lines = run.stdout_lines();
    assert!(
        lines.contains(&"FAIL read outside the region: expected allowed, got implicitDeny"),
        "{lines:?}"
    );
    // The other cases still run: one bad case never stops the others.
    assert!(lines.contains(&"PASS read in region"));
    assert!(lines.contains(&"PASS no region given"));
    assert_eq!(run.last_stdout_line(), "2 passed, 1 failed");
}

#[test]
fn an_invalid_policy_is_an_error_line_that_passes_only_when_expected() {
    let path = case_file("invalid_policy", "broken.json", INVALID_POLICY);
    let run = iamlab(&["check", &path]);
    assert_eq!(run.code, 1, "the case expecting a decision fails");
    let (line, column) = position(INVALID_POLICY, "\"Permit\"");
    let message = "`Effect` must be `Allow` or `Deny`, found `Permit`";
    assert_eq!(
        run.stdout_lines(),
        [
            format!("ERROR rejected as expected: {path}:{line}:{column}: {message}").as_str(),
            format!("ERROR expects a decision: {path}:{line}:{column}: {message}").as_str(),
            "1 passed, 1 failed",
        ]
    );
}

#[test]
fn an_error_inside_a_policy_given_as_text_points_into_the_case_file() {
    let text = r#"{"cases": [
  {"name": "embedded bad effect",
   "principal": {"arn": "arn:aws:iam::111111111111:user/alice",
     "policies": [{"name": "AsText",
       "document": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Permit\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}"}]},
   "action": "s3:GetObject",
   "expect": "error"}
]}
"#;
    let path = case_file("embedded_policy", "embedded.json", text);
    let run = iamlab(&["check", &path]);
    assert_eq!(run.code, 0, "an expected error passes");
    // The policy text is its own source; the report maps the error back to
    // the escaped string literal in the file the user can open.
    let (line, column) = position(text, "\\\"Permit\\\"");
    assert_eq!(
        run.stdout_lines(),
        [
            format!(
                "ERROR embedded bad effect: {path}:{line}:{column}: \
                 `Effect` must be `Allow` or `Deny`, found `Permit`"
            )
            .as_str(),
            "1 passed, 0 failed",
        ]
    );
}

#[test]
fn a_json_syntax_error_exits_2_naming_file_line_and_column() {
    let text = "{\"cases\": [\n  {\"action\": \"s3:GetObject\",}\n]}\n";
    let path = case_file("syntax_error", "syntax.json", text);
    let run = iamlab(&["check", &path]);
    assert_eq!(run.code, 2);
    let (line, column) = position(text, ",}");
    let column = column + 1;
    assert!(
        run.stderr.contains(&format!("{path}:{line}:{column}")),
        "stderr: {}",
        run.stderr
    );
    assert!(run.stderr.contains("error[json-syntax]"), "{}", run.stderr);
    assert!(!run.stdout.contains("PASS") && !run.stdout.contains("FAIL"));
}

#[test]
fn a_duplicate_key_exits_2() {
    let text = "{\"cases\": [],\n \"cases\": []}\n";
    let path = case_file("duplicate_key", "duplicate.json", text);
    let run = iamlab(&["check", &path]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("error[duplicate-key]"),
        "{}",
        run.stderr
    );
    // The error names the second copy of the key, not the first.
    assert!(
        run.stderr.contains(&format!("{path}:2:2")),
        "stderr: {}",
        run.stderr
    );
}

#[test]
fn a_missing_file_exits_2() {
    let path = case_file("missing_file", "present.json", REGIONAL_READ);
    let missing = path.replace("present.json", "absent.json");
    let run = iamlab(&["check", &path, &missing]);
    assert_eq!(run.code, 2, "an unreadable file outranks passing cases");
    assert!(run.stderr.contains("absent.json"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(iamlab(&[]).code, 2);
    assert_eq!(iamlab(&["check"]).code, 2);
    assert_eq!(iamlab(&["frobnicate"]).code, 2);
    assert_eq!(iamlab(&["check", "--bogus", "x.json"]).code, 2);
}

fn json_results(run: &Run) -> Vec<Value> {
    run.stdout_lines()
        .iter()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"))
        })
        .collect()
}

#[test]
fn json_output_gives_one_parsable_result_per_case() {
    let regional = case_file("json_output", "regional.json", REGIONAL_READ);
    let broken = case_file("json_output", "broken.json", INVALID_POLICY);
    let run = iamlab(&["check", "--json", &regional, &broken]);
    assert_eq!(run.code, 1, "the case expecting a decision fails");
    let results = json_results(&run);
    assert_eq!(results.len(), 5);
    for result in &results {
        for key in [
            "name",
            "decision",
            "expected",
            "pass",
            "matchedStatements",
            "missingContextKeys",
        ] {
            assert!(result.get(key).is_some(), "`{key}` missing from {result}");
        }
    }

    // Allowed: the deciding statement, located in the file.
    let allowed = &results[0];
    assert_eq!(allowed["name"], "read in region");
    assert_eq!(allowed["decision"], "allowed");
    assert_eq!(allowed["expected"], "allowed");
    assert_eq!(allowed["pass"], true);
    let matched = allowed["matchedStatements"].as_array().unwrap();
    assert_eq!(matched.len(), 1, "{matched:?}");
    assert_eq!(matched[0]["policy"], "ReadReports");
    assert_eq!(matched[0]["policyType"], "identity");
    assert_eq!(matched[0]["statement"], 0);
    assert_eq!(matched[0]["sid"], "Read");
    assert_eq!(matched[0]["effect"], "Allow");
    let (line, column) = statement_position(REGIONAL_READ, "\"Sid\": \"Read\"");
    assert_eq!(matched[0]["line"], line);
    assert_eq!(matched[0]["column"], column);

    // Implicit deny by a failed condition: no deciding statement, no key
    // missing (the key is there, with the wrong value).
    let outside = &results[1];
    assert_eq!(outside["decision"], "implicitDeny");
    assert_eq!(outside["matchedStatements"], serde_json::json!([]));
    assert_eq!(outside["missingContextKeys"], serde_json::json!([]));

    // Implicit deny by a missing key: the key is named.
    let no_region = &results[2];
    assert_eq!(no_region["decision"], "implicitDeny");
    assert_eq!(
        no_region["missingContextKeys"],
        serde_json::json!(["aws:RequestedRegion"])
    );

    // Not evaluated: `decision` is null and `errors` locates the problem.
    let (line, column) = position(INVALID_POLICY, "\"Permit\"");
    for (result, pass) in [(&results[3], true), (&results[4], false)] {
        assert_eq!(result["decision"], Value::Null);
        assert_eq!(result["pass"], pass, "{result}");
        let errors = result["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0]["code"], "invalid-effect");
        assert_eq!(errors[0]["line"], line);
        assert_eq!(errors[0]["column"], column);
        assert_eq!(errors[0]["file"], broken.as_str());
        assert!(errors[0]["message"].as_str().unwrap().contains("Permit"));
    }
    assert_eq!(results[3]["expected"], "error");
    assert_eq!(results[4]["expected"], "allowed");
}

/// A boundary-free user whose office-only rule denies the request.
const OFFICE_ONLY: &str = r#"{
  "cases": [
    {
      "name": "outside the office",
      "principal": {
        "arn": "arn:aws:iam::111111111111:user/alice",
        "policies": [
          {
            "name": "Office",
            "document": {
              "Version": "2012-10-17",
              "Statement": [
                { "Sid": "Work", "Effect": "Allow", "Action": "s3:*", "Resource": "*" },
                {
                  "Sid": "OutsideOffice",
                  "Effect": "Deny",
                  "Action": "s3:*",
                  "Resource": "*",
                  "Condition": { "NotIpAddress": { "aws:SourceIp": "10.0.0.0/8" } }
                },
                {
                  "Sid": "Tagged",
                  "Effect": "Allow",
                  "Action": "s3:PutObject",
                  "Resource": "*",
                  "Condition": { "StringEquals": { "aws:PrincipalTag/team": "red" } }
                }
              ]
            }
          }
        ]
      },
      "action": "s3:PutObject",
      "resource": { "arn": "arn:aws:s3:::reports/q1.csv" },
      "context": { "aws:SourceIp": "203.0.113.7" },
      "expect": "explicitDeny"
    }
  ]
}
"#;

#[test]
fn explain_shows_layers_the_deciding_statement_and_failed_conditions() {
    let path = case_file("explain", "office.json", OFFICE_ONLY);
    let run = iamlab(&["explain", &path]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let lines = run.stdout_lines();
    let has = |wanted: &str| lines.iter().any(|line| line.trim() == wanted);
    assert!(has("case: outside the office"), "{}", run.stdout);
    assert!(has("decision: Denied by a Deny statement (explicitDeny)"));
    // The identity layer is listed, with its verdict.
    assert!(
        lines.iter().any(|line| line.trim_start().starts_with("1. ")
            && line.contains("Identity-based policies: DENIES")),
        "{}",
        run.stdout
    );
    // The deciding statement, located where it starts in the file.
    let (line, column) = statement_position(OFFICE_ONLY, "\"Sid\": \"OutsideOffice\"");
    let deciding = format!(
        "identity policy Office statement 1 \"OutsideOffice\" (Deny), at {path}:{line}:{column}"
    );
    let deciding_at = lines
        .iter()
        .position(|l| l.trim() == deciding)
        .unwrap_or_else(|| panic!("no `{deciding}` in:\n{}", run.stdout));
    let heading_at = lines
        .iter()
        .position(|l| l.trim() == "deciding statements:")
        .unwrap();
    assert!(heading_at < deciding_at);
    // The condition that decided it holds, with the request's value shown;
    // the one that failed shows why (the tag is missing).
    assert!(
        has(
            "condition NotIpAddress aws:SourceIp: policy [`10.0.0.0/8`], request `203.0.113.7`: holds"
        ),
        "{}",
        run.stdout
    );
    assert!(
        lines.iter().any(|line| line.trim().starts_with(
            "condition StringEquals aws:PrincipalTag/team: policy [`red`], request missing: FAILS"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn explain_shows_a_failed_condition_with_both_values() {
    let path = case_file("explain_failed", "regional.json", REGIONAL_READ);
    let run = iamlab(&["explain", &path, "--case", "read outside the region"]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    assert!(run.stdout.starts_with("case: read outside the region\n"));
    let lines = run.stdout_lines();
    assert!(
        lines.iter().any(|line| line.trim()
            == "condition StringEquals aws:RequestedRegion: policy [`us-east-1`], request `eu-west-1`: FAILS"),
        "{}",
        run.stdout
    );
    assert!(
        lines
            .iter()
            .any(|line| line.trim() == "1. Identity-based policies: no statement applies"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("case: read in region"));
}

#[test]
fn explain_on_an_unreadable_file_prints_a_snippet_and_exits_2() {
    let text = "{\"cases\": [\n  {\"action\": \"s3:GetObject\",}\n]}\n";
    let path = case_file("explain_unreadable", "syntax.json", text);
    let run = iamlab(&["explain", &path]);
    assert_eq!(run.code, 2);
    let (line, column) = position(text, ",}");
    let column = column + 1;
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.trim_start() == format!("--> {path}:{line}:{column}")),
        "stderr: {}",
        run.stderr
    );
    // The offending line is quoted, and the caret sits under the `}`.
    let quoted = lines
        .iter()
        .find(|l| l.ends_with("{\"action\": \"s3:GetObject\",}"))
        .unwrap_or_else(|| panic!("no quoted line in:\n{}", run.stderr));
    let caret = lines
        .iter()
        .find(|l| l.trim_end().ends_with('^'))
        .unwrap_or_else(|| panic!("no caret line in:\n{}", run.stderr));
    let text_start = quoted.find(" | ").unwrap() + 3;
    let caret_column = caret.find('^').unwrap() - text_start + 1;
    assert_eq!(caret_column, column, "caret line:\n{quoted}\n{caret}");
}

#[test]
fn bench_reports_decisions_per_second() {
    let text = r#"{"principal": {"arn": "arn:aws:iam::111111111111:user/a",
      "policies": [{"name": "P", "document": {"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}]},
      "action": "s3:GetObject", "expect": "allowed"}"#;
    let path = case_file("bench", "tiny.json", text);
    let run = iamlab(&["bench", &path]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let ratio_line = lines.iter().rev().nth(1).copied().unwrap_or_default();
    let ratio: f64 = ratio_line
        .strip_prefix("an explanation costs ")
        .and_then(|rest| rest.split_once(" times a fast decision (median of "))
        .and_then(|(ratio, _)| ratio.parse().ok())
        .unwrap_or_else(|| panic!("the line before the last: {ratio_line}"));
    assert!(ratio > 0.0, "{ratio_line}");
    let last = run.last_stdout_line();
    let rest = last
        .strip_prefix("fast: ")
        .unwrap_or_else(|| panic!("last line: {last}"));
    let (fast, rest) = rest.split_once(" decisions/s, explained: ").unwrap();
    let explained = rest.strip_suffix(" decisions/s").unwrap();
    let fast: u64 = fast.parse().unwrap();
    let explained: u64 = explained.parse().unwrap();
    assert!(fast > 0 && explained > 0, "{last}");
}

/// The sentence after `why: ` for each case that `iamlab explain` printed,
/// in file order.
fn why_lines(run: &Run) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut name = None;
    for line in run.stdout.lines() {
        if let Some(rest) = line.strip_prefix("case: ") {
            name = Some(rest.to_owned());
        } else if let Some(rest) = line.strip_prefix("why: ")
            && let Some(case) = name.take()
        {
            out.push((case, rest.to_owned()));
        }
    }
    out
}

#[test]
fn explain_reasons_agree_with_the_layers_on_every_corpus_case() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases");
    let mut checked = 0;
    for dir in ["starter", "edge", "extra"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let run = iamlab(&["explain", path.to_str().unwrap()]);
            let printed = why_lines(&run);
            let mut sources = iamlab_core::source::SourceMap::new();
            let source = sources.add("case file", text);
            let file = iamlab_core::case::load_case_file(&mut sources, source).unwrap();
            let evaluated: Vec<_> = file.cases.iter().filter(|c| c.compiled.is_some()).collect();
            assert_eq!(printed.len(), evaluated.len(), "{}", path.display());
            for ((name, sentence), case) in printed.iter().zip(evaluated) {
                assert_eq!(*name, case.name);
                let compiled = case.compiled.as_ref().unwrap();
                let explanation =
                    iamlab_core::eval::explain(&compiled.scenario, &compiled.request());
                if let Err(problem) = iamlab_words::agreement::check(&explanation, sentence) {
                    panic!("{}: {name}: {problem}", path.display());
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 300, "only {checked} reasons were checked");
}

#[test]
fn explain_names_organization_levels_and_groups() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases/extra/reasons.json");
    let path = path.to_str().unwrap();
    let run = iamlab(&[
        "explain",
        path,
        "--case",
        "scpLevelWithoutAllow: level 2 allows only EC2",
    ]);
    assert!(
        run.stdout.contains("why: No SCP at level 2 allows the action, and every level of the organization must allow it."),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  2. SCPs, level 2: no statement applies"),
        "{}",
        run.stdout
    );
    let run = iamlab(&[
        "explain",
        path,
        "--case",
        "allowed: a group's policy grants, and the trace names the group",
    ]);
    assert!(
        run.stdout
            .contains("identity policy Readers of group Developers"),
        "{}",
        run.stdout
    );
    let run = iamlab(&[
        "explain",
        path,
        "--case",
        "allowed: the trust policy names the caller's role",
    ]);
    assert!(
        run.stdout.contains(
            "Resource holds: the statement has no Resource element, so it applies to the resource the policy is attached to"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn json_output_names_the_group_of_a_deciding_statement() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases/extra/reasons.json");
    let run = iamlab(&["check", "--json", path.to_str().unwrap()]);
    let results = json_results(&run);
    let grouped = results
        .iter()
        .find(|r| r["name"] == "explicitDeny: a group's policy denies")
        .unwrap();
    assert_eq!(grouped["matchedStatements"][0]["group"], "Contractors");
    assert_eq!(grouped["matchedStatements"][0]["policy"], "NoDeletes");
    let plain = results
        .iter()
        .find(|r| r["name"] == "allowed: an identity policy")
        .unwrap();
    assert!(plain["matchedStatements"][0].get("group").is_none());
}

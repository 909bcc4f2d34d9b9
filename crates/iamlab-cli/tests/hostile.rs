//! Hostile inputs: files made to exhaust memory or time (deep nesting, huge
//! strings, millions of elements, repeated keys, pathological wildcards,
//! huge policies). Each is written to disk and run through `iamlab check`
//! and `iamlab lint` under `ulimit -v` 4 GiB and a 10 second limit; each
//! must end with an exit code (0, 1 or 2), never a crash, an abort or a
//! hang, and its errors must say where.
//!
//! The sizes are what CI affords with a debug build; `cargo xtask fuzz`
//! runs the same generator at full size (`IAMLAB_HOSTILE=full`, release
//! build): ten million elements, a 500,000-key context, a 60 MB string.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The memory limit, in KiB (`ulimit -v`).
const MEMORY_KIB: u64 = 4 * 1024 * 1024;

/// The time limit per run.
const TIME_LIMIT: Duration = Duration::from_secs(10);

/// How big the inputs are: CI's size, or the full size.
fn full_size() -> bool {
    std::env::var("IAMLAB_HOSTILE").is_ok_and(|v| v == "full")
}

fn scaled(ci: usize, full: usize) -> usize {
    if full_size() { full } else { ci }
}

fn write(name: &str, text: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// What one bounded run gave.
struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

/// Runs `iamlab ARGS...` under the memory limit, killing it at the time
/// limit.
fn run_bounded(args: &[&str]) -> Outcome {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_iamlab"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command.spawn().expect("sh runs");
    // Read the pipes on threads, so a chatty child never blocks on them.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_thread = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut out, &mut text);
        text
    });
    let err_thread = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut text);
        text
    });
    let code = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status.code();
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Outcome {
        code,
        stdout: out_thread.join().unwrap_or_default(),
        stderr: err_thread.join().unwrap_or_default(),
        took: started.elapsed(),
    }
}

/// Checks that a run ended by itself, with a proper exit code, and without
/// a panic or an allocation failure.
fn assert_survived(what: &str, outcome: &Outcome) {
    // Shown with `--nocapture`, for BENCHMARKS.md.
    println!("{what}: exit {:?} in {:?}", outcome.code, outcome.took);
    assert!(
        outcome.took <= TIME_LIMIT && outcome.code.is_some(),
        "{what}: killed after {:?} (exit {:?})",
        outcome.took,
        outcome.code
    );
    assert!(
        matches!(outcome.code, Some(0..=2)),
        "{what}: exit {:?}\n{}",
        outcome.code,
        outcome.stderr.chars().take(2000).collect::<String>()
    );
    for bad in ["panicked", "memory allocation", "stack overflow"] {
        assert!(
            !outcome.stderr.contains(bad),
            "{what}: {bad}\n{}",
            outcome.stderr.chars().take(2000).collect::<String>()
        );
    }
}

fn user_case(policies: &str, context: &str) -> String {
    format!(
        r#"{{"principal": {{"arn": "arn:aws:iam::111122223333:user/alice", "policies": [{policies}]}},
  "resource": {{"arn": "arn:aws:s3:::reports/q1.csv"}}, "action": "s3:GetObject", "context": {context}}}"#
    )
}

fn policy(statements: &str) -> String {
    format!(
        r#"{{"name": "P", "document": {{"Version": "2012-10-17", "Statement": [{statements}]}}}}"#
    )
}

#[test]
fn millions_of_numbers_in_cases_end_with_a_located_error() {
    let count = scaled(1_500_000, 10_000_000);
    let mut text = String::with_capacity(count * 2 + 16);
    text.push_str("{\"cases\": [");
    for index in 0..count {
        if index > 0 {
            text.push(',');
        }
        text.push('1');
    }
    text.push_str("]}");
    let file = write("numbers.json", &text);
    let outcome = run_bounded(&["check", &file]);
    assert_survived("numbers", &outcome);
    assert_eq!(outcome.code, Some(2));
    assert!(
        outcome.stderr.contains("numbers.json:1:"),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains("more than"),
        "the error says which bound: {}",
        outcome.stderr
    );
}

#[test]
fn a_huge_context_whose_last_key_repeats_the_first_is_reported_fast() {
    let count = scaled(100_000, 500_000);
    let mut context = String::from("{");
    for index in 0..count {
        let _ = write!(context, "\"k:{index}\": \"v\", ");
    }
    context.push_str("\"k:0\": \"again\"}");
    let file = write("context.json", &user_case("", &context));
    let outcome = run_bounded(&["check", &file]);
    assert_survived("context", &outcome);
    assert_eq!(outcome.code, Some(2), "{}", outcome.stdout);
    assert!(
        outcome.stderr.contains("duplicate key `k:0`"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn deep_nesting_is_a_located_error() {
    let depth = scaled(200_000, 5_000_000);
    let text = format!("{{\"cases\": {}{}}}", "[".repeat(depth), "]".repeat(depth));
    let file = write("deep.json", &text);
    // `check` cannot read the file (exit 2); `lint` reports it as a
    // finding (exit 1). Both say where.
    for (command, code) in [("check", 2), ("lint", 1)] {
        let outcome = run_bounded(&[command, &file]);
        assert_survived("deep", &outcome);
        assert_eq!(outcome.code, Some(code), "{command}");
        assert!(
            outcome.stderr.contains("deep.json:1:") || outcome.stdout.contains("deep.json:1:"),
            "{command}: {}{}",
            outcome.stdout,
            outcome.stderr
        );
    }
}

#[test]
fn huge_strings_and_huge_policies_finish() {
    // A huge Sid, and a huge resource pattern made of stars.
    let length = scaled(2_000_000, 60_000_000);
    let huge_sid = "S".repeat(length);
    let statement = format!(
        r#"{{"Sid": "{huge_sid}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#
    );
    let file = write("sid.json", &user_case(&policy(&statement), "{}"));
    let outcome = run_bounded(&["check", &file]);
    assert_survived("huge sid", &outcome);

    let statements = scaled(20_000, 200_000);
    let mut many = String::new();
    for index in 0..statements {
        if index > 0 {
            many.push(',');
        }
        let _ = write!(
            many,
            r#"{{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b{index}/*"}}"#
        );
    }
    let file = write("statements.json", &user_case(&policy(&many), "{}"));
    for command in ["check", "lint"] {
        let outcome = run_bounded(&[command, &file]);
        assert_survived("many statements", &outcome);
    }
}

#[test]
fn pathological_wildcards_stay_linear() {
    let stars = scaled(5_000, 50_000);
    let pattern = "*a".repeat(stars) + "*b";
    let resource = "a".repeat(scaled(50_000, 500_000));
    let statement = format!(
        r#"{{"Effect": "Allow", "Action": "s3:*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*", "Resource": "arn:aws:s3:::{pattern}"}}"#
    );
    let case = format!(
        r#"{{"principal": {{"arn": "arn:aws:iam::111122223333:user/alice", "policies": [{}]}},
  "resource": {{"arn": "arn:aws:s3:::{resource}"}}, "action": "s3:GetObject",
  "context": {{"aws:userid": "{resource}"}}}}"#,
        policy(&statement)
    );
    let file = write("wildcards.json", &case);
    for command in ["check", "lint"] {
        let outcome = run_bounded(&[command, &file]);
        assert_survived("wildcards", &outcome);
    }
}

#[test]
fn many_repeated_keys_in_one_policy_are_each_reported() {
    let count = scaled(50_000, 500_000);
    let mut statement =
        String::from(r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*""#);
    for _ in 0..count {
        statement.push_str(r#", "Effect": "Allow""#);
    }
    statement.push('}');
    let file = write("repeated.json", &user_case(&policy(&statement), "{}"));
    let outcome = run_bounded(&["check", &file]);
    assert_survived("repeated keys", &outcome);
    assert_eq!(outcome.code, Some(2));
    assert!(outcome.stderr.contains("duplicate key `Effect`"));
}

#[test]
fn many_sids_and_condition_keys_are_checked_for_repeats_in_n_log_n() {
    // Every Sid distinct but the last, which repeats the first: one error.
    let statements = scaled(30_000, 300_000);
    let mut many = String::new();
    for index in 0..statements {
        if index > 0 {
            many.push(',');
        }
        let sid = if index + 1 == statements { 0 } else { index };
        let _ = write!(
            many,
            r#"{{"Sid": "Statement{sid:07}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#
        );
    }
    let file = write("sids.json", &user_case(&policy(&many), "{}"));
    let outcome = run_bounded(&["check", &file]);
    assert_survived("many sids", &outcome);
    // The case is reported as an error, at the repeated Sid.
    assert_eq!(outcome.code, Some(1), "{}", outcome.stderr);
    let said = format!("{}{}", outcome.stdout, outcome.stderr);
    assert!(
        said.contains("`Sid` `Statement0000000` is used twice"),
        "{said}"
    );

    // One operator with many keys, the last repeating the first in another case.
    let keys = scaled(30_000, 300_000);
    let mut block = String::new();
    for index in 0..keys {
        if index > 0 {
            block.push(',');
        }
        if index + 1 == keys {
            block.push_str(r#""AWS:PrincipalTag/K0": "v""#);
        } else {
            let _ = write!(block, r#""aws:PrincipalTag/k{index}": "v""#);
        }
    }
    let statement = format!(
        r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {{"StringEquals": {{{block}}}}}}}"#
    );
    let file = write("condition-keys.json", &user_case(&policy(&statement), "{}"));
    let outcome = run_bounded(&["check", &file]);
    assert_survived("many condition keys", &outcome);
    assert_eq!(outcome.code, Some(1), "{}", outcome.stderr);
    let said = format!("{}{}", outcome.stdout, outcome.stderr);
    assert!(
        said.contains("appears twice under `StringEquals`"),
        "{said}"
    );
}

//! `iamlab grade`: scoring submissions against an exercise file
//! (`docs/exercise-format.md`), in text, JSON and CSV, with its exit codes.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn iamlab(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_iamlab"))
        .args(args)
        .output()
        .expect("the iamlab binary runs");
    Run {
        code: output.status.code().expect("an exit code"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8"),
    }
}

fn write(test: &str, name: &str, text: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("grade-tests")
        .join(test);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

fn exercise() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../exercises/01-users-and-groups.json")
        .to_str()
        .unwrap()
        .to_owned()
}

const POINTER: &str = "/defaults/principal/groups/0/policies/0/document";

fn submission(statements: &str) -> String {
    format!(
        r#"{{"exercise": "users-and-groups", "student": "Ada, L.", "answers": {{"{POINTER}": {{"Version": "2012-10-17", "Statement": [{statements}]}}}}}}"#
    )
}

const FULL: &str = r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::team-docs"},
  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::team-docs/*"}"#;
const BROAD: &str = r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}"#;

#[test]
fn text_lines_then_the_summary_and_exit_codes() {
    let full = write("text", "full.json", &submission(FULL));
    let broad = write("text", "broad.json", &submission(BROAD));
    let run = iamlab(&["grade", &exercise(), &full]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!("{full}: 6 of 6\n1 submission, 1 with full marks\n")
    );

    let run = iamlab(&["grade", &exercise(), &full, &broad]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            format!("{full}: 6 of 6"),
            format!("{broad}: 3 of 6"),
            String::from("2 submissions, 1 with full marks")
        ]
    );
}

#[test]
fn rejected_submissions_are_error_lines() {
    let wrong_pointer = write(
        "errors",
        "pointer.json",
        r#"{"exercise": "users-and-groups", "answers": {"/defaults/principal/arn": "arn:aws:iam::111122223333:root"}}"#,
    );
    let wrong_id = write("errors", "id.json", r#"{"exercise": "mfa", "answers": {}}"#);
    let broken = write(
        "errors",
        "broken.json",
        "{\"exercise\": \"users-and-groups\",\n  \"answers\": {\n}",
    );
    let run = iamlab(&["grade", &exercise(), &wrong_pointer, &wrong_id, &broken]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with(&format!("{wrong_pointer}: ERROR: {wrong_pointer}:1:")),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("`/defaults/principal/arn` is not editable"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("ERROR") && lines[1].contains("answers exercise `mfa`"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with(&format!("{broken}: ERROR: {broken}:3:")),
        "{}",
        lines[2]
    );
    assert_eq!(lines[3], "3 submissions, 0 with full marks");
}

#[test]
fn an_unreadable_file_exits_2() {
    let full = write("unreadable", "full.json", &submission(FULL));
    let run = iamlab(&["grade", &exercise(), &full, "/nonexistent/submission.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout
            .contains("/nonexistent/submission.json: ERROR: the file cannot be read")
    );
    let not_an_exercise = write("unreadable", "cases.json", r#"{"cases": []}"#);
    let run = iamlab(&["grade", &not_an_exercise, &full]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("has no `exercise` member"),
        "{}",
        run.stderr
    );
    let run = iamlab(&["grade", &exercise()]);
    assert_eq!(run.code, 2);
}

#[test]
fn json_gives_one_object_per_submission() {
    let broad = write("json", "broad.json", &submission(BROAD));
    let wrong_id = write("json", "id.json", r#"{"exercise": "mfa"}"#);
    let run = iamlab(&["grade", "--json", &exercise(), &broad, &wrong_id]);
    assert_eq!(run.code, 1);
    let rows: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["submission"], broad.as_str());
    assert_eq!(rows[0]["exercise"], "users-and-groups");
    assert_eq!(rows[0]["student"], "Ada, L.");
    assert_eq!(rows[0]["passed"], 3);
    assert_eq!(rows[0]["total"], 6);
    assert_eq!(
        rows[0]["failed"],
        serde_json::json!(["Alice cannot delete onboarding.md"])
    );
    assert_eq!(rows[0]["hiddenFailed"], 2);
    assert_eq!(rows[0]["error"], Value::Null);
    assert_eq!(rows[1]["passed"], 0);
    assert!(
        rows[1]["error"]
            .as_str()
            .is_some_and(|e| e.contains("`mfa`"))
    );
    assert_eq!(run.stderr.trim(), "2 submissions, 0 with full marks");
}

#[test]
fn csv_is_a_gradebook() {
    let full = write("csv", "full.json", &submission(FULL));
    let broad = write("csv", "broad.json", &submission(BROAD));
    let run = iamlab(&["grade", "--csv", &exercise(), &full, &broad]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "submission,exercise,student,passed,total,score,full_marks,failed,hidden_failed,error"
    );
    assert_eq!(
        lines[1],
        format!("{full},users-and-groups,\"Ada, L.\",6,6,1.00,true,,0,")
    );
    assert_eq!(
        lines[2],
        format!(
            "{broad},users-and-groups,\"Ada, L.\",3,6,0.50,false,Alice cannot delete onboarding.md,2,"
        )
    );
}

#[test]
fn every_exercise_solution_grades_full_with_the_cli() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../exercises");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path().to_str().unwrap().to_owned())
        .filter(|p| p.ends_with(".json"))
        .collect();
    files.sort();
    for file in files {
        let run = iamlab(&["grade", "--solution", &file]);
        assert_eq!(run.code, 0, "{file}: {}{}", run.stdout, run.stderr);
        // A file with `exercise` is still a case file, run as it stands.
        let run = iamlab(&["check", &file]);
        assert_ne!(run.code, 2, "{file}: {}", run.stderr);
    }
}

use alloc::string::String;
use alloc::vec::Vec;

use super::*;
use crate::case::load_value;
use crate::json::{Limits, parse};
use crate::source::SourceMap;

const EXERCISE: &str = r#"{
  "exercise": {
    "id": "docs-reader",
    "title": "Read the docs",
    "topic": "users-and-groups",
    "instructions": "Let the group read `team-docs`.",
    "editable": ["/defaults/principal/groups/0/policies/0/document"],
    "hints": ["s3:GetObject", "the bucket is team-docs"],
    "solution": {
      "/defaults/principal/groups/0/policies/0/document": {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::team-docs/*"}]
      }
    }
  },
  "defaults": {
    "principal": {
      "arn": "arn:aws:iam::111122223333:user/alice",
      "groups": [{"name": "Developers", "policies": [{"name": "ReadDocs",
        "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}}]}]
    },
    "resource": {"arn": "arn:aws:s3:::team-docs/guide.md"}
  },
  "cases": [
    {"name": "reads the docs", "action": "s3:GetObject", "expect": "allowed"},
    {"name": "cannot delete", "action": "s3:DeleteObject", "expect": "implicitDeny", "hidden": true},
    {"name": "not other buckets", "action": "s3:GetObject", "resource": {"arn": "arn:aws:s3:::payroll/x"}, "expect": "implicitDeny", "hidden": true}
  ]
}"#;

const POINTER: &str = "/defaults/principal/groups/0/policies/0/document";

fn value(sources: &mut SourceMap, name: &str, text: &str) -> Value {
    let id = sources.add(name, text);
    let (value, diagnostics) = parse(text, id, Limits::default());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    value.expect("a value")
}

fn grade_text(submission: &str) -> Result<Grade, Diagnostic> {
    let mut sources = SourceMap::new();
    let root = value(&mut sources, "exercise.json", EXERCISE);
    let exercise = read_exercise(&root).expect("a valid exercise");
    let answer = value(&mut sources, "submission.json", submission);
    let submission = read_submission(&answer)?;
    grade(
        &mut sources,
        &root,
        &exercise,
        &submission,
        LoadOptions::default(),
    )
}

#[test]
fn reads_the_exercise_member() {
    let mut sources = SourceMap::new();
    let root = value(&mut sources, "exercise.json", EXERCISE);
    let exercise = read_exercise(&root).expect("valid");
    assert_eq!(exercise.id, "docs-reader");
    assert_eq!(exercise.topic, "users-and-groups");
    assert_eq!(exercise.editable, [POINTER]);
    assert_eq!(exercise.hints.len(), 2);
    assert_eq!(exercise.solution.as_ref().map(Vec::len), Some(1));
}

#[test]
fn the_solution_has_full_marks_and_the_start_does_not() {
    let mut sources = SourceMap::new();
    let root = value(&mut sources, "exercise.json", EXERCISE);
    let exercise = read_exercise(&root).expect("valid");
    let file = load_value(&mut sources, &root, LoadOptions::default()).expect("loads");
    let start = score(&file, &[]);
    assert_eq!((start.passed, start.total), (2, 3));
    assert_eq!(
        start.failed_visible().collect::<Vec<_>>(),
        ["reads the docs"]
    );
    assert_eq!(start.hidden_failed(), 0);
    let solution = exercise.solution_submission(&file).expect("a solution");
    let graded = grade(
        &mut sources,
        &root,
        &exercise,
        &solution,
        LoadOptions::default(),
    )
    .expect("grades");
    assert!(graded.is_full_marks(), "{graded:?}");
}

#[test]
fn a_too_broad_answer_fails_hidden_cases_only() {
    let grade = grade_text(&format!(
        r#"{{"exercise": "docs-reader", "answers": {{"{POINTER}":
        {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}]}}}}}}"#
    ))
    .expect("grades");
    assert_eq!((grade.passed, grade.total), (1, 3));
    assert_eq!(grade.failed_visible().count(), 0);
    assert_eq!(grade.hidden_failed(), 2);
}

#[test]
fn an_invalid_policy_fails_its_cases() {
    let grade = grade_text(&format!(
        r#"{{"exercise": "docs-reader", "answers": {{"{POINTER}": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow"}}]}}}}}}"#
    ))
    .expect("grades");
    assert_eq!((grade.passed, grade.total), (0, 3));
    // A policy held as a string (text the page could not parse) is read too.
    let grade = grade_text(&format!(
        r#"{{"exercise": "docs-reader", "answers": {{"{POINTER}": "{{\"Version\": "}}}}"#
    ))
    .expect("grades");
    assert_eq!(grade.passed, 0);
}

#[test]
fn a_pointer_that_is_not_editable_rejects_the_submission() {
    let error = grade_text(
        r#"{"exercise": "docs-reader", "answers": {"/defaults/principal/arn": "arn:aws:iam::111122223333:root"}}"#,
    )
    .expect_err("rejected");
    assert_eq!(error.code, Code::InvalidSubmission);
    assert!(
        error
            .message
            .contains("`/defaults/principal/arn` is not editable"),
        "{}",
        error.message
    );
}

#[test]
fn a_submission_for_another_exercise_is_rejected() {
    let error = grade_text(r#"{"exercise": "mfa", "answers": {}}"#).expect_err("rejected");
    assert!(
        error.message.contains("answers exercise `mfa`"),
        "{}",
        error.message
    );
    let error = grade_text(r#"{"exercize": "docs-reader"}"#).expect_err("rejected");
    assert!(
        error.message.contains("did you mean `exercise`"),
        "{}",
        error.message
    );
}

#[test]
fn exercise_problems_are_each_located() {
    let broken = EXERCISE
        .replace(r#""id": "docs-reader","#, r#""id": "", "level": 1,"#)
        .replace(
            r#""editable": ["/defaults/principal/groups/0/policies/0/document"]"#,
            r#""editable": ["/defaults/principal/groups/0/policies/0/document", "/defaults/principal/groups/0", "/nowhere/x", "defaults"]"#,
        );
    let mut sources = SourceMap::new();
    let root = value(&mut sources, "exercise.json", &broken);
    let problems = read_exercise(&root).expect_err("invalid");
    let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
    let expected = [
        "`level` is not a member of an exercise",
        "`id` must not be empty",
        "overlaps",
        "`/nowhere/x` leads nowhere",
        "`defaults` is not a JSON Pointer",
    ];
    for needle in expected {
        assert!(
            messages.iter().any(|m| m.contains(needle)),
            "{needle}: {messages:?}"
        );
    }
    assert!(problems.iter().all(|d| d.span != Span::default()));
}

#[test]
fn the_solution_must_answer_every_editable_part() {
    let broken = EXERCISE.replace(
        r#""solution": {
      "/defaults/principal/groups/0/policies/0/document""#,
        r#""solution": {
      "/defaults/resource/arn": "x", "/defaults/principal/groups/0/policies/0/documents""#,
    );
    let mut sources = SourceMap::new();
    let root = value(&mut sources, "exercise.json", &broken);
    let problems = read_exercise(&root).expect_err("invalid");
    let messages: Vec<String> = problems.iter().map(|d| d.message.clone()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("gives `/defaults/resource/arn`, which is not editable"))
    );
    assert!(messages.iter().any(|m| m.contains("gives no value for")));
}

#[test]
fn predictions_are_graded_for_predict_cases() {
    let quiz = r#"{
      "exercise": {"id": "order", "title": "Evaluation order", "editable": [], "solution": {}},
      "defaults": {"principal": {"arn": "arn:aws:iam::111122223333:user/bob", "policies": [{"name": "All",
        "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}},
      "cases": [
        {"name": "reads", "action": "s3:GetObject", "expect": "allowed", "predict": true},
        {"name": "also", "action": "sqs:SendMessage", "expect": "allowed", "predict": true, "hidden": true}
      ]
    }"#;
    let mut sources = SourceMap::new();
    let root = value(&mut sources, "quiz.json", quiz);
    let exercise = read_exercise(&root).expect("valid");
    let file = load_value(&mut sources, &root, LoadOptions::default()).expect("loads");
    assert!(exercise.is_predict_first(&file));
    assert_eq!(score(&file, &[]).passed, 0);
    let solution = exercise.solution_submission(&file).expect("solution");
    assert!(score(&file, &solution.predictions).is_full_marks());
    let wrong = [(String::from("reads"), Decision::ImplicitDeny)];
    assert_eq!(score(&file, &wrong).passed, 0);
}

#[test]
fn json_pointers_follow_rfc_6901() {
    let mut sources = SourceMap::new();
    let mut doc = value(&mut sources, "p.json", r#"{"a/b": {"m~n": [1, 2]}, "": 3}"#);
    assert_eq!(
        json::pointer_tokens("/a~1b/m~0n/1"),
        Some(alloc::vec![
            String::from("a/b"),
            String::from("m~n"),
            String::from("1")
        ])
    );
    assert!(json::pointer_tokens("a").is_none());
    assert!(json::pointer_tokens("/~2").is_none());
    assert!(doc.pointer("/a~1b/m~0n/1").is_some());
    assert!(doc.pointer("/a~1b/m~0n/01").is_none());
    assert!(doc.pointer("/").is_some());
    doc.set_pointer("/a~1b/m~0n/0", Value::synthetic(Kind::Bool(true)))
        .expect("set");
    assert_eq!(
        doc.pointer("/a~1b/m~0n/0").map(|v| &v.kind),
        Some(&Kind::Bool(true))
    );
    doc.set_pointer("/a~1b/new", Value::synthetic(Kind::Null))
        .expect("adds a member");
    assert!(
        doc.set_pointer("/a~1b/m~0n/9", Value::synthetic(Kind::Null))
            .is_err()
    );
    assert!(
        doc.set_pointer("/x/y", Value::synthetic(Kind::Null))
            .is_err()
    );
}

#[test]
fn the_student_copy_drops_hidden_cases_and_the_solution() {
    let mut sources = SourceMap::new();
    let with_case_pointer = EXERCISE.replace(
        r#""editable": ["/defaults/principal/groups/0/policies/0/document"]"#,
        r#""editable": ["/defaults/principal/groups/0/policies/0/document", "/cases/2/resource/arn"]"#,
    );
    let root = value(&mut sources, "exercise.json", &with_case_pointer);
    let copy = student_copy(&root);
    assert_eq!(
        copy.get("cases")
            .and_then(Value::as_array)
            .map(<[Value]>::len),
        Some(1)
    );
    let exercise = copy.get("exercise").expect("kept");
    assert!(exercise.get("solution").is_none());
    let editable = exercise
        .get("editable")
        .and_then(Value::as_array)
        .expect("editable");
    assert_eq!(editable.len(), 1, "the pointer into a hidden case is gone");
    let text = json::to_string_pretty(&copy);
    assert!(!text.contains("cannot delete"));
}

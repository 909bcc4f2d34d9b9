use std::path::PathBuf;

use super::*;

fn exercise_files() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../exercises");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("the exercises folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            (p.display().to_string(), text)
        })
        .collect();
    files.sort();
    files
}

fn apply_solution(session: &mut Session, workspace: &mut Workspace) {
    let texts = solution_texts(session);
    set_answers(session, workspace, &texts);
}

#[test]
fn every_exercise_opens_with_each_editable_part_linked() {
    for (name, text) in exercise_files() {
        let (workspace, session) = open(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            session.links.len(),
            session.exercise.editable.len(),
            "{name}"
        );
        for link in &session.links {
            assert!(
                !link.policies.is_empty(),
                "{name}: {} has no policy",
                link.pointer
            );
            assert!(!link.label.contains(" at /"), "{name}: {}", link.label);
        }
        // Hidden cases are not in the student's workspace.
        assert_eq!(
            workspace.tests.len(),
            session.total - session.hidden,
            "{name}"
        );
        assert!(session.hidden >= 2, "{name}");
    }
}

#[test]
fn the_solution_checks_full_and_the_start_does_not() {
    for (name, text) in exercise_files() {
        let (mut workspace, mut session) = open(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let start = check(&session, &workspace, LoadOptions::default());
        assert_eq!(start.error, None, "{name}");
        assert!(!start.grade.is_full_marks(), "{name}: {start:?}");
        apply_solution(&mut session, &mut workspace);
        session.predictions = session
            .predict
            .iter()
            .filter_map(|c| Some((c.name.clone(), c.expected?)))
            .collect();
        let solved = check(&session, &workspace, LoadOptions::default());
        assert!(solved.grade.is_full_marks(), "{name}: {solved:?}");
        assert_eq!(solved.grade.total, session.total);
    }
}

#[test]
fn editing_answers_reaches_the_grade_and_progress_survives_a_reload() {
    let (_, text) = exercise_files().into_iter().next().expect("an exercise");
    let (mut workspace, mut session) = open(&text).expect("opens");
    apply_solution(&mut session, &mut workspace);
    session.hints_shown = 2;
    let saved = progress_text(&session, &workspace);
    let (mut fresh_workspace, mut fresh) = open(&text).expect("opens");
    restore_progress(&mut fresh, &mut fresh_workspace, &saved);
    assert_eq!(fresh.hints_shown, 2);
    assert!(
        check(&fresh, &fresh_workspace, LoadOptions::default())
            .grade
            .is_full_marks()
    );
    // A broken answer is handed in as text, and fails its cases.
    let id = fresh.links[0].policies[0];
    if let Some(policy) = fresh_workspace.policy_mut(id) {
        policy.text = String::from("{ \"Version\": ");
    }
    let submission = submission_text(&fresh, &fresh_workspace, "Ada");
    assert!(submission.contains("\"student\": \"Ada\""), "{submission}");
    assert!(
        submission.contains("\"{ \\\"Version\\\": \""),
        "{submission}"
    );
    assert_eq!(
        check(&fresh, &fresh_workspace, LoadOptions::default())
            .grade
            .passed,
        0
    );
}

#[test]
fn a_file_without_an_exercise_is_refused_with_a_reason() {
    let error = open(r#"{"cases": []}"#).expect_err("not an exercise");
    assert!(error.contains("no `exercise` member"), "{error}");
    let error = open("{\"exercise\": ").expect_err("broken");
    assert!(error.starts_with("line 1, column"), "{error}");
}

#[test]
fn a_part_that_is_not_a_policy_is_answered_as_json_text() {
    // The student supplies a context value: MFA for the second case.
    let text = r#"{
      "exercise": {"id": "mfa-value", "title": "MFA value", "editable": ["/cases/1/context/aws:MultiFactorAuthPresent"],
        "hints": ["true"], "solution": {"/cases/1/context/aws:MultiFactorAuthPresent": true}},
      "defaults": {"principal": {"arn": "arn:aws:iam::111122223333:user/alice", "policies": [{"name": "NeedsMfa",
        "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
          "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}}]}},
      "cases": [
        {"name": "without MFA", "action": "s3:GetObject", "expect": "implicitDeny"},
        {"name": "with MFA", "action": "s3:GetObject", "context": {"aws:MultiFactorAuthPresent": false}, "expect": "allowed"},
        {"name": "hidden one", "action": "s3:GetObject", "expect": "implicitDeny", "hidden": true},
        {"name": "hidden two", "action": "s3:PutObject", "expect": "implicitDeny", "hidden": true}
      ]
    }"#;
    let (mut workspace, mut session) = open(text).expect("opens");
    assert!(session.links[0].policies.is_empty());
    assert_eq!(session.links[0].text.trim(), "false");
    assert!(
        !check(&session, &workspace, LoadOptions::default())
            .grade
            .is_full_marks()
    );
    session.links[0].text = String::from("true");
    assert!(
        check(&session, &workspace, LoadOptions::default())
            .grade
            .is_full_marks()
    );
    assert!(text_problem("tru").is_some());
    // Progress and the solution reach it too.
    let saved = progress_text(&session, &workspace);
    let (mut fresh_workspace, mut fresh) = open(text).expect("opens");
    restore_progress(&mut fresh, &mut fresh_workspace, &saved);
    assert_eq!(fresh.links[0].text, "true");
    session.links[0].text = String::from("false");
    apply_solution(&mut session, &mut workspace);
    assert!(
        check(&session, &workspace, LoadOptions::default())
            .grade
            .is_full_marks()
    );
}

//! Classroom exercises (`docs/exercise-format.md`): a case file with an
//! `exercise` member that says which parts a student may change, and the
//! grading of a student's submission against every case, hidden ones
//! included.
//!
//! Grading puts each answer where its JSON Pointer points, in a copy of the
//! exercise file, and loads that copy as any case file is loaded
//! ([`crate::case::load_value`]): the CLI's `iamlab grade`, the page's
//! exercise mode and its **Check my answer** give one score by one rule.
//! An answer keeps the spans of the submission it came from, so a policy
//! that does not validate is reported at its place in the submission.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::case::{self, CaseFile, Expect, LoadOptions};
use crate::diagnostic::{Code, Diagnostic};
use crate::json::{self, Kind, Value};
use crate::source::{SourceMap, Span};
use crate::trace::Decision;

/// The members of the `exercise` object.
const EXERCISE_MEMBERS: &[&str] = &[
    "id",
    "title",
    "topic",
    "instructions",
    "editable",
    "hints",
    "solution",
];

/// The members of a submission.
const SUBMISSION_MEMBERS: &[&str] = &["exercise", "answers", "predictions", "student", "$schema"];

/// An exercise, as its file's `exercise` member describes it.
#[derive(Clone, Debug)]
pub struct Exercise {
    /// The stable identifier that submissions name.
    pub id: String,
    /// The title shown to the student.
    pub title: String,
    /// The course topic (`users-and-groups`, `mfa`, …).
    pub topic: String,
    /// Markdown shown to the student.
    pub instructions: String,
    /// JSON Pointers to the only parts a student may change.
    pub editable: Vec<String>,
    /// Hints, revealed one at a time.
    pub hints: Vec<String>,
    /// A value for each editable pointer, when the file gives the solution
    /// (a student's copy does not).
    pub solution: Option<Vec<(String, Value)>>,
}

impl Exercise {
    /// Whether the student predicts decisions rather than edits policies:
    /// nothing is editable and some case asks for a prediction.
    pub fn is_predict_first(&self, file: &CaseFile) -> bool {
        self.editable.is_empty() && file.cases.iter().any(|c| c.predict)
    }

    /// The solution as a submission: the solution's answers, and for each
    /// case that asks for a prediction, its expected decision.
    pub fn solution_submission(&self, file: &CaseFile) -> Option<Submission> {
        let answers = self.solution.clone()?;
        Some(Submission {
            exercise: self.id.clone(),
            answers,
            predictions: expected_predictions(file),
            span: Span::default(),
        })
    }
}

/// The expected decision of every case that asks for a prediction.
pub fn expected_predictions(file: &CaseFile) -> Vec<(String, Decision)> {
    file.cases
        .iter()
        .filter(|c| c.predict)
        .filter_map(|c| match c.expect {
            Some(Expect::Decision(decision)) => Some((c.name.clone(), decision)),
            _ => None,
        })
        .collect()
}

/// What a student hands in.
#[derive(Clone, Debug)]
pub struct Submission {
    /// The id of the exercise it answers.
    pub exercise: String,
    /// A value for editable pointers (in any order; absent ones keep the
    /// exercise's starting value).
    pub answers: Vec<(String, Value)>,
    /// The predicted decision per case name, for cases that ask for one.
    pub predictions: Vec<(String, Decision)>,
    /// Where the submission's `exercise` member is, for errors.
    pub span: Span,
}

/// The grade of one case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseGrade {
    /// The case's name.
    pub name: String,
    /// Whether it is hidden from the student.
    pub hidden: bool,
    /// Whether it passed.
    pub passed: bool,
}

/// The grade of a submission: cases passed out of all cases.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grade {
    /// Cases passed, hidden ones included.
    pub passed: usize,
    /// Every case, hidden ones included.
    pub total: usize,
    /// Each case's grade, in file order.
    pub cases: Vec<CaseGrade>,
}

impl Grade {
    /// Whether every case passed.
    pub fn is_full_marks(&self) -> bool {
        self.passed == self.total
    }

    /// The names of the visible cases that failed.
    pub fn failed_visible(&self) -> impl Iterator<Item = &str> {
        self.cases
            .iter()
            .filter(|c| !c.passed && !c.hidden)
            .map(|c| c.name.as_str())
    }

    /// How many hidden cases failed.
    pub fn hidden_failed(&self) -> usize {
        self.cases.iter().filter(|c| !c.passed && c.hidden).count()
    }
}

fn error(span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Code::InvalidExercise, span, message)
}

fn submission_error(span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Code::InvalidSubmission, span, message)
}

/// The case format's error for each unknown member (with the closest
/// known name; `x-` members are left alone), under this file's code.
fn unknown_members(value: &Value, known: &[&str], what: &str, code: Code) -> Vec<Diagnostic> {
    value
        .as_object()
        .unwrap_or(&[])
        .iter()
        .filter(|m| !known.contains(&m.key.as_str()))
        .filter_map(|m| case::unknown_member(&m.key, m.key_span, known, what))
        .map(|d| Diagnostic { code, ..d })
        .collect()
}

fn string_member(value: &Value, key: &str, required: bool, out: &mut Vec<Diagnostic>) -> String {
    match value.get(key) {
        Some(found) => match found.as_str() {
            Some(text) if required && text.trim().is_empty() => {
                out.push(error(found.span, format!("`{key}` must not be empty")));
                String::new()
            }
            Some(text) => String::from(text),
            None => {
                out.push(error(
                    found.span,
                    format!("`{key}` must be a string, found {}", found.type_name()),
                ));
                String::new()
            }
        },
        None => {
            if required {
                out.push(error(value.span, format!("the exercise has no `{key}`")));
            }
            String::new()
        }
    }
}

fn string_list(value: &Value, key: &str, out: &mut Vec<Diagnostic>) -> Vec<(String, Span)> {
    let Some(found) = value.get(key) else {
        return Vec::new();
    };
    let Some(items) = found.as_array() else {
        out.push(error(
            found.span,
            format!(
                "`{key}` must be a list of strings, found {}",
                found.type_name()
            ),
        ));
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match item.as_str() {
            Some(text) => Some((String::from(text), item.span)),
            None => {
                out.push(error(
                    item.span,
                    format!("`{key}` must hold strings, found {}", item.type_name()),
                ));
                None
            }
        })
        .collect()
}

/// Whether one pointer names a part of what the other names (or the same).
fn overlaps(a: &str, b: &str) -> bool {
    let within = |inner: &str, outer: &str| {
        inner == outer
            || inner
                .strip_prefix(outer)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    within(a, b) || within(b, a)
}

/// Checks that a pointer may be edited in `root`: it is a pointer, it does
/// not reach into the `exercise` member, and what holds it exists.
fn check_editable(root: &Value, pointer: &str) -> Result<(), String> {
    let tokens = json::pointer_tokens(pointer).ok_or_else(|| {
        format!("`{pointer}` is not a JSON Pointer (RFC 6901): it must start with `/`")
    })?;
    match tokens.first().map(String::as_str) {
        None => return Err(String::from("the whole file cannot be editable")),
        Some("exercise") => return Err(format!("`{pointer}` points into the exercise itself")),
        Some(_) => {}
    }
    if root.pointer(pointer).is_some() {
        return Ok(());
    }
    // A missing last member of an existing object may be added by the answer
    // (a context value the student supplies).
    let parent = pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
    match root.pointer(parent) {
        Some(parent) if parent.as_object().is_some() => Ok(()),
        _ => Err(format!("`{pointer}` leads nowhere in this file")),
    }
}

/// Reads the `exercise` member of a case file. Every problem is reported,
/// each at its place.
pub fn read_exercise(root: &Value) -> Result<Exercise, Vec<Diagnostic>> {
    let Some(value) = root.get("exercise") else {
        return Err(alloc::vec![error(
            root.span,
            "this file is not an exercise: it has no `exercise` member",
        )]);
    };
    if value.as_object().is_none() {
        return Err(alloc::vec![error(
            value.span,
            format!("`exercise` must be an object, found {}", value.type_name()),
        )]);
    }
    let mut problems = unknown_members(
        value,
        EXERCISE_MEMBERS,
        "an exercise",
        Code::InvalidExercise,
    );
    let id = string_member(value, "id", true, &mut problems);
    let title = string_member(value, "title", true, &mut problems);
    let topic = string_member(value, "topic", false, &mut problems);
    let instructions = string_member(value, "instructions", false, &mut problems);
    let hints = string_list(value, "hints", &mut problems)
        .into_iter()
        .map(|(text, _)| text)
        .collect();
    let editable_spanned = string_list(value, "editable", &mut problems);
    for (idx, (pointer, span)) in editable_spanned.iter().enumerate() {
        if let Err(message) = check_editable(root, pointer) {
            problems.push(error(*span, message));
        }
        if let Some((other, _)) = editable_spanned
            .iter()
            .take(idx)
            .find(|(o, _)| overlaps(o, pointer))
        {
            problems.push(error(
                *span,
                format!("`{pointer}` overlaps `{other}`: an editable part is listed once"),
            ));
        }
    }
    let editable: Vec<String> = editable_spanned.iter().map(|(p, _)| p.clone()).collect();
    let solution = match value.get("solution") {
        None => None,
        Some(found) => match found.as_object() {
            None => {
                problems.push(error(
                    found.span,
                    format!(
                        "`solution` must be an object of pointers and values, found {}",
                        found.type_name()
                    ),
                ));
                None
            }
            Some(members) => {
                for member in members {
                    if !editable.contains(&member.key) {
                        problems.push(error(
                            member.key_span,
                            format!("the solution gives `{}`, which is not editable", member.key),
                        ));
                    }
                }
                for pointer in &editable {
                    if !members.iter().any(|m| &m.key == pointer) {
                        problems.push(error(
                            found.span,
                            format!("the solution gives no value for `{pointer}`"),
                        ));
                    }
                }
                Some(
                    members
                        .iter()
                        .map(|m| (m.key.clone(), m.value.clone()))
                        .collect(),
                )
            }
        },
    };
    check_case_names(root, &mut problems);
    if problems.is_empty() {
        Ok(Exercise {
            id,
            title,
            topic,
            instructions,
            editable,
            hints,
            solution,
        })
    } else {
        Err(problems)
    }
}

/// Grades name cases, so an exercise names each case once.
fn check_case_names(root: &Value, problems: &mut Vec<Diagnostic>) {
    let Some(cases) = root.get("cases").and_then(Value::as_array) else {
        return;
    };
    let mut names: Vec<(&str, Span)> = cases
        .iter()
        .filter_map(|c| c.get("name"))
        .filter_map(|n| n.as_str().map(|s| (s, n.span)))
        .collect();
    crate::sort::sort_by(&mut names, |a, b| a.0.cmp(b.0));
    for pair in names.windows(2) {
        if let [(a, _), (b, span)] = pair
            && a == b
        {
            problems.push(error(
                *span,
                format!("two cases are named `{b}`: an exercise names each case once"),
            ));
        }
    }
}

/// Reads a submission (`{"exercise": "<id>", "answers": {...}}`).
pub fn read_submission(root: &Value) -> Result<Submission, Diagnostic> {
    if root.as_object().is_none() {
        return Err(submission_error(
            root.span,
            format!(
                "a submission must be a JSON object, found {}",
                root.type_name()
            ),
        ));
    }
    if let Some(first) = unknown_members(
        root,
        SUBMISSION_MEMBERS,
        "a submission",
        Code::InvalidSubmission,
    )
    .into_iter()
    .next()
    {
        return Err(first);
    }
    let exercise = match root.get("exercise") {
        Some(found) => match found.as_str() {
            Some(id) => (String::from(id), found.span),
            None => {
                return Err(submission_error(
                    found.span,
                    format!(
                        "`exercise` must be the exercise's id, found {}",
                        found.type_name()
                    ),
                ));
            }
        },
        None => {
            return Err(submission_error(
                root.span,
                "the submission has no `exercise` (the id of the exercise it answers)",
            ));
        }
    };
    let answers = match root.get("answers") {
        None => Vec::new(),
        Some(found) => match found.as_object() {
            Some(members) => members
                .iter()
                .map(|m| (m.key.clone(), m.value.clone()))
                .collect(),
            None => {
                return Err(submission_error(
                    found.span,
                    format!(
                        "`answers` must be an object of pointers and values, found {}",
                        found.type_name()
                    ),
                ));
            }
        },
    };
    let mut predictions = Vec::new();
    if let Some(found) = root.get("predictions") {
        let Some(members) = found.as_object() else {
            return Err(submission_error(
                found.span,
                format!(
                    "`predictions` must be an object of case names and decisions, found {}",
                    found.type_name()
                ),
            ));
        };
        for member in members {
            match member.value.as_str().and_then(Decision::from_name) {
                Some(decision) => predictions.push((member.key.clone(), decision)),
                None => {
                    return Err(submission_error(
                        member.value.span,
                        format!(
                            "the prediction for `{}` must be `allowed`, `explicitDeny` or `implicitDeny`",
                            member.key
                        ),
                    ));
                }
            }
        }
    }
    if let Some(found) = root.get("student")
        && found.as_str().is_none()
    {
        return Err(submission_error(
            found.span,
            format!("`student` must be a string, found {}", found.type_name()),
        ));
    }
    Ok(Submission {
        exercise: exercise.0,
        answers,
        predictions,
        span: exercise.1,
    })
}

/// The exercise file with the submission's answers in place. The error
/// names the first answer that may not be given.
pub fn apply(
    root: &Value,
    exercise: &Exercise,
    submission: &Submission,
) -> Result<Value, Diagnostic> {
    if submission.exercise != exercise.id {
        return Err(submission_error(
            submission.span,
            format!(
                "the submission answers exercise `{}`, and this exercise is `{}`",
                submission.exercise, exercise.id
            ),
        ));
    }
    let mut out = root.clone();
    for (pointer, value) in &submission.answers {
        if !exercise.editable.contains(pointer) {
            return Err(submission_error(
                value.span,
                format!("`{pointer}` is not editable in exercise `{}`", exercise.id),
            ));
        }
        out.set_pointer(pointer, value.clone())
            .map_err(|message| submission_error(value.span, message))?;
    }
    Ok(out)
}

/// Scores a loaded exercise file (answers in place): a case passes when its
/// expectation is met and, when it asks for a prediction, the submission
/// predicted its decision.
pub fn score(file: &CaseFile, predictions: &[(String, Decision)]) -> Grade {
    let mut grade = Grade {
        total: file.cases.len(),
        ..Grade::default()
    };
    for case in &file.cases {
        let decision = case.decision();
        let mut passed = case::passes(case.expect, decision);
        if case.predict {
            let predicted = predictions
                .iter()
                .find(|(name, _)| *name == case.name)
                .map(|(_, d)| *d);
            passed &= predicted.is_some() && predicted == decision;
        }
        grade.passed += usize::from(passed);
        grade.cases.push(CaseGrade {
            name: case.name.clone(),
            hidden: case.hidden,
            passed,
        });
    }
    grade
}

/// Grades a submission against an exercise file: answers in place, every
/// case run, hidden ones included.
pub fn grade(
    sources: &mut SourceMap,
    root: &Value,
    exercise: &Exercise,
    submission: &Submission,
    options: LoadOptions<'_>,
) -> Result<Grade, Diagnostic> {
    let applied = apply(root, exercise, submission)?;
    let file = case::load_value(sources, &applied, options).map_err(|diagnostics| {
        diagnostics
            .into_iter()
            .find(Diagnostic::is_error)
            .unwrap_or_else(|| {
                submission_error(submission.span, "the answers make the file unreadable")
            })
    })?;
    Ok(score(&file, &submission.predictions))
}

/// The copy of an exercise file a student receives: the hidden cases and
/// the solution removed, and the editable pointers into cases renumbered.
pub fn student_copy(root: &Value) -> Value {
    let mut out = root.clone();
    let mut kept_index: Vec<Option<usize>> = Vec::new();
    if let Kind::Object(members) = &mut out.kind {
        for member in members.iter_mut() {
            if member.key == "cases"
                && let Kind::Array(items) = &mut member.value.kind
            {
                let mut next = 0;
                for item in items.iter() {
                    let hidden =
                        matches!(item.get("hidden").map(|h| &h.kind), Some(Kind::Bool(true)));
                    kept_index.push((!hidden).then(|| {
                        next += 1;
                        next - 1
                    }));
                }
                items.retain(|item| {
                    !matches!(item.get("hidden").map(|h| &h.kind), Some(Kind::Bool(true)))
                });
            }
        }
        for member in members.iter_mut() {
            if member.key != "exercise" {
                continue;
            }
            if let Kind::Object(fields) = &mut member.value.kind {
                fields.retain(|f| f.key != "solution");
                for field in fields.iter_mut() {
                    if field.key == "editable"
                        && let Kind::Array(pointers) = &mut field.value.kind
                    {
                        pointers.retain_mut(|p| renumber(p, &kept_index));
                    }
                }
            }
        }
    }
    out
}

/// Renumbers a pointer into `/cases/N` after hidden cases are removed;
/// `false` when its case is gone.
fn renumber(pointer: &mut Value, kept: &[Option<usize>]) -> bool {
    let Kind::String(text) = &mut pointer.kind else {
        return true;
    };
    let Some(rest) = text.strip_prefix("/cases/") else {
        return true;
    };
    let (index, tail) = match rest.split_once('/') {
        Some((index, _)) => (index, rest.get(index.len()..).unwrap_or("")),
        None => (rest, ""),
    };
    match index
        .parse::<usize>()
        .ok()
        .and_then(|i| kept.get(i).copied())
    {
        Some(Some(new)) => {
            *text = format!("/cases/{new}{tail}");
            true
        }
        Some(None) => false,
        None => true,
    }
}

#[cfg(test)]
mod tests;

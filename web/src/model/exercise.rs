//! Exercise mode (`docs/exercise-format.md`): an exercise file opened as a
//! workspace whose editable parts the student edits, checked by the core's
//! grader exactly as `iamlab grade` checks a handed-in file.
//!
//! Opening imports the student's view of the file (hidden cases and the
//! solution removed) as an ordinary workspace, so every pane, the tests and
//! the waterfall work as usual. Each editable pointer is *linked* to the
//! workspace policies that came from it: a policy in `defaults` becomes one
//! policy per principal or resource that uses it, and editing one edits
//! them all. An answer is the text of a link's policy; **Check my answer**
//! and **Hand in** turn the answers into a submission, which the core grades
//! against the full file.

use std::rc::Rc;

use iamlab_core::case::{LoadOptions, load_value};
use iamlab_core::exercise::{self, Exercise, Grade};
use iamlab_core::json::{self, Kind, Limits, Value};
use iamlab_core::source::SourceMap;
use iamlab_core::trace::Decision;

use super::cases::{import_case_value, member, object, string};
use super::workspace::Workspace;

/// An editable part of the exercise and the workspace policies it became.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The JSON Pointer into the exercise file.
    pub pointer: String,
    /// What the student sees it called ("identity policy ReadTeamDocs").
    pub label: String,
    /// The workspace policies holding it; the first is the one edited.
    /// None when it is not a policy document (a context value, a list of
    /// policies): then the student edits [`Link::text`].
    pub policies: Vec<u32>,
    /// The answer's JSON text, for a part that is not a policy document.
    pub text: String,
}

/// A case whose decision the student predicts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PredictCase {
    /// The case's name (its test's name).
    pub name: String,
    /// The decision the case expects.
    pub expected: Option<Decision>,
    /// The whole case (its defaults merged in), as JSON to read before
    /// predicting; without `expect`, which would give the answer away.
    pub scenario: String,
}

/// The result of **Check my answer**.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// Every case, hidden ones included.
    pub grade: Grade,
    /// Why the answer could not be graded, if it could not.
    pub error: Option<String>,
}

impl Checked {
    /// Hidden cases that passed, and how many there are.
    pub fn hidden(&self) -> (usize, usize) {
        let hidden = self.grade.cases.iter().filter(|c| c.hidden);
        let total = hidden.clone().count();
        (hidden.filter(|c| c.passed).count(), total)
    }
}

/// An open exercise.
#[derive(Clone, Debug)]
pub struct Session {
    /// The exercise file as opened (the teacher's full file, or a student's
    /// copy).
    pub text: String,
    /// Its `exercise` member.
    pub exercise: Exercise,
    /// One per editable pointer.
    pub links: Vec<Link>,
    /// The visible cases that ask for a prediction.
    pub predict: Vec<PredictCase>,
    /// How many cases the file has, hidden ones included.
    pub total: usize,
    /// How many of them are hidden.
    pub hidden: usize,
    /// How many hints are shown.
    pub hints_shown: usize,
    /// The student's predictions, by case name.
    pub predictions: Vec<(String, Decision)>,
    /// The last check, if any.
    pub checked: Option<Checked>,
    /// The scenario as the student may read it (the file without its
    /// `exercise` member, hidden cases and solution), shown locked.
    pub locked: String,
}

impl Session {
    /// Whether this is a *predict first* exercise.
    pub fn is_predict_first(&self) -> bool {
        self.exercise.editable.is_empty() && !self.predict.is_empty()
    }

    /// The student's prediction for a case.
    pub fn prediction(&self, name: &str) -> Option<Decision> {
        self.predictions
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| *d)
    }

    /// Whether the link holding a policy id, if any, and the other ids it
    /// holds.
    pub fn linked_with(&self, id: u32) -> Option<&Link> {
        self.links.iter().find(|l| l.policies.contains(&id))
    }
}

/// A session shared by the state; equal when it is the same session (a
/// change makes a new one).
#[derive(Clone, Debug)]
pub struct SessionRef(Rc<Session>);

impl SessionRef {
    /// Shares a session.
    pub fn new(session: Session) -> Self {
        SessionRef(Rc::new(session))
    }

    /// The session.
    pub fn get(&self) -> &Session {
        &self.0
    }
}

impl PartialEq for SessionRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for SessionRef {}

/// Reads JSON text, or says where it is broken.
fn parse(sources: &mut SourceMap, name: &str, text: &str) -> Result<Value, String> {
    let source = sources.add(name, text);
    let (value, diagnostics) = json::parse(text, source, Limits::default());
    if let Some(error) = diagnostics.iter().find(|d| d.is_error()) {
        let at = sources.locate(error.span);
        return Err(format!(
            "line {}, column {}: {}",
            at.line, at.column, error.message
        ));
    }
    value.ok_or_else(|| String::from("the file is empty"))
}

/// A policy's text as the page's editors hold it.
fn document_text(value: &Value) -> String {
    match &value.kind {
        Kind::String(text) => text.clone(),
        _ => json::to_string_pretty(value) + "\n",
    }
}

/// What an editable pointer is called, from where it points.
fn label_of(root: &Value, pointer: &str) -> String {
    let kind = if pointer.contains("/permissionsBoundary/") {
        "permissions boundary"
    } else if pointer.contains("/sessionPolicies/") {
        "session policy"
    } else if pointer.contains("/groups/") {
        "group policy"
    } else if pointer.contains("/scps/") {
        "SCP"
    } else if pointer.contains("/rcps/") {
        "RCP"
    } else if pointer.contains("/vpcEndpoint/") {
        "VPC endpoint policy"
    } else if pointer.contains("/resource/policy") {
        let resource_arn = pointer
            .find("/resource/")
            .and_then(|at| root.pointer(&format!("{}/arn", &pointer[..at + "/resource".len()])))
            .and_then(Value::as_str)
            .unwrap_or("");
        if resource_arn.contains(":role/") {
            "trust policy"
        } else {
            "resource-based policy"
        }
    } else if pointer.contains("/policies/") {
        "identity policy"
    } else {
        "value"
    };
    let name = pointer
        .strip_suffix("/document")
        .and_then(|policy| root.pointer(policy))
        .and_then(|policy| policy.get("name"))
        .and_then(Value::as_str);
    match name {
        Some(name) => format!("{kind} {name}"),
        None => format!("{kind} at {pointer}"),
    }
}

/// Opens an exercise file: the workspace the student works in, and the
/// session. The error says why the file is not an exercise the page can
/// open.
pub fn open(text: &str) -> Result<(Workspace, Session), String> {
    let mut sources = SourceMap::new();
    let root = parse(&mut sources, "exercise", text)?;
    let exercise = exercise::read_exercise(&root).map_err(|problems| {
        problems.first().map_or_else(String::new, |d| {
            let at = sources.locate(d.span);
            format!("line {}, column {}: {}", at.line, at.column, d.message)
        })
    })?;
    let file = load_value(&mut sources, &root, LoadOptions::default()).map_err(|problems| {
        problems
            .first()
            .map_or_else(String::new, |d| d.message.clone())
    })?;
    let mut visible = exercise::student_copy(&root);
    let mut workspace = import_case_value(&visible).map_err(|e| e.message)?;
    if let Kind::Object(members) = &mut visible.kind {
        members.retain(|m| m.key != "exercise");
    }
    let locked = json::to_string_pretty(&visible);
    workspace.title = exercise.title.clone();
    workspace.description = format!("Exercise: {}", exercise.title);
    let links = exercise
        .editable
        .iter()
        .map(|pointer| {
            let target = root.pointer(pointer);
            let name = pointer
                .strip_suffix("/document")
                .and_then(|p| root.pointer(p))
                .and_then(|p| p.get("name"))
                .and_then(Value::as_str);
            let policies = match (target, name) {
                (Some(target), Some(name)) => {
                    let text = document_text(target);
                    workspace
                        .policies()
                        .into_iter()
                        .filter(|(_, p)| p.name == name && p.text == text)
                        .map(|(_, p)| p.id)
                        .collect()
                }
                _ => Vec::new(),
            };
            Link {
                pointer: pointer.clone(),
                label: label_of(&root, pointer),
                text: target
                    .map(|t| json::to_string_pretty(t) + "\n")
                    .unwrap_or_default(),
                policies,
            }
        })
        .collect();
    let items = root.get("cases").and_then(Value::as_array).unwrap_or(&[]);
    let predict = file
        .cases
        .iter()
        .zip(items)
        .filter(|(c, _)| c.predict && !c.hidden)
        .map(|(c, item)| {
            let mut merged = json::merge_patch(root.get("defaults"), item);
            if let Kind::Object(members) = &mut merged.kind {
                members.retain(|m| !matches!(m.key.as_str(), "expect" | "predict" | "hidden"));
            }
            PredictCase {
                name: c.name.clone(),
                expected: match c.expect {
                    Some(iamlab_core::case::Expect::Decision(d)) => Some(d),
                    _ => None,
                },
                scenario: json::to_string_pretty(&merged),
            }
        })
        .collect();
    let session = Session {
        text: text.to_owned(),
        total: file.cases.len(),
        hidden: file.cases.iter().filter(|c| c.hidden).count(),
        exercise,
        links,
        predict,
        hints_shown: 0,
        predictions: Vec::new(),
        checked: None,
        locked,
    };
    Ok((workspace, session))
}

/// The student's answer for each editable part: the text of its first
/// linked policy, as JSON when it parses and as a string when it does not.
pub fn answers(session: &Session, workspace: &Workspace) -> Vec<(String, Value)> {
    session
        .links
        .iter()
        .filter_map(|link| {
            let text = answer_text(link, workspace)?;
            let mut scratch = SourceMap::new();
            let value = parse(&mut scratch, "answer", text).unwrap_or_else(|_| {
                if link.policies.is_empty() {
                    // Not JSON, and not a policy: the text as a string.
                    Value::synthetic(Kind::String(text.trim().to_owned()))
                } else {
                    // A policy the page could not parse is handed in as its text.
                    Value::synthetic(Kind::String(text.to_owned()))
                }
            });
            Some((link.pointer.clone(), value))
        })
        .collect()
}

/// The student's text for an editable part: its policy's, or its own.
pub fn answer_text<'a>(link: &'a Link, workspace: &'a Workspace) -> Option<&'a str> {
    match link.policies.first() {
        Some(id) => workspace.policy(*id).map(|p| p.text.as_str()),
        None => Some(link.text.as_str()),
    }
}

/// Why a part's JSON text does not parse, if it does not.
pub fn text_problem(text: &str) -> Option<String> {
    let mut scratch = SourceMap::new();
    parse(&mut scratch, "answer", text).err()
}

/// The submission file **Hand in** downloads.
pub fn submission_text(session: &Session, workspace: &Workspace, student: &str) -> String {
    let mut members = vec![member("exercise", string(&session.exercise.id))];
    if !student.trim().is_empty() {
        members.push(member("student", string(student.trim())));
    }
    let answers = answers(session, workspace)
        .into_iter()
        .map(|(pointer, value)| member(&pointer, value))
        .collect();
    members.push(member("answers", object(answers)));
    if !session.predictions.is_empty() {
        let predictions = session
            .predictions
            .iter()
            .map(|(name, decision)| member(name, string(decision.as_str())))
            .collect();
        members.push(member("predictions", object(predictions)));
    }
    json::to_string_pretty(&object(members)) + "\n"
}

/// **Check my answer**: grades the current answers against every case of
/// the file, as `iamlab grade` grades the handed-in file.
pub fn check(session: &Session, workspace: &Workspace, options: LoadOptions<'_>) -> Checked {
    let mut sources = SourceMap::new();
    let graded = parse(&mut sources, "exercise", &session.text).and_then(|root| {
        let submitted = parse(
            &mut sources,
            "submission",
            &submission_text(session, workspace, ""),
        )?;
        let submission = exercise::read_submission(&submitted).map_err(|d| d.message)?;
        exercise::grade(&mut sources, &root, &session.exercise, &submission, options)
            .map_err(|d| d.message)
    });
    match graded {
        Ok(grade) => Checked { grade, error: None },
        Err(error) => Checked {
            grade: Grade::default(),
            error: Some(error),
        },
    }
}

/// The solution's text for each editable part, by pointer.
pub fn solution_texts(session: &Session) -> Vec<(String, String)> {
    let Some(solution) = &session.exercise.solution else {
        return Vec::new();
    };
    session
        .links
        .iter()
        .filter_map(|link| {
            let value = solution.iter().find(|(p, _)| *p == link.pointer)?;
            let text = if link.policies.is_empty() {
                json::to_string_pretty(&value.1) + "\n"
            } else {
                document_text(&value.1)
            };
            Some((link.pointer.clone(), text))
        })
        .collect()
}

/// Puts texts in place of the answers: each policy of a part's link, or the
/// part's own text.
pub fn set_answers(session: &mut Session, workspace: &mut Workspace, texts: &[(String, String)]) {
    for (pointer, text) in texts {
        let Some(link) = session.links.iter_mut().find(|l| &l.pointer == pointer) else {
            continue;
        };
        if link.policies.is_empty() {
            link.text.clone_from(text);
        }
        for id in &link.policies {
            if let Some(policy) = workspace.policy_mut(*id) {
                policy.text.clone_from(text);
            }
        }
    }
}

/// The student's progress, as local storage keeps it per exercise.
pub fn progress_text(session: &Session, workspace: &Workspace) -> String {
    let answers = session
        .links
        .iter()
        .filter_map(|link| Some(member(&link.pointer, string(answer_text(link, workspace)?))))
        .collect();
    let predictions = session
        .predictions
        .iter()
        .map(|(name, decision)| member(name, string(decision.as_str())))
        .collect();
    let progress = object(vec![
        member("answers", object(answers)),
        member("predictions", object(predictions)),
        member(
            "hints",
            Value::synthetic(Kind::Number(session.hints_shown.to_string())),
        ),
    ]);
    json::to_string(&progress)
}

/// Puts saved progress back: answers into the linked policies, predictions
/// and hints into the session. Progress that does not fit is ignored.
pub fn restore_progress(session: &mut Session, workspace: &mut Workspace, text: &str) {
    let mut scratch = SourceMap::new();
    let Ok(progress) = parse(&mut scratch, "progress", text) else {
        return;
    };
    if let Some(answers) = progress.get("answers").and_then(Value::as_object) {
        let texts: Vec<(String, String)> = answers
            .iter()
            .filter_map(|a| Some((a.key.clone(), a.value.as_str()?.to_owned())))
            .collect();
        set_answers(session, workspace, &texts);
    }
    if let Some(predictions) = progress.get("predictions").and_then(Value::as_object) {
        session.predictions = predictions
            .iter()
            .filter(|p| session.predict.iter().any(|c| c.name == p.key))
            .filter_map(|p| Some((p.key.clone(), Decision::from_name(p.value.as_str()?)?)))
            .collect();
    }
    if let Some(Kind::Number(hints)) = progress.get("hints").map(|h| &h.kind) {
        session.hints_shown = hints
            .parse::<usize>()
            .unwrap_or(0)
            .min(session.exercise.hints.len());
    }
}

#[cfg(test)]
mod tests;

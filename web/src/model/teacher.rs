//! Teacher mode: the current workspace turned into an exercise file
//! (`docs/exercise-format.md`), and the student's copy of it.
//!
//! The workspace's tests become the cases. The first test's principal,
//! organization and resource become `defaults`, and every case keeps only
//! how it differs from them (a JSON Merge Patch), so that a policy the
//! teacher makes editable sits at one pointer that every case shares.

use iamlab_core::exercise;
use iamlab_core::json::{self, Kind, Limits, Member, Value};
use iamlab_core::source::SourceMap;

use super::cases::{array, case_json, member, object, policy_json, string};
use super::workspace::{PolicySlot, Workspace};

/// What the teacher chose.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TeacherSpec {
    /// The exercise's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its topic.
    pub topic: String,
    /// Markdown for the student.
    pub instructions: String,
    /// Hints, in order.
    pub hints: Vec<String>,
    /// The policies the student may edit (editor ids).
    pub editable: Vec<u32>,
    /// The tests that are hidden (indexes).
    pub hidden: Vec<usize>,
    /// The solution: each editable policy's text, as set from the workspace.
    pub solution: Vec<(u32, String)>,
    /// The text each editable policy starts with for the student (the
    /// workspace's text when absent).
    pub starting: Vec<(u32, String)>,
}

/// The policies a teacher can make editable, with a label for each.
pub fn policy_choices(workspace: &Workspace) -> Vec<(u32, String)> {
    workspace
        .policies()
        .into_iter()
        .filter(|(_, p)| !p.is_managed())
        .map(|(slot, p)| {
            let place = match slot {
                PolicySlot::Identity { principal, .. } => {
                    format!("identity policy of {}", owner(workspace, principal))
                }
                PolicySlot::Group { principal, .. } => {
                    format!("group policy of {}", owner(workspace, principal))
                }
                PolicySlot::Boundary { principal } => {
                    format!("permissions boundary of {}", owner(workspace, principal))
                }
                PolicySlot::Session { principal, .. } => {
                    format!("session policy of {}", owner(workspace, principal))
                }
                PolicySlot::Resource { .. } => String::from("resource-based policy"),
                PolicySlot::Scp { .. } => String::from("SCP"),
                PolicySlot::Rcp { .. } => String::from("RCP"),
                _ => String::from("policy"),
            };
            (p.id, format!("{} ({place})", p.name))
        })
        .collect()
}

fn owner(workspace: &Workspace, principal: usize) -> String {
    workspace
        .principals
        .get(principal)
        .map(|p| p.arn.rsplit([':', '/']).next().unwrap_or(&p.arn).to_owned())
        .unwrap_or_default()
}

/// A merge patch that turns `base` into `target` (RFC 7396).
fn diff(base: &Value, target: &Value) -> Value {
    let (Some(base_members), Some(target_members)) = (base.as_object(), target.as_object()) else {
        return target.clone();
    };
    let mut out: Vec<Member> = Vec::new();
    for m in target_members {
        match base_members.iter().find(|b| b.key == m.key) {
            Some(b) if b.value.same_content(&m.value) => {}
            Some(b) => out.push(member(&m.key, diff(&b.value, &m.value))),
            None => out.push(member(&m.key, m.value.clone())),
        }
    }
    for b in base_members {
        if !target_members.iter().any(|m| m.key == b.key) {
            out.push(member(&b.key, Value::synthetic(Kind::Null)));
        }
    }
    object(out)
}

/// Escapes a member name for a JSON Pointer (RFC 6901).
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Every pointer at which a policy (`{"name", "document"}`) equal to
/// `policy` sits, in document order.
fn find_policy(value: &Value, policy: &Value, at: &str, out: &mut Vec<String>) {
    match &value.kind {
        Kind::Object(members) => {
            if value.same_content(policy) {
                out.push(format!("{at}/document"));
                return;
            }
            for m in members {
                find_policy(&m.value, policy, &format!("{at}/{}", escape(&m.key)), out);
            }
        }
        Kind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                find_policy(item, policy, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn policy_value(workspace: &Workspace, id: u32) -> Option<Value> {
    workspace.policy(id).map(policy_json)
}

/// The full exercise file (for `iamlab grade`). The error says what is
/// missing.
pub fn export_exercise(workspace: &Workspace, spec: &TeacherSpec) -> Result<String, String> {
    if spec.id.trim().is_empty() || spec.title.trim().is_empty() {
        return Err(String::from("give the exercise an id and a title"));
    }
    if workspace.tests.is_empty() {
        return Err(String::from(
            "add tests first: the workspace's tests become the exercise's cases",
        ));
    }
    // The file holds the starting text; the solution goes under `solution`.
    let source = workspace;
    let mut workspace = workspace.clone();
    for (id, text) in &spec.starting {
        if spec.editable.contains(id)
            && let Some(policy) = workspace.policy_mut(*id)
        {
            policy.text.clone_from(text);
        }
    }
    let solution_of = |id: u32| {
        spec.solution
            .iter()
            .find(|(sid, _)| *sid == id)
            .map(|(_, text)| text.clone())
            .or_else(|| source.policy(id).map(|p| p.text.clone()))
            .unwrap_or_default()
    };
    let workspace = &workspace;
    let cases: Vec<Value> = workspace
        .tests
        .iter()
        .map(|t| case_json(workspace, &t.name, t.caller, &t.request, &t.expect))
        .collect();
    let shared = ["principal", "organization", "resource"];
    let defaults: Vec<Member> = shared
        .iter()
        .filter_map(|key| Some(member(key, cases[0].get(key)?.clone())))
        .collect();
    let defaults = object(defaults);
    let cases: Vec<Value> = cases
        .into_iter()
        .enumerate()
        .map(|(index, case)| {
            let mut members: Vec<Member> = Vec::new();
            for m in case.as_object().unwrap_or(&[]) {
                match defaults.get(&m.key) {
                    Some(base) if base.same_content(&m.value) => {}
                    Some(base) => members.push(member(&m.key, diff(base, &m.value))),
                    None => members.push(m.clone()),
                }
            }
            for key in shared {
                if defaults.get(key).is_some() && case.get(key).is_none() {
                    members.push(member(key, Value::synthetic(Kind::Null)));
                }
            }
            if spec.hidden.contains(&index) {
                members.push(member("hidden", Value::synthetic(Kind::Bool(true))));
            }
            object(members)
        })
        .collect();
    let body = object(vec![
        member("defaults", defaults),
        member("cases", array(cases)),
    ]);
    let mut editable: Vec<String> = Vec::new();
    let mut solution: Vec<Member> = Vec::new();
    for id in &spec.editable {
        let Some(policy) = policy_value(workspace, *id) else {
            continue;
        };
        let mut pointers = Vec::new();
        find_policy(&body, &policy, "", &mut pointers);
        let answer = solution_of(*id);
        let mut scratch = SourceMap::new();
        let source = scratch.add("solution", answer.as_str());
        let (parsed, problems) = json::parse(&answer, source, Limits::default());
        let value = match parsed {
            Some(value) if !problems.iter().any(|d| d.is_error()) => value,
            _ => Value::synthetic(Kind::String(answer.clone())),
        };
        for pointer in pointers {
            if !editable.contains(&pointer) {
                solution.push(member(&pointer, value.clone()));
                editable.push(pointer);
            }
        }
    }
    let mut about = vec![
        member("id", string(spec.id.trim())),
        member("title", string(spec.title.trim())),
    ];
    if !spec.topic.trim().is_empty() {
        about.push(member("topic", string(spec.topic.trim())));
    }
    about.push(member("instructions", string(&spec.instructions)));
    about.push(member(
        "editable",
        array(editable.iter().map(|p| string(p)).collect()),
    ));
    let hints: Vec<Value> = spec
        .hints
        .iter()
        .filter(|h| !h.trim().is_empty())
        .map(|h| string(h.trim()))
        .collect();
    about.push(member("hints", array(hints)));
    about.push(member("solution", object(solution)));
    let Kind::Object(mut members) = body.kind else {
        return Err(String::from("the exercise could not be built"));
    };
    members.insert(0, member("exercise", object(about)));
    let text = json::to_string_pretty(&object(members)) + "\n";
    // What the page exports, the page and `iamlab grade` must read.
    let mut sources = SourceMap::new();
    let source = sources.add("exercise", text.as_str());
    if let (Some(root), _) = json::parse(&text, source, Limits::default())
        && let Err(problems) = exercise::read_exercise(&root)
    {
        return Err(problems
            .first()
            .map_or_else(String::new, |p| p.message.clone()));
    }
    Ok(text)
}

/// The student's copy of an exercise file: hidden cases and the solution
/// removed.
pub fn student_text(full: &str) -> Result<String, String> {
    let mut sources = SourceMap::new();
    let source = sources.add("exercise", full);
    let (root, problems) = json::parse(full, source, Limits::default());
    match root {
        Some(root) if !problems.iter().any(|d| d.is_error()) => {
            Ok(json::to_string_pretty(&exercise::student_copy(&root)) + "\n")
        }
        _ => Err(String::from("the exercise file is not valid JSON")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::exercise;
    use iamlab_core::case::LoadOptions;

    fn workspace_of(name: &str) -> Workspace {
        let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name);
        let text = std::fs::read_to_string(path).expect("an example");
        crate::model::codec::workspace_from_json(&text).expect("reads")
    }

    #[test]
    fn a_workspace_becomes_an_exercise_that_grades_like_its_tests() {
        let workspace = workspace_of("least-privilege-groups.json");
        let choices = policy_choices(&workspace);
        let (id, label) = choices.first().cloned().expect("a policy");
        assert!(label.contains("group policy"), "{label}");
        let spec = TeacherSpec {
            id: String::from("groups"),
            title: String::from("Groups"),
            topic: String::from("users-and-groups"),
            instructions: String::from("Fix it."),
            hints: vec![String::from("look"), String::new()],
            editable: vec![id],
            hidden: vec![1, 2],
            solution: Vec::new(),
            starting: Vec::new(),
        };
        let full = export_exercise(&workspace, &spec).expect("exports");
        assert!(
            full.contains("\"/defaults/principal/groups/0/policies/0/document\""),
            "{full}"
        );
        // The solution is the current text, so every test passes as it does in the workspace.
        let (opened, session) = exercise::open(&full).expect("opens");
        assert_eq!(session.hidden, 2);
        let checked = exercise::check(&session, &opened, LoadOptions::default());
        assert!(checked.grade.is_full_marks(), "{checked:?}");
        assert_eq!(checked.grade.total, workspace.tests.len());
        let student = student_text(&full).expect("a copy");
        assert!(!student.contains("\"solution\""));
        assert!(!student.contains("\"hidden\": true"));
        let (_, copy) = exercise::open(&student).expect("the copy opens");
        assert_eq!(copy.total, workspace.tests.len() - 2);

        // With a starting text of its own, the student starts from it and
        // the solution stays the workspace's text.
        let starting = String::from(
            "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:ListBucket\", \"Resource\": \"*\"}]}",
        );
        let spec = TeacherSpec {
            starting: vec![(id, starting)],
            ..spec
        };
        let full = export_exercise(&workspace, &spec).expect("exports");
        let (opened, session) = exercise::open(&full).expect("opens");
        assert!(
            !exercise::check(&session, &opened, LoadOptions::default())
                .grade
                .is_full_marks()
        );
        let mut solved = opened;
        let mut solved_session = session.clone();
        let texts = exercise::solution_texts(&session);
        exercise::set_answers(&mut solved_session, &mut solved, &texts);
        assert!(
            exercise::check(&solved_session, &solved, LoadOptions::default())
                .grade
                .is_full_marks()
        );
    }

    #[test]
    fn cases_keep_only_how_they_differ_from_the_defaults() {
        let base: Value = {
            let mut sources = SourceMap::new();
            let id = sources.add("a", r#"{"arn": "x", "policies": [1], "tags": {"a": "b"}}"#);
            json::parse(
                r#"{"arn": "x", "policies": [1], "tags": {"a": "b"}}"#,
                id,
                Limits::default(),
            )
            .0
            .expect("json")
        };
        let target: Value = {
            let mut sources = SourceMap::new();
            let text = r#"{"arn": "y", "tags": {"a": "b", "c": "d"}}"#;
            let id = sources.add("b", text);
            json::parse(text, id, Limits::default()).0.expect("json")
        };
        let patch = diff(&base, &target);
        assert_eq!(
            json::to_string(&patch),
            r#"{"arn":"y","tags":{"c":"d"},"policies":null}"#
        );
        assert!(json::merge_patch(Some(&base), &patch).same_content(&target));
    }
}

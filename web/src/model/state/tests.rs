//! Unit tests for the reducer.

use super::*;
use iamlab_core::trace::Decision;

fn state() -> State {
    State {
        workspace: Workspace::blank(),
        ..State::default()
    }
}

#[test]
fn editing_a_policy_changes_only_that_policy() {
    let state = state();
    let id = state.workspace.principals[0].policies[0].id;
    let next = reduce(
        state.clone(),
        Action::SetPolicyText {
            id,
            text: String::from("{}"),
        },
    );
    assert_eq!(next.workspace.policy(id).unwrap().text, "{}");
    assert_eq!(
        next.workspace.principals.len(),
        state.workspace.principals.len()
    );
}

#[test]
fn new_policies_get_fresh_ids_and_can_be_removed() {
    let mut state = state();
    state = reduce(
        state,
        Action::AddPolicy(PolicyList::Identity { principal: 0 }),
    );
    state = reduce(
        state,
        Action::SetBoundary {
            principal: 0,
            present: true,
        },
    );
    let ids: Vec<u32> = state
        .workspace
        .policies()
        .iter()
        .map(|(_, p)| p.id)
        .collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(ids.len(), 3);
    assert_eq!(ids, unique);
    state = reduce(state, Action::RemovePolicy(ids[2]));
    assert!(state.workspace.principals[0].boundary.is_none());
}

#[test]
fn removing_a_resource_fixes_the_requests_that_pointed_at_it() {
    let mut state = state();
    state = reduce(state, Action::AddResource);
    state = reduce(state, Action::AddResource);
    state = reduce(state, Action::SetRequestResource(Some(1)));
    state = reduce(
        state,
        Action::SaveTest {
            name: String::from("t"),
            expect: String::from("allowed"),
        },
    );
    state = reduce(state, Action::RemoveResource(0));
    assert_eq!(state.workspace.request.resource, Some(0));
    assert_eq!(state.workspace.tests[0].request.resource, Some(0));
    state = reduce(state, Action::RemoveResource(0));
    assert_eq!(state.workspace.request.resource, None);
}

#[test]
fn quick_add_sets_an_existing_key_instead_of_duplicating_it() {
    let mut state = state();
    for value in ["true", "false"] {
        state = reduce(
            state,
            Action::AddContextKey {
                key: String::from("aws:MultiFactorAuthPresent"),
                kind: ContextType::Boolean,
                value: String::from(value),
            },
        );
    }
    assert_eq!(state.workspace.request.context.len(), 1);
    assert_eq!(state.workspace.request.context[0].value, "false");
}

#[test]
fn enabling_scps_starts_with_full_access_at_the_root() {
    let state = reduce(state(), Action::SetScpsEnabled(true));
    let levels = &state.workspace.organization.scps;
    assert_eq!(levels.len(), 1);
    assert_eq!(levels[0].policies[0].name, "FullAWSAccess");
}

#[test]
fn editing_a_highlighted_policy_drops_the_stale_highlight() {
    let mut state = state();
    let id = state.workspace.principals[0].policies[0].id;
    let highlight = Highlight {
        editor: id,
        start: 0,
        end: 4,
    };
    state = reduce(state, Action::Highlight(Some(highlight)));
    state = reduce(
        state,
        Action::SetPolicyText {
            id: id + 100,
            text: String::from("{}"),
        },
    );
    assert_eq!(
        state.highlight,
        Some(highlight),
        "another editor's edit keeps it"
    );
    state = reduce(
        state,
        Action::SetPolicyText {
            id,
            text: String::from("{}"),
        },
    );
    assert_eq!(state.highlight, None);
}

#[test]
fn a_load_can_be_undone_once() {
    let mut state = state();
    state.workspace.title = String::from("mine");
    let mut other = Workspace::blank();
    other.title = String::from("example");
    state = reduce(
        state,
        Action::Load {
            workspace: Box::new(other),
            notice: None,
        },
    );
    assert_eq!(state.workspace.title, "example");
    state = reduce(state, Action::UndoLoad);
    assert_eq!(state.workspace.title, "mine");
    assert!(state.previous.is_none());
    let again = reduce(state.clone(), Action::UndoLoad);
    assert_eq!(again.workspace, state.workspace);
}

#[test]
fn the_description_is_the_users_to_change() {
    let state = reduce(state(), Action::SetDescription(String::from("notes")));
    assert_eq!(state.workspace.description, "notes");
}

#[test]
fn levels_can_be_renamed() {
    let mut state = reduce(state(), Action::SetScpsEnabled(true));
    state = reduce(
        state,
        Action::SetLevelName {
            scp: true,
            level: 0,
            name: String::from("r-root"),
        },
    );
    assert_eq!(state.workspace.organization.scps[0].name, "r-root");
}

#[test]
fn the_last_principal_cannot_be_removed() {
    let state = reduce(state(), Action::RemovePrincipal(0));
    assert_eq!(state.workspace.principals.len(), 1);
}

#[test]
fn a_new_workspace_opens_valid_with_a_decision_and_no_warning() {
    use crate::model::analysis::{Analysis, RequestOutcome};
    let workspace = Workspace::blank();
    let analysis = Analysis::new(&workspace);
    assert!(
        analysis.diagnostics.values().all(Vec::is_empty),
        "{:?}",
        analysis.diagnostics
    );
    assert_eq!(
        analysis.decide(&workspace, &workspace.request, workspace.caller),
        RequestOutcome::Decided(Decision::Allowed)
    );
}

#[test]
fn new_things_become_the_target_and_the_caller_and_take_the_focus() {
    let mut state = state();
    state = reduce(state, Action::AddResource);
    let target = state.workspace.resources.len() - 1;
    assert_eq!(state.workspace.request.resource, Some(target));
    assert_eq!(
        state.focus.as_ref().map(|f| f.element.as_str()),
        Some(format!("resource-{target}-arn").as_str())
    );
    let serial = state.focus.as_ref().unwrap().serial;
    state = reduce(state, Action::AddPrincipal);
    let caller = state.workspace.principals.len() - 1;
    assert_eq!(state.workspace.caller, caller);
    assert_eq!(
        state.focus.as_ref().unwrap().element,
        format!("principal-{caller}-arn")
    );
    assert!(state.focus.as_ref().unwrap().serial > serial);
    state = reduce(
        state,
        Action::AddPolicy(PolicyList::Identity { principal: 0 }),
    );
    let id = state.workspace.principals[0].policies.last().unwrap().id;
    assert_eq!(
        state.focus.as_ref().unwrap().element,
        format!("editor-{id}")
    );
}

#[test]
fn default_names_say_what_the_policy_does() {
    let mut state = state();
    state = reduce(
        state,
        Action::AddPolicy(PolicyList::Identity { principal: 0 }),
    );
    state = reduce(state, Action::SetScpsEnabled(true));
    state = reduce(state, Action::AddPolicy(PolicyList::Scp { level: 0 }));
    let names: Vec<String> = state
        .workspace
        .policies()
        .iter()
        .map(|(_, p)| p.name.clone())
        .collect();
    assert!(names.contains(&String::from("ReadReports2")), "{names:?}");
    assert!(
        names.contains(&String::from("DenyOutsideEuWest1")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .all(|n| !n.starts_with("Policy") && !n.starts_with("Scp"))
    );
}

#[test]
fn a_notice_until_the_first_edit_goes_at_the_first_edit() {
    let mut state = reduce(
        state(),
        Action::Load {
            workspace: Box::new(Workspace::blank()),
            notice: Some(Notice::until_edit("Started a new workspace.")),
        },
    );
    state = reduce(state, Action::ShowGallery(false));
    assert!(state.notice.is_some(), "looking around is not an edit");
    state = reduce(state, Action::SetAction(String::from("s3:PutObject")));
    assert!(state.notice.is_none());
    let mut state = reduce(
        state,
        Action::Notify(Some(Notice::info("Imported 3 cases."))),
    );
    state = reduce(state, Action::SetAction(String::from("s3:GetObject")));
    assert!(state.notice.is_some(), "other notices stay until dismissed");
}

#[test]
fn the_request_can_go_through_an_endpoint_and_back() {
    let mut state = reduce(state(), Action::SetThroughEndpoint(true));
    assert_eq!(state.workspace.request.endpoint, Some(0));
    assert_eq!(state.workspace.endpoints[0].id, "vpce-1a2b3c4d");
    state = reduce(
        state,
        Action::SetEndpointPolicy {
            endpoint: 0,
            present: true,
        },
    );
    assert_eq!(
        state.workspace.endpoints[0].policy.as_ref().unwrap().name,
        "EndpointReadReports"
    );
    state = reduce(state, Action::SetThroughEndpoint(false));
    assert_eq!(state.workspace.request.endpoint, None);
    assert_eq!(state.workspace.endpoints.len(), 1, "the endpoint is kept");
}

/// The exercise page's reducer (the `exercise` feature).
#[cfg(feature = "exercise")]
mod exercise {
    use super::*;
    use crate::model::exercise::SessionRef;

    fn exercise_state(file: &str) -> State {
        let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../exercises")
            .join(file);
        let text = std::fs::read_to_string(path).expect("an exercise");
        let (workspace, session) = crate::model::exercise::open(&text).expect("opens");
        exercise_step(
            State::default(),
            Action::Exercise(ExerciseRef::new(ExerciseAction::OpenExercise {
                workspace: Box::new(workspace),
                session: SessionRef::new(session),
            })),
        )
    }

    /// One step of the exercise page's store.
    fn exercise_step(state: State, action: Action) -> State {
        reduce_exercise(state, action)
    }

    #[test]
    fn editing_one_copy_of_an_editable_part_edits_them_all() {
        let state = exercise_state("03-explicit-deny.json");
        let link = state.session().expect("open").links[0].clone();
        assert!(
            link.policies.len() >= 2,
            "the bucket policy is in two resources: {link:?}"
        );
        let state = exercise_step(
            state,
            Action::SetPolicyText {
                id: link.policies[0],
                text: String::from("{}"),
            },
        );
        for id in &link.policies {
            assert_eq!(
                state.workspace.policy(*id).map(|p| p.text.as_str()),
                Some("{}")
            );
        }
        // The main page's reducer edits only the policy it is given.
        let plain = reduce(
            state,
            Action::SetPolicyText {
                id: link.policies[0],
                text: String::from("[]"),
            },
        );
        assert_eq!(
            plain
                .workspace
                .policy(link.policies[1])
                .map(|p| p.text.as_str()),
            Some("{}")
        );
    }

    #[test]
    fn hints_show_one_at_a_time_and_predictions_are_final() {
        let mut state = exercise_state("07-predict-evaluation-order.json");
        for _ in 0..10 {
            state = exercise_step(
                state,
                Action::Exercise(ExerciseRef::new(ExerciseAction::ShowHint)),
            );
        }
        let session = state.session().expect("open");
        assert_eq!(session.hints_shown, session.exercise.hints.len());
        let case = session.predict[0].name.clone();
        for decision in [Decision::Allowed, Decision::ImplicitDeny] {
            state = exercise_step(
                state,
                Action::Exercise(ExerciseRef::new(ExerciseAction::Predict {
                    case: case.clone(),
                    decision,
                })),
            );
        }
        let session = state.session().expect("open");
        assert_eq!(session.prediction(&case), Some(Decision::Allowed));
        let state = exercise_step(
            state,
            Action::Exercise(ExerciseRef::new(ExerciseAction::ShowList(None))),
        );
        assert!(state.exercise.is_none());
    }

    #[test]
    fn the_solution_fills_every_linked_copy() {
        let state = exercise_state("03-explicit-deny.json");
        let session = state.session().expect("open").clone();
        let texts = crate::model::exercise::solution_texts(&session);
        let state = exercise_step(
            state,
            Action::Exercise(ExerciseRef::new(ExerciseAction::ShowSolution(texts))),
        );
        let checked = crate::model::exercise::check(
            &session,
            &state.workspace,
            iamlab_core::case::LoadOptions::default(),
        );
        assert!(checked.grade.is_full_marks(), "{checked:?}");
    }
}

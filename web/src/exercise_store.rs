//! The exercise page's side of the store: what its address asks for
//! (`#exercise=`, `#open=FILE`, `#teacher`, `#list`), its first state, and
//! keeping the exercise in progress and the progress on it in local
//! storage. Only the exercise page (the `exercise` feature) has it.

use std::rc::Rc;

use gloo::events::EventListener;
use gloo::utils::window;
use yew::{hook, use_effect_with};

use crate::dom;
use crate::model::exercise::{self as exercise_model, Session, SessionRef};
use crate::model::share::exercise_fragment;
use crate::model::state::{Action, ExerciseAction, ExerciseRef, Notice, State, reduce_exercise};
use crate::model::storage::{Loaded, STORAGE_KEY, decode};
use crate::model::workspace::Workspace;
use crate::store::{Dispatch, Store, WorkspaceKey};

/// Where the open exercise's file is kept, so a reload comes back to it.
const EXERCISE_KEY: &str = "iamlab.exercise";

/// Where the progress on one exercise is kept.
fn progress_key(id: &str) -> String {
    format!("iamlab.exercise.{id}")
}

/// Opens an exercise file with the progress this browser keeps for it.
pub(crate) fn open_exercise(text: &str) -> Result<(Workspace, Session), String> {
    let (mut workspace, mut session) = exercise_model::open(text)?;
    if let Some(progress) = dom::read_storage(&progress_key(&session.exercise.id)) {
        exercise_model::restore_progress(&mut session, &mut workspace, &progress);
    }
    Ok((workspace, session))
}

/// The workspace saved by the main page, for teacher mode.
pub(crate) fn saved_workspace() -> Workspace {
    match decode(dom::read_storage(STORAGE_KEY).as_deref()) {
        Loaded::Workspace(workspace) | Loaded::Recovered(workspace, _) => *workspace,
        Loaded::Nothing | Loaded::Unreadable(_) => Workspace::blank(),
    }
}

/// What the exercise page's address asks for.
pub(crate) enum ExerciseRequest {
    /// An exercise file's text (`#exercise=`).
    Text(String),
    /// An exercise of `exercises/` to fetch (`#open=FILE`).
    File(String),
    /// Teacher mode on the main page's saved workspace (`#teacher`).
    Teacher,
    /// The list of exercises (`#list`), or a link that is broken.
    List(Option<String>),
    /// Nothing: the exercise in progress, if any, else the list.
    Resume,
}

/// Reads the exercise page's address.
pub(crate) fn exercise_request(hash: &str) -> ExerciseRequest {
    if let Some(file) = hash.strip_prefix("#open=") {
        // Only a plain file name of the exercises folder.
        let file = file.trim();
        return if !file.is_empty()
            && file
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
            && !file.starts_with('.')
        {
            ExerciseRequest::File(file.to_owned())
        } else {
            ExerciseRequest::List(Some(format!("`{file}` is not an exercise file name")))
        };
    }
    match hash {
        "#teacher" => return ExerciseRequest::Teacher,
        "#list" => return ExerciseRequest::List(None),
        _ => {}
    }
    match exercise_fragment(hash) {
        Some(Ok(text)) => ExerciseRequest::Text(text),
        Some(Err(message)) => ExerciseRequest::List(Some(message)),
        None => ExerciseRequest::Resume,
    }
}

/// The action that carries out a request of the exercise page (`None` for
/// a file, which must be fetched first).
pub(crate) fn exercise_action(request: ExerciseRequest) -> Option<Action> {
    let opened = |text: &str| match open_exercise(text) {
        Ok((workspace, session)) => {
            Action::Exercise(ExerciseRef::new(ExerciseAction::OpenExercise {
                workspace: Box::new(workspace),
                session: SessionRef::new(session),
            }))
        }
        Err(message) => Action::Notify(Some(Notice::error(format!(
            "This exercise could not be opened: {message}."
        )))),
    };
    match request {
        ExerciseRequest::Text(text) => Some(opened(&text)),
        ExerciseRequest::File(_) => None,
        ExerciseRequest::Teacher => Some(Action::Exercise(ExerciseRef::new(
            ExerciseAction::Teach(Box::new(saved_workspace())),
        ))),
        ExerciseRequest::List(problem) => Some(Action::Exercise(ExerciseRef::new(
            ExerciseAction::ShowList(problem.map(|message| {
                Notice::error(format!("This link could not be opened: {message}."))
            })),
        ))),
        ExerciseRequest::Resume => dom::read_storage(EXERCISE_KEY).map(|text| opened(&text)),
    }
}

/// The exercise page's first state: what its address asks for.
pub(crate) fn exercise_initial_state() -> Store {
    let state = State::default();
    let state = match exercise_action(exercise_request(&dom::location_hash())) {
        Some(action) => reduce_exercise(state, action),
        None => state,
    };
    Store {
        state: Rc::new(State {
            previous: None,
            ..state
        }),
        pre: Some(reduce_exercise),
    }
}

/// Fetches `exercises/FILE` and opens it.
pub(crate) fn open_exercise_file(file: String, dispatch: Dispatch) {
    wasm_bindgen_futures::spawn_local(async move {
        let address = format!("exercises/{file}");
        let action = match dom::fetch_text(&address).await {
            Some(text) => exercise_action(ExerciseRequest::Text(text)),
            None => Some(Action::Notify(Some(Notice::error(format!(
                "The exercise `{file}` could not be fetched from this site."
            ))))),
        };
        if let Some(action) = action {
            dispatch.dispatch(action);
        }
    });
}

/// Follows the exercise page's address when it changes (a card's link,
/// Teacher mode, a pasted `#exercise=` link).
#[hook]
pub(crate) fn use_exercise_links(dispatch: Dispatch) {
    use_effect_with((), move |()| {
        if let ExerciseRequest::File(file) = exercise_request(&dom::location_hash()) {
            open_exercise_file(file, dispatch.clone());
        }
        let listener =
            EventListener::new(&window(), "hashchange", move |_| {
                match exercise_request(&dom::location_hash()) {
                    ExerciseRequest::File(file) => open_exercise_file(file, dispatch.clone()),
                    ExerciseRequest::Resume => {}
                    other => {
                        if let Some(action) = exercise_action(other) {
                            dispatch.dispatch(action);
                        }
                    }
                }
            });
        move || drop(listener)
    });
}

/// Keeps the open exercise and the progress on it in local storage.
#[hook]
pub(crate) fn use_exercise_persistence(state: Rc<State>) {
    let key = (state.exercise.clone(), WorkspaceKey(Rc::clone(&state)));
    use_effect_with(key, |(exercise, workspace)| match exercise {
        Some(session) => {
            let session = session.get();
            dom::write_storage(EXERCISE_KEY, &session.text);
            dom::write_storage(
                &progress_key(&session.exercise.id),
                &exercise_model::progress_text(session, &workspace.0.workspace),
            );
        }
        None => dom::remove_storage(EXERCISE_KEY),
    });
}

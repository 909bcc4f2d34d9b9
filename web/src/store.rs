//! The Yew side of the one store: the `Reducible` adapter around the pure
//! `model::state::reduce`, the two contexts the components read, and the
//! hooks that do the store's side effects.
//!
//! Components that show state read [`AppContext`] (the state and the
//! analysis compiled from it). Components that only send actions, such as
//! each policy editor, read the [`Dispatch`] context, which never changes,
//! so they re-render only when their own props do; that is what keeps a
//! keystroke in one editor from re-rendering the other nineteen.
//!
//! Side effects live here and in event handlers, never in `reduce`: reading
//! the link and local storage at start, saving after a pause in typing (and
//! when the page is hidden), and following links pasted into the address
//! bar.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use gloo::utils::window;
use yew::{Reducible, UseReducerDispatcher, hook, use_context, use_effect_with, use_mut_ref};

use crate::dom;
use crate::examples;
use crate::model::analysis::{Analysis, EditorDiagnostic};
use crate::model::share::{Fragment, read_fragment, read_inflated};
use crate::model::state::{Action, Notice, PendingLink, State, reduce};
use crate::model::storage::{BACKUP_KEY, Loaded, STORAGE_KEY, decode, encode};
use crate::model::workspace::Workspace;

/// How long typing must pause before the workspace is saved.
const SAVE_DELAY_MS: u32 = 400;

/// The exercise page's reducer, in place of [`reduce`].
#[cfg(feature = "exercise")]
pub(crate) type PreReduce = fn(State, Action) -> State;

/// The store: the page's state behind an `Rc`, so that readers share it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Store {
    /// The current state.
    pub(crate) state: Rc<State>,
    /// The exercise page's reducer, in place of [`reduce`].
    #[cfg(feature = "exercise")]
    pub(crate) pre: Option<PreReduce>,
}

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let state = (*self.state).clone();
        // One call of `reduce`, so that the main page's build inlines it.
        #[cfg(feature = "exercise")]
        let reducer = self.pre.unwrap_or(reduce);
        #[cfg(not(feature = "exercise"))]
        let reducer = reduce;
        Rc::new(Store {
            state: Rc::new(reducer(state, action)),
            #[cfg(feature = "exercise")]
            pre: self.pre,
        })
    }
}

/// The handle that sends actions to the store; it never changes.
pub(crate) type Dispatch = UseReducerDispatcher<Store>;

/// What components that show state read: the state and its analysis.
#[derive(Clone, Debug)]
pub(crate) struct AppContext {
    /// The current state.
    pub(crate) state: Rc<State>,
    /// Everything compiled from the state's workspace.
    pub(crate) analysis: Rc<Analysis>,
    /// Sends actions.
    pub(crate) dispatch: Dispatch,
}

impl AppContext {
    /// The diagnostics of one editor.
    pub(crate) fn editor_diagnostics(&self, id: u32) -> Vec<EditorDiagnostic> {
        self.analysis
            .diagnostics
            .get(&id)
            .cloned()
            .unwrap_or_default()
    }

    /// The byte range highlighted in one editor, if any.
    pub(crate) fn editor_highlight(&self, id: u32) -> Option<(usize, usize)> {
        self.state
            .highlight
            .filter(|h| h.editor == id)
            .map(|h| (h.start, h.end))
    }
}

impl PartialEq for AppContext {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.state, &other.state) && Rc::ptr_eq(&self.analysis, &other.analysis)
    }
}

impl AppContext {
    /// Sends one action.
    pub(crate) fn send(&self, action: Action) {
        self.dispatch.dispatch(action);
    }
}

/// The memo key of the analysis: states with equal workspaces share one.
#[derive(Debug)]
pub(crate) struct WorkspaceKey(pub(crate) Rc<State>);

impl PartialEq for WorkspaceKey {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || self.0.workspace == other.0.workspace
    }
}

/// The state and analysis, for a component under the app.
#[hook]
pub(crate) fn use_app() -> AppContext {
    use_context::<AppContext>()
        .expect("components that read the store render under the app's provider")
}

/// The dispatcher, for a component that only sends actions.
#[hook]
pub(crate) fn use_dispatch() -> Dispatch {
    use_context::<Dispatch>().expect("components that send actions render under the app's provider")
}

/// The state the page opens with: the workspace of a link in the address
/// (`#share=` or `#case=`), else the saved one, else the first example.
/// A broken link or a damaged save is reported, and never costs the saved
/// text.
pub(crate) fn initial_state() -> Store {
    let mut notices: Vec<Notice> = Vec::new();
    let saved = match decode(dom::read_storage(STORAGE_KEY).as_deref()) {
        Loaded::Nothing => None,
        Loaded::Workspace(workspace) => Some(*workspace),
        Loaded::Recovered(workspace, message) => {
            notices.push(error_notice(format!("{}.", capitalized(&message))));
            Some(*workspace)
        }
        Loaded::Unreadable(message) => {
            if let Some(text) = dom::read_storage(STORAGE_KEY) {
                dom::write_storage(BACKUP_KEY, &text);
            }
            notices.push(error_notice(format!(
                "{}. Its text is kept in this browser's local storage under `{BACKUP_KEY}`; you start from a blank workspace.",
                capitalized(&message)
            )));
            Some(Workspace::blank())
        }
    };
    let mut previous = None;
    let mut link = None;
    let mut opening_link = None;
    let mut first_visit = false;
    let workspace = match read_fragment(&dom::location_hash()) {
        Fragment::Workspace(workspace) => {
            notices.push(Notice::info(opened_link_text(saved.is_some())));
            // The saved work is not lost: Undo brings it back.
            previous = saved.map(Box::new);
            link = Some(workspace.clone());
            *workspace
        }
        Fragment::Compressed(compressed) => {
            // The payload inflates in the browser; `use_link_opener` opens it.
            opening_link = Some(PendingLink {
                compressed,
                over_saved: saved.is_some(),
            });
            saved.unwrap_or_else(Workspace::blank)
        }
        Fragment::Broken(message) => {
            notices.push(error_notice(format!(
                "This link could not be opened: {message}. Your saved workspace is shown instead."
            )));
            saved.unwrap_or_else(Workspace::blank)
        }
        Fragment::None => {
            first_visit = saved.is_none();
            saved.unwrap_or_else(Workspace::blank)
        }
    };
    if !dom::storage_available() {
        notices.push(Notice::until_edit(STORAGE_REFUSED));
    }
    let notice = (!notices.is_empty()).then(|| Notice {
        is_error: notices.iter().any(|n| n.is_error),
        until_edit: notices.iter().all(|n| n.until_edit),
        text: notices
            .into_iter()
            .map(|n| n.text)
            .collect::<Vec<_>>()
            .join(" "),
    });
    Store {
        state: Rc::new(State {
            workspace,
            notice,
            previous,
            awaits_first_example: first_visit,
            link,
            opening_link,
            ..State::default()
        }),
        #[cfg(feature = "exercise")]
        pre: None,
    }
}

/// What opening a link says.
fn opened_link_text(over_saved: bool) -> &'static str {
    if over_saved {
        "Opened the workspace from the link, in place of the one saved in this browser (Undo brings that back)."
    } else {
        "Opened the workspace from the link. It is now saved in this browser."
    }
}

fn error_notice(text: String) -> Notice {
    Notice::error(text)
}

/// What the page says, once and quietly, when the browser refuses it
/// storage (a cross-site frame, a locked-down browser).
const STORAGE_REFUSED: &str = "This browser does not let the page keep your work here (as inside a frame of another site):      export a case file or make a share link to keep it.";

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => std::iter::once(first.to_ascii_uppercase())
            .chain(chars)
            .collect(),
        None => String::new(),
    }
}

/// Saves the workspace to local storage once typing pauses, and at once
/// when the page is hidden (a reload, a closed tab). A link's fragment is
/// dropped from the address bar as soon as the workspace differs from it,
/// so that a reload shows the saved work rather than the old link.
#[hook]
pub(crate) fn use_persistence(state: Rc<State>, dispatch: Dispatch) {
    let unsaved: Rc<RefCell<Option<Rc<State>>>> = use_mut_ref(|| None);
    // The latest state, for what a save reads besides the workspace (the
    // link in the address bar, which Share may set after the edit that
    // scheduled the save).
    let latest: Rc<RefCell<Rc<State>>> = use_mut_ref(|| Rc::clone(&state));
    *latest.borrow_mut() = Rc::clone(&state);
    let timer: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    let failed = use_mut_ref(|| false);

    {
        let unsaved = Rc::clone(&unsaved);
        let failed = Rc::clone(&failed);
        let latest = Rc::clone(&latest);
        use_effect_with((), move |()| {
            let listener = EventListener::new(&window(), "pagehide", move |_| {
                save(&unsaved, &latest, &failed, None);
            });
            move || drop(listener)
        });
    }

    use_effect_with(WorkspaceKey(state), move |key| {
        *unsaved.borrow_mut() = Some(Rc::clone(&key.0));
        let unsaved = Rc::clone(&unsaved);
        let failed = Rc::clone(&failed);
        let latest = Rc::clone(&latest);
        let pending = Timeout::new(SAVE_DELAY_MS, move || {
            save(&unsaved, &latest, &failed, Some(&dispatch));
        });
        *timer.borrow_mut() = Some(pending);
    });
}

fn save(
    unsaved: &RefCell<Option<Rc<State>>>,
    latest: &RefCell<Rc<State>>,
    failed: &RefCell<bool>,
    dispatch: Option<&Dispatch>,
) {
    let Some(state) = unsaved.borrow_mut().take() else {
        return;
    };
    let link = latest.borrow().link.clone();
    // A link stays in the address bar while it still opens what is on the
    // page (Share just made it, or nothing changed since it was opened).
    let hash = dom::location_hash();
    let is_link = hash.starts_with("#share=") || hash.starts_with("#case=");
    if is_link && link.as_deref() != Some(&state.workspace) {
        dom::replace_fragment(None);
    }
    if !dom::storage_available() {
        // The start-up notice already said so, once.
        return;
    }
    let is_saved = dom::write_storage(STORAGE_KEY, &encode(&state.workspace));
    let was_failing = failed.replace(!is_saved);
    if let Some(dispatch) = dispatch
        && !is_saved
        && !was_failing
    {
        dispatch.dispatch(Action::Notify(Some(error_notice(String::from(
            "This browser did not let iamlab save the workspace (local storage is full). \
             Export a case file or make a share link to keep your work.",
        )))));
    }
}

/// Inflates the share link the page was opened with, then opens it.
#[hook]
pub(crate) fn use_link_opener(pending: Option<PendingLink>, dispatch: Dispatch) {
    use_effect_with((), move |()| {
        if let Some(pending) = pending {
            wasm_bindgen_futures::spawn_local(async move {
                let fragment = read_inflated(dom::inflate_raw(&pending.compressed).await);
                dispatch.dispatch(link_action(fragment, pending.over_saved));
            });
        }
    });
}

/// The action that opens a read link, or says why it cannot be opened.
fn link_action(fragment: Fragment, over_saved: bool) -> Action {
    match fragment {
        Fragment::Workspace(workspace) => Action::LinkOpened {
            workspace,
            notice: Notice::info(opened_link_text(over_saved)),
        },
        Fragment::Broken(message) => Action::LinkFailed(error_notice(format!(
            "This link could not be opened: {message}. {}",
            if over_saved {
                "Your saved workspace is shown instead."
            } else {
                "Your workspace is unchanged."
            }
        ))),
        Fragment::Compressed(_) | Fragment::None => Action::Notify(None),
    }
}

/// On a first visit the page opens on a new workspace and fetches the first
/// example from its own site; the example replaces the workspace when it
/// arrives, unless the user has changed it meanwhile.
#[hook]
pub(crate) fn use_first_example(awaits: bool, dispatch: Dispatch) {
    use_effect_with((), move |()| {
        if awaits && let Some(example) = examples::example(examples::FIRST_EXAMPLE) {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(workspace) = example.load().await {
                    dispatch.dispatch(Action::FirstExample(Box::new(workspace)));
                }
            });
        }
    });
}

/// Moves the keyboard focus where the last "+ …" action asked, once the
/// new field is on the page.
#[hook]
pub(crate) fn use_focus_requests(state: Rc<State>) {
    let focus = state.focus.clone();
    use_effect_with(focus, |focus| {
        if let Some(request) = focus {
            dom::focus_by_id(&request.element);
        }
    });
}

/// Opens links pasted into the address bar of an open page (only the
/// fragment changes, so the page does not reload).
#[hook]
pub(crate) fn use_link_listener(dispatch: Dispatch) {
    use_effect_with((), move |()| {
        let listener = EventListener::new(&window(), "hashchange", move |_| {
            let dispatch = dispatch.clone();
            match read_fragment(&dom::location_hash()) {
                Fragment::None => {}
                Fragment::Compressed(compressed) => {
                    wasm_bindgen_futures::spawn_local(async move {
                        let fragment = read_inflated(dom::inflate_raw(&compressed).await);
                        dispatch.dispatch(link_action(fragment, true));
                    });
                }
                other => dispatch.dispatch(link_action(other, true)),
            }
        });
        move || drop(listener)
    });
}

//! The one store: the workspace plus what the page is showing, changed only
//! by [`reduce`].
//!
//! `reduce` is a pure function of the state and an [`Action`], tested
//! natively; Yew sees it only through the thin `Reducible` adapter in
//! `store.rs`. Side effects (local storage, file reading, the clipboard,
//! moving the keyboard focus) live in hooks and never in here. Changes to
//! the workspace itself are methods of `Workspace` (`model/edit.rs`); this
//! module maps actions to them and keeps the page's own state: the notice,
//! the highlight, where the focus goes next.

pub use super::edit::{EndpointField, PolicyList, TagOwner};
#[cfg(feature = "exercise")]
use super::exercise::{Checked, Session, SessionRef};
use super::workspace::{BlockPublicAccessDef, ContextEntryDef, ContextType, Tag, Workspace};
#[cfg(feature = "exercise")]
use iamlab_core::trace::Decision;

/// A message shown at the top of the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// Whether it reports a problem.
    pub is_error: bool,
    /// The text.
    pub text: String,
    /// Whether it goes away at the first edit ("Started a new workspace").
    pub until_edit: bool,
}

impl Notice {
    /// An informational notice that stays until dismissed.
    pub fn info(text: impl Into<String>) -> Self {
        Notice {
            is_error: false,
            text: text.into(),
            until_edit: false,
        }
    }

    /// An informational notice that goes away at the first edit.
    pub fn until_edit(text: impl Into<String>) -> Self {
        Notice {
            is_error: false,
            text: text.into(),
            until_edit: true,
        }
    }

    /// A problem.
    pub fn error(text: impl Into<String>) -> Self {
        Notice {
            is_error: true,
            text: text.into(),
            until_edit: false,
        }
    }
}

/// A place in an editor to scroll to and highlight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Highlight {
    /// The editor id.
    pub editor: u32,
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset of the end.
    pub end: usize,
}

/// Where the keyboard focus goes after the next render: the id of an
/// element, with a serial number so that asking twice for the same element
/// moves the focus twice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FocusRequest {
    /// Counts requests.
    pub serial: u32,
    /// The element's id.
    pub element: String,
}

/// Everything the page shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// What the user typed.
    pub workspace: Workspace,
    /// A message at the top of the page.
    pub notice: Option<Notice>,
    /// The statement to highlight after a click in the explanation.
    pub highlight: Option<Highlight>,
    /// Whether the examples gallery is open.
    pub gallery_open: bool,
    /// The workspace that the last [`Action::Load`] replaced, for undo.
    pub previous: Option<Box<Workspace>>,
    /// Where the focus goes after a "+ …" button made something new.
    pub focus: Option<FocusRequest>,
    /// Whether long lines wrap in the policy editors.
    pub wrap_lines: bool,
    /// Whether this is a first visit, whose example is on its way.
    pub awaits_first_example: bool,
    /// The workspace that the link in the address bar opens, while the page
    /// still shows it; the link is dropped from the address bar once the
    /// workspace differs.
    pub link: Option<Box<Workspace>>,
    /// A share link being opened at start-up (its payload inflates in the
    /// browser, which takes a moment).
    pub opening_link: Option<PendingLink>,
    /// The exercise being worked on, in exercise mode.
    #[cfg(feature = "exercise")]
    pub exercise: Option<SessionRef>,
    /// Whether teacher mode is shown.
    #[cfg(feature = "exercise")]
    pub teacher_open: bool,
}

#[cfg(feature = "exercise")]
impl State {
    /// The open exercise, on the exercise page.
    pub fn session(&self) -> Option<&Session> {
        self.exercise.as_ref().map(SessionRef::get)
    }
}

/// A share link whose payload is being inflated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PendingLink {
    /// The compressed payload.
    pub compressed: Vec<u8>,
    /// Whether it will replace a workspace saved in this browser.
    pub over_saved: bool,
}

/// Everything the user can do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Replace the whole workspace (New, an example, an import, a link).
    Load {
        /// The new workspace.
        workspace: Box<Workspace>,
        /// What to tell the user.
        notice: Option<Notice>,
    },
    /// Go back to the workspace the last load replaced.
    UndoLoad,
    /// Change the workspace's title.
    SetTitle(String),
    /// Change the workspace's description.
    SetDescription(String),
    /// Change a policy's text.
    SetPolicyText {
        /// The editor id.
        id: u32,
        /// The new text.
        text: String,
    },
    /// Rename a policy.
    SetPolicyName {
        /// The editor id.
        id: u32,
        /// The new name.
        name: String,
    },
    /// Add a policy, from its list's template, to a list.
    AddPolicy(PolicyList),
    /// Attach an AWS managed policy, by ARN, to an identity or group list.
    AttachManaged {
        /// Where.
        list: PolicyList,
        /// The policy's ARN.
        arn: String,
    },
    /// Remove a policy (from wherever it is).
    RemovePolicy(u32),
    /// Give a principal a permissions boundary, or take it away.
    SetBoundary {
        /// The principal.
        principal: usize,
        /// Whether it has one.
        present: bool,
    },
    /// Give a resource a resource-based policy, or take it away.
    SetResourcePolicy {
        /// The resource.
        resource: usize,
        /// Whether it has one.
        present: bool,
    },
    /// Add a principal; it becomes the caller.
    AddPrincipal,
    /// Remove a principal.
    RemovePrincipal(usize),
    /// Pick the caller.
    SelectCaller(usize),
    /// Change a principal's ARN.
    SetPrincipalArn {
        /// The principal.
        principal: usize,
        /// The ARN.
        arn: String,
    },
    /// Change a role session's role ARN.
    SetRoleArn {
        /// The principal.
        principal: usize,
        /// The role ARN (empty: derive it).
        role_arn: String,
    },
    /// Add a group to a user.
    AddGroup(usize),
    /// Remove a group.
    RemoveGroup {
        /// The principal.
        principal: usize,
        /// The group.
        group: usize,
    },
    /// Rename a group.
    SetGroupName {
        /// The principal.
        principal: usize,
        /// The group.
        group: usize,
        /// The name.
        name: String,
    },
    /// Add an empty tag.
    AddTag(TagOwner),
    /// Change a tag.
    SetTag {
        /// Whose tag.
        owner: TagOwner,
        /// Which tag.
        index: usize,
        /// The new tag.
        tag: Tag,
    },
    /// Remove a tag.
    RemoveTag {
        /// Whose tag.
        owner: TagOwner,
        /// Which tag.
        index: usize,
    },
    /// Turn SCPs on or off.
    SetScpsEnabled(bool),
    /// Turn RCPs on or off.
    SetRcpsEnabled(bool),
    /// Rename an SCP level (`scp`) or an RCP level.
    SetLevelName {
        /// SCPs when true, RCPs when false.
        scp: bool,
        /// The level.
        level: usize,
        /// The name (root, an OU, the account).
        name: String,
    },
    /// Add an SCP level at the bottom.
    AddScpLevel,
    /// Remove an SCP level.
    RemoveScpLevel(usize),
    /// Add an RCP level at the bottom.
    AddRcpLevel,
    /// Remove an RCP level.
    RemoveRcpLevel(usize),
    /// Add a resource; it becomes the request's target.
    AddResource,
    /// Remove a resource.
    RemoveResource(usize),
    /// Change a resource's ARN.
    SetResourceArn {
        /// The resource.
        resource: usize,
        /// The ARN.
        arn: String,
    },
    /// Change a resource's account.
    SetResourceAccount {
        /// The resource.
        resource: usize,
        /// The account (empty: derive it).
        account: String,
    },
    /// Change a resource's S3 Block Public Access settings.
    SetBlockPublicAccess {
        /// The resource.
        resource: usize,
        /// The settings.
        settings: BlockPublicAccessDef,
    },
    /// Send the request through a VPC endpoint, or not.
    SetThroughEndpoint(bool),
    /// Change a field of a VPC endpoint.
    SetEndpointField {
        /// The endpoint.
        endpoint: usize,
        /// Which field.
        field: EndpointField,
        /// The value.
        value: String,
    },
    /// Give an endpoint its own policy, or AWS's default back.
    SetEndpointPolicy {
        /// The endpoint.
        endpoint: usize,
        /// Whether it has its own.
        present: bool,
    },
    /// Change the request's action.
    SetAction(String),
    /// Change the request's target.
    SetRequestResource(Option<usize>),
    /// Add a context key (or set the existing one of that name).
    AddContextKey {
        /// The key.
        key: String,
        /// Its type.
        kind: ContextType,
        /// Its value.
        value: String,
    },
    /// Change a context entry.
    SetContextEntry {
        /// Which entry.
        index: usize,
        /// The new entry.
        entry: ContextEntryDef,
    },
    /// Remove a context entry.
    RemoveContextEntry(usize),
    /// Save the current request as a test expecting `expect`.
    SaveTest {
        /// The test's name.
        name: String,
        /// The expected decision.
        expect: String,
    },
    /// Load a test's request as the current request.
    OpenTest(usize),
    /// Change a test's expected decision.
    SetTestExpect {
        /// Which test.
        index: usize,
        /// `allowed`, `explicitDeny`, `implicitDeny`, `error` or empty.
        expect: String,
    },
    /// Rename a test.
    SetTestName {
        /// Which test.
        index: usize,
        /// The name.
        name: String,
    },
    /// Remove a test.
    RemoveTest(usize),
    /// Highlight a place in an editor (after a click in the explanation).
    Highlight(Option<Highlight>),
    /// Show a message.
    Notify(Option<Notice>),
    /// Open or close the examples gallery.
    ShowGallery(bool),
    /// An action of the exercise page ([`reduce_exercise`]); the main page
    /// (built without the `exercise` feature) has none.
    #[cfg(feature = "exercise")]
    Exercise(ExerciseRef),
    /// Wrap long lines in the policy editors, or not.
    SetWrapLines(bool),
    /// The first visit's example arrived: it replaces the workspace, unless
    /// the user has already changed or replaced it.
    FirstExample(Box<Workspace>),
    /// A link's workspace is open: like [`Action::Load`], and the link stays
    /// in the address bar while the workspace is unchanged.
    LinkOpened {
        /// The link's workspace.
        workspace: Box<Workspace>,
        /// What to tell the user.
        notice: Notice,
    },
    /// The link being opened could not be read.
    LinkFailed(Notice),
    /// Share put a link to this workspace in the address bar.
    Shared(Box<Workspace>),
}

#[cfg(feature = "exercise")]
/// An [`ExerciseAction`], boxed so that actions stay small.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExerciseRef(Box<ExerciseAction>);

#[cfg(feature = "exercise")]
impl ExerciseRef {
    /// Wraps an action.
    pub fn new(action: ExerciseAction) -> Self {
        ExerciseRef(Box::new(action))
    }
}

#[cfg(feature = "exercise")]
/// What the exercise page can do besides what the main page does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExerciseAction {
    /// Open an exercise: its workspace and its session.
    OpenExercise {
        /// The student's workspace.
        workspace: Box<Workspace>,
        /// The exercise.
        session: SessionRef,
    },
    /// Reveal the next hint.
    ShowHint,
    /// Record the student's prediction for a case.
    Predict {
        /// The case's name.
        case: String,
        /// The predicted decision.
        decision: Decision,
    },
    /// The result of **Check my answer**.
    Checked(Checked),
    /// Put the solution in place of the answers: each editor id with its text.
    ShowSolution(Vec<(String, String)>),
    /// The student's text for an editable part that is not a policy.
    SetAnswer {
        /// The part's JSON Pointer.
        pointer: String,
        /// The new text.
        text: String,
    },
    /// Teacher mode on a workspace (the exercise page).
    Teach(Box<Workspace>),
    /// Show the list of exercises (the exercise page), with a notice.
    ShowList(Option<Notice>),
}

impl Action {
    /// Whether the action changes what the user typed (the workspace).
    fn is_edit(&self) -> bool {
        #[cfg(feature = "exercise")]
        if matches!(self, Action::Exercise(_)) {
            return false;
        }
        !matches!(
            self,
            Action::Load { .. }
                | Action::UndoLoad
                | Action::Highlight(_)
                | Action::Notify(_)
                | Action::ShowGallery(_)
                | Action::SetWrapLines(_)
                | Action::SelectCaller(_)
                | Action::OpenTest(_)
                | Action::FirstExample(_)
                | Action::LinkOpened { .. }
                | Action::LinkFailed(_)
                | Action::Shared(_)
        )
    }
}

/// The id of a policy's editor, where the focus goes when it is new.
pub fn editor_element(id: u32) -> String {
    format!("editor-{id}")
}

#[cfg(feature = "exercise")]
/// The exercise page's reducer: its own actions (exercise mode and teacher
/// mode), then [`reduce`] for the rest.
pub fn reduce_exercise(mut state: State, action: Action) -> State {
    let action = match action {
        Action::Exercise(action) => *action.0,
        // In an exercise, the copies of one editable part change together.
        Action::SetPolicyText { id, text } => {
            let linked = state
                .exercise
                .as_ref()
                .map(SessionRef::get)
                .and_then(|e| e.linked_with(id).map(|l| l.policies.clone()))
                .unwrap_or_default();
            for other in linked {
                if other != id
                    && let Some(policy) = state.workspace.policy_mut(other)
                {
                    policy.text.clone_from(&text);
                }
            }
            return reduce(state, Action::SetPolicyText { id, text });
        }
        other => return reduce(state, other),
    };
    match action {
        ExerciseAction::OpenExercise {
            workspace: new,
            session,
        } => {
            state.workspace = *new;
            // The exercise page never changes the main page's workspace.
            state.previous = None;
            state.notice = Some(Notice::until_edit(format!(
                "Opened the exercise \u{201c}{}\u{201d}. Your progress on it stays in this browser.",
                session.get().exercise.title
            )));
            state.exercise = Some(session);
            state.highlight = None;
            state.gallery_open = false;
            state.teacher_open = false;
            state.link = None;
        }
        ExerciseAction::ShowHint => update_session(&mut state, |s| {
            s.hints_shown = (s.hints_shown + 1).min(s.exercise.hints.len());
        }),
        ExerciseAction::Predict { case, decision } => {
            update_session(&mut state, |s| {
                if s.prediction(&case).is_none() {
                    s.predictions.push((case, decision));
                }
            });
        }
        ExerciseAction::Checked(checked) => {
            update_session(&mut state, |s| s.checked = Some(checked));
        }
        ExerciseAction::ShowSolution(texts) => {
            if let Some(current) = state.session() {
                let mut session = current.clone();
                super::exercise::set_answers(&mut session, &mut state.workspace, &texts);
                state.exercise = Some(SessionRef::new(session));
            }
            state.notice = Some(Notice::info("The solution is in the editors."));
        }
        ExerciseAction::SetAnswer { pointer, text } => {
            update_session(&mut state, |s| {
                if let Some(link) = s.links.iter_mut().find(|l| l.pointer == pointer) {
                    link.text = text;
                }
            });
        }
        ExerciseAction::Teach(workspace) => {
            state.workspace = *workspace;
            state.exercise = None;
            state.previous = None;
            state.teacher_open = true;
            state.notice = None;
        }
        ExerciseAction::ShowList(notice) => {
            if let Some(previous) = state.previous.take() {
                state.workspace = *previous;
            }
            state.exercise = None;
            state.teacher_open = false;
            state.notice = notice;
        }
    }
    state
}

#[cfg(feature = "exercise")]
/// Changes the open exercise's session (a new `Rc`, so the page sees it).
fn update_session(state: &mut State, change: impl FnOnce(&mut Session)) {
    if let Some(current) = state.session() {
        let mut session = current.clone();
        change(&mut session);
        state.exercise = Some(SessionRef::new(session));
    }
}

/// The next state. Pure: no storage, no clock, no DOM.
pub fn reduce(mut state: State, action: Action) -> State {
    if action.is_edit() && state.notice.as_ref().is_some_and(|n| n.until_edit) {
        state.notice = None;
    }
    if action.is_edit() || matches!(action, Action::Load { .. }) {
        state.awaits_first_example = false;
        state.opening_link = None;
    }
    let workspace = &mut state.workspace;
    let mut focus: Option<String> = None;
    match action {
        Action::Load {
            workspace: new,
            notice,
        } => {
            let old = std::mem::replace(&mut state.workspace, *new);
            state.previous = Some(Box::new(old));
            state.notice = notice;
            state.highlight = None;
            state.gallery_open = false;
            state.link = None;
        }
        Action::UndoLoad => {
            if let Some(previous) = state.previous.take() {
                state.workspace = *previous;
                state.highlight = None;
                state.notice = Some(Notice::info("Your previous workspace is back."));
            }
        }
        Action::SetTitle(title) => workspace.title = title,
        Action::SetDescription(description) => workspace.description = description,
        Action::SetPolicyText { id, text } => {
            if let Some(policy) = workspace.policy_mut(id) {
                policy.text = text;
            }
            // A highlight is a byte range of the old text: after an edit it
            // would mark the wrong place, so it goes.
            if state.highlight.is_some_and(|h| h.editor == id) {
                state.highlight = None;
            }
        }
        Action::SetPolicyName { id, name } => {
            if let Some(policy) = workspace.policy_mut(id) {
                policy.name = name;
            }
        }
        Action::AddPolicy(list) => focus = workspace.add_policy(list).map(editor_element),
        Action::AttachManaged { list, arn } => {
            focus = workspace
                .attach_managed(list, &arn)
                .map(|id| format!("policy-{id}-name"));
        }
        Action::RemovePolicy(id) => {
            workspace.remove_policy(id);
            if state.highlight.is_some_and(|h| h.editor == id) {
                state.highlight = None;
            }
        }
        Action::SetBoundary { principal, present } => {
            focus = workspace
                .set_boundary(principal, present)
                .map(editor_element);
        }
        Action::SetResourcePolicy { resource, present } => {
            focus = workspace
                .set_resource_policy(resource, present)
                .map(editor_element);
        }
        Action::AddPrincipal => {
            let idx = workspace.add_principal();
            focus = Some(format!("principal-{idx}-arn"));
        }
        Action::RemovePrincipal(idx) => workspace.remove_principal(idx),
        Action::SelectCaller(idx) => {
            if idx < workspace.principals.len() {
                workspace.caller = idx;
            }
        }
        Action::SetPrincipalArn { principal, arn } => {
            if let Some(def) = workspace.principals.get_mut(principal) {
                def.arn = arn;
            }
        }
        Action::SetRoleArn {
            principal,
            role_arn,
        } => {
            if let Some(def) = workspace.principals.get_mut(principal) {
                def.role_arn = role_arn;
            }
        }
        Action::AddGroup(principal) => {
            focus = workspace
                .add_group(principal)
                .map(|group| format!("principal-{principal}-group-{group}"));
        }
        Action::RemoveGroup { principal, group } => {
            if let Some(def) = workspace.principals.get_mut(principal)
                && group < def.groups.len()
            {
                def.groups.remove(group);
            }
        }
        Action::SetGroupName {
            principal,
            group,
            name,
        } => {
            if let Some(group) = workspace
                .principals
                .get_mut(principal)
                .and_then(|p| p.groups.get_mut(group))
            {
                group.name = name;
            }
        }
        Action::AddTag(owner) => {
            focus = workspace.add_tag(owner).map(|index| {
                let prefix = match owner {
                    TagOwner::Principal(idx) => format!("principal-{idx}-tags"),
                    TagOwner::Resource(idx) => format!("resource-{idx}-tags"),
                };
                tag_key_element(&prefix, index)
            });
        }
        Action::SetTag { owner, index, tag } => {
            if let Some(slot) = workspace
                .tags_mut(owner)
                .and_then(|tags| tags.get_mut(index))
            {
                *slot = tag;
            }
        }
        Action::RemoveTag { owner, index } => {
            if let Some(tags) = workspace.tags_mut(owner)
                && index < tags.len()
            {
                tags.remove(index);
            }
        }
        Action::SetScpsEnabled(on) => workspace.set_scps_enabled(on),
        Action::SetRcpsEnabled(on) => workspace.set_rcps_enabled(on),
        Action::SetLevelName { scp, level, name } => {
            let levels = if scp {
                &mut workspace.organization.scps
            } else {
                &mut workspace.organization.rcps
            };
            if let Some(def) = levels.get_mut(level) {
                def.name = name;
            }
        }
        Action::AddScpLevel => {
            let level = workspace.add_scp_level();
            focus = Some(level_element(true, level));
        }
        Action::RemoveScpLevel(level) => {
            if level < workspace.organization.scps.len() {
                workspace.organization.scps.remove(level);
            }
        }
        Action::AddRcpLevel => {
            let level = workspace.add_rcp_level();
            focus = Some(level_element(false, level));
        }
        Action::RemoveRcpLevel(level) => {
            if level < workspace.organization.rcps.len() {
                workspace.organization.rcps.remove(level);
            }
        }
        Action::AddResource => {
            let idx = workspace.add_resource();
            focus = Some(format!("resource-{idx}-arn"));
        }
        Action::RemoveResource(idx) => workspace.remove_resource(idx),
        Action::SetResourceArn { resource, arn } => {
            if let Some(def) = workspace.resources.get_mut(resource) {
                def.arn = arn;
            }
        }
        Action::SetResourceAccount { resource, account } => {
            if let Some(def) = workspace.resources.get_mut(resource) {
                def.account = account;
            }
        }
        Action::SetBlockPublicAccess { resource, settings } => {
            workspace.set_block_public_access(resource, settings);
        }
        Action::SetThroughEndpoint(on) => {
            workspace.set_through_endpoint(on);
            if on {
                focus = Some(String::from("endpoint-id"));
            }
        }
        Action::SetEndpointField {
            endpoint,
            field,
            value,
        } => workspace.set_endpoint_field(endpoint, field, value),
        Action::SetEndpointPolicy { endpoint, present } => {
            focus = workspace
                .set_endpoint_policy(endpoint, present)
                .map(editor_element);
        }
        Action::SetAction(action) => workspace.request.action = action,
        Action::SetRequestResource(resource) => {
            workspace.request.resource = resource.filter(|idx| *idx < workspace.resources.len());
        }
        Action::AddContextKey { key, kind, value } => {
            let is_blank = key.is_empty();
            let index = workspace.add_context_key(key, kind, value);
            let part = if is_blank { "key" } else { "value" };
            focus = Some(format!("context-{index}-{part}"));
        }
        Action::SetContextEntry { index, entry } => {
            if let Some(slot) = workspace.request.context.get_mut(index) {
                *slot = entry;
            }
        }
        Action::RemoveContextEntry(index) => {
            if index < workspace.request.context.len() {
                workspace.request.context.remove(index);
            }
        }
        Action::SaveTest { name, expect } => workspace.save_test(name, expect),
        Action::OpenTest(index) => workspace.open_test(index),
        Action::SetTestExpect { index, expect } => {
            if let Some(test) = workspace.tests.get_mut(index) {
                test.expect = expect;
            }
        }
        Action::SetTestName { index, name } => {
            if let Some(test) = workspace.tests.get_mut(index) {
                test.name = name;
            }
        }
        Action::RemoveTest(index) => {
            if index < workspace.tests.len() {
                workspace.tests.remove(index);
            }
        }
        Action::Highlight(highlight) => state.highlight = highlight,
        Action::Notify(notice) => state.notice = notice,
        Action::ShowGallery(open) => state.gallery_open = open,
        // The exercise page's own actions ([`reduce_exercise`]).
        #[cfg(feature = "exercise")]
        Action::Exercise(_) => {}

        Action::SetWrapLines(on) => state.wrap_lines = on,
        Action::LinkOpened {
            workspace: opened,
            notice,
        } => {
            let old = std::mem::replace(&mut state.workspace, (*opened).clone());
            state.previous = Some(Box::new(old));
            state.link = Some(opened);
            state.notice = Some(notice);
            state.highlight = None;
            state.opening_link = None;
            state.awaits_first_example = false;
        }
        Action::LinkFailed(notice) => {
            state.opening_link = None;
            state.notice = Some(notice);
        }
        Action::Shared(shared) => state.link = Some(shared),
        Action::FirstExample(example) => {
            if state.awaits_first_example {
                state.workspace = *example;
                state.awaits_first_example = false;
            }
        }
    }
    if let Some(element) = focus {
        let serial = state.focus.as_ref().map_or(1, |f| f.serial.wrapping_add(1));
        state.focus = Some(FocusRequest { serial, element });
    }
    state
}

/// The id of a tag's key field.
pub fn tag_key_element(prefix: &str, index: usize) -> String {
    format!("{prefix}-tag-{index}-key")
}

/// The id of an organization level's name field.
pub fn level_element(scp: bool, level: usize) -> String {
    format!("{}-level-{level}-name", if scp { "scp" } else { "rcp" })
}

#[cfg(test)]
mod tests;

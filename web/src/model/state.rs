//! The one store: the workspace plus what the page is showing, changed only
//! by [`reduce`].
//!
//! `reduce` is a pure function of the state and an [`Action`], tested
//! natively; Yew sees it only through the thin `Reducible` adapter in
//! `store.rs`. Side effects (local storage, file reading, the clipboard)
//! live in hooks and never in here.

use serde::{Deserialize, Serialize};

use super::workspace::{
    ContextEntryDef, ContextType, EMPTY_POLICY, GroupDef, LevelDef, PolicyDoc, PrincipalDef,
    ResourceDef, Tag, TestDef, Workspace,
};

/// Which list of policies an action is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PolicyList {
    /// A principal's identity policies.
    Identity {
        /// The principal.
        principal: usize,
    },
    /// A group's policies.
    Group {
        /// The principal.
        principal: usize,
        /// The group.
        group: usize,
    },
    /// A principal's session policies.
    Session {
        /// The principal.
        principal: usize,
    },
    /// An SCP level.
    Scp {
        /// The level.
        level: usize,
    },
    /// An RCP level.
    Rcp {
        /// The level.
        level: usize,
    },
}

/// Which tag list an action is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagOwner {
    /// A principal's tags.
    Principal(usize),
    /// A resource's tags.
    Resource(usize),
}

/// A message shown at the top of the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// Whether it reports a problem.
    pub is_error: bool,
    /// The text.
    pub text: String,
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
    /// Add an empty policy to a list.
    AddPolicy(PolicyList),
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
    /// Add a principal.
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
    /// Add a resource.
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
    /// Change the request's action.
    SetAction(String),
    /// Change the request's target.
    SetRequestResource(Option<usize>),
    /// Add a context key (or focus the existing one of that name).
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
}

/// The next state. Pure: no storage, no clock, no DOM.
pub fn reduce(mut state: State, action: Action) -> State {
    let workspace = &mut state.workspace;
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
        }
        Action::UndoLoad => {
            if let Some(previous) = state.previous.take() {
                state.workspace = *previous;
                state.highlight = None;
                state.notice = Some(Notice {
                    is_error: false,
                    text: String::from("Your previous workspace is back."),
                });
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
        Action::AddPolicy(list) => {
            let count = workspace.policies().len() + 1;
            let (name, text) = match list {
                PolicyList::Scp { .. } => ("Scp", SCP_TEMPLATE),
                PolicyList::Rcp { .. } => ("Rcp", RCP_TEMPLATE),
                _ => ("Policy", EMPTY_POLICY),
            };
            let policy = workspace.new_policy(&format!("{name}{count}"), text);
            if let Some(target) = policy_list(workspace, list) {
                target.push(policy);
            }
        }
        Action::RemovePolicy(id) => {
            remove_policy(workspace, id);
            if state.highlight.is_some_and(|h| h.editor == id) {
                state.highlight = None;
            }
        }
        Action::SetBoundary { principal, present } => {
            let policy = present.then(|| workspace.new_policy("Boundary", BOUNDARY_TEMPLATE));
            if let Some(def) = workspace.principals.get_mut(principal) {
                def.boundary = policy;
            }
        }
        Action::SetResourcePolicy { resource, present } => {
            let policy = present.then(|| workspace.new_policy("ResourcePolicy", RESOURCE_TEMPLATE));
            if let Some(def) = workspace.resources.get_mut(resource) {
                def.policy = policy;
            }
        }
        Action::AddPrincipal => {
            let policy = workspace.new_policy("Policy", EMPTY_POLICY);
            let number = workspace.principals.len() + 1;
            workspace.principals.push(PrincipalDef {
                arn: format!("arn:aws:iam::111111111111:user/user{number}"),
                policies: vec![policy],
                ..PrincipalDef::default()
            });
        }
        Action::RemovePrincipal(idx) => {
            if idx < workspace.principals.len() && workspace.principals.len() > 1 {
                workspace.principals.remove(idx);
                workspace.caller =
                    shift_index(workspace.caller, idx).min(workspace.principals.len() - 1);
                for test in &mut workspace.tests {
                    test.caller = shift_index(test.caller, idx).min(workspace.principals.len() - 1);
                }
            }
        }
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
            if let Some(def) = workspace.principals.get_mut(principal) {
                let number = def.groups.len() + 1;
                def.groups.push(GroupDef {
                    name: format!("group{number}"),
                    policies: Vec::new(),
                });
            }
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
            if let Some(tags) = tags(workspace, owner) {
                tags.push(Tag::default());
            }
        }
        Action::SetTag { owner, index, tag } => {
            if let Some(slot) = tags(workspace, owner).and_then(|tags| tags.get_mut(index)) {
                *slot = tag;
            }
        }
        Action::RemoveTag { owner, index } => {
            if let Some(tags) = tags(workspace, owner)
                && index < tags.len()
            {
                tags.remove(index);
            }
        }
        Action::SetScpsEnabled(on) => {
            workspace.organization.scps_enabled = on;
            if on && workspace.organization.scps.is_empty() {
                let policy = workspace.new_policy("FullAWSAccess", FULL_ACCESS_SCP);
                workspace.organization.scps.push(LevelDef {
                    name: String::from("Root"),
                    policies: vec![policy],
                });
            }
        }
        Action::SetRcpsEnabled(on) => {
            workspace.organization.rcps_enabled = on;
            if on && workspace.organization.rcps.is_empty() {
                workspace.organization.rcps.push(LevelDef {
                    name: String::from("Root"),
                    policies: Vec::new(),
                });
            }
        }
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
            let policy = workspace.new_policy("FullAWSAccess", FULL_ACCESS_SCP);
            let number = workspace.organization.scps.len();
            workspace.organization.scps.push(LevelDef {
                name: format!("Level {number}"),
                policies: vec![policy],
            });
        }
        Action::RemoveScpLevel(level) => {
            if level < workspace.organization.scps.len() {
                workspace.organization.scps.remove(level);
            }
        }
        Action::AddRcpLevel => {
            let number = workspace.organization.rcps.len();
            workspace.organization.rcps.push(LevelDef {
                name: format!("Level {number}"),
                policies: Vec::new(),
            });
        }
        Action::RemoveRcpLevel(level) => {
            if level < workspace.organization.rcps.len() {
                workspace.organization.rcps.remove(level);
            }
        }
        Action::AddResource => {
            let number = workspace.resources.len() + 1;
            workspace.resources.push(ResourceDef {
                arn: format!("arn:aws:s3:::example-bucket-{number}/*"),
                ..ResourceDef::default()
            });
            if workspace.request.resource.is_none() {
                workspace.request.resource = Some(workspace.resources.len() - 1);
            }
        }
        Action::RemoveResource(idx) => {
            if idx < workspace.resources.len() {
                workspace.resources.remove(idx);
                let fix = |target: &mut Option<usize>| {
                    *target = match *target {
                        Some(current) if current == idx => None,
                        Some(current) => Some(shift_index(current, idx)),
                        None => None,
                    };
                };
                fix(&mut workspace.request.resource);
                for test in &mut workspace.tests {
                    fix(&mut test.request.resource);
                }
            }
        }
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
        Action::SetAction(action) => workspace.request.action = action,
        Action::SetRequestResource(resource) => {
            workspace.request.resource = resource.filter(|idx| *idx < workspace.resources.len());
        }
        Action::AddContextKey { key, kind, value } => {
            let existing = workspace
                .request
                .context
                .iter_mut()
                .find(|e| e.key.eq_ignore_ascii_case(&key));
            match existing {
                Some(entry) => {
                    entry.kind = kind;
                    entry.value = value;
                }
                None => workspace
                    .request
                    .context
                    .push(ContextEntryDef { key, kind, value }),
            }
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
        Action::SaveTest { name, expect } => {
            let test = TestDef {
                name,
                caller: workspace.caller,
                request: workspace.request.clone(),
                expect,
            };
            workspace.tests.push(test);
        }
        Action::OpenTest(index) => {
            if let Some(test) = workspace.tests.get(index) {
                workspace.request = test.request.clone();
                workspace.caller = test
                    .caller
                    .min(workspace.principals.len().saturating_sub(1));
            }
        }
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
    }
    state
}

/// An index after the element at `removed` is taken out of its list.
fn shift_index(current: usize, removed: usize) -> usize {
    if current > removed {
        current - 1
    } else {
        current
    }
}

fn policy_list(workspace: &mut Workspace, list: PolicyList) -> Option<&mut Vec<PolicyDoc>> {
    match list {
        PolicyList::Identity { principal } => {
            Some(&mut workspace.principals.get_mut(principal)?.policies)
        }
        PolicyList::Group { principal, group } => Some(
            &mut workspace
                .principals
                .get_mut(principal)?
                .groups
                .get_mut(group)?
                .policies,
        ),
        PolicyList::Session { principal } => {
            Some(&mut workspace.principals.get_mut(principal)?.session_policies)
        }
        PolicyList::Scp { level } => {
            Some(&mut workspace.organization.scps.get_mut(level)?.policies)
        }
        PolicyList::Rcp { level } => {
            Some(&mut workspace.organization.rcps.get_mut(level)?.policies)
        }
    }
}

fn tags(workspace: &mut Workspace, owner: TagOwner) -> Option<&mut Vec<Tag>> {
    match owner {
        TagOwner::Principal(idx) => Some(&mut workspace.principals.get_mut(idx)?.tags),
        TagOwner::Resource(idx) => Some(&mut workspace.resources.get_mut(idx)?.tags),
    }
}

fn remove_policy(workspace: &mut Workspace, id: u32) {
    let keep = |policy: &PolicyDoc| policy.id != id;
    for principal in &mut workspace.principals {
        principal.policies.retain(keep);
        principal.session_policies.retain(keep);
        for group in &mut principal.groups {
            group.policies.retain(keep);
        }
        if principal.boundary.as_ref().is_some_and(|p| p.id == id) {
            principal.boundary = None;
        }
    }
    for level in workspace
        .organization
        .scps
        .iter_mut()
        .chain(workspace.organization.rcps.iter_mut())
    {
        level.policies.retain(keep);
    }
    for resource in &mut workspace.resources {
        if resource.policy.as_ref().is_some_and(|p| p.id == id) {
            resource.policy = None;
        }
    }
    for endpoint in &mut workspace.endpoints {
        if endpoint.policy.as_ref().is_some_and(|p| p.id == id) {
            endpoint.policy = None;
        }
    }
}

/// AWS's default SCP, attached to every level until it is replaced.
pub const FULL_ACCESS_SCP: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n";

const SCP_TEMPLATE: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Deny\",\n      \"Action\": \"\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n";

const RCP_TEMPLATE: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Deny\",\n      \"Principal\": \"*\",\n      \"Action\": \"\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n";

const BOUNDARY_TEMPLATE: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n";

const RESOURCE_TEMPLATE: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": { \"AWS\": \"111111111111\" },\n      \"Action\": \"\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n";

#[cfg(test)]
mod tests {
    use super::*;

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
}

//! Every change the page can make to a workspace, as methods of
//! [`Workspace`].
//!
//! The reducer (`model/state.rs`) maps each action to one of these; they
//! keep the workspace consistent (indexes into removed lists are fixed,
//! editor ids stay unique) and say where the new thing is, so the page can
//! put the keyboard focus in it.

use super::templates::{self, Template, fresh_name};
use super::workspace::{
    BlockPublicAccessDef, ContextEntryDef, ContextType, EndpointDef, GroupDef, LevelDef, PolicyDoc,
    PrincipalDef, ResourceDef, Tag, TestDef, Workspace,
};

/// Which list of policies a change is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

/// Which tag list a change is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagOwner {
    /// A principal's tags.
    Principal(usize),
    /// A resource's tags.
    Resource(usize),
}

/// A field of a VPC endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndpointField {
    /// The endpoint's id.
    Id,
    /// Its VPC.
    Vpc,
    /// Its owner account.
    Account,
    /// The private address requests come from.
    SourceIp,
}

/// The account of the caller's ARN, for the accounts new things name.
fn account_of(arn: &str) -> &str {
    arn.split(':')
        .nth(4)
        .filter(|a| iamlab_core::principal::is_account_id(a))
        .unwrap_or("111111111111")
}

/// An index after the element at `removed` is taken out of its list.
fn shift_index(current: usize, removed: usize) -> usize {
    if current > removed {
        current - 1
    } else {
        current
    }
}

impl Workspace {
    /// The names of every policy, to keep new names distinct.
    fn policy_names(&self) -> Vec<String> {
        self.policies()
            .iter()
            .map(|(_, policy)| policy.name.clone())
            .collect()
    }

    /// A new policy from a template, named apart from the others.
    pub fn policy_from(&mut self, template: &Template) -> PolicyDoc {
        let names = self.policy_names();
        let taken: Vec<&str> = names.iter().map(String::as_str).collect();
        let name = fresh_name(&template.name, &taken);
        self.new_policy(&name, &template.text)
    }

    /// The caller's account (or the first principal's).
    pub fn caller_account(&self) -> String {
        self.principals
            .get(self.caller)
            .map_or("111111111111", |p| account_of(&p.arn))
            .to_owned()
    }

    /// The list a [`PolicyList`] names.
    pub fn policy_list_mut(&mut self, list: PolicyList) -> Option<&mut Vec<PolicyDoc>> {
        match list {
            PolicyList::Identity { principal } => {
                Some(&mut self.principals.get_mut(principal)?.policies)
            }
            PolicyList::Group { principal, group } => Some(
                &mut self
                    .principals
                    .get_mut(principal)?
                    .groups
                    .get_mut(group)?
                    .policies,
            ),
            PolicyList::Session { principal } => {
                Some(&mut self.principals.get_mut(principal)?.session_policies)
            }
            PolicyList::Scp { level } => Some(&mut self.organization.scps.get_mut(level)?.policies),
            PolicyList::Rcp { level } => Some(&mut self.organization.rcps.get_mut(level)?.policies),
        }
    }

    /// Adds a policy from the list's template; returns its editor id.
    pub fn add_policy(&mut self, list: PolicyList) -> Option<u32> {
        let template = match list {
            PolicyList::Identity { .. } => templates::identity(),
            PolicyList::Group { .. } => templates::group(),
            PolicyList::Session { .. } => templates::session(),
            PolicyList::Scp { .. } => templates::scp(),
            PolicyList::Rcp { .. } => templates::rcp(),
        };
        self.policy_list_mut(list)?;
        let policy = self.policy_from(&template);
        let id = policy.id;
        self.policy_list_mut(list)?.push(policy);
        Some(id)
    }

    /// Attaches the AWS managed policy `arn` to a list (an identity or group
    /// list; AWS attaches managed policies to users, roles and groups).
    /// Returns its editor id; attaching one twice does nothing.
    pub fn attach_managed(&mut self, list: PolicyList, arn: &str) -> Option<u32> {
        if !matches!(list, PolicyList::Identity { .. } | PolicyList::Group { .. }) {
            return None;
        }
        if let Some(existing) = self.policy_list_mut(list)?.iter().find(|p| p.arn == arn) {
            return Some(existing.id);
        }
        let policy = self.new_managed_policy(arn);
        let id = policy.id;
        self.policy_list_mut(list)?.push(policy);
        Some(id)
    }

    /// Removes the policy with editor id `id`, wherever it is.
    pub fn remove_policy(&mut self, id: u32) {
        let keep = |policy: &PolicyDoc| policy.id != id;
        for principal in &mut self.principals {
            principal.policies.retain(keep);
            principal.session_policies.retain(keep);
            for group in &mut principal.groups {
                group.policies.retain(keep);
            }
            if principal.boundary.as_ref().is_some_and(|p| p.id == id) {
                principal.boundary = None;
            }
        }
        for level in self
            .organization
            .scps
            .iter_mut()
            .chain(self.organization.rcps.iter_mut())
        {
            level.policies.retain(keep);
        }
        for resource in &mut self.resources {
            if resource.policy.as_ref().is_some_and(|p| p.id == id) {
                resource.policy = None;
            }
        }
        for endpoint in &mut self.endpoints {
            if endpoint.policy.as_ref().is_some_and(|p| p.id == id) {
                endpoint.policy = None;
            }
        }
    }

    /// Gives a principal a boundary (from the template) or takes it away;
    /// returns the new editor id.
    pub fn set_boundary(&mut self, principal: usize, present: bool) -> Option<u32> {
        self.principals.get(principal)?;
        let policy = present.then(|| self.policy_from(&templates::boundary()));
        let id = policy.as_ref().map(|p| p.id);
        self.principals.get_mut(principal)?.boundary = policy;
        id
    }

    /// Gives a resource its resource-based policy (the template for its
    /// ARN) or takes it away; returns the new editor id.
    pub fn set_resource_policy(&mut self, resource: usize, present: bool) -> Option<u32> {
        let arn = self.resources.get(resource)?.arn.clone();
        let account = match self.resources.get(resource)?.account.trim() {
            "" => self.caller_account(),
            given => given.to_owned(),
        };
        let policy = present.then(|| self.policy_from(&templates::resource_policy(&arn, &account)));
        let id = policy.as_ref().map(|p| p.id);
        self.resources.get_mut(resource)?.policy = policy;
        id
    }

    /// Adds a user with the identity template and makes it the caller;
    /// returns its index.
    pub fn add_principal(&mut self) -> usize {
        let account = self.caller_account();
        let names: Vec<String> = self.principals.iter().map(|p| p.arn.clone()).collect();
        let number = (self.principals.len() + 1..)
            .find(|n| {
                !names
                    .iter()
                    .any(|arn| arn.ends_with(&format!("user/user{n}")))
            })
            .unwrap_or(self.principals.len() + 1);
        let policy = self.policy_from(&templates::identity());
        self.principals.push(PrincipalDef {
            arn: format!("arn:aws:iam::{account}:user/user{number}"),
            policies: vec![policy],
            ..PrincipalDef::default()
        });
        self.caller = self.principals.len() - 1;
        self.caller
    }

    /// Removes a principal (never the last one), fixing the caller and the
    /// tests that pointed past it.
    pub fn remove_principal(&mut self, idx: usize) {
        if idx >= self.principals.len() || self.principals.len() <= 1 {
            return;
        }
        self.principals.remove(idx);
        let last = self.principals.len() - 1;
        self.caller = shift_index(self.caller, idx).min(last);
        for test in &mut self.tests {
            test.caller = shift_index(test.caller, idx).min(last);
        }
    }

    /// Adds a group to a user; returns its index.
    pub fn add_group(&mut self, principal: usize) -> Option<usize> {
        let groups = &mut self.principals.get_mut(principal)?.groups;
        let taken: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        let name = fresh_name("Developers", &taken);
        groups.push(GroupDef {
            name,
            policies: Vec::new(),
        });
        Some(groups.len() - 1)
    }

    /// The tag list of `owner`.
    pub fn tags_mut(&mut self, owner: TagOwner) -> Option<&mut Vec<Tag>> {
        match owner {
            TagOwner::Principal(idx) => Some(&mut self.principals.get_mut(idx)?.tags),
            TagOwner::Resource(idx) => Some(&mut self.resources.get_mut(idx)?.tags),
        }
    }

    /// Adds an empty tag; returns its index.
    pub fn add_tag(&mut self, owner: TagOwner) -> Option<usize> {
        let tags = self.tags_mut(owner)?;
        tags.push(Tag::default());
        Some(tags.len() - 1)
    }

    /// Turns SCPs on (with `FullAWSAccess` at the root the first time) or off.
    pub fn set_scps_enabled(&mut self, on: bool) {
        self.organization.scps_enabled = on;
        if on && self.organization.scps.is_empty() {
            let policy = self.policy_from(&templates::full_access_scp());
            self.organization.scps.push(LevelDef {
                name: String::from("Root"),
                policies: vec![policy],
            });
        }
    }

    /// Turns RCPs on (with an empty root level the first time: AWS's
    /// `RCPFullAWSAccess` is implied) or off.
    pub fn set_rcps_enabled(&mut self, on: bool) {
        self.organization.rcps_enabled = on;
        if on && self.organization.rcps.is_empty() {
            self.organization.rcps.push(LevelDef {
                name: String::from("Root"),
                policies: Vec::new(),
            });
        }
    }

    /// Adds an SCP level (an OU) holding `FullAWSAccess`; returns its index.
    pub fn add_scp_level(&mut self) -> usize {
        let policy = self.policy_from(&templates::full_access_scp());
        let number = self.organization.scps.len();
        self.organization.scps.push(LevelDef {
            name: format!("OU {number}"),
            policies: vec![policy],
        });
        self.organization.scps.len() - 1
    }

    /// Adds an RCP level; returns its index.
    pub fn add_rcp_level(&mut self) -> usize {
        let number = self.organization.rcps.len();
        self.organization.rcps.push(LevelDef {
            name: format!("OU {number}"),
            policies: Vec::new(),
        });
        self.organization.rcps.len() - 1
    }

    /// Adds a resource (an object of the reports bucket) and makes it the
    /// request's target; returns its index.
    pub fn add_resource(&mut self) -> usize {
        let arns: Vec<&str> = self.resources.iter().map(|r| r.arn.as_str()).collect();
        let arn = (1..)
            .map(|n| format!("arn:aws:s3:::reports/q{n}.csv"))
            .find(|candidate| !arns.contains(&candidate.as_str()))
            .unwrap_or_default();
        self.resources.push(ResourceDef {
            arn,
            ..ResourceDef::default()
        });
        let idx = self.resources.len() - 1;
        self.request.resource = Some(idx);
        idx
    }

    /// Removes a resource, fixing every request that pointed at it or past it.
    pub fn remove_resource(&mut self, idx: usize) {
        if idx >= self.resources.len() {
            return;
        }
        self.resources.remove(idx);
        let fix = |target: &mut Option<usize>| {
            *target = match *target {
                Some(current) if current == idx => None,
                Some(current) => Some(shift_index(current, idx)),
                None => None,
            };
        };
        fix(&mut self.request.resource);
        for test in &mut self.tests {
            fix(&mut test.request.resource);
        }
    }

    /// Sets S3 Block Public Access on a resource.
    pub fn set_block_public_access(&mut self, resource: usize, settings: BlockPublicAccessDef) {
        if let Some(def) = self.resources.get_mut(resource) {
            def.block_public_access = settings;
        }
    }

    /// Sends the request through a VPC endpoint (the first one, made when
    /// there is none), or not.
    pub fn set_through_endpoint(&mut self, on: bool) {
        if !on {
            self.request.endpoint = None;
            return;
        }
        if self.endpoints.is_empty() {
            let account = self.caller_account();
            self.endpoints.push(EndpointDef {
                id: String::from("vpce-1a2b3c4d"),
                vpc: String::from("vpc-0abc1234"),
                account,
                source_ip: String::new(),
                policy: None,
            });
        }
        self.request.endpoint = Some(0);
    }

    /// Changes one field of an endpoint.
    pub fn set_endpoint_field(&mut self, endpoint: usize, field: EndpointField, value: String) {
        if let Some(def) = self.endpoints.get_mut(endpoint) {
            match field {
                EndpointField::Id => def.id = value,
                EndpointField::Vpc => def.vpc = value,
                EndpointField::Account => def.account = value,
                EndpointField::SourceIp => def.source_ip = value,
            }
        }
    }

    /// Gives an endpoint its own policy (from the template) or the default
    /// one back; returns the new editor id.
    pub fn set_endpoint_policy(&mut self, endpoint: usize, present: bool) -> Option<u32> {
        self.endpoints.get(endpoint)?;
        let policy = present.then(|| self.policy_from(&templates::endpoint()));
        let id = policy.as_ref().map(|p| p.id);
        self.endpoints.get_mut(endpoint)?.policy = policy;
        id
    }

    /// Sets a context key (the existing entry of that name, in any case,
    /// or a new one); returns the entry's index.
    pub fn add_context_key(&mut self, key: String, kind: ContextType, value: String) -> usize {
        let context = &mut self.request.context;
        let existing = context
            .iter()
            .position(|e| !key.is_empty() && e.key.eq_ignore_ascii_case(&key));
        match existing {
            Some(idx) => {
                if let Some(entry) = context.get_mut(idx) {
                    entry.kind = kind;
                    entry.value = value;
                }
                idx
            }
            None => {
                context.push(ContextEntryDef { key, kind, value });
                context.len() - 1
            }
        }
    }

    /// Saves the current request as a test.
    pub fn save_test(&mut self, name: String, expect: String) {
        let test = TestDef {
            name,
            caller: self.caller,
            request: self.request.clone(),
            expect,
        };
        self.tests.push(test);
    }

    /// Makes a test's request the current one.
    pub fn open_test(&mut self, index: usize) {
        if let Some(test) = self.tests.get(index) {
            self.request = test.request.clone();
            self.caller = test.caller.min(self.principals.len().saturating_sub(1));
        }
    }
}

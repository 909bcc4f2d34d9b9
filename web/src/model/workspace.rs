//! The workspace: everything the user has typed, as one serializable value.
//!
//! It is what localStorage keeps, what a share link carries and what the
//! reducer changes. It holds text, never compiled policies: compiling is a
//! function of the workspace (`model::analysis`), so a stored workspace can
//! never disagree with what the page shows. Every policy editor has a stable
//! `id` so diagnostics, highlights and scroll targets survive edits.

/// The version of the stored and shared format. Bump it with a migration in
/// `model::storage` whenever a field changes meaning.
pub const FORMAT_VERSION: u32 = 1;

/// Everything on the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workspace {
    /// The format version.
    pub version: u32,
    /// A title shown in the header (an example's name, or the user's).
    pub title: String,
    /// What the workspace is about: an example's lesson, or the user's notes.
    pub description: String,
    /// The principals that can call; `caller` picks one.
    pub principals: Vec<PrincipalDef>,
    /// Index of the calling principal.
    pub caller: usize,
    /// SCP and RCP levels.
    pub organization: Organization,
    /// The resources that requests can target; `request.resource` picks one.
    pub resources: Vec<ResourceDef>,
    /// The VPC endpoints requests can come through; `request.endpoint` picks one.
    pub endpoints: Vec<EndpointDef>,
    /// The request being asked.
    pub request: RequestDef,
    /// Saved requests with expected decisions: policy unit tests.
    pub tests: Vec<TestDef>,
    /// The next free editor id.
    pub next_id: u32,
}

/// A policy as the user typed it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicyDoc {
    /// A stable id for the editor (never reused within a workspace).
    pub id: u32,
    /// The name shown in explanations.
    pub name: String,
    /// The JSON text (empty for an AWS managed policy).
    pub text: String,
    /// For an AWS managed policy: its ARN; its document comes from the
    /// managed policies file. Empty for a policy written here.
    pub arn: String,
}

impl PolicyDoc {
    /// Whether this is an AWS managed policy, attached by ARN.
    pub fn is_managed(&self) -> bool {
        !self.arn.is_empty()
    }
}

/// A principal tag or a resource tag.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tag {
    /// The tag key.
    pub key: String,
    /// The tag value (may be empty).
    pub value: String,
}

/// A group of an IAM user, with its policies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupDef {
    /// The group's name.
    pub name: String,
    /// Its policies (identity policies of the member).
    pub policies: Vec<PolicyDoc>,
}

/// Someone who can make a request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrincipalDef {
    /// The ARN (or service name, or `anonymous`).
    pub arn: String,
    /// For a role session: the role's ARN with its path (empty: derive it).
    pub role_arn: String,
    /// Principal tags.
    pub tags: Vec<Tag>,
    /// The user's groups.
    pub groups: Vec<GroupDef>,
    /// Attached and inline identity policies.
    pub policies: Vec<PolicyDoc>,
    /// The permissions boundary.
    pub boundary: Option<PolicyDoc>,
    /// Session policies (role sessions and federated users).
    pub session_policies: Vec<PolicyDoc>,
    /// The organization of this principal's case, when it differs from the
    /// workspace's (a case file may give each case its own).
    pub organization: Option<Organization>,
}

/// The organization's guardrails, one list of policies per level.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Organization {
    /// Whether SCPs take part (off: the caller is outside an organization or
    /// in the management account).
    pub scps_enabled: bool,
    /// SCP levels from the root down to the account.
    pub scps: Vec<LevelDef>,
    /// Whether RCPs take part.
    pub rcps_enabled: bool,
    /// RCP levels from the root down to the resource's account.
    pub rcps: Vec<LevelDef>,
}

/// One level of the organization (root, an OU, the account).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LevelDef {
    /// The level's name (`Root`, `ou-prod`, the account id).
    pub name: String,
    /// Its policies.
    pub policies: Vec<PolicyDoc>,
}

/// Something a request can target.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResourceDef {
    /// The ARN, or `*`.
    pub arn: String,
    /// The owning account (empty: from the ARN, else the caller's).
    pub account: String,
    /// Resource tags.
    pub tags: Vec<Tag>,
    /// The resource-based policy.
    pub policy: Option<PolicyDoc>,
    /// S3 Block Public Access settings (S3 resources only).
    pub block_public_access: BlockPublicAccessDef,
}

/// S3 Block Public Access, as the case format names its settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BlockPublicAccessDef {
    /// Restrict Public Buckets: the one setting that changes decisions.
    pub restrict_public_buckets: bool,
    /// Ignore Public ACLs (ACLs are outside the model).
    pub ignore_public_acls: bool,
    /// Block Public Policy (policy writes are outside the model).
    pub block_public_policy: bool,
}

impl BlockPublicAccessDef {
    /// Whether any setting is on.
    pub fn is_any(&self) -> bool {
        self.restrict_public_buckets || self.ignore_public_acls || self.block_public_policy
    }
}

/// A VPC endpoint requests can come through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EndpointDef {
    /// The endpoint's id (`vpce-…`).
    pub id: String,
    /// Its VPC (`vpc-…`).
    pub vpc: String,
    /// The account that owns it.
    pub account: String,
    /// The private address requests come from (`aws:VpcSourceIp`), if set.
    pub source_ip: String,
    /// The endpoint policy; `None` is AWS's default, which allows everything.
    pub policy: Option<PolicyDoc>,
}

/// The type the user gave a context value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ContextType {
    /// Text.
    #[default]
    String,
    /// A multivalued key: one value per line.
    List,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// An ISO 8601 date or epoch seconds.
    Date,
    /// An IP address.
    Ip,
}

/// One context key of a request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContextEntryDef {
    /// The key, such as `aws:SourceIp`.
    pub key: String,
    /// Its type.
    pub kind: ContextType,
    /// Its value; for a list, one value per line.
    pub value: String,
}

/// A request: action, target and context.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestDef {
    /// `service:Action`.
    pub action: String,
    /// Index into `Workspace::resources`; `None` means the resource `*`.
    pub resource: Option<usize>,
    /// Index into `Workspace::endpoints`; `None`: not through an endpoint.
    pub endpoint: Option<usize>,
    /// Context keys.
    pub context: Vec<ContextEntryDef>,
}

/// A saved request with its expected decision.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TestDef {
    /// The test's name.
    pub name: String,
    /// Index of the calling principal.
    pub caller: usize,
    /// The request.
    pub request: RequestDef,
    /// `allowed`, `explicitDeny`, `implicitDeny` or `error`; empty when not set.
    pub expect: String,
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace {
            version: FORMAT_VERSION,
            title: String::new(),
            description: String::new(),
            principals: Vec::new(),
            caller: 0,
            organization: Organization::default(),
            resources: Vec::new(),
            endpoints: Vec::new(),
            request: RequestDef::default(),
            tests: Vec::new(),
            next_id: 1,
        }
    }
}

impl Workspace {
    /// The organization that applies when `caller` calls.
    pub fn organization_of(&self, caller: usize) -> &Organization {
        self.principals
            .get(caller)
            .and_then(|p| p.organization.as_ref())
            .unwrap_or(&self.organization)
    }

    /// What "New" gives: one user whose policy reads the reports bucket,
    /// and a request to read a report, which that policy allows. It opens
    /// with no diagnostic and a decision that teaches something.
    pub fn blank() -> Self {
        let mut workspace = Workspace {
            title: String::from("Untitled workspace"),
            ..Workspace::default()
        };
        let policy = workspace.policy_from(&super::templates::identity());
        workspace.principals.push(PrincipalDef {
            arn: String::from("arn:aws:iam::111111111111:user/alice"),
            policies: vec![policy],
            ..PrincipalDef::default()
        });
        workspace.add_resource();
        workspace.request.action = String::from("s3:GetObject");
        workspace
    }

    /// A policy with a fresh editor id.
    pub fn new_policy(&mut self, name: &str, text: &str) -> PolicyDoc {
        let id = self.next_id;
        self.next_id += 1;
        PolicyDoc {
            id,
            name: String::from(name),
            text: String::from(text),
            arn: String::new(),
        }
    }

    /// An AWS managed policy, by ARN, with a fresh editor id.
    pub fn new_managed_policy(&mut self, arn: &str) -> PolicyDoc {
        let name = arn.rsplit('/').next().unwrap_or(arn);
        PolicyDoc {
            arn: String::from(arn),
            ..self.new_policy(name, "")
        }
    }

    /// Whether any policy is an AWS managed policy, attached by ARN.
    pub fn has_managed_policies(&self) -> bool {
        self.principals.iter().any(|p| {
            p.policies
                .iter()
                .chain(p.groups.iter().flat_map(|g| g.policies.iter()))
                .any(PolicyDoc::is_managed)
        })
    }

    /// Every policy in the workspace, with where it sits.
    pub fn policies(&self) -> Vec<(PolicySlot, &PolicyDoc)> {
        let mut out = Vec::new();
        for (principal_idx, principal) in self.principals.iter().enumerate() {
            for (idx, policy) in principal.policies.iter().enumerate() {
                out.push((
                    PolicySlot::Identity {
                        principal: principal_idx,
                        index: idx,
                    },
                    policy,
                ));
            }
            for (group_idx, group) in principal.groups.iter().enumerate() {
                for (idx, policy) in group.policies.iter().enumerate() {
                    out.push((
                        PolicySlot::Group {
                            principal: principal_idx,
                            group: group_idx,
                            index: idx,
                        },
                        policy,
                    ));
                }
            }
            if let Some(policy) = &principal.boundary {
                out.push((
                    PolicySlot::Boundary {
                        principal: principal_idx,
                    },
                    policy,
                ));
            }
            for (idx, policy) in principal.session_policies.iter().enumerate() {
                out.push((
                    PolicySlot::Session {
                        principal: principal_idx,
                        index: idx,
                    },
                    policy,
                ));
            }
            if let Some(org) = &principal.organization {
                for (level_idx, level) in org.scps.iter().enumerate() {
                    for (idx, policy) in level.policies.iter().enumerate() {
                        out.push((
                            PolicySlot::PrincipalScp {
                                principal: principal_idx,
                                level: level_idx,
                                index: idx,
                            },
                            policy,
                        ));
                    }
                }
                for (level_idx, level) in org.rcps.iter().enumerate() {
                    for (idx, policy) in level.policies.iter().enumerate() {
                        out.push((
                            PolicySlot::PrincipalRcp {
                                principal: principal_idx,
                                level: level_idx,
                                index: idx,
                            },
                            policy,
                        ));
                    }
                }
            }
        }
        for (level_idx, level) in self.organization.scps.iter().enumerate() {
            for (idx, policy) in level.policies.iter().enumerate() {
                out.push((
                    PolicySlot::Scp {
                        level: level_idx,
                        index: idx,
                    },
                    policy,
                ));
            }
        }
        for (level_idx, level) in self.organization.rcps.iter().enumerate() {
            for (idx, policy) in level.policies.iter().enumerate() {
                out.push((
                    PolicySlot::Rcp {
                        level: level_idx,
                        index: idx,
                    },
                    policy,
                ));
            }
        }
        for (resource_idx, resource) in self.resources.iter().enumerate() {
            if let Some(policy) = &resource.policy {
                out.push((
                    PolicySlot::Resource {
                        resource: resource_idx,
                    },
                    policy,
                ));
            }
        }
        for (endpoint_idx, endpoint) in self.endpoints.iter().enumerate() {
            if let Some(policy) = &endpoint.policy {
                out.push((
                    PolicySlot::Endpoint {
                        endpoint: endpoint_idx,
                    },
                    policy,
                ));
            }
        }
        out
    }

    /// The policy with editor id `id`.
    pub fn policy(&self, id: u32) -> Option<&PolicyDoc> {
        self.policies()
            .into_iter()
            .find(|(_, p)| p.id == id)
            .map(|(_, p)| p)
    }

    /// The policy with editor id `id`, to change it.
    pub fn policy_mut(&mut self, id: u32) -> Option<&mut PolicyDoc> {
        let slot = self
            .policies()
            .into_iter()
            .find(|(_, p)| p.id == id)
            .map(|(slot, _)| slot)?;
        self.slot_mut(slot)
    }

    fn slot_mut(&mut self, slot: PolicySlot) -> Option<&mut PolicyDoc> {
        match slot {
            PolicySlot::Identity { principal, index } => {
                self.principals.get_mut(principal)?.policies.get_mut(index)
            }
            PolicySlot::Group {
                principal,
                group,
                index,
            } => self
                .principals
                .get_mut(principal)?
                .groups
                .get_mut(group)?
                .policies
                .get_mut(index),
            PolicySlot::Boundary { principal } => {
                self.principals.get_mut(principal)?.boundary.as_mut()
            }
            PolicySlot::Session { principal, index } => self
                .principals
                .get_mut(principal)?
                .session_policies
                .get_mut(index),
            PolicySlot::PrincipalScp {
                principal,
                level,
                index,
            } => self
                .principals
                .get_mut(principal)?
                .organization
                .as_mut()?
                .scps
                .get_mut(level)?
                .policies
                .get_mut(index),
            PolicySlot::PrincipalRcp {
                principal,
                level,
                index,
            } => self
                .principals
                .get_mut(principal)?
                .organization
                .as_mut()?
                .rcps
                .get_mut(level)?
                .policies
                .get_mut(index),
            PolicySlot::Scp { level, index } => self
                .organization
                .scps
                .get_mut(level)?
                .policies
                .get_mut(index),
            PolicySlot::Rcp { level, index } => self
                .organization
                .rcps
                .get_mut(level)?
                .policies
                .get_mut(index),
            PolicySlot::Resource { resource } => self.resources.get_mut(resource)?.policy.as_mut(),
            PolicySlot::Endpoint { endpoint } => self.endpoints.get_mut(endpoint)?.policy.as_mut(),
        }
    }
}

/// Where a policy sits in the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicySlot {
    /// An identity policy of a principal.
    Identity {
        /// The principal.
        principal: usize,
        /// Its place in the list.
        index: usize,
    },
    /// A policy of one of a user's groups.
    Group {
        /// The principal.
        principal: usize,
        /// The group.
        group: usize,
        /// Its place in the group's list.
        index: usize,
    },
    /// A principal's permissions boundary.
    Boundary {
        /// The principal.
        principal: usize,
    },
    /// A session policy.
    Session {
        /// The principal.
        principal: usize,
        /// Its place in the list.
        index: usize,
    },
    /// An SCP of a principal's own organization.
    PrincipalScp {
        /// The principal.
        principal: usize,
        /// The level.
        level: usize,
        /// Its place in the level.
        index: usize,
    },
    /// An RCP of a principal's own organization.
    PrincipalRcp {
        /// The principal.
        principal: usize,
        /// The level.
        level: usize,
        /// Its place in the level.
        index: usize,
    },
    /// An SCP.
    Scp {
        /// The level.
        level: usize,
        /// Its place in the level.
        index: usize,
    },
    /// An RCP.
    Rcp {
        /// The level.
        level: usize,
        /// Its place in the level.
        index: usize,
    },
    /// A resource's resource-based policy.
    Resource {
        /// The resource.
        resource: usize,
    },
    /// A VPC endpoint's policy.
    Endpoint {
        /// The endpoint.
        endpoint: usize,
    },
}

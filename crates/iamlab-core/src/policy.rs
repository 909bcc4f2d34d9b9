//! The typed policy model.
//!
//! Lowering (in `policy/lower.rs`) turns a JSON document into this model and
//! reports every problem it finds for the document's kind. Patterns are
//! compiled here, once, so that evaluation only matches: action names are
//! lowercased and split into service and name, resources without variables
//! become ARN globs, and condition values are parsed for their operator.

mod lower;
mod print;

use alloc::string::String;
use alloc::vec::Vec;

pub use lower::{LowerOptions, StatementCache, lower_policy, parse_policy, parse_policy_cached};
pub use print::policy_to_json;

use crate::condition::Condition;
use crate::pattern::Glob;
use crate::source::{SourceId, Span};
use crate::variable::Template;

/// Where a policy sits in the evaluation, as the case format names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub enum PolicyType {
    /// An identity-based policy of the caller (its own, its groups', its role's).
    Identity,
    /// The resource-based policy of the target (bucket, key, trust policy...).
    Resource,
    /// The caller's permissions boundary.
    PermissionsBoundary,
    /// A session policy passed when the session was made.
    Session,
    /// A service control policy of the caller's organization.
    Scp,
    /// A resource control policy of the resource's organization.
    Rcp,
    /// The policy of the VPC endpoint the request came through.
    VpcEndpoint,
}

impl PolicyType {
    /// The case format's name for the type.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyType::Identity => "identity",
            PolicyType::Resource => "resource",
            PolicyType::PermissionsBoundary => "permissionsBoundary",
            PolicyType::Session => "session",
            PolicyType::Scp => "scp",
            PolicyType::Rcp => "rcp",
            PolicyType::VpcEndpoint => "vpcEndpoint",
        }
    }
}

/// The grammar a document is validated against (AWS: "IAM JSON policy
/// element reference", "SCP syntax", "RCP syntax").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    /// Identity-based policy.
    Identity,
    /// Permissions boundary.
    PermissionsBoundary,
    /// Session policy.
    Session,
    /// A resource-based policy other than a role trust policy.
    Resource,
    /// A role trust policy: a resource-based policy without `Resource`.
    RoleTrust,
    /// Service control policy.
    Scp,
    /// Resource control policy.
    Rcp,
    /// VPC endpoint policy: names principals, filters, never grants.
    VpcEndpoint,
}

impl DocumentKind {
    /// The kind of the resource-based policy attached to `resource_arn`: a
    /// role's is its trust policy.
    pub fn for_resource(resource_arn: &str) -> DocumentKind {
        match crate::arn::Arn::parse(resource_arn) {
            Some(arn) if crate::eval::is_role(&arn) => DocumentKind::RoleTrust,
            _ => DocumentKind::Resource,
        }
    }

    /// The policy type this kind of document plays in evaluation.
    pub fn policy_type(self) -> PolicyType {
        match self {
            DocumentKind::Identity => PolicyType::Identity,
            DocumentKind::PermissionsBoundary => PolicyType::PermissionsBoundary,
            DocumentKind::Session => PolicyType::Session,
            DocumentKind::Resource | DocumentKind::RoleTrust => PolicyType::Resource,
            DocumentKind::Scp => PolicyType::Scp,
            DocumentKind::Rcp => PolicyType::Rcp,
            DocumentKind::VpcEndpoint => PolicyType::VpcEndpoint,
        }
    }

    /// Whether statements name principals (`Principal` or `NotPrincipal`).
    pub fn has_principals(self) -> bool {
        matches!(
            self,
            DocumentKind::Resource
                | DocumentKind::RoleTrust
                | DocumentKind::Rcp
                | DocumentKind::VpcEndpoint
        )
    }

    /// Whether this is one of IAM's own policy kinds (stricter `Sid` rules).
    pub fn is_iam(self) -> bool {
        matches!(
            self,
            DocumentKind::Identity
                | DocumentKind::PermissionsBoundary
                | DocumentKind::Session
                | DocumentKind::RoleTrust
        )
    }
}

/// The policy language version (AWS: "IAM JSON policy elements: Version").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Version {
    /// `2012-10-17`: policy variables are expanded.
    V2012,
    /// `2008-10-17`: `${...}` is plain text.
    V2008,
    /// No `Version`: the 2008 rules apply.
    Missing,
}

impl Version {
    /// Whether `${...}` is a policy variable under this version.
    pub fn has_variables(self) -> bool {
        self == Version::V2012
    }
}

/// `Allow` or `Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Effect {
    /// The statement grants.
    Allow,
    /// The statement denies.
    Deny,
}

impl Effect {
    /// `Allow` or `Deny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

/// A lowered policy document.
#[derive(Clone, Debug)]
pub struct Policy {
    /// The name shown in explanations.
    pub name: String,
    /// The IAM group whose policy this is, for a group's identity policy.
    pub group: Option<String>,
    /// The grammar it was validated against.
    pub kind: DocumentKind,
    /// The language version.
    pub version: Version,
    /// The statements, in document order.
    pub statements: Vec<Statement>,
    /// The span of the whole document.
    pub span: Span,
    /// Whether this is AWS's `RCPFullAWSAccess` (one unconditional Allow of everything).
    pub is_rcp_full_access: bool,
}

impl Policy {
    /// The policy type for reports.
    pub fn policy_type(&self) -> PolicyType {
        self.kind.policy_type()
    }
}

/// One statement.
#[derive(Clone, Debug)]
pub struct Statement {
    /// 0-based position in the policy.
    pub index: usize,
    /// The `Sid`, if any.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// `Principal` or `NotPrincipal`, where the policy kind has them.
    pub principal: Option<PrincipalClause>,
    /// `Action` or `NotAction`.
    pub action: ActionClause,
    /// `Resource` or `NotResource`; `None` means "this resource".
    pub resource: Option<ResourceClause>,
    /// The conditions, all of which must hold.
    pub conditions: Vec<Condition>,
    /// The span of the statement object.
    pub span: Span,
}

/// `Action` or `NotAction` with its compiled patterns.
#[derive(Clone, Debug)]
pub struct ActionClause {
    /// True for `NotAction`.
    pub negated: bool,
    /// The patterns, in document order.
    pub patterns: Vec<ActionPattern>,
    /// The span of the element's value.
    pub span: Span,
}

/// One action pattern such as `s3:Get*`.
#[derive(Clone, Debug)]
pub struct ActionPattern {
    /// As written.
    pub text: String,
    /// Where it is written.
    pub span: Span,
    /// The compiled form.
    pub matcher: ActionMatcher,
}

/// A compiled action pattern.
#[derive(Clone, Debug)]
pub enum ActionMatcher {
    /// `*`.
    Everything,
    /// `service:name` globs over lowercase text.
    Split {
        /// The lowercase service prefix when it has no wildcard (for the index).
        service_literal: Option<String>,
        /// The service prefix glob.
        service: Glob,
        /// The action name glob.
        name: Glob,
    },
    /// A value that can never match an action (no colon).
    Nothing,
}

impl Statement {
    /// Moves every span of the statement to `source`, `delta` bytes on.
    pub(crate) fn relocate(&mut self, source: SourceId, delta: i64) {
        let moved = |span: &mut Span| *span = span.moved(source, delta);
        moved(&mut self.span);
        moved(&mut self.action.span);
        for pattern in &mut self.action.patterns {
            moved(&mut pattern.span);
        }
        if let Some(clause) = &mut self.resource {
            moved(&mut clause.span);
            for pattern in &mut clause.patterns {
                moved(&mut pattern.span);
            }
        }
        if let Some(clause) = &mut self.principal {
            moved(&mut clause.span);
            for entry in &mut clause.entries {
                moved(&mut entry.span);
            }
        }
        for condition in &mut self.conditions {
            moved(&mut condition.operator_span);
            moved(&mut condition.key_span);
            for value in &mut condition.values {
                moved(&mut value.span);
            }
        }
    }
}

impl ActionPattern {
    /// Whether the pattern matches an action given as lowercase service and name.
    pub fn is_match(&self, service: &str, name: &str) -> bool {
        match &self.matcher {
            ActionMatcher::Everything => true,
            ActionMatcher::Split {
                service: glob,
                name: name_glob,
                ..
            } => glob.is_match(service) && name_glob.is_match(name),
            ActionMatcher::Nothing => false,
        }
    }
}

/// `Resource` or `NotResource`.
#[derive(Clone, Debug)]
pub struct ResourceClause {
    /// True for `NotResource`.
    pub negated: bool,
    /// The patterns, in document order.
    pub patterns: Vec<ResourcePattern>,
    /// The span of the element's value.
    pub span: Span,
}

/// One resource pattern.
#[derive(Clone, Debug)]
pub struct ResourcePattern {
    /// As written.
    pub text: String,
    /// Where it is written.
    pub span: Span,
    /// The compiled form.
    pub matcher: ResourceMatcher,
    /// A template resolved with the principal's keys when the scenario was
    /// built (see [`crate::variable::Resolution`]).
    pub resolved: Option<alloc::boxed::Box<crate::variable::Resolution<Glob>>>,
}

/// A compiled resource pattern.
#[derive(Clone, Debug)]
pub enum ResourceMatcher {
    /// A pattern without variables.
    Glob(Glob),
    /// A pattern with policy variables after the fifth colon, resolved per request.
    Template(Template),
}

/// `Principal` or `NotPrincipal`.
#[derive(Clone, Debug)]
pub struct PrincipalClause {
    /// True for `NotPrincipal`.
    pub negated: bool,
    /// The entries, in document order.
    pub entries: Vec<PrincipalEntry>,
    /// The span of the element's value.
    pub span: Span,
}

/// One principal named by a policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrincipalEntry {
    /// Which map key it was under.
    pub key: PrincipalKey,
    /// The value as written.
    pub value: String,
    /// Where it is written.
    pub span: Span,
}

/// The key of a principal map, or the bare `"*"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum PrincipalKey {
    /// `"Principal": "*"`.
    Everyone,
    /// `AWS`.
    Aws,
    /// `Service`.
    Service,
    /// `Federated`.
    Federated,
    /// `CanonicalUser`.
    CanonicalUser,
}

impl PrincipalKey {
    /// The map key as AWS spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalKey::Everyone => "*",
            PrincipalKey::Aws => "AWS",
            PrincipalKey::Service => "Service",
            PrincipalKey::Federated => "Federated",
            PrincipalKey::CanonicalUser => "CanonicalUser",
        }
    }
}

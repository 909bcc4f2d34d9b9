//! The explanation trace, as data.
//!
//! [`crate::eval::explain`] returns an [`Explanation`]: the decision, the reason,
//! and an ordered record of every layer, policy, statement and condition that
//! took part. Every report is a function over this one value:
//! [`Explanation::matched_statements`], [`Explanation::missing_context_keys`],
//! the CLI's text and the web view. None of them evaluates anything again.
//!
//! Text that already exists in the compiled policies (names, patterns, keys)
//! is borrowed, so building a trace allocates only for values computed per
//! request. The core formats no prose: reasons and notes are enums.

use alloc::string::String;
use alloc::vec::Vec;

use crate::policy::{Effect, PolicyType};
use crate::principal::MatchClass;
use crate::source::Span;

/// AWS's answer to a request (the values of the simulator's `EvalDecision`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub enum Decision {
    /// Some policy allowed the request and nothing denied it.
    Allowed,
    /// A `Deny` statement applied.
    ExplicitDeny,
    /// Nothing allowed the request (or a guardrail left it out).
    ImplicitDeny,
}

impl Decision {
    /// The case format's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::ExplicitDeny => "explicitDeny",
            Decision::ImplicitDeny => "implicitDeny",
        }
    }

    /// Parses the case format's name.
    pub fn from_name(name: &str) -> Option<Decision> {
        match name {
            "allowed" => Some(Decision::Allowed),
            "explicitDeny" => Some(Decision::ExplicitDeny),
            "implicitDeny" => Some(Decision::ImplicitDeny),
            _ => None,
        }
    }
}

/// Why the decision came out as it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(
        tag = "kind",
        rename_all = "camelCase",
        rename_all_fields = "camelCase"
    )
)]
pub enum Reason {
    /// `sts:GetCallerIdentity` is allowed for every signed request.
    GetCallerIdentity,
    /// `sts:GetSessionToken` is allowed for every IAM user and root user.
    GetSessionToken,
    /// A `Deny` statement applied.
    ExplicitDeny,
    /// The caller's partition differs from the resource's.
    PartitionMismatch,
    /// The root user cannot assume a role.
    RootCannotAssumeRole,
    /// An SCP level had no applying `Allow`.
    ScpLevelWithoutAllow {
        /// 0-based level, from the organization root down.
        level: usize,
    },
    /// A service principal or an anonymous caller needs a resource policy
    /// that names it, and none did.
    NeedsDirectResourceGrant,
    /// No identity-based policy allowed the request, and no resource-based
    /// policy granted it.
    NoIdentityAllow,
    /// In one account, the resource-based policy named only the caller's
    /// account, which delegates to the account's identity-based policies,
    /// and none of them allowed.
    AccountGrantWithoutIdentityAllow,
    /// Across accounts, the resource-based policy granted, but no
    /// identity-based policy of the caller's account allowed.
    CrossAccountWithoutIdentityAllow,
    /// The permissions boundary does not allow the request.
    BoundaryWithoutAllow,
    /// The session policies do not allow the request.
    SessionWithoutAllow,
    /// A federated user's session has no session policy, so nothing passes.
    FederatedWithoutSessionPolicy,
    /// Across accounts, the resource's policy must grant too, and it did not.
    NoResourceGrant,
    /// A role trust policy or key policy must name the caller, its role or
    /// its account, and it did not.
    StrictResourceWithoutGrant,
    /// The request came through a VPC endpoint whose policy has no applying
    /// `Allow`.
    EndpointPolicyWithoutAllow,
    /// The bucket policy granted, but it is public and S3 Block Public
    /// Access (Restrict Public Buckets) keeps it from granting to callers
    /// outside the bucket owner's account.
    PublicAccessRestricted {
        /// The 0-based index of the bucket policy's first public statement.
        statement: usize,
    },
    /// The request would change a resource that AWS owns (an AWS managed
    /// policy, a service-linked or `aws-reserved` role, an `alias/aws/` KMS
    /// alias), which no customer policy can allow (spec §7.6).
    AwsOwnedResource {
        /// Which kind of resource.
        owner: crate::eval::AwsOwned,
    },
    /// Allowed.
    Allowed {
        /// Which grants made it so.
        paths: Grants,
    },
}

/// What granted a request: identity policies, or a resource-based policy by
/// the way its `Principal` entry relates to the caller (spec §3.3, §7.2).
///
/// The same shape says what a layer's applying `Allow` statements granted,
/// which of those the decision formula had, and which paths an allowed
/// decision took.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct Grants {
    /// An identity-based policy allows (or the caller is the root user).
    pub identity: bool,
    /// A resource-based policy names the caller itself (or `*`).
    pub resource_direct: bool,
    /// A resource-based policy names the caller's role.
    pub resource_role: bool,
    /// A resource-based policy names the caller's account.
    pub resource_account: bool,
}

impl Grants {
    /// Whether a resource-based policy granted in any way.
    pub fn any_resource(&self) -> bool {
        self.resource_direct || self.resource_role || self.resource_account
    }

    /// Whether anything granted.
    pub fn any(&self) -> bool {
        self.identity || self.any_resource()
    }

    /// Records an applying resource-policy `Allow` of class `class`.
    pub fn add_resource(&mut self, class: MatchClass) {
        match class {
            MatchClass::Direct => self.resource_direct = true,
            MatchClass::Role => self.resource_role = true,
            MatchClass::Account => self.resource_account = true,
        }
    }

    /// Whether these grants include `class`.
    pub fn has_resource(&self, class: MatchClass) -> bool {
        match class {
            MatchClass::Direct => self.resource_direct,
            MatchClass::Role => self.resource_role,
            MatchClass::Account => self.resource_account,
        }
    }
}

/// The pieces of the decision formula (spec §7.2 step 11).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct Pieces {
    /// What identity and resource policies granted, before the limits.
    pub granted: Grants,
    /// No boundary, or the boundary allows.
    pub boundary: bool,
    /// No session policy applies to the caller, or one allows.
    pub session: bool,
}

/// One evaluation layer, in AWS's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(
        tag = "kind",
        rename_all = "camelCase",
        rename_all_fields = "camelCase"
    )
)]
pub enum Layer {
    /// One level of the caller's organization's SCPs.
    Scp {
        /// 0-based, from the root down.
        level: usize,
    },
    /// One level of the resource's organization's RCPs.
    Rcp {
        /// 0-based, from the root down.
        level: usize,
    },
    /// The policy of the VPC endpoint the request came through.
    VpcEndpoint,
    /// The resource-based policy.
    Resource,
    /// The identity-based policies.
    Identity,
    /// The permissions boundary.
    PermissionsBoundary,
    /// The session policies.
    Session,
}

/// What a layer said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub enum Verdict {
    /// Some `Allow` applied and no `Deny`.
    Allow,
    /// Some `Deny` applied.
    Deny,
    /// Nothing applied.
    NoMatch,
    /// An `Allow` applied, but S3 Block Public Access keeps it from granting
    /// to this caller.
    Restricted,
    /// The layer does not take part for this caller or resource.
    Skipped,
}

/// Why a layer was skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub enum SkipReason {
    /// SCPs never restrict service-linked roles.
    ServiceLinkedRole,
    /// The caller is a service principal.
    ServicePrincipal,
    /// The caller is anonymous.
    Anonymous,
    /// The root user has no identity policies or boundary.
    RootUser,
    /// RCPs do not apply to `kms:RetireGrant`.
    RetireGrant,
    /// The decision was made before this layer mattered.
    NotNeeded,
}

/// The record of one layer.
///
/// The traced statements of all its policies are kept in one list, policy
/// after policy, and each [`PolicyTrace`] says which of them are its own
/// ([`LayerTrace::statements_of`]): one allocation per layer instead of one
/// per policy (measured: on 200 policies, the allocations and their freeing
/// were a sixth of an explanation's cost). Serialized, each policy carries
/// its statements, as if they were nested.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerTrace<'a> {
    /// Which layer.
    pub layer: Layer,
    /// Its verdict.
    pub verdict: Verdict,
    /// Why it was skipped, if it was.
    pub skipped: Option<SkipReason>,
    /// A rule that changed what the layer grants, if any.
    pub note: Option<LayerNote>,
    /// The policies that took part. A layer of more than 32 policies lists
    /// only those with a statement that may concern the request's service;
    /// the others are counted in `unlisted_policies`.
    pub policies: Vec<PolicyTrace<'a>>,
    /// The traced statements of every listed policy, in the order of
    /// `policies`.
    pub statements: Vec<StatementTrace<'a>>,
    /// How many policies of the layer are not listed because every
    /// statement of theirs names only other services.
    pub unlisted_policies: usize,
    /// How many statements those policies hold.
    pub unlisted_statements: usize,
}

impl<'a> LayerTrace<'a> {
    /// The traced statements of `policy`, one of this layer's `policies`.
    pub fn statements_of(&self, policy: &PolicyTrace<'a>) -> &[StatementTrace<'a>] {
        self.statements
            .get(policy.statements.clone())
            .unwrap_or(&[])
    }

    /// Each listed policy with its traced statements.
    pub fn policy_statements(
        &self,
    ) -> impl Iterator<Item = (&PolicyTrace<'a>, &[StatementTrace<'a>])> {
        self.policies
            .iter()
            .map(|policy| (policy, self.statements_of(policy)))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for LayerTrace<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        /// A policy with its statements, as the serialized trace nests them.
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Nested<'t, 'a> {
            name: &'a str,
            policy_type: PolicyType,
            group: Option<&'a str>,
            span: Span,
            implicit: bool,
            statements: &'t [StatementTrace<'a>],
            other_service_statements: usize,
            other_action_statements: usize,
        }

        /// The policies of a layer, each with its statements.
        struct Policies<'t, 'a>(&'t LayerTrace<'a>);

        impl serde::Serialize for Policies<'_, '_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.policy_statements().map(|(policy, statements)| {
                    Nested {
                        name: policy.name,
                        policy_type: policy.policy_type,
                        group: policy.group,
                        span: policy.span,
                        implicit: policy.implicit,
                        statements,
                        other_service_statements: policy.other_service_statements,
                        other_action_statements: policy.other_action_statements,
                    }
                }))
            }
        }

        let mut out = serializer.serialize_struct("LayerTrace", 7)?;
        out.serialize_field("layer", &self.layer)?;
        out.serialize_field("verdict", &self.verdict)?;
        out.serialize_field("skipped", &self.skipped)?;
        out.serialize_field("note", &self.note)?;
        out.serialize_field("policies", &Policies(self))?;
        out.serialize_field("unlistedPolicies", &self.unlisted_policies)?;
        out.serialize_field("unlistedStatements", &self.unlisted_statements)?;
        out.end()
    }
}

/// A rule that changed what a layer grants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(
        tag = "kind",
        rename_all = "camelCase",
        rename_all_fields = "camelCase"
    )
)]
pub enum LayerNote {
    /// The bucket policy is public (statement `statement`), and Restrict
    /// Public Buckets keeps it from granting to callers outside the bucket
    /// owner's account.
    PublicAccessRestricted {
        /// The 0-based index of the first public statement.
        statement: usize,
    },
    /// The bucket policy is public (statement `statement`), and Restrict
    /// Public Buckets is on, but the caller is in the owner's account or is
    /// an AWS service, so its grants stand.
    PublicAccessAllowedForCaller {
        /// The 0-based index of the first public statement.
        statement: usize,
    },
}

/// The record of one policy (serialized with its statements by its
/// [`LayerTrace`]).
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyTrace<'a> {
    /// The policy's name.
    pub name: &'a str,
    /// Its type.
    pub policy_type: PolicyType,
    /// The IAM group it belongs to, for a group's identity policy.
    pub group: Option<&'a str>,
    /// Where the document is.
    pub span: Span,
    /// Whether iamlab added it (the implicit `RCPFullAWSAccess`).
    pub implicit: bool,
    /// Which of the layer's `statements` are this policy's: those whose
    /// action could concern the request's service
    /// ([`LayerTrace::statements_of`]).
    pub statements: core::ops::Range<usize>,
    /// How many statements name only other services (not traced).
    pub other_service_statements: usize,
    /// How many statements of the request's service name other actions (not
    /// traced: a layer with more than 64 statements for the service traces
    /// only those that match the action, or, when none does, the near
    /// misses: at most 64 whose resource matches).
    pub other_action_statements: usize,
}

/// The record of one statement.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct StatementTrace<'a> {
    /// 0-based index in its policy.
    pub index: usize,
    /// The `Sid`.
    pub sid: Option<&'a str>,
    /// The effect.
    pub effect: Effect,
    /// Where the statement is.
    pub span: Span,
    /// Whether the statement applies to the request.
    pub applies: bool,
    /// `Action` / `NotAction`.
    pub action: PartTrace<'a>,
    /// `Resource` / `NotResource`.
    pub resource: PartTrace<'a>,
    /// `Principal` / `NotPrincipal`, for policies that name principals.
    pub principal: Option<PrincipalTrace<'a>>,
    /// Each condition, in document order (empty unless `conditions_evaluated`).
    pub conditions: Vec<ConditionTrace<'a>>,
    /// Whether the conditions were evaluated: only for statements whose
    /// action matches the request, since no other statement can apply.
    pub conditions_evaluated: bool,
}

impl StatementTrace<'_> {
    /// Whether action, resource and principal all match (conditions aside).
    pub fn is_relevant(&self) -> bool {
        self.action.holds && self.resource.holds && self.principal.as_ref().is_none_or(|p| p.holds)
    }

    /// Whether every condition holds.
    pub fn conditions_hold(&self) -> bool {
        self.conditions.iter().all(|condition| condition.result)
    }
}

/// Whether `Action`/`Resource` (or their `Not` forms) held.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct PartTrace<'a> {
    /// The element name as written in AWS's grammar (`Action`, `NotResource`...).
    pub element: &'static str,
    /// Whether the statement has no such element: a statement without
    /// `Resource` (a role trust policy) applies to the resource the policy
    /// is attached to.
    pub absent: bool,
    /// Whether the part is satisfied (for `Not` forms: nothing matched).
    pub holds: bool,
    /// The pattern that matched the request, if one did.
    pub pattern: Option<&'a str>,
    /// Where that pattern is written.
    pub pattern_span: Option<Span>,
    /// For a pattern with variables: its text after substitution.
    pub resolved: Option<String>,
    /// Variables that had no value in the request.
    pub missing_variables: Vec<&'a str>,
}

/// Whether `Principal`/`NotPrincipal` held, and how.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct PrincipalTrace<'a> {
    /// `Principal` or `NotPrincipal`.
    pub element: &'static str,
    /// Whether the part is satisfied.
    pub holds: bool,
    /// How the matching entry relates to the caller (for `Allow` statements).
    pub class: Option<MatchClass>,
    /// The entry that matched the caller, if one did.
    pub entry: Option<&'a str>,
    /// Where that entry is written.
    pub entry_span: Option<Span>,
    /// A special rule that decided, if any.
    pub note: Option<PrincipalNote>,
}

/// Special principal rules worth showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub enum PrincipalNote {
    /// A `Deny` with `NotPrincipal` always applies to a user or role with a
    /// permissions boundary.
    NotPrincipalWithBoundary,
    /// The `NotPrincipal` list does not name every identity in the caller's
    /// chain (session, role, account).
    NotPrincipalIncomplete,
    /// `Allow` with `NotPrincipal` grants everyone not listed.
    AllowNotPrincipal,
}

/// The record of one condition.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct ConditionTrace<'a> {
    /// The operator as written.
    pub operator: &'a str,
    /// The key as written.
    pub key: &'a str,
    /// Where the operator is written.
    pub span: Span,
    /// The policy's values, after variable substitution.
    pub policy_values: Vec<PolicyValueTrace<'a>>,
    /// The request's values for the key.
    pub request_values: Vec<&'a str>,
    /// Whether the request lacks the key.
    pub key_missing: bool,
    /// Whether the request gave the key as a list.
    pub multivalued: bool,
    /// Whether the condition holds.
    pub result: bool,
    /// A rule that decided the result, when it was not a plain comparison.
    pub note: Option<ConditionNote>,
}

/// One policy value of a condition.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct PolicyValueTrace<'a> {
    /// As written.
    pub written: &'a str,
    /// After substitution, when it had variables and all resolved.
    pub resolved: Option<String>,
    /// Each variable and what it resolved to.
    pub variables: Vec<VariableTrace<'a>>,
    /// Where it is written.
    pub span: Span,
}

/// One variable's resolution.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct VariableTrace<'a> {
    /// The key as written.
    pub key: &'a str,
    /// The text used, if any.
    pub value: Option<String>,
    /// Whether the default was used.
    pub used_default: bool,
    /// Whether the request lacks the key.
    pub missing: bool,
}

/// Rules that decide a condition without a comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub enum ConditionNote {
    /// The key is missing, so a positive operator is false.
    KeyMissing,
    /// The key is missing, so a negated operator is true.
    NegatedKeyMissing,
    /// `...IfExists` and the key is missing: true.
    IfExistsKeyMissing,
    /// A plain operator against a multivalued key is false.
    MultivaluedWithoutSetOperator,
    /// No request values: `ForAllValues` is true, `ForAnyValue` false.
    SetOperatorNoValues,
    /// `Null` under a set operator has a constant result.
    NullUnderSetOperator,
}

/// A statement that decided the outcome, as the case format reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct StatementRef<'a> {
    /// The policy's name.
    pub policy: &'a str,
    /// The policy's type.
    pub policy_type: PolicyType,
    /// The IAM group the policy belongs to, for a group's identity policy.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub group: Option<&'a str>,
    /// 0-based index in the policy.
    pub statement: usize,
    /// The `Sid`.
    pub sid: Option<&'a str>,
    /// The effect.
    pub effect: Effect,
    /// Where the statement is.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub span: Span,
}

/// The caller as the evaluator classified it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct CallerTrace<'a> {
    /// The kind of principal.
    pub kind: crate::principal::PrincipalKind,
    /// The caller's account, if it has one.
    pub account: Option<&'a str>,
    /// The role's ARN, for a role session.
    pub role_arn: Option<&'a str>,
    /// Whether the role is a service-linked role.
    pub service_linked: bool,
}

/// A decision with its full explanation.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct Explanation<'a> {
    /// The decision.
    pub decision: Decision,
    /// Why.
    pub reason: Reason,
    /// Who the caller is.
    pub caller: CallerTrace<'a>,
    /// The account that owns the resource.
    pub resource_account: &'a str,
    /// Whether caller and resource are in the same account.
    pub same_account: bool,
    /// Whether the resource policy is a strict one (role trust, KMS key).
    pub strict_resource: Option<crate::eval::StrictResource>,
    /// The id of the VPC endpoint the request came through, if any.
    pub endpoint: Option<&'a str>,
    /// The pieces of the decision formula.
    pub pieces: Pieces,
    /// Every layer, in AWS's order.
    pub layers: Vec<LayerTrace<'a>>,
}

impl<'a> StatementRef<'a> {
    /// The reference to a traced statement of a traced policy.
    pub fn of(policy: &PolicyTrace<'a>, statement: &StatementTrace<'a>) -> Self {
        StatementRef {
            policy: policy.name,
            policy_type: policy.policy_type,
            group: policy.group,
            statement: statement.index,
            sid: statement.sid,
            effect: statement.effect,
            span: statement.span,
        }
    }
}

impl<'a> Explanation<'a> {
    /// The statements that decided the outcome: for `explicitDeny` every
    /// applying `Deny`; for `allowed` the `Allow` statements on the granting
    /// path; none for `implicitDeny`.
    pub fn matched_statements(&self) -> Vec<StatementRef<'a>> {
        let mut out = Vec::new();
        let paths = match self.reason {
            Reason::Allowed { paths } => Some(paths),
            _ => None,
        };
        for layer in &self.layers {
            for (policy, statements) in layer.policy_statements() {
                if policy.implicit {
                    continue;
                }
                for statement in statements.iter().filter(|s| s.applies) {
                    let wanted = match (self.decision, statement.effect) {
                        (Decision::ExplicitDeny, Effect::Deny) => true,
                        (Decision::Allowed, Effect::Allow) => match (layer.layer, paths) {
                            (Layer::Identity, Some(paths)) => paths.identity,
                            (Layer::Resource, Some(paths)) => statement
                                .principal
                                .as_ref()
                                .and_then(|p| p.class)
                                .is_some_and(|class| paths.has_resource(class)),
                            _ => false,
                        },
                        _ => false,
                    };
                    if wanted {
                        out.push(StatementRef::of(policy, statement));
                    }
                }
            }
        }
        out
    }

    /// The condition keys and variables that statements relevant to the
    /// request needed and the request lacked, in order of first appearance.
    pub fn missing_context_keys(&self) -> Vec<&'a str> {
        let mut out: Vec<&'a str> = Vec::new();
        let mut push = |key: &'a str| {
            if !out.iter().any(|seen| seen.eq_ignore_ascii_case(key)) {
                out.push(key);
            }
        };
        for layer in &self.layers {
            for statement in &layer.statements {
                let principal_holds = statement.principal.as_ref().is_none_or(|p| p.holds);
                if !statement.action.holds || !principal_holds {
                    continue;
                }
                for key in &statement.resource.missing_variables {
                    push(key);
                }
                if !statement.resource.holds && statement.resource.missing_variables.is_empty() {
                    continue;
                }
                for condition in &statement.conditions {
                    if condition.key_missing {
                        push(condition.key);
                    }
                    for value in &condition.policy_values {
                        for variable in value.variables.iter().filter(|v| v.missing) {
                            push(variable.key);
                        }
                    }
                }
            }
        }
        out
    }

    /// The statements that came closest to allowing an implicitly denied
    /// request: `Allow` statements of the identity and resource layers that
    /// failed on the fewest parts, best first.
    pub fn closest_statements(&self) -> Vec<(&PolicyTrace<'a>, &StatementTrace<'a>, usize)> {
        let mut out = Vec::new();
        for layer in &self.layers {
            if !matches!(layer.layer, Layer::Identity | Layer::Resource) {
                continue;
            }
            for (policy, statements) in layer.policy_statements() {
                for statement in statements
                    .iter()
                    .filter(|s| s.effect == Effect::Allow && !s.applies)
                {
                    let mut misses = usize::from(!statement.action.holds)
                        + usize::from(!statement.resource.holds);
                    misses += usize::from(statement.principal.as_ref().is_some_and(|p| !p.holds));
                    misses += statement.conditions.iter().filter(|c| !c.result).count();
                    out.push((policy, statement, misses));
                }
            }
        }
        crate::sort::sort_by_key(&mut out, |(_, _, misses)| *misses);
        out
    }
}

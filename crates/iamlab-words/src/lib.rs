//! Plain words for the core's trace: decisions, reasons, layers, skipped
//! layers, the notes on principals and conditions, each part of a statement,
//! and what kept a statement from applying.
//!
//! The core formats no prose (its reasons and notes are enums). The command
//! line and the web app both explain decisions, so their words live here,
//! once. Every function is a `match` over a trace value: nothing here
//! decides anything. Sentences that quote policy text are returned as
//! [`Segment`]s, so each front end marks the quoted text its own way (the CLI
//! with backticks, the page with `<code>`). `no_std` + `alloc`, like the
//! core, so any front end can use it.
//!
//! [`agreement`] checks that a reason sentence never contradicts the layer
//! verdicts shown beside it; every front end's tests run it.
#![no_std]

extern crate alloc;

pub mod agreement;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use iamlab_core::eval::{AwsOwned, StrictResource};
use iamlab_core::policy::PolicyType;
use iamlab_core::principal::{MatchClass, PrincipalKind};
use iamlab_core::trace::{
    ConditionNote, Decision, Explanation, Layer, LayerNote, LayerTrace, PartTrace, PolicyTrace,
    PrincipalNote, Reason, SkipReason, StatementTrace, Verdict,
};

/// A piece of a sentence: plain words, or text quoted from a policy or the
/// request (shown as code).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Plain words.
    Text(String),
    /// Quoted text: a pattern, an ARN, an action.
    Code(String),
}

/// Joins segments into plain text, quoting code in backticks.
pub fn plain(segments: &[Segment]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Text(text) => out.push_str(text),
            Segment::Code(code) => {
                out.push('`');
                out.push_str(code);
                out.push('`');
            }
        }
    }
    out
}

fn text(words: &str) -> Segment {
    Segment::Text(String::from(words))
}

fn code(quoted: &str) -> Segment {
    Segment::Code(String::from(quoted))
}

/// A short headline for a decision.
pub fn decision_headline(decision: Decision) -> &'static str {
    match decision {
        Decision::Allowed => "Allowed",
        Decision::ExplicitDeny => "Denied by a Deny statement",
        Decision::ImplicitDeny => "Denied: nothing allows it",
    }
}

/// One sentence on what a decision means.
pub fn decision_sentence(decision: Decision) -> &'static str {
    match decision {
        Decision::Allowed => "AWS would let this request through.",
        Decision::ExplicitDeny => {
            "A statement with \"Effect\": \"Deny\" applies, and an explicit deny always wins."
        }
        Decision::ImplicitDeny => "No statement grants this request, so AWS denies it by default.",
    }
}

/// How an organization level is named in a sentence: `level 2`, or with a
/// front end's own name for it, `level 2 (Workloads OU)`.
pub type LevelNamer<'n> = &'n dyn Fn(Layer) -> String;

/// The default level name: `level N`, counted from 1 (`Layer::Scp` and
/// `Layer::Rcp`; other layers by [`layer_name`]).
pub fn level_name(layer: Layer) -> String {
    match layer {
        Layer::Scp { level } | Layer::Rcp { level } => format!("level {}", level + 1),
        other => layer_name(other, &level_name),
    }
}

/// A layer's name; organization levels are named by `level`.
pub fn layer_name(layer: Layer, level: LevelNamer<'_>) -> String {
    match layer {
        Layer::Scp { .. } => format!("SCPs, {}", level(layer)),
        Layer::Rcp { .. } => format!("RCPs, {}", level(layer)),
        Layer::VpcEndpoint => String::from("VPC endpoint policy"),
        Layer::Resource => String::from("Resource-based policy"),
        Layer::Identity => String::from("Identity-based policies"),
        Layer::PermissionsBoundary => String::from("Permissions boundary"),
        Layer::Session => String::from("Session policies"),
    }
}

/// Why the decision came out as it did, as one or two sentences. `level`
/// names an organization level for the reader (see [`LevelNamer`]).
pub fn reason_sentence(explanation: &Explanation<'_>, level: LevelNamer<'_>) -> String {
    let caller_account = explanation.caller.account.unwrap_or("unknown");
    let has_layer = |wanted: Layer| explanation.layers.iter().any(|l| l.layer == wanted);
    match explanation.reason {
        Reason::GetCallerIdentity => String::from(
            "sts:GetCallerIdentity is allowed for every signed request; no policy can deny it.",
        ),
        Reason::GetSessionToken => String::from(
            "sts:GetSessionToken is allowed for every IAM user and root user; no policy can deny it.",
        ),
        Reason::ExplicitDeny => {
            String::from("A Deny statement applies, and an explicit deny beats every Allow.")
        }
        Reason::PartitionMismatch => String::from(
            "The caller and the resource are in different partitions, which never mix.",
        ),
        Reason::RootCannotAssumeRole => String::from("The root user cannot assume roles."),
        Reason::ScpLevelWithoutAllow { level: index } => format!(
            "No SCP at {} allows the action, and every level of the organization must allow it.",
            level(Layer::Scp { level: index })
        ),
        Reason::NeedsDirectResourceGrant => String::from(
            "A service or anonymous caller needs a resource-based policy that names it (or \"*\"), and no resource-based policy grants it.",
        ),
        Reason::NoIdentityAllow => {
            if has_layer(Layer::Resource) {
                String::from(
                    "No identity-based policy allows the action, and no resource-based policy grants it.",
                )
            } else {
                String::from(
                    "No identity-based policy allows the action, and the resource has no resource-based policy that could grant it.",
                )
            }
        }
        Reason::AccountGrantWithoutIdentityAllow => String::from(
            "The resource-based policy names only the caller's account, which hands the decision to that account's identity-based policies, and none of them allows the action.",
        ),
        Reason::CrossAccountWithoutIdentityAllow => format!(
            "The resource-based policy allows the request, but the caller is in another account ({caller_account}), and no identity-based policy allows it there: across accounts, both sides must allow."
        ),
        Reason::BoundaryWithoutAllow => String::from(
            "The permissions boundary does not allow the action, so it caps what the policies grant.",
        ),
        Reason::SessionWithoutAllow => match explanation.caller.kind {
            PrincipalKind::FederatedUser => String::from(
                "The session policies do not allow the action, and a federated user's session has only what they allow.",
            ),
            _ => String::from(
                "The session policies do not allow the action, so they cap what the role grants.",
            ),
        },
        Reason::FederatedWithoutSessionPolicy => String::from(
            "A federated user's session has no session policy, and without one it has no permissions.",
        ),
        Reason::NoResourceGrant => {
            let account = explanation.resource_account;
            if has_layer(Layer::Resource) {
                format!(
                    "Across accounts, the resource's own policy (account {account}) must grant access too, and it does not."
                )
            } else {
                format!(
                    "Across accounts, the resource's own policy (account {account}) must grant access too, and the resource has none."
                )
            }
        }
        Reason::StrictResourceWithoutGrant => {
            let (what, needed) = match explanation.strict_resource {
                Some(StrictResource::RoleTrust) => (
                    "trust policy",
                    "A role's trust policy must name the caller, its role or its account before the role can be assumed",
                ),
                _ => (
                    "key policy",
                    "A KMS key policy must name the caller, its role or its account",
                ),
            };
            if has_layer(Layer::Resource) {
                format!(
                    "{needed}; an identity policy alone is not enough, and this {what} names none of them."
                )
            } else {
                format!(
                    "{needed}; an identity policy alone is not enough, and the case gives no {what}."
                )
            }
        }
        Reason::EndpointPolicyWithoutAllow => format!(
            "The request came through VPC endpoint {}, and no statement of the endpoint policy allows it; an endpoint policy grants nothing, but every request through the endpoint must pass it.",
            explanation.endpoint.unwrap_or("(unnamed)")
        ),
        Reason::PublicAccessRestricted { statement } => format!(
            "The bucket policy is public (statement {}), and S3 Block Public Access (Restrict Public Buckets) restricts it, so it grants nothing to callers outside account {}.",
            statement + 1,
            explanation.resource_account
        ),
        Reason::AwsOwnedResource { owner } => String::from(match owner {
            AwsOwned::ManagedPolicy => {
                "The resource is an AWS managed policy, which only AWS can change: no customer policy can allow this, even though nothing denies it."
            }
            AwsOwned::ServiceLinkedRole => {
                "The resource is a service-linked role, which only its service can change (delete it with iam:DeleteServiceLinkedRole): no customer policy can allow this, even though nothing denies it."
            }
            AwsOwned::ReservedRole => {
                "The resource is a role that AWS reserves (path /aws-reserved/), which only AWS can change: no customer policy can allow this, even though nothing denies it."
            }
            AwsOwned::AwsKeyAlias => {
                "The resource is an alias of an AWS managed KMS key (alias/aws/), which only AWS can create, change or delete: no customer policy can allow this, even though nothing denies it."
            }
        }),
        Reason::Allowed { paths } => {
            let mut parts = Vec::new();
            if paths.resource_direct {
                parts.push("the resource-based policy names the caller");
            }
            if paths.resource_role {
                parts.push("the resource-based policy names the caller's role");
            }
            if paths.resource_account {
                parts.push("the resource-based policy trusts the caller's account");
            }
            if paths.identity {
                if explanation.caller.kind == PrincipalKind::Root {
                    parts.push("the root user holds every permission of its account");
                } else {
                    parts.push("an identity-based policy allows it");
                }
            }
            let mut sentence = capitalized(&parts.join(", and "));
            sentence.push_str("; nothing denies it, and every guardrail lets it through.");
            sentence
        }
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars
        .next()
        .map(|c| String::from(c.to_ascii_uppercase()))
        .unwrap_or_default();
    out.push_str(chars.as_str());
    out
}

/// A layer's verdict in a word or two.
pub fn verdict_text(verdict: Verdict, skipped: Option<SkipReason>) -> &'static str {
    match (verdict, skipped) {
        (_, Some(_)) | (Verdict::Skipped, None) => "Skipped",
        (Verdict::Allow, None) => "Allows",
        (Verdict::Deny, None) => "Denies",
        (Verdict::NoMatch, None) => "No statement applies",
        (Verdict::Restricted, None) => "Allows, but Block Public Access restricts it",
    }
}

/// Why a layer was skipped.
pub fn skip_text(reason: SkipReason) -> &'static str {
    match reason {
        SkipReason::ServiceLinkedRole => "service-linked roles are exempt",
        SkipReason::ServicePrincipal => "the caller is a service principal",
        SkipReason::Anonymous => "the caller is anonymous",
        SkipReason::RootUser => "the root user has no identity policies",
        SkipReason::RetireGrant => "RCPs do not apply to kms:RetireGrant",
        SkipReason::NotNeeded => "it does not take part for this caller",
    }
}

/// The label of a policy type.
pub fn policy_type_label(policy_type: PolicyType) -> &'static str {
    match policy_type {
        PolicyType::Identity => "identity policy",
        PolicyType::Resource => "resource policy",
        PolicyType::PermissionsBoundary => "permissions boundary",
        PolicyType::Session => "session policy",
        PolicyType::Scp => "SCP",
        PolicyType::Rcp => "RCP",
        PolicyType::VpcEndpoint => "endpoint policy",
    }
}

/// A policy as the reader knows it: its type label, its name, and for a
/// group's policy the group (`identity policy Readers of group Developers`).
pub fn policy_label(policy_type: PolicyType, name: &str, group: Option<&str>) -> String {
    match group {
        Some(group) => format!("{} {name} of group {group}", policy_type_label(policy_type)),
        None => format!("{} {name}", policy_type_label(policy_type)),
    }
}

/// [`policy_label`] of a traced policy.
pub fn policy_trace_label(policy: &PolicyTrace<'_>) -> String {
    policy_label(policy.policy_type, policy.name, policy.group)
}

/// What a layer of many policies says of the policies it does not list
/// (none of their statements names the request's action), or `None` when it
/// lists them all.
pub fn unlisted_policies_text(layer: &LayerTrace<'_>) -> Option<String> {
    let (policies, statements) = (layer.unlisted_policies, layer.unlisted_statements);
    (policies > 0).then(|| {
        format!(
            "{policies} more {} ({statements} {}) name only other services or other actions.",
            if policies == 1 { "policy" } else { "policies" },
            if statements == 1 {
                "statement"
            } else {
                "statements"
            },
        )
    })
}

/// A rule that changed what a layer grants, in words; `owner` is the
/// resource's account.
pub fn layer_note_text(note: LayerNote, owner: &str) -> String {
    match note {
        LayerNote::PublicAccessRestricted { statement } => format!(
            "This bucket policy is public (statement {}), and Block Public Access restricts public buckets: the policy grants nothing to callers outside account {owner}.",
            statement + 1
        ),
        LayerNote::PublicAccessAllowedForCaller { statement } => format!(
            "This bucket policy is public (statement {}) and Block Public Access restricts public buckets, but the caller is an AWS service or in account {owner}, so the policy's grants stand.",
            statement + 1
        ),
    }
}

/// How a principal entry relates to the caller.
pub fn match_class_text(class: MatchClass) -> &'static str {
    match class {
        MatchClass::Account => "names the caller's account (identity policies must allow too)",
        MatchClass::Role => "names the caller's role (boundary and session policies still apply)",
        MatchClass::Direct => "names the caller itself",
    }
}

/// A special principal rule, in words.
pub fn principal_note_text(note: PrincipalNote) -> &'static str {
    match note {
        PrincipalNote::NotPrincipalWithBoundary => {
            "a Deny with NotPrincipal always applies to a user or role with a permissions boundary"
        }
        PrincipalNote::NotPrincipalIncomplete => {
            "the NotPrincipal list must name every identity in the caller's chain (session, role and account)"
        }
        PrincipalNote::AllowNotPrincipal => "Allow with NotPrincipal grants everyone not listed",
    }
}

/// A condition rule that decided without a comparison, in words.
pub fn condition_note_text(note: ConditionNote) -> &'static str {
    match note {
        ConditionNote::KeyMissing => "the key is missing, so the test fails",
        ConditionNote::NegatedKeyMissing => "the key is missing, so a negated test holds",
        ConditionNote::IfExistsKeyMissing => "IfExists and the key is missing, so it holds",
        ConditionNote::MultivaluedWithoutSetOperator => {
            "a multivalued key needs ForAllValues or ForAnyValue; a plain operator is false"
        }
        ConditionNote::SetOperatorNoValues => "the request has no values for the set operator",
        ConditionNote::NullUnderSetOperator => "Null under a set operator has a fixed result",
    }
}

/// What an `Action`/`Resource` part of a statement says about the request's
/// `requested` action or resource.
pub fn part_words(part: &PartTrace<'_>, requested: &str) -> Vec<Segment> {
    let is_not = part.element.starts_with("Not");
    let mut out = match (part.absent, part.holds, part.pattern, is_not) {
        (true, _, _, _) => alloc::vec![text(
            "the statement has no Resource element, so it applies to the resource the policy is attached to"
        )],
        (false, true, Some(pattern), false) => alloc::vec![text("matches, by "), code(pattern)],
        (false, true, _, true) => alloc::vec![
            code(requested),
            text(" is not among the listed values, so the "),
            text(part.element),
            text(" covers it"),
        ],
        (false, true, _, false) => alloc::vec![text("matches")],
        (false, false, Some(pattern), true) => alloc::vec![text("excluded, by "), code(pattern)],
        (false, false, _, _) => alloc::vec![text("no listed value matches "), code(requested)],
    };
    if let Some(resolved) = &part.resolved {
        out.push(text(" (resolved to "));
        out.push(code(resolved));
        out.push(text(")"));
    }
    for key in &part.missing_variables {
        out.push(text("; variable "));
        out.push(code(key));
        out.push(text(" has no value in the request"));
    }
    out
}

/// What kept a statement from applying, one item per failing part.
pub fn lacks(statement: &StatementTrace<'_>) -> Vec<String> {
    let mut parts = Vec::new();
    if !statement.action.holds {
        parts.push(format!(
            "its {} does not match the action",
            statement.action.element
        ));
    }
    if !statement.resource.holds {
        parts.push(format!(
            "its {} does not match the resource",
            statement.resource.element
        ));
    }
    if let Some(principal) = &statement.principal
        && !principal.holds
    {
        parts.push(format!(
            "its {} does not match the caller",
            principal.element
        ));
    }
    for condition in statement.conditions.iter().filter(|c| !c.result) {
        let detail = if condition.key_missing {
            " (the request lacks the key)"
        } else {
            ""
        };
        parts.push(format!(
            "condition {} on {} fails{detail}",
            condition.operator, condition.key
        ));
    }
    if parts.is_empty() {
        parts.push(String::from(
            "it applies, but a guardrail or another layer stops it",
        ));
    }
    parts
}

/// A statement's label: its Sid, or its place counted from 1.
pub fn statement_label(index: usize, sid: Option<&str>) -> String {
    match sid.filter(|s| !s.is_empty()) {
        Some(sid) => format!("\"{sid}\""),
        None => format!("statement {}", index + 1),
    }
}

#[cfg(test)]
mod tests;

//! Plain words for the core's trace: decisions, reasons, skipped layers, the
//! notes on principals and conditions, and what kept a statement from
//! applying.
//!
//! The core formats no prose (its reasons and notes are enums). The command
//! line and the web app both explain decisions, so their words live here,
//! once. Every function is a `match` over a trace value: nothing here
//! decides anything. `no_std` + `alloc`, like the core, so any front end can
//! use it.
#![no_std]

extern crate alloc;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use iamlab_core::policy::PolicyType;
use iamlab_core::trace::{
    ConditionNote, Decision, Layer, MatchClass, PrincipalNote, Reason, SkipReason, StatementTrace,
};

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

/// Why the decision came out as it did, as one sentence. `level` names an
/// organization level for the reader (`level 2 (Workloads OU)`).
pub fn reason_sentence(reason: Reason, level: &dyn Fn(Layer) -> String) -> String {
    match reason {
        Reason::GetCallerIdentity => String::from(
            "sts:GetCallerIdentity is allowed for every signed request; no policy can deny it.",
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
        Reason::RcpLevelWithoutAllow { level: index } => format!(
            "No RCP at {} allows the action, and every level must allow it.",
            level(Layer::Rcp { level: index })
        ),
        Reason::NeedsDirectResourceGrant => String::from(
            "A service or anonymous caller needs a resource-based policy that names it (or \"*\"), and none does.",
        ),
        Reason::NoIdentityAllow => String::from(
            "No identity-based policy allows the action, and no resource-based policy grants it.",
        ),
        Reason::BoundaryWithoutAllow => String::from(
            "The permissions boundary does not allow the action, so it caps what the policies grant.",
        ),
        Reason::SessionWithoutAllow => String::from(
            "The session policies do not allow the action, so they cap what the role grants.",
        ),
        Reason::FederatedWithoutSessionPolicy => {
            String::from("A federated user's session without a session policy has no permissions.")
        }
        Reason::NoResourceGrant => String::from(
            "Across accounts, the resource's own policy must grant access too, and it does not.",
        ),
        Reason::StrictResourceWithoutGrant => String::from(
            "A role trust policy or KMS key policy must name the caller, its role or its account; an identity policy alone is not enough.",
        ),
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
                parts.push("an identity-based policy allows it");
            }
            let joined = parts.join(", and ");
            let mut chars = joined.chars();
            let mut text: String = chars
                .next()
                .map(|c| c.to_uppercase().collect())
                .unwrap_or_default();
            text.push_str(chars.as_str());
            text.push_str("; nothing denies it, and every guardrail lets it through.");
            text
        }
    }
}

/// A layer's name; organization levels are counted from 1.
pub fn layer_name(layer: Layer) -> String {
    match layer {
        Layer::Scp { level } => format!("SCPs, level {}", level + 1),
        Layer::Rcp { level } => format!("RCPs, level {}", level + 1),
        Layer::Resource => String::from("Resource-based policy"),
        Layer::Identity => String::from("Identity-based policies"),
        Layer::PermissionsBoundary => String::from("Permissions boundary"),
        Layer::Session => String::from("Session policies"),
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
mod tests {
    use super::*;
    use iamlab_core::trace::GrantPaths;

    #[test]
    fn allowed_reasons_name_every_path_in_one_sentence() {
        let paths = GrantPaths {
            resource_direct: true,
            identity: true,
            ..GrantPaths::default()
        };
        let text = reason_sentence(Reason::Allowed { paths }, &layer_name);
        assert_eq!(
            text,
            "The resource-based policy names the caller, and an identity-based policy allows it; nothing denies it, and every guardrail lets it through."
        );
    }

    #[test]
    fn organization_levels_are_named_by_the_caller() {
        let named = |layer: Layer| match layer {
            Layer::Scp { level } => format!("level {} (Workloads OU)", level + 1),
            other => layer_name(other),
        };
        let text = reason_sentence(Reason::ScpLevelWithoutAllow { level: 1 }, &named);
        assert!(text.contains("level 2 (Workloads OU)"), "{text}");
        assert_eq!(layer_name(Layer::Rcp { level: 0 }), "RCPs, level 1");
    }
}

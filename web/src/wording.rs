//! Plain words for the core's trace: the decision, the reason, each layer's
//! verdict, the notes on principals and conditions.
//!
//! The core formats no prose (its reasons and notes are enums); this module
//! is where the page gives them words. It reads the trace and never decides
//! anything: every function here is a `match` over a trace value.

use iamlab_core::policy::PolicyType;
use iamlab_core::trace::{
    ConditionNote, Decision, Explanation, Layer, MatchClass, PrincipalNote, Reason, SkipReason,
    StatementTrace, Verdict,
};

use crate::model::workspace::Organization;

/// How the page shows a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DecisionWords {
    /// A short headline.
    pub(crate) headline: &'static str,
    /// One sentence.
    pub(crate) sentence: &'static str,
    /// A symbol that carries the meaning without colour.
    pub(crate) icon: &'static str,
    /// The CSS modifier.
    pub(crate) class: &'static str,
}

/// The words for a decision.
pub(crate) fn decision_words(decision: Decision) -> DecisionWords {
    match decision {
        Decision::Allowed => DecisionWords {
            headline: "Allowed",
            sentence: "AWS would let this request through.",
            icon: "✓",
            class: "allowed",
        },
        Decision::ExplicitDeny => DecisionWords {
            headline: "Denied by a Deny statement",
            sentence: "A statement with \"Effect\": \"Deny\" applies, and an explicit deny always wins.",
            icon: "✕",
            class: "explicit-deny",
        },
        Decision::ImplicitDeny => DecisionWords {
            headline: "Denied: nothing allows it",
            sentence: "No statement grants this request, so AWS denies it by default.",
            icon: "∅",
            class: "implicit-deny",
        },
    }
}

/// Why the decision came out as it did, in one sentence.
pub(crate) fn reason_text(explanation: &Explanation<'_>, org: &Organization) -> String {
    match explanation.reason {
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
        Reason::ScpLevelWithoutAllow { level } => format!(
            "No SCP at {} allows the action, and every level of the organization must allow it.",
            level_name(&org.scps, level)
        ),
        Reason::RcpLevelWithoutAllow { level } => format!(
            "No RCP at {} allows the action, and every level must allow it.",
            level_name(&org.rcps, level)
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
            let mut text = parts.join(", and ");
            if let Some(first) = text.get(..1) {
                text = first.to_uppercase() + &text[1..];
            }
            text.push_str("; nothing denies it, and every guardrail lets it through.");
            text
        }
    }
}

fn level_name(levels: &[crate::model::workspace::LevelDef], level: usize) -> String {
    match levels
        .get(level)
        .map(|l| l.name.trim())
        .filter(|n| !n.is_empty())
    {
        Some(name) => format!("level {} ({name})", level + 1),
        None => format!("level {}", level + 1),
    }
}

/// A layer's name, with the organization's level names.
pub(crate) fn layer_name(layer: Layer, org: &Organization) -> String {
    match layer {
        Layer::Scp { level } => format!("SCPs, {}", level_name(&org.scps, level)),
        Layer::Rcp { level } => format!("RCPs, {}", level_name(&org.rcps, level)),
        Layer::Resource => String::from("Resource-based policy"),
        Layer::Identity => String::from("Identity-based policies"),
        Layer::PermissionsBoundary => String::from("Permissions boundary"),
        Layer::Session => String::from("Session policies"),
    }
}

/// How the page shows a verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct VerdictWords {
    /// The text.
    pub(crate) text: &'static str,
    /// A symbol.
    pub(crate) icon: &'static str,
    /// The CSS modifier.
    pub(crate) class: &'static str,
}

/// The words for a layer's verdict.
pub(crate) fn verdict_words(verdict: Verdict, skipped: Option<SkipReason>) -> VerdictWords {
    match (verdict, skipped) {
        (_, Some(_)) | (Verdict::Skipped, None) => VerdictWords {
            text: "Skipped",
            icon: "–",
            class: "skipped",
        },
        (Verdict::Allow, None) => VerdictWords {
            text: "Allows",
            icon: "✓",
            class: "allow",
        },
        (Verdict::Deny, None) => VerdictWords {
            text: "Denies",
            icon: "✕",
            class: "deny",
        },
        (Verdict::NoMatch, None) => VerdictWords {
            text: "No statement applies",
            icon: "○",
            class: "no-match",
        },
    }
}

/// Why a layer was skipped.
pub(crate) fn skip_text(reason: SkipReason) -> &'static str {
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
pub(crate) fn policy_type_label(policy_type: PolicyType) -> &'static str {
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
pub(crate) fn match_class_text(class: MatchClass) -> &'static str {
    match class {
        MatchClass::Account => "names the caller's account (identity policies must allow too)",
        MatchClass::Role => "names the caller's role (boundary and session policies still apply)",
        MatchClass::Direct => "names the caller itself",
    }
}

/// A special principal rule, in words.
pub(crate) fn principal_note_text(note: PrincipalNote) -> &'static str {
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
pub(crate) fn condition_note_text(note: ConditionNote) -> &'static str {
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
pub(crate) fn lacks(statement: &StatementTrace<'_>) -> Vec<String> {
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

/// A statement's label: its Sid, or its place.
pub(crate) fn statement_label(index: usize, sid: Option<&str>) -> String {
    match sid.filter(|s| !s.is_empty()) {
        Some(sid) => format!("\"{sid}\""),
        None => format!("statement {}", index + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::workspace::LevelDef;

    #[test]
    fn levels_are_named_from_one_with_the_users_name() {
        let org = Organization {
            scps_enabled: true,
            scps: vec![
                LevelDef {
                    name: String::from("Root"),
                    policies: Vec::new(),
                },
                LevelDef::default(),
            ],
            ..Organization::default()
        };
        assert_eq!(
            layer_name(Layer::Scp { level: 0 }, &org),
            "SCPs, level 1 (Root)"
        );
        assert_eq!(layer_name(Layer::Scp { level: 1 }, &org), "SCPs, level 2");
        assert_eq!(layer_name(Layer::Rcp { level: 0 }, &org), "RCPs, level 1");
    }

    #[test]
    fn every_verdict_has_text_and_an_icon() {
        for verdict in [
            Verdict::Allow,
            Verdict::Deny,
            Verdict::NoMatch,
            Verdict::Skipped,
        ] {
            let words = verdict_words(verdict, None);
            assert!(!words.text.is_empty() && !words.icon.is_empty());
        }
        assert_eq!(
            verdict_words(Verdict::NoMatch, Some(SkipReason::RootUser)).text,
            "Skipped"
        );
    }

    #[test]
    fn statements_are_labelled_by_sid_or_place() {
        assert_eq!(statement_label(0, Some("ReadDocs")), "\"ReadDocs\"");
        assert_eq!(statement_label(2, None), "statement 3");
    }
}

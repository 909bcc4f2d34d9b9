//! Unit tests for the words: sentences built from hand-made explanations.

use alloc::format;
use alloc::string::String;
use alloc::vec;

use iamlab_core::principal::PrincipalKind;
use iamlab_core::trace::{CallerTrace, Explanation, Grants, Layer, Pieces, Reason};

use super::{Segment, layer_name, level_name, plain, policy_label, reason_sentence};
use iamlab_core::policy::PolicyType;

fn explanation(reason: Reason) -> Explanation<'static> {
    Explanation {
        decision: iamlab_core::trace::Decision::ImplicitDeny,
        reason,
        caller: CallerTrace {
            kind: PrincipalKind::User,
            account: Some("222222222222"),
            role_arn: None,
            service_linked: false,
        },
        resource_account: "111111111111",
        same_account: false,
        strict_resource: None,
        endpoint: None,
        pieces: Pieces::default(),
        layers: vec![],
    }
}

#[test]
fn allowed_reasons_name_every_path_in_one_sentence() {
    let paths = Grants {
        resource_direct: true,
        identity: true,
        ..Grants::default()
    };
    let text = reason_sentence(&explanation(Reason::Allowed { paths }), &level_name);
    assert_eq!(
        text,
        "The resource-based policy names the caller, and an identity-based policy allows it; nothing denies it, and every guardrail lets it through."
    );
}

#[test]
fn organization_levels_are_named_by_the_front_end() {
    let named = |layer: Layer| match layer {
        Layer::Scp { level } => format!("level {} (Workloads OU)", level + 1),
        other => level_name(other),
    };
    let text = reason_sentence(
        &explanation(Reason::ScpLevelWithoutAllow { level: 1 }),
        &named,
    );
    assert!(
        text.starts_with("No SCP at level 2 (Workloads OU) allows"),
        "{text}"
    );
    let default = reason_sentence(
        &explanation(Reason::ScpLevelWithoutAllow { level: 1 }),
        &level_name,
    );
    assert!(default.starts_with("No SCP at level 2 allows"), "{default}");
    assert_eq!(
        layer_name(Layer::Rcp { level: 0 }, &level_name),
        "RCPs, level 1"
    );
    assert_eq!(
        layer_name(Layer::Scp { level: 2 }, &named),
        "SCPs, level 3 (Workloads OU)"
    );
}

#[test]
fn cross_account_reasons_name_the_accounts() {
    let text = reason_sentence(
        &explanation(Reason::CrossAccountWithoutIdentityAllow),
        &level_name,
    );
    assert!(text.contains("another account (222222222222)"), "{text}");
    let text = reason_sentence(&explanation(Reason::NoResourceGrant), &level_name);
    assert!(text.contains("(account 111111111111)"), "{text}");
}

#[test]
fn group_policies_are_labelled_with_their_group() {
    assert_eq!(
        policy_label(PolicyType::Identity, "Readers", Some("Developers")),
        "identity policy Readers of group Developers"
    );
    assert_eq!(
        policy_label(PolicyType::Scp, "DenyRegions", None),
        "SCP DenyRegions"
    );
}

#[test]
fn segments_quote_code_in_backticks() {
    let text: String = plain(&[
        Segment::Text(String::from("matches, by ")),
        Segment::Code(String::from("s3:*")),
    ]);
    assert_eq!(text, "matches, by `s3:*`");
}

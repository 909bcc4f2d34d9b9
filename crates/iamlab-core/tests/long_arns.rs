//! A resource ARN too long for the places a resource keeps of its partition
//! and owner (more than 65,535 bytes) is decided as a short one is.

use iamlab_core::case::load_case_file;
use iamlab_core::eval::{evaluate, explain};
use iamlab_core::source::SourceMap;
use iamlab_core::trace::{Decision, Reason};

/// The decision and its reason for one request by a user of account
/// 111111111111 in partition `aws`, allowed `s3:GetObject` and
/// `iam:GetRole` on everything, on `arn`.
fn decide(arn: &str, action: &str) -> (Decision, Reason) {
    let text = format!(
        r#"{{"cases": [{{"name": "long",
            "principal": {{"type": "user", "arn": "arn:aws:iam::111111111111:user/ana",
                "policies": [{{"name": "all", "document": {{"Version": "2012-10-17",
                    "Statement": [{{"Effect": "Allow", "Action": ["s3:GetObject", "iam:GetRole"], "Resource": "*"}}]}}}}]}},
            "action": "{action}",
            "resource": {{"arn": "{arn}"}}}}]}}"#
    );
    let mut sources = SourceMap::new();
    let source = sources.add("long.json", text);
    let file = load_case_file(&mut sources, source).expect("the case file loads");
    let compiled = file.cases[0]
        .compiled
        .as_ref()
        .unwrap_or_else(|| panic!("the case compiles: {:?}", file.cases[0].diagnostics));
    let decision = evaluate(&compiled.scenario, &compiled.request());
    let explanation = explain(&compiled.scenario, &compiled.request());
    assert_eq!(explanation.decision, decision);
    (decision, explanation.reason)
}

#[test]
fn a_partition_mismatch_is_found_in_a_long_arn() {
    let long = "x".repeat(70_000);
    for (arn, want) in [
        (format!("arn:aws:s3:::bucket/{long}"), Decision::Allowed),
        (
            format!("arn:aws-cn:s3:::bucket/{long}"),
            Decision::ImplicitDeny,
        ),
        (
            format!("arn:aws-{long}:s3:::bucket/key"),
            Decision::ImplicitDeny,
        ),
    ] {
        let (decision, reason) = decide(&arn, "s3:GetObject");
        assert_eq!(decision, want, "{}", &arn[..20]);
        if want == Decision::ImplicitDeny {
            assert_eq!(reason, Reason::PartitionMismatch, "{}", &arn[..20]);
        }
    }
}

#[test]
fn the_owner_of_a_long_arn_is_its_account() {
    // A role of the caller's own account, behind a region too long for its
    // account's place to be kept: the same account, so the identity
    // policy's Allow is enough (a role of another account would need its
    // trust policy to allow too).
    let long = "r".repeat(70_000);
    let arn = format!("arn:aws:iam:{long}:111111111111:role/x");
    assert_eq!(decide(&arn, "iam:GetRole").0, Decision::Allowed);
    let arn = format!("arn:aws:iam:{long}:222222222222:role/x");
    assert_eq!(decide(&arn, "iam:GetRole").0, Decision::ImplicitDeny);
}

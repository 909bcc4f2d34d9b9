//! Every reason sentence of every corpus case agrees with the layers shown
//! beside it, and every kind of reason appears at least once.
//!
//! The CLI and the page run the same check through their own words; this is
//! the check on the shared sentences themselves.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use iamlab_core::case::load_case_file;
use iamlab_core::eval::explain;
use iamlab_core::source::SourceMap;
use iamlab_core::trace::Reason;

fn corpus_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases");
    let mut stack = vec![root];
    let mut out = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The name of a reason's kind. The match has no wildcard, so a new kind of
/// reason cannot be added without this test knowing it.
fn kind(reason: Reason) -> &'static str {
    match reason {
        Reason::GetCallerIdentity => "getCallerIdentity",
        Reason::GetSessionToken => "getSessionToken",
        Reason::ExplicitDeny => "explicitDeny",
        Reason::PartitionMismatch => "partitionMismatch",
        Reason::RootCannotAssumeRole => "rootCannotAssumeRole",
        Reason::ScpLevelWithoutAllow { .. } => "scpLevelWithoutAllow",
        Reason::NeedsDirectResourceGrant => "needsDirectResourceGrant",
        Reason::NoIdentityAllow => "noIdentityAllow",
        Reason::AccountGrantWithoutIdentityAllow => "accountGrantWithoutIdentityAllow",
        Reason::CrossAccountWithoutIdentityAllow => "crossAccountWithoutIdentityAllow",
        Reason::BoundaryWithoutAllow => "boundaryWithoutAllow",
        Reason::SessionWithoutAllow => "sessionWithoutAllow",
        Reason::FederatedWithoutSessionPolicy => "federatedWithoutSessionPolicy",
        Reason::NoResourceGrant => "noResourceGrant",
        Reason::StrictResourceWithoutGrant => "strictResourceWithoutGrant",
        Reason::EndpointPolicyWithoutAllow => "endpointPolicyWithoutAllow",
        Reason::PublicAccessRestricted { .. } => "publicAccessRestricted",
        Reason::AwsOwnedResource { .. } => "awsOwnedResource",
        Reason::Allowed { .. } => "allowed",
    }
}

const EVERY_KIND: &[&str] = &[
    "getCallerIdentity",
    "getSessionToken",
    "explicitDeny",
    "partitionMismatch",
    "rootCannotAssumeRole",
    "scpLevelWithoutAllow",
    "needsDirectResourceGrant",
    "noIdentityAllow",
    "accountGrantWithoutIdentityAllow",
    "crossAccountWithoutIdentityAllow",
    "boundaryWithoutAllow",
    "sessionWithoutAllow",
    "federatedWithoutSessionPolicy",
    "noResourceGrant",
    "strictResourceWithoutGrant",
    "endpointPolicyWithoutAllow",
    "publicAccessRestricted",
    "awsOwnedResource",
    "allowed",
];

#[test]
fn every_reason_sentence_agrees_with_its_layers() {
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    let mut checked = 0;
    for path in corpus_files() {
        let mut sources = SourceMap::new();
        let source = sources.add(
            path.display().to_string(),
            std::fs::read_to_string(&path).unwrap(),
        );
        let file = load_case_file(&mut sources, source).unwrap();
        for case in &file.cases {
            let Some(compiled) = &case.compiled else {
                continue;
            };
            let request = compiled.request();
            let explanation = explain(&compiled.scenario, &request);
            seen.insert(kind(explanation.reason));
            let sentence = iamlab_words::reason_sentence(&explanation, &iamlab_words::level_name);
            checked += 1;
            if let Err(problem) = iamlab_words::agreement::check(&explanation, &sentence) {
                problems.push(format!("{}: {}: {problem}", path.display(), case.name));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked > 300, "only {checked} cases were checked");
    let missing: Vec<&&str> = EVERY_KIND.iter().filter(|k| !seen.contains(**k)).collect();
    assert!(
        missing.is_empty(),
        "no corpus case gives these reasons: {missing:?}"
    );
}

#[test]
fn a_contradicting_sentence_is_caught() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases/extra/reasons.json");
    let mut sources = SourceMap::new();
    let source = sources.add("reasons.json", std::fs::read_to_string(path).unwrap());
    let file = load_case_file(&mut sources, source).unwrap();
    let case = file
        .cases
        .iter()
        .find(|c| c.name.starts_with("crossAccountWithoutIdentityAllow"))
        .unwrap();
    let compiled = case.compiled.as_ref().unwrap();
    let request = compiled.request();
    let explanation = explain(&compiled.scenario, &request);
    // The sentence this case used to get, above a resource policy that allows.
    let wrong =
        "No identity-based policy allows the action, and no resource-based policy grants it.";
    assert!(iamlab_words::agreement::check(&explanation, wrong).is_err());
    assert!(iamlab_words::agreement::check(&explanation, "Something vague.").is_err());
}

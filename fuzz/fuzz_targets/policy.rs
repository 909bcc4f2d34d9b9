//! Fuzz target `policy`: arbitrary bytes as a policy document, parsed and
//! lowered for every document kind, then evaluated.
//!
//! Each kind (identity, boundary, session, resource, role trust, SCP, RCP)
//! has its own grammar, so the same text takes a different path through
//! lowering for each. Parsing must never panic, and must give either a
//! policy or an error. A policy that lowers without errors is then used in
//! a scenario of its kind and asked a few fixed questions: patterns,
//! variables and condition values from the fuzzer reach the matchers, and
//! the fast and explained paths must agree on each.
//!
//! The text is then edited (a character removed or repeated, at a place the
//! first byte picks) and lowered again with the statements kept from the
//! first lowering: the result must be exactly lowering the edited text
//! afresh.
#![no_main]

use iamlab_core::context::{Context, ContextValue, Entry};
use iamlab_core::eval::{Endpoint, PolicyGroup, Request, Resource, Scenario, evaluate, explain};
use iamlab_core::policy::{
    DocumentKind, LowerOptions, Policy, StatementCache, parse_policy, parse_policy_cached,
};
use iamlab_core::principal::classify;
use iamlab_core::source::SourceMap;
use libfuzzer_sys::fuzz_target;

const KINDS: [DocumentKind; 8] = [
    DocumentKind::Identity,
    DocumentKind::PermissionsBoundary,
    DocumentKind::Session,
    DocumentKind::Resource,
    DocumentKind::RoleTrust,
    DocumentKind::Scp,
    DocumentKind::Rcp,
    DocumentKind::VpcEndpoint,
];

/// Fixed questions: (action, resource ARN).
const QUESTIONS: [(&str, &str); 4] = [
    ("s3:GetObject", "arn:aws:s3:::bucket/home/alice/a.txt"),
    ("sts:AssumeRole", "arn:aws:iam::222222222222:role/Admin"),
    (
        "ec2:StartInstances",
        "arn:aws:ec2:us-east-1:111111111111:instance/i-1",
    ),
    ("iam:ListUsers", "*"),
];

/// Lowering `text`, then an edit of it, with kept statements gives what
/// lowering the edit afresh gives.
fn check_kept_statements(text: &str, pick: u8, kind: DocumentKind) {
    let options = LowerOptions {
        kind,
        name: String::from("Fuzzed"),
    };
    let boundaries: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
    let Some(&at) = boundaries.get(usize::from(pick) * boundaries.len() / 256) else {
        return;
    };
    let ch_len = text[at..].chars().next().map_or(0, char::len_utf8);
    let edited = if pick % 2 == 0 {
        format!("{}{}", &text[..at], &text[at + ch_len..])
    } else {
        format!("{}{}", &text[..at + ch_len], &text[at..])
    };
    let mut cache = StatementCache::default();
    let mut sources = SourceMap::new();
    let first = sources.add("before.json", text);
    let _ = parse_policy_cached(&mut sources, first, &options, &mut cache);
    let second = sources.add("after.json", edited);
    let fresh = parse_policy(&mut sources.clone(), second, &options);
    let kept = parse_policy_cached(&mut sources, second, &options, &mut cache);
    assert_eq!(
        format!("{kept:?}"),
        format!("{fresh:?}"),
        "kept statements differ"
    );
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    check_kept_statements(
        &text,
        data.first().copied().unwrap_or(0),
        DocumentKind::Identity,
    );
    let mut sources = SourceMap::new();
    let source = sources.add("policy.json", text);
    for kind in KINDS {
        let options = LowerOptions {
            kind,
            name: String::from("Fuzzed"),
        };
        let (policy, diagnostics) = parse_policy(&mut sources, source, &options);
        for diagnostic in &diagnostics {
            let _ = sources.line_text(diagnostic.span);
        }
        let has_error = diagnostics.iter().any(|d| d.is_error());
        assert!(
            policy.is_some() || has_error,
            "{kind:?}: no policy and no error"
        );
        if let Some(policy) = policy
            && !has_error
        {
            ask(kind, policy);
        }
    }
});

/// Puts `policy` in the place of its kind and asks the fixed questions.
fn ask(kind: DocumentKind, policy: Policy) {
    let Ok(caller) = classify("arn:aws:iam::111111111111:user/alice", None, None) else {
        return;
    };
    let group = || PolicyGroup::new(vec![policy.clone()]);
    let mut identity = PolicyGroup::new(Vec::new());
    let (mut boundary, mut session, mut scps, mut rcps, mut resource_policy) =
        (None, None, Vec::new(), Vec::new(), None);
    let mut endpoint_policy = None;
    match kind {
        DocumentKind::Identity => identity = group(),
        DocumentKind::PermissionsBoundary => boundary = Some(group()),
        DocumentKind::Session => session = Some(group()),
        DocumentKind::Scp => scps.push(group()),
        DocumentKind::Rcp => rcps.push(group()),
        DocumentKind::Resource | DocumentKind::RoleTrust => resource_policy = Some(group()),
        DocumentKind::VpcEndpoint => endpoint_policy = Some(group()),
    }
    let endpoint = endpoint_policy.map(|policy| {
        Endpoint::new(
            "vpce-1a2b3c4d",
            Some("vpc-1a2b3c4d"),
            Some("111111111111"),
            None,
            Some(policy),
        )
    });
    let tags = [(String::from("team"), String::from("red"))];
    let scenario = Scenario::new(caller, &tags, identity, boundary, session, scps, rcps);
    let mut context = Context::new();
    context.insert(Entry::single("aws:SourceIp", "203.0.113.7"));
    context.insert(Entry::single("aws:CurrentTime", "2026-06-01T12:00:00Z"));
    context.insert(Entry {
        key: String::from("aws:TagKeys"),
        key_lower: String::from("aws:tagkeys"),
        values: vec![ContextValue::string("team"), ContextValue::string("env")],
        multivalued: true,
    });
    for (action, arn) in QUESTIONS {
        let resource = Resource::new(
            arn,
            None,
            Some("111111111111"),
            &tags,
            resource_policy.clone(),
        );
        let request = Request::new(action, &resource, &context, endpoint.as_ref());
        let fast = evaluate(&scenario, &request);
        let explanation = explain(&scenario, &request);
        assert_eq!(fast, explanation.decision, "{kind:?} {action} on {arn}");
        let _ = explanation.matched_statements();
        let _ = explanation.missing_context_keys();
    }
}

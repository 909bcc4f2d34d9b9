//! Property tests: wildcard matching against a reference matcher, the fast
//! path against the explained path, and policy printing round trips.
#![cfg(not(target_arch = "wasm32"))]

use iamlab_core::case::load_case_file;
use iamlab_core::context::{Context, ContextValue, Entry, ValueKind, lowercase_key};
use iamlab_core::eval::{PreparedAction, Request, evaluate, explain};
use iamlab_core::json;
use iamlab_core::pattern::Glob;
use iamlab_core::policy::{DocumentKind, LowerOptions, parse_policy, policy_to_json};
use iamlab_core::source::SourceMap;
use proptest::prelude::*;

/// The obvious exponential-time matcher, over characters.
fn reference(pattern: &[char], text: &[char]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some(('*', rest)) => (0..=text.len()).any(|skip| reference(rest, &text[skip..])),
        Some(('?', rest)) => !text.is_empty() && reference(rest, &text[1..]),
        Some((ch, rest)) => text.first() == Some(ch) && reference(rest, &text[1..]),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn glob_agrees_with_the_reference(pattern in "[ab*?é:]{0,8}", text in "[abé:]{0,10}") {
        let pattern_chars: Vec<char> = pattern.chars().collect();
        let text_chars: Vec<char> = text.chars().collect();
        prop_assert_eq!(Glob::new(&pattern).is_match(&text), reference(&pattern_chars, &text_chars));
    }
}

/// Every compiled case of the corpus, as scenario sources for random requests.
fn corpus() -> Vec<iamlab_core::case::CompiledCase> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let mut sources = SourceMap::new();
            let source = sources.add(
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            );
            let file = load_case_file(&mut sources, source).unwrap();
            out.extend(file.cases.into_iter().filter_map(|case| case.compiled));
        }
    }
    out
}

const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:ListBucket",
    "s3:DeleteBucket",
    "s3:ListAllMyBuckets",
    "iam:ListUsers",
    "iam:PassRole",
    "ec2:RunInstances",
    "sts:AssumeRole",
    "sts:GetCallerIdentity",
    "kms:Decrypt",
    "kms:RetireGrant",
    "sqs:SendMessage",
    "dynamodb:GetItem",
    "dynamodb:Scan",
    "lambda:InvokeFunction",
];

const KEYS: &[&str] = &[
    "aws:SourceIp",
    "aws:MultiFactorAuthPresent",
    "aws:MultiFactorAuthAge",
    "aws:CurrentTime",
    "aws:SecureTransport",
    "aws:RequestedRegion",
    "aws:PrincipalOrgID",
    "aws:TagKeys",
    "aws:username",
    "s3:prefix",
    "aws:PrincipalTag/team",
    "aws:RequestTag/env",
    "aws:PrincipalArn",
    "aws:SourceVpc",
];

const VALUES: &[&str] = &[
    "203.0.113.7",
    "10.0.0.1",
    "2001:db8::1",
    "true",
    "false",
    "3600",
    "2026-06-01T12:00:00Z",
    "us-east-1",
    "eu-west-1",
    "o-abc",
    "env",
    "team",
    "alice",
    "home/alice/x",
    "red",
    "",
    "arn:aws:iam::111111111111:role/team/app",
];

fn context_strategy() -> impl Strategy<Value = Vec<(usize, Vec<usize>, bool)>> {
    prop::collection::vec(
        (
            0..KEYS.len(),
            prop::collection::vec(0..VALUES.len(), 0..3),
            any::<bool>(),
        ),
        0..5,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn fast_and_explained_paths_agree(
        case_pick in any::<prop::sample::Index>(),
        action in 0..ACTIONS.len(),
        keys in context_strategy(),
    ) {
        thread_local! {
            static CASES: Vec<iamlab_core::case::CompiledCase> = corpus();
        }
        CASES.with(|cases| {
            let case = case_pick.get(cases);
            let mut entries: Vec<Entry> = Vec::new();
            for (key, values, multivalued) in &keys {
                let key = KEYS[*key];
                if entries.iter().any(|e| e.key_lower == lowercase_key(key)) {
                    continue;
                }
                let values: Vec<ContextValue> = values
                    .iter()
                    .map(|v| ContextValue { text: VALUES[*v].to_owned(), kind: ValueKind::String })
                    .take(if *multivalued { 3 } else { 1 })
                    .collect();
                if values.is_empty() && !multivalued {
                    continue;
                }
                entries.push(Entry { key: key.to_owned(), key_lower: lowercase_key(key), values, multivalued: *multivalued });
            }
            let context = Context::from_entries(entries).unwrap();
            let request = Request::new(ACTIONS[action], case.resource(), &context, None);
            let fast = evaluate(&case.scenario, &request);
            let explained = explain(&case.scenario, &request);
            assert_eq!(fast, explained.decision);
            // An action read beforehand decides as the same text does; an
            // action replaced after reading is read again.
            let prepared = PreparedAction::new(ACTIONS[action]);
            let with_prepared = Request::prepared(&prepared, case.resource(), &context, None);
            assert_eq!(evaluate(&case.scenario, &with_prepared), fast);
            assert_eq!(explain(&case.scenario, &with_prepared).decision, fast);
            let other = PreparedAction::new(ACTIONS[(action + 1) % ACTIONS.len()]);
            let mut replaced = Request::prepared(&other, case.resource(), &context, None);
            replaced.action = ACTIONS[action];
            assert_eq!(evaluate(&case.scenario, &replaced), fast);
            // Reports derive from the trace and never contradict the decision.
            let matched = explained.matched_statements();
            match fast {
                iamlab_core::trace::Decision::ExplicitDeny => assert!(!matched.is_empty()),
                iamlab_core::trace::Decision::ImplicitDeny => assert!(matched.is_empty()),
                iamlab_core::trace::Decision::Allowed => {}
            }
        });
    }
}

fn statement_strategy() -> impl Strategy<Value = String> {
    let effect = prop_oneof![Just("Allow"), Just("Deny")];
    let action = prop_oneof![
        Just("\"*\"".to_owned()),
        prop::sample::select(ACTIONS).prop_map(|a| format!("\"{a}\"")),
        Just("[\"s3:Get*\", \"iam:?ist*\"]".to_owned()),
    ];
    let action_key = prop_oneof![Just("Action"), Just("NotAction")];
    let resource = prop_oneof![
        Just("\"*\"".to_owned()),
        Just("\"arn:aws:s3:::b/*\"".to_owned()),
        Just("[\"arn:aws:s3:::b/${aws:username}/*\", \"arn:aws:dynamodb:*:table/t\"]".to_owned()),
    ];
    let condition = prop_oneof![
        Just(String::new()),
        Just(r#", "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*", ""]}}"#.to_owned()),
        Just(r#", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}, "Bool": {"aws:SecureTransport": true}}"#.to_owned()),
        Just(r#", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}, "NumericLessThan": {"aws:MultiFactorAuthAge": 3600}}"#.to_owned()),
    ];
    (effect, action_key, action, resource, condition, any::<bool>()).prop_map(|(effect, key, action, resource, condition, sid)| {
        let sid = if sid { "\"Sid\": \"SID\", " } else { "" };
        format!(r#"{{{sid}"Effect": "{effect}", "{key}": {action}, "Resource": {resource}{condition}}}"#)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn printing_a_policy_round_trips(statements in prop::collection::vec(statement_strategy(), 1..4)) {
        let numbered: Vec<String> = statements
            .iter()
            .enumerate()
            .map(|(idx, statement)| statement.replace("\"SID\"", &format!("\"S{idx}\"")))
            .collect();
        let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#, numbered.join(","));
        let lower = |text: String| {
            let mut sources = SourceMap::new();
            let source = sources.add("p", text);
            let options = LowerOptions { kind: DocumentKind::Identity, name: "p".to_owned() };
            let (policy, diagnostics) = parse_policy(&mut sources, source, &options);
            assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
            policy.unwrap()
        };
        let first = lower(text);
        let printed = json::to_string_pretty(&policy_to_json(&first));
        let second = lower(printed.clone());
        let reprinted = json::to_string_pretty(&policy_to_json(&second));
        prop_assert_eq!(&printed, &reprinted);
        prop_assert_eq!(first.statements.len(), second.statements.len());
    }
}

/// One edit of a policy's text: at a fraction of its length, insert some
/// text or delete some characters.
fn edit_strategy() -> impl Strategy<Value = (f64, bool, String, usize)> {
    let inserted = prop_oneof![
        Just("x".to_owned()),
        Just(" ".to_owned()),
        Just("\n  ".to_owned()),
        Just("${aws:username}".to_owned()),
        Just(
            r#", {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Bogus": 1}"#
                .to_owned()
        ),
        Just("\"".to_owned()),
        Just("2008-10-17".to_owned()),
    ];
    (0.0..1.0f64, any::<bool>(), inserted, 1..6usize)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Lowering again with the statements kept from the previous text gives
    /// exactly what lowering from scratch gives: the same policy, spans and
    /// diagnostics, after any sequence of edits.
    #[test]
    fn lowering_with_kept_statements_agrees_with_lowering_afresh(
        statements in prop::collection::vec(statement_strategy(), 1..6),
        edits in prop::collection::vec(edit_strategy(), 1..8),
        kind in prop::sample::select(&[DocumentKind::Identity, DocumentKind::Scp, DocumentKind::Resource][..]),
    ) {
        let mut text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
            statements.join(",\n")
        );
        let options = LowerOptions { kind, name: "p".to_owned() };
        let mut cache = iamlab_core::policy::StatementCache::default();
        let mut previous_sources = 0;
        for (at, insert, inserted, deleted) in std::iter::once((0.0, true, String::new(), 0)).chain(edits) {
            // Edit at a character boundary.
            let mut place = ((text.len() as f64) * at) as usize;
            while !text.is_char_boundary(place) {
                place -= 1;
            }
            if insert {
                text.insert_str(place, &inserted);
            } else {
                let end = text[place..].char_indices().nth(deleted).map_or(text.len(), |(i, _)| place + i);
                text.replace_range(place..end, "");
            }
            // Earlier sources come first, as in the page, so the source ids differ.
            let mut sources = SourceMap::new();
            for n in 0..previous_sources {
                sources.add(format!("other {n}"), "{}");
            }
            previous_sources = (previous_sources + 1) % 3;
            let source = sources.add("p", text.clone());
            let fresh = parse_policy(&mut sources.clone(), source, &options);
            let kept = iamlab_core::policy::parse_policy_cached(&mut sources, source, &options, &mut cache);
            prop_assert_eq!(format!("{:?}", kept.0), format!("{:?}", fresh.0), "policy after editing to {}", text);
            prop_assert_eq!(format!("{:?}", kept.1), format!("{:?}", fresh.1), "diagnostics after editing to {}", text);
        }
    }
}

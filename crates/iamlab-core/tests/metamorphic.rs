//! Metamorphic properties of the evaluator: changes to a scenario whose
//! effect on the decision AWS's rules fix, checked on random scenarios.
//!
//! - Adding an `Allow` statement never turns an allowed request into a deny.
//! - Adding a `Deny` statement never turns a denied request into allowed
//!   (and keeps an explicit deny explicit).
//! - Reordering statements, or policies, never changes a decision.
//! - Renaming a `Sid` never changes a decision.
//! - Adding an SCP level that holds only `FullAWSAccess` never changes a
//!   decision.
#![cfg(not(target_arch = "wasm32"))]

use iamlab_core::case::{LoadOptions, load_value};
use iamlab_core::json::{Limits, parse};
use iamlab_core::source::SourceMap;
use iamlab_core::trace::Decision;
use proptest::prelude::*;
use serde_json::{Value, json};

const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:*",
    "s3:Get*",
    "*",
    "ec2:RunInstances",
    "ec2:*",
    "iam:PassRole",
];

const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:s3:::reports/*",
    "arn:aws:s3:::reports/2026/*",
    "arn:aws:s3:::other/*",
    "arn:aws:ec2:eu-west-1:111122223333:instance/*",
];

const REQUESTS: &[(&str, &str)] = &[
    ("s3:GetObject", "arn:aws:s3:::reports/2026/q1.csv"),
    ("s3:PutObject", "arn:aws:s3:::reports/draft.txt"),
    ("s3:GetObject", "arn:aws:s3:::other/x"),
    (
        "ec2:RunInstances",
        "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc",
    ),
    ("iam:PassRole", "arn:aws:iam::111122223333:role/app"),
];

/// One random statement: effect, action, resource, and maybe a condition.
#[derive(Clone, Debug)]
struct Stmt {
    allow: bool,
    action: usize,
    resource: usize,
    condition: Option<usize>,
}

fn stmt() -> impl Strategy<Value = Stmt> {
    (
        any::<bool>(),
        0..ACTIONS.len(),
        0..RESOURCES.len(),
        prop::option::of(0..3usize),
    )
        .prop_map(|(allow, action, resource, condition)| Stmt {
            allow,
            action,
            resource,
            condition,
        })
}

fn stmt_json(s: &Stmt, sid: &str) -> Value {
    let mut out = json!({
        "Sid": sid,
        "Effect": if s.allow { "Allow" } else { "Deny" },
        "Action": ACTIONS[s.action],
        "Resource": RESOURCES[s.resource],
    });
    let condition = match s.condition {
        Some(0) => Some(json!({ "StringEquals": { "aws:PrincipalTag/team": "red" } })),
        Some(1) => Some(json!({ "Bool": { "aws:SecureTransport": "true" } })),
        Some(_) => Some(json!({ "IpAddress": { "aws:SourceIp": "203.0.113.0/24" } })),
        None => None,
    };
    if let (Some(condition), Some(object)) = (condition, out.as_object_mut()) {
        object.insert(String::from("Condition"), condition);
    }
    out
}

/// A scenario: identity policies (each a list of statements), an optional
/// SCP level, an optional bucket policy, and a request with some context.
#[derive(Clone, Debug)]
struct Scenario {
    policies: Vec<Vec<Stmt>>,
    scp: Option<Vec<Stmt>>,
    request: usize,
    tagged: bool,
    secure: Option<bool>,
    source_ip: bool,
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec(prop::collection::vec(stmt(), 1..4), 1..4),
        prop::option::of(prop::collection::vec(stmt(), 1..3)),
        0..REQUESTS.len(),
        any::<bool>(),
        prop::option::of(any::<bool>()),
        any::<bool>(),
    )
        .prop_map(
            |(policies, scp, request, tagged, secure, source_ip)| Scenario {
                policies,
                scp,
                request,
                tagged,
                secure,
                source_ip,
            },
        )
}

fn policy_json(name: &str, statements: &[Stmt]) -> Value {
    let statements: Vec<Value> = statements
        .iter()
        .enumerate()
        .map(|(i, s)| stmt_json(s, &format!("S{i}")))
        .collect();
    json!({ "name": name, "document": { "Version": "2012-10-17", "Statement": statements } })
}

fn case_json(s: &Scenario) -> Value {
    let policies: Vec<Value> = s
        .policies
        .iter()
        .enumerate()
        .map(|(i, p)| policy_json(&format!("P{i}"), p))
        .collect();
    let (action, resource) = REQUESTS[s.request];
    let mut context = serde_json::Map::new();
    if let Some(secure) = s.secure {
        context.insert(String::from("aws:SecureTransport"), json!(secure));
    }
    if s.source_ip {
        context.insert(String::from("aws:SourceIp"), json!("203.0.113.9"));
    }
    let mut case = json!({
        "principal": {
            "arn": "arn:aws:iam::111122223333:user/alice",
            "tags": if s.tagged { json!({ "team": "red" }) } else { json!({}) },
            "policies": policies,
        },
        "resource": { "arn": resource },
        "action": action,
        "context": Value::Object(context),
    });
    if let Some(scp) = &s.scp {
        // An SCP level must allow, so the level gets `FullAWSAccess` too.
        let full = json!({ "name": "FullAWSAccess", "document": { "Version": "2012-10-17",
            "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }] } });
        case["organization"] = json!({ "scps": [[full, policy_json("Guardrail", scp)]] });
    }
    case
}

/// The decision for a case given as JSON.
fn decide(case: &Value) -> Option<Decision> {
    let text = case.to_string();
    let mut sources = SourceMap::new();
    let id = sources.add("case.json", text.as_str());
    let (root, diagnostics) = parse(&text, id, Limits::default());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let file = load_value(&mut sources, &root?, LoadOptions::default()).ok()?;
    file.cases.first()?.decision()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn adding_an_allow_never_denies_what_was_allowed(s in scenario(), extra in stmt(), at in 0..4usize) {
        let before = decide(&case_json(&s));
        let mut more = s;
        let policy = at % more.policies.len();
        more.policies[policy].push(Stmt { allow: true, ..extra });
        let after = decide(&case_json(&more));
        if before == Some(Decision::Allowed) {
            prop_assert_eq!(after, Some(Decision::Allowed));
        }
    }

    #[test]
    fn adding_a_deny_never_allows_what_was_denied(s in scenario(), extra in stmt(), at in 0..4usize) {
        let before = decide(&case_json(&s));
        let mut more = s;
        let policy = at % more.policies.len();
        more.policies[policy].push(Stmt { allow: false, ..extra });
        let after = decide(&case_json(&more));
        match before {
            Some(Decision::ImplicitDeny) => prop_assert_ne!(after, Some(Decision::Allowed)),
            Some(Decision::ExplicitDeny) => prop_assert_eq!(after, Some(Decision::ExplicitDeny)),
            _ => {}
        }
    }

    #[test]
    fn reordering_statements_or_policies_changes_nothing(s in scenario(), rotate in 0..4usize) {
        let before = decide(&case_json(&s));
        let mut reordered = s;
        for policy in &mut reordered.policies {
            policy.reverse();
        }
        let len = reordered.policies.len();
        reordered.policies.rotate_left(rotate % len);
        if let Some(scp) = &mut reordered.scp {
            scp.reverse();
        }
        prop_assert_eq!(decide(&case_json(&reordered)), before);
    }

    #[test]
    fn renaming_a_sid_changes_nothing(s in scenario(), suffix in "[A-Za-z0-9]{1,8}") {
        let case = case_json(&s);
        let before = decide(&case);
        let mut renamed = case;
        if let Some(policies) = renamed["principal"]["policies"].as_array_mut() {
            for policy in policies {
                if let Some(statements) = policy["document"]["Statement"].as_array_mut() {
                    for (i, statement) in statements.iter_mut().enumerate() {
                        statement["Sid"] = json!(format!("Renamed{i}{suffix}"));
                    }
                }
            }
        }
        prop_assert_eq!(decide(&renamed), before);
    }

    #[test]
    fn adding_a_full_aws_access_scp_level_changes_nothing(s in scenario()) {
        let case = case_json(&s);
        let before = decide(&case);
        let full = json!({ "name": "FullAWSAccess", "document": { "Version": "2012-10-17",
            "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }] } });
        let mut more = case;
        match more.get_mut("organization") {
            Some(organization) => {
                if let Some(levels) = organization["scps"].as_array_mut() {
                    levels.push(json!([full]));
                }
            }
            None => more["organization"] = json!({ "scps": [[full]] }),
        }
        prop_assert_eq!(decide(&more), before);
    }
}

/// The generator reaches every decision (so no property above holds only
/// because every scenario is invalid or denied).
#[test]
fn random_scenarios_reach_every_decision() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen = [0usize; 4];
    for _ in 0..400 {
        let s = scenario()
            .new_tree(&mut runner)
            .expect("a scenario")
            .current();
        let slot = match decide(&case_json(&s)) {
            Some(Decision::Allowed) => 0,
            Some(Decision::ExplicitDeny) => 1,
            Some(Decision::ImplicitDeny) => 2,
            None => 3,
        };
        seen[slot] += 1;
    }
    assert!(seen[0] > 20 && seen[1] > 20 && seen[2] > 20, "{seen:?}");
    assert_eq!(seen[3], 0, "every generated scenario is valid: {seen:?}");
}

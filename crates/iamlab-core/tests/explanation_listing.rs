//! What an explanation lists in a layer of many policies.
//!
//! A layer of at most 32 policies lists every policy. A bigger layer lists
//! only the policies with a traced statement and counts the others
//! (`unlisted_policies`, `unlisted_statements`); whatever is listed or
//! counted, every statement of the layer is accounted for exactly once, and
//! the decision is the fast path's.

use iamlab_core::case::load_case_file;
use iamlab_core::eval::{evaluate, explain};
use iamlab_core::source::SourceMap;
use iamlab_core::trace::{Decision, Explanation, Layer, LayerTrace};

/// A case file with `count` identity policies. Policy `i` has three
/// statements: one for `svc{i % 7}:Get*`-style actions, one naming
/// `s3:PutObject` exactly when `i % 10 == 3`, and a Deny of
/// `ec2:TerminateInstances` when `i % 25 == 4`.
fn case_file(count: usize, action: &str) -> String {
    let mut policies = Vec::new();
    for i in 0..count {
        let s3_action = if i % 10 == 3 {
            "s3:PutObject"
        } else {
            "s3:DeleteBucket"
        };
        let third = if i % 25 == 4 {
            r#"{"Effect": "Deny", "Action": "ec2:TerminateInstances", "Resource": "*"}"#.to_owned()
        } else {
            format!(
                r#"{{"Effect": "Allow", "Action": "svc{}:Get*", "Resource": "*"}}"#,
                i % 7
            )
        };
        policies.push(format!(
            r#"{{"name": "P{i}", "document": {{"Version": "2012-10-17", "Statement": [
                {{"Effect": "Allow", "Action": "svc{}:List*", "Resource": "*"}},
                {{"Effect": "Allow", "Action": "{s3_action}", "Resource": "arn:aws:s3:::bucket-{i}/*"}},
                {third}
            ]}}}}"#,
            i % 7
        ));
    }
    one_case(
        &policies.join(","),
        action,
        "arn:aws:s3:::bucket-13/key",
        "allowed",
    )
}

/// A case file of one case: the user ana with the identity `policies` (a
/// JSON list's items) asks `action` on `resource`, expecting `expect`.
fn one_case(policies: &str, action: &str, resource: &str, expect: &str) -> String {
    format!(
        r#"{{"cases": [{{"name": "one", "principal": {{"type": "user", "arn": "arn:aws:iam::111111111111:user/ana", "policies": [{policies}]}},
            "action": "{action}", "resource": {{"arn": "{resource}"}}, "expect": "{expect}"}}]}}"#
    )
}

/// A policy named `name` of `statements` (a JSON list's items).
fn policy(name: &str, statements: &str) -> String {
    format!(
        r#"{{"name": "{name}", "document": {{"Version": "2012-10-17", "Statement": [{statements}]}}}}"#
    )
}

/// The identity layer of an explanation of the only case of `text`, with the
/// fast path's decision and the layer's statement count.
fn identity_layer(text: &str, check: impl FnOnce(&Explanation<'_>, &LayerTrace<'_>, usize)) {
    let mut sources = SourceMap::new();
    let source = sources.add("listing.json", text);
    let file = load_case_file(&mut sources, source).expect("the case file loads");
    let case = &file.cases[0];
    let compiled = case
        .compiled
        .as_ref()
        .unwrap_or_else(|| panic!("the case compiles: {:?}", case.diagnostics));
    let request = compiled.request();
    let explanation = explain(&compiled.scenario, &request);
    assert_eq!(
        evaluate(&compiled.scenario, &request),
        explanation.decision,
        "the explained path agrees with the fast path"
    );
    let layer = explanation
        .layers
        .iter()
        .find(|layer| layer.layer == Layer::Identity)
        .expect("an identity layer");
    check(
        &explanation,
        layer,
        compiled.scenario.identity.statement_count(),
    );
}

/// Every statement of the layer is traced or counted exactly once.
fn assert_accounted(layer: &LayerTrace<'_>, policies: usize, statements: usize) {
    assert_eq!(layer.policies.len() + layer.unlisted_policies, policies);
    let listed: usize = layer
        .policies
        .iter()
        .map(|policy| {
            policy.statements.len()
                + policy.other_action_statements
                + policy.other_service_statements
        })
        .sum();
    assert_eq!(listed + layer.unlisted_statements, statements);
}

#[test]
fn a_layer_of_few_policies_lists_them_all() {
    identity_layer(
        &case_file(20, "s3:PutObject"),
        |explanation, layer, total| {
            assert_eq!(layer.policies.len(), 20);
            assert_eq!(layer.unlisted_policies, 0);
            assert_eq!(layer.unlisted_statements, 0);
            assert_accounted(layer, 20, total);
            assert_eq!(explanation.decision, Decision::Allowed);
            // Policies about other services are listed with nothing traced.
            let p0 = &layer.policies[0];
            assert_eq!(p0.name, "P0");
            assert_eq!(p0.statements.len(), 1, "its one s3 statement is traced");
            assert_eq!(p0.other_service_statements, 2);
        },
    );
}

#[test]
fn a_layer_of_many_policies_lists_only_those_naming_the_action() {
    identity_layer(
        &case_file(200, "s3:PutObject"),
        |explanation, layer, total| {
            // Policies 3, 13, 23, ... name s3:PutObject: 20 of them.
            let names: Vec<&str> = layer.policies.iter().map(|policy| policy.name).collect();
            let expected: Vec<String> = (0..200)
                .filter(|i| i % 10 == 3)
                .map(|i| format!("P{i}"))
                .collect();
            assert_eq!(names, expected);
            assert_eq!(layer.unlisted_policies, 180);
            assert_eq!(layer.unlisted_statements, 540);
            assert_accounted(layer, 200, total);
            for policy in &layer.policies {
                assert_eq!(policy.statements.len(), 1);
                assert_eq!(policy.other_service_statements, 2);
                assert_eq!(policy.other_action_statements, 0);
            }
            // bucket-13 is policy 13's: that statement applies.
            assert_eq!(explanation.decision, Decision::Allowed);
            let applying: Vec<&str> = layer
                .policies
                .iter()
                .filter(|policy| layer.statements_of(policy).iter().any(|s| s.applies))
                .map(|policy| policy.name)
                .collect();
            assert_eq!(applying, ["P13"]);
        },
    );
}

#[test]
fn a_layer_of_many_policies_shows_near_misses_when_nothing_names_the_action() {
    // No statement names s3:GetObject: the near misses are the s3
    // statements whose resource matches (only their action differs), here
    // policy 13's; the other s3 statements are counted.
    identity_layer(
        &case_file(200, "s3:GetObject"),
        |explanation, layer, total| {
            assert_eq!(explanation.decision, Decision::ImplicitDeny);
            let names: Vec<&str> = layer.policies.iter().map(|policy| policy.name).collect();
            assert_eq!(names, ["P13"]);
            let near_miss = &layer.statements_of(&layer.policies[0])[0];
            assert!(!near_miss.action.holds);
            assert!(near_miss.resource.holds);
            assert_eq!(layer.unlisted_policies, 199);
            assert_accounted(layer, 200, total);
            let closest = explanation.closest_statements();
            assert_eq!(closest.len(), 1);
            assert_eq!((closest[0].0.name, closest[0].2), ("P13", 1));
        },
    );
}

#[test]
fn near_misses_are_at_most_sixty_four() {
    // Every policy's s3 statement matches any object: 200 near misses, of
    // which the first 64 in document order are traced.
    let text = (0..200).fold(case_file(200, "s3:GetObject"), |text, i| {
        text.replace(&format!("arn:aws:s3:::bucket-{i}/*\""), "arn:aws:s3:::*\"")
    });
    identity_layer(&text, |explanation, layer, total| {
        assert_eq!(explanation.decision, Decision::ImplicitDeny);
        assert_eq!(layer.statements.len(), 64);
        assert!(
            layer
                .statements
                .iter()
                .all(|s| s.resource.holds && !s.action.holds)
        );
        let names: Vec<&str> = layer.policies.iter().map(|policy| policy.name).collect();
        let expected: Vec<String> = (0..64).map(|i| format!("P{i}")).collect();
        assert_eq!(names, expected);
        assert_accounted(layer, 200, total);
    });
}

/// A layer of few policies but many statements for the service traces the
/// near misses alone too, and lists every policy.
#[test]
fn a_layer_of_few_policies_with_many_statements_shows_near_misses() {
    let mut statements = Vec::new();
    for i in 0..80 {
        statements.push(format!(
            r#"{{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::bucket-{i}/*"}}"#
        ));
    }
    let policies = [
        policy("Many", &statements.join(",")),
        policy(
            "Other",
            r#"{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}"#,
        ),
    ];
    let text = one_case(
        &policies.join(","),
        "s3:GetObject",
        "arn:aws:s3:::bucket-7/key",
        "implicitDeny",
    );
    identity_layer(&text, |explanation, layer, total| {
        assert_eq!(explanation.decision, Decision::ImplicitDeny);
        assert_eq!(layer.policies.len(), 2);
        let many = layer.statements_of(&layer.policies[0]);
        assert_eq!(many.len(), 1);
        assert_eq!(many[0].index, 7);
        assert_eq!(layer.policies[0].other_action_statements, 79);
        assert_accounted(layer, 2, total);
    });
}

#[test]
fn a_layer_of_many_policies_without_the_service_lists_none() {
    identity_layer(
        &case_file(100, "lambda:InvokeFunction"),
        |explanation, layer, total| {
            assert_eq!(explanation.decision, Decision::ImplicitDeny);
            assert!(layer.policies.is_empty());
            assert_eq!(layer.unlisted_policies, 100);
            assert_eq!(layer.unlisted_statements, total);
        },
    );
}

#[test]
fn a_deny_in_a_big_layer_is_listed_and_decides() {
    let text = case_file(200, "ec2:TerminateInstances").replace(
        "arn:aws:s3:::bucket-13/key",
        "arn:aws:ec2:us-east-1:111111111111:instance/i-1",
    );
    identity_layer(&text, |explanation, layer, total| {
        assert_eq!(explanation.decision, Decision::ExplicitDeny);
        // Policies 4, 29, 54, ... deny it: 8 of them.
        assert_eq!(layer.policies.len(), 8);
        assert!(
            layer
                .policies
                .iter()
                .all(|policy| layer.statements_of(policy)[0].applies)
        );
        assert_accounted(layer, 200, total);
    });
}

/// In a layer big enough that the explanation traces only the statements
/// whose action matches, the pattern it names for each is the first of the
/// statement's patterns that matches, whether the index listed the
/// statement under the action's exact name (names written twice, in other
/// cases, beside other services) or kept it with the wildcard ones.
#[test]
fn a_big_layer_names_the_first_matching_action_pattern() {
    let shapes = [
        r#"["s3:ListBucket", "S3:PUTOBJECT", "s3:PutObject"]"#,
        r#"["ec2:RunInstances", "s3:putobject"]"#,
        r#"["s3:Put*", "s3:PutObject"]"#,
        r#"["s3:PutObject", "s3:Put*"]"#,
        r#""s3:GetObject""#,
        r#"["s3:DeleteObject", "s3:PutObject", "s3:DeleteBucket"]"#,
    ];
    let mut statements = Vec::new();
    for i in 0..90 {
        let action = shapes[i % shapes.len()];
        statements.push(format!(
            r#"{{"Effect": "Allow", "Action": {action}, "Resource": "arn:aws:s3:::bucket-{i}/*"}}"#
        ));
    }
    statements.push(
        r#"{"Effect": "Deny", "NotAction": ["s3:Get*"], "Resource": "arn:aws:s3:::other/*"}"#
            .to_owned(),
    );
    let policies: Vec<String> = statements
        .chunks(7)
        .enumerate()
        .map(|(i, chunk)| policy(&format!("P{i}"), &chunk.join(",")))
        .collect();
    let text = one_case(
        &policies.join(","),
        "s3:PutObject",
        "arn:aws:s3:::bucket-7/key",
        "allowed",
    );
    let mut sources = SourceMap::new();
    let source = sources.add("patterns.json", text);
    let file = load_case_file(&mut sources, source).expect("the case file loads");
    let compiled = file.cases[0].compiled.as_ref().expect("the case compiles");
    let explanation = explain(&compiled.scenario, &compiled.request());
    assert_eq!(explanation.decision, Decision::Allowed);
    let layer = &explanation
        .layers
        .iter()
        .find(|l| l.layer == Layer::Identity)
        .expect("identity");
    let policies = compiled.scenario.identity.policies();
    let mut traced = 0;
    for policy_trace in &layer.policies {
        let policy = policies
            .iter()
            .find(|policy| policy.name == policy_trace.name)
            .expect("the traced policy exists");
        for statement_trace in layer.statements_of(policy_trace) {
            let statement = &policy.statements[statement_trace.index];
            let first = statement
                .action
                .patterns
                .iter()
                .find(|pattern| pattern.is_match("s3", "putobject"));
            let holds = first.is_some() != statement.action.negated;
            assert!(holds, "only statements whose action matches are traced");
            assert!(statement_trace.action.holds);
            assert_eq!(
                statement_trace.action.pattern,
                first.map(|pattern| pattern.text.as_str()),
                "statement {} of {}",
                statement_trace.index,
                policy.name
            );
            assert_eq!(
                statement_trace.action.pattern_span,
                first.map(|pattern| pattern.span)
            );
            assert_eq!(
                statement_trace.action.element,
                if statement.action.negated {
                    "NotAction"
                } else {
                    "Action"
                }
            );
            traced += 1;
        }
    }
    // Five shapes of six name s3:PutObject (75 statements), and the Deny's
    // NotAction holds.
    assert_eq!(traced, 76);
}

/// Serialized, a layer nests each policy's traced statements inside the
/// policy (the layer keeps them in one list), and every member keeps its
/// name: the JSON that `iamlab check --json` and the JavaScript package give.
#[test]
fn a_serialized_layer_nests_statements_in_their_policies() {
    let text = r#"{"cases": [{"name": "one", "principal": {"type": "user", "arn": "arn:aws:iam::111111111111:user/ana", "policies": [
        {"name": "Ec2", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}},
        {"name": "S3", "document": {"Version": "2012-10-17", "Statement": [
            {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
             "Condition": {"StringEquals": {"aws:RequestedRegion": ["eu-west-1", "us-east-1"]}}},
            {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"}
        ]}}]},
        "action": "s3:GetObject", "resource": {"arn": "arn:aws:s3:::b/k"},
        "context": {"aws:RequestedRegion": "us-east-1"}, "expect": "allowed"}]}"#;
    let mut sources = SourceMap::new();
    let source = sources.add("json.json", text);
    let file = load_case_file(&mut sources, source).expect("the case file loads");
    let compiled = file.cases[0].compiled.as_ref().expect("the case compiles");
    let explanation = explain(&compiled.scenario, &compiled.request());
    assert_eq!(explanation.decision, Decision::Allowed);
    let json = serde_json::to_value(&explanation).expect("serializes");
    let layer = json["layers"]
        .as_array()
        .and_then(|layers| {
            layers
                .iter()
                .find(|layer| layer["layer"]["kind"] == "identity")
        })
        .expect("an identity layer");
    let keys = |value: &serde_json::Value| -> Vec<String> {
        value
            .as_object()
            .expect("an object")
            .keys()
            .cloned()
            .collect()
    };
    let mut layer_keys = keys(layer);
    layer_keys.sort();
    assert_eq!(
        layer_keys,
        [
            "layer",
            "note",
            "policies",
            "skipped",
            "unlistedPolicies",
            "unlistedStatements",
            "verdict"
        ]
    );
    let policies = layer["policies"].as_array().expect("policies");
    assert_eq!(policies.len(), 2);
    let mut policy_keys = keys(&policies[1]);
    policy_keys.sort();
    assert_eq!(
        policy_keys,
        [
            "group",
            "implicit",
            "name",
            "otherActionStatements",
            "otherServiceStatements",
            "policyType",
            "span",
            "statements"
        ]
    );
    assert_eq!(policies[0]["name"], "Ec2");
    assert_eq!(policies[0]["statements"], serde_json::json!([]));
    assert_eq!(policies[0]["otherServiceStatements"], 1);
    assert_eq!(policies[1]["name"], "S3");
    let statements = policies[1]["statements"].as_array().expect("statements");
    assert_eq!(statements.len(), 2);
    assert_eq!(statements[0]["sid"], "Read");
    assert_eq!(statements[0]["applies"], true);
    assert_eq!(statements[0]["action"]["pattern"], "s3:GetObject");
    assert_eq!(statements[1]["index"], 1);
    assert_eq!(statements[1]["action"]["holds"], false);
    let condition = &statements[0]["conditions"][0];
    assert_eq!(condition["key"], "aws:RequestedRegion");
    assert_eq!(condition["requestValues"], serde_json::json!(["us-east-1"]));
    assert_eq!(condition["policyValues"][1]["written"], "us-east-1");
    assert_eq!(condition["result"], true);
}

/// When no statement names the action in a layer of many statements, the
/// near misses are exactly the statements whose resource matches, however
/// their patterns are written: wildcards and `?` at any place, variables,
/// several patterns with different starts, `NotResource`, text outside
/// ASCII.
#[test]
fn near_misses_are_the_statements_whose_resource_matches() {
    let resource = "arn:aws:s3:::bücket-7/ana";
    let shapes: [&str; 14] = [
        r#""Resource": "arn:aws:s3:::bücket-7/*""#,
        r#""Resource": "arn:aws:s3:::bücket-8/*""#,
        r#""Resource": "arn:aws:s3:::b*""#,
        r#""Resource": "arn:aws:s3:::bücket-?/ana""#,
        r#""Resource": "arn:aws:s3:::bücket-7/${aws:username}""#,
        r#""Resource": "arn:aws:s3:::bücket-7/${aws:userid}""#,
        r#""Resource": ["arn:aws:s3:::other/*", "arn:aws:s3:::bücket-7/a*"]"#,
        r#""Resource": ["arn:aws:s3:::bücket-7/x", "arn:aws:s3:::bücket-70/*"]"#,
        r#""NotResource": "arn:aws:s3:::other/*""#,
        r#""NotResource": "arn:aws:s3:::bücket-7/*""#,
        r#""Resource": "*""#,
        r#""Resource": "arn:aws:s3:::bücket-7/ana""#,
        r#""Resource": "arn:aws:s3:::bücket-7/anas""#,
        r#""Resource": "arn:*:s3:::bücket-7/ana""#,
    ];
    // Which shapes match `resource` (aws:username is ana; aws:userid is the
    // user's id, which the scenario does not give).
    let matching = [
        true, false, true, true, true, false, true, false, true, false, true, true, false, true,
    ];
    let statements: Vec<String> = (0..70)
        .map(|i| {
            format!(
                r#"{{"Effect": "Allow", "Action": "s3:PutObject", {}}}"#,
                shapes[i % shapes.len()]
            )
        })
        .collect();
    let text = one_case(
        &policy("Many", &statements.join(",")),
        "s3:GetObject",
        resource,
        "implicitDeny",
    );
    identity_layer(&text, |explanation, layer, total| {
        assert_eq!(explanation.decision, Decision::ImplicitDeny);
        let traced: Vec<usize> = layer.statements.iter().map(|s| s.index).collect();
        let expected: Vec<usize> = (0..70)
            .filter(|i| matching[i % shapes.len()])
            .take(64)
            .collect();
        assert_eq!(traced, expected);
        assert!(
            layer
                .statements
                .iter()
                .all(|s| s.resource.holds && !s.action.holds)
        );
        assert_accounted(layer, 1, total);
    });
}

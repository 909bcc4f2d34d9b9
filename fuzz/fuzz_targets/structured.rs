//! Fuzz target `structured`: the bytes choose a scenario from a grammar, so
//! that every input is a valid case and the fuzzer's time goes to
//! evaluation rather than to the JSON reader.
//!
//! The grammar draws a principal (a user, a role session, a federated user,
//! the account root, a service, anonymous), identity policies, groups, a
//! permissions boundary, session policies, SCP and RCP levels, a
//! resource-based policy and a VPC endpoint, each made of statements whose
//! effect, actions, resources, principals and conditions come from small
//! tables (with wildcards, `Not…` elements, policy variables and
//! `…IfExists` operators), and a request with context keys. For each
//! scenario:
//!
//! - it loads without an error (the grammar makes only valid cases);
//! - the fast path and the explained path give the same decision, and the
//!   deciding statements fit it;
//! - adding an `Allow *` identity statement never turns an allowed request
//!   into a deny, and adding a `Deny` for the request's action to the
//!   identity policies makes an allowed request denied, unless the principal
//!   has no identity policies that apply (the root user, a service,
//!   anonymous).
#![no_main]

use iamlab_core::case::load_case_file;
use iamlab_core::eval::{evaluate, explain};
use iamlab_core::policy::Effect;
use iamlab_core::source::SourceMap;
use iamlab_core::trace::Decision;
use libfuzzer_sys::fuzz_target;

/// Reads choices from the fuzzer's bytes; zeros once they run out.
struct Bytes<'a> {
    data: &'a [u8],
    at: usize,
}

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let byte = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        byte
    }

    fn pick<'t>(&mut self, table: &[&'t str]) -> &'t str {
        table[usize::from(self.byte()) % table.len()]
    }

    fn below(&mut self, n: u8) -> u8 {
        self.byte() % n
    }

    fn chance(&mut self, in_four: u8) -> bool {
        self.below(4) < in_four
    }
}

const ACCOUNT: &str = "111122223333";

const PRINCIPALS: &[&str] = &[
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:sts::111122223333:assumed-role/app/session-1",
    "arn:aws:sts::111122223333:federated-user/bob",
    "arn:aws:iam::111122223333:root",
    "arn:aws:iam::444455556666:user/eve",
    "lambda.amazonaws.com",
    "anonymous",
];

const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:ListBucket",
    "s3:*",
    "s3:Get*",
    "*",
    "ec2:RunInstances",
    "ec2:*",
    "iam:PassRole",
    "kms:Decrypt",
    "sts:AssumeRole",
    "sqs:SendMessage",
];

const REQUEST_ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:ListBucket",
    "ec2:RunInstances",
    "iam:PassRole",
    "kms:Decrypt",
    "sqs:SendMessage",
];

const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:s3:::reports/*",
    "arn:aws:s3:::reports",
    "arn:aws:s3:::reports/${aws:username}/*",
    "arn:aws:s3:::other/*",
    "arn:aws:ec2:*:111122223333:instance/*",
    "arn:aws:iam::111122223333:role/*",
    "arn:aws:kms:eu-west-1:111122223333:key/*",
    "arn:aws:sqs:eu-west-1:111122223333:queue",
];

const REQUEST_RESOURCES: &[&str] = &[
    "arn:aws:s3:::reports/alice/q1.csv",
    "arn:aws:s3:::reports",
    "arn:aws:s3:::other/x",
    "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc",
    "arn:aws:iam::111122223333:role/app",
    "arn:aws:kms:eu-west-1:111122223333:key/k-1",
    "arn:aws:sqs:eu-west-1:111122223333:queue",
];

const PRINCIPAL_ELEMENTS: &[&str] = &[
    r#""*""#,
    r#"{"AWS": "arn:aws:iam::111122223333:root"}"#,
    r#"{"AWS": "arn:aws:iam::111122223333:user/alice"}"#,
    r#"{"AWS": "arn:aws:iam::111122223333:role/app"}"#,
    r#"{"AWS": "444455556666"}"#,
    r#"{"Service": "lambda.amazonaws.com"}"#,
];

const CONDITIONS: &[&str] = &[
    r#"{"StringEquals": {"aws:PrincipalTag/team": "red"}}"#,
    r#"{"StringLike": {"s3:prefix": ["home/${aws:username}/*"]}}"#,
    r#"{"Bool": {"aws:SecureTransport": "false"}}"#,
    r#"{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}"#,
    r#"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#,
    r#"{"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8"]}}"#,
    r#"{"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}"#,
    r#"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["env"]}}"#,
    r#"{"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}"#,
    r#"{"DateLessThan": {"aws:CurrentTime": "2026-06-01T00:00:00Z"}}"#,
    r#"{"NumericLessThanIfExists": {"aws:MultiFactorAuthAge": "3600"}}"#,
    r#"{"Null": {"aws:ResourceTag/env": "true"}}"#,
    r#"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/app"}}"#,
];

const CONTEXT: &[&str] = &[
    r#""aws:SecureTransport": true"#,
    r#""aws:SecureTransport": false"#,
    r#""aws:MultiFactorAuthPresent": true"#,
    r#""aws:MultiFactorAuthAge": 120"#,
    r#""aws:SourceIp": "203.0.113.7""#,
    r#""aws:SourceIp": "10.1.2.3""#,
    r#""aws:RequestedRegion": "us-east-1""#,
    r#""aws:TagKeys": ["env", "team"]"#,
    r#""aws:PrincipalOrgID": "o-abc123""#,
    r#""aws:CurrentTime": "2026-01-01T00:00:00Z""#,
    r#""s3:prefix": "home/alice/notes""#,
];

/// One statement; `with_principal` for resource-based and endpoint policies.
fn statement(bytes: &mut Bytes<'_>, kind: Kind, sid: usize) -> String {
    let with_principal = matches!(kind, Kind::Resource);
    let plain = matches!(kind, Kind::Scp);
    let effect = if bytes.chance(3) { "Allow" } else { "Deny" };
    let action_key = if bytes.below(8) == 0 && !plain {
        "NotAction"
    } else {
        "Action"
    };
    let resource_key = if bytes.below(10) == 0 && !plain {
        "NotResource"
    } else {
        "Resource"
    };
    let mut out = format!(
        r#"{{"Sid": "S{sid}", "Effect": "{effect}", "{action_key}": ["{}", "{}"], "{resource_key}": "{}""#,
        bytes.pick(ACTIONS),
        bytes.pick(ACTIONS),
        bytes.pick(RESOURCES)
    );
    if with_principal {
        out.push_str(&format!(
            r#", "Principal": {}"#,
            bytes.pick(PRINCIPAL_ELEMENTS)
        ));
    }
    if bytes.chance(1) {
        out.push_str(&format!(r#", "Condition": {}"#, bytes.pick(CONDITIONS)));
    }
    out.push('}');
    out
}

/// What a policy is attached as, for what its statements may hold.
#[derive(Clone, Copy)]
enum Kind {
    /// Identity, group, boundary and session policies.
    Identity,
    /// A service control policy (no `Not…` elements here).
    Scp,
    /// A resource-based or VPC endpoint policy (with `Principal`).
    Resource,
}

fn policy(bytes: &mut Bytes<'_>, name: &str, kind: Kind) -> String {
    let count = 1 + usize::from(bytes.below(3));
    let statements: Vec<String> = (0..count).map(|sid| statement(bytes, kind, sid)).collect();
    format!(
        r#"{{"name": "{name}", "document": {{"Version": "2012-10-17", "Statement": [{}]}}}}"#,
        statements.join(", ")
    )
}

/// The case's JSON, and whether its principal can have identity policies.
fn case(bytes: &mut Bytes<'_>, extra_identity: Option<&str>) -> (String, bool) {
    let arn = bytes.pick(PRINCIPALS);
    let has_identity =
        arn.contains(":user/") || arn.contains("assumed-role") || arn.contains("federated-user");
    let mut principal = format!(
        r#""arn": "{arn}", "tags": {{"team": "{}"}}"#,
        if bytes.chance(2) { "red" } else { "blue" }
    );
    if has_identity {
        let count = usize::from(bytes.below(3));
        let mut policies: Vec<String> = (0..count)
            .map(|i| policy(bytes, &format!("Identity{i}"), Kind::Identity))
            .collect();
        if let Some(extra) = extra_identity {
            policies.push(extra.to_owned());
        }
        principal.push_str(&format!(r#", "policies": [{}]"#, policies.join(", ")));
        if arn.contains(":user/") && bytes.chance(1) {
            principal.push_str(&format!(
                r#", "groups": [{{"name": "Developers", "policies": [{}]}}]"#,
                policy(bytes, "GroupPolicy", Kind::Identity)
            ));
        }
        if !arn.contains("federated-user") && bytes.chance(1) {
            principal.push_str(&format!(
                r#", "permissionsBoundary": {}"#,
                policy(bytes, "Boundary", Kind::Identity)
            ));
        }
        if !arn.contains(":user/") && bytes.chance(1) {
            principal.push_str(&format!(
                r#", "sessionPolicies": [{}]"#,
                policy(bytes, "Session", Kind::Identity)
            ));
        }
    }
    let mut members = vec![format!(r#""principal": {{{principal}}}"#)];
    let mut organization = Vec::new();
    if bytes.chance(1) {
        let full = r#"{"name": "FullAWSAccess", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}"#;
        organization.push(format!(
            r#""scps": [[{full}, {}]]"#,
            policy(bytes, "Guardrail", Kind::Scp)
        ));
    }
    if bytes.chance(1) {
        organization.push(format!(r#""rcps": [[{}]]"#, rcp(bytes)));
    }
    if !organization.is_empty() {
        members.push(format!(
            r#""organization": {{{}}}"#,
            organization.join(", ")
        ));
    }
    let action = bytes.pick(REQUEST_ACTIONS);
    let resource = bytes.pick(REQUEST_RESOURCES);
    let mut resource_members = vec![format!(r#""arn": "{resource}""#)];
    // Bucket and queue policies; roles and keys have stricter policies of their own.
    if bytes.chance(2)
        && (resource.starts_with("arn:aws:s3") || resource.starts_with("arn:aws:sqs"))
    {
        resource_members.push(format!(
            r#""policy": {}"#,
            policy(bytes, "ResourcePolicy", Kind::Resource)
        ));
    }
    if bytes.chance(1) {
        resource_members.push(String::from(r#""tags": {"env": "prod"}"#));
    }
    members.push(format!(
        r#""resource": {{{}}}"#,
        resource_members.join(", ")
    ));
    members.push(format!(r#""action": "{action}""#));
    if bytes.below(8) == 0 {
        members.push(format!(
            r#""vpcEndpoint": {{"id": "vpce-1a2b", "vpc": "vpc-1", "account": "{ACCOUNT}", "policy": {}}}"#,
            policy(bytes, "Endpoint", Kind::Resource)
        ));
    }
    let mut context: Vec<&str> = Vec::new();
    for _ in 0..bytes.below(4) {
        let entry = bytes.pick(CONTEXT);
        let key = entry.split(':').take(2).collect::<Vec<_>>().join(":");
        if !context
            .iter()
            .any(|c| c.split(':').take(2).collect::<Vec<_>>().join(":") == key)
        {
            context.push(entry);
        }
    }
    members.push(format!(r#""context": {{{}}}"#, context.join(", ")));
    (format!("{{{}}}", members.join(", ")), has_identity)
}

/// An RCP level's policy: RCPs need `Principal: "*"` and allow no wildcard action but `*`.
fn rcp(bytes: &mut Bytes<'_>) -> String {
    let condition = bytes.pick(CONDITIONS);
    format!(
        r#"{{"name": "Perimeter", "document": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {condition}}}]}}}}"#
    )
}

/// Loads one case and returns its decision, checking both paths agree.
fn decide(text: &str) -> Option<Decision> {
    let mut sources = SourceMap::new();
    let source = sources.add("structured.json", text);
    let file = load_case_file(&mut sources, source).ok()?;
    let case = file.cases.first()?;
    let compiled = case.compiled.as_ref()?;
    let request = compiled.request();
    let fast = evaluate(&compiled.scenario, &request);
    let explanation = explain(&compiled.scenario, &request);
    assert_eq!(
        fast, explanation.decision,
        "the two paths disagree on {text}"
    );
    let matched = explanation.matched_statements();
    match fast {
        Decision::ExplicitDeny => assert!(
            !matched.is_empty() && matched.iter().all(|s| s.effect == Effect::Deny),
            "an explicit deny without its Deny statements: {text}"
        ),
        Decision::Allowed => assert!(
            matched.iter().all(|s| s.effect == Effect::Allow),
            "an allowed request decided by a Deny: {text}"
        ),
        Decision::ImplicitDeny => assert!(
            matched.is_empty(),
            "an implicit deny with deciding statements: {text}"
        ),
    }
    Some(fast)
}

fuzz_target!(|data: &[u8]| {
    let (text, has_identity) = case(&mut Bytes { data, at: 0 }, None);
    let decision = decide(&text);
    // Case errors are findings too: the grammar makes only valid cases, so
    // an error here is either a grammar slip or a validation bug.
    let Some(decision) = decision else {
        let mut sources = SourceMap::new();
        let source = sources.add("structured.json", text.as_str());
        let errors = load_case_file(&mut sources, source)
            .map(|file| {
                file.cases
                    .into_iter()
                    .flat_map(|c| c.diagnostics)
                    .filter(|d| d.is_error())
                    .map(|d| d.message)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_else(|d| d.into_iter().map(|d| d.message).collect());
        panic!("a grammar case did not load: {errors:?}\n{text}");
    };
    if !has_identity {
        return;
    }
    // The same choices, with one more identity policy.
    let allow_all = r#"{"name": "AllowAll", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}"#;
    let (more, _) = case(&mut Bytes { data, at: 0 }, Some(allow_all));
    if decision == Decision::Allowed {
        assert_eq!(
            decide(&more),
            Some(Decision::Allowed),
            "an Allow turned allowed into a deny: {more}"
        );
    }
    let action = text
        .split(r#""action": ""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("*");
    let deny = format!(
        r#"{{"name": "DenyIt", "document": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Deny", "Action": "{action}", "Resource": "*"}}]}}}}"#
    );
    let (denied, _) = case(&mut Bytes { data, at: 0 }, Some(&deny));
    assert_eq!(
        decide(&denied),
        Some(Decision::ExplicitDeny),
        "a Deny of the action did not deny: {denied}"
    );
});

//! Criterion benchmarks of the evaluator: decisions per second on the fast
//! path and on the explained path, and the cost of loading a case file.
//!
//! The inputs are built here, deterministically, as case-format JSON and go
//! through `load_case_file` like any user's file, so the benchmark measures
//! the same compiled scenarios the CLI and the web app evaluate. First the
//! two generated workloads of `tests/bench/` (the figures that stand):
//!
//! - `workload-realistic`: 10,000 distinct requests over 15 services, each
//!   with the seven global keys; a tagged user, 10 identity policies (60
//!   statements), a boundary, three SCP levels. Target: 1,000,000/s fast.
//! - `workload-large`: 5,000 statements in 200 policies over 40 services,
//!   2,000 distinct requests. Target: 250,000/s fast.
//!
//! Then two shapes built here, kept for comparison with earlier rounds:
//!
//! - `typical`: one IAM user with 10 identity policies (60 statements, with
//!   wildcards, conditions on many keys and policy variables), a permissions
//!   boundary, three SCP levels and an S3 bucket policy, asked 50 different
//!   questions. Target: at least 1,000,000 decisions/s on the fast path.
//! - `large`: 5,000 statements in 200 policies spread over 40 services, asked
//!   50 questions. Target: at least 100,000 decisions/s on the fast path.
//!
//! Variation comes from a small linear congruential generator with a fixed
//! seed, so every run benchmarks the same text. Before measuring, each set
//! of requests is checked to compile and to reach all three decisions, so a
//! benchmark can never silently time a pile of rejected cases.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use iamlab_core::case::{CompiledCase, load_case_file};
use iamlab_core::eval::{evaluate, explain};
use iamlab_core::source::SourceMap;
use iamlab_core::trace::Decision;
use serde_json::{Value, json};

/// The caller's account in every scenario.
const ACCOUNT: &str = "111111111111";

/// A linear congruential generator (Knuth's MMIX constants): deterministic
/// variety without a randomness crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn policy(name: &str, statements: &[Value]) -> Value {
    json!({
        "name": name,
        "document": { "Version": "2012-10-17", "Statement": statements },
    })
}

/// One of twelve statement shapes seen in real identity policies; `idx`
/// picks the shape and `number` makes its resources distinct.
fn typical_statement(idx: usize, number: usize, rng: &mut Lcg) -> Value {
    let region = rng.pick(&["us-east-1", "us-west-2", "eu-west-1"]);
    match idx % 12 {
        0 => json!({
            "Sid": format!("HomeObjects{number}"),
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:PutObject", "s3:GetObjectTagging"],
            "Resource": format!("arn:aws:s3:::corp-data-{number}/home/${{aws:username}}/*"),
        }),
        1 => json!({
            "Sid": format!("ListHome{number}"),
            "Effect": "Allow",
            "Action": "s3:ListBucket",
            "Resource": format!("arn:aws:s3:::corp-data-{number}"),
            "Condition": {
                "StringLike": { "s3:prefix": ["home/${aws:username}/*", "shared/*"] },
            },
        }),
        2 => json!({
            "Effect": "Allow",
            "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"],
            "Resource": format!("arn:aws:dynamodb:{region}:{ACCOUNT}:table/app-{number}*"),
            "Condition": {
                "StringEquals": { "aws:PrincipalTag/team": "red" },
                "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["${aws:username}*"] },
            },
        }),
        3 => json!({
            "Effect": "Allow",
            "Action": ["ec2:Describe*", "ec2:Get*"],
            "Resource": "*",
        }),
        4 => json!({
            "Sid": format!("OwnInstances{number}"),
            "Effect": "Allow",
            "Action": ["ec2:StartInstances", "ec2:StopInstances", "ec2:RebootInstances"],
            "Resource": format!("arn:aws:ec2:*:{ACCOUNT}:instance/*"),
            "Condition": {
                "StringEquals": { "aws:ResourceTag/team": "${aws:PrincipalTag/team}" },
            },
        }),
        5 => json!({
            "Sid": format!("DenyIamWithoutMfa{number}"),
            "Effect": "Deny",
            "Action": ["iam:*", "sts:AssumeRole"],
            "Resource": "*",
            "Condition": { "BoolIfExists": { "aws:MultiFactorAuthPresent": "false" } },
        }),
        6 => json!({
            "Effect": "Allow",
            "Action": ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"],
            "Resource": format!("arn:aws:sqs:*:{ACCOUNT}:queue-{number}-*"),
            "Condition": {
                "StringEquals": { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] },
            },
        }),
        7 => json!({
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": format!("arn:aws:logs:*:{ACCOUNT}:log-group:/app/{number}:*"),
        }),
        8 => json!({
            "Effect": "Allow",
            "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
            "Resource": format!("arn:aws:kms:{region}:{ACCOUNT}:key/*"),
            "Condition": { "StringLike": { "kms:ViaService": "s3.*.amazonaws.com" } },
        }),
        9 => json!({
            "Sid": format!("Reports{number}"),
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::corp-reports/*",
            "Condition": {
                "IpAddress": { "aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"] },
                "DateLessThan": { "aws:CurrentTime": "2030-01-01T00:00:00Z" },
            },
        }),
        10 => json!({
            "Sid": format!("DenyDeletes{number}"),
            "Effect": "Deny",
            "Action": ["s3:DeleteObject*", "s3:DeleteBucket"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:PrincipalTag/role": "admin" } },
        }),
        _ => json!({
            "Effect": "Allow",
            "Action": "lambda:InvokeFunction",
            "Resource": format!("arn:aws:lambda:{region}:{ACCOUNT}:function:fn-{number}-*"),
            "Condition": {
                "NumericLessThan": { "aws:MultiFactorAuthAge": "3600" },
                "ArnLike": { "aws:PrincipalArn": format!("arn:aws:iam::{ACCOUNT}:user/*") },
            },
        }),
    }
}

/// The typical scenario as case-file text: one user, 10 policies of 6
/// statements, a boundary, three SCP levels, a bucket policy, 50 cases.
fn typical_text() -> String {
    let mut rng = Lcg(0x1a2b_3c4d);
    let policies: Vec<Value> = (0..10)
        .map(|number| {
            let statements: Vec<Value> = (0..6)
                .map(|idx| typical_statement(number * 6 + idx, number, &mut rng))
                .collect();
            policy(&format!("Team{number}"), &statements)
        })
        .collect();
    let boundary = policy(
        "Boundary",
        &[
            json!({
                "Effect": "Allow",
                "Action": ["s3:*", "dynamodb:*", "ec2:*", "sqs:*", "logs:*", "kms:*", "lambda:*"],
                "Resource": "*",
            }),
            json!({ "Effect": "Deny", "Action": "s3:PutBucketPolicy", "Resource": "*" }),
        ],
    );
    let full_access = json!({ "Effect": "Allow", "Action": "*", "Resource": "*" });
    let scps = json!([
        [policy("FullAWSAccess", std::slice::from_ref(&full_access))],
        [policy(
            "RegionGuard",
            &[
                full_access.clone(),
                json!({
                    "Sid": "DenyOtherRegions",
                    "Effect": "Deny",
                    "NotAction": ["iam:*", "sts:*", "cloudfront:*"],
                    "Resource": "*",
                    "Condition": {
                        "StringNotEquals": {
                            "aws:RequestedRegion": ["us-east-1", "us-west-2", "eu-west-1"],
                        },
                    },
                }),
            ],
        )],
        [policy(
            "Protections",
            &[
                full_access,
                json!({
                    "Effect": "Deny",
                    "Action": ["kms:ScheduleKeyDeletion", "s3:PutBucketPublicAccessBlock"],
                    "Resource": "*",
                }),
            ],
        )],
    ]);
    let bucket_policy = policy(
        "BucketPolicy",
        &[
            json!({
                "Sid": "TlsOnly",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": ["arn:aws:s3:::corp-data-3", "arn:aws:s3:::corp-data-3/*"],
                "Condition": { "Bool": { "aws:SecureTransport": "false" } },
            }),
            json!({
                "Sid": "PartnerRead",
                "Effect": "Allow",
                "Principal": { "AWS": "arn:aws:iam::222222222222:root" },
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::corp-data-3/shared/*",
            }),
        ],
    );
    let defaults = json!({
        "principal": {
            "arn": format!("arn:aws:iam::{ACCOUNT}:user/eng/alice"),
            "tags": { "team": "red", "project": "atlas" },
            "policies": policies,
            "permissionsBoundary": boundary,
        },
        "organization": { "scps": scps },
        "resource": {
            "arn": "arn:aws:s3:::corp-data-3/home/alice/report.csv",
            "policy": bucket_policy,
        },
    });
    let cases: Vec<Value> = (0..50).map(|idx| typical_case(idx, &mut rng)).collect();
    json!({ "defaults": defaults, "cases": cases }).to_string()
}

/// One request of the typical mix; `idx` picks the kind of request.
fn typical_case(idx: usize, rng: &mut Lcg) -> Value {
    let number = rng.below(12);
    let region = rng.pick(&["us-east-1", "us-west-2", "eu-west-1", "ap-south-1"]);
    let user = rng.pick(&["alice", "alice", "bob"]);
    let mut context = json!({
        "aws:RequestedRegion": region,
        "aws:SecureTransport": rng.below(8) != 0,
        "aws:SourceIp": rng.pick(&["203.0.113.9", "198.51.100.77", "192.0.2.1"]),
        "aws:CurrentTime": rng.pick(&["2026-06-01T12:00:00Z", "2031-02-03T04:05:06Z"]),
    });
    let extra = &mut context;
    let (action, arn) = match idx % 10 {
        0 => (
            rng.pick(&["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]),
            format!("arn:aws:s3:::corp-data-{number}/home/{user}/file-{idx}.csv"),
        ),
        1 => {
            extra["s3:prefix"] = json!(rng.pick(&["home/alice/", "shared/q3/", "private/"]));
            ("s3:ListBucket", format!("arn:aws:s3:::corp-data-{number}"))
        }
        2 => {
            extra["dynamodb:LeadingKeys"] = json!([rng.pick(&["alice#1", "bob#2"]), "alice#9"]);
            (
                rng.pick(&["dynamodb:GetItem", "dynamodb:Query", "dynamodb:DeleteItem"]),
                format!("arn:aws:dynamodb:{region}:{ACCOUNT}:table/app-{number}-orders"),
            )
        }
        3 => (
            rng.pick(&[
                "ec2:DescribeInstances",
                "ec2:GetConsoleOutput",
                "ec2:RunInstances",
            ]),
            String::from("*"),
        ),
        4 => (
            rng.pick(&["ec2:StartInstances", "ec2:StopInstances"]),
            format!("arn:aws:ec2:{region}:{ACCOUNT}:instance/i-0{idx:07}"),
        ),
        5 => {
            if rng.below(2) == 0 {
                extra["aws:MultiFactorAuthPresent"] = json!(true);
            }
            (
                rng.pick(&["iam:CreateAccessKey", "sts:AssumeRole", "iam:ListUsers"]),
                format!("arn:aws:iam::{ACCOUNT}:user/eng/{user}"),
            )
        }
        6 => (
            rng.pick(&["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:PurgeQueue"]),
            format!("arn:aws:sqs:{region}:{ACCOUNT}:queue-{number}-jobs"),
        ),
        7 => (
            "logs:PutLogEvents",
            format!("arn:aws:logs:{region}:{ACCOUNT}:log-group:/app/{number}:log-stream:web"),
        ),
        8 => {
            extra["kms:ViaService"] =
                json!(rng.pick(&["s3.us-east-1.amazonaws.com", "ec2.us-east-1.amazonaws.com"]));
            (
                "kms:Decrypt",
                format!("arn:aws:kms:{region}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
            )
        }
        _ => {
            extra["aws:MultiFactorAuthAge"] = json!(rng.below(7200));
            (
                "lambda:InvokeFunction",
                format!("arn:aws:lambda:{region}:{ACCOUNT}:function:fn-{number}-resize"),
            )
        }
    };
    let mut resource = json!({ "arn": arn });
    if !arn.starts_with("arn:aws:s3:::corp-data-3") {
        resource["policy"] = Value::Null;
    }
    if arn.contains(":instance/") {
        resource["tags"] = json!({ "team": rng.pick(&["red", "blue"]) });
    }
    json!({
        "name": format!("typical {idx}: {action}"),
        "action": action,
        "resource": resource,
        "context": context,
    })
}

/// The services of the large scenario: each policy mostly concerns one.
const SERVICES: [&str; 40] = [
    "s3",
    "ec2",
    "dynamodb",
    "sqs",
    "sns",
    "lambda",
    "kms",
    "logs",
    "cloudwatch",
    "rds",
    "ecs",
    "eks",
    "ecr",
    "glue",
    "athena",
    "kinesis",
    "firehose",
    "secretsmanager",
    "ssm",
    "elasticloadbalancing",
    "autoscaling",
    "cloudformation",
    "route53",
    "acm",
    "apigateway",
    "states",
    "events",
    "codebuild",
    "codepipeline",
    "elasticache",
    "redshift",
    "sagemaker",
    "batch",
    "backup",
    "config",
    "guardduty",
    "inspector2",
    "xray",
    "appsync",
    "cognito-idp",
];

const VERBS: [&str; 8] = [
    "Get", "Put", "List", "Describe", "Create", "Delete", "Update", "Tag",
];

/// The large scenario: 200 policies of 25 statements (5,000 in all).
fn large_text() -> String {
    let mut rng = Lcg(0x5eed_0042);
    // For each statement, an action it names, so that requests can aim at it.
    let mut samples: Vec<Vec<String>> = Vec::new();
    let policies: Vec<Value> = (0..200)
        .map(|number| {
            let service = SERVICES[number % SERVICES.len()];
            let mut policy_samples = Vec::new();
            let statements: Vec<Value> = (0..25)
                .map(|idx| {
                    let (statement, sample) = large_statement(number, idx, service, &mut rng);
                    policy_samples.push(sample);
                    statement
                })
                .collect();
            samples.push(policy_samples);
            policy(&format!("Service{number}"), &statements)
        })
        .collect();
    let defaults = json!({
        "principal": {
            "arn": format!("arn:aws:iam::{ACCOUNT}:user/ops/bob"),
            "tags": { "team": "ops" },
            "policies": policies,
        },
    });
    let cases: Vec<Value> = (0..50)
        .map(|idx| {
            let number = rng.below(samples.len());
            let service = SERVICES[number % SERVICES.len()];
            // Every tenth request aims at a Deny statement (index 5), most
            // others at a random statement, and the rest at nothing in
            // particular, so all three decisions occur.
            let target = if idx % 10 == 0 { 5 } else { rng.below(25) };
            let action = if idx % 3 == 2 {
                let verb = VERBS[rng.below(VERBS.len())];
                format!("{service}:{verb}Thing{}", rng.below(30))
            } else {
                samples[number][target].clone()
            };
            let arn = format!("arn:aws:{service}:us-east-1:{ACCOUNT}:thing/p{number}-{target}");
            json!({
                "name": format!("large {idx}: {action}"),
                "action": action,
                "resource": { "arn": arn },
                "context": {
                    "aws:RequestedRegion": rng.pick(&["us-east-1", "us-east-1", "eu-west-1"]),
                    "aws:SourceIp": rng.pick(&["10.1.2.3", "10.200.0.1", "192.0.2.1"]),
                },
            })
        })
        .collect();
    json!({ "defaults": defaults, "cases": cases }).to_string()
}

/// One statement of the large scenario, and an action it names: mostly
/// exact actions on one service, with some wildcards, some conditions and a
/// few cross-service statements.
fn large_statement(number: usize, idx: usize, service: &str, rng: &mut Lcg) -> (Value, String) {
    let verb = VERBS[rng.below(VERBS.len())];
    let thing = rng.below(30);
    let sample = format!("{service}:{verb}Thing{thing}");
    let action = match idx % 10 {
        0 => json!(format!("{service}:{verb}*")),
        1 => json!([
            sample,
            format!("{}:{verb}Thing{idx}", SERVICES[rng.below(SERVICES.len())]),
        ]),
        _ => json!(sample),
    };
    let resource = if idx.is_multiple_of(7) {
        json!("*")
    } else {
        json!(format!(
            "arn:aws:{service}:*:{ACCOUNT}:thing/p{number}-{idx}*"
        ))
    };
    let mut statement = json!({
        "Sid": format!("S{number}x{idx}"),
        "Effect": if idx % 13 == 5 { "Deny" } else { "Allow" },
        "Action": action,
        "Resource": resource,
    });
    match idx % 4 {
        1 => {
            statement["Condition"] =
                json!({ "StringEquals": { "aws:RequestedRegion": ["us-east-1", "us-west-2"] } });
        }
        2 => {
            statement["Condition"] = json!({
                "IpAddress": { "aws:SourceIp": "10.0.0.0/8" },
                "StringLike": { "aws:PrincipalTag/team": "op*" },
            });
        }
        _ => {}
    }
    (statement, sample)
}

/// Loads case-file text and returns its compiled cases, checking that every
/// case compiled and that the mix reaches all three decisions.
fn compiled_cases(name: &str, text: &str) -> Vec<CompiledCase> {
    let mut sources = SourceMap::new();
    let source = sources.add(name, text);
    let file = load_case_file(&mut sources, source)
        .unwrap_or_else(|diagnostics| panic!("{name} is unreadable: {diagnostics:?}"));
    let cases: Vec<CompiledCase> = file
        .cases
        .iter()
        .map(|case| {
            case.compiled.clone().unwrap_or_else(|| {
                panic!(
                    "{name}: case `{}` did not compile: {:?}",
                    case.name,
                    case.first_error()
                )
            })
        })
        .collect();
    let mut mix = Vec::new();
    for wanted in [
        Decision::Allowed,
        Decision::ExplicitDeny,
        Decision::ImplicitDeny,
    ] {
        let count = cases
            .iter()
            .filter(|case| case.evaluate() == wanted)
            .count();
        assert!(count > 0, "{name}: no request ends in {}", wanted.as_str());
        mix.push(format!("{count} {}", wanted.as_str()));
    }
    let statements: usize = cases.first().map_or(0, |case| {
        case.scenario
            .identity
            .policies()
            .iter()
            .map(|policy| policy.statements.len())
            .sum()
    });
    eprintln!(
        "{name}: {} requests ({}), {statements} identity statements",
        cases.len(),
        mix.join(", ")
    );
    for case in &cases {
        let request = case.request();
        assert_eq!(
            evaluate(&case.scenario, &request),
            explain(&case.scenario, &request).decision,
            "{name}: the fast and explained paths disagree on `{}`",
            case.action
        );
    }
    cases
}

fn decisions(criterion: &mut Criterion, group_name: &str, cases: &[CompiledCase]) {
    let mut group = criterion.benchmark_group(group_name);
    group.throughput(Throughput::Elements(cases.len() as u64));
    group.bench_function("fast", |bencher| {
        bencher.iter(|| {
            for case in cases {
                black_box(evaluate(&case.scenario, &case.request()));
            }
        });
    });
    group.bench_function("explained", |bencher| {
        bencher.iter(|| {
            for case in cases {
                let request = case.request();
                let explanation = explain(&case.scenario, &request);
                black_box(explanation.matched_statements());
                black_box(explanation.missing_context_keys());
                black_box(explanation);
            }
        });
    });
    group.finish();
}

fn typical(criterion: &mut Criterion) {
    let text = typical_text();
    let cases = compiled_cases("typical.json", &text);
    decisions(criterion, "typical", &cases);
}

fn large(criterion: &mut Criterion) {
    let text = large_text();
    let cases = compiled_cases("large.json", &text);
    decisions(criterion, "large", &cases);
}

/// A workload written by `tests/bench/workloads.py` (checked in): the
/// figures that stand in BENCHMARKS.md.
fn workload(criterion: &mut Criterion, file: &str, group_name: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/bench")
        .join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let cases = compiled_cases(file, &text);
    decisions(criterion, group_name, &cases);
}

fn realistic_workload(criterion: &mut Criterion) {
    workload(criterion, "realistic.json", "workload-realistic");
}

fn large_workload(criterion: &mut Criterion) {
    workload(criterion, "large.json", "workload-large");
}

fn compile(criterion: &mut Criterion) {
    let text = typical_text();
    let mut group = criterion.benchmark_group("compile");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("typical", |bencher| {
        bencher.iter_batched(
            || {
                let mut sources = SourceMap::new();
                let source = sources.add("typical.json", text.as_str());
                (sources, source)
            },
            |(mut sources, source)| black_box(load_case_file(&mut sources, source)),
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

/// A policy of 300 statements over ten services (about 100 KB printed, as
/// the browser benchmark's big policy), and the same text with one more
/// character in its first statement: what the page lowers on a keystroke.
fn big_policy_texts() -> (String, String) {
    let services = [
        (
            "ec2",
            "StartInstances",
            "arn:aws:ec2:eu-west-1:111111111111:instance/i-team",
        ),
        ("s3", "GetObject", "arn:aws:s3:::team-"),
        (
            "dynamodb",
            "GetItem",
            "arn:aws:dynamodb:eu-west-1:111111111111:table/team-",
        ),
        (
            "lambda",
            "InvokeFunction",
            "arn:aws:lambda:eu-west-1:111111111111:function:team-",
        ),
        (
            "sqs",
            "SendMessage",
            "arn:aws:sqs:eu-west-1:111111111111:team-",
        ),
        ("sns", "Publish", "arn:aws:sns:eu-west-1:111111111111:team-"),
        (
            "secretsmanager",
            "GetSecretValue",
            "arn:aws:secretsmanager:eu-west-1:111111111111:secret:team-",
        ),
        (
            "logs",
            "PutLogEvents",
            "arn:aws:logs:eu-west-1:111111111111:log-group:team-",
        ),
        (
            "ssm",
            "GetParameter",
            "arn:aws:ssm:eu-west-1:111111111111:parameter/team-",
        ),
        (
            "ecr",
            "BatchGetImage",
            "arn:aws:ecr:eu-west-1:111111111111:repository/team-",
        ),
    ];
    let mut statements = vec![json!({
        "Sid": "TypedInto", "Effect": "Allow", "Action": "s3:GetObjec", "Resource": "arn:aws:s3:::bench/*"
    })];
    for i in 1..300 {
        let (service, action, arn) = services[i % services.len()];
        statements.push(json!({
            "Sid": format!("Statement{i:03}"),
            "Effect": if i % 17 == 0 { "Deny" } else { "Allow" },
            "Action": format!("{service}:{action}"),
            "Resource": format!("{arn}{i}*"),
            "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1", "aws:PrincipalTag/team": format!("team-{}", i % 3)}}
        }));
    }
    let text =
        serde_json::to_string_pretty(&json!({"Version": "2012-10-17", "Statement": statements}))
            .expect("the policy prints");
    let edited = text.replacen("s3:GetObjec", "s3:GetObject", 1);
    (text, edited)
}

/// Lowering a big policy again after a one-character edit, from scratch
/// and with the statements kept from the text before the edit.
fn edit(criterion: &mut Criterion) {
    use iamlab_core::policy::{
        DocumentKind, LowerOptions, StatementCache, parse_policy, parse_policy_cached,
    };
    let (before, after) = big_policy_texts();
    let options = LowerOptions {
        kind: DocumentKind::Identity,
        name: "big".to_owned(),
    };
    let lower_into = |text: &str, cache: &mut StatementCache| {
        let mut sources = SourceMap::new();
        let source = sources.add("big.json", text);
        parse_policy_cached(&mut sources, source, &options, cache)
    };
    let mut group = criterion.benchmark_group("edit-big-policy");
    group.throughput(Throughput::Bytes(after.len() as u64));
    group.bench_function("afresh", |bencher| {
        bencher.iter_batched(
            || (),
            |()| {
                let mut sources = SourceMap::new();
                let source = sources.add("big.json", after.as_str());
                parse_policy(&mut sources, source, &options)
            },
            BatchSize::SmallInput,
        );
    });
    group.bench_function("kept-statements", |bencher| {
        bencher.iter_batched(
            || {
                let mut cache = StatementCache::default();
                lower_into(&before, &mut cache);
                cache
            },
            |mut cache| {
                let lowered = lower_into(&after, &mut cache);
                assert_eq!(cache.reused(), 299);
                // Both dropped outside the timing, as the page keeps them.
                (lowered, cache)
            },
            BatchSize::SmallInput,
        );
    });
    // The page indexes the edited policy again on each keystroke.
    let mut sources = SourceMap::new();
    let source = sources.add("big.json", after.as_str());
    let lowered = parse_policy(&mut sources, source, &options)
        .0
        .expect("the big policy lowers");
    group.bench_function("index", |bencher| {
        bencher.iter_batched(
            || one_policy(&lowered),
            iamlab_core::eval::PolicyGroup::new,
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

/// One copy of `policy` to index, made outside the timing.
fn one_policy(policy: &iamlab_core::policy::Policy) -> Vec<iamlab_core::policy::Policy> {
    vec![policy.clone()]
}

criterion_group!(
    benches,
    realistic_workload,
    large_workload,
    typical,
    large,
    compile,
    edit
);
criterion_main!(benches);

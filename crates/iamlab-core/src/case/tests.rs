//! Unit tests for the case loader: defaults as JSON Merge Patch, sharing of
//! compiled parts, and per-case errors.

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

use super::{CaseFile, Expect, load_case_file};
use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;
use crate::trace::Decision;

fn load(text: &str) -> Result<CaseFile, Vec<Diagnostic>> {
    let mut sources = SourceMap::new();
    let source = sources.add("cases.json", text);
    load_case_file(&mut sources, source)
}

const DEFAULTS: &str = r#"{
  "defaults": {
    "principal": { "arn": "arn:aws:iam::111111111111:user/alice",
      "policies": [ { "name": "Read", "document": { "Version": "2012-10-17",
        "Statement": { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" } } } ] },
    "resource": { "arn": "arn:aws:s3:::b/x", "policy": { "name": "Bucket", "document": { "Version": "2012-10-17",
      "Statement": { "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/secret" } } } }
  },
  "cases": [
    { "name": "reads", "action": "s3:GetObject", "expect": "allowed" },
    { "name": "no delete", "action": "s3:DeleteObject", "expect": "implicitDeny" },
    { "name": "secret", "action": "s3:GetObject", "resource": { "arn": "arn:aws:s3:::b/secret" }, "expect": "explicitDeny" },
    { "name": "secret without bucket policy", "action": "s3:GetObject",
      "resource": { "arn": "arn:aws:s3:::b/secret", "policy": null }, "expect": "allowed" },
    { "name": "no policies", "action": "s3:GetObject", "principal": { "policies": null }, "expect": "implicitDeny" }
  ]
}"#;

#[test]
fn defaults_merge_as_json_merge_patch() {
    let file = load(DEFAULTS).unwrap();
    let names: Vec<&str> = file.cases.iter().map(|case| case.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "reads",
            "no delete",
            "secret",
            "secret without bucket policy",
            "no policies"
        ]
    );
    for case in &file.cases {
        let compiled = case
            .compiled
            .as_ref()
            .unwrap_or_else(|| panic!("{}: {:?}", case.name, case.diagnostics));
        let Some(Expect::Decision(expected)) = case.expect else {
            panic!("{} has no expectation", case.name);
        };
        assert_eq!(compiled.evaluate(), expected, "{}", case.name);
    }
}

#[test]
fn cases_sharing_defaults_share_compiled_parts() {
    let file = load(DEFAULTS).unwrap();
    let compiled: Vec<_> = file
        .cases
        .iter()
        .map(|case| case.compiled.as_ref().unwrap())
        .collect();
    assert!(Arc::ptr_eq(&compiled[0].scenario, &compiled[1].scenario));
    assert!(Arc::ptr_eq(&compiled[0].resource, &compiled[1].resource));
    assert!(!Arc::ptr_eq(&compiled[0].resource, &compiled[2].resource));
    assert!(!Arc::ptr_eq(&compiled[0].scenario, &compiled[4].scenario));
}

#[test]
fn a_single_case_object_is_a_file() {
    let file = load(r#"{"action": "sts:GetCallerIdentity", "principal": {"arn": "arn:aws:iam::111111111111:user/a"}}"#).unwrap();
    assert_eq!(file.cases.len(), 1);
    assert_eq!(file.cases[0].name, "#1");
    assert_eq!(
        file.cases[0].compiled.as_ref().unwrap().evaluate(),
        Decision::Allowed
    );
}

#[test]
fn one_bad_case_never_stops_the_others() {
    let file = load(
        r#"{"cases": [
        {"name": "bad arn", "action": "s3:GetObject", "principal": {"arn": "alice"}},
        {"name": "no action", "principal": {"arn": "arn:aws:iam::111111111111:user/a"}},
        {"name": "bad policy", "action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111111111111:user/a",
            "policies": [{"document": {"Statement": {"Effect": "allow", "Action": "*", "Resource": "*"}}}]}, "expect": "error"},
        {"name": "case keys", "action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111111111111:user/a"},
            "context": {"aws:RequestTag/Env": "a", "aws:requesttag/env": "b"}},
        {"name": "misspelled", "action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111111111111:user/a", "polices": []}},
        {"name": "fine", "action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111111111111:user/a"}, "x-owner": 1}
    ]}"#,
    )
    .unwrap();
    let codes: Vec<Option<&str>> = file
        .cases
        .iter()
        .map(|case| case.first_error().map(|d| d.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            Some("invalid-principal-arn"),
            Some("invalid-case"),
            Some("invalid-effect"),
            Some("duplicate-context-key"),
            Some("unknown-case-field"),
            None
        ]
    );
    assert_eq!(file.cases[2].expect, Some(Expect::Error));
    let misspelled = file.cases[4].first_error().unwrap();
    assert_eq!(
        misspelled.message,
        "`polices` is not a member of a principal; did you mean `policies`?"
    );
    let fine = &file.cases[5];
    assert!(fine.compiled.is_some());
    assert!(fine.diagnostics.is_empty(), "{:?}", fine.diagnostics);
}

#[test]
fn broken_files_are_unreadable_with_a_place() {
    let errors = load("{\"cases\": [ {\"action\": \"s3:GetObject\",} ]}").unwrap_err();
    assert_eq!(errors[0].code.as_str(), "json-syntax");
    let errors = load(r#"{"cases": [], "cases": []}"#).unwrap_err();
    assert_eq!(errors[0].code.as_str(), "duplicate-key");
    let errors = load(r#"{"name": "no action or cases"}"#).unwrap_err();
    assert_eq!(errors[0].code.as_str(), "invalid-case");
    let errors = load("[1]").unwrap_err();
    assert_eq!(errors[0].code.as_str(), "invalid-case");
    let _: String = errors[0].message.clone();
}

#[test]
fn endpoint_keys_without_an_endpoint_are_warned_about() {
    let file = load(
        r#"{"action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111111111111:user/a"},
            "context": {"aws:SourceVpce": "vpce-1a2b3c4d"}}"#,
    )
    .unwrap();
    let case = &file.cases[0];
    assert!(case.compiled.is_some());
    assert_eq!(
        case.diagnostics[0].code.as_str(),
        "endpoint-key-without-endpoint"
    );
}

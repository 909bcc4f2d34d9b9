//! Unit tests for condition operators: each `check` lowers a one-condition
//! policy and evaluates the condition against a context.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::context::{Context, ContextValue, Entry, RequestContext, ValueKind, lowercase_key};
use crate::policy::{DocumentKind, LowerOptions, parse_policy};
use crate::source::SourceMap;

/// A context value: `"x"` is a string, `[a,b]` a list, digits a number.
fn entry(key: &str, value: &str) -> Entry {
    let scalar = |text: &str| ContextValue {
        text: String::from(text),
        kind: if text.parse::<f64>().is_ok() {
            ValueKind::Number
        } else {
            ValueKind::String
        },
    };
    let (values, multivalued) = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        Some("") => (Vec::new(), true),
        Some(list) => (list.split(',').map(scalar).collect(), true),
        None => (alloc::vec![scalar(value)], false),
    };
    Entry {
        key: String::from(key),
        key_lower: lowercase_key(key),
        values,
        multivalued,
    }
}

fn check(condition: &str, context: &[(&str, &str)], expected: bool) {
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":"*","Resource":"*","Condition":{condition}}}}}"#
    );
    let mut sources = SourceMap::new();
    let source = sources.add("test", text);
    let options = LowerOptions {
        kind: DocumentKind::Identity,
        name: String::from("test"),
    };
    let (policy, diagnostics) = parse_policy(&mut sources, source, &options);
    assert!(
        diagnostics.iter().all(|d| !d.is_error()),
        "{condition}: {diagnostics:?}"
    );
    let policy = policy.unwrap();
    let request =
        Context::from_entries(context.iter().map(|(k, v)| entry(k, v)).collect()).unwrap();
    let empty = Context::new();
    let ctx = RequestContext {
        request: &request,
        principal: &empty,
        resource: &empty,
        endpoint: None,
    };
    let statement = &policy.statements[0];
    let fast = statement
        .conditions
        .iter()
        .all(|c| super::evaluate(c, &ctx, None));
    let mut traced = true;
    for condition in &statement.conditions {
        let mut trace = crate::trace::ConditionTrace {
            operator: "",
            key: "",
            span: crate::source::Span::default(),
            policy_values: Vec::new(),
            request_values: Vec::new(),
            key_missing: false,
            multivalued: false,
            result: false,
            note: None,
        };
        traced &= super::evaluate(condition, &ctx, Some(&mut trace));
        assert_eq!(trace.result, super::evaluate(condition, &ctx, None));
    }
    assert_eq!(fast, traced, "{condition}: traced and fast differ");
    assert_eq!(fast, expected, "{condition} with {context:?}");
}

#[test]
fn strings() {
    check(
        r#"{"StringEquals":{"aws:username":"Alice"}}"#,
        &[("aws:username", "alice")],
        false,
    );
    check(
        r#"{"StringEqualsIgnoreCase":{"aws:username":"Alice"}}"#,
        &[("aws:username", "alice")],
        true,
    );
    check(r#"{"StringEquals":{"k":"red*"}}"#, &[("k", "red1")], false);
    check(r#"{"StringLike":{"k":"red*"}}"#, &[("k", "red1")], true);
    check(r#"{"StringLike":{"k":"a?c"}}"#, &[("k", "ac")], false);
    check(
        r#"{"StringLike":{"s3:prefix":["","home/"]}}"#,
        &[("s3:prefix", "")],
        true,
    );
    check(
        r#"{"StringNotEquals":{"k":["a","b"]}}"#,
        &[("k", "b")],
        false,
    );
    check(
        r#"{"StringNotEquals":{"k":["a","b"]}}"#,
        &[("k", "c")],
        true,
    );
    check(
        r#"{"StringEquals":{"AWS:UserName":"alice"}}"#,
        &[("aws:username", "alice")],
        true,
    );
    check(
        r#"{"StringEquals":{"aws:SecureTransport":"true"}}"#,
        &[("aws:SecureTransport", "true")],
        true,
    );
}

#[test]
fn missing_keys_and_if_exists() {
    check(r#"{"StringEquals":{"k":"v"}}"#, &[], false);
    check(r#"{"StringNotEquals":{"k":"v"}}"#, &[], true);
    check(r#"{"StringEqualsIfExists":{"k":"v"}}"#, &[], true);
    check(
        r#"{"StringEqualsIfExists":{"k":"v"}}"#,
        &[("k", "w")],
        false,
    );
    check(r#"{"Null":{"k":"true"}}"#, &[], true);
    check(r#"{"Null":{"k":"false"}}"#, &[], false);
    check(r#"{"Null":{"k":"false"}}"#, &[("k", "")], true);
    check(r#"{"Null":{"k":"true"}}"#, &[("k", "[]")], true);
}

#[test]
fn numbers_dates_bools() {
    check(
        r#"{"NumericLessThanEquals":{"k":"3600"}}"#,
        &[("k", "3600")],
        true,
    );
    check(r#"{"NumericEquals":{"k":"10"}}"#, &[("k", "10.0")], true);
    check(r#"{"NumericLessThan":{"k":"5"}}"#, &[("k", "abc")], false);
    check(r#"{"NumericNotEquals":{"k":"5"}}"#, &[("k", "abc")], false);
    check(
        r#"{"DateLessThan":{"t":"2026-01-01"}}"#,
        &[("t", "2025-12-31T23:59:59Z")],
        true,
    );
    check(
        r#"{"DateGreaterThan":{"t":"1735689600"}}"#,
        &[("t", "2025-01-01T00:00:01Z")],
        true,
    );
    check(
        r#"{"DateEquals":{"t":"2025-01-01T01:00:00+01:00"}}"#,
        &[("t", "2025-01-01T00:00:00Z")],
        true,
    );
    check(r#"{"Bool":{"b":false}}"#, &[("b", "false")], true);
    check(r#"{"Bool":{"b":"TRUE"}}"#, &[("b", "true")], true);
    check(r#"{"Bool":{"b":"true"}}"#, &[("b", "yes")], false);
    check(
        r#"{"BinaryEquals":{"b":"aGVsbG8="}}"#,
        &[("b", "aGVsbG8=")],
        true,
    );
    check(
        r#"{"BinaryEquals":{"b":"aGVsbG8="}}"#,
        &[("b", "aGVsbA==")],
        false,
    );
}

#[test]
fn addresses_and_arns() {
    check(
        r#"{"IpAddress":{"ip":"203.0.113.0/24"}}"#,
        &[("ip", "203.0.113.77")],
        true,
    );
    check(
        r#"{"IpAddress":{"ip":"203.0.113.0/24"}}"#,
        &[("ip", "2001:db8::1")],
        false,
    );
    check(
        r#"{"NotIpAddress":{"ip":"203.0.113.0/24"}}"#,
        &[("ip", "2001:db8::1")],
        true,
    );
    check(r#"{"NotIpAddress":{"ip":"203.0.113.0/24"}}"#, &[], true);
    check(
        r#"{"ArnLike":{"a":"arn:aws:sns:*:111111111111:topic-*"}}"#,
        &[("a", "arn:aws:sns:us-east-1:111111111111:topic-1")],
        true,
    );
    check(
        r#"{"ArnNotEquals":{"a":"arn:aws:iam::1:role/*"}}"#,
        &[("a", "arn:aws:iam::1:role/x")],
        false,
    );
    check(
        r#"{"ArnEquals":{"a":"arn:aws:iam::1:role/x"}}"#,
        &[("a", "not-an-arn")],
        false,
    );
}

#[test]
fn set_operators() {
    let all = r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}"#;
    check(all, &[("aws:TagKeys", "[env]")], true);
    check(all, &[("aws:TagKeys", "[env,owner]")], false);
    check(all, &[], true);
    check(all, &[("aws:TagKeys", "[]")], true);
    let any = r#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}}"#;
    check(any, &[], false);
    check(any, &[("aws:TagKeys", "[]")], false);
    check(any, &[("aws:TagKeys", "[x,env]")], true);
    check(
        r#"{"StringEquals":{"aws:TagKeys":"env"}}"#,
        &[("aws:TagKeys", "[env]")],
        false,
    );
    check(
        r#"{"StringNotEquals":{"aws:TagKeys":"env"}}"#,
        &[("aws:TagKeys", "[x]")],
        false,
    );
    check(
        r#"{"ForAllValues:StringNotLike":{"aws:TagKeys":"key1*"}}"#,
        &[("aws:TagKeys", "[key1a]")],
        false,
    );
    check(
        r#"{"ForAnyValue:StringNotLike":{"aws:TagKeys":"key1*"}}"#,
        &[("aws:TagKeys", "[key1a,x]")],
        true,
    );
    check(
        r#"{"ForAnyValue:StringEqualsIfExists":{"k":"v"}}"#,
        &[],
        true,
    );
    check(r#"{"ForAnyValue:Null":{"k":"true"}}"#, &[], false);
    check(r#"{"ForAllValues:Null":{"k":"false"}}"#, &[], true);
}

#[test]
fn empty_value_lists() {
    check(r#"{"StringEquals":{"k":[]}}"#, &[("k", "v")], false);
    check(r#"{"StringNotEquals":{"k":[]}}"#, &[("k", "v")], true);
    check(
        r#"{"StringNotEqualsIfExists":{"k":[]}}"#,
        &[("k", "v")],
        false,
    );
    check(r#"{"StringNotEqualsIfExists":{"k":[]}}"#, &[], true);
    check(
        r#"{"ForAnyValue:StringNotEquals":{"k":[]}}"#,
        &[("k", "[a]")],
        false,
    );
    check(
        r#"{"ForAllValues:StringNotEquals":{"k":[]}}"#,
        &[("k", "[a]")],
        false,
    );
    check(r#"{"ForAllValues:StringNotEquals":{"k":[]}}"#, &[], true);
}

#[test]
fn variables() {
    check(
        r#"{"StringLike":{"s3:prefix":"${aws:username}/*"}}"#,
        &[("s3:prefix", "alice/x"), ("aws:username", "alice")],
        true,
    );
    check(
        r#"{"StringLike":{"s3:prefix":"${aws:username}/*"}}"#,
        &[("s3:prefix", "alice/x")],
        false,
    );
    check(
        r#"{"StringNotEquals":{"k":"${aws:PrincipalTag/Team}"}}"#,
        &[("k", "x")],
        true,
    );
    check(r#"{"StringEquals":{"k":"a${*}b"}}"#, &[("k", "a*b")], true);
    check(r#"{"StringLike":{"k":"a${*}b"}}"#, &[("k", "axxb")], false);
    check(
        r#"{"StringLike":{"k":"${t}"}}"#,
        &[("k", "devops"), ("t", "dev*")],
        false,
    );
    check(
        r#"{"StringEquals":{"k":"${t, 'shared'}"}}"#,
        &[("k", "shared")],
        true,
    );
    check(
        r#"{"ArnEquals":{"a":"arn:aws:iam::${acct}:role/app"}}"#,
        &[
            ("a", "arn:aws:iam::111111111111:role/app"),
            ("acct", "111111111111"),
        ],
        true,
    );
}

#[test]
fn every_operator_is_named_and_parsed_back() {
    for op in super::BaseOperator::ALL {
        assert_eq!(super::BaseOperator::from_name(op.name()), Some((op, false)));
    }
}

#[test]
fn numbers_compare_exactly_as_decimals() {
    use super::{compare_numbers, is_number};
    use core::cmp::Ordering::{Equal, Greater, Less};
    let cases = [
        ("10", "10.0", Equal),
        ("007", "7", Equal),
        ("-0", "0", Equal),
        ("-0.000", "0.0", Equal),
        ("1.50", "1.5", Equal),
        ("-1", "0", Less),
        ("-2", "-1", Less),
        ("-1.5", "-1.25", Less),
        ("0.1", "0.10001", Less),
        ("0.05", "0.5", Less),
        ("99", "100", Less),
        ("9007199254740993", "9007199254740992", Greater),
        (
            "123456789012345678901234567890",
            "123456789012345678901234567891",
            Less,
        ),
    ];
    for (a, b, expected) in cases {
        assert_eq!(compare_numbers(a, b), Some(expected), "{a} vs {b}");
        assert_eq!(
            compare_numbers(b, a),
            Some(expected.reverse()),
            "{b} vs {a}"
        );
    }
    for bad in ["", "-", "1.", ".5", "1e5", "+1", "1,5", "0x10", " 1", "--1"] {
        assert!(!is_number(bad), "{bad}");
        assert_eq!(compare_numbers(bad, "1"), None, "{bad}");
    }
}

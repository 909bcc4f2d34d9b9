//! Unit tests for policy lowering: the model a document lowers to.

use alloc::string::String;

use super::super::{ActionMatcher, DocumentKind, Effect, ResourceMatcher, Version};
use super::{LowerOptions, lower_policy, parse_policy, statement_hash};
use crate::json::{self, Limits};
use crate::source::SourceMap;

fn lower(kind: DocumentKind, text: &str) -> (Option<super::Policy>, alloc::vec::Vec<String>) {
    let (policy, diagnostics) = lower_with_diagnostics(kind, text);
    (
        policy,
        diagnostics
            .iter()
            .map(|d| String::from(d.code.as_str()))
            .collect(),
    )
}

fn lower_with_diagnostics(
    kind: DocumentKind,
    text: &str,
) -> (
    Option<super::Policy>,
    alloc::vec::Vec<crate::diagnostic::Diagnostic>,
) {
    let mut sources = SourceMap::new();
    let source = sources.add("p.json", text);
    let options = LowerOptions {
        kind,
        name: String::from("p"),
    };
    parse_policy(&mut sources, source, &options)
}

#[test]
fn lowers_a_statement_object_like_a_one_element_array() {
    let (single, d1) = lower(
        DocumentKind::Identity,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"S3:Get*","Resource":"arn:aws:s3:::b/*"}}"#,
    );
    let (array, d2) = lower(
        DocumentKind::Identity,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"S3:Get*","Resource":"arn:aws:s3:::b/*"}]}"#,
    );
    assert!(d1.is_empty() && d2.is_empty());
    let (single, array) = (single.unwrap(), array.unwrap());
    assert_eq!(single.statements.len(), 1);
    assert_eq!(array.statements.len(), 1);
    let statement = &single.statements[0];
    assert_eq!(statement.effect, Effect::Allow);
    assert_eq!(single.version, Version::V2012);
    match &statement.action.patterns[0].matcher {
        ActionMatcher::Split {
            service_literal, ..
        } => assert_eq!(service_literal.as_deref(), Some("s3")),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn variables_become_templates_only_in_2012_policies() {
    let text = |version: &str| {
        alloc::format!(
            r#"{{{version}"Statement":{{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${{aws:username}}/*"}}}}"#
        )
    };
    let (new, _) = lower(DocumentKind::Identity, &text(r#""Version":"2012-10-17","#));
    assert!(matches!(
        new.unwrap().statements[0]
            .resource
            .as_ref()
            .unwrap()
            .patterns[0]
            .matcher,
        ResourceMatcher::Template(_)
    ));
    let (old, codes) = lower(DocumentKind::Identity, &text(r#""Version":"2008-10-17","#));
    assert!(matches!(
        old.unwrap().statements[0]
            .resource
            .as_ref()
            .unwrap()
            .patterns[0]
            .matcher,
        ResourceMatcher::Glob(_)
    ));
    assert_eq!(codes, ["variable-in-old-version"]);
    let (_, codes) = lower(DocumentKind::Identity, &text(""));
    assert_eq!(codes, ["missing-version", "variable-in-old-version"]);
}

#[test]
fn documents_may_arrive_as_json_strings() {
    let outer = r#"{"document": "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Bad\":1}}"}"#;
    let mut sources = SourceMap::new();
    let file = sources.add("case.json", outer);
    let (value, _) = json::parse(outer, file, Limits::default());
    let document = value.unwrap().get("document").unwrap().clone();
    let options = LowerOptions {
        kind: DocumentKind::Identity,
        name: String::from("p"),
    };
    let (policy, diagnostics) = lower_policy(&mut sources, &document, &options);
    assert!(policy.is_some());
    let error = diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(error.code.as_str(), "invalid-policy-element");
    // The error points into the outer file, at the `"Bad"` key inside the string.
    let location = sources.locate(error.span);
    assert_eq!(location.name, "case.json");
    let column = usize::try_from(location.column).unwrap();
    assert!(
        outer.get(column - 1..).unwrap().starts_with("\\\"Bad\\\""),
        "column {column}"
    );
}

#[test]
fn rcp_full_access_is_recognised_by_content() {
    let (policy, codes) = lower(
        DocumentKind::Rcp,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
    );
    assert!(codes.is_empty(), "{codes:?}");
    assert!(policy.unwrap().is_rcp_full_access);
    let (_, codes) = lower(
        DocumentKind::Rcp,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}"#,
    );
    assert_eq!(codes, ["rcp-rule"]);
}

#[test]
fn size_quotas_are_warnings() {
    let resources: alloc::vec::Vec<String> = (0..400)
        .map(|i| alloc::format!("\"arn:aws:s3:::bucket-{i}/*\""))
        .collect();
    let text = alloc::format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":"s3:*","Resource":[{}]}}}}"#,
        resources.join(",")
    );
    let (policy, codes) = lower(DocumentKind::Identity, &text);
    assert!(policy.is_some());
    assert_eq!(codes, ["policy-size"]);
    // It points at the opening brace, not at the whole document.
    let (_, diagnostics) =
        lower_with_diagnostics(DocumentKind::Identity, &alloc::format!("\n  {text}"));
    let spans: alloc::vec::Vec<(u32, u32)> = diagnostics
        .iter()
        .map(|d| (d.span.start, d.span.end))
        .collect();
    assert_eq!(spans, [(3, 4)]);
}

#[test]
fn sids_may_repeat_outside_iam_policies() {
    let text = r#"{"Version":"2012-10-17","Statement":[
        {"Sid":"a b","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"},
        {"Sid":"a b","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}"#;
    let (_, codes) = lower(DocumentKind::Resource, text);
    assert!(codes.is_empty(), "{codes:?}");
    let (_, codes) = lower(
        DocumentKind::RoleTrust,
        &text.replace(",\"Resource\":\"*\"", ""),
    );
    assert!(
        codes.contains(&String::from("invalid-sid"))
            && codes.contains(&String::from("duplicate-sid"))
    );
}

#[test]
fn an_edit_lowers_only_the_statement_it_changed() {
    let options = LowerOptions {
        kind: DocumentKind::Identity,
        name: String::from("p"),
    };
    let statement = |n: usize| {
        alloc::format!(
            r#"{{"Sid": "S{n}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b{n}/${{aws:username}}/*", "Bogus{n}": 1}}"#
        )
    };
    let text = |first: &str| {
        alloc::format!(
            r#"{{"Version": "2012-10-17", "Statement": [{first}, {}, {}]}}"#,
            statement(1),
            statement(2)
        )
    };
    let mut cache = super::StatementCache::default();
    let mut lower = |text: String| {
        let mut sources = SourceMap::new();
        let source = sources.add("p.json", text);
        let fresh = parse_policy(&mut sources.clone(), source, &options);
        let kept = super::parse_policy_cached(&mut sources, source, &options, &mut cache);
        assert_eq!(alloc::format!("{kept:?}"), alloc::format!("{fresh:?}"));
        (kept, cache.reused(), cache.len())
    };
    let (_, reused, kept) = lower(text(&statement(0)));
    assert_eq!((reused, kept), (0, 3));
    // The first statement grows by one character: the other two move, and
    // are taken with their diagnostics (an unknown element each).
    let (after, reused, kept) = lower(text(&statement(0).replace("GetObject", "GetObjects")));
    assert_eq!((reused, kept), (2, 3));
    let (policy, diagnostics) = after;
    assert_eq!(policy.map(|p| p.statements.len()), Some(3));
    assert_eq!(
        diagnostics
            .iter()
            .filter(|d| d.code.as_str() == "invalid-policy-element")
            .count(),
        3
    );
    // A Version change lowers every statement again: variables read
    // differently.
    let (_, reused, _) = lower(text(&statement(0)).replace("2012-10-17", "2008-10-17"));
    assert_eq!(reused, 0);
}

#[test]
fn a_condition_key_without_a_name_is_an_error() {
    let (policy, codes) = lower(
        DocumentKind::Identity,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"":"203.0.113.0/24"}}}}"#,
    );
    assert!(
        codes.iter().any(|code| code == "invalid-condition-key"),
        "{codes:?}"
    );
    // The statement is still lowered, for the editor; the error keeps the
    // policy out of decisions.
    assert!(policy.is_some());
}

#[test]
fn statement_hashes_read_every_byte_and_the_length() {
    let texts = [
        "",
        "\0",
        "a",
        "a\0",
        "abcdefgh",
        "abcdefgh\0",
        "abcdefgh1",
        "abcdefgh2",
        "{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\"}",
        "{\"Effect\": \"Allow\", \"Action\": \"s3:GetObjecT\"}",
    ];
    for (i, a) in texts.iter().enumerate() {
        assert_eq!(statement_hash(a), statement_hash(&String::from(*a)));
        for b in texts.get(i + 1..).unwrap_or_default() {
            assert_ne!(statement_hash(a), statement_hash(b), "{a:?} and {b:?}");
        }
    }
}

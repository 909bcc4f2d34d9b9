//! `iamlab lint FILE... [--type KIND] [--json]`: every finding about case
//! files or bare policies, one per line.
//!
//! A finding is a core diagnostic (what AWS would refuse or warn about) or a
//! catalog one (an action that does not exist, a resource of the wrong type,
//! an unknown condition key…). Each is reported once, however many cases
//! share the policy it is about. AWS managed policies that a case names by
//! ARN are AWS's, not the file's, and are not linted.

use std::collections::BTreeSet;
use std::sync::Arc;

use iamlab_catalog::Catalog;
use iamlab_catalog::lint::{lint_policy, lint_request_action};
use iamlab_catalog::managed::ARN_PREFIX;
use iamlab_core::case::{CaseFile, load_case_file_with};
use iamlab_core::diagnostic::{Diagnostic, Severity};
use iamlab_core::json::{self, Limits};
use iamlab_core::policy::{DocumentKind, LowerOptions, Policy, parse_policy};
use iamlab_core::source::{SourceId, SourceMap};

/// The `--type` names and the grammar each stands for.
const KINDS: [(&str, DocumentKind); 8] = [
    ("identity", DocumentKind::Identity),
    ("resource", DocumentKind::Resource),
    ("trust", DocumentKind::RoleTrust),
    ("boundary", DocumentKind::PermissionsBoundary),
    ("session", DocumentKind::Session),
    ("scp", DocumentKind::Scp),
    ("rcp", DocumentKind::Rcp),
    ("endpoint", DocumentKind::VpcEndpoint),
];

/// Runs `lint`; returns the exit code.
pub(crate) fn run(args: &[String]) -> u8 {
    let mut as_json = false;
    let mut kind = None;
    let mut files = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--json" => as_json = true,
            "--type" => {
                let Some(name) = iter.next() else {
                    eprintln!("error: `--type` needs a policy type: {}", kind_names());
                    return 2;
                };
                let Some((_, found)) = KINDS.iter().find(|(n, _)| n == name) else {
                    eprintln!(
                        "error: `{name}` is not a policy type; use one of {}",
                        kind_names()
                    );
                    return 2;
                };
                kind = Some(*found);
            }
            flag if flag.starts_with('-') => {
                eprintln!("error: unknown option `{flag}` for `iamlab lint`");
                return 2;
            }
            path => files.push(path.to_owned()),
        }
    }
    if files.is_empty() {
        eprintln!("error: `iamlab lint` needs at least one case file or policy");
        return 2;
    }
    let Some(catalog) = crate::catalog::catalog() else {
        eprintln!("error: the embedded action catalog is damaged");
        return 2;
    };
    let mut counts = [0usize; 3];
    let mut unreadable = false;
    for path in &files {
        let mut sources = SourceMap::new();
        let Some(source) = crate::read_source(&mut sources, path) else {
            unreadable = true;
            continue;
        };
        let findings = lint_file(catalog, &mut sources, source, kind);
        for finding in &findings {
            counts[match finding.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Suggestion => 2,
            }] += 1;
            if as_json {
                outln!("{}", json_line(&sources, finding));
            } else {
                outln!("{}", text_line(&sources, finding));
            }
        }
    }
    let summary = format!(
        "{} errors, {} warnings, {} suggestions",
        counts[0], counts[1], counts[2]
    );
    if as_json {
        eprintln!("{summary}");
    } else {
        outln!("{summary}");
    }
    if unreadable {
        2
    } else if counts[0] + counts[1] > 0 {
        1
    } else {
        0
    }
}

fn kind_names() -> String {
    KINDS
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every finding about one file, in the order of the text.
pub(crate) fn lint_file(
    catalog: &Catalog,
    sources: &mut SourceMap,
    source: SourceId,
    kind: Option<DocumentKind>,
) -> Vec<Diagnostic> {
    let kind = kind.or_else(|| bare_policy_kind(sources, source));
    let mut findings = match kind {
        Some(kind) => lint_bare_policy(catalog, sources, source, kind),
        None => match load_case_file_with(sources, source, crate::catalog::load_options()) {
            Ok(file) => lint_case_file(catalog, sources, &file),
            Err(diagnostics) => diagnostics,
        },
    };
    findings.sort_by_key(|d| (d.span.source, d.span.start, d.span.end));
    let mut seen = BTreeSet::new();
    findings.retain(|d| {
        seen.insert((
            d.span.source,
            d.span.start,
            d.span.end,
            d.code.as_str(),
            d.message.clone(),
        ))
    });
    findings
}

/// When the file is a bare policy (a `Statement`, no `cases` or `action`),
/// the grammar to read it with: a resource-based policy when a statement
/// names principals, else an identity-based one.
fn bare_policy_kind(sources: &SourceMap, source: SourceId) -> Option<DocumentKind> {
    let text = sources.get(source)?.text();
    let (value, _) = json::parse(text, source, Limits::default());
    let value = value?;
    if value.get("cases").is_some() || value.get("action").is_some() {
        return None;
    }
    let statements = value.get("Statement")?;
    let items: Vec<&json::Value> = match statements.as_array() {
        Some(items) => items.iter().collect(),
        None => vec![statements],
    };
    let names_principals = items
        .iter()
        .any(|s| s.get("Principal").is_some() || s.get("NotPrincipal").is_some());
    Some(if names_principals {
        DocumentKind::Resource
    } else {
        DocumentKind::Identity
    })
}

fn lint_bare_policy(
    catalog: &Catalog,
    sources: &mut SourceMap,
    source: SourceId,
    kind: DocumentKind,
) -> Vec<Diagnostic> {
    let name = sources
        .get(source)
        .map(|s| s.name().to_owned())
        .unwrap_or_default();
    let (policy, mut findings) = parse_policy(sources, source, &LowerOptions { kind, name });
    if let Some(policy) = policy {
        findings.extend(lint_policy(catalog, &policy));
    }
    findings
}

fn lint_case_file(catalog: &Catalog, sources: &SourceMap, file: &CaseFile) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    let mut linted = BTreeSet::new();
    let mut lint = |policy: &Policy, findings: &mut Vec<Diagnostic>| {
        let key = (policy.span.source, policy.span.start, policy.span.end);
        let managed = sources.locate(policy.span).name.starts_with(ARN_PREFIX);
        if !managed && linted.insert(key) {
            findings.extend(lint_policy(catalog, policy));
        }
    };
    for case in &file.cases {
        findings.extend(case.diagnostics.iter().cloned());
        let Some(compiled) = &case.compiled else {
            continue;
        };
        let scenario = Arc::clone(&compiled.scenario);
        let groups = std::iter::once(&scenario.identity)
            .chain(scenario.boundary.as_ref())
            .chain(scenario.session.as_ref())
            .chain(scenario.scps.iter())
            .chain(scenario.rcps.iter())
            .chain(compiled.resource.policy.as_ref())
            .chain(compiled.endpoint.as_deref().map(|e| &e.policy));
        for group in groups {
            for policy in group.policies() {
                lint(policy, &mut findings);
            }
        }
        findings.extend(lint_request_action(
            catalog,
            &compiled.action,
            compiled.action_span,
        ));
    }
    findings
}

fn text_line(sources: &SourceMap, finding: &Diagnostic) -> String {
    let at = sources.locate(finding.span);
    format!(
        "{}:{}:{}: {} {}: {}",
        at.name,
        at.line,
        at.column,
        finding.severity.as_str(),
        finding.code.as_str(),
        finding.message
    )
}

fn json_line(sources: &SourceMap, finding: &Diagnostic) -> String {
    let at = sources.locate(finding.span);
    let end = sources.locate_end(finding.span);
    let value = serde_json::json!({
        "file": at.name,
        "line": at.line,
        "column": at.column,
        "endLine": end.line,
        "endColumn": end.column,
        "severity": finding.severity.as_str(),
        "code": finding.code.as_str(),
        "message": finding.message,
        "help": finding.help,
    });
    value.to_string()
}

//! `iamlab lint FILE... [--type KIND] [--json]`: every finding about case
//! files or bare policies, one per line.
//!
//! A finding is a core diagnostic (what AWS would refuse or warn about) or a
//! catalog one (an action that does not exist, a resource of the wrong type,
//! an unknown condition key…). Each is reported once, however many cases
//! share the policy it is about. AWS managed policies that a case names by
//! ARN are AWS's, not the file's, and are not linted.

use iamlab_catalog::Catalog;
use iamlab_catalog::lint::{KINDS, kind_named, lint_source};
use iamlab_core::diagnostic::{Diagnostic, Severity};
use iamlab_core::policy::DocumentKind;
use iamlab_core::source::{SourceId, SourceMap};

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
                let Some(found) = kind_named(name) else {
                    eprintln!(
                        "error: `{name}` is not a policy type; use one of {}",
                        kind_names()
                    );
                    return 2;
                };
                kind = Some(found);
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
    lint_source(
        catalog,
        sources,
        source,
        kind,
        crate::catalog::load_options(),
    )
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

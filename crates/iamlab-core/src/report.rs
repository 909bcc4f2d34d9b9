//! The result of a case as plain data: what `iamlab check --json` prints,
//! what the JavaScript API returns, and what the page's tests show.
//!
//! Every front end builds its results with [`case_report`], so they cannot
//! disagree on a field; places are resolved to lines and columns here, once.
//! Field names are camelCase as in the case format (`docs/case-format.md`).

use alloc::string::String;
use alloc::vec::Vec;

use crate::case::Case;
use crate::diagnostic::Diagnostic;
use crate::eval::explain;
use crate::source::SourceMap;
use crate::trace::{Decision, Explanation, StatementRef};

/// One case's result.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct CaseReport<'a> {
    /// The case's name.
    pub name: &'a str,
    /// The decision, or `None` when the case could not be evaluated.
    pub decision: Option<Decision>,
    /// The expectation, if the case gives one (`allowed`, ..., `error`).
    pub expected: Option<&'static str>,
    /// Whether the case passes.
    pub pass: bool,
    /// The statements that decided (spec §7.8).
    pub matched_statements: Vec<MatchedStatement<'a>>,
    /// Keys that relevant statements needed and the request lacked.
    pub missing_context_keys: Vec<&'a str>,
    /// The first error, when there is no decision.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub error: Option<DiagnosticReport>,
    /// Every error, when there is no decision.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub errors: Vec<DiagnosticReport>,
    /// Warnings, which never stop evaluation.
    pub warnings: Vec<DiagnosticReport>,
    /// The whole trace, when asked for and the case was evaluated.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub explanation: Option<Explanation<'a>>,
}

/// A deciding statement, located.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct MatchedStatement<'a> {
    /// The policy's name.
    pub policy: &'a str,
    /// `identity`, `resource`, `permissionsBoundary`, `session`, `scp`, `rcp`.
    pub policy_type: &'static str,
    /// The IAM group the policy belongs to, if any.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub group: Option<&'a str>,
    /// The statement's 0-based index in its policy.
    pub statement: usize,
    /// Its `Sid`.
    pub sid: Option<&'a str>,
    /// `Allow` or `Deny`.
    pub effect: &'static str,
    /// 1-based line of the statement in the file.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// A diagnostic, located.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct DiagnosticReport {
    /// The stable code.
    pub code: &'static str,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// The message.
    pub message: String,
    /// The file (or editor) it is in.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// 1-based line of the end.
    pub end_line: u32,
    /// 1-based column of the end.
    pub end_column: u32,
    /// What to do about it.
    pub help: Option<String>,
    /// Other places it points at.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub labels: Vec<LabelReport>,
}

/// A secondary place of a diagnostic, located.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct LabelReport {
    /// What is there.
    pub message: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// Locates a diagnostic.
pub fn diagnostic_report(sources: &SourceMap, diagnostic: &Diagnostic) -> DiagnosticReport {
    let start = sources.locate(diagnostic.span);
    let end = sources.locate_end(diagnostic.span);
    DiagnosticReport {
        code: diagnostic.code.as_str(),
        severity: diagnostic.severity.as_str(),
        message: diagnostic.message.clone(),
        file: start.name,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        help: diagnostic.help.clone(),
        labels: diagnostic
            .labels
            .iter()
            .map(|label| {
                let place = sources.locate(label.span);
                LabelReport {
                    message: label.message.clone(),
                    line: place.line,
                    column: place.column,
                }
            })
            .collect(),
    }
}

/// Locates a deciding statement.
pub fn matched_statement<'a>(
    sources: &SourceMap,
    statement: &StatementRef<'a>,
) -> MatchedStatement<'a> {
    let location = sources.locate(statement.span);
    MatchedStatement {
        policy: statement.policy,
        policy_type: statement.policy_type.as_str(),
        group: statement.group,
        statement: statement.statement,
        sid: statement.sid,
        effect: statement.effect.as_str(),
        line: location.line,
        column: location.column,
    }
}

/// The result of one case; with `with_explanation`, the whole trace too.
pub fn case_report<'a>(
    sources: &SourceMap,
    case: &'a Case,
    with_explanation: bool,
) -> CaseReport<'a> {
    let warnings = case
        .diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| diagnostic_report(sources, d))
        .collect();
    let mut report = CaseReport {
        name: &case.name,
        decision: None,
        expected: case.expect.map(crate::case::Expect::as_str),
        pass: case.passes(),
        matched_statements: Vec::new(),
        missing_context_keys: Vec::new(),
        error: None,
        errors: Vec::new(),
        warnings,
        explanation: None,
    };
    match &case.compiled {
        Some(compiled) => {
            let explanation = explain(&compiled.scenario, &compiled.request());
            report.decision = Some(explanation.decision);
            report.matched_statements = explanation
                .matched_statements()
                .iter()
                .map(|statement| matched_statement(sources, statement))
                .collect();
            report.missing_context_keys = explanation.missing_context_keys();
            if with_explanation {
                report.explanation = Some(explanation);
            }
        }
        None => {
            report.errors = case
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| diagnostic_report(sources, d))
                .collect();
            report.error = report.errors.first().cloned();
        }
    }
    report
}

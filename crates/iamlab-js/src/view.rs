//! The `<iamlab-scenario>` element's data: every case put into words.
//!
//! The element only lays this out; every sentence, label and verdict comes
//! from `iamlab-words` and the core's trace, as in the page and the CLI.

use iamlab_core::case::{Case, CaseFile};
use iamlab_core::diagnostic::Diagnostic;
use iamlab_core::eval::explain;
use iamlab_core::report::{DiagnosticReport, diagnostic_report};
use iamlab_core::source::SourceMap;
use iamlab_core::trace::{Explanation, LayerTrace, PartTrace, StatementTrace, Verdict};
use iamlab_words::{
    Segment, condition_note_text, decision_headline, decision_sentence, lacks, layer_name,
    layer_note_text, level_name, part_words, policy_label, policy_trace_label, reason_sentence,
    skip_text, statement_label, unlisted_policies_text, verdict_text,
};
use serde::Serialize;

/// A whole case file, in words.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ScenarioView {
    /// Every case.
    cases: Vec<CaseView>,
    /// Why the file could not be read, if it could not.
    error: Option<DiagnosticReport>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CaseView {
    name: String,
    /// `allowed`, `explicitDeny`, `implicitDeny`, or `error`.
    decision: &'static str,
    expected: Option<&'static str>,
    pass: bool,
    /// The decision in plain words (`Allowed`), and in a sentence.
    headline: &'static str,
    sentence: &'static str,
    reason: Option<String>,
    request: Option<RequestView>,
    deciding: Vec<StatementView>,
    missing_keys: Vec<String>,
    layers: Vec<LayerView>,
    errors: Vec<DiagnosticReport>,
    warnings: Vec<DiagnosticReport>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RequestView {
    action: String,
    resource: String,
    caller: String,
    caller_kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatementView {
    effect: &'static str,
    policy: String,
    statement: String,
    line: u32,
    column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LayerView {
    name: String,
    /// `allow`, `deny`, `noMatch`, `skipped`, `restricted`.
    verdict: &'static str,
    verdict_words: &'static str,
    detail: Option<String>,
    note: Option<String>,
    policies: Vec<PolicyView>,
    /// Policies of a layer of more than 32 that are not listed: none of
    /// their statements names the request's action.
    unlisted_policies: usize,
    /// The statements those policies hold.
    unlisted_statements: usize,
    /// The same in words, when there are any.
    unlisted_words: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PolicyView {
    label: String,
    statements: Vec<StatementTraceView>,
    other_statements: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatementTraceView {
    effect: &'static str,
    label: String,
    applies: bool,
    line: u32,
    parts: Vec<PartView>,
    lacks: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PartView {
    element: String,
    holds: bool,
    words: Vec<WordView>,
}

/// A piece of a sentence: text, or code (`s3:GetObject`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WordView {
    text: String,
    code: bool,
}

fn words(segments: Vec<Segment>) -> Vec<WordView> {
    segments
        .into_iter()
        .map(|segment| match segment {
            Segment::Text(text) => WordView { text, code: false },
            Segment::Code(text) => WordView { text, code: true },
        })
        .collect()
}

/// The words for every case of a file (or why the file did not read).
pub(crate) fn scenario(
    sources: &SourceMap,
    file: &Result<CaseFile, Vec<Diagnostic>>,
) -> ScenarioView {
    match file {
        Ok(file) => ScenarioView {
            cases: file
                .cases
                .iter()
                .map(|case| case_view(sources, case))
                .collect(),
            error: None,
        },
        Err(diagnostics) => ScenarioView {
            cases: Vec::new(),
            error: diagnostics
                .iter()
                .find(|d| d.is_error())
                .map(|d| diagnostic_report(sources, d)),
        },
    }
}

fn case_view(sources: &SourceMap, case: &Case) -> CaseView {
    let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        case.diagnostics.iter().partition(|d| d.is_error());
    let report = |list: Vec<&Diagnostic>| -> Vec<DiagnosticReport> {
        list.into_iter()
            .map(|d| diagnostic_report(sources, d))
            .collect()
    };
    let mut view = CaseView {
        name: case.name.clone(),
        decision: "error",
        expected: case.expect.map(iamlab_core::case::Expect::as_str),
        pass: case.passes(),
        headline: "No decision",
        sentence: "The case has errors, so AWS would refuse its policies: there is nothing to evaluate until they are fixed.",
        reason: None,
        request: None,
        deciding: Vec::new(),
        missing_keys: Vec::new(),
        layers: Vec::new(),
        errors: report(errors),
        warnings: report(warnings),
    };
    let Some(compiled) = &case.compiled else {
        return view;
    };
    let request = compiled.request();
    let explanation = explain(&compiled.scenario, &request);
    view.decision = explanation.decision.as_str();
    view.headline = decision_headline(explanation.decision);
    view.sentence = decision_sentence(explanation.decision);
    view.reason = Some(reason_sentence(&explanation, &level_name));
    view.request = Some(RequestView {
        action: compiled.action.to_string(),
        resource: compiled.resource().arn.clone(),
        caller: compiled.scenario.caller.arn.clone(),
        caller_kind: explanation.caller.kind.as_str(),
    });
    view.deciding = explanation
        .matched_statements()
        .iter()
        .map(|statement| {
            let place = sources.locate(statement.span);
            StatementView {
                effect: statement.effect.as_str(),
                policy: policy_label(statement.policy_type, statement.policy, statement.group),
                statement: statement_label(statement.statement, statement.sid),
                line: place.line,
                column: place.column,
            }
        })
        .collect();
    view.missing_keys = explanation
        .missing_context_keys()
        .into_iter()
        .map(String::from)
        .collect();
    view.layers = explanation
        .layers
        .iter()
        .map(|layer| {
            layer_view(
                sources,
                &explanation,
                layer,
                &compiled.action,
                &compiled.resource().arn,
            )
        })
        .collect();
    view
}

fn verdict_name(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Allow => "allow",
        Verdict::Deny => "deny",
        Verdict::NoMatch => "noMatch",
        Verdict::Skipped => "skipped",
        Verdict::Restricted => "restricted",
    }
}

fn layer_view(
    sources: &SourceMap,
    explanation: &Explanation<'_>,
    layer: &LayerTrace<'_>,
    action: &str,
    resource: &str,
) -> LayerView {
    let detail = layer
        .skipped
        .map(|reason| format!("skipped: {}", skip_text(reason)));
    LayerView {
        name: layer_name(layer.layer, &level_name),
        verdict: verdict_name(layer.verdict),
        verdict_words: verdict_text(layer.verdict, layer.skipped),
        detail,
        note: layer
            .note
            .map(|note| layer_note_text(note, explanation.resource_account)),
        policies: layer
            .policy_statements()
            .map(|(policy, statements)| PolicyView {
                label: policy_trace_label(policy),
                statements: statements
                    .iter()
                    .map(|statement| statement_view(sources, statement, action, resource))
                    .collect(),
                other_statements: policy.other_service_statements + policy.other_action_statements,
            })
            .collect(),
        unlisted_policies: layer.unlisted_policies,
        unlisted_statements: layer.unlisted_statements,
        unlisted_words: unlisted_policies_text(layer),
    }
}

fn statement_view(
    sources: &SourceMap,
    statement: &StatementTrace<'_>,
    action: &str,
    resource: &str,
) -> StatementTraceView {
    let part = |part: &PartTrace<'_>, requested: &str| PartView {
        element: String::from(part.element),
        holds: part.holds,
        words: words(part_words(part, requested)),
    };
    let mut parts = vec![
        part(&statement.action, action),
        part(&statement.resource, resource),
    ];
    if let Some(principal) = &statement.principal {
        parts.push(PartView {
            element: String::from(principal.element),
            holds: principal.holds,
            words: vec![WordView {
                text: String::from(if principal.holds {
                    "names the caller"
                } else {
                    "does not name the caller"
                }),
                code: false,
            }],
        });
    }
    for condition in &statement.conditions {
        let mut text = format!("{} {}", condition.operator, condition.key);
        if let Some(note) = condition.note {
            text.push_str(": ");
            text.push_str(condition_note_text(note));
        } else if !condition.request_values.is_empty() {
            text.push_str(&format!(
                ": the request has {}",
                condition.request_values.join(", ")
            ));
        }
        parts.push(PartView {
            element: String::from("Condition"),
            holds: condition.result,
            words: vec![WordView { text, code: false }],
        });
    }
    StatementTraceView {
        effect: statement.effect.as_str(),
        label: statement_label(statement.index, statement.sid),
        applies: statement.applies,
        line: sources.locate(statement.span).line,
        parts,
        lacks: if statement.applies {
            Vec::new()
        } else {
            lacks(statement)
        },
    }
}

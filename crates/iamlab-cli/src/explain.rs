//! `iamlab explain`: the explanation of each case as readable text.

use std::fmt::Write;

use iamlab_core::case::{Case, load_case_file_with};
use iamlab_core::eval::explain;
use iamlab_core::source::SourceMap;
use iamlab_core::trace::{
    ConditionTrace, Decision, Explanation, LayerTrace, StatementTrace, Verdict,
};

use crate::render;

/// Runs `explain`; returns the exit code.
pub(crate) fn run(args: &[String]) -> u8 {
    let mut file = None;
    let mut wanted = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--case" => match iter.next() {
                Some(name) => wanted = Some(name.clone()),
                None => {
                    eprintln!("error: `--case` needs a case name");
                    return 2;
                }
            },
            flag if flag.starts_with('-') => {
                eprintln!("error: unknown option `{flag}` for `iamlab explain`");
                return 2;
            }
            path if file.is_none() => file = Some(path.to_owned()),
            extra => {
                eprintln!("error: `iamlab explain` takes one file, and `{extra}` is a second");
                return 2;
            }
        }
    }
    let Some(path) = file else {
        eprintln!("error: `iamlab explain` needs a case file");
        return 2;
    };
    let mut sources = SourceMap::new();
    let Some(source) = crate::read_source(&mut sources, &path) else {
        return 2;
    };
    let case_file = match load_case_file_with(&mut sources, source, crate::catalog::load_options())
    {
        Ok(file) => file,
        Err(diagnostics) => {
            eprint!("{}", render::file_errors(&sources, &diagnostics));
            return 2;
        }
    };
    let mut shown = 0;
    let mut any_error = false;
    for case in &case_file.cases {
        if wanted.as_ref().is_some_and(|name| *name != case.name) {
            continue;
        }
        if shown > 0 {
            outln!("\n{}\n", "─".repeat(72));
        }
        shown += 1;
        any_error |= case.compiled.is_none();
        out!("{}", case_text(&sources, case));
    }
    if shown == 0 {
        if let Some(name) = wanted {
            eprintln!("error: `{path}` has no case named `{name}`");
        } else {
            eprintln!("error: `{path}` has no cases");
        }
        return 2;
    }
    if any_error { 1 } else { 0 }
}

/// The full text for one case.
pub(crate) fn case_text(sources: &SourceMap, case: &Case) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "case: {}", case.name);
    let Some(compiled) = &case.compiled else {
        let _ = writeln!(
            out,
            "not evaluated: the case has errors, so AWS would refuse its policies\n"
        );
        for diagnostic in &case.diagnostics {
            out.push_str(&render::diagnostic(sources, diagnostic));
            out.push('\n');
        }
        return out;
    };
    for diagnostic in &case.diagnostics {
        out.push_str(&render::diagnostic(sources, diagnostic));
    }
    // An action that does not exist still gets a decision; the finding says
    // why no policy could allow it.
    if let Some(catalog) = crate::catalog::catalog() {
        for finding in iamlab_catalog::lint::lint_request_action(
            catalog,
            &compiled.action,
            compiled.action_span,
        ) {
            out.push_str(&render::diagnostic(sources, &finding));
        }
    }
    let request = compiled.request();
    let explanation = explain(&compiled.scenario, &request);
    let _ = writeln!(
        out,
        "request: {} on {} by {} ({})",
        compiled.action,
        compiled.resource().arn,
        compiled.scenario.caller.arn,
        explanation.caller.kind.as_str()
    );
    let accounts = match (explanation.caller.account, explanation.same_account) {
        (Some(account), true) => format!("same account ({account})"),
        (Some(account), false) => format!(
            "cross-account: caller in {account}, resource in {}",
            explanation.resource_account
        ),
        (None, _) => String::from("the caller belongs to no account"),
    };
    let _ = writeln!(out, "accounts: {accounts}");
    if let Some(endpoint) = explanation.endpoint {
        let _ = writeln!(out, "through VPC endpoint: {endpoint}");
    }
    let _ = writeln!(
        out,
        "decision: {} ({})",
        plain_decision(explanation.decision),
        explanation.decision.as_str()
    );
    let _ = writeln!(out, "why: {}", reason_text(&explanation));
    out.push_str("\nlayers, in AWS's order:\n");
    for (idx, layer) in explanation.layers.iter().enumerate() {
        layer_text(
            &mut out,
            sources,
            idx + 1,
            layer,
            (
                &compiled.action,
                &compiled.resource().arn,
                explanation.resource_account,
            ),
        );
    }
    let matched = explanation.matched_statements();
    if !matched.is_empty() {
        out.push_str("\ndeciding statements:\n");
        for statement in &matched {
            let sid = statement
                .sid
                .map(|sid| format!(" \"{sid}\""))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} statement {}{sid} ({}), at {}",
                iamlab_words::policy_label(
                    statement.policy_type,
                    statement.policy,
                    statement.group
                ),
                statement.statement,
                statement.effect.as_str(),
                render::place(sources, statement.span)
            );
            for line in quote(sources, statement.span) {
                let _ = writeln!(out, "      {line}");
            }
        }
    }
    if explanation.decision == Decision::ImplicitDeny {
        let closest = explanation.closest_statements();
        if let Some((policy, statement, _)) = closest.first() {
            out.push_str("\nclosest statement:\n");
            let _ = writeln!(
                out,
                "  {} statement {} at {}: {}",
                iamlab_words::policy_trace_label(policy),
                statement.index,
                render::place(sources, statement.span),
                lacks(statement)
            );
        }
    }
    let missing = explanation.missing_context_keys();
    if !missing.is_empty() {
        let _ = writeln!(out, "\nmissing context keys: {}", missing.join(", "));
    }
    out
}

fn plain_decision(decision: Decision) -> &'static str {
    iamlab_words::decision_headline(decision)
}

/// The reason sentence, with organization levels named `level N`.
pub(crate) fn reason_text(explanation: &Explanation<'_>) -> String {
    iamlab_words::reason_sentence(explanation, &iamlab_words::level_name)
}

fn layer_text(
    out: &mut String,
    sources: &SourceMap,
    number: usize,
    layer: &LayerTrace<'_>,
    (action, resource, owner): (&str, &str, &str),
) {
    let verdict = match (layer.verdict, layer.skipped) {
        (_, Some(reason)) => format!("skipped: {}", iamlab_words::skip_text(reason)),
        (Verdict::Deny, _) => String::from("DENIES"),
        (verdict, None) => {
            let text = iamlab_words::verdict_text(verdict, None);
            let mut chars = text.chars();
            chars
                .next()
                .map(|first| first.to_lowercase().chain(chars).collect())
                .unwrap_or_default()
        }
    };
    let _ = writeln!(
        out,
        "  {number}. {}: {verdict}",
        iamlab_words::layer_name(layer.layer, &iamlab_words::level_name)
    );
    if let Some(note) = layer.note {
        let _ = writeln!(out, "       {}", iamlab_words::layer_note_text(note, owner));
    }
    for (policy, statements) in layer.policy_statements() {
        if policy.implicit {
            let _ = writeln!(
                out,
                "       {} (attached by AWS at every level)",
                policy.name
            );
            continue;
        }
        let _ = writeln!(
            out,
            "       {} at {}",
            iamlab_words::policy_trace_label(policy),
            render::place(sources, policy.span)
        );
        for statement in statements {
            statement_text(out, sources, statement, action, resource);
        }
        if policy.other_action_statements > 0 {
            let _ = writeln!(
                out,
                "         ({} more statement(s) name other actions of this service)",
                policy.other_action_statements
            );
        }
        if policy.other_service_statements > 0 {
            let _ = writeln!(
                out,
                "         ({} more statement(s) name only other services)",
                policy.other_service_statements
            );
        }
    }
    if let Some(text) = iamlab_words::unlisted_policies_text(layer) {
        let _ = writeln!(out, "       ({text})");
    }
}

fn holds_word(holds: bool) -> &'static str {
    if holds { "holds" } else { "FAILS" }
}

fn statement_text(
    out: &mut String,
    sources: &SourceMap,
    statement: &StatementTrace<'_>,
    action: &str,
    resource: &str,
) {
    let sid = statement
        .sid
        .map(|sid| format!(" \"{sid}\""))
        .unwrap_or_default();
    let status = if statement.applies {
        "applies"
    } else {
        "does not apply"
    };
    let _ = writeln!(
        out,
        "         statement {}{sid} {} at {}: {status}",
        statement.index,
        statement.effect.as_str(),
        render::place(sources, statement.span)
    );
    let _ = writeln!(
        out,
        "           {} {}: {}",
        statement.action.element,
        holds_word(statement.action.holds),
        iamlab_words::plain(&iamlab_words::part_words(&statement.action, action))
    );
    let _ = writeln!(
        out,
        "           {} {}: {}",
        statement.resource.element,
        holds_word(statement.resource.holds),
        iamlab_words::plain(&iamlab_words::part_words(&statement.resource, resource))
    );
    if let Some(principal) = &statement.principal {
        let verb = if principal.holds {
            "matches"
        } else {
            "does not match"
        };
        let entry = principal
            .entry
            .map(|e| format!(" (entry `{e}`)"))
            .unwrap_or_default();
        let note = principal
            .note
            .map(|note| format!("; {}", iamlab_words::principal_note_text(note)))
            .unwrap_or_default();
        let class = principal
            .class
            .map(|c| format!(" as {c:?}").to_lowercase())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "           {} {verb}{entry}{class}{note}",
            principal.element
        );
    }
    for condition in &statement.conditions {
        let _ = writeln!(out, "           {}", condition_text(condition));
    }
    if !statement.conditions_evaluated {
        let _ = writeln!(
            out,
            "           (conditions not evaluated: the action does not match)"
        );
    }
}

pub(crate) fn condition_text(condition: &ConditionTrace<'_>) -> String {
    let policy: Vec<String> = condition
        .policy_values
        .iter()
        .map(
            |value| match (&value.resolved, value.variables.is_empty()) {
                (_, true) => format!("`{}`", value.written),
                (Some(resolved), false) => format!("`{}` = `{resolved}`", value.written),
                (None, false) => format!("`{}` (a variable has no value)", value.written),
            },
        )
        .collect();
    let request = if condition.key_missing {
        String::from("missing")
    } else if condition.multivalued {
        format!(
            "[{}]",
            condition
                .request_values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else {
        condition
            .request_values
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let note = condition
        .note
        .map(|note| format!(" ({})", iamlab_words::condition_note_text(note)))
        .unwrap_or_default();
    let verdict = if condition.result { "holds" } else { "FAILS" };
    format!(
        "condition {} {}: policy [{}], request {request}: {verdict}{note}",
        condition.operator,
        condition.key,
        policy.join(", ")
    )
}

fn lacks(statement: &StatementTrace<'_>) -> String {
    iamlab_words::lacks(statement).join("; ")
}

/// The first lines of the text a span covers.
fn quote(sources: &SourceMap, span: iamlab_core::source::Span) -> Vec<String> {
    let text = sources.slice(span);
    let lines: Vec<&str> = text.lines().collect();
    let indent = lines
        .iter()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<String> = lines
        .iter()
        .take(8)
        .enumerate()
        .map(|(idx, line)| {
            if idx == 0 {
                (*line).to_owned()
            } else {
                line.get(indent.saturating_sub(2)..)
                    .unwrap_or(line)
                    .to_owned()
            }
        })
        .collect();
    if lines.len() > 8 {
        out.push(String::from("..."));
    }
    out
}

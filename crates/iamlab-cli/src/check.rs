//! `iamlab check`: run case files and report pass or fail per case.

use iamlab_core::case::{Case, Expect, load_case_file};
use iamlab_core::eval::explain;
use iamlab_core::source::SourceMap;
use iamlab_core::trace::Decision;
use serde_json::json;

use crate::render;

/// Runs `check`; returns the exit code.
pub(crate) fn run(args: &[String]) -> u8 {
    let mut as_json = false;
    let mut files = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--json" => as_json = true,
            flag if flag.starts_with('-') => {
                eprintln!("error: unknown option `{flag}` for `iamlab check`");
                return 2;
            }
            path => files.push(path.to_owned()),
        }
    }
    if files.is_empty() {
        eprintln!("error: `iamlab check` needs at least one case file");
        return 2;
    }
    let mut passed = 0usize;
    let mut failed = 0usize;
    let mut unreadable = false;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for path in &files {
        let mut sources = SourceMap::new();
        let Some(source) = crate::read_source(&mut sources, path) else {
            unreadable = true;
            continue;
        };
        let file = match load_case_file(&mut sources, source) {
            Ok(file) => file,
            Err(diagnostics) => {
                unreadable = true;
                for diagnostic in diagnostics.iter().filter(|d| d.is_error()) {
                    eprint!("{}", render::diagnostic(&sources, diagnostic));
                }
                continue;
            }
        };
        for case in &file.cases {
            let outcome = outcome(case);
            if outcome.pass {
                passed += 1;
            } else {
                failed += 1;
            }
            let line = if as_json {
                json_line(&sources, case, &outcome)
            } else {
                text_line(&sources, case, &outcome)
            };
            use std::io::Write;
            if let Err(error) = writeln!(out, "{line}")
                && error.kind() == std::io::ErrorKind::BrokenPipe
            {
                std::process::exit(0);
            }
        }
    }
    use std::io::Write;
    let _ = out.flush();
    drop(out);
    let summary = format!("{passed} passed, {failed} failed");
    if as_json {
        eprintln!("{summary}");
    } else {
        outln!("{summary}");
    }
    if unreadable {
        2
    } else if failed > 0 {
        1
    } else {
        0
    }
}

/// The result of one case.
pub(crate) struct Outcome {
    pub(crate) decision: Option<Decision>,
    pub(crate) pass: bool,
}

pub(crate) fn outcome(case: &Case) -> Outcome {
    match &case.compiled {
        Some(compiled) => {
            let decision = compiled.evaluate();
            let pass = match case.expect {
                Some(Expect::Decision(expected)) => expected == decision,
                Some(Expect::Error) => false,
                None => true,
            };
            Outcome {
                decision: Some(decision),
                pass,
            }
        }
        None => Outcome {
            decision: None,
            pass: case.expect == Some(Expect::Error),
        },
    }
}

fn text_line(sources: &SourceMap, case: &Case, outcome: &Outcome) -> String {
    let name = &case.name;
    match (outcome.decision, case.first_error()) {
        (None, Some(error)) => {
            let place = render::place(sources, error.span);
            format!("ERROR {name}: {place}: {}", error.message)
        }
        (None, None) => format!("ERROR {name}: the case could not be evaluated"),
        (Some(decision), _) => match (case.expect, outcome.pass) {
            (None, _) => format!(
                "PASS {name} ({}; the case sets no `expect`)",
                decision.as_str()
            ),
            (Some(_), true) => format!("PASS {name}"),
            (Some(expected), false) => format!(
                "FAIL {name}: expected {}, got {}",
                expected.as_str(),
                decision.as_str()
            ),
        },
    }
}

fn json_line(sources: &SourceMap, case: &Case, outcome: &Outcome) -> String {
    let expected = case.expect.map(Expect::as_str);
    let value = match &case.compiled {
        Some(compiled) => {
            let request = compiled.request();
            let explanation = explain(&compiled.scenario, &request);
            let matched: Vec<serde_json::Value> = explanation
                .matched_statements()
                .iter()
                .map(|statement| {
                    let location = sources.locate(statement.span);
                    json!({
                        "policy": statement.policy,
                        "policyType": statement.policy_type.as_str(),
                        "statement": statement.statement,
                        "sid": statement.sid,
                        "effect": statement.effect.as_str(),
                        "line": location.line,
                        "column": location.column,
                    })
                })
                .collect();
            json!({
                "name": case.name,
                "decision": outcome.decision.map(Decision::as_str),
                "expected": expected,
                "pass": outcome.pass,
                "matchedStatements": matched,
                "missingContextKeys": explanation.missing_context_keys(),
                "explanation": explanation,
                "warnings": warnings(sources, case),
            })
        }
        None => {
            let errors: Vec<serde_json::Value> = case
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| diagnostic_json(sources, d))
                .collect();
            json!({
                "name": case.name,
                "decision": null,
                "expected": expected,
                "pass": outcome.pass,
                "matchedStatements": [],
                "missingContextKeys": [],
                "errors": errors,
                "warnings": warnings(sources, case),
            })
        }
    };
    value.to_string()
}

fn warnings(sources: &SourceMap, case: &Case) -> Vec<serde_json::Value> {
    case.diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| diagnostic_json(sources, d))
        .collect()
}

fn diagnostic_json(
    sources: &SourceMap,
    diagnostic: &iamlab_core::diagnostic::Diagnostic,
) -> serde_json::Value {
    let location = sources.locate(diagnostic.span);
    json!({
        "code": diagnostic.code.as_str(),
        "message": diagnostic.message,
        "file": location.name,
        "line": location.line,
        "column": location.column,
        "help": diagnostic.help,
    })
}

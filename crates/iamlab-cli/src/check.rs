//! `iamlab check`: run case files and report pass or fail per case.

use iamlab_core::case::{Case, load_case_file_with, passes};
use iamlab_core::report::case_report;
use iamlab_core::source::SourceMap;
use iamlab_core::trace::Decision;

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
        let file = match load_case_file_with(&mut sources, source, crate::catalog::load_options()) {
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
                json_line(&sources, case)
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
    let decision = case.decision();
    Outcome {
        decision,
        pass: passes(case.expect, decision),
    }
}

fn text_line(sources: &SourceMap, case: &Case, outcome: &Outcome) -> String {
    let name = &case.name;
    match (outcome.decision, case.first_error()) {
        (None, Some(error)) => format!("ERROR {name}: {}", render::one_line(sources, error)),
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

fn json_line(sources: &SourceMap, case: &Case) -> String {
    serde_json::to_string(&case_report(sources, case, true))
        .unwrap_or_else(|error| format!("{{\"name\":{:?},\"error\":\"{error}\"}}", case.name))
}

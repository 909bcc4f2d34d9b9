//! `iamlab check`: run case files (or the `iamlab` blocks of Markdown files)
//! and report pass or fail per case.

use iamlab_core::case::{Case, load_case_file_with, passes};
use iamlab_core::report::case_report;
use iamlab_core::source::{SourceId, SourceMap};
use iamlab_core::trace::Decision;

use crate::markdown;
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
        // A Markdown file holds a case file in each fenced `iamlab` block.
        let loads: Vec<(SourceId, Option<usize>)> = if markdown::is_markdown(path) {
            let text = sources
                .get(source)
                .map(|s| s.text().to_owned())
                .unwrap_or_default();
            let blocks = markdown::blocks(&text);
            if blocks.is_empty() {
                eprintln!("warning: `{path}` has no fenced block tagged `iamlab`");
            }
            blocks
                .iter()
                .map(|block| {
                    let masked = markdown::masked(&text, &block.content);
                    (sources.add(path.clone(), masked), Some(block.line))
                })
                .collect()
        } else {
            vec![(source, None)]
        };
        for (source, block_line) in loads {
            let mut file =
                match load_case_file_with(&mut sources, source, crate::catalog::load_options()) {
                    Ok(file) => file,
                    Err(diagnostics) => {
                        unreadable = true;
                        eprint!("{}", render::file_errors(&sources, &diagnostics));
                        continue;
                    }
                };
            if let Some(line) = block_line {
                name_block_cases(&mut file.cases, path, line);
            }
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

/// Names the unnamed cases of a Markdown block by where the block is
/// (`guide.md:12`, or `guide.md:12 #2` when the block holds several), since
/// `#1` would repeat in every block.
fn name_block_cases(cases: &mut [Case], path: &str, line: usize) {
    let several = cases.len() > 1;
    for (index, case) in cases.iter_mut().enumerate() {
        if case.name == format!("#{}", index + 1) {
            case.name = if several {
                format!("{path}:{line} #{}", index + 1)
            } else {
                format!("{path}:{line}")
            };
        }
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

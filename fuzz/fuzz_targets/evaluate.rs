//! Fuzz target `evaluate`: arbitrary bytes as a case file, through loading,
//! evaluation and explanation.
//!
//! The input is read as lossy UTF-8 (the CLI rejects invalid UTF-8 before the
//! core sees it, so the core only ever gets text). Loading must not panic,
//! whatever the text. For every case that compiles, the fast path and the
//! explained path must give the same decision, and the views derived from
//! the trace must agree with it: `matchedStatements` holds only Deny
//! statements for an explicit deny (at least one, since only a Deny
//! statement can deny explicitly), only Allow statements for an allowed
//! request, and nothing for an implicit deny. Every span handed out is also
//! located, as the CLI does when it prints `file:line:col`.
#![no_main]

use iamlab_core::case::load_case_file;
use iamlab_core::eval::{evaluate, explain};
use iamlab_core::policy::Effect;
use iamlab_core::source::SourceMap;
use iamlab_core::trace::Decision;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut sources = SourceMap::new();
    let source = sources.add("fuzz.json", text);
    let file = match load_case_file(&mut sources, source) {
        Ok(file) => file,
        Err(diagnostics) => {
            assert!(
                diagnostics.iter().any(|d| d.is_error()),
                "a file was rejected without an error"
            );
            for diagnostic in &diagnostics {
                let _ = sources.line_text(diagnostic.span);
                let _ = sources.locate_end(diagnostic.span);
            }
            return;
        }
    };
    for case in &file.cases {
        for diagnostic in &case.diagnostics {
            let _ = sources.line_text(diagnostic.span);
            let _ = sources.locate_end(diagnostic.span);
        }
        let Some(compiled) = &case.compiled else {
            assert!(
                case.first_error().is_some(),
                "case `{}` was not compiled, yet has no error",
                case.name
            );
            continue;
        };
        let request = compiled.request();
        let fast = evaluate(&compiled.scenario, &request);
        let explanation = explain(&compiled.scenario, &request);
        assert_eq!(
            fast, explanation.decision,
            "case `{}`: the fast and explained paths disagree",
            case.name
        );
        assert_eq!(fast, compiled.evaluate());
        let matched = explanation.matched_statements();
        match fast {
            Decision::ImplicitDeny => assert!(
                matched.is_empty(),
                "case `{}`: an implicit deny names deciding statements",
                case.name
            ),
            Decision::ExplicitDeny => assert!(
                !matched.is_empty() && matched.iter().all(|s| s.effect == Effect::Deny),
                "case `{}`: an explicit deny must name its Deny statements",
                case.name
            ),
            Decision::Allowed => assert!(
                matched.iter().all(|s| s.effect == Effect::Allow),
                "case `{}`: an allowed request names a Deny statement",
                case.name
            ),
        }
        for statement in &matched {
            let _ = sources.locate(statement.span);
        }
        let missing = explanation.missing_context_keys();
        for key in &missing {
            assert!(
                !key.is_empty(),
                "case `{}`: an empty missing key",
                case.name
            );
        }
        let _ = explanation.closest_statements();
    }
});

//! `iamlab bench`: decisions per second on a file's cases.
//!
//! Policies are compiled once per distinct policy set (the case loader shares
//! them between cases), then every case is evaluated on the fast path and on
//! the explained path in turns, for about two seconds; the explained path is
//! `explain` with the statements that decided and the missing keys, as the
//! page and `iamlab explain` use it.

use std::hint::black_box;
use std::time::{Duration, Instant};

use iamlab_core::case::load_case_file_with;
use iamlab_core::eval::{evaluate, explain};
use iamlab_core::source::SourceMap;

use crate::render;

/// Runs `bench`; returns the exit code.
pub(crate) fn run(args: &[String]) -> u8 {
    let [path] = args else {
        eprintln!("error: `iamlab bench` takes exactly one case file");
        return 2;
    };
    let mut sources = SourceMap::new();
    let Some(source) = crate::read_source(&mut sources, path) else {
        return 2;
    };
    let started = Instant::now();
    let file = match load_case_file_with(&mut sources, source, crate::catalog::load_options()) {
        Ok(file) => file,
        Err(diagnostics) => {
            eprint!("{}", render::file_errors(&sources, &diagnostics));
            return 2;
        }
    };
    let load_time = started.elapsed();
    let compiled: Vec<_> = file
        .cases
        .iter()
        .filter_map(|case| case.compiled.as_ref())
        .collect();
    if compiled.is_empty() {
        eprintln!("error: `{path}` has no case that can be evaluated");
        return 2;
    }
    let mut distinct: Vec<*const iamlab_core::eval::Scenario> = compiled
        .iter()
        .map(|case| std::sync::Arc::as_ptr(&case.scenario))
        .collect();
    distinct.sort();
    distinct.dedup();
    outln!(
        "{} cases ({} skipped as invalid), {} distinct policy sets, loaded and compiled in {:.1} ms",
        compiled.len(),
        file.cases.len() - compiled.len(),
        distinct.len(),
        load_time.as_secs_f64() * 1000.0
    );
    let requests: Vec<_> = compiled
        .iter()
        .map(|case| (&case.scenario, case.request()))
        .collect();
    let fast = || {
        for (scenario, request) in &requests {
            black_box(evaluate(scenario, request));
        }
    };
    let explained = || {
        for (scenario, request) in &requests {
            let explanation = explain(scenario, request);
            black_box(explanation.matched_statements());
            black_box(explanation.missing_context_keys());
            black_box(explanation);
        }
    };
    let turns = alternate(fast, explained);
    let rate = |time: Duration| (requests.len() * turns.len()) as f64 / time.as_secs_f64();
    let fast_time: Duration = turns.iter().map(|turn| turn.0).sum();
    let explained_time: Duration = turns.iter().map(|turn| turn.1).sum();
    let mut ratios: Vec<f64> = turns
        .iter()
        .map(|(fast, explained)| {
            explained.as_secs_f64() / fast.as_secs_f64().max(f64::MIN_POSITIVE)
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    outln!(
        "an explanation costs {:.2} times a fast decision (median of {} rounds, each timing the fast path then the explained path over every case)",
        ratios.get(ratios.len() / 2).copied().unwrap_or(0.0),
        ratios.len()
    );
    outln!(
        "fast: {:.0} decisions/s, explained: {:.0} decisions/s",
        rate(fast_time),
        rate(explained_time)
    );
    0
}

/// Times `fast` and `explained` in turns, one pass of each per round, for
/// about two seconds after a warm-up; returns each round's two times.
/// Alternating keeps the two paths' figures comparable on a machine whose
/// speed changes from one second to the next.
fn alternate(mut fast: impl FnMut(), mut explained: impl FnMut()) -> Vec<(Duration, Duration)> {
    // Warm up caches and branch predictors first.
    let warm_until = Instant::now() + Duration::from_millis(200);
    while Instant::now() < warm_until {
        fast();
        explained();
    }
    let start = Instant::now();
    let mut turns = Vec::new();
    while turns.len() < 5 || start.elapsed() < Duration::from_secs(2) {
        let before = Instant::now();
        fast();
        let between = Instant::now();
        explained();
        turns.push((between - before, between.elapsed()));
    }
    turns
}

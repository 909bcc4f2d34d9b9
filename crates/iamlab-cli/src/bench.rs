//! `iamlab bench`: decisions per second on a file's cases.
//!
//! Policies are compiled once per distinct policy set (the case loader shares
//! them between cases), then every case is evaluated repeatedly for about a
//! second on the fast path and a second on the explained path.

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
    let fast = measure(|| {
        for (scenario, request) in &requests {
            black_box(evaluate(scenario, request));
        }
        requests.len()
    });
    let explained = measure(|| {
        for (scenario, request) in &requests {
            let explanation = explain(scenario, request);
            black_box(explanation.matched_statements());
            black_box(explanation);
        }
        requests.len()
    });
    outln!("fast: {fast:.0} decisions/s, explained: {explained:.0} decisions/s");
    0
}

/// Runs `round` until about a second has passed; returns rounds' items per second.
fn measure(mut round: impl FnMut() -> usize) -> f64 {
    // Warm up caches and branch predictors first.
    let warm_until = Instant::now() + Duration::from_millis(100);
    while Instant::now() < warm_until {
        round();
    }
    let start = Instant::now();
    let mut items = 0usize;
    while start.elapsed() < Duration::from_secs(1) {
        items += round();
    }
    items as f64 / start.elapsed().as_secs_f64()
}

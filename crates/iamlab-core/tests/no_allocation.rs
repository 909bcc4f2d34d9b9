//! The fast path makes no heap allocation per decision.
//!
//! `allocation-counter` replaces the global allocator in this test binary and
//! counts the allocations made on the current thread while a closure runs.
//! Every case of the three generated benchmark workloads is decided with
//! nothing allocated. What can still allocate, by design: an action name
//! longer than 128 bytes (lowercased on the heap), and a policy variable
//! whose value a request changes from the one the scenario resolved ahead
//! (a resource-based policy's variables, or a request context that sets
//! `aws:username` itself), which is resolved for that request.

use std::path::PathBuf;

use iamlab_core::case::{LoadOptions, load_case_file_with};
use iamlab_core::eval::evaluate;
use iamlab_core::source::SourceMap;

fn workload(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../tests/bench/{name}"))
}

fn check_no_allocation(name: &str) {
    let path = workload(name);
    let text = std::fs::read_to_string(&path).expect("the workload is checked in");
    let mut sources = SourceMap::new();
    let source = sources.add(path.display().to_string(), text);
    let file = load_case_file_with(&mut sources, source, LoadOptions::default())
        .unwrap_or_else(|errors| panic!("{name} loads: {errors:?}"));
    let mut decided = 0;
    for case in &file.cases {
        let compiled = case.compiled.as_ref().expect("every case compiles");
        let request = compiled.request();
        // Once to settle anything lazy, then measured.
        let first = evaluate(&compiled.scenario, &request);
        let mut again = first;
        let info = allocation_counter::measure(|| {
            again = evaluate(&compiled.scenario, &request);
        });
        assert_eq!(first, again);
        assert_eq!(
            info.count_total, 0,
            "{name}: case `{}` allocated {} times ({} bytes)",
            case.name, info.count_total, info.bytes_total
        );
        decided += 1;
    }
    assert_eq!(decided, file.cases.len());
}

#[test]
fn realistic_workload_decides_without_allocating() {
    check_no_allocation("realistic.json");
}

#[test]
fn large_workload_decides_without_allocating() {
    check_no_allocation("large.json");
}

#[test]
fn ten_thousand_cases_decide_without_allocating() {
    check_no_allocation("ten-thousand.json");
}

#[test]
fn the_counter_sees_allocations() {
    let info = allocation_counter::measure(|| {
        std::hint::black_box(vec![1u8; 64]);
    });
    assert_eq!(info.count_total, 1);
}

//! The evaluator under wasm32 in Node: the same corpus files load, compile
//! and give their expected decisions, so the web app can rely on the core.
#![cfg(target_arch = "wasm32")]

use iamlab_core::case::{Expect, load_case_file};
use iamlab_core::eval::explain;
use iamlab_core::source::SourceMap;
use wasm_bindgen_test::wasm_bindgen_test;

fn check_file(name: &str, text: &str) {
    let mut sources = SourceMap::new();
    let source = sources.add(name, text);
    let file = load_case_file(&mut sources, source).expect("readable");
    assert!(!file.cases.is_empty());
    for case in &file.cases {
        match (&case.compiled, case.expect) {
            (Some(compiled), Some(Expect::Decision(expected))) => {
                let decision = compiled.evaluate();
                assert_eq!(decision, expected, "{name}: {}", case.name);
                let explanation = explain(&compiled.scenario, &compiled.request());
                assert_eq!(explanation.decision, decision);
            }
            (None, Some(Expect::Error)) => assert!(case.first_error().is_some()),
            (compiled, expect) => panic!(
                "{name}: {}: {:?} / {expect:?}",
                case.name,
                compiled.is_some()
            ),
        }
    }
}

#[wasm_bindgen_test]
fn starter_corpus_passes_in_wasm() {
    check_file(
        "basics.json",
        include_str!("../../../tests/cases/starter/basics.json"),
    );
    check_file(
        "conditions-and-variables.json",
        include_str!("../../../tests/cases/starter/conditions-and-variables.json"),
    );
    check_file(
        "guardrails.json",
        include_str!("../../../tests/cases/starter/guardrails.json"),
    );
    check_file(
        "resource-policies.json",
        include_str!("../../../tests/cases/starter/resource-policies.json"),
    );
}

#[wasm_bindgen_test]
fn adversarial_wildcards_finish_in_wasm() {
    let text = "a".repeat(100_000);
    assert!(!iamlab_core::pattern::Glob::new("*a*a*a*a*a*b").is_match(&text));
}

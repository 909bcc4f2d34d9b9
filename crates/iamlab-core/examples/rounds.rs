use iamlab_core::case::load_case_file;
use iamlab_core::eval::{evaluate, explain};
use iamlab_core::source::SourceMap;
use std::hint::black_box;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).unwrap();
    let mode = &args[2];
    let rounds: usize = args[3].parse().unwrap();
    let mut sources = SourceMap::new();
    let id = sources.add(args[1].clone(), text);
    let file = load_case_file(&mut sources, id).unwrap();
    let reqs: Vec<_> = file
        .cases
        .iter()
        .filter_map(|c| c.compiled.as_ref())
        .map(|c| (&c.scenario, c.request()))
        .collect();
    if mode == "sizes" {
        eprintln!(
            "Resource {} CompiledCase {} Case {} Context {} PolicyGroup {}",
            size_of::<iamlab_core::eval::Resource>(),
            size_of::<iamlab_core::case::CompiledCase>(),
            size_of::<iamlab_core::case::Case>(),
            size_of::<iamlab_core::context::Context>(),
            size_of::<iamlab_core::eval::PolicyGroup>()
        );
    }
    if mode == "stats" {
        let (mut l, mut p, mut st, mut c) = (0, 0, 0, 0);
        for (s, r) in &reqs {
            let e = explain(s, r);
            for layer in &e.layers {
                l += 1;
                p += layer.policies.len();
                for pol in &layer.policies {
                    st += pol.statements.len();
                    for x in &pol.statements {
                        c += x.conditions.len();
                    }
                }
            }
        }
        eprintln!(
            "layers {l} policies {p} statements {st} conditions {c} over {}",
            reqs.len()
        );
    }
    let t = std::time::Instant::now();
    for _ in 0..rounds {
        for (s, r) in &reqs {
            if mode == "fast" {
                black_box(evaluate(s, r));
            } else if mode == "explain" {
                let e = explain(s, r);
                black_box(e.matched_statements());
                black_box(e);
            }
        }
    }
    eprintln!(
        "{mode}: {:.0}/s",
        (rounds * reqs.len()) as f64 / t.elapsed().as_secs_f64()
    );
}

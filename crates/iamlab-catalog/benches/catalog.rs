//! Criterion benchmarks of the catalog: decoding the file, looking an
//! action up, expanding `*:*`, and linting every AWS managed policy.
//!
//! The issue that asked for the catalog set two figures: lookups in O(1) or
//! O(log n), and `*:*` expanded in under 5 ms natively.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use iamlab_catalog::Catalog;
use iamlab_catalog::lint::lint_policy;
use iamlab_catalog::managed::ManagedPolicies;
use iamlab_core::policy::{DocumentKind, LowerOptions, Policy, parse_policy};
use iamlab_core::source::SourceMap;

fn inflate(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::inflate::decompress_to_vec(bytes).expect("the data file inflates")
}

fn benches(c: &mut Criterion) {
    let payload = inflate(include_bytes!("../data/catalog.bin.z"));
    let catalog = Catalog::read(&payload).expect("the catalog reads");
    let managed = ManagedPolicies::read(inflate(include_bytes!("../data/managed-policies.bin.z")))
        .expect("the managed policies read");

    c.bench_function("catalog: inflate and decode", |b| {
        b.iter(|| {
            Catalog::read(&inflate(black_box(include_bytes!("../data/catalog.bin.z"))))
                .expect("reads")
        });
    });
    c.bench_function("catalog: decode (inflated)", |b| {
        b.iter(|| Catalog::read(black_box(&payload)).expect("reads"));
    });
    c.bench_function("catalog: look up 4 actions, any case", |b| {
        b.iter(|| {
            for name in [
                "s3:GetObject",
                "EC2:runinstances",
                "iam:PassRole",
                "kms:Decrypt",
            ] {
                black_box(catalog.action(black_box(name)));
            }
        });
    });
    c.bench_function("catalog: expand *:* (22,091 actions)", |b| {
        b.iter(|| {
            let all = catalog.expand(black_box("*:*"));
            assert_eq!(all.len(), 22_091);
            all
        });
    });
    c.bench_function("catalog: expand s3:Get*", |b| {
        b.iter(|| catalog.expand(black_box("s3:Get*")));
    });

    // Lowered once; the benchmark times the lint itself.
    let mut sources = SourceMap::new();
    let policies: Vec<Policy> = managed
        .policies()
        .filter_map(|(arn, _)| {
            let source = sources.add(arn.to_owned(), managed.document(arn)?.to_owned());
            let options = LowerOptions {
                kind: DocumentKind::Identity,
                name: arn.to_owned(),
            };
            parse_policy(&mut sources, source, &options).0
        })
        .collect();
    assert_eq!(policies.len(), 1_594);
    let mut group = c.benchmark_group("lint");
    group.sample_size(10);
    group.bench_function("lint all 1,594 AWS managed policies", |b| {
        b.iter(|| {
            policies
                .iter()
                .map(|policy| lint_policy(&catalog, policy).len())
                .sum::<usize>()
        });
    });
    group.finish();
}

criterion_group!(catalog, benches);
criterion_main!(catalog);

//! The checked-in data files, read as the CLI reads them.
#![allow(dead_code, reason = "each test file uses part of this module")]

use std::sync::OnceLock;

use iamlab_catalog::Catalog;
use iamlab_catalog::managed::ManagedPolicies;

fn inflate(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::inflate::decompress_to_vec(bytes).expect("the data file inflates")
}

/// The catalog.
pub(crate) fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        Catalog::read(&inflate(include_bytes!("../../data/catalog.bin.z")))
            .expect("the catalog reads")
    })
}

/// The AWS managed policies.
pub(crate) fn managed() -> &'static ManagedPolicies {
    static MANAGED: OnceLock<ManagedPolicies> = OnceLock::new();
    MANAGED.get_or_init(|| {
        ManagedPolicies::read(inflate(include_bytes!("../../data/managed-policies.bin.z")))
            .expect("the managed policies read")
    })
}

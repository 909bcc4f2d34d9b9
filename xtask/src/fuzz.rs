//! `cargo xtask fuzz [SECONDS]`: runs the hostile-input generator at full size (the CLI under a
//! 4 GiB memory limit and a 10 second time limit, `crates/iamlab-cli/tests/hostile.rs`), then the
//! `evaluate`, `structured` and `policy` fuzz targets of `fuzz/` with cargo-fuzz, each for a while.
//!
//! cargo-fuzz needs nightly compiler flags (the sanitizer and coverage instrumentation);
//! `RUSTC_BOOTSTRAP=1` allows them on the stable toolchain, so no second toolchain is installed.

use crate::error::TaskError;
use crate::layout;
use crate::shell::Cmd;

/// How long the fuzzer runs when no time is given.
const DEFAULT_SECONDS: u64 = 60;

/// The fuzz target that feeds arbitrary input to the evaluator.
const TARGET: &str = "evaluate";

/// The structure-aware target: scenarios built from a grammar.
const STRUCTURED: &str = "structured";

/// The policy reader: a document of every kind, then four questions on both paths.
const POLICY: &str = "policy";

/// Installs cargo-fuzz when it is missing, then fuzzes for the given number of seconds.
pub(crate) fn run(args: &[String]) -> Result<(), TaskError> {
    let seconds = match args {
        [] => DEFAULT_SECONDS,
        [seconds] => seconds.parse().map_err(|_| TaskError::Usage {
            message: format!("`fuzz` takes a number of seconds, but got `{seconds}`"),
        })?,
        [_, extra, ..] => {
            return Err(TaskError::Usage {
                message: format!("`fuzz` takes at most one argument, but also got `{extra}`"),
            });
        }
    };
    // The hostile inputs at full size; CI runs the same test at a size it affords.
    Cmd::new("cargo")
        .args([
            "test",
            "--release",
            "--locked",
            "-p",
            "iamlab-cli",
            "--test",
            "hostile",
        ])
        .env("IAMLAB_HOSTILE", "full")
        .run()?;
    let fuzz_dir = layout::root().join("fuzz");
    if !fuzz_dir.join("Cargo.toml").is_file() {
        return Err(TaskError::Project {
            message: format!(
                "there is no fuzz crate: {} is missing (it should hold the `{TARGET}` target)",
                fuzz_dir.join("Cargo.toml").display()
            ),
        });
    }
    if Cmd::new("cargo")
        .args(["fuzz", "--version"])
        .probe()
        .is_none()
    {
        let install = Cmd::new("cargo").args(["install", "cargo-fuzz"]);
        if install.clone().arg("--locked").run().is_err() {
            println!("`--locked` did not work; trying again without it");
            install.run()?;
        }
    }
    for target in [TARGET, STRUCTURED, POLICY] {
        Cmd::new("cargo")
            .args(["fuzz", "run", target, "--"])
            .arg(format!("-max_total_time={seconds}"))
            .env("RUSTC_BOOTSTRAP", "1")
            .dir(fuzz_dir.clone())
            .run()?;
    }
    Ok(())
}

//! `cargo xtask test`: setup, then every check as a named, timed step, and one summary line.
//!
//! A failing step does not stop the run, so one log shows every problem at once.
//! The last line is `N passed, N failed` alone, which CI reads; the exit code is non-zero when any step failed.
//! The checks come in three groups that can be run alone: `native`, `wasm` and `e2e`.

use std::time::{Duration, Instant};

use crate::error::TaskError;
use crate::js;
use crate::layout;
use crate::setup;
use crate::shell::{Cmd, format_duration};
use crate::site;
use crate::tool::{self, Tool};

/// A group of checks that `cargo xtask test <group>` runs alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    /// Formatting, lints, native tests and the no_std proof.
    Native,
    /// The wasm tests: the core in Node.js and the web app in headless Chromium.
    Wasm,
    /// The release build, the end-to-end tests against it, and its size.
    E2e,
}

/// The outcome of one step.
#[derive(Debug)]
struct StepResult {
    name: String,
    error: Option<String>,
    elapsed: Duration,
}

/// The steps run so far.
#[derive(Debug, Default)]
struct Report {
    steps: Vec<StepResult>,
}

/// Runs setup and the checks of the named groups (all of them when none is named).
pub(crate) fn run(args: &[String]) -> Result<(), TaskError> {
    let groups = parse_groups(args)?;
    let started = Instant::now();
    let mut report = Report::default();

    report.step("setup", setup::run);
    if groups.contains(&Group::Native) {
        report.step("cargo fmt --check", || {
            cargo(&["fmt", "--all", "--check"]).run()
        });
        report.step("clippy, native", || {
            cargo(&["clippy", "--workspace", "--all-targets", "--locked"])
                .args(["--", "-D", "warnings"])
                .run()
        });
        report.step("clippy, wasm32 (web)", || {
            cargo(&["clippy", "-p", "iamlab-web", "--all-targets", "--locked"])
                .args(["--target", "wasm32-unknown-unknown", "--", "-D", "warnings"])
                .run()?;
            // The main page is built without the `exercise` feature (index.html).
            cargo(&["clippy", "-p", "iamlab-web", "--lib", "--bins", "--locked"])
                .args([
                    "--no-default-features",
                    "--target",
                    "wasm32-unknown-unknown",
                ])
                .args(["--", "-D", "warnings"])
                .run()
        });
        // The web crate's model and views are tested natively too; its browser tests are gated to wasm32.
        report.step("native tests", || {
            cargo(&["test", "--workspace", "--locked"]).run()
        });
        // The fuzz crate is a workspace of its own, which the steps above never build; a
        // change to the core's API once left a target that no longer compiled.
        report.step(
            "fuzz targets compile (cargo check, without libFuzzer)",
            || {
                cargo(&["check", "--manifest-path", "fuzz/Cargo.toml", "--bins"])
                    .args(["--locked", "--no-default-features"])
                    .run()
            },
        );
        report.step(
            "no_std: core for wasm32v1-none, no default features",
            || no_std_build(&["--no-default-features"]),
        );
        report.step("no_std: core for wasm32v1-none, default features", || {
            no_std_build(&[])
        });
        report.step(
            "no_std: catalog for wasm32v1-none, with its inflater",
            || {
                cargo(&["build", "-p", "iamlab-catalog", "--locked", "--release"])
                    .args(["--target", "wasm32v1-none", "--features", "inflate"])
                    .run()
            },
        );
    }
    if groups.contains(&Group::Wasm) {
        report.step(
            "wasm tests: core in Node.js, web in headless Chromium",
            wasm_tests,
        );
        report.step(
            "JavaScript package: cargo xtask pkg, then its tests in Node.js",
            package_tests,
        );
    }
    if groups.contains(&Group::E2e) {
        let is_built = report.step("trunk build --release (cargo xtask dist)", site::dist);
        if is_built {
            report.step("end-to-end tests in headless Chromium", e2e_tests);
            report.step("size of dist/", site::size_report);
        } else {
            report.fail(
                "end-to-end tests in headless Chromium",
                "needs dist/, which did not build",
            );
            report.fail("size of dist/", "needs dist/, which did not build");
        }
    }
    report.finish(started.elapsed())
}

/// Reads the group names; no name means every group.
fn parse_groups(args: &[String]) -> Result<Vec<Group>, TaskError> {
    if args.is_empty() {
        return Ok(vec![Group::Native, Group::Wasm, Group::E2e]);
    }
    args.iter()
        .map(|arg| match arg.as_str() {
            "native" => Ok(Group::Native),
            "wasm" => Ok(Group::Wasm),
            "e2e" => Ok(Group::E2e),
            other => Err(TaskError::Usage {
                message: format!(
                    "unknown test group `{other}`; the groups are `native`, `wasm` and `e2e`"
                ),
            }),
        })
        .collect()
}

/// A cargo command.
fn cargo(args: &[&str]) -> Cmd {
    Cmd::new("cargo").args(args.iter().copied())
}

/// Builds the core for a target that has no `std`, which proves that it is `no_std`.
fn no_std_build(extra: &[&str]) -> Result<(), TaskError> {
    cargo(&["build", "-p", "iamlab-core", "--locked", "--release"])
        .args(["--target", "wasm32v1-none"])
        .args(extra.iter().copied())
        .run()
}

/// Runs the wasm32 tests through wasm-bindgen-test-runner.
///
/// Each test binary picks its own host: the core's run in Node.js, and `web/tests/browser.rs`
/// (`run_in_browser`) in headless Chromium through chromedriver, with the options of `webdriver.json`.
/// Only test targets are built (`--tests`): doctests stay native.
fn wasm_tests() -> Result<(), TaskError> {
    tool::require(&[
        Tool::WasmBindgenTestRunner,
        Tool::Node,
        Tool::Chromium,
        Tool::Chromedriver,
    ])?;
    cargo(&["test", "--locked", "--target", "wasm32-unknown-unknown"])
        .args(["-p", "iamlab-core", "-p", "iamlab-web", "--tests"])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", tool::CHROMEDRIVER)
        .env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            layout::webdriver_json().to_string_lossy(),
        )
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        .run()
}

/// Runs the end-to-end tests of `tests/e2e` against `dist/`.
/// Builds the npm package and runs `tests/pkg/` against it in Node.js, comparing it with the CLI.
fn package_tests() -> Result<(), TaskError> {
    tool::require(&[Tool::Node])?;
    cargo(&["build", "--locked", "-p", "iamlab-cli"]).run()?;
    js::pkg()?;
    let cli = layout::root().join("target").join("debug").join("iamlab");
    Cmd::new("node")
        .args(["--test", "tests/pkg/"])
        .env("IAMLAB_PKG", js::pkg_dir().to_string_lossy())
        .env("IAMLAB_CLI", cli.to_string_lossy())
        .run()
}

fn e2e_tests() -> Result<(), TaskError> {
    tool::require(&[Tool::Node, Tool::Chromium])?;
    // The exercise tests grade what the page hands in with the CLI.
    cargo(&["build", "--locked", "-p", "iamlab-cli"]).run()?;
    let cli = layout::root().join("target").join("debug").join("iamlab");
    Cmd::new("node")
        .args(["--test", "tests/e2e/"])
        .env("CHROMIUM", tool::CHROMIUM)
        .env("IAMLAB_DIST", layout::dist_dir().to_string_lossy())
        .env("IAMLAB_CLI", cli.to_string_lossy())
        .run()
}

impl Report {
    /// Runs one step, records its outcome, and tells whether it passed.
    fn step(&mut self, name: &str, body: impl FnOnce() -> Result<(), TaskError>) -> bool {
        let number = self.steps.len() + 1;
        println!("\n==> step {number}: {name}");
        let started = Instant::now();
        let error = body().err().map(|error| error.to_string());
        let elapsed = started.elapsed();
        match &error {
            None => println!(
                "<== step {number}: {name}: passed in {}",
                format_duration(elapsed)
            ),
            Some(error) => println!(
                "<== step {number}: {name}: FAILED after {}: {error}",
                format_duration(elapsed)
            ),
        }
        let is_passed = error.is_none();
        self.steps.push(StepResult {
            name: name.to_owned(),
            error,
            elapsed,
        });
        is_passed
    }

    /// Records a step that could not run as failed.
    fn fail(&mut self, name: &str, reason: &str) {
        println!(
            "\n==> step {}: {name}: FAILED: {reason}",
            self.steps.len() + 1
        );
        self.steps.push(StepResult {
            name: name.to_owned(),
            error: Some(reason.to_owned()),
            elapsed: Duration::ZERO,
        });
    }

    /// Prints the table of steps and the summary line, and fails if any step failed.
    fn finish(self, total: Duration) -> Result<(), TaskError> {
        println!("\n{:<58} {:<7} {:>8}", "step", "result", "time");
        for step in &self.steps {
            let result = if step.error.is_none() {
                "passed"
            } else {
                "FAILED"
            };
            println!(
                "{:<58} {result:<7} {:>8}",
                step.name,
                format_duration(step.elapsed)
            );
        }
        println!("total time: {}", format_duration(total));
        let failed = self
            .steps
            .iter()
            .filter(|step| step.error.is_some())
            .count();
        let passed = self.steps.len() - failed;
        println!("{passed} passed, {failed} failed");
        if failed == 0 {
            Ok(())
        } else {
            Err(TaskError::ChecksFailed { failed })
        }
    }
}

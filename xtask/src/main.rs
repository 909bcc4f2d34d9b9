//! `cargo xtask`: the project's build tasks, written in Rust so that they need nothing but cargo.
//!
//! A fresh machine has only a Rust toolchain, Node.js and npm.
//! `setup` installs the rest from the package registries (rustup, Debian's apt, crates.io, npm),
//! and every other task either runs `setup` first or checks the tools it needs and names the fix.
//! The crate is std-only on purpose (see `Cargo.toml`), and each module is one task or one concern.

mod bench;
mod catalog;
mod check;
mod error;
mod fuzz;
mod js;
mod layout;
mod setup;
mod shell;
mod site;
mod tool;

use std::env;
use std::process::ExitCode;

use crate::error::TaskError;

const USAGE: &str = "\
usage: cargo xtask <task> [arguments]

tasks:
  setup                 install what is missing: rustup targets, Chromium (apt), trunk and
                        wasm-bindgen-cli (crates.io), binaryen, playwright-core and the
                        catalog's data packages (npm)
  doctor                show the version of every tool and whether it is the one needed
  serve                 setup, then serve the app at http://127.0.0.1:8080 with live rebuilds
  dist                  build the release site into dist/, ready for any static host
                        (with dist/embed/, the <iamlab-scenario> element and its demo page)
  pkg                   build the npm package `iamlab` into target/pkg/
  test [native|wasm|e2e]...
                        setup, then run every check (or the named groups) and print a summary
  fuzz [SECONDS]        run the `evaluate` fuzz target in fuzz/ (default 60 seconds)
  bench                 run the evaluator benchmarks, and the browser benchmark when it exists
  catalog [--check]     regenerate crates/iamlab-catalog/data/ from its pinned npm packages
                        (or check that the checked-in files are what they give)
  help                  show this text";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        // The summary line is already printed, and it must stay the last line of the log.
        Err(TaskError::ChecksFailed { .. }) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("\nerror: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Dispatches the command line to one task.
fn run(args: &[String]) -> Result<(), TaskError> {
    let Some((task, rest)) = args.split_first() else {
        println!("{USAGE}");
        return Ok(());
    };
    match task.as_str() {
        "setup" => no_arguments(task, rest).and_then(|()| setup::run()),
        "doctor" => no_arguments(task, rest).and_then(|()| tool::doctor()),
        "serve" => no_arguments(task, rest).and_then(|()| site::serve()),
        "dist" => no_arguments(task, rest).and_then(|()| site::dist()),
        "pkg" => no_arguments(task, rest).and_then(|()| js::pkg()),
        "test" => check::run(rest),
        "fuzz" => fuzz::run(rest),
        "bench" => no_arguments(task, rest).and_then(|()| bench::run()),
        "catalog" => catalog::run(rest),
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(TaskError::Usage {
            message: format!("unknown task `{other}`\n\n{USAGE}"),
        }),
    }
}

/// Rejects arguments given to a task that takes none.
fn no_arguments(task: &str, rest: &[String]) -> Result<(), TaskError> {
    match rest.first() {
        None => Ok(()),
        Some(extra) => Err(TaskError::Usage {
            message: format!("`{task}` takes no arguments, but got `{extra}`\n\n{USAGE}"),
        }),
    }
}

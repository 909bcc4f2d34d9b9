//! `cargo xtask setup`: installs the build tools that are missing or at the wrong version, and nothing else.
//!
//! Each step first asks what is there and installs only on a mismatch, so a second run installs nothing
//! and takes about a second.
//! Everything comes from a package registry through its own client: rustup, Debian's apt, crates.io and npm.
//! Trunk is never allowed to download a tool itself (`offline = true` in `Trunk.toml`).

use std::time::Instant;

use crate::error::TaskError;
use crate::layout;
use crate::shell::{Cmd, format_duration, timed};
use crate::tool::{self, Tool};

/// The Debian packages of the browser tests.
const APT_PACKAGES: [&str; 2] = ["chromium", "chromium-driver"];

/// One setup step: checks what is there and installs what is not.
type Step = fn() -> Result<(), TaskError>;

/// Runs every setup step, then the doctor.
pub(crate) fn run() -> Result<(), TaskError> {
    let started = Instant::now();
    println!("setup: installing only what is missing or at the wrong version");
    let steps: [(&str, Step); 6] = [
        ("setup: rust targets (rustup)", rust_targets),
        ("setup: chromium and chromium-driver (Debian apt)", chromium),
        ("setup: crates of Cargo.lock (crates.io)", crates),
        ("setup: wasm-bindgen-cli (crates.io)", wasm_bindgen_cli),
        ("setup: trunk (crates.io)", trunk),
        (
            "setup: npm packages (binaryen, playwright-core, the catalog's data)",
            npm_packages,
        ),
    ];
    let mut failed = Vec::new();
    for (name, step) in steps {
        if timed(name, step).is_err() {
            failed.push(name);
        }
    }
    let doctor = timed("setup: doctor", tool::doctor);
    println!("setup: finished in {}", format_duration(started.elapsed()));
    if failed.is_empty() {
        doctor
    } else {
        Err(TaskError::Project {
            message: format!(
                "setup could not finish; these steps failed (see their errors above): {}",
                failed.join(", ")
            ),
        })
    }
}

/// Adds the wasm targets that rustup does not have yet.
fn rust_targets() -> Result<(), TaskError> {
    let missing = tool::missing_rust_targets();
    if missing.is_empty() {
        println!("already installed: {}", tool::RUST_TARGETS.join(", "));
        return Ok(());
    }
    Cmd::new("rustup")
        .args(["target", "add"])
        .args(missing)
        .run()
}

/// Installs Debian's Chromium and its WebDriver when either is missing.
fn chromium() -> Result<(), TaskError> {
    let missing: Vec<&str> = APT_PACKAGES
        .into_iter()
        .filter(|package| !is_deb_installed(package))
        .collect();
    if missing.is_empty() {
        println!("already installed: {}", APT_PACKAGES.join(", "));
        return Ok(());
    }
    apt_get(&["update", "-qq"])?;
    let mut install = vec!["install", "-y", "--no-install-recommends"];
    install.extend(&missing);
    apt_get(&install)
}

/// Downloads the crates that `Cargo.lock` names (a no-op when they are all in cargo's cache).
fn crates() -> Result<(), TaskError> {
    Cmd::new("cargo").args(["fetch", "--locked"]).run()
}

/// Installs `wasm-bindgen` and `wasm-bindgen-test-runner` at exactly the version of `Cargo.lock`.
fn wasm_bindgen_cli() -> Result<(), TaskError> {
    let version = tool::wasm_bindgen_version()?;
    let statuses = [
        Tool::WasmBindgen.status()?,
        Tool::WasmBindgenTestRunner.status()?,
    ];
    if statuses.iter().all(tool::Status::is_ok) {
        println!("already installed: wasm-bindgen-cli {version}");
        return Ok(());
    }
    cargo_install("wasm-bindgen-cli", &format!("={version}"), Profile::Release)
}

/// Installs trunk 0.21, the newest series that builds with this project's Rust.
fn trunk() -> Result<(), TaskError> {
    let status = Tool::Trunk.status()?;
    if status.is_ok() {
        println!("already installed: {}", status.found.unwrap_or_default());
        return Ok(());
    }
    // A debug build of trunk compiles in half the time, and a build of this small site is as fast with it.
    cargo_install("trunk", "~0.21", Profile::Debug)
}

/// Installs the npm packages from their lock files: those of `tests/e2e` (`wasm-opt` from binaryen, and
/// playwright-core) and those the action catalog is generated from (`crates/iamlab-catalog/source`).
fn npm_packages() -> Result<(), TaskError> {
    tool::require(&[Tool::Node, Tool::Npm]).map_err(|_| TaskError::Project {
        message: "Node.js 20 or newer and npm are needed for the end-to-end tests and for wasm-opt; \
                  install them (for example from your distribution), then run `cargo xtask setup` again"
            .to_owned(),
    })?;
    for dir in layout::npm_dirs() {
        let stale = tool::stale_npm_packages(&dir)?;
        if stale.is_empty() {
            let pins: Vec<String> = layout::npm_pins(&dir)?
                .into_iter()
                .map(|(name, version)| format!("{name} {version}"))
                .collect();
            println!("already installed: {}", pins.join(", "));
            continue;
        }
        for (name, pin, found) in &stale {
            let found = found.as_deref().unwrap_or("nothing");
            println!("npm package {name}: need {pin}, found {found}");
        }
        Cmd::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .dir(dir)
            .run()?;
    }
    Ok(())
}

/// How `cargo install` compiles a tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Profile {
    /// Optimized, but without LTO and with parallel codegen, which halves the build time.
    Release,
    /// Unoptimized and without debug info: the fastest to build.
    Debug,
}

/// Installs `krate` at `version` from crates.io, with its own lock file when that resolves.
fn cargo_install(krate: &str, version: &str, profile: Profile) -> Result<(), TaskError> {
    let mut install = Cmd::new("cargo")
        .args(["install", krate, "--version", version, "--force"])
        .env("CARGO_PROFILE_RELEASE_LTO", "off")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_DEV_DEBUG", "0");
    if profile == Profile::Debug {
        install = install.arg("--debug");
    }
    match install.clone().arg("--locked").run() {
        Ok(()) => Ok(()),
        Err(error) => {
            // A tool's lock file can name a dependency version that the registry here does not have;
            // resolving afresh picks the newest one that it does have.
            println!("`--locked` did not work ({error}); trying again without it");
            install.run()
        }
    }
}

/// Whether dpkg reports `package` as installed.
fn is_deb_installed(package: &str) -> bool {
    Cmd::new("dpkg-query")
        .args(["--show", "--showformat=${Status}", package])
        .probe()
        .is_some_and(|status| status == "install ok installed")
}

/// Runs `apt-get` non-interactively, through `sudo` unless setup already runs as root.
fn apt_get(args: &[&str]) -> Result<(), TaskError> {
    let is_root = Cmd::new("id")
        .arg("-u")
        .probe()
        .is_some_and(|uid| uid == "0");
    let command = if is_root {
        Cmd::new("apt-get").env("DEBIAN_FRONTEND", "noninteractive")
    } else {
        Cmd::new("sudo").args(["DEBIAN_FRONTEND=noninteractive", "apt-get"])
    };
    command
        .args(args.iter().copied())
        .run()
        .map_err(|error| TaskError::Project {
            message: format!(
                "{error}; Chromium and chromium-driver come from Debian's apt, which needs root: \
             run `sudo apt-get install chromium chromium-driver` or run `cargo xtask setup` as root"
            ),
        })
}

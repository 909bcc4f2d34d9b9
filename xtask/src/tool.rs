//! The external tools the build needs, which version of each is the right one, and the `doctor` report.
//!
//! Every task that uses a tool asks [`require`] first, so that a missing or wrong tool is one clear
//! error naming the fix (`cargo xtask setup`) rather than a confusing failure deep inside trunk or a test runner.

use std::path::Path;

use crate::error::{TaskError, ToolProblem};
use crate::layout;
use crate::shell::Cmd;

/// The Rust targets the build compiles for: the browser, and a bare target that has no `std` at all.
pub(crate) const RUST_TARGETS: [&str; 2] = ["wasm32-unknown-unknown", "wasm32v1-none"];

/// The Chromium that the browser tests drive, from Debian's `chromium` package.
pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";

/// The matching driver, from Debian's `chromium-driver` package.
pub(crate) const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The oldest Node.js major version the end-to-end tests run on.
const NODE_MAJOR: u32 = 20;

/// A program that some task runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tool {
    /// Builds and serves the web app.
    Trunk,
    /// Generates the JavaScript bindings of the wasm module (called by trunk).
    WasmBindgen,
    /// Runs `cargo test` on wasm32, in Node.js or through chromedriver.
    WasmBindgenTestRunner,
    /// Shrinks the release wasm module (called by trunk).
    WasmOpt,
    /// The headless browser of the browser tests.
    Chromium,
    /// The WebDriver server that wasm-bindgen-test drives Chromium through.
    Chromedriver,
    /// Runs the end-to-end tests and the wasm tests of the core.
    Node,
    /// Installs the npm packages of the end-to-end tests.
    Npm,
}

/// Which version lines of a tool are acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Wanted {
    /// Exactly this line.
    Exactly(String),
    /// Any line that starts with this.
    StartingWith(String),
    /// A `vMAJOR.MINOR.PATCH` line whose major is at least this.
    MajorAtLeast(u32),
    /// Any version at all.
    Present,
}

/// What was found of one tool, next to what is wanted.
#[derive(Debug, Clone)]
pub(crate) struct Status {
    /// The tool.
    pub(crate) tool: Tool,
    /// The first line of its `--version`, if it runs.
    pub(crate) found: Option<String>,
    /// The acceptable versions.
    pub(crate) wanted: Wanted,
}

impl Tool {
    /// Every tool, in the order the doctor lists them.
    pub(crate) const ALL: [Tool; 8] = [
        Tool::Trunk,
        Tool::WasmBindgen,
        Tool::WasmBindgenTestRunner,
        Tool::WasmOpt,
        Tool::Chromium,
        Tool::Chromedriver,
        Tool::Node,
        Tool::Npm,
    ];

    /// The tool's name, as a person would type it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Tool::Trunk => "trunk",
            Tool::WasmBindgen => "wasm-bindgen",
            Tool::WasmBindgenTestRunner => "wasm-bindgen-test-runner",
            Tool::WasmOpt => "wasm-opt",
            Tool::Chromium => "chromium",
            Tool::Chromedriver => "chromedriver",
            Tool::Node => "node",
            Tool::Npm => "npm",
        }
    }

    /// Asks the tool for its version.
    pub(crate) fn status(self) -> Result<Status, TaskError> {
        let program = match self {
            Tool::WasmOpt => layout::npm_bin_dir()
                .join("wasm-opt")
                .to_string_lossy()
                .into_owned(),
            Tool::Chromium => CHROMIUM.to_owned(),
            Tool::Chromedriver => CHROMEDRIVER.to_owned(),
            other => other.name().to_owned(),
        };
        Ok(Status {
            tool: self,
            found: Cmd::new(program).arg("--version").probe(),
            wanted: self.wanted()?,
        })
    }

    /// The acceptable versions, read from the files that pin them.
    fn wanted(self) -> Result<Wanted, TaskError> {
        Ok(match self {
            Tool::Trunk => Wanted::StartingWith("trunk 0.21.".to_owned()),
            Tool::WasmBindgen => {
                Wanted::Exactly(format!("wasm-bindgen {}", wasm_bindgen_version()?))
            }
            Tool::WasmBindgenTestRunner => Wanted::Exactly(format!(
                "wasm-bindgen-test-runner {}",
                wasm_bindgen_version()?
            )),
            Tool::WasmOpt => {
                let pin = layout::trunk_setting("tools", "wasm_opt")?;
                let number = pin.strip_prefix("version_").unwrap_or(&pin);
                Wanted::Exactly(format!("wasm-opt version {number} ({pin})"))
            }
            Tool::Node => Wanted::MajorAtLeast(NODE_MAJOR),
            Tool::Chromium | Tool::Chromedriver | Tool::Npm => Wanted::Present,
        })
    }
}

impl Wanted {
    /// Whether a version line is acceptable.
    pub(crate) fn is_met_by(&self, line: &str) -> bool {
        match self {
            Wanted::Exactly(expected) => line == expected,
            Wanted::StartingWith(prefix) => line.starts_with(prefix.as_str()),
            Wanted::MajorAtLeast(minimum) => line
                .trim_start_matches('v')
                .split('.')
                .next()
                .and_then(|major| major.parse::<u32>().ok())
                .is_some_and(|major| major >= *minimum),
            Wanted::Present => true,
        }
    }

    /// The wanted versions as a person reads them.
    pub(crate) fn describe(&self) -> String {
        match self {
            Wanted::Exactly(line) => line.clone(),
            Wanted::StartingWith(prefix) => format!("{prefix}x"),
            Wanted::MajorAtLeast(major) => format!("v{major} or newer"),
            Wanted::Present => "any version".to_owned(),
        }
    }
}

impl Status {
    /// Whether the tool runs and is at an acceptable version.
    pub(crate) fn is_ok(&self) -> bool {
        self.found
            .as_deref()
            .is_some_and(|line| self.wanted.is_met_by(line))
    }

    /// The problem to report when the status is not ok.
    fn problem(&self) -> ToolProblem {
        ToolProblem {
            name: self.tool.name().to_owned(),
            wanted: self.wanted.describe(),
            found: self.found.clone(),
        }
    }
}

/// The wasm-bindgen version of `Cargo.lock`, checked against the pin in `Trunk.toml`.
///
/// INVARIANT (one-wasm-bindgen): the crate, the CLI tools and trunk's pin are the same version;
/// wasm-bindgen refuses to process output of another version.
pub(crate) fn wasm_bindgen_version() -> Result<String, TaskError> {
    let locked = layout::lock_version("wasm-bindgen")?;
    let pinned = layout::trunk_setting("tools", "wasm_bindgen")?;
    if locked != pinned {
        return Err(TaskError::Project {
            message: format!(
                "Trunk.toml pins wasm-bindgen {pinned} but Cargo.lock has {locked}; \
                 set `[tools] wasm_bindgen` in Trunk.toml to the version in Cargo.lock"
            ),
        });
    }
    Ok(locked)
}

/// Fails with one error listing every tool of `tools` that is missing or at the wrong version.
pub(crate) fn require(tools: &[Tool]) -> Result<(), TaskError> {
    let mut problems = Vec::new();
    for tool in tools {
        let status = tool.status()?;
        if !status.is_ok() {
            problems.push(status.problem());
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(TaskError::Tools { problems })
    }
}

/// The Rust targets of [`RUST_TARGETS`] that rustup has not installed (all of them if rustup does not run).
pub(crate) fn missing_rust_targets() -> Vec<&'static str> {
    let installed = Cmd::new("rustup")
        .args(["target", "list", "--installed"])
        .probe_text()
        .unwrap_or_default();
    RUST_TARGETS
        .into_iter()
        .filter(|target| !installed.lines().any(|line| line.trim() == *target))
        .collect()
}

/// The npm packages of `dir` that are missing or not at their pinned version, as (name, pin, found).
pub(crate) fn stale_npm_packages(
    dir: &Path,
) -> Result<Vec<(String, String, Option<String>)>, TaskError> {
    Ok(layout::npm_pins(dir)?
        .into_iter()
        .filter_map(|(name, pin)| {
            let found = layout::npm_installed_version(dir, &name);
            (found.as_deref() != Some(pin.as_str())).then_some((name, pin, found))
        })
        .collect())
}

/// Prints every tool's version next to the wanted one, and fails if any is not ok.
pub(crate) fn doctor() -> Result<(), TaskError> {
    println!("\n{:<30} {:<40} wanted", "tool", "found");
    let mut problems = Vec::new();
    let rustc = Cmd::new("rustc").arg("--version").probe();
    print_row("rustc", rustc.as_deref(), "any version", rustc.is_some());
    let missing_targets = missing_rust_targets();
    for target in RUST_TARGETS {
        let is_installed = !missing_targets.contains(&target);
        let found = is_installed.then_some("installed");
        print_row(
            &format!("target {target}"),
            found,
            "installed",
            is_installed,
        );
        if !is_installed {
            problems.push(ToolProblem {
                name: format!("rust target {target}"),
                wanted: "installed".to_owned(),
                found: None,
            });
        }
    }
    for tool in Tool::ALL {
        let status = tool.status()?;
        let is_ok = status.is_ok();
        print_row(
            tool.name(),
            status.found.as_deref(),
            &status.wanted.describe(),
            is_ok,
        );
        if !is_ok {
            problems.push(status.problem());
        }
    }
    for (dir, (name, pin)) in layout::npm_dirs()
        .iter()
        .map(|dir| {
            layout::npm_pins(dir).map(|pins| pins.into_iter().map(move |pin| (dir.clone(), pin)))
        })
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
    {
        let found = layout::npm_installed_version(&dir, &name);
        let is_ok = found.as_deref() == Some(pin.as_str());
        print_row(&format!("npm {name}"), found.as_deref(), &pin, is_ok);
        if !is_ok {
            problems.push(ToolProblem {
                name: format!("npm package {name}"),
                wanted: pin,
                found,
            });
        }
    }
    if problems.is_empty() {
        println!("all tools are ready");
        Ok(())
    } else {
        Err(TaskError::Tools { problems })
    }
}

/// Prints one line of the doctor's table.
fn print_row(name: &str, found: Option<&str>, wanted: &str, is_ok: bool) {
    let found = found.map_or_else(|| "MISSING".to_owned(), shorten);
    let mark = if is_ok { "" } else { "   <-- wrong" };
    println!("{name:<30} {found:<40} {wanted}{mark}");
}

/// Cuts a version line to whole words that fit the doctor's column.
fn shorten(line: &str) -> String {
    let mut shown = String::new();
    for word in line.split_whitespace() {
        if !shown.is_empty() && shown.len() + 1 + word.len() > 40 {
            break;
        }
        if !shown.is_empty() {
            shown.push(' ');
        }
        shown.push_str(word);
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::Wanted;

    #[test]
    fn wanted_versions_accept_only_matching_lines() {
        let exact = Wanted::Exactly("wasm-bindgen 0.2.130".to_owned());
        assert!(exact.is_met_by("wasm-bindgen 0.2.130"));
        assert!(!exact.is_met_by("wasm-bindgen 0.2.129"));

        let trunk = Wanted::StartingWith("trunk 0.21.".to_owned());
        assert!(trunk.is_met_by("trunk 0.21.14"));
        assert!(!trunk.is_met_by("trunk 0.22.0"));

        let node = Wanted::MajorAtLeast(20);
        assert!(node.is_met_by("v20.20.2"));
        assert!(node.is_met_by("v22.1.0"));
        assert!(!node.is_met_by("v18.19.0"));
        assert!(!node.is_met_by("not a version"));
    }
}

//! Running other programs: every command is echoed before it starts and timed when it ends.
//!
//! All commands get the same tool search path (see [`search_path`]), so that a tool that `setup`
//! has just installed is found at once, and so that trunk finds the npm `wasm-opt` before any other.

use std::env;
use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::TaskError;
use crate::layout;

/// A program to run, with its arguments, extra environment and working directory.
#[derive(Debug, Clone)]
pub(crate) struct Cmd {
    program: String,
    args: Vec<String>,
    envs: Vec<(String, String)>,
    dir: Option<PathBuf>,
}

impl Cmd {
    /// Starts describing a run of `program`, found through [`search_path`].
    pub(crate) fn new(program: impl Into<String>) -> Self {
        Self {
            program: program.into(),
            args: Vec::new(),
            envs: Vec::new(),
            dir: None,
        }
    }

    /// Appends one argument.
    pub(crate) fn arg(mut self, arg: impl Into<String>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// Appends several arguments.
    pub(crate) fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Sets one environment variable for the program (and shows it in the echo).
    pub(crate) fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.envs.push((key.into(), value.into()));
        self
    }

    /// Runs the program in `dir` instead of the repository root.
    pub(crate) fn dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dir = Some(dir.into());
        self
    }

    /// Echoes the command, runs it with the terminal attached, and fails on a non-zero exit.
    pub(crate) fn run(&self) -> Result<(), TaskError> {
        let shown = self.to_string();
        println!("+ {shown}");
        let started = Instant::now();
        let status = self.command().status().map_err(|source| TaskError::Spawn {
            command: shown.clone(),
            source,
        })?;
        let elapsed = format_duration(started.elapsed());
        if status.success() {
            println!("  (ok, {elapsed})");
            Ok(())
        } else {
            println!("  ({status}, {elapsed})");
            Err(TaskError::Exit {
                command: shown,
                status,
            })
        }
    }

    /// Echoes the command, runs it, and returns everything it wrote to standard output.
    pub(crate) fn read(&self) -> Result<Vec<u8>, TaskError> {
        let shown = self.to_string();
        println!("+ {shown}");
        let mut child = self
            .command()
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|source| TaskError::Spawn {
                command: shown.clone(),
                source,
            })?;
        let mut bytes = Vec::new();
        if let Some(mut stdout) = child.stdout.take() {
            stdout
                .read_to_end(&mut bytes)
                .map_err(|source| TaskError::Spawn {
                    command: shown.clone(),
                    source,
                })?;
        }
        let status = child.wait().map_err(|source| TaskError::Spawn {
            command: shown.clone(),
            source,
        })?;
        if status.success() {
            Ok(bytes)
        } else {
            Err(TaskError::Exit {
                command: shown,
                status,
            })
        }
    }

    /// Runs the program quietly and returns the first line of its output, or `None` if it does not run.
    ///
    /// This is for version questions (`trunk --version`): the answer is what is shown, not the command.
    pub(crate) fn probe(&self) -> Option<String> {
        self.probe_text()?
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .map(str::to_owned)
    }

    /// Runs the program quietly and returns all of its standard output, or `None` if it does not run.
    pub(crate) fn probe_text(&self) -> Option<String> {
        let output = self.command().stdin(Stdio::null()).output().ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// Builds the `std` command with the shared search path, the extra environment and the directory.
    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command
            .args(&self.args)
            .env("PATH", search_path())
            .current_dir(self.dir.as_deref().unwrap_or(layout::root()));
        for (key, value) in &self.envs {
            command.env(key, value);
        }
        command
    }
}

impl std::fmt::Display for Cmd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(dir) = &self.dir {
            let shown = dir.strip_prefix(layout::root()).unwrap_or(dir);
            write!(f, "(cd {} && ", shown.display())?;
        }
        for (key, value) in &self.envs {
            write!(f, "{key}={value} ")?;
        }
        f.write_str(&self.program)?;
        for arg in &self.args {
            if arg.is_empty() || arg.contains([' ', '\'', '"', '~', '*']) {
                write!(f, " '{arg}'")?;
            } else {
                write!(f, " {arg}")?;
            }
        }
        if self.dir.is_some() {
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// The `PATH` every command gets: the npm tools of `tests/e2e`, cargo's install directory, then the inherited `PATH`.
///
/// INVARIANT (npm-wasm-opt-first): trunk finds `wasm-opt` only through `PATH`, and only binaryen 132 from npm
/// reads current wasm-bindgen output, so `tests/e2e/node_modules/.bin` comes first.
pub(crate) fn search_path() -> OsString {
    let mut dirs = vec![layout::npm_bin_dir(), cargo_bin_dir()];
    if let Some(inherited) = env::var_os("PATH") {
        dirs.extend(env::split_paths(&inherited));
    }
    env::join_paths(dirs).unwrap_or_else(|_| env::var_os("PATH").unwrap_or_default())
}

/// Where `cargo install` puts programs: `$CARGO_HOME/bin`, by default `~/.cargo/bin`.
pub(crate) fn cargo_bin_dir() -> PathBuf {
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    home.join("bin")
}

/// Shows a duration the way the logs use it: `0.4s`, `12.3s`, `2m05s`.
pub(crate) fn format_duration(duration: Duration) -> String {
    let seconds = duration.as_secs_f64();
    if seconds < 60.0 {
        format!("{seconds:.1}s")
    } else {
        let whole = duration.as_secs();
        format!("{}m{:02}s", whole / 60, whole % 60)
    }
}

/// Runs `body` as a named, timed piece of work, announcing its start and end.
pub(crate) fn timed<T>(
    name: &str,
    body: impl FnOnce() -> Result<T, TaskError>,
) -> Result<T, TaskError> {
    println!("\n==> {name}");
    let started = Instant::now();
    let result = body();
    let elapsed = format_duration(started.elapsed());
    match &result {
        Ok(_) => println!("<== {name}: done in {elapsed}"),
        Err(error) => println!("<== {name}: FAILED after {elapsed}: {error}"),
    }
    result
}

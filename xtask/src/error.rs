//! The one error type of the build tasks.
//!
//! Every variant renders as a single message that says what went wrong and, where there is one, the fix,
//! because a person reads it at the end of a long log.

use std::fmt;
use std::io;
use std::path::PathBuf;
use std::process::ExitStatus;

/// Why a task, or one step of it, did not succeed.
#[derive(Debug)]
pub(crate) enum TaskError {
    /// The command line was not understood.
    Usage { message: String },
    /// A program could not be started at all.
    Spawn { command: String, source: io::Error },
    /// A program ran and exited unsuccessfully.
    Exit { command: String, status: ExitStatus },
    /// Tools that are missing or at the wrong version.
    Tools { problems: Vec<ToolProblem> },
    /// A file could not be read or written.
    File { path: PathBuf, source: io::Error },
    /// The repository is not in the shape the task expects.
    Project { message: String },
    /// Some checks of `cargo xtask test` failed; their summary is already printed.
    ChecksFailed { failed: usize },
}

/// One tool that is missing or at the wrong version.
#[derive(Debug)]
pub(crate) struct ToolProblem {
    /// The tool's name, as a person would type it.
    pub(crate) name: String,
    /// The version line that is needed.
    pub(crate) wanted: String,
    /// The version line that was found, if the tool runs at all.
    pub(crate) found: Option<String>,
}

impl fmt::Display for TaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Usage { message } | Self::Project { message } => f.write_str(message),
            Self::Spawn { command, source } => write!(f, "could not start `{command}`: {source}"),
            Self::Exit { command, status } => write!(f, "`{command}` failed ({status})"),
            Self::Tools { problems } => {
                f.write_str("the build tools are not ready:")?;
                for problem in problems {
                    match &problem.found {
                        Some(found) => write!(
                            f,
                            "\n  {}: found `{found}`, need `{}`",
                            problem.name, problem.wanted
                        )?,
                        None => write!(
                            f,
                            "\n  {}: missing, need `{}`",
                            problem.name, problem.wanted
                        )?,
                    }
                }
                f.write_str("\nfix: run `cargo xtask setup`, which installs exactly these versions")
            }
            Self::File { path, source } => write!(f, "{}: {source}", path.display()),
            Self::ChecksFailed { failed } => write!(f, "{failed} checks failed"),
        }
    }
}

impl std::error::Error for TaskError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Spawn { source, .. } | Self::File { source, .. } => Some(source),
            _ => None,
        }
    }
}

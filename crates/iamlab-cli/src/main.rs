//! The `iamlab` command line: check, explain, lint and benchmark policy test
//! cases, grade exercise submissions, and expand action wildcards.
//!
//! It is an adapter over `iamlab-core`: it reads files, hands their text to
//! the core, and renders what comes back (diagnostics as compiler-style
//! snippets, explanations as text or JSON). It evaluates nothing itself.

/// Prints to stdout like `print!`, but a closed pipe (as in `iamlab check
/// FILE | head`) ends the program quietly instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::write_stdout(&format!($($arg)*))
    };
}

/// `out!` with a newline.
macro_rules! outln {
    () => {
        $crate::write_stdout("\n")
    };
    ($($arg:tt)*) => {
        $crate::write_stdout(&format!("{}\n", format!($($arg)*)))
    };
}

mod bench;
mod catalog;
mod check;
mod expand;
mod explain;
mod grade;
mod lint;
mod markdown;
mod render;

use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "\
iamlab: an AWS IAM policy simulator

usage:
  iamlab check [--json] FILE...        run case files, or the ```iamlab blocks of Markdown files (.md);
                                       exit 0 if all pass, 1 if any fail, 2 if a file is unreadable
  iamlab explain FILE [--case NAME]    explain each case's decision (or only the named one)
  iamlab lint [--json] [--type KIND] FILE...
                                       report every finding: what AWS would refuse, actions that do not
                                       exist, resources of the wrong type, unknown condition keys...;
                                       KIND (for a bare policy) is identity, resource, trust, boundary,
                                       session, scp, rcp or endpoint; exit 1 on any error or warning
  iamlab expand [--levels] PATTERN...  list every action the patterns match (`s3:Get*`), with access levels
  iamlab grade [--json|--csv] [--solution] EXERCISE SUBMISSION...
                                       score students' submissions against an exercise, hidden cases
                                       included; exit 0 if all have full marks, 1 if not, 2 if a file
                                       is unreadable
  iamlab bench FILE                    measure decisions per second on the file's cases
  iamlab --help | --version
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some("check") => check::run(args.get(1..).unwrap_or(&[])),
        Some("explain") => explain::run(args.get(1..).unwrap_or(&[])),
        Some("bench") => bench::run(args.get(1..).unwrap_or(&[])),
        Some("lint") => lint::run(args.get(1..).unwrap_or(&[])),
        Some("expand") => expand::run(args.get(1..).unwrap_or(&[])),
        Some("grade") => grade::run(args.get(1..).unwrap_or(&[])),
        Some("--help" | "-h" | "help") => {
            out!("{USAGE}");
            0
        }
        Some("--version" | "-V") => {
            outln!("iamlab {}", env!("CARGO_PKG_VERSION"));
            0
        }
        Some(other) => {
            eprintln!("error: unknown command `{other}`\n\n{USAGE}");
            2
        }
        None => {
            eprint!("{USAGE}");
            2
        }
    };
    let _ = std::io::stdout().flush();
    ExitCode::from(code)
}

/// Writes to stdout; exits quietly when the reader has gone away.
fn write_stdout(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout.write_all(text.as_bytes())
        && error.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

/// Reads a case file into a source map, or prints why it cannot be read.
fn read_source(
    sources: &mut iamlab_core::source::SourceMap,
    path: &str,
) -> Option<iamlab_core::source::SourceId> {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(sources.add(path, text)),
            Err(error) => {
                let offset = error.utf8_error().valid_up_to();
                let valid = String::from_utf8_lossy(&error.as_bytes()[..offset]).into_owned();
                let (line, column) = iamlab_core::source::line_column(&valid, offset);
                eprintln!("error: {path}:{line}:{column}: the file is not valid UTF-8");
                None
            }
        },
        Err(error) => {
            eprintln!("error: cannot read `{path}`: {error}");
            None
        }
    }
}

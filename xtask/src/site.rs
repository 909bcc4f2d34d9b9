//! The web site: the release build into `dist/`, the development server, and the size report.
//!
//! Trunk does the work; this module only gives it the same environment every time
//! (see [`trunk`]) and checks its tools first.

use std::fs;
use std::path::PathBuf;

use crate::error::TaskError;
use crate::js;
use crate::layout;
use crate::setup;
use crate::shell::Cmd;
use crate::tool::{self, Tool};

/// The address of the development server; loopback only.
const SERVE_ADDRESS: &str = "127.0.0.1";

/// The port of the development server.
const SERVE_PORT: &str = "8080";

/// `cargo xtask dist`: the release build of the site into `dist/`.
pub(crate) fn dist() -> Result<(), TaskError> {
    tool::require(&[Tool::Trunk, Tool::WasmBindgen, Tool::WasmOpt])?;
    Cmd::new("cargo").args(["fetch", "--locked"]).run()?;
    // The element and the exercise page are staged first: `index.html` copies them into dist/.
    js::embed()?;
    exercise_page()?;
    trunk().args(["build", "--release", "--locked"]).run()
}

/// Where the exercise page's module is staged for trunk (`index.html` copies this folder to
/// `dist/exercise/`, beside the page `exercise.html`).
fn exercise_stage_dir() -> PathBuf {
    layout::root()
        .join("target")
        .join("exercise-stage")
        .join("exercise")
}

/// The exercise page's module: the `iamlab-exercise` binary of the web crate, built as trunk builds
/// the page's own (release profile, wasm-bindgen `--target web`, `wasm-opt -Oz`), but as a module
/// of its own, so that exercise mode and teacher mode do not weigh on the main page's `.wasm`.
fn exercise_page() -> Result<(), TaskError> {
    tool::require(&[Tool::WasmBindgen, Tool::WasmOpt])?;
    let stage = exercise_stage_dir();
    if stage.exists() {
        fs::remove_dir_all(&stage).map_err(|source| TaskError::File {
            path: stage.clone(),
            source,
        })?;
    }
    wasm_size_flags(Cmd::new("cargo"))
        .args(["build", "--release", "--locked", "-p", "iamlab-web"])
        .args([
            "--bin",
            "iamlab-exercise",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .run()?;
    let built = layout::root()
        .join("target")
        .join("wasm32-unknown-unknown")
        .join("release")
        .join("iamlab-exercise.wasm");
    js::bindgen_and_optimize(&built, "-Oz", &stage, "iamlab-exercise")
}

/// `cargo xtask serve`: setup, then trunk's development server with live rebuilds.
pub(crate) fn serve() -> Result<(), TaskError> {
    setup::run()?;
    println!(
        "\nserving iamlab at http://{SERVE_ADDRESS}:{SERVE_PORT}/\n\
         trunk rebuilds when index.html, web/ or crates/iamlab-core change; reload the page to see the \
         new build (trunk's auto-reload script is inline, which the page's CSP forbids). Ctrl-C stops.\n"
    );
    js::embed()?;
    exercise_page()?;
    // A development build in dist/ could be mistaken for the release site, so it goes under target/.
    trunk()
        .args(["serve", "--address", SERVE_ADDRESS, "--port", SERVE_PORT])
        .args(["--dist", "target/dist-serve"])
        .run()
}

/// Prints the raw and gzip size of each `.wasm`, `.js` and `.css` file of `dist/`.
pub(crate) fn size_report() -> Result<(), TaskError> {
    let dist = layout::dist_dir();
    let entries = fs::read_dir(&dist).map_err(|source| TaskError::File {
        path: dist.clone(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "wasm" || ext == "js" || ext == "css")
        })
        .collect();
    files.sort();
    if !files
        .iter()
        .any(|path| path.extension().is_some_and(|ext| ext == "wasm"))
    {
        return Err(TaskError::Project {
            message: "dist/ has no .wasm file; run `cargo xtask dist`".to_owned(),
        });
    }
    let mut rows = Vec::new();
    for path in &files {
        let raw = fs::metadata(path)
            .map_err(|source| TaskError::File {
                path: path.clone(),
                source,
            })?
            .len();
        let gzip = Cmd::new("gzip")
            .args(["-9", "-c"])
            .arg(path.to_string_lossy())
            .read()?
            .len();
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        rows.push((name, raw, gzip));
    }
    println!(
        "\n{:<48} {:>12} {:>12}",
        "dist/ file", "raw bytes", "gzip -9"
    );
    for (name, raw, gzip) in &rows {
        println!("{name:<48} {raw:>12} {gzip:>12}");
    }
    // The page's own module has a budget (the issue that set it counted
    // kilobytes of 1,024 bytes): a change that crosses it fails the tests.
    let over: Vec<String> = rows
        .iter()
        .filter(|(name, _, gzip)| name.ends_with(".wasm") && *gzip > WASM_GZIP_BUDGET)
        .map(|(name, _, gzip)| format!("{name} is {gzip} bytes gzipped"))
        .collect();
    if !over.is_empty() {
        return Err(TaskError::Project {
            message: format!(
                "{}, over the page's budget of {WASM_GZIP_BUDGET} bytes (300 KB)",
                over.join(", ")
            ),
        });
    }
    println!("the page's .wasm is within its budget of {WASM_GZIP_BUDGET} bytes gzipped (300 KB)");
    embed_size()
}

/// The documentation element's module and `.wasm` together have a budget of their own.
fn embed_size() -> Result<(), TaskError> {
    let embed = layout::dist_dir().join("embed");
    let mut total = 0;
    println!();
    for name in ["iamlab-embed.js", "iamlab_embed_wasm_bg.wasm"] {
        let path = embed.join(name);
        if !path.is_file() {
            return Err(TaskError::Project {
                message: format!("{} is missing; run `cargo xtask dist`", path.display()),
            });
        }
        let raw = fs::metadata(&path)
            .map_err(|source| TaskError::File {
                path: path.clone(),
                source,
            })?
            .len();
        let gzip = Cmd::new("gzip")
            .args(["-9", "-c"])
            .arg(path.to_string_lossy())
            .read()?
            .len();
        println!("{:<48} {raw:>12} {gzip:>12}", format!("embed/{name}"));
        total += gzip;
    }
    if total > EMBED_GZIP_BUDGET {
        return Err(TaskError::Project {
            message: format!(
                "the element (embed/iamlab-embed.js and its .wasm) is {total} bytes gzipped, over its budget of {EMBED_GZIP_BUDGET} bytes (200 KB)"
            ),
        });
    }
    println!(
        "the element is within its budget: {total} of {EMBED_GZIP_BUDGET} bytes gzipped (200 KB)"
    );
    Ok(())
}

/// The most the documentation element (its module and `.wasm`) may weigh, gzipped.
const EMBED_GZIP_BUDGET: usize = 200 * 1024;

/// The most the page's `.wasm` may weigh, gzipped (`gzip -9`).
const WASM_GZIP_BUDGET: usize = 300 * 1024;

/// Trunk with the environment it must always have.
///
/// `NO_COLOR` must be `true`, never `1`: trunk 0.21 parses it as a boolean flag and rejects `1`.
/// The version check would go to the network, which the build never does.
pub(crate) fn trunk() -> Cmd {
    wasm_size_flags(Cmd::new("trunk"))
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env("NO_COLOR", "true")
}

/// The flags of every wasm32 release build (the page, the exercise page, the element, the package):
/// `-Zlocation-detail=none` leaves the file, line and column of each possible panic out of the
/// `.wasm` (3.6 KB gzipped of the page's, measured; the core never panics, and a panic elsewhere
/// still says what went wrong). It is an unstable flag, which `RUSTC_BOOTSTRAP=1` allows on the
/// stable toolchain, as for `cargo xtask fuzz`. Only the wasm32 target gets it, so host builds
/// (build scripts, proc macros, the CLI) are untouched and stay cached.
pub(crate) fn wasm_size_flags(cmd: Cmd) -> Cmd {
    cmd.env("RUSTC_BOOTSTRAP", "1").env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        "-Zlocation-detail=none",
    )
}

//! iamlab for JavaScript: the npm package (`cargo xtask pkg`, into `target/pkg/`) and the
//! documentation element (built before every site build, into `target/embed-stage/embed/`, which
//! `index.html` copies to `dist/embed/`).
//!
//! Both come from the `iamlab-js` crate, compiled to wasm32, then run through wasm-bindgen
//! (`--target web`) and wasm-opt, the same pinned tools as the page. The package is built for speed
//! (the `js` profile) with the `catalog` feature (for `lint`); the element for size (the `release`
//! profile), without it, to fit its budget.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::TaskError;
use crate::layout;
use crate::shell::Cmd;
use crate::tool::{self, Tool};

/// The wasm the crate compiles to with `profile`.
fn crate_wasm(profile: &str) -> PathBuf {
    layout::root()
        .join("target")
        .join("wasm32-unknown-unknown")
        .join(profile)
        .join("iamlab_js.wasm")
}

/// How a module is built: for speed (the package) or for size (the element).
#[derive(Clone, Copy)]
enum Tuning {
    /// The `js` profile (`opt-level = 3`) and `wasm-opt -O3`.
    Speed,
    /// The `release` profile (`opt-level = "z"`) and `wasm-opt -Oz`.
    Size,
}

/// Where the package is written.
pub(crate) fn pkg_dir() -> PathBuf {
    layout::root().join("target").join("pkg")
}

/// Where the element is staged for trunk (`index.html` copies this folder to `dist/embed/`).
pub(crate) fn embed_stage_dir() -> PathBuf {
    layout::root()
        .join("target")
        .join("embed-stage")
        .join("embed")
}

fn io_error(path: &Path, source: std::io::Error) -> TaskError {
    TaskError::File {
        path: path.to_path_buf(),
        source,
    }
}

fn copy(from: &Path, to: &Path) -> Result<(), TaskError> {
    fs::copy(from, to)
        .map(|_| ())
        .map_err(|source| io_error(from, source))
}

/// Builds the crate with `features`, and writes `<out_name>.js` and `<out_name>_bg.wasm` (optimized)
/// into `out_dir`.
fn build_module(
    features: &[&str],
    tuning: Tuning,
    out_dir: &Path,
    out_name: &str,
) -> Result<(), TaskError> {
    tool::require(&[Tool::WasmBindgen, Tool::WasmOpt])?;
    let (profile, level) = match tuning {
        Tuning::Speed => ("js", "-O3"),
        Tuning::Size => ("release", "-Oz"),
    };
    let mut build = crate::site::wasm_size_flags(Cmd::new("cargo"))
        .args(["build", "--profile", profile, "--locked", "-p", "iamlab-js"])
        .args(["--target", "wasm32-unknown-unknown"]);
    if !features.is_empty() {
        build = build.args(["--features", &features.join(",")]);
    }
    build.run()?;
    bindgen_and_optimize(&crate_wasm(profile), level, out_dir, out_name)
}

/// Runs wasm-bindgen (`--target web`) on a built `.wasm` and wasm-opt at `level` on its output:
/// `<out_name>.js` and `<out_name>_bg.wasm` in `out_dir`.
pub(crate) fn bindgen_and_optimize(
    wasm: &Path,
    level: &str,
    out_dir: &Path,
    out_name: &str,
) -> Result<(), TaskError> {
    fs::create_dir_all(out_dir).map_err(|source| io_error(out_dir, source))?;
    Cmd::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--out-name", out_name])
        .arg("--out-dir")
        .arg(out_dir.display().to_string())
        .arg(wasm.display().to_string())
        .run()?;
    let optimized = out_dir.join(format!("{out_name}_bg.wasm"));
    Cmd::new(layout::npm_bin_dir().join("wasm-opt").display().to_string())
        .args([level, "--converge"])
        .arg(optimized.display().to_string())
        .arg("-o")
        .arg(optimized.display().to_string())
        .run()
}

/// `cargo xtask pkg`: the npm package `iamlab` into `target/pkg/`.
pub(crate) fn pkg() -> Result<(), TaskError> {
    let out = pkg_dir();
    if out.exists() {
        fs::remove_dir_all(&out).map_err(|source| io_error(&out, source))?;
    }
    build_module(&["catalog"], Tuning::Speed, &out, "iamlab_wasm")?;
    let js = layout::root().join("crates").join("iamlab-js").join("js");
    for name in ["iamlab.js", "iamlab.d.ts", "package.json", "README.md"] {
        copy(&js.join(name), &out.join(name))?;
    }
    println!("wrote the npm package `iamlab` into {}", out.display());
    Ok(())
}

/// The element: its module (the element's code with wasm-bindgen's bindings in one file), its
/// `.wasm`, the demo page and its files, staged for trunk.
pub(crate) fn embed() -> Result<(), TaskError> {
    let stage = embed_stage_dir();
    if stage.exists() {
        fs::remove_dir_all(&stage).map_err(|source| io_error(&stage, source))?;
    }
    let bindings = layout::root().join("target").join("embed-bindings");
    build_module(&[], Tuning::Size, &bindings, "iamlab_embed_wasm")?;
    fs::create_dir_all(stage.join("cases")).map_err(|source| io_error(&stage, source))?;
    let source = layout::root().join("web").join("embed");
    let element = layout::read_text(&source.join("iamlab-embed.js"))?;
    let glue = layout::read_text(&bindings.join("iamlab_embed_wasm.js"))?;
    let module = one_module(&element, &glue)?;
    fs::write(stage.join("iamlab-embed.js"), module)
        .map_err(|error| io_error(&stage.join("iamlab-embed.js"), error))?;
    copy(
        &bindings.join("iamlab_embed_wasm_bg.wasm"),
        &stage.join("iamlab_embed_wasm_bg.wasm"),
    )?;
    for name in ["demo.html", "demo.css", "demo.js", "frame.css", "frame.js"] {
        copy(&source.join(name), &stage.join(name))?;
    }
    copy(
        &source.join("cases").join("bucket.json"),
        &stage.join("cases").join("bucket.json"),
    )?;
    Ok(())
}

/// The element's module with wasm-bindgen's bindings folded in, so that a page loads one ES module:
/// the element's `import init, { view } from "./iamlab_embed_wasm.js"` becomes the bindings
/// themselves, whose default export is their `__wbg_init`.
fn one_module(element: &str, glue: &str) -> Result<String, TaskError> {
    const IMPORT: &str = "import init, { view } from \"./iamlab_embed_wasm.js\";";
    if !element.contains(IMPORT) {
        return Err(TaskError::Project {
            message: format!("web/embed/iamlab-embed.js must import the bindings as `{IMPORT}`"),
        });
    }
    let mut bindings = String::new();
    for line in glue.lines() {
        let trimmed = line.trim();
        // The bindings' own exports would clash with the element's; it keeps `view`, and reaches
        // `__wbg_init` as `init`.
        if trimmed == "export default __wbg_init;" || trimmed.starts_with("export { initSync") {
            continue;
        }
        bindings.push_str(&line.replacen("export function ", "function ", 1));
        bindings.push('\n');
    }
    bindings.push_str("const init = __wbg_init;\n");
    Ok(element.replacen(IMPORT, &bindings, 1))
}

#[cfg(test)]
mod tests {
    use super::one_module;

    #[test]
    fn the_bindings_fold_into_the_element() {
        let element =
            "// x\nimport init, { view } from \"./iamlab_embed_wasm.js\";\nawait init();\n";
        let glue = "export function view(a) { return a; }\nasync function __wbg_init() {}\nexport { initSync };\nexport default __wbg_init;\n";
        let module = one_module(element, glue).expect("folds");
        assert!(module.contains("function view(a)"));
        assert!(!module.contains("export default"));
        assert!(!module.contains("import init"));
        assert!(module.contains("const init = __wbg_init;"));
        assert!(one_module("no import", glue).is_err());
    }
}

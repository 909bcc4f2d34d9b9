//! Where things are in the repository, and the version pins that its files record.
//!
//! The pins live in the files their own tools read (`Cargo.lock`, `Trunk.toml`, `tests/e2e/package.json`);
//! the tasks only read them, so that there is one place per version.
//! The readers below are deliberately small: they understand the shape of these files as this repository writes them.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::error::TaskError;

/// The repository root (the parent of `xtask/`).
pub(crate) fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
    })
}

/// `tests/e2e`: the end-to-end tests and their npm packages.
pub(crate) fn e2e_dir() -> PathBuf {
    root().join("tests").join("e2e")
}

/// `tests/e2e/node_modules/.bin`: where npm puts `wasm-opt`.
pub(crate) fn npm_bin_dir() -> PathBuf {
    e2e_dir().join("node_modules").join(".bin")
}

/// `dist/`: the release site.
pub(crate) fn dist_dir() -> PathBuf {
    root().join("dist")
}

/// `webdriver.json`: the Chromium options for wasm-bindgen-test.
pub(crate) fn webdriver_json() -> PathBuf {
    root().join("webdriver.json")
}

/// Reads a repository file as text.
pub(crate) fn read_text(path: &Path) -> Result<String, TaskError> {
    fs::read_to_string(path).map_err(|source| TaskError::File {
        path: path.to_path_buf(),
        source,
    })
}

/// The version of `package` that `Cargo.lock` records, which must be exactly one.
pub(crate) fn lock_version(package: &str) -> Result<String, TaskError> {
    let path = root().join("Cargo.lock");
    let text = read_text(&path)?;
    let versions = lock_versions(&text, package);
    match versions.as_slice() {
        [version] => Ok(version.clone()),
        [] => Err(TaskError::Project {
            message: format!(
                "Cargo.lock has no `{package}`; run any cargo command (such as `cargo fetch`) to update it"
            ),
        }),
        _ => Err(TaskError::Project {
            message: format!(
                "Cargo.lock has several versions of `{package}` ({}); the CLI tools can match only one",
                versions.join(", ")
            ),
        }),
    }
}

/// The value of `key` in `[section]` of `Trunk.toml`, where it is a plain string.
pub(crate) fn trunk_setting(section: &str, key: &str) -> Result<String, TaskError> {
    let path = root().join("Trunk.toml");
    let text = read_text(&path)?;
    toml_string(&text, section, key).ok_or_else(|| TaskError::Project {
        message: format!("Trunk.toml has no string `{key}` in `[{section}]`"),
    })
}

/// `crates/iamlab-catalog/source`: the npm packages the action catalog is generated from.
pub(crate) fn catalog_source_dir() -> PathBuf {
    root().join("crates").join("iamlab-catalog").join("source")
}

/// `crates/iamlab-catalog/data`: the generated catalog files.
pub(crate) fn catalog_data_dir() -> PathBuf {
    root().join("crates").join("iamlab-catalog").join("data")
}

/// Every folder with a `package.json` and lock file whose packages setup installs.
pub(crate) fn npm_dirs() -> [PathBuf; 2] {
    [e2e_dir(), catalog_source_dir()]
}

/// The npm packages that `DIR/package.json` pins, as (name, version) pairs.
pub(crate) fn npm_pins(dir: &Path) -> Result<Vec<(String, String)>, TaskError> {
    let path = dir.join("package.json");
    let text = read_text(&path)?;
    let pins = json_object_strings(&text, "devDependencies");
    if pins.is_empty() {
        return Err(TaskError::Project {
            message: format!("{} has no `devDependencies`", path.display()),
        });
    }
    Ok(pins)
}

/// The version of an installed npm package under `DIR/node_modules`, if it is there.
pub(crate) fn npm_installed_version(dir: &Path, package: &str) -> Option<String> {
    let path = package
        .split('/')
        .fold(dir.join("node_modules"), |path, part| path.join(part))
        .join("package.json");
    let text = fs::read_to_string(path).ok()?;
    json_first_string(&text, "version")
}

/// All versions recorded for `package` in the text of a `Cargo.lock`.
fn lock_versions(lock: &str, package: &str) -> Vec<String> {
    let name_line = format!("name = \"{package}\"");
    let mut versions = Vec::new();
    let mut lines = lock.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line != name_line {
            continue;
        }
        let version = lines
            .next()
            .and_then(|next| next.strip_prefix("version = \""))
            .and_then(|rest| rest.strip_suffix('"'));
        if let Some(version) = version {
            versions.push(version.to_owned());
        }
    }
    versions
}

/// The string value of `key` in `[section]` of a simple TOML text.
fn toml_string(toml: &str, section: &str, key: &str) -> Option<String> {
    let header = format!("[{section}]");
    let mut in_section = false;
    for line in toml.lines().map(str::trim) {
        if line.starts_with('[') {
            in_section = line == header;
            continue;
        }
        if !in_section {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        if name.trim() == key {
            let value = value.trim();
            return value
                .strip_prefix('"')
                .and_then(|rest| rest.split_once('"'))
                .map(|(inner, _)| inner.to_owned());
        }
    }
    None
}

/// The `"name": "value"` pairs of the object under `key` in a pretty-printed JSON text.
fn json_object_strings(json: &str, key: &str) -> Vec<(String, String)> {
    let opening = format!("\"{key}\": {{");
    let mut pairs = Vec::new();
    let mut lines = json.lines().map(str::trim);
    if !lines.any(|line| line == opening) {
        return pairs;
    }
    for line in lines {
        if line.starts_with('}') {
            break;
        }
        let line = line.trim_end_matches(',');
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim().trim_matches('"');
            let value = value.trim().trim_matches('"');
            pairs.push((name.to_owned(), value.to_owned()));
        }
    }
    pairs
}

/// The first string value of `key` anywhere in a JSON text.
fn json_first_string(json: &str, key: &str) -> Option<String> {
    let needle = format!("\"{key}\"");
    let start = json.find(&needle)? + needle.len();
    let rest = json.get(start..)?.trim_start().strip_prefix(':')?;
    let rest = rest.trim_start().strip_prefix('"')?;
    rest.split_once('"').map(|(value, _)| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::{json_first_string, json_object_strings, lock_versions, toml_string};

    #[test]
    fn lock_versions_finds_every_entry_of_a_package() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\n\
                    [[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"0.2.130\"\n";
        assert_eq!(lock_versions(lock, "wasm-bindgen"), ["0.2.130"]);
        assert!(lock_versions(lock, "trunk").is_empty());
    }

    #[test]
    fn toml_string_reads_only_the_named_section() {
        let toml =
            "[build]\nwasm_bindgen = \"no\"\n\n[tools]\nwasm_bindgen = \"0.2.130\" # pinned\n";
        assert_eq!(
            toml_string(toml, "tools", "wasm_bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(toml_string(toml, "serve", "wasm_bindgen"), None);
    }

    #[test]
    fn json_readers_understand_a_package_json() {
        let json = "{\n  \"version\": \"0.0.0\",\n  \"devDependencies\": {\n    \"binaryen\": \"132.0.0\",\n    \"playwright-core\": \"1.64.1\"\n  }\n}\n";
        assert_eq!(
            json_object_strings(json, "devDependencies"),
            [
                ("binaryen".to_owned(), "132.0.0".to_owned()),
                ("playwright-core".to_owned(), "1.64.1".to_owned())
            ]
        );
        assert_eq!(json_first_string(json, "version").as_deref(), Some("0.0.0"));
    }
}

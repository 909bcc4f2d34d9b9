//! Diagnostics snapshots: each malformed policy under `tests/diagnostics/`
//! at the root is lowered for the kind its file name starts with, and every
//! diagnostic is rendered as `severity[code] line:col: message` and compared
//! with the `.txt` beside it. Set `UPDATE_SNAPSHOTS=1` to rewrite them.
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write;
use std::path::Path;

use iamlab_core::policy::{DocumentKind, LowerOptions, parse_policy};
use iamlab_core::source::SourceMap;

fn kind_of(name: &str) -> DocumentKind {
    match name.split('-').next() {
        Some("identity") => DocumentKind::Identity,
        Some("boundary") => DocumentKind::PermissionsBoundary,
        Some("session") => DocumentKind::Session,
        Some("resource") => DocumentKind::Resource,
        Some("trust") => DocumentKind::RoleTrust,
        Some("scp") => DocumentKind::Scp,
        Some("rcp") => DocumentKind::Rcp,
        other => panic!("{name}: unknown kind prefix {other:?}"),
    }
}

#[test]
fn diagnostics_match_their_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/diagnostics");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "expected the malformed-policy corpus");
    let mut mismatches = Vec::new();
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let mut sources = SourceMap::new();
        let source = sources.add(name.as_str(), text);
        let options = LowerOptions {
            kind: kind_of(name),
            name: name.clone(),
        };
        let (_, diagnostics) = parse_policy(&mut sources, source, &options);
        let mut rendered = String::new();
        for diagnostic in &diagnostics {
            let location = sources.locate(diagnostic.span);
            let severity = diagnostic.severity.as_str();
            let _ = writeln!(
                rendered,
                "{severity}[{}] {}:{}: {}",
                diagnostic.code.as_str(),
                location.line,
                location.column,
                diagnostic.message
            );
            if let Some(help) = &diagnostic.help {
                let _ = writeln!(rendered, "  help: {help}");
            }
        }
        let snapshot = dir.join(name.replace(".json", ".txt"));
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&snapshot, &rendered).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
        if expected != rendered {
            mismatches.push(format!(
                "{name}:\n--- expected\n{expected}--- got\n{rendered}"
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

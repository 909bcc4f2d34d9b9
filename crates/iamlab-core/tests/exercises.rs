//! The exercises in `exercises/` at the root: each is a valid exercise whose
//! solution gets full marks and whose starting state does not, with at
//! least two hidden cases and a hint.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use iamlab_core::case::{LoadOptions, load_value};
use iamlab_core::exercise::{self, Submission};
use iamlab_core::json::{Limits, Value, parse};
use iamlab_core::source::SourceMap;

fn exercise_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../exercises");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

fn read(sources: &mut SourceMap, path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let id = sources.add(path.display().to_string(), text.clone());
    let (value, diagnostics) = parse(&text, id, Limits::default());
    assert!(
        diagnostics.is_empty(),
        "{}: {diagnostics:?}",
        path.display()
    );
    value.expect("a JSON value")
}

#[test]
fn there_are_twelve_exercises_covering_every_topic() {
    let files = exercise_files();
    assert!(files.len() >= 12, "{files:?}");
    let mut topics = Vec::new();
    for path in &files {
        let mut sources = SourceMap::new();
        let root = read(&mut sources, path);
        let exercise = exercise::read_exercise(&root)
            .unwrap_or_else(|problems| panic!("{}: {problems:?}", path.display()));
        topics.push(exercise.topic);
    }
    for topic in [
        "users-and-groups",
        "roles",
        "least-privilege",
        "mfa",
        "federation",
        "shared-responsibility",
        "cross-account",
        "permissions-boundaries",
        "scp",
        "abac",
        "explicit-deny",
        "evaluation-order",
    ] {
        assert!(
            topics.iter().any(|t| t == topic),
            "no exercise on {topic}: {topics:?}"
        );
    }
}

#[test]
fn every_solution_has_full_marks_and_every_start_does_not() {
    for path in exercise_files() {
        let name = path.display().to_string();
        let mut sources = SourceMap::new();
        let root = read(&mut sources, &path);
        let exercise = exercise::read_exercise(&root).unwrap_or_else(|p| panic!("{name}: {p:?}"));
        let file = load_value(&mut sources, &root, LoadOptions::default())
            .unwrap_or_else(|p| panic!("{name}: {p:?}"));
        for case in &file.cases {
            assert!(
                case.first_error().is_none(),
                "{name}: {}: {:?}",
                case.name,
                case.first_error()
            );
            assert!(case.expect.is_some(), "{name}: {} has no expect", case.name);
        }
        assert!(
            file.cases.iter().filter(|c| c.hidden).count() >= 2,
            "{name}: fewer than two hidden cases"
        );
        assert!(!exercise.hints.is_empty(), "{name}: no hints");
        assert!(!exercise.instructions.is_empty(), "{name}: no instructions");

        let solution = exercise
            .solution_submission(&file)
            .unwrap_or_else(|| panic!("{name}: no solution"));
        let graded = exercise::grade(
            &mut sources,
            &root,
            &exercise,
            &solution,
            LoadOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(
            graded.is_full_marks(),
            "{name}: the solution scores {graded:?}"
        );

        let start = Submission {
            exercise: exercise.id.clone(),
            answers: Vec::new(),
            predictions: Vec::new(),
            span: Default::default(),
        };
        let graded = exercise::grade(
            &mut sources,
            &root,
            &exercise,
            &start,
            LoadOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(
            !graded.is_full_marks(),
            "{name}: the starting state already has full marks"
        );
        // Something visible fails at the start, so the student sees where to begin.
        assert!(
            graded.failed_visible().next().is_some(),
            "{name}: every visible case passes at the start"
        );
    }
}

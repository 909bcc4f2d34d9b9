//! `iamlab grade EXERCISE SUBMISSION...`: score students' submissions
//! against an exercise file, hidden cases included
//! (`docs/exercise-format.md`).

use std::fmt::Write as _;

use iamlab_core::case::load_value;
use iamlab_core::diagnostic::Diagnostic;
use iamlab_core::exercise::{self, Exercise, Grade, Submission};
use iamlab_core::json::{self, Limits, Value};
use iamlab_core::source::SourceMap;

use crate::render;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Csv,
}

/// One submission's result.
struct Row {
    path: String,
    student: Option<String>,
    outcome: Result<Grade, String>,
}

/// Runs `grade`; returns the exit code.
pub(crate) fn run(args: &[String]) -> u8 {
    let mut format = Format::Text;
    let mut with_solution = false;
    let mut files = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--json" => format = Format::Json,
            "--csv" => format = Format::Csv,
            "--solution" => with_solution = true,
            flag if flag.starts_with('-') => {
                eprintln!("error: unknown option `{flag}` for `iamlab grade`");
                return 2;
            }
            path => files.push(path.to_owned()),
        }
    }
    let Some((exercise_path, submissions)) = files.split_first() else {
        eprintln!("error: `iamlab grade` needs an exercise file, then submission files");
        return 2;
    };
    if submissions.is_empty() && !with_solution {
        eprintln!(
            "error: `iamlab grade` needs at least one submission file after the exercise (or `--solution`)"
        );
        return 2;
    }
    let mut sources = SourceMap::new();
    let Some(loaded) = load_exercise(&mut sources, exercise_path) else {
        return 2;
    };
    let Loaded {
        root,
        exercise,
        total,
        solution,
    } = loaded;
    let mut rows = Vec::with_capacity(submissions.len() + 1);
    let mut unreadable = false;
    if with_solution {
        rows.push(grade_solution(
            &mut sources,
            &root,
            &exercise,
            solution.as_ref(),
            exercise_path,
        ));
    }
    for path in submissions {
        // Each submission's sources are dropped after grading, so memory
        // stays flat over a whole class.
        let mut own = sources.clone();
        let (row, readable) = grade_one(&mut own, &root, &exercise, path);
        unreadable |= !readable;
        rows.push(row);
    }
    print_rows(&rows, &exercise, total, format);
    let full = rows
        .iter()
        .filter(|r| r.outcome.as_ref().is_ok_and(Grade::is_full_marks))
        .count();
    let summary = format!(
        "{} submission{}, {full} with full marks",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    match format {
        Format::Text => outln!("{summary}"),
        Format::Json | Format::Csv => eprintln!("{summary}"),
    }
    if unreadable {
        2
    } else if full < rows.len() {
        1
    } else {
        0
    }
}

/// Reads the exercise file: its JSON, its `exercise` member, and its cases
/// as they stand (to count them). Prints why when it cannot.
/// An exercise file, read and checked.
struct Loaded {
    root: Value,
    exercise: Exercise,
    /// How many cases it has, hidden ones included.
    total: usize,
    /// Its solution as a submission, if it gives one.
    solution: Option<Submission>,
}

fn load_exercise(sources: &mut SourceMap, path: &str) -> Option<Loaded> {
    let source = crate::read_source(sources, path)?;
    let text = sources.get(source).map(|s| s.text().to_owned())?;
    let (value, diagnostics) = json::parse(&text, source, Limits::default());
    let report = |sources: &SourceMap, diagnostics: &[Diagnostic]| {
        eprint!("{}", render::file_errors(sources, diagnostics));
    };
    let root = match value {
        Some(root) if !diagnostics.iter().any(Diagnostic::is_error) => root,
        _ => {
            report(sources, &diagnostics);
            return None;
        }
    };
    let exercise = match exercise::read_exercise(&root) {
        Ok(exercise) => exercise,
        Err(problems) => {
            report(sources, &problems);
            return None;
        }
    };
    // Loading once checks the file and counts its cases; the sources it adds
    // (the exercise's own policies) are shared by every submission.
    match load_value(sources, &root, crate::catalog::load_options()) {
        Ok(file) => Some(Loaded {
            total: file.cases.len(),
            solution: exercise.solution_submission(&file),
            root,
            exercise,
        }),
        Err(problems) => {
            report(sources, &problems);
            None
        }
    }
}

fn grade_solution(
    sources: &mut SourceMap,
    root: &Value,
    exercise: &Exercise,
    solution: Option<&Submission>,
    path: &str,
) -> Row {
    let label = format!("{path} (solution)");
    let outcome = match solution {
        Some(submission) => grade_submission(sources, root, exercise, submission),
        None => Err(String::from("the exercise gives no `solution`")),
    };
    Row {
        path: label,
        student: None,
        outcome,
    }
}

/// Grades one submission file; `false` when the file cannot be read.
fn grade_one(
    sources: &mut SourceMap,
    root: &Value,
    exercise: &Exercise,
    path: &str,
) -> (Row, bool) {
    let mut row = Row {
        path: path.to_owned(),
        student: None,
        outcome: Err(String::new()),
    };
    let Some(source) = crate::read_source(sources, path) else {
        row.outcome = Err(String::from("the file cannot be read"));
        return (row, false);
    };
    let text = sources
        .get(source)
        .map(|s| s.text().to_owned())
        .unwrap_or_default();
    let (value, diagnostics) = json::parse(&text, source, Limits::default());
    let value = match (value, diagnostics.iter().find(|d| d.is_error())) {
        (Some(value), None) => value,
        (_, first) => {
            row.outcome = Err(first.map_or_else(
                || String::from("the file is empty"),
                |d| render::one_line(sources, d),
            ));
            return (row, true);
        }
    };
    row.student = value
        .get("student")
        .and_then(Value::as_str)
        .map(String::from);
    row.outcome = match exercise::read_submission(&value) {
        Ok(submission) => grade_submission(sources, root, exercise, &submission),
        Err(problem) => Err(render::one_line(sources, &problem)),
    };
    (row, true)
}

fn grade_submission(
    sources: &mut SourceMap,
    root: &Value,
    exercise: &Exercise,
    submission: &Submission,
) -> Result<Grade, String> {
    exercise::grade(
        sources,
        root,
        exercise,
        submission,
        crate::catalog::load_options(),
    )
    .map_err(|problem| render::one_line(sources, &problem))
}

fn print_rows(rows: &[Row], exercise: &Exercise, total: usize, format: Format) {
    if format == Format::Csv {
        outln!(
            "submission,exercise,student,passed,total,score,full_marks,failed,hidden_failed,error"
        );
    }
    for row in rows {
        let line = match format {
            Format::Text => match &row.outcome {
                Ok(grade) => format!("{}: {} of {}", row.path, grade.passed, grade.total),
                Err(message) => format!("{}: ERROR: {message}", row.path),
            },
            Format::Json => json_row(row, exercise, total),
            Format::Csv => csv_row(row, exercise, total),
        };
        outln!("{line}");
    }
}

fn json_row(row: &Row, exercise: &Exercise, total: usize) -> String {
    let (passed, total, failed, hidden_failed, error) = match &row.outcome {
        Ok(grade) => (
            grade.passed,
            grade.total,
            grade.failed_visible().map(String::from).collect::<Vec<_>>(),
            grade.hidden_failed(),
            None,
        ),
        Err(message) => (0, total, Vec::new(), 0, Some(message.clone())),
    };
    serde_json::json!({
        "submission": row.path,
        "exercise": exercise.id,
        "student": row.student,
        "passed": passed,
        "total": total,
        "failed": failed,
        "hiddenFailed": hidden_failed,
        "error": error,
    })
    .to_string()
}

fn csv_row(row: &Row, exercise: &Exercise, total: usize) -> String {
    let mut out = String::new();
    let fields: [String; 10] = match &row.outcome {
        Ok(grade) => [
            row.path.clone(),
            exercise.id.clone(),
            row.student.clone().unwrap_or_default(),
            grade.passed.to_string(),
            grade.total.to_string(),
            score(grade.passed, grade.total),
            grade.is_full_marks().to_string(),
            grade.failed_visible().collect::<Vec<_>>().join("; "),
            grade.hidden_failed().to_string(),
            String::new(),
        ],
        Err(message) => [
            row.path.clone(),
            exercise.id.clone(),
            row.student.clone().unwrap_or_default(),
            String::from("0"),
            total.to_string(),
            score(0, total),
            String::from("false"),
            String::new(),
            String::from("0"),
            message.clone(),
        ],
    };
    for (index, field) in fields.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(&csv_field(field));
    }
    out
}

/// The score as a fraction of 1 with two decimals (`0.75`).
fn score(passed: usize, total: usize) -> String {
    if total == 0 {
        return String::from("1.00");
    }
    let hundredths = passed * 100 / total;
    let mut out = String::new();
    let _ = write!(out, "{}.{:02}", hundredths / 100, hundredths % 100);
    out
}

/// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::{csv_field, score};

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn scores_have_two_decimals() {
        assert_eq!(score(3, 4), "0.75");
        assert_eq!(score(4, 4), "1.00");
        assert_eq!(score(1, 3), "0.33");
        assert_eq!(score(0, 0), "1.00");
    }
}

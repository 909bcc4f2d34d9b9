//! Rendering core data as text: diagnostics as compiler-style snippets, and
//! places as `file:line:col`.

use std::fmt::Write;

use iamlab_core::diagnostic::Diagnostic;
use iamlab_core::source::{SourceMap, Span};

/// `file:line:col` of a span's start.
pub(crate) fn place(sources: &SourceMap, span: Span) -> String {
    let location = sources.locate(span);
    format!("{}:{}:{}", location.name, location.line, location.column)
}

/// A diagnostic in one line: `file:line:col: message`, then each secondary
/// place (`; a `,` is missing after this value at file:5:22`).
pub(crate) fn one_line(sources: &SourceMap, diagnostic: &Diagnostic) -> String {
    let mut out = format!(
        "{}: {}",
        place(sources, diagnostic.span),
        diagnostic.message
    );
    for label in &diagnostic.labels {
        let _ = write!(out, "; {} at {}", label.message, place(sources, label.span));
    }
    out
}

/// The most errors shown for a file that cannot be read: a hostile file
/// can hold a million, and the first ones say what is wrong.
const MAX_FILE_ERRORS: usize = 20;

/// Why a file cannot be read: its first errors as snippets, then how many
/// more there are.
pub(crate) fn file_errors(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    let mut out = String::new();
    for diagnostic in errors.iter().take(MAX_FILE_ERRORS) {
        out.push_str(&diagnostic_text(sources, diagnostic));
    }
    if errors.len() > MAX_FILE_ERRORS {
        let _ = writeln!(
            out,
            "... and {} more errors",
            errors.len() - MAX_FILE_ERRORS
        );
    }
    out
}

/// A diagnostic with the line it points at, underlined.
pub(crate) fn diagnostic(sources: &SourceMap, diagnostic: &Diagnostic) -> String {
    diagnostic_text(sources, diagnostic)
}

fn diagnostic_text(sources: &SourceMap, diagnostic: &Diagnostic) -> String {
    let mut out = String::new();
    let label = diagnostic.severity.as_str();
    let _ = writeln!(
        out,
        "{label}[{}]: {}",
        diagnostic.code.as_str(),
        diagnostic.message
    );
    out.push_str(&snippet(sources, diagnostic.span));
    for label in &diagnostic.labels {
        let mut labelled = snippet(sources, label.span);
        // The caret line is the last line of a snippet; the label goes after it.
        labelled.pop();
        let _ = writeln!(labelled, " {}", label.message);
        out.push_str(&labelled);
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "   = help: {help}");
    }
    out
}

/// The source line of a span, with a caret line under it.
pub(crate) fn snippet(sources: &SourceMap, span: Span) -> String {
    let mut out = String::new();
    let (location, full_line) = sources.line_text(span);
    // A minified file is one long line: show a window around the place.
    let (line_text, skipped) = window(&full_line, location.column as usize);
    let location = iamlab_core::source::Location {
        column: location
            .column
            .saturating_sub(u32::try_from(skipped).unwrap_or(0)),
        ..location
    };
    let end = sources.locate_end(span);
    let number = location.line.to_string();
    let gutter = " ".repeat(number.len());
    let _ = writeln!(
        out,
        "{gutter}--> {}:{}:{}",
        location.name,
        location.line,
        location.column as usize + skipped
    );
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{number} | {line_text}");
    let start_column = location.column as usize;
    let line_length = line_text.chars().count();
    let end_column = if end.line == location.line {
        (end.column as usize).saturating_sub(skipped)
    } else {
        line_length + 1
    };
    let width = end_column.saturating_sub(start_column).max(1);
    let _ = writeln!(
        out,
        "{gutter} | {}{}",
        " ".repeat(start_column.saturating_sub(1)),
        "^".repeat(width)
    );
    out
}

/// The characters a snippet shows of a line around `column` (1-based):
/// the whole line when it is short, else a window marked with `…`; and how
/// many characters before the window were left out (the `…` stands for
/// them, so columns shift by that many, less one).
fn window(line: &str, column: usize) -> (String, usize) {
    const SHORT: usize = 160;
    const BEFORE: usize = 60;
    const AFTER: usize = 80;
    let length = line.chars().count();
    if length <= SHORT {
        return (line.to_owned(), 0);
    }
    let first = column.saturating_sub(1).saturating_sub(BEFORE);
    let last = (column + AFTER).min(length);
    let mut text: String = line.chars().skip(first).take(last - first).collect();
    let mut skipped = 0;
    if first > 0 {
        text.insert(0, '…');
        skipped = first - 1;
    }
    if last < length {
        text.push('…');
    }
    (text, skipped)
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn long_lines_are_cut_to_a_window_around_the_place() {
        assert_eq!(window("short", 3), (String::from("short"), 0));
        let line = "x".repeat(1000) + "HERE" + &"y".repeat(1000);
        let (text, skipped) = window(&line, 1001);
        assert!(text.starts_with('…') && text.ends_with('…'));
        // The column within the window: 1001 - skipped.
        assert_eq!(text.chars().nth(1001 - skipped - 1), Some('H'));
        assert!(text.chars().count() < 200);
    }
}

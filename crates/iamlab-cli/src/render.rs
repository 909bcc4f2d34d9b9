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

/// A diagnostic with the line it points at, underlined.
pub(crate) fn diagnostic(sources: &SourceMap, diagnostic: &Diagnostic) -> String {
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
    let (location, line_text) = sources.line_text(span);
    let end = sources.locate_end(span);
    let number = location.line.to_string();
    let gutter = " ".repeat(number.len());
    let _ = writeln!(
        out,
        "{gutter}--> {}:{}:{}",
        location.name, location.line, location.column
    );
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{number} | {line_text}");
    let start_column = location.column as usize;
    let line_length = line_text.chars().count();
    let end_column = if end.line == location.line {
        end.column as usize
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

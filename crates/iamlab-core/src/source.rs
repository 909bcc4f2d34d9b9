//! Source texts, byte spans and line/column lookup.
//!
//! A [`Span`] is a pair of byte offsets into one source and holds no text, so
//! it is `Copy` and cheap to keep on every element of a policy. Lines and
//! columns are computed only when a diagnostic or a trace is shown.
//!
//! A policy document embedded as a JSON string (the way AWS APIs return
//! policies) becomes its own source, linked to the span of the string literal
//! in its parent. [`SourceMap::locate`] maps a position inside such a source
//! back to the line and column of the character in the outer file, so every
//! report can name a place the user can open in an editor.

use core::cell::OnceCell;

use alloc::string::String;
use alloc::vec::Vec;

/// Identifies one source text in a [`SourceMap`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SourceId(pub u32);

/// A byte range in one source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Span {
    /// The source the offsets refer to.
    pub source: SourceId,
    /// Offset of the first byte.
    pub start: u32,
    /// Offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// The same span in `source`, `delta` bytes on (clamped to the range of
    /// offsets).
    pub fn moved(self, source: SourceId, delta: i64) -> Span {
        let shift =
            |offset: u32| u32::try_from((i64::from(offset) + delta).max(0)).unwrap_or(u32::MAX);
        Span {
            source,
            start: shift(self.start),
            end: shift(self.end),
        }
    }

    /// A span from `start` to `end` in `source`.
    pub fn new(source: SourceId, start: usize, end: usize) -> Self {
        Span {
            source,
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    /// The smallest span covering both (they must share a source).
    pub fn to(self, other: Span) -> Span {
        Span {
            source: self.source,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// One source text: a file, an editor buffer, or a policy embedded as a string.
#[derive(Clone, Debug)]
pub struct Source {
    name: String,
    text: String,
    parent: Option<Span>,
    /// Where each line starts, made on the first lookup, so that placing
    /// many diagnostics in a big file costs a binary search each rather
    /// than a scan from the start (a hostile file can hold a million).
    lines: OnceCell<LineIndex>,
}

/// The lines of a source: each one's start offset, and whether it is ASCII
/// (where a column is a byte count).
#[derive(Clone, Debug, Default)]
struct LineIndex {
    starts: Vec<usize>,
    ascii: Vec<bool>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        // One pass over the bytes, which notes each line's start and whether
        // it is ASCII together (the page indexes a policy's text again on
        // every keystroke).
        let mut index = LineIndex::default();
        let mut start = 0;
        let mut bits = 0u8;
        for (at, &byte) in text.as_bytes().iter().enumerate() {
            bits |= byte;
            if byte == b'\n' {
                index.starts.push(start);
                index.ascii.push(bits.is_ascii());
                start = at + 1;
                bits = 0;
            }
        }
        index.starts.push(start);
        index.ascii.push(bits.is_ascii());
        index
    }

    /// 1-based line and character column of a byte offset.
    fn line_column(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = if self.ascii.get(line - 1).copied().unwrap_or(false) {
            offset - start.min(offset)
        } else {
            text.get(start..offset)
                .map_or(0, |part| part.chars().count())
        };
        (
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column + 1).unwrap_or(u32::MAX),
        )
    }
}

impl Source {
    /// The name shown in reports (a file path or an editor title).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The full text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// For an embedded document, the span of the string literal that held it.
    pub fn parent(&self) -> Option<Span> {
        self.parent
    }
}

/// A resolved place in a source, 1-based, counted in characters.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Location {
    /// Name of the outermost source (the file the user opened).
    pub name: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// Every source text that spans may refer to.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    sources: Vec<Source>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        SourceMap::default()
    }

    /// Adds a top-level source and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> SourceId {
        self.push(Source {
            name: name.into(),
            text: text.into(),
            parent: None,
            lines: OnceCell::new(),
        })
    }

    /// Adds a document decoded from the JSON string literal at `parent`.
    pub fn add_embedded(&mut self, parent: Span, text: impl Into<String>) -> SourceId {
        let name = self
            .get(parent.source)
            .map(|source| source.name.clone())
            .unwrap_or_default();
        self.push(Source {
            name,
            text: text.into(),
            parent: Some(parent),
            lines: OnceCell::new(),
        })
    }

    fn push(&mut self, source: Source) -> SourceId {
        let id = SourceId(u32::try_from(self.sources.len()).unwrap_or(u32::MAX));
        self.sources.push(source);
        id
    }

    /// The source with this id.
    pub fn get(&self, id: SourceId) -> Option<&Source> {
        self.sources.get(id.0 as usize)
    }

    /// The text a span covers, or "" when it is out of range.
    pub fn slice(&self, span: Span) -> &str {
        self.get(span.source)
            .and_then(|source| source.text.get(span.start as usize..span.end as usize))
            .unwrap_or("")
    }

    /// Resolves the start of `span` to a line and column in the outermost file.
    pub fn locate(&self, span: Span) -> Location {
        self.locate_offset(span.source, span.start as usize, 0)
    }

    /// Resolves the end of `span` (the position just past it).
    pub fn locate_end(&self, span: Span) -> Location {
        self.locate_offset(span.source, span.end as usize, 0)
    }

    fn locate_offset(&self, id: SourceId, offset: usize, depth: u32) -> Location {
        let Some(source) = self.get(id) else {
            return Location {
                name: String::new(),
                line: 1,
                column: 1,
            };
        };
        if let (Some(parent), true) = (source.parent, depth < 16) {
            // The embedded text was decoded from a string literal; walk the
            // literal's escapes to find the outer byte of this offset.
            let literal = self.slice(parent);
            let outer = parent.start as usize + offset_in_literal(literal, offset);
            return self.locate_offset(parent.source, outer, depth + 1);
        }
        let (line, column) = source
            .lines
            .get_or_init(|| LineIndex::new(&source.text))
            .line_column(&source.text, offset);
        Location {
            name: source.name.clone(),
            line,
            column,
        }
    }

    /// The full text of the line holding `location`-resolved `span`, for snippets.
    pub fn line_text(&self, span: Span) -> (Location, String) {
        let location = self.locate(span);
        let root = self.root_of(span.source);
        let text = self
            .get(root)
            .map(|source| source.text.as_str())
            .unwrap_or("");
        let line = text
            .split('\n')
            .nth(location.line.saturating_sub(1) as usize)
            .unwrap_or("")
            .trim_end_matches('\r');
        (location, String::from(line))
    }

    fn root_of(&self, mut id: SourceId) -> SourceId {
        for _ in 0..16 {
            match self.get(id).and_then(|source| source.parent) {
                Some(parent) => id = parent.source,
                None => break,
            }
        }
        id
    }
}

/// 1-based line and character column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |idx| idx + 1);
    let line = before.bytes().filter(|&byte| byte == b'\n').count() + 1;
    let column = before
        .get(line_start..)
        .map_or(0, |rest| rest.chars().count())
        + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// Maps a byte offset in the decoded content of a JSON string literal (given
/// with its quotes) to the byte offset in the literal itself.
fn offset_in_literal(literal: &str, decoded_offset: usize) -> usize {
    let bytes = literal.as_bytes();
    let mut raw = 1; // Skip the opening quote.
    let mut decoded = 0;
    while raw < bytes.len() && decoded < decoded_offset {
        match bytes.get(raw) {
            Some(b'\\') => {
                let escape = bytes.get(raw + 1).copied().unwrap_or(b'"');
                if escape == b'u' {
                    let code = parse_hex4(bytes.get(raw + 2..raw + 6));
                    match code {
                        Some(high @ 0xD800..=0xDBFF) => {
                            let low = parse_hex4(bytes.get(raw + 8..raw + 12)).unwrap_or(0);
                            let scalar =
                                0x10000 + ((high - 0xD800) << 10) + (low.wrapping_sub(0xDC00));
                            decoded += char::from_u32(scalar).map_or(3, char::len_utf8);
                            raw += 12;
                        }
                        Some(code) => {
                            decoded += char::from_u32(code).map_or(3, char::len_utf8);
                            raw += 6;
                        }
                        None => {
                            raw += 2;
                            decoded += 1;
                        }
                    }
                } else {
                    raw += 2;
                    decoded += 1;
                }
            }
            Some(_) => {
                raw += 1;
                decoded += 1;
            }
            None => break,
        }
    }
    raw
}

fn parse_hex4(digits: Option<&[u8]>) -> Option<u32> {
    let digits = digits?;
    if digits.len() != 4 {
        return None;
    }
    let mut value = 0u32;
    for &digit in digits {
        value = value * 16 + char::from(digit).to_digit(16)?;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters() {
        assert_eq!(line_column("ab\ncd", 0), (1, 1));
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("é\nx", 2), (1, 2));
    }

    #[test]
    fn the_line_index_agrees_with_the_scan() {
        for text in [
            "ab\r\néé x\n\n  \u{1F600}z\nlast",
            "",
            "\n",
            "é\n",
            "a\nb\n",
        ] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                if text.is_char_boundary(offset.min(text.len())) {
                    assert_eq!(
                        index.line_column(text, offset),
                        line_column(text, offset),
                        "{text:?} at {offset}"
                    );
                }
            }
        }
    }

    #[test]
    fn embedded_offsets_map_through_escapes() {
        let mut map = SourceMap::new();
        let outer = "{\"d\": \"{\\\"a\\\": 1,\\n  x}\"}";
        let file = map.add("f.json", outer);
        let start = outer.find("\"{").unwrap();
        let literal = Span::new(file, start, outer.len() - 1);
        let inner_text = "{\"a\": 1,\n  x}";
        let inner = map.add_embedded(literal, inner_text);
        let x = inner_text.find('x').unwrap();
        let location = map.locate(Span::new(inner, x, x + 1));
        assert_eq!(location.line, 1);
        assert_eq!(outer.chars().nth(location.column as usize - 1), Some('x'));
    }
}

//! Syntax colouring for the policy editors: JSON tokens, and the text cut
//! into runs that each carry one set of classes.
//!
//! This is presentation only. The editor's text is checked by the core's
//! JSON reader (its diagnostics are what the page reports); this tokenizer
//! only has to colour well, including text that does not parse yet, so it
//! never fails and never looks further than the current token.

/// What a run of text is, for its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// A string in key position.
    Key,
    /// Any other string.
    String,
    /// A number.
    Number,
    /// `true`, `false` or `null`.
    Literal,
    /// `{ } [ ] , :`.
    Punctuation,
    /// Anything JSON does not allow there.
    Invalid,
}

impl TokenKind {
    /// The CSS class of the token.
    pub(crate) fn class(self) -> &'static str {
        match self {
            TokenKind::Key => "tk-key",
            TokenKind::String => "tk-str",
            TokenKind::Number => "tk-num",
            TokenKind::Literal => "tk-lit",
            TokenKind::Punctuation => "tk-punct",
            TokenKind::Invalid => "tk-bad",
        }
    }
}

/// One token: a byte range of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    /// Start byte.
    pub(crate) start: usize,
    /// End byte (exclusive).
    pub(crate) end: usize,
    /// What it is.
    pub(crate) kind: TokenKind,
}

/// A byte range to mark on top of the colours (a diagnostic, a highlight).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Mark {
    /// Start byte.
    pub(crate) start: usize,
    /// End byte (exclusive).
    pub(crate) end: usize,
    /// The CSS class.
    pub(crate) class: &'static str,
}

/// A run of text with one token kind (or none) and the marks over it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Run {
    /// Start byte.
    pub(crate) start: usize,
    /// End byte (exclusive).
    pub(crate) end: usize,
    /// The token it belongs to, if any (whitespace has none).
    pub(crate) token: Option<TokenKind>,
    /// The classes of the marks that cover it.
    pub(crate) marks: Vec<&'static str>,
}

/// The JSON tokens of `text`, in order.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut idx = 0;
    while idx < bytes.len() {
        let byte = bytes[idx];
        let start = idx;
        let kind = match byte {
            b' ' | b'\t' | b'\n' | b'\r' => {
                idx += 1;
                continue;
            }
            b'{' | b'}' | b'[' | b']' | b',' | b':' => {
                idx += 1;
                TokenKind::Punctuation
            }
            b'"' => {
                idx = string_end(bytes, idx);
                if next_significant(bytes, idx) == Some(b':') {
                    TokenKind::Key
                } else {
                    TokenKind::String
                }
            }
            b'-' | b'0'..=b'9' => {
                idx += 1;
                while idx < bytes.len()
                    && matches!(bytes[idx], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                {
                    idx += 1;
                }
                TokenKind::Number
            }
            b'a'..=b'z' | b'A'..=b'Z' => {
                while idx < bytes.len() && bytes[idx].is_ascii_alphanumeric() {
                    idx += 1;
                }
                match text.get(start..idx).unwrap_or("") {
                    "true" | "false" | "null" => TokenKind::Literal,
                    _ => TokenKind::Invalid,
                }
            }
            _ => {
                idx += text
                    .get(idx..)
                    .and_then(|rest| rest.chars().next())
                    .map_or(1, char::len_utf8);
                TokenKind::Invalid
            }
        };
        tokens.push(Token {
            start,
            end: idx,
            kind,
        });
    }
    tokens
}

/// The end of the string that starts at `start` (a quote): after its closing
/// quote, or at the end of the line when it is not closed.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut idx = start + 1;
    while idx < bytes.len() {
        match bytes[idx] {
            b'\\' => idx += 2,
            b'"' => return idx + 1,
            b'\n' => return idx,
            _ => idx += 1,
        }
    }
    bytes.len()
}

fn next_significant(bytes: &[u8], from: usize) -> Option<u8> {
    bytes
        .get(from..)?
        .iter()
        .copied()
        .find(|b| !b.is_ascii_whitespace())
}

/// The nearest char boundary at or after `offset`, within the text.
fn boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// Cuts `text` into runs so that each run has one token kind and one set of
/// marks. Marks are clamped to the text; an empty mark covers the character
/// after it (a mark at the very end covers nothing and is left to the caller).
pub(crate) fn runs(text: &str, tokens: &[Token], marks: &[Mark]) -> Vec<Run> {
    let marks: Vec<Mark> = marks
        .iter()
        .map(|mark| {
            let start = boundary(text, mark.start);
            let mut end = boundary(text, mark.end.max(start));
            if end == start {
                end = boundary(text, start + 1);
            }
            Mark {
                start,
                end,
                ..*mark
            }
        })
        .filter(|mark| mark.end > mark.start)
        .collect();
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for token in tokens {
        cuts.push(token.start);
        cuts.push(token.end);
    }
    for mark in &marks {
        cuts.push(mark.start);
        cuts.push(mark.end);
    }
    iamlab_core::sort::sort(&mut cuts);
    cuts.dedup();
    let mut out = Vec::with_capacity(cuts.len());
    let mut token_idx = 0;
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        while token_idx < tokens.len() && tokens[token_idx].end <= start {
            token_idx += 1;
        }
        let token = tokens
            .get(token_idx)
            .filter(|t| t.start <= start && end <= t.end)
            .map(|t| t.kind);
        let covering: Vec<&'static str> = marks
            .iter()
            .filter(|m| m.start <= start && end <= m.end)
            .map(|m| m.class)
            .collect();
        out.push(Run {
            start,
            end,
            token,
            marks: covering,
        });
    }
    out
}

/// A block of whole lines of an editor's text, with its tokens and marks
/// counted from the block's start. The editor renders each block as its own
/// component: typing changes one block, and the others, equal to what they
/// were, are not rendered again (measured: re-rendering every token of a
/// 100 KB policy took most of a keystroke's 130 ms).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Chunk {
    /// The 1-based number of its first line.
    pub(crate) first_line: usize,
    /// Its text: whole lines, each with its newline but perhaps the last.
    pub(crate) text: String,
    /// Its tokens, clipped to it, from its start.
    pub(crate) tokens: Vec<Token>,
    /// The marks over it, clipped to it, from its start.
    pub(crate) marks: Vec<Mark>,
}

/// Cuts `text` into blocks of `lines` lines (the last may be shorter).
/// A mark belongs to every block it covers; an empty mark to the block its
/// position is in.
pub(crate) fn chunks(text: &str, tokens: &[Token], marks: &[Mark], lines: usize) -> Vec<Chunk> {
    let lines = lines.max(1);
    let mut starts = vec![0];
    let mut seen = 0;
    for (idx, byte) in text.bytes().enumerate() {
        if byte == b'\n' {
            seen += 1;
            if seen % lines == 0 && idx + 1 < text.len() {
                starts.push(idx + 1);
            }
        }
    }
    let mut out = Vec::with_capacity(starts.len());
    let mut token_idx = 0;
    for (number, &start) in starts.iter().enumerate() {
        let end = starts.get(number + 1).copied().unwrap_or(text.len());
        while token_idx < tokens.len() && tokens[token_idx].end <= start {
            token_idx += 1;
        }
        let chunk_tokens = tokens[token_idx..]
            .iter()
            .take_while(|t| t.start < end)
            .map(|t| Token {
                start: t.start.max(start) - start,
                end: t.end.min(end) - start,
                kind: t.kind,
            })
            .collect();
        let chunk_marks = marks
            .iter()
            .filter(|m| {
                (m.start < end && m.end > start)
                    || (m.start >= start
                        && (m.start < end || (end == text.len() && m.start == end)))
            })
            .map(|m| Mark {
                start: m.start.max(start) - start,
                end: m.end.clamp(start, end) - start,
                class: m.class,
            })
            .collect();
        out.push(Chunk {
            first_line: number * lines + 1,
            text: text.get(start..end).unwrap_or("").to_owned(),
            tokens: chunk_tokens,
            marks: chunk_marks,
        });
    }
    out
}

/// The 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let offset = boundary(text, offset);
    newlines(text.get(..offset).unwrap_or(text)) + 1
}

/// How many newlines `text` holds (a byte count: the editor counts the lines
/// of its whole text on every render).
pub(crate) fn newlines(text: &str) -> usize {
    text.bytes().filter(|byte| *byte == b'\n').count()
}

/// How many UTF-16 code units precede byte `offset` (what a textarea's
/// selection counts in).
pub(crate) fn utf16_offset(text: &str, offset: usize) -> u32 {
    let offset = boundary(text, offset);
    let before = text.get(..offset).unwrap_or(text);
    // ASCII text counts the same in bytes and in UTF-16 units, and checking
    // that is far cheaper than encoding (an editor converts a few offsets of
    // its whole text on every render).
    let units = if before.is_ascii() {
        before.len()
    } else {
        before.encode_utf16().count()
    };
    u32::try_from(units).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cut_whole_lines_and_colour_as_the_whole_text_does() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\"},\n    1.5, true\n  ]\n}\n";
        let tokens = tokenize(text);
        let marks = [
            Mark {
                start: 5,
                end: 40,
                class: "diag-error",
            },
            Mark {
                start: 60,
                end: 60,
                class: "diag-warning",
            },
            Mark {
                start: text.len(),
                end: text.len(),
                class: "diag-error",
            },
        ];
        for lines in 1..=8 {
            let chunks = chunks(text, &tokens, &marks, lines);
            let joined: String = chunks.iter().map(|c| c.text.as_str()).collect();
            assert_eq!(joined, text);
            let mut offset = 0;
            let mut line = 1;
            let mut pieces = Vec::new();
            for chunk in &chunks {
                assert_eq!(chunk.first_line, line);
                line += chunk.text.matches('\n').count();
                assert!(chunk.text.matches('\n').count() <= lines);
                for run in runs(&chunk.text, &chunk.tokens, &chunk.marks) {
                    if run.start < run.end {
                        pieces.push((run.start + offset, run.end + offset, run.token, run.marks));
                    }
                }
                offset += chunk.text.len();
            }
            // Same colours and marks, cut at the chunk boundaries too.
            let whole: Vec<_> = runs(text, &tokens, &marks[..2])
                .into_iter()
                .filter(|run| run.start < run.end)
                .collect();
            for run in &whole {
                let covered: Vec<_> = pieces
                    .iter()
                    .filter(|(start, end, _, _)| run.start <= *start && *end <= run.end)
                    .collect();
                assert_eq!(
                    covered.iter().map(|(s, e, _, _)| e - s).sum::<usize>(),
                    run.end - run.start,
                    "{lines} lines: {run:?}"
                );
                for (_, _, token, classes) in covered {
                    assert_eq!(*token, run.token, "{lines} lines");
                    assert_eq!(*classes, run.marks, "{lines} lines");
                }
            }
        }
    }

    fn kinds(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text)
            .iter()
            .map(|t| (&text[t.start..t.end], t.kind))
            .collect()
    }

    #[test]
    fn keys_values_and_punctuation_get_their_kinds() {
        use TokenKind::{Key, Literal, Number, Punctuation, String};
        assert_eq!(
            kinds(r#"{"Effect": "Allow", "n": -1.5e3, "b": [true, null]}"#),
            vec![
                ("{", Punctuation),
                ("\"Effect\"", Key),
                (":", Punctuation),
                ("\"Allow\"", String),
                (",", Punctuation),
                ("\"n\"", Key),
                (":", Punctuation),
                ("-1.5e3", Number),
                (",", Punctuation),
                ("\"b\"", Key),
                (":", Punctuation),
                ("[", Punctuation),
                ("true", Literal),
                (",", Punctuation),
                ("null", Literal),
                ("]", Punctuation),
                ("}", Punctuation),
            ]
        );
    }

    #[test]
    fn broken_text_still_colours() {
        assert_eq!(
            kinds("{\"a\\\"b\": tru€ \"open\n}"),
            vec![
                ("{", TokenKind::Punctuation),
                ("\"a\\\"b\"", TokenKind::Key),
                (":", TokenKind::Punctuation),
                ("tru", TokenKind::Invalid),
                ("€", TokenKind::Invalid),
                ("\"open", TokenKind::String),
                ("}", TokenKind::Punctuation),
            ]
        );
    }

    #[test]
    fn runs_split_tokens_at_marks_and_keep_char_boundaries() {
        let text = "[\"é\", 1]";
        let tokens = tokenize(text);
        let mark = Mark {
            start: 2,
            end: 2,
            class: "diag",
        };
        let runs = runs(text, &tokens, &[mark]);
        let pieces: Vec<(&str, Option<TokenKind>, usize)> = runs
            .iter()
            .map(|r| (&text[r.start..r.end], r.token, r.marks.len()))
            .collect();
        assert_eq!(
            pieces,
            vec![
                ("[", Some(TokenKind::Punctuation), 0),
                ("\"", Some(TokenKind::String), 0),
                ("é", Some(TokenKind::String), 1),
                ("\"", Some(TokenKind::String), 0),
                (",", Some(TokenKind::Punctuation), 0),
                (" ", None, 0),
                ("1", Some(TokenKind::Number), 0),
                ("]", Some(TokenKind::Punctuation), 0),
            ]
        );
    }

    #[test]
    fn lines_and_utf16_offsets() {
        let text = "a\n😀b\nc";
        assert_eq!(line_of(text, 0), 1);
        assert_eq!(line_of(text, 2), 2);
        assert_eq!(line_of(text, text.len()), 3);
        assert_eq!(utf16_offset(text, 6), 4);
    }
}

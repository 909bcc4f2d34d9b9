//! The recursive-descent reader behind [`parse`].

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{Kind, Member, Value};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceId, Span};

/// Bounds on what the reader accepts.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Deepest nesting of arrays and objects.
    pub max_depth: u32,
    /// Largest input, in bytes.
    pub max_bytes: usize,
    /// Most values (of any kind, nested ones included) in one document, so
    /// that memory stays within a small multiple of the input even when it
    /// is millions of tiny values.
    pub max_values: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 64,
            max_bytes: 64 * 1024 * 1024,
            max_values: 4_000_000,
        }
    }
}

/// Parses `text` as one JSON value.
///
/// Returns the value (unless the syntax is broken) and every diagnostic found:
/// a syntax error stops the reader, while duplicate keys are reported and
/// reading goes on, so that all of them are shown at once.
pub fn parse(text: &str, source: SourceId, limits: Limits) -> (Option<Value>, Vec<Diagnostic>) {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        pos: 0,
        source,
        limits,
        diagnostics: Vec::new(),
        values: 0,
    };
    if text.len() > limits.max_bytes {
        let diagnostic = Diagnostic::error(
            Code::InputTooLarge,
            Span::new(source, 0, 0),
            format!(
                "input is {} bytes, more than the limit of {} bytes",
                text.len(),
                limits.max_bytes
            ),
        );
        return (None, alloc::vec![diagnostic]);
    }
    let result = reader.document();
    let mut diagnostics = reader.diagnostics;
    match result {
        Ok(value) => (Some(value), diagnostics),
        Err(error) => {
            diagnostics.push(error);
            (None, diagnostics)
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    source: SourceId,
    limits: Limits,
    diagnostics: Vec<Diagnostic>,
    /// Values read so far (bounded by `limits.max_values`).
    values: usize,
}

type Result<T> = core::result::Result<T, Diagnostic>;

fn duplicate_key(key: &str, span: Span) -> Diagnostic {
    Diagnostic::error(
        Code::JsonDuplicateKey,
        span,
        format!("duplicate key `{key}` in one object"),
    )
    .with_help("JSON parsers disagree on which copy wins; keep exactly one")
}

impl Reader<'_> {
    fn too_many_values(&self, start: usize) -> Diagnostic {
        Diagnostic::error(
            Code::InputTooLarge,
            Span::new(self.source, start, start + 1),
            format!(
                "the document holds more than {} values (strings, numbers, lists, objects...), the most iamlab reads",
                self.limits.max_values
            ),
        )
    }

    /// Reports each member whose key an earlier member has, in source
    /// order. The members are sorted by key (stably), so a huge object costs
    /// n log n.
    fn report_duplicates(&mut self, members: &[Member]) {
        // A small object (nearly every one) is checked pair by pair, without
        // allocating (measured: sorting every object's keys was a tenth of
        // reading a big policy); a big one is sorted, in n log n.
        const PAIRWISE: usize = 8;
        if members.len() <= PAIRWISE {
            for (at, member) in members.iter().enumerate() {
                let earlier = members.get(..at).unwrap_or_default();
                if earlier.iter().any(|other| other.key == member.key) {
                    self.diagnostics
                        .push(duplicate_key(&member.key, member.key_span));
                }
            }
            return;
        }
        let key = |i: usize| members.get(i).map_or("", |m| m.key.as_str());
        let mut order: Vec<usize> = (0..members.len()).collect();
        crate::sort::sort_by(&mut order, |a, b| key(*a).cmp(key(*b)));
        let mut repeated = alloc::vec![false; members.len()];
        for pair in order.windows(2) {
            if let [a, b] = *pair
                && key(a) == key(b)
                && let Some(flag) = repeated.get_mut(b)
            {
                *flag = true;
            }
        }
        for (member, repeated) in members.iter().zip(repeated) {
            if repeated {
                self.diagnostics
                    .push(duplicate_key(&member.key, member.key_span));
            }
        }
    }

    fn document(&mut self) -> Result<Value> {
        // A byte-order mark is not JSON, but editors add it; skip it quietly.
        if self.text.starts_with('\u{feff}') {
            self.pos = 3;
        }
        self.skip_whitespace();
        if self.pos >= self.bytes.len() {
            return Err(self.error_here("expected a JSON value, found the end of the input"));
        }
        let value = self.value(0)?;
        self.skip_whitespace();
        if self.pos < self.bytes.len() {
            return Err(self.error_here("unexpected text after the JSON value"));
        }
        Ok(value)
    }

    fn span(&self, start: usize) -> Span {
        Span::new(self.source, start, self.pos)
    }

    fn error_at(&self, start: usize, end: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(
            Code::JsonSyntax,
            Span::new(self.source, start, end),
            message,
        )
    }

    fn error_here(&self, message: impl Into<String>) -> Diagnostic {
        let end = self.next_char_end();
        self.error_at(self.pos, end, message)
    }

    fn next_char_end(&self) -> usize {
        let mut end = (self.pos + 1).min(self.bytes.len());
        while end < self.bytes.len() && !self.text.is_char_boundary(end) {
            end += 1;
        }
        end
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// The error for a value followed by something other than `,` or the
    /// closing bracket. When that something could start another value, the
    /// comma is most likely missing: the error also points at the end of
    /// the previous value, where it belongs, as rustc and serde_json do.
    fn missing_separator(&self, expected: &str, previous: Span) -> Diagnostic {
        let error = self.error_here(format!(
            "expected {expected}, found {}",
            self.describe_here()
        ));
        let starts_value = matches!(
            self.peek(),
            Some(b'"' | b'{' | b'[' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n')
        );
        if !starts_value {
            return error;
        }
        let end = previous.end as usize;
        let last_char_start = (0..end)
            .rev()
            .find(|&idx| self.text.is_char_boundary(idx))
            .unwrap_or(end);
        error
            .with_label(
                Span::new(self.source, last_char_start, end),
                "a `,` is missing after this value",
            )
            .with_help("separate the values with a comma")
    }

    fn describe_here(&self) -> String {
        match self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
        {
            None => String::from("the end of the input"),
            Some(ch) => format!("`{ch}`"),
        }
    }

    fn value(&mut self, depth: u32) -> Result<Value> {
        let start = self.pos;
        self.values += 1;
        if self.values > self.limits.max_values {
            return Err(self.too_many_values(start));
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => {
                let text = self.string()?;
                Ok(Value {
                    kind: Kind::String(text),
                    span: self.span(start),
                })
            }
            Some(b't') => self.literal("true", Kind::Bool(true)),
            Some(b'f') => self.literal("false", Kind::Bool(false)),
            Some(b'n') => self.literal("null", Kind::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'/') => Err(self.error_here("comments are not allowed in JSON")),
            Some(b'\'') => Err(self.error_here("strings must use double quotes")),
            _ => Err(self.error_here(format!(
                "expected a JSON value, found {}",
                self.describe_here()
            ))),
        }
    }

    fn literal(&mut self, word: &str, kind: Kind) -> Result<Value> {
        let start = self.pos;
        if self.bytes.get(start..start + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(Value {
                kind,
                span: self.span(start),
            })
        } else {
            let mut end = start;
            while end < self.bytes.len()
                && self.bytes.get(end).is_some_and(u8::is_ascii_alphanumeric)
            {
                end += 1;
            }
            let found = self.text.get(start..end.max(start + 1)).unwrap_or("");
            Err(self.error_at(
                start,
                end.max(start + 1),
                format!("expected a JSON value, found `{found}`"),
            ))
        }
    }

    fn number(&mut self) -> Result<Value> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    return Err(self.error_here("numbers must not have leading zeros"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error_here("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.error_here("expected a digit after the decimal point"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.error_here("expected a digit in the exponent"));
            }
            self.digits();
        }
        let text = self.text.get(start..self.pos).unwrap_or("");
        Ok(Value {
            kind: Kind::Number(String::from(text)),
            span: self.span(start),
        })
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    fn string(&mut self) -> Result<String> {
        let start = self.pos;
        self.pos += 1; // The opening quote.
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(byte) = self.peek() {
                if byte == b'"' || byte == b'\\' || byte < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(self.text.get(run_start..self.pos).unwrap_or(""));
            match self.peek() {
                None => return Err(self.error_at(start, self.pos, "unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => self.escape(&mut out)?,
                Some(_) => {
                    return Err(self.error_here(
                        "control characters must be escaped inside strings (use \\n or \\t)",
                    ));
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<()> {
        let start = self.pos;
        self.pos += 1;
        let Some(kind) = self.peek() else {
            return Err(self.error_at(start, self.pos, "unterminated escape"));
        };
        self.pos += 1;
        let ch = match kind {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4(start)?;
                if (0xDC00..=0xDFFF).contains(&high) {
                    return Err(self.error_at(start, self.pos, "lone surrogate escape"));
                }
                if (0xD800..=0xDBFF).contains(&high) {
                    if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                        return Err(self.error_at(start, self.pos, "lone surrogate escape"));
                    }
                    self.pos += 2;
                    let low = self.hex4(start)?;
                    if !(0xDC00..=0xDFFF).contains(&low) {
                        return Err(self.error_at(start, self.pos, "lone surrogate escape"));
                    }
                    let scalar = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    char::from_u32(scalar)
                        .ok_or_else(|| self.error_at(start, self.pos, "invalid unicode escape"))?
                } else {
                    char::from_u32(high)
                        .ok_or_else(|| self.error_at(start, self.pos, "invalid unicode escape"))?
                }
            }
            _ => {
                let end = self.next_char_end().max(self.pos);
                return Err(self.error_at(start, end, "invalid escape sequence"));
            }
        };
        out.push(ch);
        Ok(())
    }

    fn hex4(&mut self, escape_start: usize) -> Result<u32> {
        let mut value = 0u32;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or_else(|| {
                    self.error_at(escape_start, self.pos, "expected 4 hex digits after \\u")
                })?;
            value = value * 16 + digit;
            self.pos += 1;
        }
        Ok(value)
    }

    fn enter(&self, depth: u32) -> Result<()> {
        if depth >= self.limits.max_depth {
            let mut error = self.error_here(format!(
                "nesting is deeper than the limit of {} levels",
                self.limits.max_depth
            ));
            error.code = Code::JsonTooDeep;
            return Err(error);
        }
        Ok(())
    }

    fn array(&mut self, depth: u32) -> Result<Value> {
        self.enter(depth)?;
        let start = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value {
                kind: Kind::Array(items),
                span: self.span(start),
            });
        }
        loop {
            self.skip_whitespace();
            if self.peek() == Some(b']') {
                return Err(self.error_here("trailing commas are not allowed in JSON"));
            }
            let item = self.value(depth + 1)?;
            let item_end = item.span;
            items.push(item);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value {
                        kind: Kind::Array(items),
                        span: self.span(start),
                    });
                }
                _ => {
                    return Err(self.missing_separator("`,` or `]` in the array", item_end));
                }
            }
        }
    }

    fn object(&mut self, depth: u32) -> Result<Value> {
        self.enter(depth)?;
        let start = self.pos;
        self.pos += 1;
        let mut members: Vec<Member> = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value {
                kind: Kind::Object(members),
                span: self.span(start),
            });
        }
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') => {
                    return Err(self.error_here("trailing commas are not allowed in JSON"));
                }
                _ => {
                    return Err(self.error_here(format!(
                        "expected a key in double quotes, found {}",
                        self.describe_here()
                    )));
                }
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = self.span(key_start);
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error_here(format!(
                    "expected `:` after the key, found {}",
                    self.describe_here()
                )));
            }
            self.pos += 1;
            self.skip_whitespace();
            let value = self.value(depth + 1)?;
            let value_end = value.span;
            members.push(Member {
                key,
                key_span,
                value,
            });
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    if members.len() > 1 {
                        self.report_duplicates(&members);
                    }
                    return Ok(Value {
                        kind: Kind::Object(members),
                        span: self.span(start),
                    });
                }
                _ => {
                    return Err(self.missing_separator("`,` or `}` in the object", value_end));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::line_column;

    fn check(input: &str, expected: &str) {
        let (value, diagnostics) = parse(input, SourceId(0), Limits::default());
        let got = match (value, diagnostics.first()) {
            (_, Some(diagnostic)) => {
                let (line, column) = line_column(input, diagnostic.span.start as usize);
                format!("{line}:{column}: {}", diagnostic.message)
            }
            (Some(value), None) => crate::json::to_string(&value),
            (None, None) => String::from("nothing"),
        };
        assert_eq!(got, expected, "input: {input}");
    }

    #[test]
    fn a_missing_comma_also_points_where_it_belongs() {
        let input = "{\n  \"Effect\": \"Allow\"\n  \"Action\": \"s3:*\"\n}";
        let (_, diagnostics) = parse(input, SourceId(0), Limits::default());
        let error = &diagnostics[0];
        assert_eq!(
            line_column(input, error.span.start as usize),
            (3, 3),
            "the error stays at the next token"
        );
        assert_eq!(
            error.message,
            "expected `,` or `}` in the object, found `\"`"
        );
        let label = &error.labels[0];
        assert_eq!(label.message, "a `,` is missing after this value");
        // The closing quote of "Allow", at the end of line 2.
        assert_eq!(line_column(input, label.span.start as usize), (2, 19));
        let (_, diagnostics) = parse("[1 2]", SourceId(0), Limits::default());
        assert_eq!(diagnostics[0].labels[0].span.start, 1);
        let (_, diagnostics) = parse("[1 :]", SourceId(0), Limits::default());
        assert!(diagnostics[0].labels.is_empty(), "`:` starts no value");
    }

    #[test]
    fn reads_values() {
        check(
            r#" {"a": [1, -2.5e3, true, null, "x\u00e9\n"]} "#,
            r#"{"a":[1,-2.5e3,true,null,"xé\n"]}"#,
        );
        check(r#""\ud83d\ude00""#, "\"😀\"");
    }

    #[test]
    fn rejects_what_rfc_8259_rejects() {
        check(
            "{\"a\": 1,}",
            "1:9: trailing commas are not allowed in JSON",
        );
        check("[1,]", "1:4: trailing commas are not allowed in JSON");
        check(
            "{\n  // x\n}",
            "2:3: expected a key in double quotes, found `/`",
        );
        check("NaN", "1:1: expected a JSON value, found `N`");
        check("01", "1:2: numbers must not have leading zeros");
        check(r#""\ud800""#, "1:2: lone surrogate escape");
        check(
            "{'a': 1}",
            "1:2: expected a key in double quotes, found `'`",
        );
        check("[1] [2]", "1:5: unexpected text after the JSON value");
        check("", "1:1: expected a JSON value, found the end of the input");
        check("{\"a\" 1}", "1:6: expected `:` after the key, found `1`");
        check(
            "\"a\tb\"",
            "1:3: control characters must be escaped inside strings (use \\n or \\t)",
        );
    }

    #[test]
    fn reports_every_duplicate_key() {
        let (value, diagnostics) = parse(
            r#"{"a":1,"a":2,"b":{"c":1,"c":1}}"#,
            SourceId(0),
            Limits::default(),
        );
        assert!(value.is_some());
        assert_eq!(diagnostics.len(), 2);
        assert!(diagnostics.iter().all(|d| d.code == Code::JsonDuplicateKey));
    }

    #[test]
    fn bounds_depth_without_overflowing_the_stack() {
        let deep = "[".repeat(100_000);
        let (value, diagnostics) = parse(&deep, SourceId(0), Limits::default());
        assert!(value.is_none());
        assert_eq!(diagnostics[0].code, Code::JsonTooDeep);
    }

    #[test]
    fn bounds_size() {
        let limits = Limits {
            max_values: 4_000_000,
            max_depth: 8,
            max_bytes: 4,
        };
        let (_, diagnostics) = parse("[1, 2]", SourceId(0), limits);
        assert_eq!(diagnostics[0].code, Code::InputTooLarge);
    }

    #[test]
    fn bounds_the_number_of_values_with_a_located_error() {
        let limits = Limits {
            max_values: 3,
            ..Limits::default()
        };
        let (value, diagnostics) = parse("[1, 2, 3]", SourceId(0), limits);
        assert!(value.is_none());
        assert_eq!(diagnostics[0].code, Code::InputTooLarge);
        // The fourth value is the third element, at byte 7.
        assert_eq!(diagnostics[0].span, Span::new(SourceId(0), 7, 8));
        assert!(diagnostics[0].message.contains("more than 3 values"));
    }

    #[test]
    fn duplicate_keys_of_a_huge_object_are_found_in_n_log_n() {
        let mut text = String::from("{");
        for index in 0..200_000 {
            text.push_str(&format!("\"k{index}\": 1, "));
        }
        text.push_str("\"k0\": 2, \"k5\": 3, \"k199999\": 4}");
        let (value, diagnostics) = parse(&text, SourceId(0), Limits::default());
        assert!(value.is_some());
        let keys: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            keys,
            [
                "duplicate key `k0` in one object",
                "duplicate key `k5` in one object",
                "duplicate key `k199999` in one object"
            ]
        );
        // Early duplicates are still reported as they are read.
        let (_, diagnostics) = parse(
            r#"{"a": 1, "b": 2, "a": 3}"#,
            SourceId(0),
            Limits::default(),
        );
        assert_eq!(diagnostics.len(), 1);
    }
}

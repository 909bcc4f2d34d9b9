//! Printing values back to JSON text, compact or indented.

use alloc::string::String;
use core::fmt::Write;

use super::{Kind, Value};

/// Compact JSON text for `value`.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, None, 0);
    out
}

/// JSON text for `value`, indented by two spaces.
pub fn to_string_pretty(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, Some(2), 0);
    out
}

/// How many characters [`to_string`] gives for `value`, without building the
/// text; with `skip_whitespace`, whitespace characters are not counted. A
/// policy's size check needs only the count, and printing a 100 KB policy on
/// every keystroke was a visible part of the editor's cost.
pub fn printed_chars(value: &Value, skip_whitespace: bool) -> usize {
    let mut count = 0;
    let mut stack = alloc::vec![value];
    while let Some(value) = stack.pop() {
        count += match &value.kind {
            Kind::Null => 4,
            Kind::Bool(true) => 4,
            Kind::Bool(false) => 5,
            Kind::Number(text) => text.chars().count(),
            Kind::String(text) => string_chars(text, skip_whitespace),
            Kind::Array(items) => {
                stack.extend(items.iter());
                2 + items.len().saturating_sub(1)
            }
            Kind::Object(members) => {
                stack.extend(members.iter().map(|member| &member.value));
                // Braces, commas, and each member's key and colon.
                2 + members.len().saturating_sub(1)
                    + members
                        .iter()
                        .map(|member| string_chars(&member.key, skip_whitespace) + 1)
                        .sum::<usize>()
            }
        };
    }
    count
}

/// The characters of `text` as [`write_string`] prints it.
fn string_chars(text: &str, skip_whitespace: bool) -> usize {
    let escaped = |ch: char| match ch {
        '"' | '\\' | '\n' | '\r' | '\t' => 2,
        '\0'..='\u{1f}' => 6,
        ch if skip_whitespace && ch.is_whitespace() => 0,
        _ => 1,
    };
    if text.is_ascii() {
        // Byte by byte, without decoding: ASCII text is nearly every policy.
        let width = |byte: u8| match byte {
            b'"' | b'\\' | b'\n' | b'\r' | b'\t' => 2,
            0..0x20 => 6,
            b' ' if skip_whitespace => 0,
            _ => 1,
        };
        2 + text.bytes().map(width).sum::<usize>()
    } else {
        2 + text.chars().map(escaped).sum::<usize>()
    }
}

fn newline(out: &mut String, indent: Option<usize>, level: usize) {
    if let Some(width) = indent {
        out.push('\n');
        for _ in 0..width * level {
            out.push(' ');
        }
    }
}

fn write_value(out: &mut String, value: &Value, indent: Option<usize>, level: usize) {
    match &value.kind {
        Kind::Null => out.push_str("null"),
        Kind::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Kind::Number(text) => out.push_str(text),
        Kind::String(text) => write_string(out, text),
        Kind::Array(items) => {
            out.push('[');
            for (idx, item) in items.iter().enumerate() {
                if idx > 0 {
                    out.push(',');
                }
                newline(out, indent, level + 1);
                write_value(out, item, indent, level + 1);
            }
            if !items.is_empty() {
                newline(out, indent, level);
            }
            out.push(']');
        }
        Kind::Object(members) => {
            out.push('{');
            for (idx, member) in members.iter().enumerate() {
                if idx > 0 {
                    out.push(',');
                }
                newline(out, indent, level + 1);
                write_string(out, &member.key);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write_value(out, &member.value, indent, level + 1);
            }
            if !members.is_empty() {
                newline(out, indent, level);
            }
            out.push('}');
        }
    }
}

/// Writes `text` as a JSON string literal. Runs of characters that need no
/// escape are copied whole (every escaped character is ASCII, so cutting at
/// them keeps UTF-8 intact): a policy's size check prints the whole policy.
pub(crate) fn write_string(out: &mut String, text: &str) {
    out.push('"');
    let mut plain = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..0x20 => "",
            _ => continue,
        };
        out.push_str(text.get(plain..at).unwrap_or(""));
        if escape.is_empty() {
            let _ = write!(out, "\\u{byte:04x}");
        } else {
            out.push_str(escape);
        }
        plain = at + 1;
    }
    out.push_str(text.get(plain..).unwrap_or(""));
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{Limits, parse};
    use crate::source::SourceId;

    #[test]
    fn printed_chars_counts_what_printing_gives() {
        let texts = [
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#,
            r#"{"a b": ["x y", "tab\there", "new\nline", "quote\" and \\ slash", "\u0001\u000b", 1.50, -3, true, false, null, [], {}]}"#,
            r#"{"ünï cödé": "é\u00a0non-breaking\u2003em space 日本", "k": [[["deep"]]]}"#,
            r#""just a string""#,
            "12345",
        ];
        for text in texts {
            let (value, errors) = parse(text, SourceId(0), Limits::default());
            let value = value.unwrap_or_else(|| panic!("{text} parses: {errors:?}"));
            let printed = to_string(&value);
            assert_eq!(
                printed_chars(&value, false),
                printed.chars().count(),
                "{printed}"
            );
            assert_eq!(
                printed_chars(&value, true),
                printed.chars().filter(|ch| !ch.is_whitespace()).count(),
                "{printed}"
            );
        }
    }
}

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

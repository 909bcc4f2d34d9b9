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

/// Writes `text` as a JSON string literal.
pub(crate) fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ch if (ch as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", ch as u32);
            }
            ch => out.push(ch),
        }
    }
    out.push('"');
}

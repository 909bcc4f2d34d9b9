//! A strict JSON reader that keeps a byte span on every key and value.
//!
//! Hand-written on purpose: policies need the span of every element for
//! diagnostics and for the explanation trace, duplicate keys must be reported
//! (AWS forbids them, while serde_json silently keeps the last one), and the
//! core is `no_std`. It follows RFC 8259 strictly: no comments, no trailing
//! commas, no `NaN`, no lone surrogate escapes. Nesting depth and input size
//! are bounded, so hostile input gives an error and never exhausts the stack.

mod print;
mod read;

use alloc::string::String;
use alloc::vec::Vec;

pub use print::{printed_chars, to_string, to_string_pretty};
pub use read::{Limits, parse};

use crate::source::Span;

/// A JSON value with the span of its text.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    /// What the value is.
    pub kind: Kind,
    /// Where its text is, quotes and brackets included.
    pub span: Span,
}

/// The shape of a JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, kept as written (IAM compares condition values as text).
    Number(String),
    /// A string, with escapes decoded.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, members in source order.
    Object(Vec<Member>),
}

/// One `"key": value` pair of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The decoded key.
    pub key: String,
    /// The span of the key's string literal.
    pub key_span: Span,
    /// The value.
    pub value: Value,
}

impl Value {
    /// A value without a meaningful place, for values built in code.
    pub fn synthetic(kind: Kind) -> Self {
        Value {
            kind,
            span: Span::default(),
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(text) => Some(text),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.kind {
            Kind::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match &self.kind {
            Kind::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    /// The member named `key` (exact spelling), if this is an object holding it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?
            .iter()
            .find(|member| member.key == key)
            .map(|member| &member.value)
    }

    /// A short noun for the kind of value, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::String(_) => "a string",
            Kind::Array(_) => "an array",
            Kind::Object(_) => "an object",
        }
    }

    /// Structural equality that ignores spans.
    pub fn same_content(&self, other: &Value) -> bool {
        match (&self.kind, &other.kind) {
            (Kind::Null, Kind::Null) => true,
            (Kind::Bool(a), Kind::Bool(b)) => a == b,
            (Kind::Number(a), Kind::Number(b)) | (Kind::String(a), Kind::String(b)) => a == b,
            (Kind::Array(a), Kind::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_content(y))
            }
            (Kind::Object(a), Kind::Object(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|(x, y)| x.key == y.key && x.value.same_content(&y.value))
            }
            _ => false,
        }
    }
}

/// The reference tokens of an RFC 6901 JSON Pointer (`/a/b~1c` is `a`,
/// `b/c`), or `None` when the text is not a pointer. The empty pointer names
/// the whole document and has no tokens.
pub fn pointer_tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    let mut tokens = Vec::new();
    for raw in rest.split('/') {
        let mut token = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            match c {
                '~' => match chars.next() {
                    Some('0') => token.push('~'),
                    Some('1') => token.push('/'),
                    _ => return None,
                },
                other => token.push(other),
            }
        }
        tokens.push(token);
    }
    Some(tokens)
}

/// An array index token: `0`, or digits without a leading zero.
fn array_index(token: &str) -> Option<usize> {
    if token.is_empty()
        || !token.bytes().all(|b| b.is_ascii_digit())
        || (token.len() > 1 && token.starts_with('0'))
    {
        return None;
    }
    token.parse().ok()
}

impl Value {
    /// The value an RFC 6901 JSON Pointer names, if there is one.
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        let mut at = self;
        for token in pointer_tokens(pointer)? {
            at = match &at.kind {
                Kind::Object(members) => &members.iter().find(|m| m.key == token)?.value,
                Kind::Array(items) => items.get(array_index(&token)?)?,
                _ => return None,
            };
        }
        Some(at)
    }

    /// Puts `value` where `pointer` points: it replaces what is there, or
    /// adds the last member to an object that lacks it. The error says why
    /// the pointer leads nowhere.
    pub fn set_pointer(&mut self, pointer: &str, value: Value) -> Result<(), String> {
        let tokens = pointer_tokens(pointer)
            .ok_or_else(|| alloc::format!("`{pointer}` is not a JSON Pointer (RFC 6901)"))?;
        let Some((last, parents)) = tokens.split_last() else {
            *self = value;
            return Ok(());
        };
        let mut at = self;
        for token in parents {
            at = match &mut at.kind {
                Kind::Object(members) => members
                    .iter_mut()
                    .find(|m| &m.key == token)
                    .map(|m| &mut m.value),
                Kind::Array(items) => array_index(token).and_then(|i| items.get_mut(i)),
                _ => None,
            }
            .ok_or_else(|| alloc::format!("`{pointer}` leads nowhere: there is no `{token}`"))?;
        }
        match &mut at.kind {
            Kind::Object(members) => {
                if let Some(member) = members.iter_mut().find(|m| &m.key == last) {
                    member.value = value;
                } else {
                    members.push(Member {
                        key: last.clone(),
                        key_span: value.span,
                        value,
                    });
                }
                Ok(())
            }
            Kind::Array(items) => {
                let slot = array_index(last)
                    .and_then(|i| items.get_mut(i))
                    .ok_or_else(|| {
                        alloc::format!("`{pointer}` leads nowhere: the list has no item `{last}`")
                    })?;
                *slot = value;
                Ok(())
            }
            _ => Err(alloc::format!(
                "`{pointer}` leads nowhere: it goes inside {}",
                at.type_name()
            )),
        }
    }
}

/// Applies `patch` to `target` as a JSON Merge Patch (RFC 7396): objects merge
/// key by key, `null` removes a key, and any other value replaces the target.
pub fn merge_patch(target: Option<&Value>, patch: &Value) -> Value {
    let Kind::Object(patch_members) = &patch.kind else {
        return patch.clone();
    };
    let mut members: Vec<Member> = match target.map(|value| &value.kind) {
        Some(Kind::Object(existing)) => existing.clone(),
        _ => Vec::new(),
    };
    for patch_member in patch_members {
        let position = members
            .iter()
            .position(|member| member.key == patch_member.key);
        if patch_member.value.is_null() {
            if let Some(idx) = position {
                members.remove(idx);
            }
            continue;
        }
        match position.and_then(|idx| members.get_mut(idx)) {
            Some(existing) => {
                existing.value = merge_patch(Some(&existing.value), &patch_member.value);
            }
            None => members.push(Member {
                key: patch_member.key.clone(),
                key_span: patch_member.key_span,
                value: merge_patch(None, &patch_member.value),
            }),
        }
    }
    Value {
        kind: Kind::Object(members),
        span: patch.span,
    }
}

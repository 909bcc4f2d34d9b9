//! Policy variables: `${key}`, `${key, 'default'}` and the escapes `${*}`,
//! `${?}`, `${$}` (AWS: "IAM policy elements: Variables and tags").
//!
//! A value with variables is kept as a [`Template`]; the evaluator resolves it
//! per request. Text that comes from a variable or an escape is literal: a `*`
//! inside a tag value is never a wildcard.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::context::RequestContext;

/// A value with policy variables, split into parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    /// The parts in order.
    pub parts: Vec<TemplatePart>,
}

/// One part of a [`Template`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplatePart {
    /// Text as written; wildcards in it keep their meaning.
    Text(String),
    /// `${*}`, `${?}` or `${$}`: the literal character.
    Escaped(char),
    /// `${key}` or `${key, 'default'}`.
    Variable(Variable),
}

/// One variable reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variable {
    /// The key as written.
    pub key: String,
    /// The key in lowercase, for lookup.
    pub key_lower: String,
    /// [`crate::context::key_hash`] of `key_lower`.
    pub key_hash: u64,
    /// The default text, used when the key is absent.
    pub default: Option<String>,
}

/// A template resolved ahead of the requests, with the values it was
/// resolved with (the principal's keys, when a scenario is built). A request
/// uses `compiled` when its context gives the same values, which
/// [`Template::gives`] checks without allocating; otherwise the template is
/// resolved for that request. Resolving once per scenario rather than once
/// per decision keeps the fast path free of allocation (measured: building
/// the pattern per request was the largest allocation of a realistic
/// workload).
#[derive(Clone, Debug)]
pub struct Resolution<T> {
    /// Each variable's value, in order.
    pub values: Vec<String>,
    /// The resolved text.
    pub text: String,
    /// The resolved value, compiled.
    pub compiled: T,
}

impl Template {
    /// Whether `ctx` gives every variable, in order, the value in `values`.
    pub fn gives(&self, values: &[String], ctx: &RequestContext<'_>) -> bool {
        let mut expected = values.iter();
        for variable in self.variables() {
            let now = ctx.variable_hashed(variable.key_hash, &variable.key_lower);
            match (now, expected.next()) {
                (Some(now), Some(value)) if now == value.as_str() => {}
                _ => return false,
            }
        }
        expected.next().is_none()
    }

    /// The values `ctx` gives the variables, when it gives every one.
    pub fn values_in(&self, ctx: &RequestContext<'_>) -> Option<Vec<String>> {
        self.variables()
            .map(|variable| {
                ctx.variable_hashed(variable.key_hash, &variable.key_lower)
                    .map(String::from)
            })
            .collect()
    }

    /// The variables referenced, in order.
    pub fn variables(&self) -> impl Iterator<Item = &Variable> {
        self.parts.iter().filter_map(|part| match part {
            TemplatePart::Variable(variable) => Some(variable),
            _ => None,
        })
    }
}

/// Parses the variables of `text` from byte `from` on. Returns `Ok(None)` when
/// there are none, and an error message for malformed syntax.
pub(crate) fn parse_template(text: &str, from: usize) -> Result<Option<Template>, String> {
    let Some(tail) = text.get(from..) else {
        return Ok(None);
    };
    if !tail.contains("${") {
        return Ok(None);
    }
    let mut parts = Vec::new();
    let mut literal = String::from(text.get(..from).unwrap_or(""));
    let mut rest = tail;
    while let Some(open) = rest.find("${") {
        literal.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open + 2..).unwrap_or("");
        let Some(close) = after.find('}') else {
            return Err(format!(
                "variable `{}` has no closing `}}`",
                rest.get(open..).unwrap_or("")
            ));
        };
        let inner = after.get(..close).unwrap_or("");
        if !literal.is_empty() {
            parts.push(TemplatePart::Text(core::mem::take(&mut literal)));
        }
        parts.push(parse_inner(inner)?);
        rest = after.get(close + 1..).unwrap_or("");
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        parts.push(TemplatePart::Text(literal));
    }
    Ok(Some(Template { parts }))
}

fn parse_inner(inner: &str) -> Result<TemplatePart, String> {
    match inner {
        "*" => return Ok(TemplatePart::Escaped('*')),
        "?" => return Ok(TemplatePart::Escaped('?')),
        "$" => return Ok(TemplatePart::Escaped('$')),
        "" => return Err(String::from("empty variable `${}`")),
        _ => {}
    }
    let (key, default) = match inner.split_once(',') {
        None => (inner, None),
        Some((key, tail)) => {
            let Some(quoted) = tail.strip_prefix(' ') else {
                return Err(format!(
                    "the default in `${{{inner}}}` must follow a comma and one space"
                ));
            };
            let Some(text) = quoted.strip_prefix('\'').and_then(|q| q.strip_suffix('\'')) else {
                return Err(format!(
                    "the default in `${{{inner}}}` must be in single quotes"
                ));
            };
            (key, Some(String::from(text)))
        }
    };
    if key.is_empty() || key.chars().any(char::is_whitespace) {
        return Err(format!(
            "variable `${{{inner}}}` has a space or an empty name"
        ));
    }
    if !key
        .chars()
        .all(|ch| ch.is_ascii_alphanumeric() || ":/-_.@+=".contains(ch))
    {
        return Err(format!(
            "variable `${{{inner}}}` names no valid context key"
        ));
    }
    let key_lower = key.to_ascii_lowercase();
    Ok(TemplatePart::Variable(Variable {
        key: String::from(key),
        key_hash: crate::context::key_hash(&key_lower),
        key_lower,
        default,
    }))
}

/// The byte offset just past the fifth colon of an ARN pattern, not counting
/// colons inside `${...}`; `None` when there are fewer than five.
pub(crate) fn resource_rest_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut colons = 0;
    let mut idx = 0;
    while idx < bytes.len() {
        match bytes.get(idx) {
            Some(b'$') if bytes.get(idx + 1) == Some(&b'{') => {
                let close = text.get(idx..).and_then(|rest| rest.find('}'));
                idx += close.unwrap_or(bytes.len() - idx);
            }
            Some(b':') => {
                colons += 1;
                if colons == 5 {
                    return Some(idx + 1);
                }
            }
            _ => {}
        }
        idx += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &str) {
        let got = match parse_template(text, 0) {
            Ok(None) => String::from("none"),
            Ok(Some(template)) => {
                let mut out = String::new();
                for part in &template.parts {
                    match part {
                        TemplatePart::Text(text) => out.push_str(text),
                        TemplatePart::Escaped(ch) => out.push_str(&format!("<{ch}>")),
                        TemplatePart::Variable(variable) => match &variable.default {
                            Some(default) => out.push_str(&format!("[{}|{default}]", variable.key)),
                            None => out.push_str(&format!("[{}]", variable.key)),
                        },
                    }
                }
                out
            }
            Err(message) => format!("error: {message}"),
        };
        assert_eq!(got, expected);
    }

    #[test]
    fn templates() {
        check("plain", "none");
        check("home/${aws:username}/*", "home/[aws:username]/*");
        check("a${*}b${?}${$}", "a<*>b<?><$>");
        check(
            "${aws:PrincipalTag/team, 'shared'}",
            "[aws:PrincipalTag/team|shared]",
        );
        check(
            "${aws:username",
            "error: variable `${aws:username` has no closing `}`",
        );
        check("${}", "error: empty variable `${}`");
        check(
            "${aws:user name}",
            "error: variable `${aws:user name}` has a space or an empty name",
        );
        check(
            "${aws:x,'d'}",
            "error: the default in `${aws:x,'d'}` must follow a comma and one space",
        );
        check(
            "${aws:x, d}",
            "error: the default in `${aws:x, d}` must be in single quotes",
        );
    }

    #[test]
    fn fifth_colon_skips_variables() {
        assert_eq!(resource_rest_start("arn:aws:s3:::b/x"), Some(13));
        assert_eq!(
            resource_rest_start("arn:aws:s3:::${aws:username}"),
            Some(13)
        );
        assert_eq!(resource_rest_start("arn:aws:s3:${a:b}::x"), Some(19));
        assert_eq!(resource_rest_start("*"), None);
    }
}

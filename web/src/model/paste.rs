//! Forgiving paste: recognise what people copy from the AWS CLI and keep
//! only the policy document.
//!
//! Accepted: a policy object; a JSON string holding one; the output of
//! `aws iam get-policy-version` (`PolicyVersion.Document`, an object or a
//! URL-encoded string); `aws iam get-role` (`Role.AssumeRolePolicyDocument`,
//! URL-encoded); `aws iam get-role-policy` / `get-user-policy`
//! (`PolicyDocument`); and `aws s3api get-bucket-policy` (`Policy`, a JSON
//! string). Anything else is left as typed, so the editor shows its errors.

use iamlab_core::json::{self, Kind, Limits, Value};
use iamlab_core::source::SourceId;

/// What a paste turned out to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extracted {
    /// The policy document, pretty-printed.
    pub text: String,
    /// Where it came from, for a short note to the user.
    pub origin: &'static str,
}

/// The policy document inside pasted text, when the text is a wrapper that
/// iamlab recognises; `None` when the text should be kept as it is.
pub fn extract_policy(pasted: &str) -> Option<Extracted> {
    let value = parse(pasted)?;
    let (document, origin) = unwrap(&value)?;
    Some(Extracted {
        text: json::to_string_pretty(&document) + "\n",
        origin,
    })
}

fn parse(text: &str) -> Option<Value> {
    let (value, diagnostics) = json::parse(text.trim(), SourceId(0), Limits::default());
    if diagnostics.iter().any(|d| d.is_error()) {
        return None;
    }
    value
}

/// A document given as an object, as JSON text, or as URL-encoded JSON text.
fn document(value: &Value) -> Option<Value> {
    match &value.kind {
        Kind::Object(_) if value.get("Statement").is_some() => Some(value.clone()),
        Kind::String(text) => {
            let decoded = if text.trim_start().starts_with('%') || text.contains("%22") {
                percent_decode(text)?
            } else {
                text.clone()
            };
            let inner = parse(&decoded)?;
            inner.get("Statement").is_some().then_some(inner)
        }
        _ => None,
    }
}

/// Decodes `%XX` escapes (as AWS's IAM APIs return policy documents);
/// `None` when the bytes are not UTF-8. Written by hand for a measured need:
/// the `percent-encoding` crate cost the page's `.wasm` more than this
/// function, and its size budget is tight.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let escaped = (byte == b'%')
            .then(|| bytes.get(at + 1..at + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(decoded) => {
                out.push(decoded);
                at += 3;
            }
            None => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn unwrap(value: &Value) -> Option<(Value, &'static str)> {
    if value.get("Statement").is_some() {
        return None;
    }
    if let Kind::String(_) = value.kind {
        return document(value).map(|d| (d, "a JSON string holding the policy"));
    }
    if let Some(version) = value.get("PolicyVersion") {
        return document(version.get("Document")?).map(|d| (d, "aws iam get-policy-version"));
    }
    if let Some(role) = value.get("Role") {
        return document(role.get("AssumeRolePolicyDocument")?)
            .map(|d| (d, "aws iam get-role (trust policy)"));
    }
    if let Some(inner) = value.get("PolicyDocument") {
        return document(inner).map(|d| (d, "aws iam get-role-policy"));
    }
    if let Some(inner) = value.get("Policy") {
        return document(inner).map(|d| (d, "aws s3api get-bucket-policy"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pasted: &str, origin: Option<&str>) {
        let got = extract_policy(pasted);
        assert_eq!(got.as_ref().map(|e| e.origin), origin, "{pasted}");
        if let Some(extracted) = got {
            assert!(extracted.text.contains("\"Statement\""));
            assert!(
                extracted.text.starts_with("{\n  \"Version\""),
                "{}",
                extracted.text
            );
        }
    }

    #[test]
    fn recognises_cli_outputs() {
        let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
        check(policy, None);
        check(
            &serde_json::to_string(policy).unwrap(),
            Some("a JSON string holding the policy"),
        );
        check(
            &format!(
                r#"{{"PolicyVersion": {{"Document": {policy}, "VersionId": "v1", "IsDefaultVersion": true}}}}"#
            ),
            Some("aws iam get-policy-version"),
        );
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";
        check(
            &format!(
                r#"{{"Role": {{"RoleName": "app", "AssumeRolePolicyDocument": "{encoded}"}}}}"#
            ),
            Some("aws iam get-role (trust policy)"),
        );
        check(
            &format!(
                r#"{{"Policy": {}}}"#,
                serde_json::to_string(policy).unwrap()
            ),
            Some("aws s3api get-bucket-policy"),
        );
        check("{\"Version\": ", None);
        check(r#"{"Other": 1}"#, None);
    }
}

//! S3's test of whether a bucket policy is public (spec §7.10.2; AWS:
//! "Blocking public access to your Amazon S3 storage", section "The meaning
//! of 'public'").
//!
//! S3 starts from "public" and looks for a reason to call a policy
//! non-public: every `Allow` statement must grant only to fixed principals,
//! or be pinned by a condition that fixes one of a short list of keys. One
//! public statement makes the whole policy public. The test reads the policy
//! alone, never a request, so it runs once when the resource is built.

use crate::condition::{BaseOperator, Condition, SetOperator};
use crate::policy::{Effect, Policy, PrincipalKey, Statement};

/// The 0-based index of the first public statement, or `None` when the
/// policy is not public.
pub fn public_statement(policy: &Policy) -> Option<usize> {
    policy
        .statements
        .iter()
        .find(|statement| is_public(statement))
        .map(|statement| statement.index)
}

/// Whether one statement makes its policy public.
pub fn is_public(statement: &Statement) -> bool {
    if statement.effect != Effect::Allow {
        // Only grants can be public.
        return false;
    }
    if has_fixed_principal(statement) {
        return false;
    }
    !statement.conditions.iter().any(pins)
}

/// Whether `Principal` names only specific principals: no `*`, no
/// `Federated` provider, and no `NotPrincipal`.
fn has_fixed_principal(statement: &Statement) -> bool {
    let Some(clause) = &statement.principal else {
        return false;
    };
    if clause.negated {
        // `Allow` with `NotPrincipal` grants everyone not listed.
        return false;
    }
    !clause.entries.is_empty()
        && clause.entries.iter().all(|entry| match entry.key {
            PrincipalKey::Everyone | PrincipalKey::Federated => false,
            PrincipalKey::Aws | PrincipalKey::Service | PrincipalKey::CanonicalUser => {
                is_fixed(&entry.value)
            }
        })
}

/// Whether a condition fixes one of the keys S3 accepts, to fixed values.
fn pins(condition: &Condition) -> bool {
    let operator = condition.operator;
    if operator.if_exists
        || operator.set == Some(SetOperator::ForAllValues)
        || operator.base.is_negated()
        || condition.values.is_empty()
    {
        return false;
    }
    let key = condition.key_lower.as_str();
    let values = condition.values.iter().map(|value| value.text.as_str());
    match key {
        "aws:sourceip" => {
            operator.base == BaseOperator::IpAddress
                && values.into_iter().all(|value| {
                    crate::condition::Cidr::parse(value).is_some_and(|cidr| {
                        let narrowest = if cidr.is_v6() { 32 } else { 8 };
                        cidr.prefix_len() >= narrowest
                    })
                })
        }
        "aws:sourcearn"
        | "aws:sourcevpc"
        | "aws:sourcevpce"
        | "aws:sourceowner"
        | "aws:sourceaccount"
        | "s3:x-amz-server-side-encryption-aws-kms-key-id"
        | "s3:dataaccesspointaccount"
        | "aws:principalorgid"
        | "aws:principalaccount"
        | "aws:principalarn" => is_text_operator(operator.base) && values.into_iter().all(is_fixed),
        "s3:dataaccesspointarn" => {
            is_text_operator(operator.base)
                && values.into_iter().all(|value| {
                    // A wildcard may stand in the access point's name, as
                    // long as everything up to it (the account) is fixed.
                    let mut parts = value.splitn(6, ':');
                    let fixed_head = parts.by_ref().take(5).all(is_fixed);
                    fixed_head && parts.next().is_some()
                })
        }
        "aws:userid" => {
            is_text_operator(operator.base)
                && values.into_iter().all(|value| {
                    is_fixed(value)
                        || value
                            .strip_suffix(":*")
                            .is_some_and(|role_id| role_id.starts_with("AROA") && is_fixed(role_id))
                })
        }
        _ => false,
    }
}

/// The positive string and ARN operators.
fn is_text_operator(base: BaseOperator) -> bool {
    matches!(
        base,
        BaseOperator::StringEquals
            | BaseOperator::StringEqualsIgnoreCase
            | BaseOperator::StringLike
            | BaseOperator::ArnEquals
            | BaseOperator::ArnLike
    )
}

/// A fixed value: no wildcard and no policy variable.
fn is_fixed(value: &str) -> bool {
    !value.is_empty() && !value.contains(['*', '?']) && !value.contains("${")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{DocumentKind, LowerOptions, parse_policy};
    use crate::source::SourceMap;

    fn check(statement: &str, public: bool) {
        let text = alloc::format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", {statement}}}]}}"#
        );
        let mut sources = SourceMap::new();
        let source = sources.add("policy", text);
        let options = LowerOptions {
            kind: DocumentKind::Resource,
            name: alloc::string::String::from("Bucket"),
        };
        let (policy, diagnostics) = parse_policy(&mut sources, source, &options);
        let policy = policy.unwrap_or_else(|| panic!("{diagnostics:?}"));
        assert_eq!(public_statement(&policy).is_some(), public, "{statement}");
    }

    #[test]
    fn principals_and_pinning_conditions_decide() {
        check(r#""Principal": "*""#, true);
        check(r#""Principal": {"AWS": "*"}"#, true);
        check(r#""Principal": {"AWS": "222222222222"}"#, false);
        check(
            r#""Principal": {"Service": "cloudtrail.amazonaws.com"}"#,
            false,
        );
        check(r#""NotPrincipal": {"AWS": "222222222222"}"#, true);
        check(
            r#""Principal": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}"#,
            false,
        );
        check(
            r#""Principal": "*", "Condition": {"StringLike": {"aws:SourceVpc": "vpc-*"}}"#,
            true,
        );
        check(
            r#""Principal": "*", "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}"#,
            true,
        );
        check(
            r#""Principal": "*", "Condition": {"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1a2b3c4d"}}"#,
            true,
        );
        check(
            r#""Principal": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#,
            false,
        );
        check(
            r#""Principal": "*", "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "0.0.0.0/1"]}}"#,
            true,
        );
        check(
            r#""Principal": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}"#,
            false,
        );
        check(
            r#""Principal": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "${aws:ResourceOrgID}"}}"#,
            true,
        );
        check(
            r#""Principal": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}"#,
            true,
        );
        check(
            r#""Principal": "*", "Condition": {"StringLike": {"aws:userid": "AROAEXAMPLEID:*"}}"#,
            false,
        );
    }
}

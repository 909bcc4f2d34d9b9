//! Sensible first values for what the user adds with one click.
//!
//! A missing context key becomes a typed entry (`aws:MultiFactorAuthPresent`
//! is a boolean `true`, `aws:SourceIp` an address in a documentation range);
//! a principal kind becomes an ARN of that shape in the same account. These
//! are starting points for the user to edit, never evaluation: the core
//! decides what the values mean.

use iamlab_core::condition::{Family, Operator, parse_date};

use super::workspace::ContextType;

/// The typed value a new context entry starts with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextGuess {
    /// The type to show.
    pub kind: ContextType,
    /// The value to start with.
    pub value: String,
}

/// What a policy says about a key, so the guess can follow the policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PolicyHint<'a> {
    /// The condition operator, as written (`StringEquals`, `ForAnyValue:StringLike`...).
    pub operator: &'a str,
    /// The policy's first value, after variable substitution.
    pub value: Option<&'a str>,
}

/// A first value for `key`. `now` is the current time in ISO 8601 (the
/// caller reads the clock); `hint` is the condition that asked for the key.
pub fn guess_context_entry(key: &str, hint: Option<PolicyHint<'_>>, now: &str) -> ContextGuess {
    let guess = |kind: ContextType, value: &str| ContextGuess {
        kind,
        value: value.to_owned(),
    };
    let lower = key.to_ascii_lowercase();
    match lower.as_str() {
        "aws:multifactorauthpresent"
        | "aws:securetransport"
        | "aws:viaawsservice"
        | "aws:principalisawsservice" => {
            return guess(ContextType::Boolean, "true");
        }
        "aws:multifactorauthage" => return guess(ContextType::Number, "300"),
        "aws:sourceip" => return guess(ContextType::Ip, "203.0.113.10"),
        "aws:currenttime" | "aws:tokenissuetime" => return guess(ContextType::Date, now),
        "aws:epochtime" => return guess(ContextType::Number, &epoch_seconds(now)),
        "aws:tagkeys" | "aws:calledvia" => {
            return guess(
                ContextType::List,
                hint.and_then(|h| h.value).unwrap_or("team"),
            );
        }
        _ => {}
    }
    let family = hint.map(|h| operator_family(h.operator));
    let is_set = hint.is_some_and(|h| h.operator.contains(':'));
    let kind = match family {
        _ if is_set => ContextType::List,
        Some(Family::Numeric) => ContextType::Number,
        Some(Family::Date) => ContextType::Date,
        Some(Family::Bool) => ContextType::Boolean,
        Some(Family::Ip) => ContextType::Ip,
        _ => ContextType::String,
    };
    // A value from the policy is the most useful start: the user sees the
    // condition take effect, and can then change it.
    let from_policy = hint
        .and_then(|h| h.value)
        .filter(|v| !v.contains(['*', '?']));
    let value = match (from_policy, kind) {
        (Some(value), _) => value.to_owned(),
        (None, ContextType::Number) => String::from("1"),
        (None, ContextType::Date) => now.to_owned(),
        (None, ContextType::Boolean) => String::from("true"),
        (None, ContextType::Ip) => String::from("203.0.113.10"),
        (None, _) => default_string(&lower),
    };
    ContextGuess { kind, value }
}

/// The first values of the common keys the request pane offers to add.
pub fn default_string(key_lower: &str) -> String {
    let value = match key_lower {
        "aws:requestedregion" => "us-east-1",
        "aws:principalorgid" | "aws:resourceorgid" => "o-a1b2c3d4e5",
        "aws:sourcevpc" => "vpc-1a2b3c4d",
        "aws:sourcevpce" => "vpce-1a2b3c4d",
        "aws:sourceaccount" | "aws:resourceaccount" | "aws:principalaccount" => "111111111111",
        "sts:externalid" => "example-external-id",
        _ if key_lower.starts_with("aws:requesttag/")
            || key_lower.starts_with("aws:resourcetag/")
            || key_lower.starts_with("aws:principaltag/") =>
        {
            "red"
        }
        _ => "",
    };
    value.to_owned()
}

/// The operator's family, read by the core; unknown names count as strings.
fn operator_family(operator: &str) -> Family {
    Operator::parse(operator).map_or(Family::String, |(operator, _)| operator.base.family())
}

/// Seconds since 1970 for an ISO 8601 time, read by the core; `0` when it
/// does not read.
fn epoch_seconds(iso: &str) -> String {
    parse_date(iso)
        .map_or(0, |instant| instant.epoch_seconds())
        .to_string()
}

/// The kinds of caller, in the order the page offers them, with their labels.
pub const PRINCIPAL_KINDS: [(&str, &str); 6] = [
    ("user", "IAM user"),
    ("role-session", "Role session"),
    ("root", "Account root"),
    ("federated-user", "Federated user"),
    ("service", "Service principal"),
    ("anonymous", "Anonymous"),
];

/// An ARN of kind `kind` (a name from [`PRINCIPAL_KINDS`]) that keeps the
/// account and the name of `previous` where it has them.
pub fn arn_for_kind(kind: &str, previous: &str) -> String {
    let account = previous
        .split(':')
        .nth(4)
        .filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or("111111111111");
    let name = previous
        .rsplit(['/', ':'])
        .next()
        .filter(|n| !n.is_empty() && *n != "root" && *n != "anonymous" && !n.contains('.'))
        .unwrap_or("alice");
    match kind {
        "role-session" => format!("arn:aws:sts::{account}:assumed-role/app-role/{name}"),
        "root" => format!("arn:aws:iam::{account}:root"),
        "federated-user" => format!("arn:aws:sts::{account}:federated-user/{name}"),
        "service" => String::from("ec2.amazonaws.com"),
        "anonymous" => String::from("anonymous"),
        _ => format!("arn:aws:iam::{account}:user/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: &str = "2026-06-01T12:00:00Z";

    fn check(key: &str, hint: Option<PolicyHint<'_>>, kind: ContextType, value: &str) {
        assert_eq!(
            guess_context_entry(key, hint, NOW),
            ContextGuess {
                kind,
                value: value.to_owned()
            },
            "{key}"
        );
    }

    #[test]
    fn well_known_keys_get_their_type_and_a_value() {
        check(
            "aws:MultiFactorAuthPresent",
            None,
            ContextType::Boolean,
            "true",
        );
        check("aws:SecureTransport", None, ContextType::Boolean, "true");
        check("aws:SourceIp", None, ContextType::Ip, "203.0.113.10");
        check("aws:CurrentTime", None, ContextType::Date, NOW);
        check("aws:MultiFactorAuthAge", None, ContextType::Number, "300");
        check("aws:EpochTime", None, ContextType::Number, "1780315200");
        check(
            "aws:RequestedRegion",
            None,
            ContextType::String,
            "us-east-1",
        );
        check(
            "aws:PrincipalOrgID",
            None,
            ContextType::String,
            "o-a1b2c3d4e5",
        );
    }

    #[test]
    fn other_keys_follow_the_condition_that_asked() {
        let hint = |operator, value| {
            Some(PolicyHint {
                operator,
                value: Some(value),
            })
        };
        check(
            "sts:ExternalId",
            hint("StringEquals", "ci-7f3a"),
            ContextType::String,
            "ci-7f3a",
        );
        check(
            "aws:RequestedRegion",
            hint("StringNotEquals", "eu-west-1"),
            ContextType::String,
            "eu-west-1",
        );
        check(
            "s3:max-keys",
            hint("NumericLessThanEquals", "10"),
            ContextType::Number,
            "10",
        );
        check(
            "aws:RequestTag/team",
            hint("ForAnyValue:StringEquals", "red"),
            ContextType::List,
            "red",
        );
        check(
            "ec2:Vpc",
            hint("ArnLike", "arn:aws:ec2:*:*:vpc/*"),
            ContextType::String,
            "",
        );
        check(
            "aws:SourceVpc",
            hint("StringLike", "vpc-*"),
            ContextType::String,
            "vpc-1a2b3c4d",
        );
    }

    #[test]
    fn kinds_become_arns_in_the_same_account() {
        let user = "arn:aws:iam::222222222222:user/dana";
        assert_eq!(
            arn_for_kind("role-session", user),
            "arn:aws:sts::222222222222:assumed-role/app-role/dana"
        );
        assert_eq!(arn_for_kind("root", user), "arn:aws:iam::222222222222:root");
        assert_eq!(
            arn_for_kind("user", "arn:aws:iam::222222222222:root"),
            "arn:aws:iam::222222222222:user/alice"
        );
        assert_eq!(arn_for_kind("service", user), "ec2.amazonaws.com");
        assert_eq!(
            arn_for_kind("user", "anonymous"),
            "arn:aws:iam::111111111111:user/alice"
        );
    }
}

//! Amazon Resource Names: splitting, and compiling `Resource` patterns.
//!
//! `Resource` patterns follow the current IAM guide (AWS: "IAM JSON policy
//! elements: Resource"): in the first five colon-separated parts `*` and `?`
//! stay within the part, except that a `*` which ends its part may run on
//! across colons; after the fifth colon `*` and `?` match anything, `/` and
//! `:` included. The comparison is case-sensitive (spec §10 #7).

use crate::pattern::{Glob, Token};

/// The six parts of an ARN: `arn`, partition, service, region, account, and
/// the rest (which may hold more colons).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arn<'a> {
    /// The partition (`aws`, `aws-cn`, `aws-us-gov`).
    pub partition: &'a str,
    /// The service namespace.
    pub service: &'a str,
    /// The region, possibly empty.
    pub region: &'a str,
    /// The account, possibly empty.
    pub account: &'a str,
    /// Everything after the fifth colon.
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// Splits `text` at its first five colons; `None` unless it starts with
    /// `arn:` and has all six parts.
    pub fn parse(text: &'a str) -> Option<Arn<'a>> {
        let mut parts = text.splitn(6, ':');
        if parts.next()? != "arn" {
            return None;
        }
        Some(Arn {
            partition: parts.next()?,
            service: parts.next()?,
            region: parts.next()?,
            account: parts.next()?,
            resource: parts.next()?,
        })
    }
}

/// Splits text into six parts at the first five colons, whatever the first
/// part says; used by the ARN condition operators.
pub fn split_six(text: &str) -> Option<[&str; 6]> {
    let mut parts = text.splitn(6, ':');
    Some([
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    ])
}

/// Compiles a `Resource` pattern. Each item is a character and whether it is
/// literal (it came from a variable or an escape, so it is no wildcard).
pub fn compile_resource_pattern(chars: &[(char, bool)]) -> Glob {
    let mut tokens = alloc::vec::Vec::with_capacity(chars.len());
    let mut part = 0usize;
    for (idx, &(ch, literal)) in chars.iter().enumerate() {
        if literal {
            tokens.push(Token::Literal(ch));
            continue;
        }
        let in_head = part < 5;
        match ch {
            ':' => {
                part += 1;
                tokens.push(Token::Literal(':'));
            }
            '*' => {
                let ends_part = matches!(chars.get(idx + 1), None | Some((':', false)));
                tokens.push(Token::Star {
                    no_colon: in_head && !ends_part,
                });
            }
            '?' => tokens.push(Token::One { no_colon: in_head }),
            ch => tokens.push(Token::Literal(ch)),
        }
    }
    Glob::from_tokens(tokens)
}

/// Compiles a `Resource` pattern written without variables.
pub fn compile_resource_text(text: &str) -> Glob {
    let chars: alloc::vec::Vec<(char, bool)> = text.chars().map(|ch| (ch, false)).collect();
    compile_resource_pattern(&chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pattern: &str, arn: &str, expected: bool) {
        assert_eq!(
            compile_resource_text(pattern).is_match(arn),
            expected,
            "{pattern} vs {arn}"
        );
    }

    #[test]
    fn resource_patterns_follow_the_part_rules() {
        let p = "arn:aws:s3:::b/*/test/*";
        check(p, "arn:aws:s3:::b/1/test/x.jpg", true);
        check(p, "arn:aws:s3:::b/1/2/test/3/x.jpg", true);
        check(p, "arn:aws:s3:::b//test/x.jpg", true);
        check(p, "arn:aws:s3:::b/1/test/", true);
        check(p, "arn:aws:s3:::b/1-test/x.jpg", false);
        check(p, "arn:aws:s3:::b/test/x.jpg", false);
        check(p, "arn:aws:s3:::b/1/2/test.jpg", false);
        check(
            "arn:aws:dynamodb:*:table/prod-*",
            "arn:aws:dynamodb:us-east-1:111111111111:table/prod-x",
            true,
        );
        check(
            "arn:aws:ec2:us-east-?:*:instance/*",
            "arn:aws:ec2:us-east-1:1:instance/i",
            true,
        );
        check(
            "arn:aws:ec2:us-east-?:*:instance/*",
            "arn:aws:ec2:us-west-1:1:instance/i",
            false,
        );
        check(
            "arn:aws:ec2:us-*-1:*:instance/*",
            "arn:aws:ec2:us-east-1:1:instance/i",
            true,
        );
        check(
            "arn:aws:ec2:us-*-1:*:instance/*",
            "arn:aws:ec2:us:x-1:1:instance/i",
            false,
        );
        check(
            "arn:aws:iam::111111111111:user/*",
            "arn:aws:iam::111111111111:user/ops/bob",
            true,
        );
        check("arn:aws:s3:::B/*", "arn:aws:s3:::b/x", false);
        check("arn:aws:s3:::b/*", "arn:aws:s3:::b", false);
        check("*", "arn:aws:s3:::b", true);
    }

    #[test]
    fn arns_split_into_six_parts() {
        let arn = Arn::parse("arn:aws:sns:us-east-1:111:topic:sub").unwrap();
        assert_eq!(arn.account, "111");
        assert_eq!(arn.resource, "topic:sub");
        assert!(Arn::parse("arn:aws:s3").is_none());
    }
}

//! `ArnEquals`, `ArnLike` and their negations (AWS: "Condition operators",
//! ARN condition operators). Both sides are split into six parts at the first
//! five colons and compared part by part, case-sensitively; a wildcard never
//! crosses a colon in the first five parts, and the sixth part is globbed
//! whole. `ArnEquals` and `ArnLike` behave the same.

use alloc::vec::Vec;

use crate::arn::split_six;
use crate::pattern::{Glob, Token};

/// A compiled ARN condition pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArnPattern {
    parts: Vec<Glob>,
}

impl ArnPattern {
    /// Compiles tokens (literal characters from variables stay literal); `None`
    /// when the pattern has fewer than six parts.
    pub fn from_tokens(tokens: &[Token]) -> Option<ArnPattern> {
        let mut parts = Vec::with_capacity(6);
        let mut rest = tokens;
        for _ in 0..5 {
            let colon = rest
                .iter()
                .position(|token| *token == Token::Literal(':'))?;
            parts.push(Glob::from_tokens(rest.get(..colon)?.iter().copied()));
            rest = rest.get(colon + 1..)?;
        }
        parts.push(Glob::from_tokens(rest.iter().copied()));
        Some(ArnPattern { parts })
    }

    /// Whether `text` is a six-part value matching part by part.
    pub fn is_match(&self, text: &str) -> bool {
        match split_six(text) {
            Some(values) => self
                .parts
                .iter()
                .zip(values.iter())
                .all(|(glob, value)| glob.is_match(value)),
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::tokenize;

    fn check(pattern: &str, value: &str, expected: bool) {
        let tokens: Vec<Token> = tokenize(pattern).collect();
        let compiled = ArnPattern::from_tokens(&tokens).unwrap();
        assert_eq!(compiled.is_match(value), expected, "{pattern} vs {value}");
    }

    #[test]
    fn parts_match_separately() {
        check(
            "arn:aws:sns:*:111111111111:topic-*",
            "arn:aws:sns:us-east-1:111111111111:topic-1",
            true,
        );
        check(
            "arn:aws:someservice:*:111111111111:finance/*",
            "arn:aws:someservice:us-east-2:999999999999:store/abc:111111111111:finance/x",
            false,
        );
        check(
            "arn:aws:iam::111111111111:role/*",
            "arn:aws:iam::111111111111:role/team/app",
            true,
        );
        check("arn:aws:iam::111111111111:role/*", "not-an-arn", false);
        assert!(ArnPattern::from_tokens(&tokenize("arn:aws").collect::<Vec<_>>()).is_none());
    }
}

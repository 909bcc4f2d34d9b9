//! Diagnostics as data: a stable code, a severity, a message, a span and help.
//!
//! The core never formats a diagnostic for a terminal or a page; the CLI and
//! the web app render these at the edge. Messages are lowercase with no final
//! period, and quote user input in backticks.

use alloc::string::String;
use alloc::vec::Vec;

use crate::source::Span;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub enum Severity {
    /// Valid and probably meant, but worth a second look (`Action: "*"`).
    Suggestion,
    /// AWS would accept the input, but it probably does not do what its author meant.
    Warning,
    /// AWS would refuse the input; nothing is evaluated.
    Error,
}

impl Severity {
    /// The lowercase word (`error`, `warning`, `suggestion`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Suggestion => "suggestion",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

macro_rules! codes {
    ($($variant:ident => $text:literal,)*) => {
        /// A stable diagnostic code; its kebab-case name never changes.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $(
                #[doc = concat!("`", $text, "`")]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }
        }
    };
}

codes! {
    JsonSyntax => "json-syntax",
    JsonDuplicateKey => "duplicate-key",
    JsonTooDeep => "json-too-deep",
    InputTooLarge => "input-too-large",
    InvalidType => "invalid-type",
    UnknownElement => "invalid-policy-element",
    MissingElement => "missing-element",
    ConflictingElements => "conflicting-elements",
    ForbiddenElement => "forbidden-element",
    InvalidVersion => "invalid-version",
    MissingVersion => "missing-version",
    InvalidEffect => "invalid-effect",
    InvalidSid => "invalid-sid",
    DuplicateSid => "duplicate-sid",
    InvalidAction => "invalid-action",
    InvalidPrincipal => "invalid-principal",
    InvalidResource => "invalid-resource",
    UnknownConditionOperator => "unknown-condition-operator",
    InvalidConditionValue => "invalid-condition-value",
    DuplicateConditionKey => "duplicate-condition-key",
    InvalidConditionKey => "invalid-condition-key",
    InvalidVariable => "invalid-variable",
    VariableNotAllowed => "variable-not-allowed",
    VariableInOldVersion => "variable-in-old-version",
    RcpRule => "rcp-rule",
    ScpRule => "scp-rule",
    TrustPolicyRule => "trust-policy-rule",
    UnsupportedCharacter => "unsupported-character",
    PolicySize => "policy-size",
    EmptyArray => "empty-array",
    WildcardInLiteralOperator => "wildcard-in-equals-operator",
    ForAllValuesSingleValued => "for-all-values-single-valued",
    NullUnderSetOperator => "null-under-set-operator",
    OperatorCase => "operator-case",
    BoolValue => "invalid-bool-value",
    DateValue => "invalid-date-value",
    NumericValue => "invalid-numeric-value",
    IpValue => "invalid-ip-value",
    CidrHostBits => "cidr-host-bits",
    AllowWithNotPrincipal => "allow-with-not-principal",
    AllowWithNotAction => "allow-with-not-action",
    AllowWithNotResource => "allow-with-not-resource",
    PassRoleWildcard => "pass-role-wildcard",
    WildcardServicePrefix => "wildcard-service-prefix",
    IdNotAllowed => "id-not-allowed",
    S3ListAllMyBucketsIdiom => "list-all-my-buckets-idiom",
    WildcardTrustPrincipal => "wildcard-trust-principal",
    InvalidCase => "invalid-case",
    UnknownCaseField => "unknown-case-field",
    InvalidPrincipalArn => "invalid-principal-arn",
    DuplicateContextKey => "duplicate-context-key",
    RcpUnsupportedService => "rcp-unsupported-service",
    MissingStrictPolicy => "missing-strict-resource-policy",
    IgnoredPolicies => "ignored-policies",
    InvalidEndpoint => "invalid-vpc-endpoint",
    BlockPublicAccessNotS3 => "block-public-access-ignored",
    EndpointKeyWithoutEndpoint => "endpoint-key-without-endpoint",
    UnknownManagedPolicy => "unknown-managed-policy",
    UnknownService => "unknown-service",
    UnknownAction => "unknown-action",
    WildcardMatchesNothing => "wildcard-matches-nothing",
    ResourceMismatch => "resource-mismatch",
    UnknownConditionKey => "unknown-condition-key",
    ConditionTypeMismatch => "condition-type-mismatch",
    SensitiveWildcard => "sensitive-wildcard",
    InvalidExercise => "invalid-exercise",
    InvalidSubmission => "invalid-submission",
}

/// A secondary place that a diagnostic points at, with what to see there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there, in one lowercase line.
    pub message: String,
}

/// One finding about the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one lowercase line.
    pub message: String,
    /// Where it is.
    pub span: Span,
    /// What to do about it, if there is something to say.
    pub help: Option<String>,
    /// Other places that explain it (where a missing comma belongs).
    pub labels: Vec<Label>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            span,
            help: None,
            labels: Vec::new(),
        }
    }

    /// A warning at `span`.
    pub fn warning(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Warning,
            message: message.into(),
            span,
            help: None,
            labels: Vec::new(),
        }
    }

    /// A suggestion at `span`.
    pub fn suggestion(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Suggestion,
            ..Diagnostic::warning(code, span, message)
        }
    }

    /// The same diagnostic with a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same diagnostic with a secondary place.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Whether this diagnostic stops evaluation.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        for (idx, code) in Code::ALL.iter().enumerate() {
            let text = code.as_str();
            assert!(
                text.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{text}"
            );
            assert!(
                Code::ALL[idx + 1..]
                    .iter()
                    .all(|other| other.as_str() != text)
            );
        }
    }
}

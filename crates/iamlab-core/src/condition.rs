//! Condition operators (AWS: "IAM JSON policy elements: Condition
//! operators"; "Conditions with multiple context keys or values";
//! "Single-valued vs. multivalued context keys").
//!
//! One table of operators, and one function, [`evaluate`], that applies the
//! `...IfExists` suffix, the `ForAllValues`/`ForAnyValue` prefixes, missing
//! keys and negation in one place. Each family's comparison lives in a
//! sibling module. The same function serves the fast path (no trace) and the
//! explained path (fills a [`ConditionTrace`]), so they cannot disagree.

mod arn;
mod date;
mod ip;

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

pub use arn::ArnPattern;
pub use date::{Instant, parse_date};
pub use ip::Cidr;

use crate::context::{Found, Parsed, RequestContext};
use crate::pattern::{Glob, Token, tokenize};
use crate::source::Span;
use crate::trace::{ConditionNote, ConditionTrace, PolicyValueTrace, VariableTrace};
use crate::variable::{Template, TemplatePart};

/// The family of an operator: how it parses and compares values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// `String...`.
    String,
    /// `Numeric...`.
    Numeric,
    /// `Date...`.
    Date,
    /// `Bool`.
    Bool,
    /// `BinaryEquals`.
    Binary,
    /// `IpAddress`, `NotIpAddress`.
    Ip,
    /// `Arn...`.
    Arn,
    /// `Null`.
    Null,
}

/// A base operator, without prefix or suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[expect(
    missing_docs,
    reason = "each variant is the AWS operator of the same name"
)]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

/// How two parsed values compare for an operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Comparison {
    Equal,
    IgnoreCase,
    Like,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

impl BaseOperator {
    /// Every base operator.
    pub const ALL: [BaseOperator; 27] = [
        BaseOperator::StringEquals,
        BaseOperator::StringNotEquals,
        BaseOperator::StringEqualsIgnoreCase,
        BaseOperator::StringNotEqualsIgnoreCase,
        BaseOperator::StringLike,
        BaseOperator::StringNotLike,
        BaseOperator::NumericEquals,
        BaseOperator::NumericNotEquals,
        BaseOperator::NumericLessThan,
        BaseOperator::NumericLessThanEquals,
        BaseOperator::NumericGreaterThan,
        BaseOperator::NumericGreaterThanEquals,
        BaseOperator::DateEquals,
        BaseOperator::DateNotEquals,
        BaseOperator::DateLessThan,
        BaseOperator::DateLessThanEquals,
        BaseOperator::DateGreaterThan,
        BaseOperator::DateGreaterThanEquals,
        BaseOperator::Bool,
        BaseOperator::BinaryEquals,
        BaseOperator::IpAddress,
        BaseOperator::NotIpAddress,
        BaseOperator::ArnEquals,
        BaseOperator::ArnLike,
        BaseOperator::ArnNotEquals,
        BaseOperator::ArnNotLike,
        BaseOperator::Null,
    ];

    /// The operator's name as AWS spells it.
    pub fn name(self) -> &'static str {
        match self {
            BaseOperator::StringEquals => "StringEquals",
            BaseOperator::StringNotEquals => "StringNotEquals",
            BaseOperator::StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            BaseOperator::StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            BaseOperator::StringLike => "StringLike",
            BaseOperator::StringNotLike => "StringNotLike",
            BaseOperator::NumericEquals => "NumericEquals",
            BaseOperator::NumericNotEquals => "NumericNotEquals",
            BaseOperator::NumericLessThan => "NumericLessThan",
            BaseOperator::NumericLessThanEquals => "NumericLessThanEquals",
            BaseOperator::NumericGreaterThan => "NumericGreaterThan",
            BaseOperator::NumericGreaterThanEquals => "NumericGreaterThanEquals",
            BaseOperator::DateEquals => "DateEquals",
            BaseOperator::DateNotEquals => "DateNotEquals",
            BaseOperator::DateLessThan => "DateLessThan",
            BaseOperator::DateLessThanEquals => "DateLessThanEquals",
            BaseOperator::DateGreaterThan => "DateGreaterThan",
            BaseOperator::DateGreaterThanEquals => "DateGreaterThanEquals",
            BaseOperator::Bool => "Bool",
            BaseOperator::BinaryEquals => "BinaryEquals",
            BaseOperator::IpAddress => "IpAddress",
            BaseOperator::NotIpAddress => "NotIpAddress",
            BaseOperator::ArnEquals => "ArnEquals",
            BaseOperator::ArnLike => "ArnLike",
            BaseOperator::ArnNotEquals => "ArnNotEquals",
            BaseOperator::ArnNotLike => "ArnNotLike",
            BaseOperator::Null => "Null",
        }
    }

    /// The family.
    pub fn family(self) -> Family {
        use BaseOperator as B;
        match self {
            B::StringEquals
            | B::StringNotEquals
            | B::StringEqualsIgnoreCase
            | B::StringNotEqualsIgnoreCase
            | B::StringLike
            | B::StringNotLike => Family::String,
            B::NumericEquals
            | B::NumericNotEquals
            | B::NumericLessThan
            | B::NumericLessThanEquals
            | B::NumericGreaterThan
            | B::NumericGreaterThanEquals => Family::Numeric,
            B::DateEquals
            | B::DateNotEquals
            | B::DateLessThan
            | B::DateLessThanEquals
            | B::DateGreaterThan
            | B::DateGreaterThanEquals => Family::Date,
            B::Bool => Family::Bool,
            B::BinaryEquals => Family::Binary,
            B::IpAddress | B::NotIpAddress => Family::Ip,
            B::ArnEquals | B::ArnLike | B::ArnNotEquals | B::ArnNotLike => Family::Arn,
            B::Null => Family::Null,
        }
    }

    /// Whether the operator is a negation (NOR over the policy's values, and
    /// true when the key is missing).
    pub fn is_negated(self) -> bool {
        use BaseOperator as B;
        matches!(
            self,
            B::StringNotEquals
                | B::StringNotEqualsIgnoreCase
                | B::StringNotLike
                | B::NumericNotEquals
                | B::DateNotEquals
                | B::NotIpAddress
                | B::ArnNotEquals
                | B::ArnNotLike
        )
    }

    /// Whether policy variables may appear in its values.
    pub fn allows_variables(self) -> bool {
        matches!(self.family(), Family::String | Family::Arn | Family::Bool)
    }

    fn comparison(self) -> Comparison {
        use BaseOperator as B;
        match self {
            B::StringEqualsIgnoreCase | B::StringNotEqualsIgnoreCase => Comparison::IgnoreCase,
            B::StringLike | B::StringNotLike => Comparison::Like,
            B::NumericLessThan | B::DateLessThan => Comparison::Less,
            B::NumericLessThanEquals | B::DateLessThanEquals => Comparison::LessOrEqual,
            B::NumericGreaterThan | B::DateGreaterThan => Comparison::Greater,
            B::NumericGreaterThanEquals | B::DateGreaterThanEquals => Comparison::GreaterOrEqual,
            _ => Comparison::Equal,
        }
    }

    /// Looks a name up, ignoring case; the flag says whether the case differed.
    pub fn from_name(name: &str) -> Option<(BaseOperator, bool)> {
        BaseOperator::ALL.iter().find_map(|op| {
            if op.name() == name {
                Some((*op, false))
            } else if op.name().eq_ignore_ascii_case(name) {
                Some((*op, true))
            } else {
                None
            }
        })
    }
}

/// `ForAllValues` or `ForAnyValue`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SetOperator {
    /// Every request value must match (true when there are none).
    ForAllValues,
    /// At least one request value must match.
    ForAnyValue,
}

/// A full operator: optional set prefix, base, optional `IfExists`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Operator {
    /// The set prefix.
    pub set: Option<SetOperator>,
    /// The base operator.
    pub base: BaseOperator,
    /// The `IfExists` suffix.
    pub if_exists: bool,
}

/// Why an operator name is not one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OperatorError {
    /// The part before `:` is not `ForAllValues` or `ForAnyValue`.
    UnknownSetPrefix(String),
    /// The name is not a condition operator.
    Unknown,
    /// `NullIfExists`, which AWS does not have.
    NullIfExists,
}

impl Operator {
    /// Reads an operator name such as `ForAnyValue:StringLikeIfExists`,
    /// ignoring letter case; the flag says whether the case was unusual.
    pub fn parse(text: &str) -> Result<(Operator, bool), OperatorError> {
        let (set, rest, prefix_case_differs) = match text.split_once(':') {
            Some((prefix, rest)) => {
                let set = if prefix.eq_ignore_ascii_case("ForAllValues") {
                    SetOperator::ForAllValues
                } else if prefix.eq_ignore_ascii_case("ForAnyValue") {
                    SetOperator::ForAnyValue
                } else {
                    return Err(OperatorError::UnknownSetPrefix(String::from(prefix)));
                };
                let differs = prefix != "ForAllValues" && prefix != "ForAnyValue";
                (Some(set), rest, differs)
            }
            None => (None, text, false),
        };
        let (base_text, if_exists) = match rest
            .len()
            .checked_sub(8)
            .and_then(|at| rest.get(at..).map(|tail| (at, tail)))
        {
            Some((at, tail)) if tail.eq_ignore_ascii_case("IfExists") => {
                (rest.get(..at).unwrap_or(""), true)
            }
            _ => (rest, false),
        };
        let (base, case_differs) =
            BaseOperator::from_name(base_text).ok_or(OperatorError::Unknown)?;
        if base == BaseOperator::Null && if_exists {
            return Err(OperatorError::NullIfExists);
        }
        let suffix_case_differs = if_exists && !rest.ends_with("IfExists");
        let operator = Operator {
            set,
            base,
            if_exists,
        };
        Ok((
            operator,
            case_differs || prefix_case_differs || suffix_case_differs,
        ))
    }
}

/// One key test: `"OPERATOR": { "KEY": VALUES }`.
#[derive(Clone, Debug)]
pub struct Condition {
    /// The parsed operator.
    pub operator: Operator,
    /// The operator as written.
    pub operator_text: String,
    /// Where the operator is written.
    pub operator_span: Span,
    /// The key as written.
    pub key: String,
    /// The key in lowercase, for lookup.
    pub key_lower: String,
    /// [`crate::context::key_hash`] of `key_lower`.
    pub key_hash: u64,
    /// Where the key is written.
    pub key_span: Span,
    /// The policy's values.
    pub values: Vec<ConditionValue>,
}

/// One value of a condition, compiled for its operator.
#[derive(Clone, Debug)]
pub struct ConditionValue {
    /// As written (numbers and booleans as text).
    pub text: String,
    /// Where it is written.
    pub span: Span,
    /// The compiled form.
    pub compiled: Compiled,
    /// A template resolved with the principal's keys when the scenario was
    /// built (see [`crate::variable::Resolution`]).
    pub resolved: Option<alloc::boxed::Box<crate::variable::Resolution<Compiled>>>,
}

/// A condition value parsed for its operator's family.
#[derive(Clone, Debug)]
pub enum Compiled {
    /// Text compared as is.
    Text,
    /// A `StringLike` pattern.
    Glob(Glob),
    /// A value with policy variables, resolved per request.
    Template(Template),
    /// A decimal number (compared from its text).
    Number,
    /// An instant.
    Date(Instant),
    /// `true` or `false`.
    Bool(bool),
    /// Decoded bytes.
    Binary(Vec<u8>),
    /// A CIDR block.
    Ip(Cidr),
    /// An ARN pattern.
    Arn(ArnPattern),
    /// A `Null` test: true means "the key is absent".
    Null(bool),
    /// A value that cannot be parsed for the operator: it matches nothing.
    Invalid,
}

/// Compiles a value written without variables for `operator`.
pub fn compile_value(operator: BaseOperator, text: &str) -> Compiled {
    match operator.family() {
        Family::String => match operator.comparison() {
            Comparison::Like => Compiled::Glob(Glob::new(text)),
            _ => Compiled::Text,
        },
        Family::Numeric => {
            if is_number(text) {
                Compiled::Number
            } else {
                Compiled::Invalid
            }
        }
        Family::Date => parse_date(text).map_or(Compiled::Invalid, Compiled::Date),
        Family::Bool => parse_bool(text).map_or(Compiled::Invalid, Compiled::Bool),
        Family::Binary => parse_base64(text).map_or(Compiled::Invalid, Compiled::Binary),
        Family::Ip => Cidr::parse(text).map_or(Compiled::Invalid, Compiled::Ip),
        Family::Arn => {
            let tokens: Vec<Token> = tokenize(text).collect();
            ArnPattern::from_tokens(&tokens).map_or(Compiled::Invalid, Compiled::Arn)
        }
        Family::Null => parse_bool(text).map_or(Compiled::Invalid, Compiled::Null),
    }
}

/// Whether `text` is a decimal number: optional minus, digits, optional
/// fraction.
pub fn is_number(text: &str) -> bool {
    decimal(text).is_some()
}

/// Compares two decimal numbers exactly (`10` equals `10.0`, and numbers
/// past 2^53 stay apart); `None` when either is not a number. Exact decimal
/// comparison rather than `f64`: it is what "compared as numbers" means
/// (spec §4.3), and it keeps the standard library's float parser and its
/// tables (about 9 KB gzipped) out of the page's `.wasm`.
pub fn compare_numbers(a: &str, b: &str) -> Option<core::cmp::Ordering> {
    let (a_negative, a_whole, a_fraction) = decimal(a)?;
    let (b_negative, b_whole, b_fraction) = decimal(b)?;
    let magnitude = a_whole
        .len()
        .cmp(&b_whole.len())
        .then_with(|| a_whole.cmp(b_whole))
        .then_with(|| a_fraction.cmp(b_fraction));
    Some(match (a_negative, b_negative) {
        (false, false) => magnitude,
        (true, true) => magnitude.reverse(),
        (true, false) => core::cmp::Ordering::Less,
        (false, true) => core::cmp::Ordering::Greater,
    })
}

/// A decimal number as (negative, whole digits without leading zeros,
/// fraction digits without trailing zeros); zero is never negative.
fn decimal(text: &str) -> Option<(bool, &str, &str)> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(body) => (true, body),
        None => (false, text),
    };
    let (whole, fraction) = body.split_once('.').unwrap_or((body, "0"));
    let digits_only = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !digits_only(whole) || !digits_only(fraction) {
        return None;
    }
    let whole = whole.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    let zero = whole.is_empty() && fraction.is_empty();
    Some((negative && !zero, whole, fraction))
}

/// Parses `true` or `false`, ignoring case.
pub fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

fn parse_base64(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}

/// A policy value after variable substitution, ready to compare.
enum Resolved<'v> {
    /// Compiled once, at lowering.
    Ready(&'v Compiled, &'v str),
    /// Substituted text; `pieces` keeps which characters are literal.
    Substituted { text: String, tokens: Vec<Token> },
    /// A variable had no value and no default: the value matches nothing.
    Unresolvable,
}

/// Evaluates one condition. With `trace`, every detail is recorded there.
pub(crate) fn evaluate<'p>(
    condition: &'p Condition,
    ctx: &RequestContext<'p>,
    mut trace: Option<&mut ConditionTrace<'p>>,
) -> bool {
    let operator = condition.operator;
    let found = ctx.find(condition.key_hash, &condition.key_lower);
    let missing = found.is_none_or(|found| found.is_empty());
    let multivalued = found.is_some_and(|found| found.multivalued());
    let values = Values(found);

    // The fast path compares values compiled at lowering in place, without
    // collecting them: most conditions have no variables, and those with
    // variables were resolved for the scenario's principal.
    if trace.is_none()
        && condition.values.iter().all(|value| match &value.compiled {
            Compiled::Template(template) => value
                .resolved
                .as_ref()
                .is_some_and(|resolved| template.gives(&resolved.values, ctx)),
            _ => true,
        })
    {
        return decide(
            operator,
            &Precompiled(&condition.values),
            values,
            missing,
            multivalued,
        )
        .0;
    }

    // Resolve the policy's values with variables once; the trace shows each
    // value and its resolution. Without variables the comparison reads the
    // values compiled, as on the fast path, with no list of resolutions.
    let has_variables = condition
        .values
        .iter()
        .any(|value| matches!(value.compiled, Compiled::Template(_)));
    let mut resolved: Vec<Resolved<'_>> = Vec::new();
    if has_variables {
        resolved.reserve_exact(condition.values.len());
    }
    if let Some(trace) = trace.as_deref_mut() {
        trace.policy_values.reserve_exact(condition.values.len());
    }
    for value in &condition.values {
        let (resolution, value_trace) = resolve_value(value, ctx, trace.is_some());
        if let (Some(trace), Some(value_trace)) = (trace.as_deref_mut(), value_trace) {
            trace.policy_values.push(value_trace);
        }
        if has_variables {
            resolved.push(resolution);
        }
    }
    if let Some(trace) = trace.as_deref_mut() {
        trace.key_missing = missing;
        trace.multivalued = multivalued;
        trace.request_values = values.iter().map(|value| value.text).collect();
    }

    let (result, note) = if has_variables {
        decide(
            operator,
            &Resolutions(&resolved),
            values,
            missing,
            multivalued,
        )
    } else {
        decide(
            operator,
            &Precompiled(&condition.values),
            values,
            missing,
            multivalued,
        )
    };
    if let Some(trace) = trace {
        trace.result = result;
        trace.note = note;
    }
    result
}

/// The policy's values of one condition, as the decision needs them.
trait PolicyValues {
    /// Whether there are none.
    fn is_empty(&self) -> bool;
    /// Whether a `Null` test holds for a key that is (or is not) present.
    fn null_holds(&self, present: bool) -> bool;
    /// The base operator applied to one request value against every value.
    fn matches_one(&self, base: BaseOperator, request: Request<'_>) -> bool;
}

/// The request's values of a key, with their parsed forms.
#[derive(Clone, Copy)]
struct Values<'a>(Option<Found<'a>>);

impl<'a> Values<'a> {
    fn iter(self) -> impl Iterator<Item = Request<'a>> {
        self.0
            .into_iter()
            .flat_map(|found| found.values())
            .map(|(text, parsed)| Request { text, parsed })
    }
}

/// One request value: its text and what it reads as.
#[derive(Clone, Copy)]
struct Request<'a> {
    text: &'a str,
    parsed: Parsed,
}

/// Values resolved per request (they may hold variables).
struct Resolutions<'r, 'v>(&'r [Resolved<'v>]);

/// Values compiled at lowering, or resolved ahead for the request's values
/// of their variables.
struct Precompiled<'v>(&'v [ConditionValue]);

impl PolicyValues for Resolutions<'_, '_> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn null_holds(&self, present: bool) -> bool {
        self.0.iter().any(|value| match value {
            Resolved::Ready(Compiled::Null(expect_absent), _) => *expect_absent != present,
            _ => false,
        })
    }

    fn matches_one(&self, base: BaseOperator, request: Request<'_>) -> bool {
        matches_one(base, self.0.iter(), request)
    }
}

impl PolicyValues for Precompiled<'_> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn null_holds(&self, present: bool) -> bool {
        self.0.iter().any(|value| match value.compiled {
            Compiled::Null(expect_absent) => expect_absent != present,
            _ => false,
        })
    }

    fn matches_one(&self, base: BaseOperator, request: Request<'_>) -> bool {
        let ready = self.0.iter().map(|value| match &value.resolved {
            Some(resolved) => Resolved::Ready(&resolved.compiled, resolved.text.as_str()),
            None => Resolved::Ready(&value.compiled, value.text.as_str()),
        });
        matches_one(base, ready, request)
    }
}

fn decide(
    operator: Operator,
    resolved: &impl PolicyValues,
    values: Values<'_>,
    missing: bool,
    multivalued: bool,
) -> (bool, Option<ConditionNote>) {
    if operator.base == BaseOperator::Null {
        if let Some(set) = operator.set {
            return (
                set == SetOperator::ForAllValues,
                Some(ConditionNote::NullUnderSetOperator),
            );
        }
        return (resolved.null_holds(!missing), None);
    }
    if operator.if_exists && missing {
        return (true, Some(ConditionNote::IfExistsKeyMissing));
    }
    if resolved.is_empty() {
        // No policy values (Access Analyzer: "empty condition values"): an
        // `IfExists` test or a `ForAnyValue` never matches a present key, and
        // `ForAllValues` matches only a missing or empty one. A plain
        // operator is OR of nothing (false) or, negated, NOR of nothing
        // (true).
        let result = match operator.set {
            Some(SetOperator::ForAnyValue) => false,
            Some(SetOperator::ForAllValues) => missing || values.iter().all(|v| v.text.is_empty()),
            None if operator.if_exists => false,
            None if missing => operator.base.is_negated(),
            None => operator.base.is_negated() && !multivalued,
        };
        return (result, None);
    }
    match operator.set {
        None => {
            if missing {
                let negated = operator.base.is_negated();
                let note = if negated {
                    ConditionNote::NegatedKeyMissing
                } else {
                    ConditionNote::KeyMissing
                };
                return (negated, Some(note));
            }
            if multivalued {
                return (false, Some(ConditionNote::MultivaluedWithoutSetOperator));
            }
            match values.iter().next() {
                Some(value) => (resolved.matches_one(operator.base, value), None),
                None => (false, None),
            }
        }
        Some(set) => {
            let mut request = values
                .iter()
                .filter(|value| !value.text.is_empty())
                .peekable();
            if missing || request.peek().is_none() {
                let note = ConditionNote::SetOperatorNoValues;
                return (set == SetOperator::ForAllValues, Some(note));
            }
            let result = match set {
                SetOperator::ForAllValues => {
                    request.all(|value| resolved.matches_one(operator.base, value))
                }
                SetOperator::ForAnyValue => {
                    request.any(|value| resolved.matches_one(operator.base, value))
                }
            };
            (result, None)
        }
    }
}

/// The base operator applied to one request value against every policy
/// value: OR for positive operators, NOR for negated ones. A comparison whose
/// sides cannot be parsed is false either way; an unresolvable variable
/// matches nothing, so it makes a positive comparison false and a negated
/// one true.
fn matches_one<'v>(
    base: BaseOperator,
    mut resolved: impl Iterator<Item = impl core::borrow::Borrow<Resolved<'v>>>,
    request: Request<'_>,
) -> bool {
    if base.is_negated() {
        resolved.all(|value| match value.borrow() {
            Resolved::Unresolvable => true,
            value => compare(base, value, request) == Some(false),
        })
    } else {
        resolved.any(|value| compare(base, value.borrow(), request) == Some(true))
    }
}

/// Compares as the positive form of `base`; `None` when a side does not parse.
fn compare(base: BaseOperator, value: &Resolved<'_>, request: Request<'_>) -> Option<bool> {
    let comparison = base.comparison();
    let parsed = request.parsed;
    let request = request.text;
    match value {
        Resolved::Unresolvable => Some(false),
        Resolved::Substituted { text, tokens } => match base.family() {
            Family::String => Some(match comparison {
                Comparison::Like => Glob::from_tokens(tokens.iter().copied()).is_match(request),
                Comparison::IgnoreCase => eq_ignore_case(text, request),
                _ => text == request,
            }),
            Family::Arn => Some(ArnPattern::from_tokens(tokens)?.is_match(request)),
            Family::Bool => Some(parse_bool(text)? == parse_bool(request)?),
            _ => None,
        },
        Resolved::Ready(compiled, text) => match compiled {
            Compiled::Text => Some(match comparison {
                Comparison::IgnoreCase => eq_ignore_case(text, request),
                _ => *text == request,
            }),
            Compiled::Glob(glob) => Some(glob.is_match(request)),
            Compiled::Number => {
                if !parsed.is_number() {
                    return None;
                }
                Some(ordered(comparison, compare_numbers(request, text)?))
            }
            Compiled::Date(policy) => {
                let request = parsed.date()?;
                Some(ordered(comparison, request.cmp(policy)))
            }
            Compiled::Bool(policy) => Some(parsed.boolean()? == *policy),
            Compiled::Binary(policy) => Some(parse_base64(request)? == *policy),
            Compiled::Ip(block) => Some(block.contains(&parsed.ip()?)),
            Compiled::Arn(pattern) => Some(pattern.is_match(request)),
            Compiled::Template(_) | Compiled::Null(_) | Compiled::Invalid => None,
        },
    }
}

fn ordered(comparison: Comparison, ordering: core::cmp::Ordering) -> bool {
    use core::cmp::Ordering::{Equal, Greater, Less};
    match comparison {
        Comparison::Less => ordering == Less,
        Comparison::LessOrEqual => ordering != Greater,
        Comparison::Greater => ordering == Greater,
        Comparison::GreaterOrEqual => ordering != Less,
        _ => ordering == Equal,
    }
}

/// Unicode simple lowercase comparison (spec §4.3).
fn eq_ignore_case(a: &str, b: &str) -> bool {
    crate::text::eq_ignore_case(a, b)
}

/// Resolves a value with variables ahead of the requests, for the keys of
/// `ctx`; `None` when a variable has no value there, or when the family
/// compares substituted text in a way a compiled value cannot stand for.
pub(crate) fn resolve_ahead(
    operator: BaseOperator,
    value: &ConditionValue,
    ctx: &RequestContext<'_>,
) -> Option<crate::variable::Resolution<Compiled>> {
    let Compiled::Template(template) = &value.compiled else {
        return None;
    };
    let values = template.values_in(ctx)?;
    let (Resolved::Substituted { text, tokens }, _) = resolve_value(value, ctx, false) else {
        return None;
    };
    let compiled = match operator.family() {
        Family::String => match operator.comparison() {
            Comparison::Like => Compiled::Glob(Glob::from_tokens(tokens.iter().copied())),
            _ => Compiled::Text,
        },
        Family::Arn => ArnPattern::from_tokens(&tokens).map_or(Compiled::Invalid, Compiled::Arn),
        Family::Bool => parse_bool(&text).map_or(Compiled::Invalid, Compiled::Bool),
        _ => return None,
    };
    Some(crate::variable::Resolution {
        values,
        text,
        compiled,
    })
}

fn resolve_value<'v>(
    value: &'v ConditionValue,
    ctx: &RequestContext<'_>,
    want_trace: bool,
) -> (Resolved<'v>, Option<PolicyValueTrace<'v>>) {
    let Compiled::Template(template) = &value.compiled else {
        let trace = want_trace.then(|| PolicyValueTrace {
            written: value.text.as_str(),
            resolved: None,
            variables: Vec::new(),
            span: value.span,
        });
        return (Resolved::Ready(&value.compiled, value.text.as_str()), trace);
    };
    let mut text = String::new();
    let mut tokens = Vec::new();
    let mut variables = Vec::new();
    let mut unresolvable = false;
    for part in &template.parts {
        match part {
            TemplatePart::Text(written) => {
                text.push_str(written);
                tokens.extend(tokenize(written));
            }
            TemplatePart::Escaped(ch) => {
                text.push(*ch);
                tokens.push(Token::Literal(*ch));
            }
            TemplatePart::Variable(variable) => {
                let found = ctx.variable_hashed(variable.key_hash, &variable.key_lower);
                let (used, used_default) = match (found, &variable.default) {
                    (Some(found), _) => (Some(found), false),
                    (None, Some(default)) => (Some(default.as_str()), true),
                    (None, None) => (None, false),
                };
                if want_trace {
                    variables.push(VariableTrace {
                        key: variable.key.as_str(),
                        value: used.map(ToOwned::to_owned),
                        used_default,
                        missing: found.is_none(),
                    });
                }
                match used {
                    Some(used) => {
                        text.push_str(used);
                        tokens.extend(used.chars().map(Token::Literal));
                    }
                    None => unresolvable = true,
                }
            }
        }
    }
    let trace = want_trace.then(|| PolicyValueTrace {
        written: value.text.as_str(),
        resolved: (!unresolvable).then(|| text.clone()),
        variables,
        span: value.span,
    });
    if unresolvable {
        (Resolved::Unresolvable, trace)
    } else {
        (Resolved::Substituted { text, tokens }, trace)
    }
}

#[cfg(test)]
mod tests;

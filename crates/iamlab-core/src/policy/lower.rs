//! Lowering a JSON document into a [`Policy`], validated for its kind.
//!
//! Every problem is reported in one pass (AWS: "Grammar of the IAM JSON
//! policy language"; "IAM Access Analyzer policy check reference"; "SCP
//! syntax"; "RCP syntax"). Errors mean AWS would refuse the document; the
//! model is still returned when it is usable, so that an editor can show
//! what the rest of the policy would do.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::{
    ActionClause, ActionMatcher, ActionPattern, DocumentKind, Effect, Policy, PrincipalClause,
    PrincipalEntry, PrincipalKey, ResourceClause, ResourceMatcher, ResourcePattern, Statement,
    Version,
};
use crate::arn::compile_resource_text;
use crate::condition::{
    BaseOperator, Compiled, Condition, ConditionValue, Family, Operator, OperatorError,
    SetOperator, compile_value,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::json::{self, Kind, Limits, Member, Value};
use crate::pattern::Glob;
use crate::source::{SourceId, SourceMap, Span};
use crate::variable::{parse_template, resource_rest_start};

/// What to lower a document as.
#[derive(Clone, Debug)]
pub struct LowerOptions {
    /// The grammar to validate against.
    pub kind: DocumentKind,
    /// The name to show in explanations.
    pub name: String,
}

/// Parses policy text held in `source` and lowers it. The text may be the
/// document itself or a JSON string holding it.
pub fn parse_policy(
    sources: &mut SourceMap,
    source: SourceId,
    options: &LowerOptions,
) -> (Option<Policy>, Vec<Diagnostic>) {
    let text = sources.get(source).map(|s| s.text()).unwrap_or("");
    let (value, mut diagnostics) = json::parse(text, source, Limits::default());
    let Some(value) = value else {
        return (None, diagnostics);
    };
    let (policy, more) = lower_policy(sources, &value, options);
    diagnostics.extend(more);
    (policy, diagnostics)
}

/// Lowers a policy given as a JSON value: an object, or a string holding the
/// JSON (as AWS APIs return policies), which becomes its own source.
pub fn lower_policy(
    sources: &mut SourceMap,
    value: &Value,
    options: &LowerOptions,
) -> (Option<Policy>, Vec<Diagnostic>) {
    if let Kind::String(text) = &value.kind {
        let inner = sources.add_embedded(value.span, text.clone());
        let inner_text = sources.get(inner).map(|s| s.text()).unwrap_or("");
        let (inner_value, mut diagnostics) = json::parse(inner_text, inner, Limits::default());
        let Some(inner_value) = inner_value else {
            return (None, diagnostics);
        };
        if matches!(inner_value.kind, Kind::String(_)) {
            diagnostics.push(Diagnostic::error(
                Code::InvalidType,
                value.span,
                "the policy is a JSON string holding another string; give the document itself",
            ));
            return (None, diagnostics);
        }
        let (policy, more) = lower_document(&inner_value, options);
        diagnostics.extend(more);
        return (policy, diagnostics);
    }
    lower_document(value, options)
}

/// A hash of a statement's text, for the [`StatementCache`]: eight bytes at
/// a time, since a lowering after an edit hashes every statement of the
/// document (FNV-1a, a byte at a time, took a tenth of lowering a 100 KB
/// policy in the page). Entries with equal hashes are still compared by text.
fn statement_hash(text: &str) -> u64 {
    const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |hash: u64, word: u64| (hash.rotate_left(23) ^ word).wrapping_mul(MULTIPLIER);
    let bytes = text.as_bytes();
    let mut words = bytes.chunks_exact(8);
    let mut hash = mix(0, bytes.len() as u64);
    for word in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        hash = mix(hash, u64::from_le_bytes(eight));
    }
    let mut tail = [0u8; 8];
    let rest = words.remainder();
    tail.get_mut(..rest.len())
        .unwrap_or_default()
        .copy_from_slice(rest);
    mix(hash, u64::from_le_bytes(tail))
}

/// Moves a diagnostic of a statement that moved by `delta` bytes.
fn relocate_diagnostic(diagnostic: &mut Diagnostic, source: SourceId, delta: i64) {
    diagnostic.span = diagnostic.span.moved(source, delta);
    for label in &mut diagnostic.labels {
        label.span = label.span.moved(source, delta);
    }
}

/// Global condition keys that are multivalued (AWS: "AWS global condition
/// context keys"); every other `aws:` key is single-valued.
const MULTIVALUED_GLOBAL_KEYS: [&str; 8] = [
    "aws:tagkeys",
    "aws:principalorgpaths",
    "aws:principalservicenameslist",
    "aws:calledvia",
    "aws:sourceorgpaths",
    "aws:resourceorgpaths",
    "aws:vpceorgpaths",
    "aws:sourcevpcarn",
];

const STATEMENT_ELEMENTS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

struct Lowerer<'o> {
    options: &'o LowerOptions,
    version: Version,
    diagnostics: Vec<Diagnostic>,
    /// Statements lowered before, to take instead of lowering them again.
    reuse: Option<Reuse<'o>>,
}

/// Statements lowered from a policy's previous text, kept so that lowering
/// the policy again after an edit lowers only the statements that changed.
///
/// Kept by hand for a measured need: in the page, a policy is lowered again
/// on every keystroke, and lowering a 100 KB policy of 300 statements whole
/// was a visible part of the time to the updated decision. A statement is
/// taken again when its text, the document's kind and its `Version` are the
/// same; its spans, and those of its diagnostics, move with it.
#[derive(Clone, Debug, Default)]
pub struct StatementCache {
    /// Sorted by the hash of the statement's text.
    entries: Vec<CachedStatement>,
    /// How many statements the last lowering took from the one before.
    reused: usize,
}

#[derive(Clone, Debug)]
struct CachedStatement {
    hash: u64,
    text: String,
    kind: DocumentKind,
    version: Version,
    /// Where the statement's text started when it was lowered.
    start: u32,
    statement: Statement,
    diagnostics: Vec<Diagnostic>,
}

/// A lowering's use of a [`StatementCache`].
struct Reuse<'t> {
    /// The text the document was read from, and its source.
    text: &'t str,
    source: SourceId,
    /// The previous entries by hash, each taken at most once.
    old: Vec<(u64, Option<CachedStatement>)>,
    /// The entries of this lowering.
    new: Vec<CachedStatement>,
}

impl StatementCache {
    /// How many statements are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no statement is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many statements the last lowering took from the one before
    /// instead of lowering them.
    pub fn reused(&self) -> usize {
        self.reused
    }
}

/// [`parse_policy`], taking from `cache` the statements whose text has not
/// changed since it was filled, and leaving in it the statements of this
/// text. The result is the same as [`parse_policy`]'s.
pub fn parse_policy_cached(
    sources: &mut SourceMap,
    source: SourceId,
    options: &LowerOptions,
    cache: &mut StatementCache,
) -> (Option<Policy>, Vec<Diagnostic>) {
    let text = sources.get(source).map(|s| s.text()).unwrap_or("");
    let (value, mut diagnostics) = json::parse(text, source, Limits::default());
    let Some(value) = value else {
        return (None, diagnostics);
    };
    if matches!(value.kind, Kind::String(_)) {
        // A document given as a JSON string is read as a source of its own.
        *cache = StatementCache::default();
        let (policy, more) = lower_policy(sources, &value, options);
        diagnostics.extend(more);
        return (policy, diagnostics);
    }
    let old = core::mem::take(&mut cache.entries);
    let mut lowerer = Lowerer {
        options,
        version: Version::Missing,
        diagnostics: Vec::new(),
        reuse: Some(Reuse {
            text,
            source,
            old: old
                .into_iter()
                .map(|entry| (entry.hash, Some(entry)))
                .collect(),
            new: Vec::new(),
        }),
    };
    let policy = lowerer.document(&value);
    if let Some(reuse) = lowerer.reuse.take() {
        cache.reused = reuse
            .old
            .iter()
            .filter(|(_, entry)| entry.is_none())
            .count();
        cache.entries = reuse.new;
        crate::sort::sort_by_key(&mut cache.entries, |entry| entry.hash);
    }
    let mut more = lowerer.diagnostics;
    crate::sort::sort_by_key(&mut more, |d| (d.span.source, d.span.start));
    diagnostics.extend(more);
    (policy, diagnostics)
}

fn lower_document(value: &Value, options: &LowerOptions) -> (Option<Policy>, Vec<Diagnostic>) {
    let mut lowerer = Lowerer {
        options,
        version: Version::Missing,
        diagnostics: Vec::new(),
        reuse: None,
    };
    let policy = lowerer.document(value);
    let mut diagnostics = lowerer.diagnostics;
    crate::sort::sort_by_key(&mut diagnostics, |d| (d.span.source, d.span.start));
    (policy, diagnostics)
}

impl Lowerer<'_> {
    fn error(&mut self, code: Code, span: Span, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(code, span, message));
    }

    fn warn(&mut self, code: Code, span: Span, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning(code, span, message));
    }

    fn kind(&self) -> DocumentKind {
        self.options.kind
    }

    fn document(&mut self, value: &Value) -> Option<Policy> {
        let Some(members) = value.as_object() else {
            self.error(
                Code::InvalidType,
                value.span,
                format!(
                    "a policy document must be a JSON object, found {}",
                    value.type_name()
                ),
            );
            return None;
        };
        let mut version_value = None;
        let mut statement_value = None;
        for member in members {
            match member.key.as_str() {
                "Version" => version_value = Some(&member.value),
                "Statement" => statement_value = Some(&member.value),
                "Id" => self.id(&member.value),
                other => self.unknown_element(member, other, &["Version", "Id", "Statement"]),
            }
        }
        self.version(version_value, value.span);
        self.characters(value);
        self.size(value);
        let Some(statement_value) = statement_value else {
            self.error(
                Code::MissingElement,
                value.span,
                "the policy has no `Statement`",
            );
            return None;
        };
        let statement_values: Vec<&Value> = match &statement_value.kind {
            Kind::Object(_) => alloc::vec![statement_value],
            Kind::Array(items) => {
                if items.is_empty() {
                    self.warn(
                        Code::EmptyArray,
                        statement_value.span,
                        "`Statement` is empty: the policy does nothing",
                    );
                }
                items.iter().collect()
            }
            _ => {
                self.error(
                    Code::InvalidType,
                    statement_value.span,
                    format!(
                        "`Statement` must be an object or an array of objects, found {}",
                        statement_value.type_name()
                    ),
                );
                return None;
            }
        };
        let mut statements = Vec::with_capacity(statement_values.len());
        for (index, item) in statement_values.into_iter().enumerate() {
            if let Some(statement) = self.statement_reusing(index, item) {
                statements.push(statement);
            }
        }
        if self.kind().is_iam() {
            self.duplicate_sids(&statements);
        }
        let is_rcp_full_access =
            statements.len() == 1 && statements.first().is_some_and(is_full_access);
        if self.kind() == DocumentKind::Rcp && !is_rcp_full_access {
            self.rcp_rules(&statements);
        }
        Some(Policy {
            name: self.options.name.clone(),
            group: None,
            kind: self.kind(),
            version: self.version,
            statements,
            span: value.span,
            is_rcp_full_access,
        })
    }

    /// Each statement whose `Sid` an earlier statement already has, found by
    /// sorting (n log n: a policy may have many statements).
    fn duplicate_sids(&mut self, statements: &[Statement]) {
        let mut sids: Vec<(&str, usize)> = statements
            .iter()
            .enumerate()
            .filter_map(|(at, s)| {
                s.sid
                    .as_deref()
                    .filter(|sid| !sid.is_empty())
                    .map(|sid| (sid, at))
            })
            .collect();
        crate::sort::sort_by(&mut sids, |a, b| a.cmp(b));
        let mut repeated: Vec<usize> = sids
            .windows(2)
            .filter_map(|pair| match pair {
                [(a, _), (b, at)] if a == b => Some(*at),
                _ => None,
            })
            .collect();
        crate::sort::sort(&mut repeated);
        for at in repeated {
            if let Some(statement) = statements.get(at) {
                let sid = statement.sid.as_deref().unwrap_or("");
                self.error(
                    Code::DuplicateSid,
                    statement.span,
                    format!("`Sid` `{sid}` is used twice in this policy"),
                );
            }
        }
    }

    fn unknown_element(&mut self, member: &Member, name: &str, known: &[&str]) {
        let suggestion = known.iter().find(|k| k.eq_ignore_ascii_case(name));
        let mut diagnostic = Diagnostic::error(
            Code::UnknownElement,
            member.key_span,
            format!("`{name}` is not a policy element here"),
        );
        diagnostic = match suggestion {
            Some(right) => {
                diagnostic.with_help(format!("element names are case-sensitive: write `{right}`"))
            }
            None => diagnostic.with_help(format!(
                "the elements allowed here are {}",
                known_list(known)
            )),
        };
        self.diagnostics.push(diagnostic);
    }

    fn id(&mut self, value: &Value) {
        if value.as_str().is_none() {
            self.error(
                Code::InvalidType,
                value.span,
                format!("`Id` must be a string, found {}", value.type_name()),
            );
        }
        if !matches!(
            self.kind(),
            DocumentKind::Resource | DocumentKind::RoleTrust | DocumentKind::VpcEndpoint
        ) {
            self.warn(
                Code::IdNotAllowed,
                value.span,
                "`Id` belongs in resource-based policies; IAM's grammar does not allow it here",
            );
        }
    }

    fn version(&mut self, value: Option<&Value>, document_span: Span) {
        let must_be_2012 = matches!(self.kind(), DocumentKind::Scp | DocumentKind::Rcp);
        match value {
            None => {
                self.version = Version::Missing;
                if must_be_2012 {
                    self.error(
                        Code::InvalidVersion,
                        document_span,
                        "this policy type needs `\"Version\": \"2012-10-17\"`",
                    );
                } else {
                    self.diagnostics.push(
                        Diagnostic::warning(
                            Code::MissingVersion,
                            document_span,
                            "the policy has no `Version`, so policy variables are plain text",
                        )
                        .with_help("add `\"Version\": \"2012-10-17\"`"),
                    );
                }
            }
            Some(value) => match value.as_str() {
                Some("2012-10-17") => self.version = Version::V2012,
                Some("2008-10-17") if !must_be_2012 => self.version = Version::V2008,
                _ => {
                    let message = match &value.kind {
                        Kind::String(text) => format!("`Version` `{text}` is not valid here"),
                        _ => format!("`Version` must be a string, found {}", value.type_name()),
                    };
                    self.diagnostics.push(
                        Diagnostic::error(Code::InvalidVersion, value.span, message).with_help(
                            if must_be_2012 {
                                "this policy type needs `2012-10-17`"
                            } else {
                                "use `2012-10-17` (or the old `2008-10-17`)"
                            },
                        ),
                    );
                }
            },
        }
    }

    /// AWS: "IAM and AWS STS quotas": IAM accepts only TAB, LF, CR and
    /// U+0020 to U+00FF in policies.
    fn characters(&mut self, value: &Value) {
        if !self.kind().is_iam() {
            return;
        }
        let mut stack = alloc::vec![value];
        while let Some(value) = stack.pop() {
            match &value.kind {
                Kind::String(text) => {
                    if let Some(ch) = text
                        .chars()
                        .find(|&ch| !matches!(ch, '\t' | '\n' | '\r' | '\u{20}'..='\u{ff}'))
                    {
                        self.error(
                            Code::UnsupportedCharacter,
                            value.span,
                            format!(
                                "IAM policies accept only characters up to U+00FF, found U+{:04X}",
                                ch as u32
                            ),
                        );
                        return;
                    }
                }
                Kind::Array(items) => stack.extend(items.iter()),
                Kind::Object(members) => stack.extend(members.iter().map(|m| &m.value)),
                _ => {}
            }
        }
    }

    /// AWS: "IAM and AWS STS quotas"; "Quotas for AWS Organizations".
    fn size(&mut self, value: &Value) {
        let (limit, counts_whitespace, what) = match self.kind() {
            DocumentKind::Identity | DocumentKind::PermissionsBoundary => {
                (6_144, false, "a managed policy")
            }
            DocumentKind::Session => (2_048, false, "session policies"),
            DocumentKind::RoleTrust => (2_048, false, "a role trust policy (by default)"),
            DocumentKind::Scp | DocumentKind::Rcp => (5_120, true, "this organization policy"),
            // AWS: "Control access to VPC endpoints using endpoint policies".
            DocumentKind::VpcEndpoint => (20_480, true, "a VPC endpoint policy"),
            DocumentKind::Resource => return,
        };
        // Characters of the policy as printed without layout, counted
        // without printing it.
        let size = json::printed_chars(value, !counts_whitespace);
        if size > limit {
            // The warning is about the whole document, but it points at its
            // opening brace: an editor underlines what a diagnostic spans,
            // and a document underlined from end to end hides every other
            // mark.
            let opening = Span {
                end: value.span.start.saturating_add(1).min(value.span.end),
                ..value.span
            };
            self.warn(
                Code::PolicySize,
                opening,
                format!("the policy has {size} characters; AWS allows {limit} for {what}, so it would refuse to store it"),
            );
        }
    }

    /// [`Lowerer::statement`], or the same statement lowered before from the
    /// same text, kind and version, moved to where it is now.
    fn statement_reusing(&mut self, index: usize, value: &Value) -> Option<Statement> {
        let Some(mut reuse) = self.reuse.take() else {
            return self.statement(index, value);
        };
        let span = value.span;
        let text = reuse
            .text
            .get(span.start as usize..span.end as usize)
            .filter(|_| span.source == reuse.source);
        let Some(text) = text else {
            self.reuse = Some(reuse);
            return self.statement(index, value);
        };
        let hash = statement_hash(text);
        let (kind, version) = (self.kind(), self.version);
        let first = reuse.old.partition_point(|(probe, _)| *probe < hash);
        let found = reuse
            .old
            .get_mut(first..)
            .unwrap_or_default()
            .iter_mut()
            .take_while(|(probe, _)| *probe == hash)
            .map(|(_, entry)| entry)
            .find(|entry| {
                entry.as_ref().is_some_and(|entry| {
                    entry.text == text && entry.kind == kind && entry.version == version
                })
            })
            .and_then(Option::take);
        let result = match found {
            Some(mut entry) => {
                let delta = i64::from(span.start) - i64::from(entry.start);
                // Statements before the edit stay where they were.
                if delta != 0 || entry.statement.span.source != span.source {
                    entry.statement.relocate(span.source, delta);
                    for diagnostic in &mut entry.diagnostics {
                        relocate_diagnostic(diagnostic, span.source, delta);
                    }
                }
                entry.start = span.start;
                self.diagnostics.extend(entry.diagnostics.iter().cloned());
                let mut statement = entry.statement.clone();
                statement.index = index;
                reuse.new.push(entry);
                Some(statement)
            }
            None => {
                let before = self.diagnostics.len();
                let statement = self.statement(index, value);
                let diagnostics = self.diagnostics.get(before..).unwrap_or_default();
                // Only what lies within the statement moves with it.
                let within = |place: Span| place.start >= span.start && place.end <= span.end;
                let movable = diagnostics.iter().all(|diagnostic| {
                    within(diagnostic.span)
                        && diagnostic.labels.iter().all(|label| within(label.span))
                });
                if let Some(statement) = statement.as_ref().filter(|_| movable) {
                    reuse.new.push(CachedStatement {
                        hash,
                        text: String::from(text),
                        kind,
                        version,
                        start: span.start,
                        statement: statement.clone(),
                        diagnostics: diagnostics.to_vec(),
                    });
                }
                statement
            }
        };
        self.reuse = Some(reuse);
        result
    }

    fn statement(&mut self, index: usize, value: &Value) -> Option<Statement> {
        let Some(members) = value.as_object() else {
            self.error(
                Code::InvalidType,
                value.span,
                format!("a statement must be an object, found {}", value.type_name()),
            );
            return None;
        };
        let mut fields: [Option<&Member>; 9] = [None; 9];
        for member in members {
            match STATEMENT_ELEMENTS
                .iter()
                .position(|name| *name == member.key)
            {
                Some(slot) => {
                    if let Some(field) = fields.get_mut(slot) {
                        *field = Some(member);
                    }
                }
                None => self.unknown_element(member, &member.key, &STATEMENT_ELEMENTS),
            }
        }
        let [
            sid,
            effect,
            principal,
            not_principal,
            action,
            not_action,
            resource,
            not_resource,
            condition,
        ] = fields;
        let sid = sid.and_then(|member| self.sid(member));
        let effect = self.effect(effect, value.span);
        let principal_clause = self.principal_clause(principal, not_principal, effect, value.span);
        let action_clause = self.action_clause(action, not_action, effect, value.span);
        let resource_clause = self.resource_clause(resource, not_resource, effect, value.span);
        let conditions = condition
            .map(|member| self.conditions(&member.value))
            .unwrap_or_default();
        if self.kind() == DocumentKind::Rcp
            && let Some(member) = not_action
        {
            self.error(
                Code::RcpRule,
                member.key_span,
                "resource control policies cannot use `NotAction`",
            );
        }
        if let (Some(Effect::Allow), Some(actions), Some(resources)) =
            (effect, &action_clause, &resource_clause)
        {
            self.pass_role(actions, resources);
        }
        if let (Some(actions), Some(resources)) = (&action_clause, &resource_clause) {
            self.list_all_my_buckets(actions, resources);
        }
        Some(Statement {
            index,
            sid,
            effect: effect.unwrap_or(Effect::Deny),
            principal: principal_clause,
            action: action_clause?,
            resource: resource_clause,
            conditions,
            span: value.span,
        })
    }

    fn sid(&mut self, member: &Member) -> Option<String> {
        let Some(text) = member.value.as_str() else {
            self.error(
                Code::InvalidType,
                member.value.span,
                format!("`Sid` must be a string, found {}", member.value.type_name()),
            );
            return None;
        };
        if self.kind().is_iam() && !text.chars().all(|ch| ch.is_ascii_alphanumeric()) {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::InvalidSid,
                    member.value.span,
                    format!("`Sid` `{text}` may hold only letters and digits in IAM policies"),
                )
                .with_help("remove spaces, dashes and other punctuation"),
            );
        }
        Some(String::from(text))
    }

    fn effect(&mut self, member: Option<&Member>, statement_span: Span) -> Option<Effect> {
        let Some(member) = member else {
            self.error(
                Code::MissingElement,
                statement_span,
                "the statement has no `Effect`",
            );
            return None;
        };
        match member.value.as_str() {
            Some("Allow") => Some(Effect::Allow),
            Some("Deny") => Some(Effect::Deny),
            Some(other) => {
                let mut diagnostic = Diagnostic::error(
                    Code::InvalidEffect,
                    member.value.span,
                    format!("`Effect` must be `Allow` or `Deny`, found `{other}`"),
                );
                if other.eq_ignore_ascii_case("allow") || other.eq_ignore_ascii_case("deny") {
                    diagnostic = diagnostic.with_help("`Effect` is case-sensitive");
                }
                self.diagnostics.push(diagnostic);
                None
            }
            None => {
                self.error(
                    Code::InvalidEffect,
                    member.value.span,
                    format!(
                        "`Effect` must be a string, found {}",
                        member.value.type_name()
                    ),
                );
                None
            }
        }
    }

    /// Exactly one of two elements; returns the present one and whether it
    /// is the negated form.
    fn one_of<'m>(
        &mut self,
        positive: Option<&'m Member>,
        negative: Option<&'m Member>,
        names: (&str, &str),
        required: bool,
        statement_span: Span,
    ) -> Option<(&'m Member, bool)> {
        match (positive, negative) {
            (Some(_), Some(second)) => {
                self.error(
                    Code::ConflictingElements,
                    second.key_span,
                    format!(
                        "a statement may have `{}` or `{}`, not both",
                        names.0, names.1
                    ),
                );
                None
            }
            (Some(member), None) => Some((member, false)),
            (None, Some(member)) => Some((member, true)),
            (None, None) => {
                if required {
                    self.error(
                        Code::MissingElement,
                        statement_span,
                        format!("the statement has neither `{}` nor `{}`", names.0, names.1),
                    );
                }
                None
            }
        }
    }

    /// A string or an array of strings.
    fn strings<'v>(&mut self, member: &'v Member) -> Vec<(&'v str, Span)> {
        let value = &member.value;
        match &value.kind {
            Kind::String(text) => alloc::vec![(text.as_str(), value.span)],
            Kind::Array(items) => {
                if items.is_empty() {
                    self.warn(
                        Code::EmptyArray,
                        value.span,
                        format!("`{}` is an empty list, so it matches nothing", member.key),
                    );
                }
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item.as_str() {
                        Some(text) => out.push((text, item.span)),
                        None => self.error(
                            Code::InvalidType,
                            item.span,
                            format!(
                                "each value of `{}` must be a string, found {}",
                                member.key,
                                item.type_name()
                            ),
                        ),
                    }
                }
                out
            }
            _ => {
                self.error(
                    Code::InvalidType,
                    value.span,
                    format!(
                        "`{}` must be a string or an array of strings, found {}",
                        member.key,
                        value.type_name()
                    ),
                );
                Vec::new()
            }
        }
    }

    fn has_variable(&self, text: &str) -> bool {
        self.version.has_variables() && text.contains("${")
    }

    fn action_clause(
        &mut self,
        action: Option<&Member>,
        not_action: Option<&Member>,
        effect: Option<Effect>,
        statement_span: Span,
    ) -> Option<ActionClause> {
        let (member, negated) = self.one_of(
            action,
            not_action,
            ("Action", "NotAction"),
            true,
            statement_span,
        )?;
        if negated && effect == Some(Effect::Allow) {
            self.warn(
                Code::AllowWithNotAction,
                member.key_span,
                "`Allow` with `NotAction` grants every other action of every service",
            );
        }
        let mut patterns = Vec::new();
        for (text, span) in self.strings(member) {
            if self.has_variable(text) {
                self.error(
                    Code::VariableNotAllowed,
                    span,
                    format!("policy variables are not allowed in `{}`", member.key),
                );
            }
            patterns.push(self.action_pattern(text, span));
        }
        Some(ActionClause {
            negated,
            patterns,
            span: member.value.span,
        })
    }

    fn action_pattern(&mut self, text: &str, span: Span) -> ActionPattern {
        let matcher = if text == "*" {
            ActionMatcher::Everything
        } else if let Some((service, name)) = text.split_once(':') {
            let service = service.to_ascii_lowercase();
            let name = name.to_ascii_lowercase();
            let has_wildcard = service.contains(['*', '?']);
            if has_wildcard {
                self.warn(
                    Code::WildcardServicePrefix,
                    span,
                    format!("`{text}` has a wildcard in its service prefix"),
                );
            }
            ActionMatcher::Split {
                service_literal: (!has_wildcard).then(|| service.clone()),
                service: Glob::new(&service),
                name: Glob::new(&name),
            }
        } else {
            self.diagnostics.push(
                Diagnostic::warning(
                    Code::InvalidAction,
                    span,
                    format!(
                        "`{text}` is not of the form `service:action`, so it matches no action"
                    ),
                )
                .with_help(
                    "write the service prefix, a colon and the action name, such as `s3:GetObject`",
                ),
            );
            ActionMatcher::Nothing
        };
        ActionPattern {
            text: String::from(text),
            span,
            matcher,
        }
    }

    fn resource_clause(
        &mut self,
        resource: Option<&Member>,
        not_resource: Option<&Member>,
        effect: Option<Effect>,
        statement_span: Span,
    ) -> Option<ResourceClause> {
        let kind = self.kind();
        if kind == DocumentKind::RoleTrust {
            for member in [resource, not_resource].into_iter().flatten() {
                self.error(
                    Code::TrustPolicyRule,
                    member.key_span,
                    format!("a role trust policy cannot have `{}`", member.key),
                );
            }
            return None;
        }
        let required = kind != DocumentKind::Resource;
        let (member, negated) = self.one_of(
            resource,
            not_resource,
            ("Resource", "NotResource"),
            required,
            statement_span,
        )?;
        if negated && effect == Some(Effect::Allow) {
            self.warn(
                Code::AllowWithNotResource,
                member.key_span,
                "`Allow` with `NotResource` grants every other resource",
            );
        }
        let mut patterns = Vec::new();
        for (text, span) in self.strings(member) {
            patterns.push(self.resource_pattern(text, span));
        }
        Some(ResourceClause {
            negated,
            patterns,
            span: member.value.span,
        })
    }

    fn resource_pattern(&mut self, text: &str, span: Span) -> ResourcePattern {
        if text.contains("${") && !self.version.has_variables() {
            self.old_version_variable(span);
        }
        if let Some(service) = text.split(':').nth(2)
            && service.contains(['*', '?'])
            && text.starts_with("arn:")
        {
            self.warn(
                Code::WildcardServicePrefix,
                span,
                format!("`{text}` has a wildcard in its service part"),
            );
        }
        let matcher = if self.has_variable(text) {
            match resource_rest_start(text) {
                Some(rest) if text.get(..rest).is_some_and(|head| head.contains("${")) => {
                    self.warn(
                        Code::VariableNotAllowed,
                        span,
                        "policy variables work only after the fifth colon of an ARN; here they are plain text",
                    );
                    self.resource_template(text, rest, span)
                }
                Some(rest) => self.resource_template(text, rest, span),
                None => {
                    self.warn(Code::VariableNotAllowed, span, "policy variables work only after the fifth colon of an ARN; here they are plain text");
                    ResourceMatcher::Glob(compile_resource_text(text))
                }
            }
        } else {
            ResourceMatcher::Glob(compile_resource_text(text))
        };
        ResourcePattern {
            text: String::from(text),
            span,
            matcher,
            resolved: None,
        }
    }

    fn resource_template(&mut self, text: &str, rest: usize, span: Span) -> ResourceMatcher {
        match parse_template(text, rest) {
            Ok(Some(template)) => ResourceMatcher::Template(template),
            Ok(None) => ResourceMatcher::Glob(compile_resource_text(text)),
            Err(message) => {
                self.error(Code::InvalidVariable, span, message);
                ResourceMatcher::Glob(compile_resource_text(text))
            }
        }
    }

    fn old_version_variable(&mut self, span: Span) {
        self.diagnostics.push(
            Diagnostic::warning(
                Code::VariableInOldVersion,
                span,
                "`${...}` is plain text here because the policy's `Version` is not `2012-10-17`",
            )
            .with_help("add `\"Version\": \"2012-10-17\"` to make it a policy variable"),
        );
    }

    fn principal_clause(
        &mut self,
        principal: Option<&Member>,
        not_principal: Option<&Member>,
        effect: Option<Effect>,
        statement_span: Span,
    ) -> Option<PrincipalClause> {
        let kind = self.kind();
        if !kind.has_principals() {
            for member in [principal, not_principal].into_iter().flatten() {
                self.diagnostics.push(
                    Diagnostic::error(Code::ForbiddenElement, member.key_span, format!("`{}` is not allowed in this type of policy", member.key))
                        .with_help("principals belong only in resource-based policies; other policies apply to whoever they are attached to"),
                );
            }
            return None;
        }
        if let Some(member) = not_principal {
            if matches!(
                kind,
                DocumentKind::RoleTrust | DocumentKind::Rcp | DocumentKind::VpcEndpoint
            ) {
                self.error(
                    Code::ForbiddenElement,
                    member.key_span,
                    "`NotPrincipal` is not allowed in this type of policy",
                );
            } else if effect == Some(Effect::Allow) {
                self.warn(
                    Code::AllowWithNotPrincipal,
                    member.key_span,
                    "`Allow` with `NotPrincipal` grants everyone not listed, anonymous callers included",
                );
            }
        }
        let (member, negated) = self.one_of(
            principal,
            not_principal,
            ("Principal", "NotPrincipal"),
            true,
            statement_span,
        )?;
        let entries = self.principal_entries(member);
        if kind == DocumentKind::Rcp && (member.value.as_str() != Some("*")) {
            self.error(
                Code::RcpRule,
                member.value.span,
                "resource control policies must use `\"Principal\": \"*\"`",
            );
        }
        if kind == DocumentKind::RoleTrust
            && !negated
            && entries.iter().any(|e| {
                e.key == PrincipalKey::Everyone || (e.key == PrincipalKey::Aws && e.value == "*")
            })
        {
            self.warn(
                Code::WildcardTrustPrincipal,
                member.value.span,
                "a trust policy with principal `*` lets anyone in any account assume the role unless conditions narrow it",
            );
        }
        Some(PrincipalClause {
            negated,
            entries,
            span: member.value.span,
        })
    }

    fn principal_entries(&mut self, member: &Member) -> Vec<PrincipalEntry> {
        let value = &member.value;
        match &value.kind {
            Kind::String(text) if text == "*" => alloc::vec![PrincipalEntry {
                key: PrincipalKey::Everyone,
                value: String::from("*"),
                span: value.span,
            }],
            Kind::Object(members) => {
                if members.is_empty() {
                    self.warn(
                        Code::EmptyArray,
                        value.span,
                        format!("`{}` is empty, so it names nobody", member.key),
                    );
                }
                let mut entries = Vec::new();
                for inner in members {
                    let key = match inner.key.as_str() {
                        "AWS" => PrincipalKey::Aws,
                        "Service" => PrincipalKey::Service,
                        "Federated" => PrincipalKey::Federated,
                        "CanonicalUser" => PrincipalKey::CanonicalUser,
                        other => {
                            self.diagnostics.push(
                                Diagnostic::error(
                                    Code::InvalidPrincipal,
                                    inner.key_span,
                                    format!("`{other}` is not a principal type"),
                                )
                                .with_help("use `AWS`, `Service`, `Federated` or `CanonicalUser`"),
                            );
                            continue;
                        }
                    };
                    for (text, span) in self.strings(inner) {
                        if text != "*" && text.contains(['*', '?']) {
                            self.diagnostics.push(
                                Diagnostic::error(Code::InvalidPrincipal, span, format!("`{text}` has a wildcard; a principal is `*` or an exact name"))
                                    .with_help("use `*` with a condition such as `ArnLike` on `aws:PrincipalArn`"),
                            );
                        }
                        if self.has_variable(text) {
                            self.error(
                                Code::VariableNotAllowed,
                                span,
                                "policy variables are not allowed in principals",
                            );
                        }
                        entries.push(PrincipalEntry {
                            key,
                            value: String::from(text),
                            span,
                        });
                    }
                }
                entries
            }
            _ => {
                self.error(
                    Code::InvalidPrincipal,
                    value.span,
                    format!(
                        "`{}` must be `\"*\"` or an object such as `{{\"AWS\": \"...\"}}`",
                        member.key
                    ),
                );
                Vec::new()
            }
        }
    }

    fn conditions(&mut self, value: &Value) -> Vec<Condition> {
        let Some(blocks) = value.as_object() else {
            self.error(
                Code::InvalidType,
                value.span,
                format!("`Condition` must be an object, found {}", value.type_name()),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for block in blocks {
            let Some(operator) = self.operator(block) else {
                continue;
            };
            let Some(keys) = block.value.as_object() else {
                self.error(
                    Code::InvalidType,
                    block.value.span,
                    format!(
                        "`{}` must hold an object of condition keys, found {}",
                        block.key,
                        block.value.type_name()
                    ),
                );
                continue;
            };
            if keys.is_empty() {
                self.warn(
                    Code::EmptyArray,
                    block.value.span,
                    format!("`{}` tests no key", block.key),
                );
            }
            // Keys seen before in this block, found by sorting (n log n).
            let lowered: Vec<String> = keys
                .iter()
                .map(|key| crate::context::lowercase_key(&key.key))
                .collect();
            let mut order: Vec<(&str, usize)> = lowered
                .iter()
                .enumerate()
                .map(|(at, k)| (k.as_str(), at))
                .collect();
            crate::sort::sort_by(&mut order, |a, b| a.cmp(b));
            let mut repeated = alloc::vec![false; keys.len()];
            for pair in order.windows(2) {
                if let [(a, _), (b, at)] = pair
                    && a == b
                    && let Some(flag) = repeated.get_mut(*at)
                {
                    *flag = true;
                }
            }
            for ((key, key_lower), repeated) in keys.iter().zip(lowered).zip(repeated) {
                if repeated {
                    self.error(
                        Code::DuplicateConditionKey,
                        key.key_span,
                        format!(
                            "`{}` appears twice under `{}` (keys ignore case)",
                            key.key, block.key
                        ),
                    );
                }
                // AWS refuses a condition key without a name (IAM Access
                // Analyzer: "Invalid condition key format").
                if key.key.trim().is_empty() {
                    self.error(
                        Code::InvalidConditionKey,
                        key.key_span,
                        format!("`{}` tests a key without a name", block.key),
                    );
                }
                if self.has_variable(&key.key) {
                    self.error(
                        Code::VariableNotAllowed,
                        key.key_span,
                        "policy variables are not allowed in condition keys",
                    );
                }
                let values = self.condition_values(operator, key);
                out.push(Condition {
                    operator,
                    operator_text: block.key.clone(),
                    operator_span: block.key_span,
                    key: key.key.clone(),
                    key_hash: crate::context::key_hash(&key_lower),
                    key_lower,
                    key_span: key.key_span,
                    values,
                });
            }
        }
        out
    }

    fn operator(&mut self, block: &Member) -> Option<Operator> {
        let text = block.key.as_str();
        let (operator, unusual_case) = match Operator::parse(text) {
            Ok(parsed) => parsed,
            Err(OperatorError::UnknownSetPrefix(prefix)) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::UnknownConditionOperator,
                        block.key_span,
                        format!("`{prefix}` is not a set operator"),
                    )
                    .with_help("use `ForAllValues` or `ForAnyValue`"),
                );
                return None;
            }
            Err(OperatorError::Unknown) => {
                self.diagnostics.push(
                    Diagnostic::error(Code::UnknownConditionOperator, block.key_span, format!("`{text}` is not a condition operator"))
                        .with_help("operators are names such as `StringEquals`, `ArnLike`, `IpAddress`, `Bool` or `Null`"),
                );
                return None;
            }
            Err(OperatorError::NullIfExists) => {
                self.error(
                    Code::UnknownConditionOperator,
                    block.key_span,
                    "`NullIfExists` is not an operator: `Null` already tests for the key",
                );
                return None;
            }
        };
        if unusual_case {
            self.warn(
                Code::OperatorCase,
                block.key_span,
                format!("`{text}` is spelled with unusual letter case"),
            );
        }
        let Operator { set, base, .. } = operator;
        if base == BaseOperator::Null && set.is_some() {
            self.warn(
                Code::NullUnderSetOperator,
                block.key_span,
                "`Null` under a set operator always gives the same result",
            );
        }
        Some(operator)
    }

    /// Access Analyzer: `ForAllValues` with a single-valued key is true when
    /// the key is missing, which is rarely what the author meant. Only global
    /// keys have a known type here.
    fn single_valued_set(&mut self, operator: Operator, key: &Member) {
        if operator.set != Some(SetOperator::ForAllValues) || operator.if_exists {
            return;
        }
        let lower = key.key.to_ascii_lowercase();
        if lower.starts_with("aws:") && !MULTIVALUED_GLOBAL_KEYS.contains(&lower.as_str()) {
            self.diagnostics.push(
                Diagnostic::warning(
                    Code::ForAllValuesSingleValued,
                    key.key_span,
                    format!("`{}` is single-valued, so `ForAllValues` is also true when the request lacks it", key.key),
                )
                .with_help("use the plain operator, or add a `Null` test that the key is present"),
            );
        }
    }

    fn condition_values(&mut self, operator: Operator, key: &Member) -> Vec<ConditionValue> {
        self.single_valued_set(operator, key);
        let items: Vec<&Value> = match &key.value.kind {
            Kind::Array(items) => {
                if items.is_empty() {
                    self.warn(
                        Code::EmptyArray,
                        key.value.span,
                        format!("`{}` lists no values", key.key),
                    );
                }
                items.iter().collect()
            }
            _ => alloc::vec![&key.value],
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let text = match &item.kind {
                Kind::String(text) => text.clone(),
                Kind::Number(text) => text.clone(),
                Kind::Bool(flag) => flag.to_string(),
                _ => {
                    self.error(
                        Code::InvalidConditionValue,
                        item.span,
                        format!(
                            "a condition value must be a string, number or boolean, found {}",
                            item.type_name()
                        ),
                    );
                    continue;
                }
            };
            let compiled = self.condition_value(operator, &text, item.span);
            out.push(ConditionValue {
                text,
                span: item.span,
                compiled,
                resolved: None,
            });
        }
        out
    }

    fn condition_value(&mut self, operator: Operator, text: &str, span: Span) -> Compiled {
        let base = operator.base;
        if text.contains("${") {
            if !self.version.has_variables() {
                self.old_version_variable(span);
            } else if !base.allows_variables() {
                self.error(
                    Code::VariableNotAllowed,
                    span,
                    format!("policy variables are not allowed with `{}`", base.name()),
                );
                return Compiled::Invalid;
            } else {
                if base.family() == Family::Bool {
                    self.warn(
                        Code::VariableNotAllowed,
                        span,
                        "AWS documents variables with `Bool` inconsistently; iamlab resolves them",
                    );
                }
                match parse_template(text, 0) {
                    Ok(Some(template)) => return Compiled::Template(template),
                    Ok(None) => {}
                    Err(message) => {
                        self.error(Code::InvalidVariable, span, message);
                        return Compiled::Invalid;
                    }
                }
            }
        }
        let compiled = compile_value(base, text);
        match (&compiled, base.family()) {
            (Compiled::Invalid, Family::Numeric) => self.warn(
                Code::NumericValue,
                span,
                format!("`{text}` is not a number, so this value matches nothing"),
            ),
            (Compiled::Invalid, Family::Date) => self.warn(
                Code::DateValue,
                span,
                format!("`{text}` is not an ISO 8601 date or epoch seconds, so it matches nothing"),
            ),
            (Compiled::Invalid, Family::Bool | Family::Null) => self.warn(
                Code::BoolValue,
                span,
                format!("`{text}` is not `true` or `false`, so it matches nothing"),
            ),
            (Compiled::Invalid, Family::Ip) => self.warn(
                Code::IpValue,
                span,
                format!("`{text}` is not an IP address or CIDR block, so it matches nothing"),
            ),
            (Compiled::Invalid, Family::Binary) => self.warn(
                Code::InvalidConditionValue,
                span,
                format!("`{text}` is not base64, so it matches nothing"),
            ),
            (Compiled::Invalid, Family::Arn) => self.warn(
                Code::InvalidConditionValue,
                span,
                format!("`{text}` is not an ARN of six parts, so it matches nothing"),
            ),
            (Compiled::Ip(block), _) if block.has_host_bits => self.warn(
                Code::CidrHostBits,
                span,
                format!("`{text}` has bits set after its prefix; they are ignored"),
            ),
            (Compiled::Text, Family::String) if text.contains(['*', '?']) => self.diagnostics.push(
                Diagnostic::warning(
                    Code::WildcardInLiteralOperator,
                    span,
                    format!("`*` and `?` are literal characters with `{}`", base.name()),
                )
                .with_help("use `StringLike` for wildcards"),
            ),
            _ => {}
        }
        compiled
    }

    fn rcp_rules(&mut self, statements: &[Statement]) {
        for statement in statements {
            if statement.effect == Effect::Allow {
                self.diagnostics.push(
                    Diagnostic::error(Code::RcpRule, statement.span, "resource control policies may only `Deny`")
                        .with_help("every level already has AWS's `RCPFullAWSAccess`; write the restrictions as `Deny` statements"),
                );
            }
            if !statement.action.negated && statement.action.patterns.iter().any(|p| p.text == "*")
            {
                self.warn(
                    Code::RcpRule,
                    statement.action.span,
                    "an RCP with `\"Action\": \"*\"` is rejected by some tools; name the actions",
                );
            }
        }
    }

    /// AWS's S3 examples grant `s3:ListAllMyBuckets` on `arn:aws:s3:::*`, but
    /// the action's request resource is `*`, which only `*` matches (spec
    /// §3.2, §10 #10).
    fn list_all_my_buckets(&mut self, actions: &ActionClause, resources: &ResourceClause) {
        let names_it = !actions.negated
            && actions
                .patterns
                .iter()
                .any(|p| p.text.to_ascii_lowercase().ends_with(":listallmybuckets"));
        let idiom = resources
            .patterns
            .iter()
            .find(|p| p.text == "arn:aws:s3:::*");
        if let (true, Some(pattern), false) = (names_it, idiom, resources.negated) {
            self.diagnostics.push(
                Diagnostic::warning(
                    Code::S3ListAllMyBucketsIdiom,
                    pattern.span,
                    "`s3:ListAllMyBuckets` acts on no bucket, so iamlab matches it only with `\"Resource\": \"*\"`",
                )
                .with_help("use `\"Resource\": \"*\"` for `s3:ListAllMyBuckets`"),
            );
        }
    }

    /// Access Analyzer warns about `iam:PassRole` on every role.
    fn pass_role(&mut self, actions: &ActionClause, resources: &ResourceClause) {
        if actions.negated || resources.negated || self.kind() != DocumentKind::Identity {
            return;
        }
        let passes = actions
            .patterns
            .iter()
            .any(|p| p.text != "*" && p.is_match("iam", "passrole"));
        let everywhere = resources.patterns.iter().any(|p| p.text == "*");
        if passes && everywhere {
            self.warn(
                Code::PassRoleWildcard,
                actions.span,
                "this allows `iam:PassRole` on every role, which lets the caller hand any role to a service",
            );
        }
    }
}

fn is_full_access(statement: &Statement) -> bool {
    statement.effect == Effect::Allow
        && statement.conditions.is_empty()
        && statement.principal.as_ref().is_some_and(|p| {
            !p.negated
                && p.entries.len() == 1
                && p.entries.iter().all(|e| e.key == PrincipalKey::Everyone)
        })
        && !statement.action.negated
        && statement.action.patterns.len() == 1
        && statement.action.patterns.iter().all(|p| p.text == "*")
        && statement.resource.as_ref().is_some_and(|r| {
            !r.negated && r.patterns.len() == 1 && r.patterns.iter().all(|p| p.text == "*")
        })
}

fn known_list(known: &[&str]) -> String {
    let mut out = String::new();
    for (idx, name) in known.iter().enumerate() {
        if idx > 0 {
            out.push_str(if idx + 1 == known.len() {
                " and "
            } else {
                ", "
            });
        }
        out.push('`');
        out.push_str(name);
        out.push('`');
    }
    out
}

#[cfg(test)]
mod tests;

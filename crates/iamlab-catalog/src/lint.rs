//! Lint: what the catalog knows that the policy language does not.
//!
//! The core validates a policy against the grammar of its type; it cannot
//! know that `s3:GetObjekt` is not an action, that `s3:GetObject` acts on
//! objects and not on buckets, or that `aws:SourceIp` holds an IP address.
//! These rules can. Every finding is a core [`Diagnostic`] with a stable code
//! (a contract: see `docs/case-format.md`), located on the text it is about.
//!
//! Lint must not cry wolf: a test lints every AWS managed policy and keeps
//! the list of what it finds there, each finding explained.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use iamlab_core::case::{CaseFile, LoadOptions, load_case_file_with};
use iamlab_core::condition::Family;
use iamlab_core::diagnostic::{Code, Diagnostic};
use iamlab_core::json::{self, Limits};
use iamlab_core::pattern::Glob;
use iamlab_core::policy::{
    ActionMatcher, ActionPattern, DocumentKind, Effect, LowerOptions, Policy, ResourceMatcher,
    Statement, parse_policy,
};
use iamlab_core::source::{SourceId, SourceMap, Span};

use crate::{Action, Catalog, KeyType};

/// The policy types a bare policy may be read as, by the names the CLI's
/// `--type` and the JavaScript API's `lint` take.
pub const KINDS: [(&str, DocumentKind); 8] = [
    ("identity", DocumentKind::Identity),
    ("resource", DocumentKind::Resource),
    ("trust", DocumentKind::RoleTrust),
    ("boundary", DocumentKind::PermissionsBoundary),
    ("session", DocumentKind::Session),
    ("scp", DocumentKind::Scp),
    ("rcp", DocumentKind::Rcp),
    ("endpoint", DocumentKind::VpcEndpoint),
];

/// The policy type of a `--type` name.
pub fn kind_named(name: &str) -> Option<DocumentKind> {
    KINDS
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, kind)| *kind)
}

/// Every finding about one source (a case file, or a bare policy: a top
/// level with `Statement` and neither `cases` nor `action`), in the order of
/// the text, each once however many cases share its policy. `kind` reads
/// the source as a bare policy of that type; without it, a bare policy is a
/// resource-based policy when a statement names principals, else an
/// identity-based one. AWS managed policies that a case names by ARN are
/// AWS's, and are not linted.
pub fn lint_source(
    catalog: &Catalog,
    sources: &mut SourceMap,
    source: SourceId,
    kind: Option<DocumentKind>,
    options: LoadOptions<'_>,
) -> Vec<Diagnostic> {
    let kind = kind.or_else(|| bare_policy_kind(sources, source));
    let mut findings = match kind {
        Some(kind) => {
            let name = sources
                .get(source)
                .map(|s| String::from(s.name()))
                .unwrap_or_default();
            let (policy, mut findings) =
                parse_policy(sources, source, &LowerOptions { kind, name });
            if let Some(policy) = policy {
                findings.extend(lint_policy(catalog, &policy));
            }
            findings
        }
        None => match load_case_file_with(sources, source, options) {
            Ok(file) => lint_case_file(catalog, sources, &file),
            Err(diagnostics) => diagnostics,
        },
    };
    iamlab_core::sort::sort_by_key(&mut findings, |d| (d.span.source, d.span.start, d.span.end));
    let mut seen: Vec<(SourceId, u32, u32, &'static str, String)> = Vec::new();
    findings.retain(|d| {
        let key = (
            d.span.source,
            d.span.start,
            d.span.end,
            d.code.as_str(),
            d.message.clone(),
        );
        let new = !seen.contains(&key);
        if new {
            seen.push(key);
        }
        new
    });
    findings
}

fn bare_policy_kind(sources: &SourceMap, source: SourceId) -> Option<DocumentKind> {
    let text = sources.get(source)?.text();
    let (value, _) = json::parse(text, source, Limits::default());
    let value = value?;
    if value.get("cases").is_some() || value.get("action").is_some() {
        return None;
    }
    let statements = value.get("Statement")?;
    let names_principals = match statements.as_array() {
        Some(items) => items
            .iter()
            .any(|s| s.get("Principal").is_some() || s.get("NotPrincipal").is_some()),
        None => statements.get("Principal").is_some() || statements.get("NotPrincipal").is_some(),
    };
    Some(if names_principals {
        DocumentKind::Resource
    } else {
        DocumentKind::Identity
    })
}

fn lint_case_file(catalog: &Catalog, sources: &SourceMap, file: &CaseFile) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    let mut linted: Vec<(SourceId, u32, u32)> = Vec::new();
    for case in &file.cases {
        findings.extend(case.diagnostics.iter().cloned());
        let Some(compiled) = &case.compiled else {
            continue;
        };
        let scenario = &compiled.scenario;
        let groups = core::iter::once(&scenario.identity)
            .chain(scenario.boundary.as_ref())
            .chain(scenario.session.as_ref())
            .chain(scenario.scps.iter())
            .chain(scenario.rcps.iter())
            .chain(compiled.resource().policy.as_deref())
            .chain(compiled.endpoint.as_deref().map(|e| &e.policy));
        for policy in groups.flat_map(|group| group.policies()) {
            let key = (policy.span.source, policy.span.start, policy.span.end);
            let managed = sources
                .locate(policy.span)
                .name
                .starts_with(crate::managed::ARN_PREFIX);
            if !managed && !linted.contains(&key) {
                linted.push(key);
                findings.extend(lint_policy(catalog, policy));
            }
        }
        findings.extend(lint_request_action(
            catalog,
            &compiled.action,
            compiled.action_span,
        ));
    }
    findings
}

/// Every finding about a policy, in document order.
pub fn lint_policy(catalog: &Catalog, policy: &Policy) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut expansions = Expansions::default();
    for statement in &policy.statements {
        lint_statement(catalog, policy.kind, statement, &mut expansions, &mut out);
    }
    out
}

/// Every finding about one statement of a policy of `kind`: what
/// [`lint_policy`] reports for it, for a caller that keeps findings per
/// statement (the page lints only the statements that changed).
pub fn lint_one_statement(
    catalog: &Catalog,
    kind: DocumentKind,
    statement: &Statement,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    lint_statement(
        catalog,
        kind,
        statement,
        &mut Expansions::default(),
        &mut out,
    );
    out
}

/// The most wildcard expansions one policy keeps.
const EXPANSIONS_KEPT: usize = 32;

/// Wildcard expansions already made in this policy, by pattern text: a
/// policy that repeats `s3:Get*` in many statements expands it once (it was
/// most of the cost of linting a big policy, measured: 34 µs a statement).
/// Bounded, so a policy of many different patterns costs what it did.
#[derive(Default)]
struct Expansions<'c> {
    kept: Vec<(String, Vec<Action<'c>>)>,
}

impl<'c> Expansions<'c> {
    fn expand(&mut self, catalog: &'c Catalog, text: &str) -> Vec<Action<'c>> {
        if let Some((_, actions)) = self.kept.iter().find(|(kept, _)| kept == text) {
            return actions.clone();
        }
        let actions = catalog.expand(text);
        if self.kept.len() < EXPANSIONS_KEPT {
            self.kept.push((String::from(text), actions.clone()));
        }
        actions
    }
}

/// Findings about the action a request asks for (`unknown-service`,
/// `unknown-action`), located at `span`.
pub fn lint_request_action(catalog: &Catalog, action: &str, span: Span) -> Vec<Diagnostic> {
    let Some((service, name)) = action.split_once(':') else {
        return Vec::new();
    };
    const HELP: &str = "AWS has no such action, so no real request asks for it; a wildcard may still match the name";
    if catalog.service(service).is_none() {
        return alloc::vec![unknown_service(catalog, service, action, span).with_help(HELP)];
    }
    if !name.contains(['*', '?']) && catalog.action(action).is_none() {
        return alloc::vec![unknown_action(catalog, action, span).with_help(HELP)];
    }
    Vec::new()
}

fn unknown_service(catalog: &Catalog, service: &str, written: &str, span: Span) -> Diagnostic {
    let message = match catalog.closest_service(service) {
        Some(close) => format!(
            "`{service}` in `{written}` is not the prefix of any AWS service: did you mean `{}` ({})?",
            close.prefix(),
            close.name()
        ),
        None => format!("`{service}` in `{written}` is not the prefix of any AWS service"),
    };
    Diagnostic::warning(Code::UnknownService, span, message)
}

fn unknown_action(catalog: &Catalog, written: &str, span: Span) -> Diagnostic {
    let service_name = written
        .split_once(':')
        .and_then(|(prefix, _)| catalog.service(prefix))
        .map_or("its service", |service| service.name());
    let message = match catalog.closest_action(written) {
        Some(close) => format!(
            "`{written}` is not an action of {service_name}: did you mean `{}`?",
            close.full_name()
        ),
        None => format!("`{written}` is not an action of {service_name}"),
    };
    Diagnostic::warning(Code::UnknownAction, span, message)
}

/// What one action entry of a statement names.
enum Named<'c> {
    /// `*`: every action.
    Everything,
    /// The actions it matches (one for a plain name), or none when the
    /// entry is unknown (already reported).
    Actions(Vec<Action<'c>>),
}

fn lint_statement<'c>(
    catalog: &'c Catalog,
    kind: DocumentKind,
    statement: &Statement,
    expansions: &mut Expansions<'c>,
    out: &mut Vec<Diagnostic>,
) {
    let mut named = Vec::with_capacity(statement.action.patterns.len());
    for pattern in &statement.action.patterns {
        named.push(lint_action_entry(catalog, pattern, expansions, out));
    }
    // The services whose condition keys the statement may use; `None` for
    // every service (`*`, `NotAction`, a wildcard prefix).
    let services = statement_services(statement);
    if !statement.action.negated {
        resource_mismatch(statement, &named, out);
        sensitive_wildcards(kind, statement, &named, out);
    }
    for condition in &statement.conditions {
        let Some(key) = find_key(catalog, &condition.key, services.as_deref()) else {
            out.push(unknown_key(
                catalog,
                &condition.key,
                services.as_deref(),
                condition.key_span,
            ));
            continue;
        };
        let family = condition.operator.base.family();
        if !fits(family, key.kind(), &condition.key) {
            out.push(
                Diagnostic::warning(
                    Code::ConditionTypeMismatch,
                    condition.key_span,
                    format!(
                        "`{}` does not fit `{}` (type {}), which holds {}",
                        condition.operator_text,
                        condition.key,
                        key.kind().name(),
                        type_words(key.kind())
                    ),
                )
                .with_label(condition.operator_span, "the operator"),
            );
        }
    }
}

fn lint_action_entry<'c>(
    catalog: &'c Catalog,
    pattern: &ActionPattern,
    expansions: &mut Expansions<'c>,
    out: &mut Vec<Diagnostic>,
) -> Named<'c> {
    match &pattern.matcher {
        ActionMatcher::Everything => Named::Everything,
        // Not an action at all: the core reports it.
        ActionMatcher::Nothing => Named::Actions(Vec::new()),
        ActionMatcher::Split {
            service_literal, ..
        } => {
            let text = pattern.text.as_str();
            let Some((service, name)) = text.split_once(':') else {
                return Named::Actions(Vec::new());
            };
            if service_literal.is_some() && catalog.service(service).is_none() {
                out.push(unknown_service(catalog, service, text, pattern.span));
                return Named::Actions(Vec::new());
            }
            if !name.contains(['*', '?']) && service_literal.is_some() {
                return match catalog.action(text) {
                    Some(action) => Named::Actions(alloc::vec![action]),
                    None => {
                        out.push(unknown_action(catalog, text, pattern.span));
                        Named::Actions(Vec::new())
                    }
                };
            }
            let actions = expansions.expand(catalog, text);
            if actions.is_empty() {
                let within = match service_literal.as_deref().and_then(|s| catalog.service(s)) {
                    Some(service) => format!("of {}", service.name()),
                    None => String::from("of any service"),
                };
                out.push(Diagnostic::warning(
                    Code::WildcardMatchesNothing,
                    pattern.span,
                    format!("`{text}` matches no action {within}"),
                ));
            }
            Named::Actions(actions)
        }
    }
}

/// The lowercase prefixes of the services a statement's actions belong to,
/// or `None` when it may concern every service.
fn statement_services(statement: &Statement) -> Option<Vec<String>> {
    if statement.action.negated {
        return None;
    }
    let mut services: Vec<String> = Vec::new();
    for pattern in &statement.action.patterns {
        match &pattern.matcher {
            ActionMatcher::Everything => return None,
            ActionMatcher::Nothing => {}
            ActionMatcher::Split {
                service_literal: Some(service),
                ..
            } => {
                if !services.contains(service) {
                    services.push(service.clone());
                }
            }
            ActionMatcher::Split {
                service_literal: None,
                ..
            } => return None,
        }
    }
    Some(services)
}

fn find_key<'c>(
    catalog: &'c Catalog,
    key: &str,
    services: Option<&[String]>,
) -> Option<crate::Key<'c>> {
    if let Some(found) = catalog.global_key(key) {
        return Some(found);
    }
    match services {
        Some(services) => {
            // The key's own service, when the statement concerns it, then
            // the keys each service lists (some list `aws:` keys of their own).
            let own = key
                .split_once(':')
                .map(|(prefix, _)| prefix.to_ascii_lowercase());
            if own.is_some_and(|own| services.contains(&own))
                && let Some(found) = catalog.key(key)
            {
                return Some(found);
            }
            services
                .iter()
                .filter_map(|prefix| catalog.service(prefix))
                .find_map(|service| service.key(key))
        }
        None => catalog.key(key).or_else(|| catalog.any_service_key(key)),
    }
}

fn unknown_key(
    catalog: &Catalog,
    key: &str,
    services: Option<&[String]>,
    span: Span,
) -> Diagnostic {
    let scope = match services {
        Some(services) if !services.is_empty() => {
            let list: Vec<String> = services.iter().map(|s| format!("`{s}`")).collect();
            format!("nor a key of {}", list.join(", "))
        }
        _ => String::from("nor a key of any service"),
    };
    let mut message = format!("`{key}` is neither a global condition key {scope}");
    // A key of another service is not misspelled: say whose it is.
    if catalog
        .key(key)
        .or_else(|| catalog.any_service_key(key))
        .is_some()
    {
        message.push_str(&format!(
            "; it is a key of `{}`, which this statement's actions do not belong to",
            key.split_once(':').map_or(key, |(prefix, _)| prefix)
        ));
    } else if let Some(close) = catalog.closest_key(key, services) {
        message.push_str(&format!(": did you mean `{close}`?"));
    }
    Diagnostic::warning(Code::UnknownConditionKey, span, message)
}

/// Whether an operator family can compare a key of this type. String
/// operators compare any key as text, and `Null` only tests presence.
fn fits(family: Family, kind: KeyType, key: &str) -> bool {
    let element = kind.element();
    match family {
        Family::String | Family::Null => true,
        Family::Numeric => {
            element == KeyType::Numeric
                // AWS documents `aws:EpochTime` as a date that numeric
                // operators also compare.
                || key.eq_ignore_ascii_case("aws:EpochTime")
        }
        Family::Date => element == KeyType::Date,
        Family::Bool => element == KeyType::Bool,
        Family::Ip => element == KeyType::IpAddress,
        // Many string keys hold ARNs (`aws:SourceVpcArn`): ARN operators fit
        // both.
        Family::Arn => matches!(element, KeyType::Arn | KeyType::String),
        Family::Binary => matches!(element, KeyType::Binary | KeyType::String),
    }
}

/// What a key of this type holds, in words; the message names the
/// operators that fit it.
fn type_words(kind: KeyType) -> &'static str {
    match kind.element() {
        KeyType::Arn => "an ARN: use `Arn…` or `String…` operators",
        KeyType::Bool => "true or false: use `Bool`",
        KeyType::Numeric => "a number: use `Numeric…` operators",
        KeyType::Date => "a date: use `Date…` operators",
        KeyType::IpAddress => "an IP address: use `IpAddress` or `NotIpAddress`",
        KeyType::Binary => "a binary value: use `BinaryEquals`",
        _ => "text: use `String…` operators",
    }
}

/// A statement's `Resource` patterns as text to intersect with ARN
/// templates: policy variables become `*`, since they can take any value.
fn resource_patterns(statement: &Statement) -> Option<Vec<(String, Span)>> {
    let clause = statement
        .resource
        .as_ref()
        .filter(|clause| !clause.negated)?;
    Some(
        clause
            .patterns
            .iter()
            .map(|pattern| {
                let text = match &pattern.matcher {
                    ResourceMatcher::Glob(_) => pattern.text.clone(),
                    ResourceMatcher::Template(_) => variables_as_stars(&pattern.text),
                };
                (text, pattern.span)
            })
            .collect(),
    )
}

fn variables_as_stars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at..).unwrap_or("");
        match after.find('}') {
            Some(end) => {
                out.push('*');
                rest = after.get(end + 1..).unwrap_or("");
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn resource_mismatch(statement: &Statement, named: &[Named<'_>], out: &mut Vec<Diagnostic>) {
    let Some(patterns) = resource_patterns(statement) else {
        return;
    };
    let Some(clause) = statement.resource.as_ref() else {
        return;
    };
    if patterns.is_empty() {
        return;
    }
    let verb = match statement.effect {
        Effect::Allow => "allows",
        Effect::Deny => "denies",
    };
    let star_fits = patterns
        .iter()
        .any(|(text, _)| Glob::new(text).is_match("*"));
    // Many actions share a resource type (every `s3:Get*` action on an
    // object): each ARN template is matched against the patterns once.
    let mut matched: Vec<(&str, bool)> = Vec::new();
    for (pattern, named) in statement.action.patterns.iter().zip(named) {
        let Named::Actions(actions) = named else {
            continue;
        };
        if actions.is_empty() {
            continue;
        }
        let fits_some = actions.iter().any(|action| {
            if action.takes_only_star() {
                star_fits
            } else {
                action.resource_types().any(|resource_type| {
                    let arn = resource_type.arn();
                    if let Some((_, fits)) = matched.iter().find(|(known, _)| *known == arn) {
                        return *fits;
                    }
                    let fits = patterns.iter().any(|(text, _)| may_overlap(text, arn));
                    matched.push((arn, fits));
                    fits
                })
            }
        });
        if fits_some {
            continue;
        }
        let message = match actions.as_slice() {
            [action] if action.takes_only_star() => format!(
                "`{}` takes no resource ARN, so only `\"Resource\": \"*\"` fits it, and this statement {verb} it only on ARNs",
                action.full_name()
            ),
            [action] => {
                let types: Vec<String> = action
                    .resource_types()
                    .map(|rt| format!("{} (`{}`)", rt.name(), rt.arn()))
                    .collect();
                format!(
                    "`{}` acts on {}, and no `Resource` of this statement can be one",
                    action.full_name(),
                    types.join(" or ")
                )
            }
            many => format!(
                "none of the {} actions `{}` matches acts on a resource that this statement's `Resource` can name",
                many.len(),
                pattern.text
            ),
        };
        out.push(
            Diagnostic::warning(Code::ResourceMismatch, pattern.span, message)
                .with_label(clause.span, "the statement's resources")
                .with_help(format!("so the statement never {verb} it")),
        );
    }
}

fn sensitive_wildcards(
    kind: DocumentKind,
    statement: &Statement,
    named: &[Named<'_>],
    out: &mut Vec<Diagnostic>,
) {
    // SCPs, RCPs, boundaries, session and endpoint policies allow `*` by
    // design: they only limit.
    if statement.effect != Effect::Allow
        || !matches!(kind, DocumentKind::Identity | DocumentKind::Resource)
    {
        return;
    }
    for (pattern, named) in statement.action.patterns.iter().zip(named) {
        if matches!(named, Named::Everything) {
            out.push(
                Diagnostic::suggestion(
                    Code::SensitiveWildcard,
                    pattern.span,
                    "`\"Action\": \"*\"` allows every action of every AWS service",
                )
                .with_help("list the actions this principal needs, or attach a job-function policy such as ReadOnlyAccess"),
            );
        }
    }
    let on_every_resource = statement
        .resource
        .as_ref()
        .is_some_and(|clause| !clause.negated && clause.patterns.iter().any(|p| p.text == "*"));
    if !on_every_resource {
        return;
    }
    for (pattern, named) in statement.action.patterns.iter().zip(named) {
        let passes_roles = match named {
            Named::Actions(actions) => actions
                .iter()
                .any(|a| a.service().prefix() == "iam" && a.name() == "PassRole"),
            Named::Everything => false,
        };
        if passes_roles {
            out.push(
                Diagnostic::suggestion(
                    Code::SensitiveWildcard,
                    pattern.span,
                    if pattern.text.eq_ignore_ascii_case("iam:PassRole") {
                        String::from("`iam:PassRole` on `\"Resource\": \"*\"` allows passing every role")
                    } else {
                        format!(
                            "`{}` includes iam:PassRole, here on `\"Resource\": \"*\"`, which allows passing every role",
                            pattern.text
                        )
                    },
                )
                .with_help("passing a role hands its permissions to a service: list the roles this principal may pass"),
            );
        }
    }
}

/// One piece of an ARN template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TemplatePart {
    Literal(u8),
    /// `${Name}`: one or more characters, none of them the literal that
    /// follows the placeholder (`stop`), nor, for the placeholders that are
    /// never more than one ARN segment (`closed`), a `:` or a `/`.
    Placeholder {
        stop: Option<u8>,
        closed: bool,
    },
}

/// Placeholders whose values never hold `:` or `/`: partitions, regions,
/// account ids, and S3 bucket names (S3: "Bucket naming rules"). They may be
/// empty, as regions and accounts are in some ARNs.
const CLOSED_PLACEHOLDERS: [&str; 4] = ["Partition", "Region", "Account", "BucketName"];

impl TemplatePart {
    /// Whether a character of the pattern can be one of this part.
    fn takes(self, byte: u8) -> bool {
        match self {
            TemplatePart::Literal(literal) => literal == byte,
            TemplatePart::Placeholder { stop, closed } => {
                Some(byte) != stop && !(closed && matches!(byte, b':' | b'/'))
            }
        }
    }
}

fn template_parts(template: &str) -> Vec<TemplatePart> {
    let bytes = template.as_bytes();
    let mut parts = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte == b'$' && bytes.get(at + 1) == Some(&b'{') {
            let end = bytes
                .iter()
                .skip(at)
                .position(|b| *b == b'}')
                .map_or(bytes.len(), |offset| at + offset + 1);
            let stop = bytes.get(end).copied().filter(|b| *b != b'$');
            let name = template.get(at + 2..end.saturating_sub(1)).unwrap_or("");
            parts.push(TemplatePart::Placeholder {
                stop,
                closed: CLOSED_PLACEHOLDERS.contains(&name),
            });
            at = end;
        } else {
            parts.push(TemplatePart::Literal(byte));
            at += 1;
        }
    }
    parts
}

/// Whether some ARN could match both the policy pattern and the ARN
/// template. Both are split at their first five colons, and each part must
/// overlap its counterpart: real values of the partition, service, region
/// and account never hold a colon, so a pattern's `*` there stays in its
/// part (AWS would let a part-final `*` run on, but only an ARN with a colon
/// in its region could use that). A pattern or template with fewer parts is
/// compared whole.
pub(crate) fn may_overlap(pattern: &str, template: &str) -> bool {
    let pattern_parts: Vec<&str> = pattern.splitn(6, ':').collect();
    let template_parts: Vec<&str> = template.splitn(6, ':').collect();
    if pattern_parts.len() == 6 && template_parts.len() == 6 {
        pattern_parts
            .iter()
            .zip(&template_parts)
            .all(|(p, t)| part_overlaps(p, t))
    } else {
        part_overlaps(pattern, template)
    }
}

/// Whether some text could match both the policy pattern (`*` any text, `?`
/// one character) and the template (placeholders per [`TemplatePart`]).
///
/// A search over pairs of positions, (pattern position, template position,
/// whether the current placeholder has taken a character): at most
/// 2 × (|pattern| + 1) × (|template| + 1) states, each visited once, so the
/// cost is linear in each length and never exponential.
fn part_overlaps(pattern: &str, template: &str) -> bool {
    let pattern = pattern.as_bytes();
    let parts = template_parts(template);
    let width = parts.len() + 1;
    let state = |i: usize, j: usize, started: bool| (i * width + j) * 2 + usize::from(started);
    let mut seen = alloc::vec![false; (pattern.len() + 1) * width * 2];
    let mut stack = alloc::vec![(0usize, 0usize, false)];
    while let Some((i, j, started)) = stack.pop() {
        let Some(slot) = seen.get_mut(state(i, j, started)) else {
            continue;
        };
        if *slot {
            continue;
        }
        *slot = true;
        if i == pattern.len() && j == parts.len() {
            return true;
        }
        let here = pattern.get(i).copied();
        let part = parts.get(j).copied();
        // A placeholder that has taken a character may end; a closed one
        // may also be empty (AWS-owned resources have no account, as in
        // `arn:aws:ssm:us-east-1::document/AWS-RunShellScript`, and global
        // ones no region).
        if let Some(TemplatePart::Placeholder { closed, .. }) = part
            && (started || closed)
        {
            stack.push((i, j + 1, false));
        }
        // `*` may match nothing.
        if here == Some(b'*') {
            stack.push((i + 1, j, started));
        }
        let (Some(here), Some(part)) = (here, part) else {
            continue;
        };
        let next_i = if here == b'*' { i } else { i + 1 };
        // A wildcard stands for some character the part takes: a literal
        // takes its own, and a placeholder always takes some letter.
        if matches!(here, b'*' | b'?') || part.takes(here) {
            match part {
                TemplatePart::Literal(_) => stack.push((next_i, j + 1, false)),
                TemplatePart::Placeholder { .. } => stack.push((next_i, j, true)),
            }
        }
    }
    false
}

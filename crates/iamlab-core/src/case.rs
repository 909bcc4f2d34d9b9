//! The case format (`docs/case-format.md`): loading case files into compiled
//! scenarios, requests and expectations.
//!
//! A file holds one case, or `cases` with optional `defaults` applied to each
//! case as a JSON Merge Patch (RFC 7396). Merging works on spanned values, so
//! every part of a merged case still points at the text it came from, and
//! cases that share their principal or resource through `defaults` share one
//! compiled [`Scenario`] or [`Resource`]: a file of ten thousand cases with
//! one set of policies compiles those policies once.

use alloc::borrow::Cow;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::sync::Arc;
use alloc::vec::Vec;

use crate::arn::Arn;
use crate::context::{Context, ContextValue, Entry, ValueKind, lowercase_key};
use crate::diagnostic::{Code, Diagnostic};
use crate::eval::{PolicyGroup, Request, Resource, Scenario};
use crate::json::{self, Kind, Limits, Member, Value};
use crate::policy::{DocumentKind, LowerOptions, Policy, lower_policy};
use crate::principal::{PrincipalKind, classify};
use crate::source::{SourceId, SourceMap, Span};
use crate::trace::Decision;

/// What a case expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// A decision.
    Decision(Decision),
    /// The case's policies must be rejected as invalid.
    Error,
}

impl Expect {
    /// The case format's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Expect::Decision(decision) => decision.as_str(),
            Expect::Error => "error",
        }
    }
}

/// A loaded case file.
#[derive(Debug)]
pub struct CaseFile {
    /// The cases, in file order.
    pub cases: Vec<Case>,
}

/// One case, compiled or rejected.
#[derive(Debug)]
pub struct Case {
    /// The case's name (or `#N` when it has none).
    pub name: String,
    /// Where the case object is.
    pub span: Span,
    /// The expectation, if the case gives one.
    pub expect: Option<Expect>,
    /// The compiled case, unless something in it is invalid.
    pub compiled: Option<CompiledCase>,
    /// Every diagnostic, errors first.
    pub diagnostics: Vec<Diagnostic>,
}

impl Case {
    /// The first error, if the case could not be evaluated.
    pub fn first_error(&self) -> Option<&Diagnostic> {
        self.diagnostics.iter().find(|d| d.is_error())
    }
}

/// A case ready to evaluate.
#[derive(Clone, Debug)]
pub struct CompiledCase {
    /// The caller side (shared between cases with the same principal).
    pub scenario: Arc<Scenario>,
    /// The resource (shared between cases with the same resource).
    pub resource: Arc<Resource>,
    /// The action.
    pub action: String,
    /// The request's own context keys.
    pub context: Context,
}

impl CompiledCase {
    /// The request this case asks.
    pub fn request(&self) -> Request<'_> {
        Request {
            action: &self.action,
            resource: &self.resource,
            context: &self.context,
        }
    }

    /// The decision, on the fast path.
    pub fn evaluate(&self) -> Decision {
        crate::eval::evaluate(&self.scenario, &self.request())
    }
}

/// Loads a case file held in `source`. The error lists why the whole file is
/// unreadable (JSON syntax, duplicate keys, a shape that is not a case file).
pub fn load_case_file(
    sources: &mut SourceMap,
    source: SourceId,
) -> Result<CaseFile, Vec<Diagnostic>> {
    let text = sources
        .get(source)
        .map(|s| String::from(s.text()))
        .unwrap_or_default();
    let (value, diagnostics) = json::parse(&text, source, Limits::default());
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    let Some(root) = value else {
        return Err(diagnostics);
    };
    let Some(members) = root.as_object() else {
        return Err(alloc::vec![Diagnostic::error(
            Code::InvalidCase,
            root.span,
            format!(
                "a case file must be a JSON object, found {}",
                root.type_name()
            ),
        )]);
    };
    let mut loader = Loader::default();
    let (items, defaults): (&[Value], Option<&Value>) = if let Some(cases) = root.get("cases") {
        let Some(items) = cases.as_array() else {
            return Err(alloc::vec![Diagnostic::error(
                Code::InvalidCase,
                cases.span,
                format!("`cases` must be an array, found {}", cases.type_name()),
            )]);
        };
        let defaults = root.get("defaults");
        if let Some(defaults) = defaults
            && defaults.as_object().is_none()
        {
            return Err(alloc::vec![Diagnostic::error(
                Code::InvalidCase,
                defaults.span,
                format!(
                    "`defaults` must be an object, found {}",
                    defaults.type_name()
                ),
            )]);
        }
        for member in members {
            if !matches!(
                member.key.as_str(),
                "cases" | "defaults" | "$schema" | "description"
            ) {
                loader
                    .file_warnings
                    .push(unknown_field(member, "case file"));
            }
        }
        (items, defaults)
    } else if root.get("action").is_some() {
        (core::slice::from_ref(&root), None)
    } else {
        return Err(alloc::vec![Diagnostic::error(
            Code::InvalidCase,
            root.span,
            "a case file needs `cases` (a list of cases) or `action` (a single case)",
        )]);
    };
    let mut cases = Vec::with_capacity(items.len());
    for (idx, item) in items.iter().enumerate() {
        // Cases are merged with `defaults` one at a time and part by part, so
        // parts taken whole from `defaults` are borrowed, never copied.
        let defaults = defaults.filter(|_| item.as_object().is_some());
        let view = CaseView { item, defaults };
        cases.push(loader.case(sources, &view, idx));
    }
    if let Some(first) = cases.first_mut() {
        first.diagnostics.append(&mut loader.file_warnings);
    }
    Ok(CaseFile { cases })
}

/// One case seen through `defaults`: each top-level field is the JSON Merge
/// Patch of the default and the case's own value, computed on demand.
struct CaseView<'a> {
    item: &'a Value,
    defaults: Option<&'a Value>,
}

/// A field of a merged case, and whether it came whole from `defaults`.
struct Part<'a> {
    value: Cow<'a, Value>,
    from_defaults: bool,
}

impl<'a> CaseView<'a> {
    fn span(&self) -> Span {
        self.item.span
    }

    /// The merged field; `None` when absent or removed with `null`.
    fn part(&self, key: &str) -> Option<Part<'a>> {
        let own = self.item.get(key);
        let default = self.defaults.and_then(|d| d.get(key));
        match (own, default) {
            (Some(own), _) if own.is_null() => None,
            (Some(own), Some(default)) if own.as_object().is_some() => Some(Part {
                value: Cow::Owned(json::merge_patch(Some(default), own)),
                from_defaults: false,
            }),
            (Some(own), _) => Some(Part {
                value: Cow::Borrowed(own),
                from_defaults: false,
            }),
            (None, Some(default)) if !default.is_null() => Some(Part {
                value: Cow::Borrowed(default),
                from_defaults: true,
            }),
            (None, _) => None,
        }
    }

    fn field(&self, key: &str) -> Option<Cow<'a, Value>> {
        self.part(key).map(|part| part.value)
    }

    fn string(&self, key: &str, problems: &mut Problems) -> Option<String> {
        let found = self.field(key)?;
        match found.as_str() {
            Some(text) => Some(String::from(text)),
            None => {
                problems.error(
                    found.span,
                    format!("`{key}` must be a string, found {}", found.type_name()),
                );
                None
            }
        }
    }

    fn members(&self) -> impl Iterator<Item = &'a Member> {
        let own = self.item.as_object().unwrap_or(&[]);
        let defaults = self.defaults.and_then(Value::as_object).unwrap_or(&[]);
        own.iter().chain(
            defaults
                .iter()
                .filter(move |d| !own.iter().any(|m| m.key == d.key)),
        )
    }
}

/// A compiled part, or the errors that stopped it, kept for reuse.
type Built<T> = Result<Arc<T>, Vec<Diagnostic>>;

/// Compiled scenarios by the hash of their principal and organization.
type ScenarioCache = BTreeMap<u64, Vec<(Value, Option<Value>, Built<Scenario>)>>;

/// Compiled resources by the hash of their value and the caller's account.
type ResourceCache = BTreeMap<u64, Vec<(Option<Value>, String, Built<Resource>)>>;

#[derive(Default)]
struct Loader {
    scenarios: ScenarioCache,
    resources: ResourceCache,
    /// The scenario of cases that take principal and organization from `defaults`.
    default_scenario: Option<Built<Scenario>>,
    /// The resources of cases that take the resource from `defaults`, by caller account.
    default_resources: Vec<(String, Built<Resource>)>,
    file_warnings: Vec<Diagnostic>,
}

/// Collects diagnostics while reading one case.
struct Problems {
    list: Vec<Diagnostic>,
}

impl Problems {
    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.list
            .push(Diagnostic::error(Code::InvalidCase, span, message));
    }

    fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }
}

fn unknown_field(member: &Member, what: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::UnknownCaseField,
        member.key_span,
        format!("`{}` is not a field of a {what}; it is ignored", member.key),
    )
}

fn check_fields(value: &Value, known: &[&str], what: &str, problems: &mut Problems) {
    for member in value.as_object().unwrap_or(&[]) {
        if !known.contains(&member.key.as_str()) {
            problems.list.push(unknown_field(member, what));
        }
    }
}

/// A field that may be absent or `null` (both mean "none").
fn field<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    value.get(key).filter(|v| !v.is_null())
}

fn string_field<'v>(value: &'v Value, key: &str, problems: &mut Problems) -> Option<&'v str> {
    let found = field(value, key)?;
    match found.as_str() {
        Some(text) => Some(text),
        None => {
            problems.error(
                found.span,
                format!("`{key}` must be a string, found {}", found.type_name()),
            );
            None
        }
    }
}

fn tags(value: &Value, key: &str, problems: &mut Problems) -> Vec<(String, String)> {
    let Some(found) = field(value, key) else {
        return Vec::new();
    };
    let Some(members) = found.as_object() else {
        problems.error(
            found.span,
            format!(
                "`{key}` must be an object of tag names and values, found {}",
                found.type_name()
            ),
        );
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for member in members {
        match member.value.as_str() {
            Some(text) => {
                if out
                    .iter()
                    .any(|(seen, _)| seen.eq_ignore_ascii_case(&member.key))
                {
                    problems.error(
                        member.key_span,
                        format!(
                            "tag `{}` is given twice, differing only by case",
                            member.key
                        ),
                    );
                }
                out.push((member.key.clone(), String::from(text)));
            }
            None => problems.error(
                member.value.span,
                format!(
                    "tag `{}` must have a string value, found {}",
                    member.key,
                    member.value.type_name()
                ),
            ),
        }
    }
    out
}

fn hash_value(value: &Value, hash: &mut u64) {
    fn mix(hash: &mut u64, bytes: &[u8]) {
        for &byte in bytes {
            *hash ^= u64::from(byte);
            *hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    mix(hash, &value.span.start.to_le_bytes());
    mix(hash, &value.span.source.0.to_le_bytes());
    match &value.kind {
        Kind::Null => mix(hash, b"n"),
        Kind::Bool(flag) => mix(hash, if *flag { b"t" } else { b"f" }),
        Kind::Number(text) | Kind::String(text) => mix(hash, text.as_bytes()),
        Kind::Array(items) => items.iter().for_each(|item| hash_value(item, hash)),
        Kind::Object(members) => members.iter().for_each(|member| {
            mix(hash, member.key.as_bytes());
            hash_value(&member.value, hash);
        }),
    }
}

fn hash_of(values: &[Option<&Value>], extra: &str) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325;
    for value in values {
        match value {
            Some(value) => hash_value(value, &mut hash),
            None => hash ^= 0x55,
        }
    }
    for &byte in extra.as_bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

impl Loader {
    fn case(&mut self, sources: &mut SourceMap, view: &CaseView<'_>, idx: usize) -> Case {
        let mut problems = Problems { list: Vec::new() };
        let name = view
            .field("name")
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_else(|| format!("#{}", idx + 1));
        let mut case = Case {
            name,
            span: view.span(),
            expect: None,
            compiled: None,
            diagnostics: Vec::new(),
        };
        if view.item.as_object().is_none() {
            problems.error(
                view.span(),
                format!("a case must be an object, found {}", view.item.type_name()),
            );
            case.diagnostics = problems.list;
            return case;
        }
        const CASE_FIELDS: [&str; 8] = [
            "name",
            "principal",
            "organization",
            "resource",
            "action",
            "context",
            "expect",
            "description",
        ];
        for member in view.members() {
            if !CASE_FIELDS.contains(&member.key.as_str()) {
                problems.list.push(unknown_field(member, "case"));
            }
        }
        if let Some(found) = view.field("name")
            && found.as_str().is_none()
        {
            problems.error(
                found.span,
                format!("`name` must be a string, found {}", found.type_name()),
            );
        }
        if let Some(expect) = view.string("expect", &mut problems) {
            case.expect = match expect.as_str() {
                "error" => Some(Expect::Error),
                other => match Decision::from_name(other) {
                    Some(decision) => Some(Expect::Decision(decision)),
                    None => {
                        if let Some(found) = view.field("expect") {
                            problems.error(
                                found.span,
                                format!("`expect` must be `allowed`, `explicitDeny`, `implicitDeny` or `error`, found `{other}`"),
                            );
                        }
                        None
                    }
                },
            };
        }
        let action = match view.field("action") {
            None => {
                problems.error(view.span(), "the case has no `action`");
                None
            }
            Some(_) => view.string("action", &mut problems),
        };
        let context = self.context(view, &mut problems);
        let scenario = self.scenario(sources, view, &mut problems);
        let principal_account = scenario.as_ref().and_then(|s| s.caller.account.clone());
        let resource = self.resource(sources, view, principal_account.as_deref(), &mut problems);
        if let (Some(action), Some(scenario), Some(resource)) = (&action, &scenario, &resource) {
            let span = view.field("action").map_or(view.span(), |v| v.span);
            request_warnings(action, scenario, resource, span, &mut problems);
        }
        if let (Some(action), Some(context), Some(scenario), Some(resource), false) =
            (action, context, scenario, resource, problems.has_errors())
        {
            case.compiled = Some(CompiledCase {
                scenario,
                resource,
                action,
                context,
            });
        }
        let mut diagnostics = problems.list;
        diagnostics.sort_by_key(|d| !d.is_error());
        case.diagnostics = diagnostics;
        case
    }

    fn context(&mut self, view: &CaseView<'_>, problems: &mut Problems) -> Option<Context> {
        let Some(found) = view.field("context") else {
            return Some(Context::new());
        };
        let found: &Value = &found;
        let Some(members) = found.as_object() else {
            problems.error(
                found.span,
                format!(
                    "`context` must be an object of condition keys, found {}",
                    found.type_name()
                ),
            );
            return None;
        };
        let mut entries = Vec::with_capacity(members.len());
        for member in members {
            let scalar = |item: &Value| -> Option<ContextValue> {
                match &item.kind {
                    Kind::String(text) => Some(ContextValue {
                        text: text.clone(),
                        kind: ValueKind::String,
                    }),
                    Kind::Number(text) => Some(ContextValue {
                        text: text.clone(),
                        kind: ValueKind::Number,
                    }),
                    Kind::Bool(flag) => Some(ContextValue {
                        text: flag.to_string(),
                        kind: ValueKind::Bool,
                    }),
                    _ => None,
                }
            };
            let (values, multivalued) = match &member.value.kind {
                Kind::Array(items) => {
                    let mut values = Vec::with_capacity(items.len());
                    for item in items {
                        match scalar(item) {
                            Some(value) => values.push(value),
                            None => problems.error(
                                item.span,
                                format!(
                                    "a value of `{}` must be a string, number or boolean, found {}",
                                    member.key,
                                    item.type_name()
                                ),
                            ),
                        }
                    }
                    (values, true)
                }
                _ => match scalar(&member.value) {
                    Some(value) => (alloc::vec![value], false),
                    None => {
                        problems.error(
                            member.value.span,
                            format!("`{}` must be a string, number, boolean or a list of them, found {}", member.key, member.value.type_name()),
                        );
                        continue;
                    }
                },
            };
            entries.push(Entry {
                key: member.key.clone(),
                key_lower: lowercase_key(&member.key),
                values,
                multivalued,
            });
        }
        match Context::from_entries(entries) {
            Ok(context) => Some(context),
            Err(duplicate) => {
                let span = members
                    .iter()
                    .rev()
                    .find(|m| m.key == duplicate.second)
                    .map_or(found.span, |m| m.key_span);
                problems.list.push(Diagnostic::error(
                    Code::DuplicateContextKey,
                    span,
                    format!("context keys `{}` and `{}` differ only by case; AWS calls the outcome unpredictable", duplicate.first, duplicate.second),
                ));
                None
            }
        }
    }

    fn scenario(
        &mut self,
        sources: &mut SourceMap,
        view: &CaseView<'_>,
        problems: &mut Problems,
    ) -> Option<Arc<Scenario>> {
        let Some(principal) = view.part("principal") else {
            problems.error(view.span(), "the case has no `principal`");
            return None;
        };
        let organization = view.part("organization");
        // Cases that take principal and organization whole from `defaults`
        // share one compiled scenario without hashing anything.
        let from_defaults =
            principal.from_defaults && organization.as_ref().is_none_or(|o| o.from_defaults);
        if from_defaults && let Some(found) = &self.default_scenario {
            return reuse(found, problems);
        }
        let principal: &Value = &principal.value;
        let organization: Option<&Value> = organization.as_ref().map(|o| &*o.value);
        let key = hash_of(&[Some(principal), organization], "");
        if let Some(found) = self.scenarios.get(&key).and_then(|list| {
            list.iter()
                .find(|(p, o, _)| p == principal && o.as_ref() == organization)
                .map(|(_, _, result)| result)
        }) {
            return reuse(found, problems);
        }
        let mut own = Problems { list: Vec::new() };
        let result = build_scenario(sources, principal, organization, &mut own);
        let stored = match (result, own.has_errors()) {
            (Some(scenario), false) => Ok(Arc::new(scenario)),
            _ => Err(own
                .list
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect::<Vec<_>>()),
        };
        problems.list.extend(own.list);
        let out = stored.as_ref().ok().map(Arc::clone);
        if from_defaults {
            self.default_scenario = Some(stored);
        } else {
            self.scenarios.entry(key).or_default().push((
                principal.clone(),
                organization.cloned(),
                stored,
            ));
        }
        out
    }

    fn resource(
        &mut self,
        sources: &mut SourceMap,
        view: &CaseView<'_>,
        principal_account: Option<&str>,
        problems: &mut Problems,
    ) -> Option<Arc<Resource>> {
        let part = view.part("resource");
        let account = String::from(principal_account.unwrap_or(""));
        let from_defaults = part.as_ref().is_some_and(|p| p.from_defaults);
        if from_defaults
            && let Some((_, found)) = self.default_resources.iter().find(|(a, _)| *a == account)
        {
            return reuse(found, problems);
        }
        let resource: Option<&Value> = part.as_ref().map(|p| &*p.value);
        let key = hash_of(&[resource], &account);
        if let Some(found) = self.resources.get(&key).and_then(|list| {
            list.iter()
                .find(|(r, a, _)| r.as_ref() == resource && *a == account)
                .map(|(_, _, result)| result)
        }) {
            return reuse(found, problems);
        }
        let mut own = Problems { list: Vec::new() };
        let built = build_resource(sources, resource, principal_account, &mut own);
        let stored = match (built, own.has_errors()) {
            (Some(resource), false) => Ok(Arc::new(resource)),
            _ => Err(own
                .list
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect::<Vec<_>>()),
        };
        problems.list.extend(own.list);
        let out = stored.as_ref().ok().map(Arc::clone);
        if from_defaults {
            self.default_resources.push((account, stored));
        } else {
            self.resources
                .entry(key)
                .or_default()
                .push((resource.cloned(), account, stored));
        }
        out
    }
}

/// A part compiled for an earlier case: its value, or its errors again.
fn reuse<T>(found: &Built<T>, problems: &mut Problems) -> Option<Arc<T>> {
    match found {
        Ok(built) => Some(Arc::clone(built)),
        Err(diagnostics) => {
            problems.list.extend(diagnostics.iter().cloned());
            None
        }
    }
}

/// Service prefixes that support RCPs (AWS: "Resource control policies",
/// list of supported services).
const RCP_SERVICES: [&str; 62] = [
    "appstream",
    "dsql",
    "clouddirectory",
    "cloudfront",
    "cloudsearch",
    "logs",
    "networkmonitor",
    "cognito-identity",
    "cognito-idp",
    "comprehend",
    "comprehendmedical",
    "firehose",
    "dynamodb",
    "dax",
    "autoscaling",
    "ecr",
    "ecr-public",
    "gamelift",
    "inspector-scan",
    "kendra",
    "kinesisvideo",
    "memorydb",
    "aoss",
    "personalize",
    "polly",
    "s3",
    "swf",
    "sqs",
    "textract",
    "timestream-influxdb",
    "transcribe",
    "translate",
    "workspaces",
    "appconfig",
    "autoscaling-plans",
    "budgets",
    "servicediscovery",
    "cloudtrail-data",
    "codeartifact",
    "codebuild",
    "codecommit",
    "codepipeline",
    "compute-optimizer",
    "cost-optimization-hub",
    "events",
    "fms",
    "fis",
    "health",
    "rolesanywhere",
    "kms",
    "opensearch",
    "pricing",
    "pca-connector-ad",
    "resource-groups",
    "secretsmanager",
    "sts",
    "signin",
    "support",
    "transfer",
    "notifications",
    "wafv2",
    "xray",
];

/// Warnings that depend on the request as well as the policies.
fn request_warnings(
    action: &str,
    scenario: &Scenario,
    resource: &Resource,
    span: Span,
    problems: &mut Problems,
) {
    let service = action.split(':').next().unwrap_or("").to_ascii_lowercase();
    if !scenario.rcps.is_empty() && !RCP_SERVICES.contains(&service.as_str()) {
        problems.list.push(Diagnostic::warning(
            Code::RcpUnsupportedService,
            span,
            format!("`{service}` is not on AWS's list of services that support RCPs; iamlab applies the RCPs anyway"),
        ));
    }
    let arn = Arn::parse(&resource.arn);
    let is_role = arn.is_some_and(|a| a.service == "iam" && a.resource.starts_with("role/"));
    let is_key = arn.is_some_and(|a| a.service == "kms" && a.resource.starts_with("key/"));
    let strict = (is_role && service == "sts") || (is_key && service == "kms");
    if strict && resource.policy.is_none() {
        problems.list.push(Diagnostic::warning(
            Code::MissingStrictPolicy,
            span,
            "a role or KMS key always has a trust or key policy; without one in the case nothing can grant this",
        ));
    }
}

fn policy(
    sources: &mut SourceMap,
    value: &Value,
    kind: DocumentKind,
    place: &str,
    problems: &mut Problems,
) -> Option<Policy> {
    let Some(_) = value.as_object() else {
        problems.error(
            value.span,
            format!(
                "`{place}` must be an object with `name` and `document`, found {}",
                value.type_name()
            ),
        );
        return None;
    };
    check_fields(
        value,
        &["name", "document", "description"],
        "policy",
        problems,
    );
    let name =
        string_field(value, "name", problems).map_or_else(|| String::from(place), String::from);
    let Some(document) = field(value, "document") else {
        problems.error(value.span, format!("`{place}` has no `document`"));
        return None;
    };
    let (policy, diagnostics) = lower_policy(sources, document, &LowerOptions { kind, name });
    problems.list.extend(diagnostics);
    policy
}

fn policy_list(
    sources: &mut SourceMap,
    value: Option<&Value>,
    kind: DocumentKind,
    place: &str,
    problems: &mut Problems,
) -> Vec<Policy> {
    let Some(value) = value else {
        return Vec::new();
    };
    let Some(items) = value.as_array() else {
        problems.error(
            value.span,
            format!(
                "`{place}` must be an array of policies, found {}",
                value.type_name()
            ),
        );
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(idx, item)| policy(sources, item, kind, &format!("{place}[{idx}]"), problems))
        .collect()
}

fn levels(
    sources: &mut SourceMap,
    value: Option<&Value>,
    kind: DocumentKind,
    place: &str,
    problems: &mut Problems,
) -> Vec<PolicyGroup> {
    let Some(value) = value else {
        return Vec::new();
    };
    let Some(items) = value.as_array() else {
        problems.error(
            value.span,
            format!(
                "`{place}` must be an array of levels, each an array of policies, found {}",
                value.type_name()
            ),
        );
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .map(|(idx, level)| {
            PolicyGroup::new(policy_list(
                sources,
                Some(level),
                kind,
                &format!("{place}[{idx}]"),
                problems,
            ))
        })
        .collect()
}

fn build_scenario(
    sources: &mut SourceMap,
    principal: &Value,
    organization: Option<&Value>,
    problems: &mut Problems,
) -> Option<Scenario> {
    if principal.as_object().is_none() {
        problems.error(
            principal.span,
            format!(
                "`principal` must be an object, found {}",
                principal.type_name()
            ),
        );
        return None;
    }
    check_fields(
        principal,
        &[
            "arn",
            "type",
            "roleArn",
            "tags",
            "policies",
            "permissionsBoundary",
            "sessionPolicies",
            "name",
            "description",
        ],
        "principal",
        problems,
    );
    let arn = match field(principal, "arn") {
        None => {
            problems.error(principal.span, "`principal` has no `arn`");
            None
        }
        Some(_) => string_field(principal, "arn", problems),
    };
    let declared = match string_field(principal, "type", problems) {
        Some(text) => match PrincipalKind::from_name(text) {
            Some(kind) => Some(kind),
            None => {
                let span = principal.get("type").map_or(principal.span, |v| v.span);
                problems.error(span, format!("`type` `{text}` is not one of `user`, `role-session`, `root`, `federated-user`, `service`, `anonymous`"));
                None
            }
        },
        None => None,
    };
    let role_arn = string_field(principal, "roleArn", problems);
    let tags = tags(principal, "tags", problems);
    let identity = policy_list(
        sources,
        field(principal, "policies"),
        DocumentKind::Identity,
        "principal.policies",
        problems,
    );
    let boundary = field(principal, "permissionsBoundary").and_then(|value| {
        policy(
            sources,
            value,
            DocumentKind::PermissionsBoundary,
            "principal.permissionsBoundary",
            problems,
        )
    });
    let session_value = field(principal, "sessionPolicies");
    let session = policy_list(
        sources,
        session_value,
        DocumentKind::Session,
        "principal.sessionPolicies",
        problems,
    );
    let (scps, rcps) = match organization {
        None => (Vec::new(), Vec::new()),
        Some(organization) => {
            if organization.as_object().is_none() {
                problems.error(
                    organization.span,
                    format!(
                        "`organization` must be an object, found {}",
                        organization.type_name()
                    ),
                );
            }
            check_fields(organization, &["scps", "rcps"], "organization", problems);
            (
                levels(
                    sources,
                    field(organization, "scps"),
                    DocumentKind::Scp,
                    "organization.scps",
                    problems,
                ),
                levels(
                    sources,
                    field(organization, "rcps"),
                    DocumentKind::Rcp,
                    "organization.rcps",
                    problems,
                ),
            )
        }
    };
    let arn = arn?;
    let caller = match classify(arn, declared, role_arn) {
        Ok(caller) => caller,
        Err(message) => {
            let span = principal.get("arn").map_or(principal.span, |v| v.span);
            problems
                .list
                .push(Diagnostic::error(Code::InvalidPrincipalArn, span, message));
            return None;
        }
    };
    let ignores_identity = matches!(
        caller.kind,
        PrincipalKind::Root | PrincipalKind::Service | PrincipalKind::Anonymous
    );
    if ignores_identity && (!identity.is_empty() || boundary.is_some()) {
        problems.list.push(Diagnostic::warning(
            Code::IgnoredPolicies,
            principal.span,
            format!(
                "a {} caller has no identity policies or boundary; they are ignored",
                caller.kind.as_str()
            ),
        ));
    }
    let session =
        (session_value.is_some() && !session.is_empty()).then(|| PolicyGroup::new(session));
    Some(Scenario::new(
        caller,
        &tags,
        PolicyGroup::new(identity),
        boundary.map(|policy| PolicyGroup::new(alloc::vec![policy])),
        session,
        scps,
        rcps,
    ))
}

fn build_resource(
    sources: &mut SourceMap,
    resource: Option<&Value>,
    principal_account: Option<&str>,
    problems: &mut Problems,
) -> Option<Resource> {
    let Some(resource) = resource else {
        return Some(Resource::new("*", None, principal_account, &[], None));
    };
    if resource.as_object().is_none() {
        problems.error(
            resource.span,
            format!(
                "`resource` must be an object, found {}",
                resource.type_name()
            ),
        );
        return None;
    }
    check_fields(
        resource,
        &["arn", "account", "tags", "policy", "name", "description"],
        "resource",
        problems,
    );
    let arn = string_field(resource, "arn", problems).unwrap_or("*");
    if arn != "*" && Arn::parse(arn).is_none() {
        let span = resource.get("arn").map_or(resource.span, |v| v.span);
        problems.list.push(Diagnostic::error(
            Code::InvalidCase,
            span,
            format!("`{arn}` is not an ARN (or `*`)"),
        ));
    }
    let account = string_field(resource, "account", problems);
    let tags = tags(resource, "tags", problems);
    let is_role = Arn::parse(arn)
        .is_some_and(|parsed| parsed.service == "iam" && parsed.resource.starts_with("role/"));
    let kind = if is_role {
        DocumentKind::RoleTrust
    } else {
        DocumentKind::Resource
    };
    let policy = field(resource, "policy")
        .and_then(|value| policy(sources, value, kind, "resource.policy", problems));
    let group = policy.map(|policy| PolicyGroup::new(alloc::vec![policy]));
    Some(Resource::new(arn, account, principal_account, &tags, group))
}

#[cfg(test)]
mod tests;

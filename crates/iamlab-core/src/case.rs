//! The case format (`docs/case-format.md`): loading case files into compiled
//! scenarios, requests and expectations.
//!
//! A file holds one case, or `cases` with optional `defaults` applied to each
//! case as a JSON Merge Patch (RFC 7396). Merging works on spanned values
//! (`case/view.rs`), so every part of a merged case still points at the text
//! it came from. Each member is read into the builder's inputs
//! (`case/read.rs`) and built by [`crate::build`], the same builder every
//! front end uses; cases that share their principal or resource share one
//! compiled [`Scenario`] or [`Resource`] (`case/cache.rs`).

mod cache;
mod read;
mod view;

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

use crate::build::{self, ManagedPolicySource, Spanned};
use crate::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::eval::{Endpoint, PreparedAction, Request, Resource, ResourceFacts, Scenario};
use crate::json::{self, Limits, Value};
use crate::source::{SourceId, SourceMap, Span};
use crate::trace::Decision;

use cache::{Cache, keep, reuse};
use read::Problems;
pub(crate) use read::unknown_member;
use view::CaseView;

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

    /// Parses the case format's name.
    pub fn from_name(name: &str) -> Option<Expect> {
        match name {
            "error" => Some(Expect::Error),
            other => Decision::from_name(other).map(Expect::Decision),
        }
    }

    /// Whether an outcome meets this expectation: the decision, or no
    /// decision (`None`) when the case's policies are invalid. This is the
    /// one rule by which `iamlab check`, the page's tests and every harness
    /// pass or fail a case.
    pub fn is_met(self, outcome: Option<Decision>) -> bool {
        match (self, outcome) {
            (Expect::Decision(expected), Some(decision)) => expected == decision,
            (Expect::Error, None) => true,
            _ => false,
        }
    }
}

/// Whether a case passes: an expectation, when there is one, is met; a case
/// without one passes when it could be evaluated.
pub fn passes(expect: Option<Expect>, outcome: Option<Decision>) -> bool {
    match expect {
        Some(expect) => expect.is_met(outcome),
        None => outcome.is_some(),
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
    /// Graded but not shown to a student (`"hidden": true`, exercises).
    pub hidden: bool,
    /// The student predicts the decision before it is shown
    /// (`"predict": true`, exercises).
    pub predict: bool,
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

    /// The decision on the fast path, or `None` when the case is invalid.
    pub fn decision(&self) -> Option<Decision> {
        self.compiled.as_ref().map(CompiledCase::evaluate)
    }

    /// Whether the case passes (see [`passes`]).
    pub fn passes(&self) -> bool {
        passes(self.expect, self.decision())
    }
}

/// A case ready to evaluate.
#[derive(Clone, Debug)]
pub struct CompiledCase {
    /// The caller side (shared between cases with the same principal).
    pub scenario: Arc<Scenario>,
    /// The resource (shared between cases with the same resource).
    resource: Arc<Resource>,
    /// What a decision reads of `resource`, kept here so that a decision
    /// need not read the resource itself.
    facts: ResourceFacts,
    /// The action, read once and shared between the cases of a file that
    /// ask it (a file checks few actions against many resources, and a
    /// decision then reads an action that is likely in cache).
    pub action: Arc<PreparedAction>,
    /// Where the action is written.
    pub action_span: Span,
    /// The request's own context keys.
    pub context: Context,
    /// The VPC endpoint the request came through, if any.
    pub endpoint: Option<Arc<Endpoint>>,
}

impl CompiledCase {
    /// A compiled case.
    pub fn new(
        scenario: Arc<Scenario>,
        resource: Arc<Resource>,
        action: Arc<PreparedAction>,
        action_span: Span,
        context: Context,
        endpoint: Option<Arc<Endpoint>>,
    ) -> Self {
        CompiledCase {
            facts: ResourceFacts::of(&resource),
            scenario,
            resource,
            action,
            action_span,
            context,
            endpoint,
        }
    }

    /// The resource.
    pub fn resource(&self) -> &Arc<Resource> {
        &self.resource
    }

    /// The request this case asks.
    pub fn request(&self) -> Request<'_> {
        Request::prepared(
            &self.action,
            &self.resource,
            &self.context,
            self.endpoint.as_deref(),
        )
        .with_facts(&self.facts)
    }

    /// The decision, on the fast path.
    pub fn evaluate(&self) -> Decision {
        crate::eval::evaluate(&self.scenario, &self.request())
    }
}

/// What loading may use besides the file.
#[derive(Clone, Copy, Default)]
pub struct LoadOptions<'m> {
    /// Where AWS managed policies given by ARN come from; without it, such a
    /// policy is an error.
    pub managed: Option<&'m dyn ManagedPolicySource>,
}

impl core::fmt::Debug for LoadOptions<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("LoadOptions")
            .field("managed", &self.managed.map(|m| m.describe()))
            .finish()
    }
}

/// Loads a case file held in `source`. The error lists why the whole file is
/// unreadable (JSON syntax, duplicate keys, a shape that is not a case file).
pub fn load_case_file(
    sources: &mut SourceMap,
    source: SourceId,
) -> Result<CaseFile, Vec<Diagnostic>> {
    load_case_file_with(sources, source, LoadOptions::default())
}

/// [`load_case_file`] with options.
pub fn load_case_file_with(
    sources: &mut SourceMap,
    source: SourceId,
    options: LoadOptions<'_>,
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
    load_value(sources, &root, options)
}

/// The most cases one file may hold: a bound on the memory a file can
/// make the loader use (each case keeps its name, diagnostics and compiled
/// request).
pub const MAX_CASES: usize = 1_000_000;

/// Loads a case file already read as JSON.
pub fn load_value(
    sources: &mut SourceMap,
    root: &Value,
    options: LoadOptions<'_>,
) -> Result<CaseFile, Vec<Diagnostic>> {
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
    let (items, defaults): (&[Value], Option<&Value>) = if let Some(cases) = root.get("cases") {
        let Some(items) = cases.as_array() else {
            return Err(alloc::vec![Diagnostic::error(
                Code::InvalidCase,
                cases.span,
                format!("`cases` must be an array, found {}", cases.type_name()),
            )]);
        };
        if items.len() > MAX_CASES {
            return Err(alloc::vec![Diagnostic::error(
                Code::InputTooLarge,
                cases.span,
                format!(
                    "`cases` holds {} items, more than the {MAX_CASES} one file may hold; split the file",
                    items.len()
                ),
            )]);
        }
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
        let unknown: Vec<Diagnostic> = members
            .iter()
            .filter(|member| !read::FILE_MEMBERS.contains(&member.key.as_str()))
            .filter_map(|member| {
                unknown_member(
                    &member.key,
                    member.key_span,
                    read::FILE_MEMBERS,
                    "a case file",
                )
            })
            .collect();
        if !unknown.is_empty() {
            return Err(unknown);
        }
        (items, defaults)
    } else if root.get("action").is_some() {
        (core::slice::from_ref(root), None)
    } else {
        return Err(alloc::vec![Diagnostic::error(
            Code::InvalidCase,
            root.span,
            "a case file needs `cases` (a list of cases) or `action` (a single case)",
        )]);
    };
    let mut loader = Loader {
        managed: options.managed,
        scenarios: Cache::default(),
        resources: Cache::default(),
        endpoints: Cache::default(),
        actions: BTreeMap::new(),
        facts: BTreeMap::new(),
    };
    let mut cases = Vec::with_capacity(items.len());
    for (idx, item) in items.iter().enumerate() {
        let defaults = defaults.filter(|_| item.as_object().is_some());
        let view = CaseView { item, defaults };
        cases.push(loader.case(sources, &view, idx));
    }
    Ok(CaseFile { cases })
}

struct Loader<'m> {
    managed: Option<&'m dyn ManagedPolicySource>,
    scenarios: Cache<Scenario>,
    resources: Cache<Resource>,
    endpoints: Cache<Endpoint>,
    /// Every action asked so far.
    actions: BTreeMap<String, Arc<PreparedAction>>,
    /// The facts of each resource built so far, by its address (the cache
    /// keeps every resource alive, so no two share one).
    facts: BTreeMap<usize, ResourceFacts>,
}

impl Loader<'_> {
    fn case(&mut self, sources: &mut SourceMap, view: &CaseView<'_>, idx: usize) -> Case {
        let mut problems = Problems::default();
        let name = view
            .field("name")
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_else(|| format!("#{}", idx + 1));
        let mut case = Case {
            name,
            span: view.span(),
            expect: None,
            hidden: false,
            predict: false,
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
        for member in view.members() {
            if !read::CASE_MEMBERS.contains(&member.key.as_str())
                && let Some(diagnostic) =
                    unknown_member(&member.key, member.key_span, read::CASE_MEMBERS, "a case")
            {
                problems.list.push(diagnostic);
            }
        }
        for key in ["name", "description"] {
            if let Some(found) = view.field(key)
                && found.as_str().is_none()
            {
                problems.error(
                    found.span,
                    format!("`{key}` must be a string, found {}", found.type_name()),
                );
            }
        }
        for key in ["hidden", "predict"] {
            let Some(found) = view.field(key) else {
                continue;
            };
            if let json::Kind::Bool(flag) = found.kind {
                match key {
                    "hidden" => case.hidden = flag,
                    _ => case.predict = flag,
                }
            } else {
                problems.error(
                    found.span,
                    format!(
                        "`{key}` must be `true` or `false`, found {}",
                        found.type_name()
                    ),
                );
            }
        }
        if let Some(found) = view.field("expect") {
            match found.as_str().map(|text| (text, Expect::from_name(text))) {
                Some((_, Some(expect))) => case.expect = Some(expect),
                Some((other, None)) => problems.error(
                    found.span,
                    format!("`expect` must be `allowed`, `explicitDeny`, `implicitDeny` or `error`, found `{other}`"),
                ),
                None => problems.error(
                    found.span,
                    format!("`expect` must be a string, found {}", found.type_name()),
                ),
            }
        }
        let action = match view.field("action") {
            None => {
                problems.error(view.span(), "the case has no `action`");
                None
            }
            Some(found) => match found.as_str() {
                Some(text) => Some(Spanned::new(String::from(text), found.span)),
                None => {
                    problems.error(
                        found.span,
                        format!("`action` must be a string, found {}", found.type_name()),
                    );
                    None
                }
            },
        };
        let context = match view.field("context") {
            None => Some(Context::new()),
            Some(found) => read::context(&found, &mut problems).and_then(|entries| {
                build::build_context(entries)
                    .map_err(|diagnostic| problems.list.push(diagnostic))
                    .ok()
            }),
        };
        let scenario = self.scenario(sources, view, &mut problems);
        let principal_account = scenario.as_ref().and_then(|s| s.caller.account.clone());
        let resource = self.resource(sources, view, principal_account.as_deref(), &mut problems);
        if let (Some(action), Some(scenario), Some(resource)) = (&action, &scenario, &resource) {
            problems.list.extend(build::request_warnings(
                &action.value,
                scenario,
                resource,
                action.span,
            ));
        }
        let endpoint = self.endpoint(sources, view, &mut problems);
        let mut context = context;
        if let (Some(context), Some(endpoint)) = (context.as_mut(), endpoint.as_ref()) {
            match (endpoint, &scenario, &resource) {
                (Some(endpoint), Some(scenario), Some(resource)) => build::add_endpoint_org_keys(
                    context,
                    endpoint,
                    scenario.caller.account.as_deref(),
                    &resource.account,
                ),
                (None, _, _) => {
                    let span = view.field("context").map_or(view.span(), |c| c.span);
                    problems
                        .list
                        .extend(build::endpoint_key_warning(context, false, span));
                }
                _ => {}
            }
        }
        if let (
            Some(action),
            Some(context),
            Some(scenario),
            Some(resource),
            Some(endpoint),
            false,
        ) = (
            action,
            context,
            scenario,
            resource,
            endpoint,
            problems.has_errors(),
        ) {
            let action_text = Arc::clone(
                self.actions
                    .entry(action.value)
                    .or_insert_with_key(|text| Arc::new(PreparedAction::new(text))),
            );
            let facts = self
                .facts
                .entry(Arc::as_ptr(&resource) as usize)
                .or_insert_with(|| ResourceFacts::of(&resource))
                .clone();
            case.compiled = Some(CompiledCase {
                scenario,
                resource,
                facts,
                action: action_text,
                action_span: action.span,
                context,
                endpoint,
            });
        }
        let mut diagnostics = problems.list;
        crate::sort::sort_by_key(&mut diagnostics, |d| !d.is_error());
        case.diagnostics = diagnostics;
        case
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
        let principal: &Value = &principal.value;
        let organization: Option<&Value> = organization.as_ref().map(|o| &*o.value);
        let key = [Some(principal), organization];
        if let Some(found) = self.scenarios.get(from_defaults, &key, "") {
            return reuse(found, &mut problems.list);
        }
        let mut own = Problems::default();
        let mut input = read::Input {
            sources,
            managed: self.managed,
        };
        let built = read::principal(&mut input, principal, organization, &mut own).and_then(
            |(input, organization)| {
                let (scenario, diagnostics) = build::build_scenario(input, organization);
                own.list.extend(diagnostics);
                scenario
            },
        );
        let stored = keep(built, &own.list);
        problems.list.extend(own.list);
        let out = stored.as_ref().ok().map(Arc::clone);
        self.scenarios.insert(from_defaults, &key, "", stored);
        out
    }

    /// The case's VPC endpoint: `Some(None)` when there is none, `None`
    /// when it is invalid.
    fn endpoint(
        &mut self,
        sources: &mut SourceMap,
        view: &CaseView<'_>,
        problems: &mut Problems,
    ) -> Option<Option<Arc<Endpoint>>> {
        let Some(part) = view.part("vpcEndpoint") else {
            return Some(None);
        };
        let key = [Some(&*part.value)];
        if let Some(found) = self.endpoints.get(part.from_defaults, &key, "") {
            return reuse(found, &mut problems.list).map(Some);
        }
        let mut own = Problems::default();
        let mut reading = read::Input {
            sources,
            managed: self.managed,
        };
        let built = read::endpoint(&mut reading, &part.value, &mut own).and_then(|input| {
            let (endpoint, diagnostics) = build::build_endpoint(input);
            own.list.extend(diagnostics);
            endpoint
        });
        let stored = keep(built, &own.list);
        problems.list.extend(own.list);
        let out = stored.as_ref().ok().map(Arc::clone);
        self.endpoints.insert(part.from_defaults, &key, "", stored);
        out.map(Some)
    }

    fn resource(
        &mut self,
        sources: &mut SourceMap,
        view: &CaseView<'_>,
        principal_account: Option<&str>,
        problems: &mut Problems,
    ) -> Option<Arc<Resource>> {
        let part = view.part("resource");
        let account = principal_account.unwrap_or("");
        let from_defaults = part.as_ref().is_some_and(|p| p.from_defaults);
        let resource: Option<&Value> = part.as_ref().map(|p| &*p.value);
        let key = [resource];
        if let Some(found) = self.resources.get(from_defaults, &key, account) {
            return reuse(found, &mut problems.list);
        }
        let mut own = Problems::default();
        let built = match resource {
            None => Some(Resource::new("*", None, principal_account, &[], None)),
            Some(value) => read::resource(
                &mut read::Input {
                    sources,
                    managed: self.managed,
                },
                value,
                &mut own,
            )
            .and_then(|input| {
                let (resource, diagnostics) = build::build_resource(input, principal_account);
                own.list.extend(diagnostics);
                resource
            }),
        };
        let stored = keep(built, &own.list);
        problems.list.extend(own.list);
        let out = stored.as_ref().ok().map(Arc::clone);
        self.resources.insert(from_defaults, &key, account, stored);
        out
    }
}

#[cfg(test)]
mod tests;

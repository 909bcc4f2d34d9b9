//! From the workspace's text to compiled scenarios, diagnostics and decisions.
//!
//! This is the web app's only bridge to `iamlab-core`: each policy editor's
//! text becomes its own source, lowered for its kind; principals and
//! resources become the core's `Scenario` and `Resource`. The page renders
//! the core's trace (`iamlab_core::eval::explain`) from what this module
//! compiled; it never decides anything itself.

use std::sync::Arc;

use iamlab_catalog::lint::lint_one_statement;
use iamlab_core::build::{
    self, ContextEntryInput, EndpointInput, GroupInput, OrganizationInput, PrincipalInput,
    ResourceInput, Spanned, build_endpoint, build_resource, build_scenario, resource_policy_kind,
};
use iamlab_core::context::{Context, ContextValue, ValueKind};
use iamlab_core::diagnostic::{Code, Diagnostic, Severity};
use iamlab_core::eval::{BlockPublicAccess, Endpoint, Request, Resource, Scenario, evaluate};
use iamlab_core::policy::{DocumentKind, LowerOptions, Policy, parse_policy, parse_policy_cached};
use iamlab_core::source::{SourceId, SourceMap, Span};
use iamlab_core::trace::Decision;

use super::vocabulary::{ManagedProblem, Vocabulary};
use super::workspace::{
    ContextEntryDef, ContextType, Organization, PolicyDoc, RequestDef, Workspace,
};

/// A small map as a vector of pairs, found by a linear search.
///
/// The analysis keeps a few such maps of at most a few hundred entries
/// (editors, sources, accounts); each `BTreeMap` type would add kilobytes of
/// code to the page's `.wasm` (measured with twiggy), and these add almost
/// none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmallMap<K, V> {
    pairs: Vec<(K, V)>,
}

impl<K, V> Default for SmallMap<K, V> {
    fn default() -> Self {
        SmallMap { pairs: Vec::new() }
    }
}

impl<K: PartialEq, V> SmallMap<K, V> {
    /// The value of `key`.
    pub fn get(&self, key: &K) -> Option<&V> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets the value of `key`.
    pub fn insert(&mut self, key: K, value: V) {
        match self.pairs.iter_mut().find(|(k, _)| *k == key) {
            Some((_, slot)) => *slot = value,
            None => self.pairs.push((key, value)),
        }
    }

    /// The value of `key`, made with its default when missing.
    pub fn or_default(&mut self, key: K) -> &mut V
    where
        V: Default,
    {
        let at = match self.pairs.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                self.pairs.push((key, V::default()));
                self.pairs.len() - 1
            }
        };
        &mut self.pairs[at].1
    }

    /// Every pair, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.pairs.iter().map(|(k, v)| (k, v))
    }

    /// Every value, in insertion order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.pairs.iter().map(|(_, v)| v)
    }
}

/// A diagnostic placed in an editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditorDiagnostic {
    /// Error or warning.
    pub is_error: bool,
    /// A suggestion: worth a look, not a problem (`"Action": "*"`).
    pub is_suggestion: bool,
    /// The stable code.
    pub code: &'static str,
    /// The message.
    pub message: String,
    /// The help line, if any.
    pub help: Option<String>,
    /// 1-based line in the editor's text.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Byte range in the editor's text, for marking it.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// Other places it points at in the same editor (where a missing comma
    /// belongs).
    pub labels: Vec<EditorLabel>,
}

/// A secondary place of a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditorLabel {
    /// What is there.
    pub message: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Byte range in the editor's text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

/// Everything compiled from one workspace.
#[derive(Debug, Default)]
pub struct Analysis {
    /// AWS's vocabulary as it stood: what lint and managed policies used.
    pub vocabulary: Vocabulary,
    /// Every source: one per policy editor.
    pub sources: SourceMap,
    /// The editor that owns each source.
    pub editor_of_source: SmallMap<SourceId, u32>,
    /// Diagnostics per editor id.
    pub diagnostics: SmallMap<u32, Vec<EditorDiagnostic>>,
    /// The compiled caller side of each principal, or why it failed.
    pub scenarios: Vec<Result<Arc<Scenario>, String>>,
    /// The compiled resources per caller account (a resource without an
    /// account of its own belongs to the caller's), or why they failed.
    pub resources: Vec<Result<SmallMap<String, Arc<Resource>>, String>>,
    /// The compiled VPC endpoints, or why they failed.
    pub endpoints: Vec<Result<Arc<Endpoint>, String>>,
}

/// Everything one request needs, compiled.
#[derive(Debug)]
pub struct Prepared {
    /// The caller side.
    pub scenario: Arc<Scenario>,
    /// The target.
    pub resource: Arc<Resource>,
    /// The request's own keys.
    pub context: Context,
    /// The VPC endpoint, if the request comes through one.
    pub endpoint: Option<Arc<Endpoint>>,
    /// The action, trimmed.
    pub action: String,
}

impl Prepared {
    /// The core's request.
    pub fn request(&self) -> Request<'_> {
        Request::new(
            &self.action,
            &self.resource,
            &self.context,
            self.endpoint.as_deref(),
        )
    }
}

/// The outcome of one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestOutcome {
    /// The decision.
    Decided(Decision),
    /// Why no decision could be made (an invalid policy or field).
    Invalid(String),
}

impl Analysis {
    /// Compiles every policy, principal and resource of the workspace,
    /// without AWS's vocabulary (no lint; managed policies cannot resolve).
    pub fn new(workspace: &Workspace) -> Self {
        Analysis::with_vocabulary(workspace, &Vocabulary::default())
    }

    /// Compiles the workspace, linting each policy against the catalog and
    /// resolving AWS managed policies, as far as `vocabulary` has them.
    pub fn with_vocabulary(workspace: &Workspace, vocabulary: &Vocabulary) -> Self {
        let mut analysis = Analysis {
            vocabulary: vocabulary.clone(),
            ..Analysis::default()
        };
        let shared = analysis.organization(&workspace.organization);
        for principal in &workspace.principals {
            let policies: Vec<Policy> = principal
                .policies
                .iter()
                .filter_map(|p| analysis.lower(p, DocumentKind::Identity))
                .collect();
            let groups: Vec<GroupInput> = principal
                .groups
                .iter()
                .map(|group| GroupInput {
                    name: group.name.trim().to_owned(),
                    policies: group
                        .policies
                        .iter()
                        .filter_map(|p| analysis.lower(p, DocumentKind::Identity))
                        .collect(),
                })
                .collect();
            let boundary = principal
                .boundary
                .as_ref()
                .and_then(|p| analysis.lower(p, DocumentKind::PermissionsBoundary));
            let session_policies: Vec<Policy> = principal
                .session_policies
                .iter()
                .filter_map(|p| analysis.lower(p, DocumentKind::Session))
                .collect();
            let own = principal
                .policies
                .iter()
                .chain(principal.groups.iter().flat_map(|g| g.policies.iter()))
                .chain(principal.boundary.iter())
                .chain(principal.session_policies.iter());
            let (scps, rcps, org_errors) = match &principal.organization {
                Some(own_org) => analysis.organization(own_org),
                None => shared.clone(),
            };
            let result = if analysis.has_errors(own) {
                Err(String::from("a policy of this principal has errors"))
            } else if org_errors {
                Err(String::from("an organization policy has errors"))
            } else {
                let role_arn = Some(principal.role_arn.trim()).filter(|r| !r.is_empty());
                let input = PrincipalInput {
                    arn: Spanned::new(principal.arn.trim(), Span::default()),
                    role_arn: role_arn.map(|r| Spanned::new(r, Span::default())),
                    tags: tag_pairs(&principal.tags),
                    policies,
                    groups,
                    boundary,
                    session_policies,
                    ..PrincipalInput::default()
                };
                let (scenario, diagnostics) =
                    build_scenario(input, OrganizationInput { scps, rcps });
                match (scenario, first_error(&diagnostics)) {
                    (Some(scenario), None) => Ok(Arc::new(scenario)),
                    (_, Some(message)) => Err(message),
                    (None, None) => Err(String::from("the principal could not be built")),
                }
            };
            analysis.scenarios.push(result);
        }
        let mut accounts: Vec<String> = analysis
            .scenarios
            .iter()
            .filter_map(|s| s.as_ref().ok())
            .map(|s| s.caller.account.clone().unwrap_or_default())
            .collect();
        iamlab_core::sort::sort(&mut accounts);
        accounts.dedup();
        for resource in &workspace.resources {
            let arn = resource.arn.trim();
            let policy = resource
                .policy
                .as_ref()
                .and_then(|p| analysis.lower(p, resource_policy_kind(arn)));
            let result = if resource
                .policy
                .iter()
                .any(|p| analysis.editor_has_errors(p.id))
            {
                Err(String::from("the resource policy has errors"))
            } else {
                let account = Some(resource.account.trim()).filter(|a| !a.is_empty());
                let mut by_account = SmallMap::default();
                let mut failed = None;
                for caller_account in &accounts {
                    let settings = resource.block_public_access;
                    let input = ResourceInput {
                        arn: Spanned::new(arn, Span::default()),
                        account: account.map(|a| Spanned::new(a, Span::default())),
                        tags: tag_pairs(&resource.tags),
                        policy: policy.clone(),
                        block_public_access: settings.is_any().then(|| {
                            Spanned::new(
                                BlockPublicAccess {
                                    restrict_public_buckets: settings.restrict_public_buckets,
                                    ignore_public_acls: settings.ignore_public_acls,
                                    block_public_policy: settings.block_public_policy,
                                },
                                Span::default(),
                            )
                        }),
                    };
                    let caller_account = Some(caller_account.as_str()).filter(|a| !a.is_empty());
                    let (built, diagnostics) = build_resource(input, caller_account);
                    match (built, first_error(&diagnostics)) {
                        (Some(built), None) => {
                            by_account
                                .insert(caller_account.unwrap_or("").to_owned(), Arc::new(built));
                        }
                        (_, message) => {
                            failed = Some(message.unwrap_or_else(|| {
                                String::from("the resource could not be built")
                            }));
                        }
                    }
                }
                match failed {
                    Some(message) => Err(message),
                    None => Ok(by_account),
                }
            };
            analysis.resources.push(result);
        }
        for endpoint in &workspace.endpoints {
            let policy = endpoint
                .policy
                .as_ref()
                .and_then(|p| analysis.lower(p, DocumentKind::VpcEndpoint));
            let result = if endpoint
                .policy
                .iter()
                .any(|p| analysis.editor_has_errors(p.id))
            {
                Err(String::from("the VPC endpoint policy has errors"))
            } else {
                let text = |value: &str| -> Option<Spanned<String>> {
                    Some(value.trim())
                        .filter(|v| !v.is_empty())
                        .map(|v| Spanned::new(v.to_owned(), Span::default()))
                };
                let (id, account, source_ip) = (
                    text(&endpoint.id),
                    text(&endpoint.account),
                    text(&endpoint.source_ip),
                );
                let input = EndpointInput {
                    id: Spanned::new(
                        id.as_ref().map_or("", |id| id.value.as_str()),
                        Span::default(),
                    ),
                    vpc: Some(endpoint.vpc.trim()).filter(|v| !v.is_empty()),
                    account: account
                        .as_ref()
                        .map(|a| Spanned::new(a.value.as_str(), a.span)),
                    source_ip: source_ip
                        .as_ref()
                        .map(|a| Spanned::new(a.value.as_str(), a.span)),
                    policy,
                    ..EndpointInput::default()
                };
                if id.is_none() {
                    Err(String::from("the VPC endpoint has no id"))
                } else {
                    let (built, diagnostics) = build_endpoint(input);
                    match (built, first_error(&diagnostics)) {
                        (Some(built), None) => Ok(Arc::new(built)),
                        (_, message) => Err(message
                            .unwrap_or_else(|| String::from("the endpoint could not be built"))),
                    }
                }
            };
            analysis.endpoints.push(result);
        }
        analysis
    }

    /// Lowers an organization's levels; the flag says whether any has errors.
    fn organization(&mut self, org: &Organization) -> (Vec<Vec<Policy>>, Vec<Vec<Policy>>, bool) {
        let mut levels = |enabled: bool,
                          levels: &[super::workspace::LevelDef],
                          kind: DocumentKind|
         -> Vec<Vec<Policy>> {
            // Disabled levels are still lowered, so their editors show
            // diagnostics; they just take no part in decisions.
            let lowered: Vec<Vec<Policy>> = levels
                .iter()
                .map(|level| {
                    level
                        .policies
                        .iter()
                        .filter_map(|p| self.lower(p, kind))
                        .collect()
                })
                .collect();
            if enabled { lowered } else { Vec::new() }
        };
        let scps = levels(org.scps_enabled, &org.scps, DocumentKind::Scp);
        let rcps = levels(org.rcps_enabled, &org.rcps, DocumentKind::Rcp);
        let errors = (org.scps_enabled
            && self.has_errors(org.scps.iter().flat_map(|l| l.policies.iter())))
            || (org.rcps_enabled
                && self.has_errors(org.rcps.iter().flat_map(|l| l.policies.iter())));
        (scps, rcps, errors)
    }

    fn lower(&mut self, doc: &PolicyDoc, kind: DocumentKind) -> Option<Policy> {
        if doc.is_managed() {
            return self.lower_managed(doc, kind);
        }
        let source = self.sources.add(doc.name.clone(), doc.text.clone());
        self.editor_of_source.insert(source, doc.id);
        let options = LowerOptions {
            kind,
            name: if doc.name.trim().is_empty() {
                format!("policy {}", doc.id)
            } else {
                doc.name.clone()
            },
        };
        // Only the edited policy is read and lowered again: the others are
        // taken as the previous analysis left them.
        let vocabulary = self.vocabulary.clone();
        let (policy, diagnostics) = match vocabulary.lowered(source, kind, &options.name, &doc.text)
        {
            Some(kept) => kept,
            None => {
                // Only the statements that changed are lowered again.
                let (mut statements, edited) =
                    vocabulary.take_statements(source, kind, &options.name, &doc.text);
                let lowered =
                    parse_policy_cached(&mut self.sources, source, &options, &mut statements);
                // A document given as a JSON string is read as a source
                // of its own, whose id the next analysis may give to
                // another text: such a policy is not kept.
                let embedded = self.sources.get(SourceId(source.0 + 1)).is_some();
                if !embedded {
                    vocabulary.keep_lowered(
                        source,
                        kind,
                        &options.name,
                        &doc.text,
                        (&lowered.0, &lowered.1),
                        (statements, edited),
                    );
                }
                lowered
            }
        };
        let mut placed: Vec<EditorDiagnostic> = diagnostics.iter().map(|d| self.place(d)).collect();
        if let (Some(policy), Some(catalog)) = (&policy, self.vocabulary.catalog.clone()) {
            // Only the statements that changed are linted again; the others'
            // findings come from the vocabulary's cache.
            let findings = match vocabulary.policy_findings(kind, &doc.text) {
                Some(findings) => findings
                    .into_iter()
                    .map(|mut d| {
                        d.span.source = source;
                        for label in &mut d.labels {
                            label.span.source = source;
                        }
                        d
                    })
                    .collect(),
                None => {
                    let mut findings = Vec::new();
                    for statement in &policy.statements {
                        let span = statement.span;
                        let text = doc
                            .text
                            .get(span.start as usize..span.end as usize)
                            .unwrap_or("");
                        findings.extend(vocabulary.statement_findings(
                            kind,
                            text,
                            source,
                            span.start,
                            || lint_one_statement(&catalog, kind, statement),
                        ));
                    }
                    vocabulary.keep_policy_findings(kind, &doc.text, &findings);
                    findings
                }
            };
            placed.extend(findings.iter().map(|d| self.place(d)));
            iamlab_core::sort::sort_by_key(&mut placed, |d| d.start);
        }
        self.diagnostics.or_default(doc.id).extend(placed);
        policy
    }

    /// An AWS managed policy: its document, pretty-printed, from the managed
    /// policies file. Until that file is here, the policy is an error that
    /// says it is on its way, so no decision is made without it.
    fn lower_managed(&mut self, doc: &PolicyDoc, kind: DocumentKind) -> Option<Policy> {
        let document = self.vocabulary.managed_document(&doc.arn);
        let text = match &document {
            Ok(text) => text.to_string(),
            Err(_) => String::new(),
        };
        let source = self.sources.add(doc.arn.clone(), text);
        self.editor_of_source.insert(source, doc.id);
        let problem = match document {
            Ok(_) => None,
            Err(ManagedProblem::NotYet(why)) => Some(why),
            Err(ManagedProblem::Unknown) => Some(format!(
                "`{}` is not an AWS managed policy; the picker lists the ones there are",
                doc.arn
            )),
        };
        if let Some(message) = problem {
            let placed = self.place(&Diagnostic::error(
                Code::UnknownManagedPolicy,
                Span::new(source, 0, 0),
                message,
            ));
            self.diagnostics.or_default(doc.id).push(placed);
            return None;
        }
        let options = LowerOptions {
            kind,
            name: doc.name.clone(),
        };
        let (policy, diagnostics) = parse_policy(&mut self.sources, source, &options);
        // AWS's own policies are AWS's concern: only errors count.
        let placed: Vec<EditorDiagnostic> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| self.place(d))
            .collect();
        self.diagnostics.or_default(doc.id).extend(placed);
        policy
    }

    fn place(&self, diagnostic: &Diagnostic) -> EditorDiagnostic {
        let location = self.sources.locate(diagnostic.span);
        let (start, end) = self.editor_range(diagnostic.span);
        EditorDiagnostic {
            is_error: diagnostic.severity == Severity::Error,
            is_suggestion: diagnostic.severity == Severity::Suggestion,
            code: diagnostic.code.as_str(),
            message: diagnostic.message.clone(),
            help: diagnostic.help.clone(),
            line: location.line,
            column: location.column,
            start,
            end,
            labels: diagnostic
                .labels
                .iter()
                .map(|label| {
                    let place = self.sources.locate(label.span);
                    let (start, end) = self.editor_range(label.span);
                    EditorLabel {
                        message: label.message.clone(),
                        line: place.line,
                        column: place.column,
                        start,
                        end,
                    }
                })
                .collect(),
        }
    }

    /// The editor holding a span, and its byte range in that editor's text.
    pub fn locate(&self, span: Span) -> Option<(u32, usize, usize)> {
        let mut source = span.source;
        for _ in 0..16 {
            if let Some(editor) = self.editor_of_source.get(&source) {
                let (start, end) = self.editor_range(span);
                return Some((*editor, start, end));
            }
            source = self.sources.get(source)?.parent()?.source;
        }
        None
    }

    fn editor_range(&self, span: Span) -> (usize, usize) {
        // Spans inside an embedded document are mapped back to the editor
        // through the source map; for plain documents they are editor offsets.
        match self.sources.get(span.source).and_then(|s| s.parent()) {
            None => (span.start as usize, span.end as usize),
            Some(parent) => (parent.start as usize, parent.end as usize),
        }
    }

    fn editor_has_errors(&self, id: u32) -> bool {
        self.diagnostics
            .get(&id)
            .is_some_and(|list| list.iter().any(|d| d.is_error))
    }

    fn has_errors<'a>(&self, mut docs: impl Iterator<Item = &'a PolicyDoc>) -> bool {
        docs.any(|doc| self.editor_has_errors(doc.id))
    }

    /// The resource a request targets, compiled for `caller`'s account.
    pub fn resource_for(
        &self,
        workspace: &Workspace,
        request: &RequestDef,
        caller: usize,
    ) -> Result<Arc<Resource>, String> {
        let scenario = self.scenario(caller)?;
        let account = scenario.caller.account.clone().unwrap_or_default();
        match request.resource {
            None => Ok(Arc::new(Resource::new(
                "*",
                None,
                Some(account.as_str()).filter(|a| !a.is_empty()),
                &[],
                None,
            ))),
            Some(idx) => {
                if idx >= workspace.resources.len() {
                    return Err(String::from("the request names no resource"));
                }
                let compiled = self
                    .resources
                    .get(idx)
                    .ok_or_else(|| String::from("the request names no resource"))?;
                let by_account = compiled.as_ref().map_err(Clone::clone)?;
                by_account
                    .get(&account)
                    .cloned()
                    .ok_or_else(|| String::from("the resource was not compiled"))
            }
        }
    }

    /// The caller side for principal `caller`.
    pub fn scenario(&self, caller: usize) -> Result<Arc<Scenario>, String> {
        match self.scenarios.get(caller) {
            Some(Ok(scenario)) => Ok(Arc::clone(scenario)),
            Some(Err(message)) => Err(message.clone()),
            None => Err(String::from("there is no principal to call")),
        }
    }

    /// Compiles what one request needs, or says why it cannot be decided.
    pub fn prepare(
        &self,
        workspace: &Workspace,
        request: &RequestDef,
        caller: usize,
    ) -> Result<Prepared, String> {
        let scenario = self.scenario(caller)?;
        let resource = self.resource_for(workspace, request, caller)?;
        let context = build_context(&request.context)?;
        let endpoint = match request.endpoint {
            None => None,
            Some(idx) => Some(match self.endpoints.get(idx) {
                Some(Ok(endpoint)) => Arc::clone(endpoint),
                Some(Err(message)) => return Err(message.clone()),
                None => return Err(String::from("the request names no VPC endpoint")),
            }),
        };
        let action = request.action.trim();
        if action.is_empty() {
            return Err(String::from("the request has no action yet"));
        }
        let mut context = context;
        if let Some(endpoint) = &endpoint {
            build::add_endpoint_org_keys(
                &mut context,
                endpoint,
                scenario.caller.account.as_deref(),
                &resource.account,
            );
        }
        Ok(Prepared {
            scenario,
            resource,
            context,
            endpoint,
            action: action.to_owned(),
        })
    }

    /// Decides one request (fast path).
    pub fn decide(
        &self,
        workspace: &Workspace,
        request: &RequestDef,
        caller: usize,
    ) -> RequestOutcome {
        match self.prepare(workspace, request, caller) {
            Ok(prepared) => {
                RequestOutcome::Decided(evaluate(&prepared.scenario, &prepared.request()))
            }
            Err(message) => RequestOutcome::Invalid(message),
        }
    }
}

fn tag_pairs(tags: &[super::workspace::Tag]) -> Vec<(String, String)> {
    tags.iter()
        .map(|t| (t.key.clone(), t.value.clone()))
        .collect()
}

/// Builds the core's context from the request's typed entries.
pub fn build_context(entries: &[ContextEntryDef]) -> Result<Context, String> {
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries {
        let key = entry.key.trim();
        if key.is_empty() {
            continue;
        }
        let scalar = |text: &str, kind: ValueKind| ContextValue {
            text: text.to_owned(),
            kind,
        };
        let value = entry.value.trim();
        let (values, multivalued) = match entry.kind {
            ContextType::List => (
                entry
                    .value
                    .lines()
                    .map(str::trim)
                    .filter(|line| !line.is_empty())
                    .map(|line| scalar(line, ValueKind::String))
                    .collect(),
                true,
            ),
            ContextType::Number => (vec![scalar(value, ValueKind::Number)], false),
            ContextType::Boolean => (
                vec![scalar(&value.to_ascii_lowercase(), ValueKind::Bool)],
                false,
            ),
            ContextType::String | ContextType::Date | ContextType::Ip => {
                (vec![scalar(&entry.value, ValueKind::String)], false)
            }
        };
        out.push(ContextEntryInput {
            key: Spanned::new(key.to_owned(), Span::default()),
            values,
            multivalued,
        });
    }
    build::build_context(out).map_err(|diagnostic| diagnostic.message)
}

/// The first error's message, if any.
fn first_error(diagnostics: &[Diagnostic]) -> Option<String> {
    diagnostics
        .iter()
        .find(|d| d.is_error())
        .map(|d| d.message.clone())
}

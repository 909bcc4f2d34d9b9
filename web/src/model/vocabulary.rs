//! AWS's vocabulary in the page: the action catalog and the AWS managed
//! policies, each loaded from the page's own site as a file of its own.
//!
//! Neither is in the `.wasm`: the catalog (`catalog.bin.z`, about 180 KB)
//! is fetched once after the first paint, the managed policies
//! (`managed-policies.bin.z`, about 450 KB) only when a policy is attached
//! by ARN. Both are raw DEFLATE, inflated by the browser's own
//! `DecompressionStream`. Until they arrive, or if they cannot be had, the
//! page works without what they bring: no lint, no autocomplete, and
//! managed policies wait.

use std::cell::RefCell;
use std::rc::Rc;

use iamlab_catalog::Catalog;
use iamlab_catalog::managed::ManagedPolicies;
use iamlab_core::diagnostic::Diagnostic;
use iamlab_core::policy::{DocumentKind, Policy, StatementCache};
use iamlab_core::source::{SourceId, Span};

/// The catalog file, relative to the page.
pub const CATALOG_URL: &str = "catalog.bin.z";
/// The managed policies file, relative to the page.
pub const MANAGED_URL: &str = "managed-policies.bin.z";

/// Where a file stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Load {
    /// Not asked for yet.
    #[default]
    Idle,
    /// On its way.
    Loading,
    /// Here.
    Ready,
    /// It could not be had: why.
    Failed(String),
}

/// What the page knows of AWS's vocabulary so far.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    /// The catalog, once loaded.
    pub catalog: Option<Rc<Catalog>>,
    /// How the catalog's load stands.
    pub catalog_load: Load,
    /// The AWS managed policies, once loaded.
    pub managed: Option<Rc<ManagedPolicies>>,
    /// How their load stands.
    pub managed_load: Load,
    /// Managed policies' documents, pretty-printed once each.
    pretty: Rc<RefCell<Vec<PrettyDocument>>>,
    /// Lint findings by statement text and kind, with places counted from
    /// the statement's start: a keystroke changes one statement, and every
    /// other statement's findings are taken from here (measured: linting
    /// all 300 statements of a 100 KB policy again on every keystroke was a
    /// third of the keystroke's work).
    lint_cache: Rc<RefCell<LintCache>>,
}

/// Lint findings kept between keystrokes: by whole policy (the last few
/// texts, one comparison each) and by statement.
#[derive(Debug, Default)]
struct LintCache {
    /// Whole policies' findings (places in the policy's text), newest last.
    policies: Vec<(DocumentKind, String, Vec<Diagnostic>)>,
    /// Statements' findings, places counted from the statement's start,
    /// sorted by kind and text for binary search (a sorted list rather than
    /// a map type: each map type adds kilobytes to the page's `.wasm`).
    statements: Vec<(DocumentKind, String, Vec<Diagnostic>)>,
    /// Policies lowered by earlier analyses, newest last.
    lowered: Vec<Lowered>,
}

/// One policy as an analysis lowered it: the source it had, its kind, name
/// and text, and what `parse_policy` gave. An analysis adds its sources in
/// the workspace's order, so an unchanged policy gets the same source id,
/// and its lowered form (whose places name that id) can be used again:
/// only the edited policy is read and lowered on a keystroke.
#[derive(Debug)]
struct Lowered {
    source: SourceId,
    kind: DocumentKind,
    name: String,
    text: String,
    /// The policy and diagnostics of `text`, unless it was an edit of an
    /// earlier text (see [`Vocabulary::keep_lowered`]).
    kept: Option<(Option<Policy>, Vec<Diagnostic>)>,
    /// The statements of `text`, lowered, for lowering its next version.
    statements: StatementCache,
}

/// How many lowered policies are kept (more than a workspace holds).
const LOWERED_CACHE: usize = 128;

/// How many whole policies' findings are kept.
const POLICY_CACHE: usize = 16;

/// A managed policy's ARN and its document, pretty-printed.
type PrettyDocument = (String, Rc<str>);

/// How many statements' findings are kept; past that the cache starts
/// again (a page holds far fewer statements).
const LINT_CACHE: usize = 20_000;

/// Why a managed policy's document is not at hand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ManagedProblem {
    /// The file is not here (yet): what to tell the user.
    NotYet(String),
    /// There is no such policy (the picker offers the ones there are).
    Unknown,
}

/// Whether two optional shared values are the same one (or both absent).
pub(crate) fn same<T>(a: &Option<Rc<T>>, b: &Option<Rc<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}

impl PartialEq for Vocabulary {
    fn eq(&self, other: &Self) -> bool {
        same(&self.catalog, &other.catalog)
            && same(&self.managed, &other.managed)
            && self.catalog_load == other.catalog_load
            && self.managed_load == other.managed_load
    }
}

impl Vocabulary {
    /// What an earlier analysis got lowering this text, as this source, kind
    /// and name.
    pub fn lowered(
        &self,
        source: SourceId,
        kind: DocumentKind,
        name: &str,
        text: &str,
    ) -> Option<(Option<Policy>, Vec<Diagnostic>)> {
        self.lint_cache
            .borrow()
            .lowered
            .iter()
            .rev()
            .find(|l| l.source == source && l.kind == kind && l.name == name && l.text == text)
            .and_then(|l| l.kept.clone())
    }

    /// The statements lowered from the text this source, kind and name had
    /// last, to lower its new text with (see [`StatementCache`]), and whether
    /// `text` is an edit of that text.
    pub fn take_statements(
        &self,
        source: SourceId,
        kind: DocumentKind,
        name: &str,
        text: &str,
    ) -> (StatementCache, bool) {
        self.lint_cache
            .borrow_mut()
            .lowered
            .iter_mut()
            .rev()
            .find(|l| l.source == source && l.kind == kind && l.name == name)
            .map(|l| (core::mem::take(&mut l.statements), l.text != text))
            .unwrap_or_default()
    }

    /// Keeps what lowering a policy gave: its statements always, and the
    /// policy itself unless `edited` (both as [`Vocabulary::take_statements`]
    /// gave them, the statements now those of `text`). A policy being typed
    /// into is lowered again at the next keystroke anyway, and copying a
    /// 100 KB policy into the cache, then dropping the copy, was a measured
    /// part of each keystroke; the first analysis after the typing stops
    /// lowers it once more (from its kept statements) and keeps it.
    pub fn keep_lowered(
        &self,
        source: SourceId,
        kind: DocumentKind,
        name: &str,
        text: &str,
        (policy, diagnostics): (&Option<Policy>, &[Diagnostic]),
        (statements, edited): (StatementCache, bool),
    ) {
        let mut cache = self.lint_cache.borrow_mut();
        cache
            .lowered
            .retain(|l| !(l.source == source && l.kind == kind && l.name == name));
        if cache.lowered.len() >= LOWERED_CACHE {
            cache.lowered.remove(0);
        }
        cache.lowered.push(Lowered {
            source,
            kind,
            name: name.to_owned(),
            text: text.to_owned(),
            kept: (!edited).then(|| (policy.clone(), diagnostics.to_vec())),
            statements,
        });
    }

    /// The findings of a whole policy of this kind and text, when kept.
    pub fn policy_findings(&self, kind: DocumentKind, text: &str) -> Option<Vec<Diagnostic>> {
        self.lint_cache
            .borrow()
            .policies
            .iter()
            .rev()
            .find(|(k, t, _)| *k == kind && t == text)
            .map(|(_, _, findings)| findings.clone())
    }

    /// Keeps the findings of a whole policy.
    pub fn keep_policy_findings(&self, kind: DocumentKind, text: &str, findings: &[Diagnostic]) {
        let mut cache = self.lint_cache.borrow_mut();
        if cache.policies.len() >= POLICY_CACHE {
            cache.policies.remove(0);
        }
        cache
            .policies
            .push((kind, text.to_owned(), findings.to_vec()));
    }

    /// The findings of one statement of a policy of this kind, whose text
    /// `text` starts at byte `offset` of `source`: from the cache, or
    /// computed by `lint` (findings placed in `source`) and kept.
    pub fn statement_findings(
        &self,
        kind: DocumentKind,
        text: &str,
        source: SourceId,
        offset: u32,
        lint: impl FnOnce() -> Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let search = |cache: &LintCache| {
            cache
                .statements
                .binary_search_by(|(k, t, _)| (*k as u8, t.as_str()).cmp(&(kind as u8, text)))
        };
        if let Ok(at) = search(&self.lint_cache.borrow())
            && let Some((_, _, found)) = self.lint_cache.borrow().statements.get(at)
        {
            return found
                .iter()
                .map(|d| moved(d, source, |at| at.saturating_add(offset)))
                .collect();
        }
        let findings = lint();
        let mut cache = self.lint_cache.borrow_mut();
        if cache.statements.len() >= LINT_CACHE {
            cache.statements.clear();
        }
        let relative = findings
            .iter()
            .map(|d| moved(d, source, |at| at.saturating_sub(offset)))
            .collect();
        if let Err(at) = search(&cache) {
            cache
                .statements
                .insert(at, (kind, text.to_owned(), relative));
        }
        findings
    }

    /// The document of the AWS managed policy `arn`, pretty-printed (so that
    /// the card shows it readably, and highlights land on what it shows).
    pub fn managed_document(&self, arn: &str) -> Result<Rc<str>, ManagedProblem> {
        let Some(managed) = &self.managed else {
            return Err(ManagedProblem::NotYet(match &self.managed_load {
                Load::Failed(why) => format!("the AWS managed policies could not be loaded: {why}"),
                _ => String::from("the AWS managed policies are loading"),
            }));
        };
        if let Some((_, found)) = self.pretty.borrow().iter().find(|(known, _)| known == arn) {
            return Ok(Rc::clone(found));
        }
        let Some(minified) = managed.document(arn) else {
            return Err(ManagedProblem::Unknown);
        };
        let (value, _) =
            iamlab_core::json::parse(minified, SourceId(0), iamlab_core::json::Limits::default());
        let pretty: Rc<str> = match value {
            Some(value) => Rc::from(iamlab_core::json::to_string_pretty(&value) + "\n"),
            None => Rc::from(minified),
        };
        self.pretty
            .borrow_mut()
            .push((arn.to_owned(), Rc::clone(&pretty)));
        Ok(pretty)
    }

    /// What the catalog says about its data, for the page's footer.
    pub fn data_note(&self) -> String {
        match (&self.catalog, &self.catalog_load) {
            (Some(catalog), _) => format!("AWS actions as of {}", catalog.data_date()),
            (None, Load::Failed(why)) => format!("AWS's action catalog could not be loaded: {why}"),
            (None, _) => String::from("Loading AWS's action catalog…"),
        }
    }
}

/// Decodes the catalog file's inflated bytes.
pub fn read_catalog(payload: &[u8]) -> Result<Catalog, String> {
    Catalog::read(payload).map_err(|error| error.to_string())
}

/// Decodes the managed policies file's inflated bytes.
pub fn read_managed(payload: Vec<u8>) -> Result<ManagedPolicies, String> {
    ManagedPolicies::read(payload)
        .ok_or_else(|| String::from("the AWS managed policies file is damaged"))
}

/// A diagnostic with every place moved by `shift`, in `source`.
fn moved(diagnostic: &Diagnostic, source: SourceId, shift: impl Fn(u32) -> u32) -> Diagnostic {
    let span = |span: Span| Span {
        source,
        start: shift(span.start),
        end: shift(span.end),
    };
    let mut out = diagnostic.clone();
    out.span = span(out.span);
    for label in &mut out.labels {
        label.span = span(label.span);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use iamlab_core::policy::{LowerOptions, parse_policy_cached};
    use iamlab_core::source::SourceMap;

    /// Lowers `text` as the page does (see `Analysis::lower`): from the kept
    /// policy, else from the kept statements, keeping what it gives.
    fn lower(vocabulary: &Vocabulary, text: &str) -> (Option<Policy>, bool) {
        let mut sources = SourceMap::new();
        let source = sources.add("p", text);
        let kind = DocumentKind::Identity;
        if let Some((policy, _)) = vocabulary.lowered(source, kind, "p", text) {
            return (policy, true);
        }
        let mut taken = vocabulary.take_statements(source, kind, "p", text);
        let options = LowerOptions {
            kind,
            name: String::from("p"),
        };
        let lowered = parse_policy_cached(&mut sources, source, &options, &mut taken.0);
        vocabulary.keep_lowered(source, kind, "p", text, (&lowered.0, &lowered.1), taken);
        (lowered.0, false)
    }

    fn document(action: &str) -> String {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [
                {{"Effect": "Allow", "Action": "{action}", "Resource": "*"}},
                {{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}}
            ]}}"#
        )
    }

    #[test]
    fn an_edited_policy_is_not_copied_into_the_cache_until_its_text_stays() {
        let vocabulary = Vocabulary::default();
        let (first, kept) = lower(&vocabulary, &document("s3:GetObject"));
        assert!(!kept && first.is_some(), "a new text is lowered");
        let (again, kept) = lower(&vocabulary, &document("s3:GetObject"));
        assert!(
            kept,
            "an unchanged text that was not an edit is taken whole"
        );
        assert_eq!(again.map(|p| p.statements.len()), Some(2));

        let (edited, kept) = lower(&vocabulary, &document("s3:GetObjec"));
        assert!(!kept && edited.is_some(), "an edit is lowered");
        let (same, kept) = lower(&vocabulary, &document("s3:GetObjec"));
        assert!(
            !kept,
            "an edit's policy was not kept, so it is lowered again"
        );
        let same = same.expect("the policy lowers");
        assert_eq!(same.statements.len(), 2);
        assert_eq!(
            same.statements.first().map(|s| s.action.patterns.len()),
            Some(1)
        );
        let (third, kept) = lower(&vocabulary, &document("s3:GetObjec"));
        assert!(kept, "once the text stays, its policy is kept");
        assert_eq!(third.map(|p| p.statements.len()), Some(2));
    }
}

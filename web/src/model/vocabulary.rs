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
use iamlab_core::policy::DocumentKind;

use super::analysis::EditorDiagnostic;

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
    /// Lint findings by policy text and kind: a keystroke changes one
    /// editor, and the other editors' findings are taken from here.
    lint_cache: Rc<RefCell<Vec<LintEntry>>>,
}

/// A managed policy's ARN and its document, pretty-printed.
type PrettyDocument = (String, Rc<str>);

/// One policy's findings, placed in its editor's text.
#[derive(Debug)]
struct LintEntry {
    kind: DocumentKind,
    text: String,
    findings: Vec<EditorDiagnostic>,
}

/// How many policies' findings are kept.
const LINT_CACHE: usize = 256;

/// Why a managed policy's document is not at hand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ManagedProblem {
    /// The file is not here (yet): what to tell the user.
    NotYet(String),
    /// There is no such policy (the picker offers the ones there are).
    Unknown,
}

impl PartialEq for Vocabulary {
    fn eq(&self, other: &Self) -> bool {
        fn same<T>(a: &Option<Rc<T>>, b: &Option<Rc<T>>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
        }
        same(&self.catalog, &other.catalog)
            && same(&self.managed, &other.managed)
            && self.catalog_load == other.catalog_load
            && self.managed_load == other.managed_load
    }
}

impl Vocabulary {
    /// The findings of a policy of this kind and text, from the cache or
    /// computed by `lint` (and kept).
    pub fn lint_findings(
        &self,
        kind: DocumentKind,
        text: &str,
        lint: impl FnOnce() -> Vec<EditorDiagnostic>,
    ) -> Vec<EditorDiagnostic> {
        if let Some(entry) = self
            .lint_cache
            .borrow()
            .iter()
            .find(|entry| entry.kind == kind && entry.text == text)
        {
            return entry.findings.clone();
        }
        let findings = lint();
        let mut cache = self.lint_cache.borrow_mut();
        if cache.len() >= LINT_CACHE {
            cache.remove(0);
        }
        cache.push(LintEntry {
            kind,
            text: text.to_owned(),
            findings: findings.clone(),
        });
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
        let (value, _) = iamlab_core::json::parse(
            minified,
            iamlab_core::source::SourceId(0),
            iamlab_core::json::Limits::default(),
        );
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

//! `lint` for the npm package: the same findings as `iamlab lint`, through
//! the catalog crate's one implementation.

use iamlab_catalog::Catalog;
use iamlab_core::case::LoadOptions;
use iamlab_core::diagnostic::Diagnostic;
use iamlab_core::policy::DocumentKind;
use iamlab_core::source::{SourceId, SourceMap};

/// The policy type of a `kind` name.
pub(crate) fn kind(name: &str) -> Option<DocumentKind> {
    iamlab_catalog::lint::kind_named(name)
}

/// Every finding of one source. AWS managed policies by ARN are not
/// available in the package, so a case that names one reports it as an
/// error, located at the ARN.
pub(crate) fn lint_source(
    catalog: &Catalog,
    sources: &mut SourceMap,
    source: SourceId,
    kind: Option<DocumentKind>,
) -> Vec<Diagnostic> {
    iamlab_catalog::lint::lint_source(catalog, sources, source, kind, LoadOptions::default())
}

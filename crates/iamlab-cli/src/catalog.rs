//! The embedded catalog and AWS managed policies, decoded on first use.
//!
//! Inflating the managed policies takes a few milliseconds, so it happens
//! only when a case names one by ARN.

use std::sync::OnceLock;

use iamlab_catalog::Catalog;
use iamlab_catalog::managed::ManagedPolicies;
use iamlab_core::build::ManagedPolicySource;
use iamlab_core::case::LoadOptions;

/// The catalog of services, actions and condition keys.
pub(crate) fn catalog() -> Option<&'static Catalog> {
    static CATALOG: OnceLock<Option<Catalog>> = OnceLock::new();
    CATALOG
        .get_or_init(|| Catalog::read_compressed(iamlab_catalog::CATALOG_FILE).ok())
        .as_ref()
}

/// The AWS managed policies, inflated when first asked for.
pub(crate) struct LazyManaged {
    policies: OnceLock<Option<ManagedPolicies>>,
}

impl LazyManaged {
    fn get(&self) -> Option<&ManagedPolicies> {
        self.policies
            .get_or_init(|| ManagedPolicies::read_compressed(iamlab_catalog::MANAGED_FILE))
            .as_ref()
    }
}

impl ManagedPolicySource for LazyManaged {
    fn document(&self, arn: &str) -> Option<&str> {
        self.get()?.document(arn)
    }

    fn closest(&self, arn: &str) -> Option<String> {
        self.get()?.closest(arn)
    }

    fn describe(&self) -> String {
        self.get().map_or_else(
            || String::from("no AWS managed policies (the embedded data is damaged)"),
            ManagedPolicySource::describe,
        )
    }
}

static MANAGED: LazyManaged = LazyManaged {
    policies: OnceLock::new(),
};

/// How the commands load case files: with the embedded managed policies.
pub(crate) fn load_options() -> LoadOptions<'static> {
    LoadOptions {
        managed: Some(&MANAGED),
    }
}

//! The page's copy of AWS's vocabulary: a small reducer of its own, the
//! context the components read, and the hooks that fetch the two files.
//!
//! The catalog is fetched once, after the first paint; the AWS managed
//! policies when the workspace first needs them (a policy attached by ARN,
//! or the picker opened). Each arrives as raw DEFLATE from the page's own
//! site and is inflated by the browser. A failed load is reported in the
//! footer and leaves the rest of the page working.

use std::rc::Rc;

use yew::{Reducible, UseReducerDispatcher, hook, use_context, use_effect_with};

use crate::dom;
use crate::model::vocabulary::{
    CATALOG_URL, Load, MANAGED_URL, Vocabulary, read_catalog, read_managed,
};

/// What happens to the vocabulary.
#[derive(Debug)]
pub(crate) enum VocabularyAction {
    /// The catalog arrived, or could not be had.
    Catalog(Result<Rc<iamlab_catalog::Catalog>, String>),
    /// Something needs the managed policies: start loading them (once).
    WantManaged,
    /// The managed policies arrived, or could not be had.
    Managed(Result<Rc<iamlab_catalog::managed::ManagedPolicies>, String>),
}

/// The vocabulary behind an `Rc`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct VocabularyStore {
    /// The current vocabulary.
    pub(crate) vocabulary: Rc<Vocabulary>,
}

impl Reducible for VocabularyStore {
    type Action = VocabularyAction;

    fn reduce(self: Rc<Self>, action: VocabularyAction) -> Rc<Self> {
        let mut next = (*self.vocabulary).clone();
        match action {
            VocabularyAction::Catalog(Ok(catalog)) => {
                next.catalog = Some(catalog);
                next.catalog_load = Load::Ready;
            }
            VocabularyAction::Catalog(Err(why)) => next.catalog_load = Load::Failed(why),
            VocabularyAction::WantManaged => {
                if next.managed_load != Load::Idle {
                    return self;
                }
                next.managed_load = Load::Loading;
            }
            VocabularyAction::Managed(Ok(managed)) => {
                next.managed = Some(managed);
                next.managed_load = Load::Ready;
            }
            VocabularyAction::Managed(Err(why)) => next.managed_load = Load::Failed(why),
        }
        Rc::new(VocabularyStore {
            vocabulary: Rc::new(next),
        })
    }
}

/// What components read: the vocabulary, and a way to ask for more of it.
#[derive(Clone, Debug)]
pub(crate) struct VocabularyContext {
    /// The vocabulary as it stands.
    pub(crate) vocabulary: Rc<Vocabulary>,
    /// Sends vocabulary actions.
    pub(crate) dispatch: UseReducerDispatcher<VocabularyStore>,
}

impl PartialEq for VocabularyContext {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.vocabulary, &other.vocabulary)
    }
}

impl VocabularyContext {
    /// Asks for the AWS managed policies (the first ask starts the load).
    pub(crate) fn want_managed(&self) {
        self.dispatch.dispatch(VocabularyAction::WantManaged);
    }
}

/// The vocabulary, for a component under the app.
#[hook]
pub(crate) fn use_vocabulary() -> VocabularyContext {
    use_context::<VocabularyContext>()
        .expect("components that read the vocabulary render under the app's provider")
}

/// Fetches and inflates one of the files (one function for both, so the
/// page carries one copy of its async code).
async fn fetch_inflated(url: &'static str) -> Result<Vec<u8>, String> {
    let compressed = dom::fetch_bytes(url).await?;
    dom::inflate_raw(&compressed)
        .await
        .ok_or_else(|| format!("`{url}` is damaged"))
}

/// Loads the catalog once, after the first paint.
#[hook]
pub(crate) fn use_catalog_loader(dispatch: UseReducerDispatcher<VocabularyStore>) {
    use_effect_with((), move |()| {
        wasm_bindgen_futures::spawn_local(async move {
            // Let the page paint first: the catalog is for later keystrokes.
            dom::first_paint().await;
            let loaded = fetch_inflated(CATALOG_URL)
                .await
                .and_then(|payload| read_catalog(&payload).map(Rc::new));
            dispatch.dispatch(VocabularyAction::Catalog(loaded));
        });
    });
}

/// Loads the managed policies when they are wanted: when `needed` (the
/// workspace attaches one) or once something asked.
#[hook]
pub(crate) fn use_managed_loader(
    needed: bool,
    load_state: Load,
    dispatch: UseReducerDispatcher<VocabularyStore>,
) {
    {
        let dispatch = dispatch.clone();
        use_effect_with(needed, move |needed| {
            if *needed {
                dispatch.dispatch(VocabularyAction::WantManaged);
            }
        });
    }
    use_effect_with(load_state == Load::Loading, move |loading| {
        if *loading {
            wasm_bindgen_futures::spawn_local(async move {
                let loaded = fetch_inflated(MANAGED_URL)
                    .await
                    .and_then(|payload| read_managed(payload).map(Rc::new));
                dispatch.dispatch(VocabularyAction::Managed(loaded));
            });
        }
    });
}

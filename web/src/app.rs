//! The root component: it owns the store, compiles the workspace once per
//! change, provides both to the page, and lays out the three panes.

use std::rc::Rc;

use yew::{ContextProvider, Html, UseReducerHandle, component, hook, html, use_memo, use_reducer};

use crate::caller::caller_pane::CallerPane;
use crate::decide::decision_panel::DecisionPanel;
use crate::decide::request_pane::RequestPane;
use crate::decide::tests_panel::TestsPanel;
use crate::model::analysis::Analysis;
use crate::model::vocabulary::{Load, Vocabulary};
use crate::page::gallery::Gallery;
use crate::page::notice_bar::NoticeBar;
use crate::page::site_header::SiteHeader;
use crate::page::workspace_intro::WorkspaceIntro;
use crate::policies::policies_pane::PoliciesPane;
use crate::store::{self, AppContext, Dispatch, Store, WorkspaceKey};
use crate::vocab_store::{
    VocabularyContext, VocabularyStore, use_catalog_loader, use_managed_loader,
};

/// The memo key of the vocabulary: the same `Rc`, the same vocabulary.
#[derive(Debug)]
struct VocabularyKey(Rc<Vocabulary>);

impl PartialEq for VocabularyKey {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The catalog's load state, for end-to-end tests to wait on.
pub(crate) fn load_word(load: &Load) -> &'static str {
    match load {
        Load::Idle => "idle",
        Load::Loading => "loading",
        Load::Ready => "ready",
        Load::Failed(_) => "failed",
    }
}

/// What both pages hold: the store, what the page knows of AWS's
/// vocabulary, and the one analysis of the workspace, with the contexts
/// that hand them to the components.
pub(crate) struct PageStores {
    /// The store.
    pub(crate) store: UseReducerHandle<Store>,
    /// The vocabulary (for the footer's data note).
    pub(crate) vocabulary: Rc<Vocabulary>,
    /// The vocabulary's context.
    pub(crate) vocabulary_context: VocabularyContext,
    /// The state and its analysis.
    pub(crate) context: AppContext,
}

/// The stores of a page whose first state `initial` makes; the catalog is
/// fetched after the first paint, and the managed policies when needed.
#[hook]
pub(crate) fn use_page_stores(initial: fn() -> Store) -> PageStores {
    let store = use_reducer(initial);
    let vocabulary_store = use_reducer(VocabularyStore::default);
    let vocabulary = Rc::clone(&vocabulary_store.vocabulary);
    let state = Rc::clone(&store.state);
    // INVARIANT (one-analysis-per-workspace): the workspace is compiled once
    // per change (of it, or of what the page knows of AWS's vocabulary), and
    // every pane reads that one analysis.
    let analysis: Rc<Analysis> = use_memo(
        (
            WorkspaceKey(Rc::clone(&state)),
            VocabularyKey(Rc::clone(&vocabulary)),
        ),
        |(key, vocabulary)| Analysis::with_vocabulary(&key.0.workspace, &vocabulary.0),
    );
    use_catalog_loader(vocabulary_store.dispatcher());
    use_managed_loader(
        state.workspace.has_managed_policies(),
        vocabulary.managed_load.clone(),
        vocabulary_store.dispatcher(),
    );
    let vocabulary_context = VocabularyContext {
        vocabulary: Rc::clone(&vocabulary),
        dispatch: vocabulary_store.dispatcher(),
    };
    let context = AppContext {
        state,
        analysis,
        dispatch: store.dispatcher(),
    };
    PageStores {
        store,
        vocabulary,
        vocabulary_context,
        context,
    }
}

/// The whole page.
#[component]
pub fn App() -> Html {
    let PageStores {
        store,
        vocabulary,
        vocabulary_context,
        context,
    } = use_page_stores(store::initial_state);
    let state = Rc::clone(&context.state);
    store::use_persistence(Rc::clone(&state), store.dispatcher());
    store::use_link_listener(store.dispatcher());
    store::use_focus_requests(Rc::clone(&state));
    store::use_first_example(state.awaits_first_example, store.dispatcher());
    store::use_link_opener(state.opening_link.clone(), store.dispatcher());
    let gallery_open = state.gallery_open;
    // Whether the start-up work that fetches (the first example, a share
    // link) is done: end-to-end tests wait for it.
    let is_ready = !state.awaits_first_example && state.opening_link.is_none();
    html! {
        <ContextProvider<Dispatch> context={store.dispatcher()}>
          <ContextProvider<VocabularyContext> context={vocabulary_context}>
            <ContextProvider<AppContext> context={context}>
                <div class="page" data-ready={is_ready.to_string()}>
                    <SiteHeader />
                    <NoticeBar />
                    <WorkspaceIntro />
                    <main class="panes">
                        <CallerPane />
                        <PoliciesPane />
                        <section class="pane pane-decide" aria-labelledby="request-heading">
                            <RequestPane />
                            <DecisionPanel />
                            <TestsPanel />
                        </section>
                    </main>
                    <footer class="site-footer">
                        <p>
                            { "Everything runs in this page: nothing you type is uploaded. \
                               iamlab models AWS's documented evaluation logic; it is not affiliated with Amazon Web Services." }
                        </p>
                        <p class="data-note" data-testid="data-note" data-state={load_word(&vocabulary.catalog_load)}>
                            { vocabulary.data_note() }
                        </p>
                    </footer>
                    if gallery_open {
                        <Gallery />
                    }
                </div>
            </ContextProvider<AppContext>>
          </ContextProvider<VocabularyContext>>
        </ContextProvider<Dispatch>>
    }
}

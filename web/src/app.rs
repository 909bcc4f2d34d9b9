//! The root component: it owns the store, compiles the workspace once per
//! change, provides both to the page, and lays out the three panes.

use std::rc::Rc;

use yew::{ContextProvider, Html, component, html, use_memo, use_reducer};

use crate::caller::caller_pane::CallerPane;
use crate::decide::decision_panel::DecisionPanel;
use crate::decide::request_pane::RequestPane;
use crate::decide::tests_panel::TestsPanel;
use crate::model::analysis::Analysis;
use crate::page::gallery::Gallery;
use crate::page::notice_bar::NoticeBar;
use crate::page::site_header::SiteHeader;
use crate::page::workspace_intro::WorkspaceIntro;
use crate::policies::policies_pane::PoliciesPane;
use crate::store::{self, AppContext, Dispatch, WorkspaceKey};

/// The whole page.
#[component]
pub fn App() -> Html {
    let store = use_reducer(store::initial_state);
    let state = Rc::clone(&store.state);
    // INVARIANT (one-analysis-per-workspace): the workspace is compiled once
    // per change, and every pane reads that one analysis.
    let analysis: Rc<Analysis> = use_memo(WorkspaceKey(Rc::clone(&state)), |key| {
        Analysis::new(&key.0.workspace)
    });
    store::use_persistence(Rc::clone(&state), store.dispatcher());
    store::use_link_listener(store.dispatcher());
    store::use_focus_requests(Rc::clone(&state));
    store::use_first_example(state.awaits_first_example, store.dispatcher());
    store::use_link_opener(state.opening_link.clone(), store.dispatcher());
    let gallery_open = state.gallery_open;
    // Whether the start-up work that fetches (the first example, a share
    // link) is done: end-to-end tests wait for it.
    let is_ready = !state.awaits_first_example && state.opening_link.is_none();
    let context = AppContext {
        state,
        analysis,
        dispatch: store.dispatcher(),
    };
    html! {
        <ContextProvider<Dispatch> context={store.dispatcher()}>
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
                    </footer>
                    if gallery_open {
                        <Gallery />
                    }
                </div>
            </ContextProvider<AppContext>>
        </ContextProvider<Dispatch>>
    }
}

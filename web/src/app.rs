//! The root component: it owns the store, compiles the workspace once per
//! change, provides both to the page, and lays out the three panes.

use std::rc::Rc;

use yew::{ContextProvider, Html, component, html, use_memo, use_reducer};

use crate::caller_pane::CallerPane;
use crate::decision_panel::DecisionPanel;
use crate::gallery::Gallery;
use crate::model::analysis::Analysis;
use crate::notice_bar::NoticeBar;
use crate::policies_pane::PoliciesPane;
use crate::request_pane::RequestPane;
use crate::site_header::SiteHeader;
use crate::store::{self, AppContext, Dispatch, WorkspaceKey};
use crate::tests_panel::TestsPanel;
use crate::workspace_intro::WorkspaceIntro;

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
    let gallery_open = state.gallery_open;
    let context = AppContext {
        state,
        analysis,
        dispatch: store.dispatcher(),
    };
    html! {
        <ContextProvider<Dispatch> context={store.dispatcher()}>
            <ContextProvider<AppContext> context={context}>
                <div class="page">
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

//! The exercise page (`exercise.html`): classroom exercises and teacher
//! mode, in a wasm module of their own so that the main page's stays within
//! its size budget.
//!
//! It is the same store, analysis and right-hand pane as the main page
//! ([`crate::App`]); in place of the caller and policies panes it shows the
//! exercise panel, teacher mode, or the list of exercises. Its address says
//! what to open: `#exercise=<base64url>` (an exercise file), `#open=FILE`
//! (one of `exercises/`), `#teacher` (teacher mode on the workspace the
//! main page saved) or `#list`; with none, the exercise in progress comes
//! back.

use std::rc::Rc;

use yew::{ContextProvider, Html, component, html};

use crate::app::{PageStores, load_word, use_page_stores};
use crate::decide::decision_panel::DecisionPanel;
use crate::decide::request_pane::RequestPane;
use crate::decide::tests_panel::TestsPanel;
use crate::exercise_store;
use crate::exercises::exercise_cards;
use crate::model::exercise::Session;
use crate::page::exercise_panel::ExercisePanel;
use crate::page::notice_bar::NoticeBar;
use crate::page::teacher_panel::TeacherPanel;
use crate::store::{self, AppContext, Dispatch};
use crate::vocab_store::VocabularyContext;

/// The exercise page.
#[component]
pub fn ExerciseApp() -> Html {
    let PageStores {
        store,
        vocabulary,
        vocabulary_context,
        context,
    } = use_page_stores(exercise_store::exercise_initial_state);
    let state = Rc::clone(&context.state);
    exercise_store::use_exercise_persistence(Rc::clone(&state));
    exercise_store::use_exercise_links(store.dispatcher());
    store::use_focus_requests(Rc::clone(&state));
    // In a predict-first exercise a decision shows only once predicted.
    let predicting = state.session().is_some_and(Session::is_predict_first);
    let decision_shown = !predicting || {
        let workspace = &state.workspace;
        workspace.tests.iter().any(|t| {
            t.caller == workspace.caller
                && t.request == workspace.request
                && state
                    .session()
                    .is_some_and(|e| e.prediction(&t.name).is_some())
        })
    };
    let body = if state.exercise.is_some() {
        html! {
            <main class="panes is-exercise">
                <ExercisePanel />
                <section class="pane pane-decide" aria-labelledby="request-heading">
                    <RequestPane />
                    if decision_shown {
                        <DecisionPanel />
                    } else {
                        <p class="predict-wait" data-testid="predict-wait">
                            { "Predict the decision of each case first: its explanation appears here once you have (Show why)." }
                        </p>
                    }
                    if !predicting {
                        <TestsPanel />
                    }
                </section>
            </main>
        }
    } else if state.teacher_open {
        html! { <main class="teacher-page"><TeacherPanel /></main> }
    } else {
        html! {
            <main class="exercise-list" data-testid="exercise-list">
                <h2>{ "Exercises" }</h2>
                <p class="hint">{ "Each exercise is a task with tests, some of them hidden: edit the policies until Check my answer gives full marks, then Hand in. Your progress stays in this browser." }</p>
                <ul class="example-grid" data-testid="exercise-grid">{ exercise_cards() }</ul>
            </main>
        }
    };
    html! {
        <ContextProvider<Dispatch> context={store.dispatcher()}>
          <ContextProvider<VocabularyContext> context={vocabulary_context}>
            <ContextProvider<AppContext> context={context}>
                <div class="page exercise-page" data-ready="true">
                    <header class="site-header">
                        <div class="brand">
                            <h1 class="site-title">{ "iamlab" }</h1>
                            <p class="tagline">{ "Exercises: AWS IAM, checked as you type" }</p>
                        </div>
                        <nav class="toolbar" aria-label="Exercises">
                            <a class="button" href="./" data-testid="back-to-workspace">{ "Your workspace" }</a>
                            <a class="button" href="exercise.html#list" data-testid="all-exercises">{ "All exercises" }</a>
                            <a class="button" href="exercise.html#teacher" data-testid="teacher-button">{ "Teacher mode" }</a>
                        </nav>
                    </header>
                    <NoticeBar />
                    { body }
                    <footer class="site-footer">
                        <p>{ "Everything runs in this page: nothing you type is uploaded. A teacher grades handed-in files with iamlab grade." }</p>
                        <p class="data-note" data-testid="data-note" data-state={load_word(&vocabulary.catalog_load)}>
                            { vocabulary.data_note() }
                        </p>
                    </footer>
                </div>
            </ContextProvider<AppContext>>
          </ContextProvider<VocabularyContext>>
        </ContextProvider<Dispatch>>
    }
}

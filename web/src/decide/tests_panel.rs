//! The tests panel: every saved request run live against the workspace,
//! with pass or fail, and the case-file import and export.
//!
//! Tests take the evaluator's fast path (`evaluate`, no trace); only the
//! current request above is explained.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::{Callback, Event, Html, InputEvent, TargetCast, component, html, use_memo, use_state};

use crate::caller::principal_card::short_name;
use crate::decide::test_row::{EXPECTATIONS, TestRow};
use crate::model::analysis::{Analysis, RequestOutcome};
use crate::model::checks::{TestResult, run_tests};
use crate::model::state::{Action, State};
use crate::model::workspace::{TestDef, Workspace};
use crate::store::use_app;

/// The memo key of the results: a new analysis means a new workspace.
struct ResultsKey {
    analysis: Rc<Analysis>,
    state: Rc<State>,
}

impl PartialEq for ResultsKey {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis)
    }
}

/// For each test, what sets it apart from the others: the context values,
/// the endpoint and the caller that not every test shares (the resource and
/// the action are shown anyway).
fn distinguishing(workspace: &Workspace) -> Vec<Vec<String>> {
    let describe = |test: &TestDef| -> Vec<String> {
        let mut parts: Vec<String> = test
            .request
            .context
            .iter()
            .filter(|e| !e.key.trim().is_empty())
            .map(|e| format!("{}={}", e.key.trim(), e.value.trim().replace('\n', ",")))
            .collect();
        if let Some(endpoint) = test
            .request
            .endpoint
            .and_then(|idx| workspace.endpoints.get(idx))
        {
            parts.push(format!("via {}", endpoint.id.trim()));
        }
        parts
    };
    let all: Vec<Vec<String>> = workspace.tests.iter().map(describe).collect();
    all.iter()
        .map(|parts| {
            parts
                .iter()
                .filter(|part| !all.iter().all(|other| other.contains(part)))
                .cloned()
                .collect()
        })
        .collect()
}

/// The tests and their results.
#[component]
pub(crate) fn TestsPanel() -> Html {
    let app = use_app();
    let name = use_state(String::new);
    let expect = use_state(|| None::<String>);
    let results: Rc<Vec<TestResult>> = use_memo(
        ResultsKey {
            analysis: Rc::clone(&app.analysis),
            state: Rc::clone(&app.state),
        },
        |key| run_tests(&key.state.workspace, &key.analysis),
    );
    let workspace = &app.state.workspace;
    let current = app
        .analysis
        .decide(workspace, &workspace.request, workspace.caller);
    let current_name = match &current {
        RequestOutcome::Decided(decision) => decision.as_str(),
        RequestOutcome::Invalid(_) => "error",
    };
    let chosen_expect = (*expect).clone().unwrap_or_else(|| current_name.to_owned());

    let on_name = {
        let name = name.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            name.set(input.value());
        })
    };
    let on_expect = {
        let expect = expect.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            expect.set(Some(select.value()));
        })
    };
    let default_name = format!(
        "{} {}",
        workspace
            .principals
            .get(workspace.caller)
            .map_or("", |p| short_name(&p.arn)),
        workspace.request.action.trim()
    );
    let on_save = {
        let app = app.clone();
        let name = name.clone();
        let chosen = chosen_expect.clone();
        let default_name = default_name.clone();
        Callback::from(move |_| {
            let test_name = if name.trim().is_empty() {
                default_name.clone()
            } else {
                name.trim().to_owned()
            };
            app.send(Action::SaveTest {
                name: test_name,
                expect: chosen.clone(),
            });
            name.set(String::new());
            expect.set(None);
        })
    };
    let differences = distinguishing(workspace);

    let passed = results.iter().filter(|r| r.pass).count();
    let total = results.len();
    let rows = workspace.tests.iter().zip(results.iter()).enumerate().map(|(index, (test, result))| {
        let resource = test
            .request
            .resource
            .and_then(|idx| workspace.resources.get(idx))
            .map_or_else(|| String::from("*"), |r| short_name(&r.arn).to_owned());
        let error = match &result.outcome {
            RequestOutcome::Invalid(message) => Some(message.clone()),
            RequestOutcome::Decided(_) => None,
        };
        html! {
            <TestRow
                key={index}
                index={index}
                name={test.name.clone()}
                caller={workspace.principals.get(test.caller).map_or("?", |p| short_name(&p.arn)).to_owned()}
                action={test.request.action.clone()}
                resource={resource}
                differs={differences.get(index).cloned().unwrap_or_default()}
                expect={test.expect.clone()}
                decision={result.decision_name()}
                error={error}
                pass={result.pass}
                is_current={test.caller == workspace.caller && test.request == workspace.request}
            />
        }
    });
    let summary_class = if passed == total {
        "tests-summary all-pass"
    } else {
        "tests-summary some-fail"
    };

    html! {
        <section class="tests" aria-labelledby="tests-heading">
            <header class="tests-header">
                <h3 id="tests-heading">{ "Tests" }</h3>
                if total > 0 {
                    <span class={summary_class} data-testid="tests-summary">
                        <span aria-hidden="true">{ if passed == total { "✓ " } else { "✕ " } }</span>
                        { format!("{passed} of {total} pass") }
                    </span>
                }
            </header>
            <p class="hint">{ "Saved requests with the decision they expect: policy unit tests that run on every edit. Click a name to open it above; Export in the header saves them as a case file for iamlab check." }</p>
            if total > 0 {
                <ul class="test-list">{ for rows }</ul>
            }
            <div class="save-test">
                <div class="field">
                    <label for="save-test-name">{ "Save the current request as a test" }</label>
                    <input id="save-test-name" type="text" placeholder={default_name} value={(*name).clone()} oninput={on_name} />
                </div>
                <div class="field">
                    <label for="save-test-expect">{ "Expecting" }</label>
                    <select id="save-test-expect" onchange={on_expect}>
                        { for EXPECTATIONS.iter().map(|(value, label)| html! {
                            <option value={*value} selected={chosen_expect == *value}>{ *label }</option>
                        }) }
                    </select>
                </div>
                <button type="button" class="button primary" onclick={on_save}>{ "Save test" }</button>
            </div>
        </section>
    }
}

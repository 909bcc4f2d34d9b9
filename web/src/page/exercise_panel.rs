//! Exercise mode's own panel: the instructions, an editor for each editable
//! part, hints one at a time, **Check my answer**, **Hand in** and **Show
//! solution**, or, in a *predict first* exercise, a choice per case. The
//! rest of the scenario is shown locked; the request, the waterfall and the
//! visible tests stay in the right-hand pane.

use iamlab_core::case::LoadOptions;
use iamlab_core::trace::Decision;
use yew::{Callback, Html, InputEvent, TargetCast, component, html, use_state};

use crate::dom;
use crate::model::checks::run_test;
use crate::model::exercise::{self, Link, Session};
use crate::model::markdown::{self, Block, Inline};
use crate::model::state::{Action, ExerciseAction, ExerciseRef, Notice};
use crate::policies::policy_editor::PolicyEditor;
use crate::store::{AppContext, use_app};

fn inline_html(inline: &Inline) -> Html {
    match inline {
        Inline::Text(text) => html! { { text.clone() } },
        Inline::Code(text) => html! { <code>{ text.clone() }</code> },
        Inline::Strong(text) => html! { <strong>{ text.clone() }</strong> },
        Inline::Emphasis(text) => html! { <em>{ text.clone() }</em> },
        Inline::Link { text, href } => html! {
            <a href={href.clone()} target="_blank" rel="noopener noreferrer">{ text.clone() }</a>
        },
    }
}

/// Instructions as HTML: text nodes only, never raw HTML.
pub(crate) fn markdown_html(text: &str) -> Html {
    let spans = |inlines: &[Inline]| inlines.iter().map(inline_html).collect::<Html>();
    markdown::blocks(text)
        .iter()
        .map(|block| match block {
            Block::Heading(1, inlines) => html! { <h3>{ spans(inlines) }</h3> },
            Block::Heading(_, inlines) => html! { <h4>{ spans(inlines) }</h4> },
            Block::Paragraph(inlines) => html! { <p>{ spans(inlines) }</p> },
            Block::List(true, items) => {
                html! { <ol>{ for items.iter().map(|i| html! { <li>{ spans(i) }</li> }) }</ol> }
            }
            Block::List(false, items) => {
                html! { <ul>{ for items.iter().map(|i| html! { <li>{ spans(i) }</li> }) }</ul> }
            }
            Block::Code(code) => html! { <pre class="md-code">{ code.clone() }</pre> },
        })
        .collect()
}

fn answer_editors(app: &AppContext, session: &Session) -> Html {
    session
        .links
        .iter()
        .map(|link| {
            let Some(doc) = link.policies.first().and_then(|id| app.state.workspace.policy(*id)) else {
                return raw_editor(app, link);
            };
            let diagnostics = app.editor_diagnostics(doc.id);
            let highlight = app.editor_highlight(doc.id);
            html! {
                <div class="answer" data-testid="answer" data-pointer={link.pointer.clone()} key={link.pointer.clone()}>
                    <h3 class="answer-label">{ link.label.clone() }</h3>
                    <PolicyEditor id={doc.id} text={doc.text.clone()} label={link.label.clone()}
                        diagnostics={diagnostics} highlight={highlight} wrap={app.state.wrap_lines} />
                </div>
            }
        })
        .collect()
}

/// An editor for a part that is not a policy document (a context value, a
/// list of policies): its JSON text, graded by Check my answer.
fn raw_editor(app: &AppContext, link: &Link) -> Html {
    let dispatch = app.dispatch.clone();
    let pointer = link.pointer.clone();
    let oninput = Callback::from(move |event: InputEvent| {
        let input: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
        dispatch.dispatch(Action::Exercise(ExerciseRef::new(
            ExerciseAction::SetAnswer {
                pointer: pointer.clone(),
                text: input.value(),
            },
        )));
    });
    let problem = exercise::text_problem(&link.text);
    html! {
        <div class="answer" data-testid="answer" data-pointer={link.pointer.clone()} key={link.pointer.clone()}>
            <h3 class="answer-label">{ link.label.clone() }</h3>
            <textarea class="answer-raw" rows="4" spellcheck="false" data-testid="answer-raw"
                aria-label={link.label.clone()} value={link.text.clone()} oninput={oninput} />
            if let Some(problem) = problem {
                <p class="field-warning">{ format!("Not JSON yet: {problem}") }</p>
            }
            <p class="hint">{ "JSON. Check my answer grades it; the tests on the right show the exercise as it started." }</p>
        </div>
    }
}

fn predict_list(app: &AppContext, session: &Session) -> Html {
    let workspace = &app.state.workspace;
    let items = session.predict.iter().map(|case| {
        let index = workspace.tests.iter().position(|t| t.name == case.name);
        let actual = index
            .and_then(|i| workspace.tests.get(i))
            .map(|t| run_test(workspace, &app.analysis, t).decision_name())
            .unwrap_or("error");
        let body = match session.prediction(&case.name) {
            None => {
                let buttons = [Decision::Allowed, Decision::ExplicitDeny, Decision::ImplicitDeny].map(|decision| {
                    let dispatch = app.dispatch.clone();
                    let name = case.name.clone();
                    let onclick = Callback::from(move |_| dispatch.dispatch(Action::Exercise(ExerciseRef::new(ExerciseAction::Predict { case: name.clone(), decision }))));
                    html! {
                        <button type="button" class="button" data-testid="predict" data-decision={decision.as_str()} onclick={onclick}>
                            { decision.as_str() }
                        </button>
                    }
                });
                html! { <div class="predict-choices" role="group" aria-label={format!("Your prediction for {}", case.name)}>{ for buttons }</div> }
            }
            Some(predicted) => {
                let right = predicted.as_str() == actual;
                let why = index.map(|i| {
                    let dispatch = app.dispatch.clone();
                    html! {
                        <button type="button" class="button" data-testid="show-why" onclick={Callback::from(move |_| dispatch.dispatch(Action::OpenTest(i)))}>
                            { "Show why" }
                        </button>
                    }
                });
                html! {
                    <p class={if right { "predict-result is-right" } else { "predict-result is-wrong" }} data-testid="predict-result" data-right={right.to_string()}>
                        { if right { "\u{2713} Right: " } else { "\u{2717} Not quite: " } }
                        { format!("you said {}, AWS says {actual}. ", predicted.as_str()) }
                        { for why }
                    </p>
                }
            }
        };
        html! {
            <li class="predict-case" data-testid="predict-case" data-case={case.name.clone()} key={case.name.clone()}>
                <span class="predict-name">{ case.name.clone() }</span>
                <details>
                    <summary>{ "The case: who asks, for what, under which policies" }</summary>
                    <pre data-testid="predict-scenario">{ case.scenario.clone() }</pre>
                </details>
                { body }
            </li>
        }
    });
    html! { <ul class="predict-list">{ for items }</ul> }
}

fn check_result(session: &Session) -> Html {
    let Some(checked) = &session.checked else {
        return html! {};
    };
    if let Some(error) = &checked.error {
        return html! { <p class="check-result is-error" data-testid="check-result" role="status">{ format!("Your answer could not be graded: {error}") }</p> };
    }
    let grade = &checked.grade;
    let (hidden_passed, hidden_total) = checked.hidden();
    let full = grade.is_full_marks();
    let failed: Vec<&str> = grade.failed_visible().collect();
    html! {
        <div class={if full { "check-result is-full" } else { "check-result" }} data-testid="check-result" role="status"
            data-passed={grade.passed.to_string()} data-total={grade.total.to_string()}>
            <p>
                <strong>{ format!("{} of {} cases pass", grade.passed, grade.total) }</strong>
                { if hidden_total > 0 { format!(", {hidden_passed} of the {hidden_total} hidden ones included.") } else { String::from(".") } }
                { if full { " Full marks: hand it in." } else { "" } }
            </p>
            if !failed.is_empty() {
                <p class="hint">{ format!("Failing: {}.", failed.join(", ")) }</p>
            }
        </div>
    }
}

/// The exercise panel, in place of the caller and policies panes.
#[component]
pub(crate) fn ExercisePanel() -> Html {
    let app = use_app();
    let confirming = use_state(|| false);
    let student = use_state(String::new);
    let state = app.state.clone();
    let Some(session) = state.session() else {
        return html! {};
    };
    let dispatch = app.dispatch.clone();
    let predict_first = session.is_predict_first();
    let on_leave = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| {
            dom::replace_fragment(Some("#list"));
            dispatch.dispatch(Action::Exercise(ExerciseRef::new(
                ExerciseAction::ShowList(Some(Notice::info(
                    "Left the exercise; your progress on it is kept in this browser.",
                ))),
            )));
        })
    };
    let on_hint = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| {
            dispatch.dispatch(Action::Exercise(ExerciseRef::new(ExerciseAction::ShowHint)));
        })
    };
    let on_check = {
        let dispatch = dispatch.clone();
        let state = app.state.clone();
        Callback::from(move |_| {
            if let Some(session) = state.session() {
                let checked = exercise::check(session, &state.workspace, LoadOptions::default());
                dispatch.dispatch(Action::Exercise(ExerciseRef::new(ExerciseAction::Checked(
                    checked,
                ))));
            }
        })
    };
    let on_hand_in = {
        let state = app.state.clone();
        let student = student.clone();
        Callback::from(move |_| {
            if let Some(session) = state.session() {
                let text = exercise::submission_text(session, &state.workspace, &student);
                dom::download_text(&format!("{}-submission.json", session.exercise.id), &text);
            }
        })
    };
    let on_student = {
        let student = student.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            student.set(input.value());
        })
    };
    let on_solution = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(true))
    };
    let on_cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(false))
    };
    let on_confirm = {
        let confirming = confirming.clone();
        let texts = exercise::solution_texts(session);
        Callback::from(move |_| {
            confirming.set(false);
            dispatch.dispatch(Action::Exercise(ExerciseRef::new(
                ExerciseAction::ShowSolution(texts.clone()),
            )));
        })
    };
    let hints_left = session.exercise.hints.len() - session.hints_shown;
    let hints = session.exercise.hints.iter().take(session.hints_shown).map(|h| {
        html! { <li data-testid="hint">{ markdown::inlines(h).iter().map(inline_html).collect::<Html>() }</li> }
    });
    let has_solution = session
        .exercise
        .solution
        .as_ref()
        .is_some_and(|s| !s.is_empty());
    html! {
        <section class="pane pane-exercise" aria-labelledby="exercise-heading" data-testid="exercise"
            data-exercise={session.exercise.id.clone()} data-mode={if predict_first { "predict" } else { "edit" }}>
            <header class="exercise-header">
                <div>
                    <span class="example-topic">{ format!("Exercise \u{b7} {}", session.exercise.topic) }</span>
                    <h2 id="exercise-heading">{ session.exercise.title.clone() }</h2>
                </div>
                <button type="button" class="button" data-testid="leave-exercise" onclick={on_leave}>{ "Leave exercise" }</button>
            </header>
            <div class="instructions" data-testid="instructions">{ markdown_html(&session.exercise.instructions) }</div>
            if predict_first {
                <h3 class="exercise-step">{ "Predict each decision" }</h3>
                { predict_list(&app, session) }
            } else {
                <h3 class="exercise-step">{ "Your answer" }</h3>
                { answer_editors(&app, session) }
            }
            <div class="hints">
                if session.hints_shown > 0 {
                    <ol class="hint-list">{ for hints }</ol>
                }
                if hints_left > 0 {
                    <button type="button" class="button" data-testid="show-hint" onclick={on_hint}>
                        { format!("Show a hint ({hints_left} left)") }
                    </button>
                }
            </div>
            <div class="exercise-actions">
                <button type="button" class="button primary" data-testid="check-answer" onclick={on_check}>{ "Check my answer" }</button>
                <label class="student-name">
                    <span>{ "Your name" }</span>
                    <input type="text" data-testid="student-name" value={(*student).clone()} oninput={on_student} />
                </label>
                <button type="button" class="button" data-testid="hand-in" onclick={on_hand_in}>{ "Hand in" }</button>
                if has_solution {
                    <button type="button" class="button" data-testid="show-solution" onclick={on_solution}>{ "Show solution" }</button>
                }
            </div>
            if *confirming {
                <div class="confirm" role="alertdialog" aria-labelledby="solution-confirm-text" data-testid="solution-confirm">
                    <p id="solution-confirm-text">{ "Replace your answer with the solution? Your own answer will be gone (the solution is what you would hand in)." }</p>
                    <button type="button" class="button danger" data-testid="confirm-solution" onclick={on_confirm}>{ "Show the solution" }</button>
                    <button type="button" class="button" onclick={on_cancel}>{ "Keep working" }</button>
                </div>
            }
            { check_result(session) }
            <details class="locked-scenario">
                <summary>{ format!("The rest of the scenario (locked): {} visible cases, {} hidden", session.total - session.hidden, session.hidden) }</summary>
                <pre data-testid="locked-scenario">{ session.locked.clone() }</pre>
            </details>
        </section>
    }
}

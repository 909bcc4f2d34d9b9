//! Teacher mode (on the exercise page): turn the workspace the main page
//! saved into an exercise. The teacher picks the editable policies and the
//! hidden tests, writes the instructions and hints; the solution is set
//! from the current text of each editable policy, and the teacher writes
//! the text students start from beside it. Then the full exercise (for
//! `iamlab grade`) and the student's copy (a file or a link) are exported.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};

use yew::{Callback, Event, Html, InputEvent, TargetCast, component, html, use_state};

use crate::dom;
use crate::exercise_store::open_exercise;
use crate::model::share::base64url_encode;
use crate::model::state::{Action, ExerciseAction, ExerciseRef};
use crate::model::teacher::{TeacherSpec, export_exercise, policy_choices, student_text};
use crate::store::use_app;

/// The teacher mode dialog.
#[component]
pub(crate) fn TeacherPanel() -> Html {
    let app = use_app();
    let spec = use_state(|| TeacherSpec {
        title: app.state.workspace.title.clone(),
        ..TeacherSpec::default()
    });
    let message = use_state(|| None::<(bool, String)>);
    let link = use_state(String::new);
    let workspace = app.state.workspace.clone();
    let dispatch = app.dispatch.clone();
    let text_field = |change: fn(&mut TeacherSpec, String)| {
        let spec = spec.clone();
        Callback::from(move |event: InputEvent| {
            let value = event
                .target_dyn_into::<HtmlInputElement>()
                .map(|i| i.value())
                .or_else(|| {
                    event
                        .target_dyn_into::<HtmlTextAreaElement>()
                        .map(|t| t.value())
                })
                .unwrap_or_default();
            let mut next = (*spec).clone();
            change(&mut next, value);
            spec.set(next);
        })
    };
    let policies = policy_choices(&workspace).into_iter().map(|(id, label)| {
        let spec = spec.clone();
        let workspace = workspace.clone();
        let checked = spec.editable.contains(&id);
        let onchange = Callback::from(move |event: Event| {
            let on = event.target_unchecked_into::<HtmlInputElement>().checked();
            let mut next = (*spec).clone();
            next.editable.retain(|e| *e != id);
            next.solution.retain(|(e, _)| *e != id);
            next.starting.retain(|(e, _)| *e != id);
            if on {
                next.editable.push(id);
                // The solution is the current text until set again.
                if let Some(policy) = workspace.policy(id) {
                    next.solution.push((id, policy.text.clone()));
                    next.starting.push((id, policy.text.clone()));
                }
            }
            spec.set(next);
        });
        html! {
            <li key={id}>
                <label><input type="checkbox" data-testid="teacher-editable" data-policy={id.to_string()} checked={checked} onchange={onchange} />
                { format!(" {label}") }</label>
            </li>
        }
    });
    let tests = workspace.tests.iter().enumerate().map(|(index, test)| {
        let spec = spec.clone();
        let checked = spec.hidden.contains(&index);
        let onchange = Callback::from(move |event: Event| {
            let on = event.target_unchecked_into::<HtmlInputElement>().checked();
            let mut next = (*spec).clone();
            next.hidden.retain(|h| *h != index);
            if on {
                next.hidden.push(index);
            }
            spec.set(next);
        });
        html! {
            <li key={index}>
                <label><input type="checkbox" data-testid="teacher-hidden" data-test={test.name.clone()} checked={checked} onchange={onchange} />
                { format!(" {} (expects {})", test.name, if test.expect.is_empty() { "nothing" } else { &test.expect }) }</label>
            </li>
        }
    });
    let starting = spec.starting.iter().map(|(id, text)| {
        let id = *id;
        let solution = spec
            .solution
            .iter()
            .find(|(e, _)| *e == id)
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        let spec = spec.clone();
        let name = workspace.policy(id).map(|p| p.name.clone()).unwrap_or_default();
        let oninput = Callback::from(move |event: InputEvent| {
            let value = event.target_unchecked_into::<HtmlTextAreaElement>().value();
            let mut next = (*spec).clone();
            if let Some(entry) = next.starting.iter_mut().find(|(e, _)| *e == id) {
                entry.1 = value;
            }
            spec.set(next);
        });
        html! {
            <div class="teacher-pair" key={id}>
                <div>
                    <span class="hint">{ format!("The solution: {name}, as set from the workspace") }</span>
                    <pre data-testid="teacher-solution">{ solution }</pre>
                </div>
                <label class="starting">
                    { format!("What students start from: {name}") }
                    <textarea rows="8" spellcheck="false" data-testid="teacher-starting" data-policy={id.to_string()} value={text.clone()} oninput={oninput} />
                </label>
            </div>
        }
    });
    let on_set_solution = {
        let spec = spec.clone();
        let workspace = workspace.clone();
        let message = message.clone();
        Callback::from(move |_| {
            let mut next = (*spec).clone();
            next.solution = next
                .editable
                .iter()
                .filter_map(|id| Some((*id, workspace.policy(*id)?.text.clone())))
                .collect();
            message.set(Some((false, format!(
                "The solution is the current text of {} policies. Now put the starting text in the editors, then export.",
                next.solution.len()
            ))));
            spec.set(next);
        })
    };
    let export = {
        let spec = spec.clone();
        let workspace = workspace.clone();
        let message = message.clone();
        move |student: bool| {
            let result = export_exercise(&workspace, &spec).and_then(|full| {
                if student {
                    student_text(&full)
                } else {
                    Ok(full)
                }
            });
            match result {
                Ok(text) => {
                    let suffix = if student { "-student" } else { "" };
                    dom::download_text(&format!("{}{suffix}.json", spec.id.trim()), &text);
                    message.set(None);
                }
                Err(error) => message.set(Some((true, error))),
            }
        }
    };
    let on_export_full = {
        let export = export.clone();
        Callback::from(move |_| export(false))
    };
    let on_export_student = Callback::from(move |_| export(true));
    let on_link = {
        let spec = spec.clone();
        let workspace = workspace.clone();
        let message = message.clone();
        let link = link.clone();
        Callback::from(move |_| {
            match export_exercise(&workspace, &spec).and_then(|f| student_text(&f)) {
                Ok(text) => link.set(format!(
                    "{}#exercise={}",
                    dom::page_address(),
                    base64url_encode(text.as_bytes())
                )),
                Err(error) => message.set(Some((true, error))),
            }
        })
    };
    let on_try = {
        let spec = spec.clone();
        let workspace = workspace.clone();
        let message = message.clone();
        Callback::from(move |_| {
            match export_exercise(&workspace, &spec).and_then(|full| open_exercise(&full)) {
                Ok((workspace, session)) => {
                    dispatch.dispatch(Action::Exercise(ExerciseRef::new(
                        ExerciseAction::OpenExercise {
                            workspace: Box::new(workspace),
                            session: crate::model::exercise::SessionRef::new(session),
                        },
                    )));
                }
                Err(error) => message.set(Some((true, error))),
            }
        })
    };
    html! {
            <section class="pane teacher" aria-labelledby="teacher-heading" data-testid="teacher">
                <header>
                    <h2 id="teacher-heading">{ "Teacher mode: make an exercise" }</h2>
                    <p class="hint">{ format!(
                        "From your workspace \u{201c}{}\u{201d}: its {} tests become the exercise's cases. Pick what students may edit and which tests they do not see. \
                         The solution is the current text of each editable policy (Set solution from current text takes it again); write what students start from beside it, then export.",
                        workspace.title, workspace.tests.len()
                    ) }</p>
                </header>
                <div class="teacher-grid">
                    <label>{ "Id" }<input type="text" data-testid="teacher-id" value={spec.id.clone()} oninput={text_field(|s, v| s.id = v)} /></label>
                    <label>{ "Title" }<input type="text" data-testid="teacher-title" value={spec.title.clone()} oninput={text_field(|s, v| s.title = v)} /></label>
                    <label>{ "Topic" }<input type="text" data-testid="teacher-topic" value={spec.topic.clone()} oninput={text_field(|s, v| s.topic = v)} /></label>
                    <label class="wide">{ "Instructions (Markdown)" }<textarea rows="4" data-testid="teacher-instructions" value={spec.instructions.clone()} oninput={text_field(|s, v| s.instructions = v)} /></label>
                    <label class="wide">{ "Hints, one per line" }<textarea rows="3" data-testid="teacher-hints" value={spec.hints.join("\n")} oninput={text_field(|s, v| s.hints = v.lines().map(str::to_owned).collect())} /></label>
                </div>
                <h3>{ "Editable policies" }</h3>
                <ul class="teacher-list">{ for policies }</ul>
                <div class="teacher-grid">{ for starting }</div>
                <h3>{ "Hidden tests" }</h3>
                <ul class="teacher-list">{ for tests }</ul>
                <div class="exercise-actions">
                    <button type="button" class="button" data-testid="teacher-set-solution" onclick={on_set_solution}>{ "Set solution from current text" }</button>
                    <button type="button" class="button primary" data-testid="teacher-export" onclick={on_export_full}>{ "Export exercise" }</button>
                    <button type="button" class="button" data-testid="teacher-export-student" onclick={on_export_student}>{ "Export student copy" }</button>
                    <button type="button" class="button" data-testid="teacher-link" onclick={on_link}>{ "Student link" }</button>
                    <button type="button" class="button" data-testid="teacher-try" onclick={on_try}>{ "Try it as a student" }</button>
                </div>
                if let Some((is_error, text)) = &*message {
                    <p class={if *is_error { "field-warning" } else { "hint" }} data-testid="teacher-message" role="status">{ text.clone() }</p>
                }
                if !link.is_empty() {
                    <input type="text" class="share-link" readonly=true aria-label="The student link" data-testid="teacher-link-field" value={(*link).clone()} />
                }
            </section>
    }
}

//! The workspace's title and description: an example's lesson, or the
//! user's own notes.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::{Callback, Html, InputEvent, TargetCast, component, html};

use crate::model::state::Action;
use crate::store::use_app;

/// The title field and the description under it.
#[component]
pub(crate) fn WorkspaceIntro() -> Html {
    let app = use_app();
    let workspace = &app.state.workspace;
    let on_title = {
        let app = app.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            app.send(Action::SetTitle(input.value()));
        })
    };
    let on_description = {
        let app = app.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlTextAreaElement = event.target_unchecked_into();
            app.send(Action::SetDescription(input.value()));
        })
    };
    let paragraphs: Vec<Html> = workspace
        .description
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| html! { <p>{ p }</p> })
        .collect();
    html! {
        <section class="intro" aria-label="Workspace">
            <label class="visually-hidden" for="workspace-title">{ "Workspace title" }</label>
            <input
                id="workspace-title"
                class="intro-title"
                type="text"
                value={workspace.title.clone()}
                placeholder="Untitled workspace"
                oninput={on_title}
            />
            if !paragraphs.is_empty() {
                <div class="intro-text" data-testid="description">{ for paragraphs }</div>
            }
            <details class="intro-edit">
                <summary>{ if workspace.description.is_empty() { "Add notes" } else { "Edit notes" } }</summary>
                <label class="visually-hidden" for="workspace-notes">{ "Notes" }</label>
                <textarea
                    id="workspace-notes"
                    class="notes"
                    rows="3"
                    value={workspace.description.clone()}
                    oninput={on_description}
                />
            </details>
        </section>
    }
}

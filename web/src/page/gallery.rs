//! The examples gallery: a dialog of example workspaces, each with what it
//! teaches. Opening one replaces the workspace (Undo brings it back).

use yew::{Callback, Html, KeyboardEvent, MouseEvent, component, html, use_effect_with};

use crate::dom;
use crate::examples::EXAMPLES;
use crate::model::state::{Action, Notice};
use crate::store::use_dispatch;

/// The gallery dialog.
#[component]
pub(crate) fn Gallery() -> Html {
    let dispatch = use_dispatch();
    // Focus moves into the dialog when it opens, and back to the Examples button when it closes.
    use_effect_with((), |()| {
        dom::focus_by_id("gallery-close");
        || dom::focus_by_id("examples-button")
    });
    let close = {
        let dispatch = dispatch.clone();
        Callback::from(move |()| dispatch.dispatch(Action::ShowGallery(false)))
    };
    let on_key = {
        let close = close.clone();
        Callback::from(move |event: KeyboardEvent| {
            match event.key().as_str() {
                "Escape" => close.emit(()),
                // Keep Tab inside the dialog: past the last example back to
                // Close, and from Close backwards to the last example.
                "Tab" => {
                    let focused = dom::focused_id();
                    let (from, to) = if event.shift_key() {
                        ("gallery-close", "gallery-last")
                    } else {
                        ("gallery-last", "gallery-close")
                    };
                    if focused.as_deref() == Some(from) {
                        event.prevent_default();
                        dom::focus_by_id(to);
                    }
                }
                _ => {}
            }
        })
    };
    let on_backdrop = {
        let close = close.clone();
        Callback::from(move |event: MouseEvent| {
            // Only a click on the backdrop itself closes, not one inside the dialog.
            if event.target() == event.current_target() {
                close.emit(());
            }
        })
    };
    let last = EXAMPLES.len().saturating_sub(1);
    let cards = EXAMPLES.iter().enumerate().map(|(idx, example)| {
        let dispatch = dispatch.clone();
        let on_open = Callback::from(move |_| {
            let dispatch = dispatch.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let action = match example.load().await {
                    Ok(workspace) => {
                        let tests = workspace.tests.len();
                        Action::Load {
                            workspace: Box::new(workspace),
                            notice: Some(Notice::until_edit(format!(
                                "Opened the example \u{201c}{}\u{201d} with {tests} tests.",
                                example.title
                            ))),
                        }
                    }
                    Err(message) => Action::Notify(Some(Notice::error(format!(
                        "The example \u{201c}{}\u{201d} could not be opened: {message}.",
                        example.title
                    )))),
                };
                dispatch.dispatch(action);
            });
        });
        let tests = example.tests;
        html! {
            <li class="example-card" key={example.id}>
                <span class="example-topic">{ example.topic }</span>
                <h3 class="example-title">{ example.title }</h3>
                <p class="example-summary">{ example.summary }</p>
                <div class="example-foot">
                    <span class="hint">{ format!("{tests} tests") }</span>
                    <button type="button" class="button primary" data-testid="open-example" data-example={example.id}
                        id={(idx == last).then_some("gallery-last")}
                        onclick={on_open} aria-label={format!("Open the example {}", example.title)}>
                        { "Open" }
                    </button>
                </div>
            </li>
        }
    });
    html! {
        <div class="backdrop" onclick={on_backdrop} onkeydown={on_key}>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="gallery-heading" data-testid="gallery">
                <header class="dialog-header">
                    <div>
                        <h2 id="gallery-heading">{ "Examples" }</h2>
                        <p class="hint">{ "Each example is a workspace with policies, a request and tests that show one idea. Opening one replaces your workspace; Undo brings it back." }</p>
                    </div>
                    <button type="button" id="gallery-close" class="button" onclick={close.reform(|_| ())}>{ "Close" }</button>
                </header>
                <ul class="example-grid">{ for cards }</ul>
            </div>
        </div>
    }
}

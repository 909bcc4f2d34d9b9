//! The share link, ready to copy: the whole workspace in the fragment of
//! the page's own address, which browsers never send to a server.

use yew::{Callback, Html, Properties, component, html, use_effect_with, use_node_ref, use_state};

use crate::dom;

/// Props of [`SharePanel`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct SharePanelProps {
    /// The full link.
    pub(crate) url: String,
    /// Whether the workspace changed since the link was made.
    pub(crate) is_stale: bool,
    /// Closes the panel.
    pub(crate) on_close: Callback<()>,
}

/// A read-only field with the link, a Copy button and a note on privacy.
#[component]
pub(crate) fn SharePanel(props: &SharePanelProps) -> Html {
    let input = use_node_ref();
    let copied = use_state(|| None::<bool>);
    {
        let input = input.clone();
        let copied = copied.clone();
        use_effect_with(props.url.clone(), move |_| {
            copied.set(None);
            if let Some(field) = input.cast::<web_sys::HtmlInputElement>() {
                let _ = field.focus();
                field.select();
            }
        });
    }
    let on_copy = {
        let input = input.clone();
        let copied = copied.clone();
        Callback::from(move |_| {
            if let Some(field) = input.cast::<web_sys::HtmlInputElement>() {
                copied.set(Some(dom::copy_input(&field)));
            }
        })
    };
    let on_close = props.on_close.reform(|_| ());
    let status = match *copied {
        Some(true) => "Copied to the clipboard.",
        Some(false) => "Press Ctrl+C (or ⌘C) to copy the selected link.",
        None => "",
    };
    let length = props.url.len();
    html! {
        <section class="share-panel" aria-labelledby="share-heading">
            <h2 id="share-heading" class="share-title">{ "Share this workspace" }</h2>
            <p class="hint">
                { format!("The link holds the whole workspace ({length} characters), compressed. \
                           It is also in the address bar now. Nothing is uploaded: whoever opens it gets an exact copy.") }
            </p>
            <div class="share-row">
                <label class="visually-hidden" for="share-url">{ "Share link" }</label>
                <input id="share-url" ref={input} class="share-url" data-testid="share-url" type="text" readonly=true value={props.url.clone()} />
                <button type="button" class="button primary" onclick={on_copy}>{ "Copy" }</button>
                <button type="button" class="button" onclick={on_close}>{ "Close" }</button>
            </div>
            <p class="hint" role="status">{ status }</p>
            if props.is_stale {
                <p class="share-stale" role="status">
                    <span aria-hidden="true">{ "⚠ " }</span>
                    { "The workspace has changed since this link was made; press Share again for a link to the current one." }
                </p>
            }
        </section>
    }
}

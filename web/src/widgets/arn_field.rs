//! A one-line text field for an ARN that wraps instead of scrolling, so a
//! long ARN is always seen whole, even in a narrow pane.
//!
//! It is a `<textarea>` that grows with its text (CSS `field-sizing:
//! content`) and ignores the Enter key, since an ARN has no line breaks.

use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::{AttrValue, Callback, Html, InputEvent, Properties, TargetCast, component, html};

/// Props of [`ArnField`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct ArnFieldProps {
    /// The element id (labels point at it; the focus may go to it).
    pub(crate) id: AttrValue,
    /// The text.
    pub(crate) value: AttrValue,
    /// Shown when empty.
    #[prop_or_default]
    pub(crate) placeholder: AttrValue,
    /// Called with the new text on every edit.
    pub(crate) on_change: Callback<String>,
    /// The accessible name, when no visible label points at the field.
    #[prop_or_default]
    pub(crate) aria_label: Option<AttrValue>,
}

/// The field.
#[component]
pub(crate) fn ArnField(props: &ArnFieldProps) -> Html {
    let on_input = props.on_change.reform(|event: InputEvent| {
        let input: HtmlTextAreaElement = event.target_unchecked_into();
        // A pasted line break is no part of an ARN.
        input.value().replace(['\n', '\r'], "")
    });
    let on_keydown = Callback::from(|event: KeyboardEvent| {
        if event.key() == "Enter" {
            event.prevent_default();
        }
    });
    html! {
        <textarea
            id={props.id.clone()}
            class="mono arn-field"
            rows="1"
            spellcheck="false"
            autocomplete="off"
            autocapitalize="off"
            placeholder={props.placeholder.clone()}
            aria-label={props.aria_label.clone()}
            value={props.value.clone()}
            oninput={on_input}
            onkeydown={on_keydown}
        />
    }
}

//! A one-line text field for an ARN that wraps instead of scrolling, so a
//! long ARN is always seen whole, even in a narrow pane.
//!
//! It is a `<textarea>` that grows with its text (CSS `field-sizing:
//! content`) and ignores the Enter key, since an ARN has no line breaks.
//! Given suggestions (the ARN templates of the request's action), it offers
//! them as a combobox list while typing.

use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::{
    AttrValue, Callback, FocusEvent, Html, InputEvent, Properties, TargetCast, component, html,
};

use crate::model::complete::Suggestion;
use crate::widgets::combo::{combo_list, use_combo};

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
    /// ARNs to offer while typing (filtered by what is typed).
    #[prop_or_default]
    pub(crate) suggestions: Vec<Suggestion>,
}

/// The field.
#[component]
pub(crate) fn ArnField(props: &ArnFieldProps) -> Html {
    let combo = use_combo();
    let typed = props.value.to_ascii_lowercase();
    let items: Vec<Suggestion> = props
        .suggestions
        .iter()
        .filter(|s| {
            let insert = s.insert.to_ascii_lowercase();
            insert.contains(&typed) && insert != typed
        })
        .cloned()
        .collect();
    let list_id = format!("{}-list", props.id);
    let open = combo.is_open(items.len());
    let on_input = {
        let on_change = props.on_change.clone();
        let combo = combo.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlTextAreaElement = event.target_unchecked_into();
            // A pasted line break is no part of an ARN.
            on_change.emit(input.value().replace(['\n', '\r'], ""));
            combo.reopen();
        })
    };
    let on_pick = {
        let on_change = props.on_change.clone();
        let items = items.clone();
        Callback::from(move |at: usize| {
            if let Some(item) = items.get(at) {
                on_change.emit(item.insert.clone());
            }
        })
    };
    let on_combo_key = combo.on_keydown(items.len(), on_pick.clone());
    let on_keydown = Callback::from(move |event: KeyboardEvent| {
        on_combo_key.emit(event.clone());
        if event.key() == "Enter" {
            event.prevent_default();
        }
    });
    let on_blur = {
        let combo = combo.clone();
        Callback::from(move |_: FocusEvent| combo.close())
    };
    let has_list = !props.suggestions.is_empty();
    html! {
        <div class="combo">
            <textarea
                id={props.id.clone()}
                class="mono arn-field"
                rows="1"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                placeholder={props.placeholder.clone()}
                aria-label={props.aria_label.clone()}
                role={has_list.then_some("combobox")}
                aria-autocomplete={has_list.then_some("list")}
                aria-expanded={has_list.then(|| open.to_string())}
                aria-controls={has_list.then(|| list_id.clone())}
                aria-activedescendant={combo.active_id(&list_id, items.len())}
                value={props.value.clone()}
                oninput={on_input}
                onkeydown={on_keydown}
                onblur={on_blur}
            />
            if open {
                { combo_list(&list_id, "ARN templates", &items, combo.active(), &on_pick) }
            }
        </div>
    }
}

//! One context key of the request: its name, its type and its value.

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::{Callback, Event, Html, InputEvent, Properties, TargetCast, component, html};

use crate::model::state::Action;
use crate::model::workspace::{ContextEntryDef, ContextType};
use crate::store::use_dispatch;

/// Props of [`ContextRow`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct ContextRowProps {
    /// Its place in the request's context.
    pub(crate) index: usize,
    /// The entry.
    pub(crate) entry: ContextEntryDef,
}

/// The types a context value can have, with their labels.
const TYPES: [(ContextType, &str, &str); 6] = [
    (ContextType::String, "string", "String"),
    (ContextType::List, "list", "List"),
    (ContextType::Number, "number", "Number"),
    (ContextType::Boolean, "boolean", "Boolean"),
    (ContextType::Date, "date", "Date"),
    (ContextType::Ip, "ip", "IP address"),
];

fn placeholder(kind: ContextType) -> &'static str {
    match kind {
        ContextType::String => "value",
        ContextType::List => "one value per line",
        ContextType::Number => "300",
        ContextType::Boolean => "true",
        ContextType::Date => "2026-06-01T12:00:00Z",
        ContextType::Ip => "203.0.113.10",
    }
}

/// An editable context entry.
#[component]
pub(crate) fn ContextRow(props: &ContextRowProps) -> Html {
    let dispatch = use_dispatch();
    let index = props.index;
    let entry = &props.entry;
    let set = {
        let dispatch = dispatch.clone();
        move |entry: ContextEntryDef| dispatch.dispatch(Action::SetContextEntry { index, entry })
    };
    let on_key = {
        let set = set.clone();
        let entry = entry.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            set(ContextEntryDef {
                key: input.value(),
                ..entry.clone()
            });
        })
    };
    let on_kind = {
        let set = set.clone();
        let entry = entry.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let kind = TYPES
                .iter()
                .find(|(_, name, _)| *name == select.value())
                .map_or(ContextType::String, |(k, _, _)| *k);
            let mut value = entry.value.clone();
            if kind == ContextType::Boolean && !matches!(value.trim(), "true" | "false") {
                value = String::from("true");
            }
            set(ContextEntryDef {
                kind,
                value,
                ..entry.clone()
            });
        })
    };
    let on_value_input = {
        let set = set.clone();
        let entry = entry.clone();
        Callback::from(move |event: InputEvent| {
            let value = match event.target_dyn_into::<HtmlTextAreaElement>() {
                Some(area) => area.value(),
                None => event.target_unchecked_into::<HtmlInputElement>().value(),
            };
            set(ContextEntryDef {
                value,
                ..entry.clone()
            });
        })
    };
    let on_value_select = {
        let entry = entry.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            set(ContextEntryDef {
                value: select.value(),
                ..entry.clone()
            });
        })
    };
    let on_remove = Callback::from(move |_| dispatch.dispatch(Action::RemoveContextEntry(index)));
    let id = |part: &str| format!("context-{index}-{part}");
    let value_label = format!(
        "Value of {}",
        if entry.key.is_empty() {
            "the key"
        } else {
            entry.key.as_str()
        }
    );
    let value = match entry.kind {
        ContextType::Boolean => html! {
            <select id={id("value")} aria-label={value_label} onchange={on_value_select}>
                <option value="true" selected={entry.value.trim() == "true"}>{ "true" }</option>
                <option value="false" selected={entry.value.trim() == "false"}>{ "false" }</option>
            </select>
        },
        ContextType::List => html! {
            <textarea id={id("value")} class="mono" rows="2" aria-label={value_label} placeholder={placeholder(entry.kind)}
                value={entry.value.clone()} oninput={on_value_input} />
        },
        kind => html! {
            <input id={id("value")} class="mono" type="text" aria-label={value_label} placeholder={placeholder(kind)}
                inputmode={if kind == ContextType::Number { "decimal" } else { "text" }}
                value={entry.value.clone()} oninput={on_value_input} />
        },
    };
    html! {
        <li class="context-row" data-testid="context-entry" data-key={entry.key.clone()}>
            <input id={id("key")} class="mono context-key" type="text" aria-label="Context key" placeholder="aws:SourceIp"
                list="context-key-options" spellcheck="false" value={entry.key.clone()} oninput={on_key} />
            <select id={id("type")} class="context-type" aria-label="Type" onchange={on_kind}>
                { for TYPES.iter().map(|(kind, name, label)| html! {
                    <option value={*name} selected={entry.kind == *kind}>{ *label }</option>
                }) }
            </select>
            <div class="context-value">{ value }</div>
            <button type="button" class="icon-button" onclick={on_remove} aria-label={format!("Remove context key {}", entry.key)}>{ "✕" }</button>
        </li>
    }
}

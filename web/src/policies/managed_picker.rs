//! Attaching an AWS managed policy: a button that opens a search over the
//! 1,594 AWS managed policies (their names come with the catalog; their
//! documents load when the first one is attached), or takes an ARN pasted
//! in.

use iamlab_catalog::managed::ARN_PREFIX;
use web_sys::HtmlInputElement;
use yew::{
    AttrValue, Callback, FocusEvent, Html, InputEvent, Properties, TargetCast, component, html,
    use_state,
};

use crate::model::complete::Suggestion;
use crate::model::state::{Action, PolicyList};
use crate::store::use_dispatch;
use crate::vocab_store::use_vocabulary;
use crate::widgets::combo::{combo_list, use_combo};

/// How many matches the list shows.
const SHOWN: usize = 40;

/// Props of [`ManagedPicker`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct ManagedPickerProps {
    /// Where an attached policy goes.
    pub(crate) list: PolicyList,
    /// A unique id prefix for its elements.
    pub(crate) id: AttrValue,
    /// Whom it attaches to, for the button (`alice`, `group Developers`).
    pub(crate) owner: AttrValue,
}

/// The button and, when open, the search.
#[component]
pub(crate) fn ManagedPicker(props: &ManagedPickerProps) -> Html {
    let dispatch = use_dispatch();
    let vocabulary = use_vocabulary();
    let open = use_state(|| false);
    let query = use_state(String::new);
    let combo = use_combo();
    let input_id = format!("{}-search", props.id);
    let list_id = format!("{}-list", props.id);

    let on_open = {
        let open = open.clone();
        let vocabulary = vocabulary.clone();
        let input_id = input_id.clone();
        Callback::from(move |_| {
            open.set(true);
            // The documents take a moment: start fetching them now.
            vocabulary.want_managed();
            let input_id = input_id.clone();
            gloo::timers::callback::Timeout::new(0, move || crate::dom::focus_by_id(&input_id))
                .forget();
        })
    };
    if !*open {
        return html! {
            <button type="button" class="button small add" onclick={on_open} data-testid="attach-managed">
                { format!("+ AWS managed policy for {}", props.owner) }
            </button>
        };
    }

    let typed = query.trim().to_owned();
    let lower = typed.to_ascii_lowercase();
    let items: Vec<Suggestion> = vocabulary
        .vocabulary
        .catalog
        .as_deref()
        .map(|catalog| {
            catalog
                .managed_policies()
                .filter(|(name, _)| lower.is_empty() || name.to_ascii_lowercase().contains(&lower))
                .take(SHOWN)
                .map(|(name, version)| Suggestion {
                    label: name.rsplit('/').next().unwrap_or(name).to_owned(),
                    insert: format!("{ARN_PREFIX}{name}"),
                    detail: version.to_owned(),
                })
                .collect()
        })
        .unwrap_or_default();
    let attach = {
        let dispatch = dispatch.clone();
        let list = props.list;
        let open = open.clone();
        let query = query.clone();
        Callback::from(move |arn: String| {
            dispatch.dispatch(Action::AttachManaged { list, arn });
            open.set(false);
            query.set(String::new());
        })
    };
    let on_pick = {
        let items = items.clone();
        let attach = attach.clone();
        Callback::from(move |at: usize| {
            if let Some(item) = items.get(at) {
                attach.emit(item.insert.clone());
            }
        })
    };
    let on_input = {
        let query = query.clone();
        let combo = combo.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            query.set(input.value());
            combo.reopen();
        })
    };
    let combo_keys = combo.on_keydown(items.len(), on_pick.clone());
    let on_keydown = {
        let attach = attach.clone();
        let typed = typed.clone();
        let open = open.clone();
        Callback::from(move |event: yew::KeyboardEvent| {
            // A whole ARN pasted in attaches as it is.
            if event.key() == "Enter" && typed.starts_with("arn:") {
                event.prevent_default();
                attach.emit(typed.clone());
                return;
            }
            combo_keys.emit(event.clone());
            if event.key() == "Escape" && !event.default_prevented() {
                open.set(false);
            }
        })
    };
    let on_close = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    let on_focus = {
        let combo = combo.clone();
        Callback::from(move |_: FocusEvent| combo.reopen())
    };
    let on_blur = {
        let combo = combo.clone();
        Callback::from(move |_: FocusEvent| combo.close())
    };
    let expanded = combo.is_open(items.len());
    let status = match (&vocabulary.vocabulary.catalog, items.is_empty()) {
        (None, _) => String::from("The list of AWS managed policies is loading…"),
        (Some(_), true) if !typed.starts_with("arn:") => format!("No AWS managed policy has “{typed}” in its name."),
        _ => String::new(),
    };
    html! {
        <div class="managed-picker" data-testid="managed-picker">
            <label for={input_id.clone()}>{ format!("Attach an AWS managed policy to {}", props.owner) }</label>
            <div class="managed-picker-row">
                <div class="combo">
                    <input id={input_id.clone()} type="text" class="mono" autocomplete="off" spellcheck="false"
                        placeholder="ReadOnlyAccess, or arn:aws:iam::aws:policy/…"
                        role="combobox" aria-autocomplete="list" aria-expanded={expanded.to_string()}
                        aria-controls={list_id.clone()} aria-activedescendant={combo.active_id(&list_id, items.len())}
                        value={(*query).clone()} oninput={on_input} onkeydown={on_keydown}
                        onfocus={on_focus} onblur={on_blur} />
                    if expanded {
                        { combo_list(&list_id, "AWS managed policies", &items, combo.active(), &on_pick) }
                    }
                </div>
                <button type="button" class="button small" onclick={on_close}>{ "Cancel" }</button>
            </div>
            <p class="hint" role="status">{ status }</p>
        </div>
    }
}

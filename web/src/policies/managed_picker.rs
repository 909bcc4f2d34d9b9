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
            // The name or the whole ARN: a pasted ARN finds its policy.
            let mut found: Vec<Suggestion> = catalog
                .managed_policies()
                .map(|(name, version)| {
                    let arn = format!("{ARN_PREFIX}{name}");
                    Suggestion {
                        label: arn.rsplit('/').next().unwrap_or(&arn).to_owned(),
                        insert: arn,
                        detail: version.to_owned(),
                    }
                })
                .filter(|s| s.insert.to_ascii_lowercase().contains(&lower))
                .collect();
            // Names that start with what is typed come first.
            iamlab_core::sort::sort_by_key(&mut found, |s| {
                !s.label.to_ascii_lowercase().starts_with(&lower)
            });
            found.truncate(SHOWN);
            found
        })
        .unwrap_or_default();
    let attach = {
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
        let open = open.clone();
        let only = (items.len() == 1).then(|| on_pick.clone());
        Callback::from(move |event: yew::KeyboardEvent| {
            combo_keys.emit(event.clone());
            if event.default_prevented() {
                return;
            }
            match (event.key().as_str(), &only) {
                // One policy left (a pasted ARN, a whole name): Enter takes it.
                ("Enter", Some(pick)) => pick.emit(0),
                ("Escape", _) => open.set(false),
                _ => {}
            }
        })
    };
    let on_close = Callback::from(move |_| open.set(false));
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
        (None, _) => "The list of AWS managed policies is loading…",
        (Some(_), true) => "No AWS managed policy has that name.",
        _ => "",
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

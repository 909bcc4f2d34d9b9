//! The suggestion list of a text field, as the ARIA combobox pattern has
//! it: the field keeps the focus and says which option is active
//! (`aria-activedescendant`); the list is a `listbox` of `option`s; arrows
//! move, Enter or Tab takes the active option, Escape closes, and a click
//! takes an option without taking the focus from the field.

use web_sys::KeyboardEvent;
use yew::{AttrValue, Callback, Html, MouseEvent, UseStateHandle, hook, html, use_state};

use crate::model::complete::{Step, Suggestion, key_step};

/// The list's state: whether it shows, and its active option.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Combo {
    open: UseStateHandle<bool>,
    active: UseStateHandle<Option<usize>>,
}

/// A list's state, for one field.
#[hook]
pub(crate) fn use_combo() -> Combo {
    Combo {
        open: use_state(|| false),
        active: use_state(|| None::<usize>),
    }
}

impl Combo {
    /// Whether the list shows (it has options and was not closed).
    pub(crate) fn is_open(&self, len: usize) -> bool {
        *self.open && len > 0
    }

    /// The active option.
    pub(crate) fn active(&self) -> Option<usize> {
        *self.active
    }

    /// After an edit: show the list again, with nothing active.
    pub(crate) fn reopen(&self) {
        self.open.set(true);
        self.active.set(None);
    }

    /// Hide the list.
    pub(crate) fn close(&self) {
        self.open.set(false);
        self.active.set(None);
    }

    /// The field's keydown handler; `pick` takes an option's index.
    pub(crate) fn on_keydown(&self, len: usize, pick: Callback<usize>) -> Callback<KeyboardEvent> {
        let combo = self.clone();
        Callback::from(move |event: KeyboardEvent| {
            match key_step(&event.key(), combo.is_open(len), len, *combo.active) {
                Step::Pass => {}
                Step::Move(active) => {
                    event.prevent_default();
                    combo.open.set(true);
                    combo.active.set(active);
                }
                Step::Pick(at) => {
                    event.prevent_default();
                    combo.close();
                    pick.emit(at);
                }
                Step::Close => {
                    event.prevent_default();
                    combo.close();
                }
            }
        })
    }

    /// The id of the active option, for the field's `aria-activedescendant`.
    pub(crate) fn active_id(&self, list_id: &str, len: usize) -> Option<AttrValue> {
        self.active()
            .filter(|_| self.is_open(len))
            .map(|at| AttrValue::from(option_id(list_id, at)))
    }
}

fn option_id(list_id: &str, at: usize) -> String {
    format!("{list_id}-option-{at}")
}

/// The list of options under a field: a plain function rather than a
/// component, since it keeps no state (a component costs the page's `.wasm`
/// its own copy of Yew's lifecycle code).
pub(crate) fn combo_list(
    id: &str,
    label: &'static str,
    items: &[Suggestion],
    active: Option<usize>,
    on_pick: &Callback<usize>,
) -> Html {
    let options = items.iter().enumerate().map(|(at, item)| {
        let on_pick = on_pick.clone();
        // Taking the option on mousedown, and keeping the default from
        // happening, leaves the focus in the field.
        let on_mousedown = Callback::from(move |event: MouseEvent| {
            event.prevent_default();
            on_pick.emit(at);
        });
        let is_active = active == Some(at);
        html! {
            <li id={option_id(id, at)} role="option" class={if is_active { "combo-option is-active" } else { "combo-option" }}
                aria-selected={if is_active { "true" } else { "false" }} onmousedown={on_mousedown}>
                <span class="combo-label mono">{ item.label.clone() }</span>
                <span class="combo-detail">{ item.detail.clone() }</span>
            </li>
        }
    });
    html! {
        <ul id={id.to_owned()} class="combo-list" role="listbox" aria-label={label} data-testid="suggestions">
            { for options }
        </ul>
    }
}

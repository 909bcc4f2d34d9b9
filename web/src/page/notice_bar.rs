//! The message line under the header: what a load, an import or a link did,
//! or what went wrong, with Undo after a load and a way to dismiss it.

use yew::{Callback, Html, component, html};

use crate::model::state::Action;
use crate::store::use_app;

/// The current notice, if any.
#[component]
pub(crate) fn NoticeBar() -> Html {
    let app = use_app();
    let Some(notice) = app.state.notice.clone() else {
        return Html::default();
    };
    let on_dismiss = {
        let app = app.clone();
        Callback::from(move |_| app.send(Action::Notify(None)))
    };
    let on_undo = {
        let app = app.clone();
        Callback::from(move |_| app.send(Action::UndoLoad))
    };
    let can_undo = app.state.previous.is_some() && !notice.is_error;
    let (class, icon, role) = if notice.is_error {
        ("notice notice-error", "⚠", "alert")
    } else {
        ("notice", "ℹ", "status")
    };
    html! {
        <div class={class} role={role} data-testid="notice">
            <span class="notice-icon" aria-hidden="true">{ icon }</span>
            <p class="notice-text">{ notice.text }</p>
            if can_undo {
                <button type="button" class="button small" onclick={on_undo}>{ "Undo" }</button>
            }
            <button type="button" class="button small quiet" onclick={on_dismiss} aria-label="Dismiss the message">{ "✕" }</button>
        </div>
    }
}

//! The first pane, "Who is calling": every principal of the workspace, the
//! caller picked among them, and the caller's details.

use iamlab_core::principal::classify;
use yew::{Callback, Html, component, html};

use crate::caller::principal_card::PrincipalCard;
use crate::model::state::Action;
use crate::store::use_app;

/// The principals and the choice of caller.
#[component]
pub(crate) fn CallerPane() -> Html {
    let app = use_app();
    let workspace = &app.state.workspace;
    let on_add = {
        let app = app.clone();
        Callback::from(move |_| app.send(Action::AddPrincipal))
    };
    let cards = workspace
        .principals
        .iter()
        .enumerate()
        .map(|(idx, principal)| {
            let role_arn = Some(principal.role_arn.trim()).filter(|r| !r.is_empty());
            let classified = classify(principal.arn.trim(), None, role_arn);
            let kind = classified
                .as_ref()
                .map_or("", |caller| caller.kind.as_str())
                .to_owned();
            let problem = match (&classified, app.analysis.scenario(idx)) {
                (Err(message), _) => Some(sentence(message)),
                (Ok(_), Err(message)) => Some(sentence(&message)),
                _ => None,
            };
            let derived_role = classified
                .ok()
                .and_then(|caller| caller.role_arn)
                .unwrap_or_default();
            html! {
                <PrincipalCard
                    key={idx}
                    index={idx}
                    principal={principal.clone()}
                    kind={kind}
                    derived_role_arn={derived_role}
                    is_caller={idx == workspace.caller}
                    removable={workspace.principals.len() > 1}
                    problem={problem}
                />
            }
        });
    html! {
        <section class="pane pane-callers" aria-labelledby="callers-heading">
            <header class="pane-header">
                <span class="step" aria-hidden="true">{ "1" }</span>
                <h2 id="callers-heading">{ "Who is calling" }</h2>
            </header>
            <p class="hint">{ "Pick the caller. Its policies are in the next pane." }</p>
            <fieldset class="callers">
                <legend class="visually-hidden">{ "Caller" }</legend>
                { for cards }
            </fieldset>
            <button type="button" class="button add" onclick={on_add}>{ "+ Add principal" }</button>
        </section>
    }
}

/// A message as a sentence: capitalized, with a final period.
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let mut out: String = match chars.next() {
        Some(first) => std::iter::once(first.to_ascii_uppercase())
            .chain(chars)
            .collect(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

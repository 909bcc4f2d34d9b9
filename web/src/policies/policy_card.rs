//! One policy: its name, its kind, its editor, and a Remove button.

use web_sys::HtmlInputElement;
use yew::{Callback, Html, InputEvent, Properties, TargetCast, component, html};

use crate::model::analysis::EditorDiagnostic;
use crate::model::state::Action;
use crate::model::workspace::PolicyDoc;
use crate::policies::policy_editor::PolicyEditor;
use crate::store::use_dispatch;

/// Props of [`PolicyCard`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct PolicyCardProps {
    /// The policy.
    pub(crate) doc: PolicyDoc,
    /// What kind of policy it is, for the badge (`Identity policy`, `SCP`...).
    pub(crate) kind: &'static str,
    /// The core's diagnostics for its text.
    pub(crate) diagnostics: Vec<EditorDiagnostic>,
    /// The part to highlight, if the explanation pointed here.
    pub(crate) highlight: Option<(usize, usize)>,
    /// Whether it can be removed here (a boundary and a resource policy are
    /// removed by their own buttons).
    #[prop_or(true)]
    pub(crate) removable: bool,
    /// Whether long lines wrap in the editor.
    #[prop_or_default]
    pub(crate) wrap: bool,
}

/// A card holding one policy editor.
#[component]
pub(crate) fn PolicyCard(props: &PolicyCardProps) -> Html {
    let dispatch = use_dispatch();
    let id = props.doc.id;
    let on_name = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            dispatch.dispatch(Action::SetPolicyName {
                id,
                name: input.value(),
            });
        })
    };
    let on_remove = Callback::from(move |_| dispatch.dispatch(Action::RemovePolicy(id)));
    let errors = props.diagnostics.iter().filter(|d| d.is_error).count();
    let warnings = props.diagnostics.len() - errors;
    let status = match (errors, warnings) {
        (0, 0) => {
            html! { <span class="status status-ok"><span aria-hidden="true">{ "✓ " }</span>{ "Valid" }</span> }
        }
        (0, n) => {
            html! { <span class="status status-warn"><span aria-hidden="true">{ "△ " }</span>{ plural(n, "warning") }</span> }
        }
        (n, _) => {
            html! { <span class="status status-bad"><span aria-hidden="true">{ "⚠ " }</span>{ plural(n, "error") }</span> }
        }
    };
    let name_id = format!("policy-{id}-name");
    html! {
        <article class="policy" data-testid="policy" data-policy-name={props.doc.name.clone()}>
            <div class="policy-head">
                <span class="badge">{ props.kind }</span>
                <label class="visually-hidden" for={name_id.clone()}>{ format!("{} name", props.kind) }</label>
                <input id={name_id} class="policy-name" type="text" value={props.doc.name.clone()} oninput={on_name} />
                { status }
                if props.removable {
                    <button type="button" class="icon-button" onclick={on_remove} aria-label={format!("Remove policy {}", props.doc.name)}>{ "✕" }</button>
                }
            </div>
            <PolicyEditor
                id={id}
                text={props.doc.text.clone()}
                label={format!("{} {} (JSON)", props.kind, props.doc.name)}
                diagnostics={props.diagnostics.clone()}
                highlight={props.highlight}
                wrap={props.wrap}
            />
        </article>
    }
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}

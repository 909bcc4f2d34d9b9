//! One policy: its name, its kind, its editor, and a Remove button.

use web_sys::HtmlInputElement;
use yew::{
    Callback, Html, InputEvent, MouseEvent, Properties, TargetCast, UseStateHandle, component,
    html, use_state,
};

use crate::model::analysis::EditorDiagnostic;
use crate::model::state::Action;
use crate::model::vocabulary::Vocabulary;
use crate::model::workspace::PolicyDoc;
use crate::policies::policy_editor::PolicyEditor;
use crate::policies::policy_summary::summary_view;
use crate::store::use_dispatch;
use crate::vocab_store::use_vocabulary;

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
    let vocabulary = use_vocabulary();
    let show = use_state(|| false);
    let summary_open = use_state(|| false);
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
    let suggestions = props.diagnostics.iter().filter(|d| d.is_suggestion).count();
    let warnings = props.diagnostics.len() - errors - suggestions;
    let status = match (errors, warnings) {
        (0, 0) if suggestions > 0 => {
            html! { <span class="status status-ok"><span aria-hidden="true">{ "✓ " }</span>{ format!("Valid, {}", plural(suggestions, "suggestion")) }</span> }
        }
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
    if props.doc.is_managed() {
        return managed_card(
            props,
            &vocabulary.vocabulary,
            &show,
            &summary_open,
            on_remove,
        );
    }
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
            { summary_view(&summary_open, vocabulary.vocabulary.catalog.as_deref(), id, &props.doc.text) }
        </article>
    }
}

/// An AWS managed policy: its name, ARN and version, its summary, and its
/// document, read-only, on demand (some are thousands of lines).
fn managed_card(
    props: &PolicyCardProps,
    vocabulary: &Vocabulary,
    show: &UseStateHandle<bool>,
    summary_open: &UseStateHandle<bool>,
    on_remove: Callback<MouseEvent>,
) -> Html {
    let doc = &props.doc;
    let id = doc.id;
    let version = vocabulary
        .managed
        .as_deref()
        .and_then(|managed| managed.version_of(&doc.arn))
        .unwrap_or("loading…");
    let document = vocabulary.managed_document(&doc.arn).ok();
    // The explanation pointed into the document: show it.
    let shown = **show || props.highlight.is_some();
    let on_show = {
        let show = show.clone();
        Callback::from(move |_| show.set(!*show))
    };
    html! {
        <article class="policy policy-managed" data-testid="policy" data-policy-name={doc.name.clone()} data-managed="true">
            <div class="policy-head">
                <span class="badge badge-managed">{ "AWS managed" }</span>
                <span id={format!("policy-{id}-name")} class="policy-name policy-name-fixed" tabindex="-1">{ doc.name.clone() }</span>
                <span class="status">{ version }</span>
                <button type="button" class="icon-button" onclick={on_remove} aria-label={format!("Detach AWS managed policy {}", doc.name)}>{ "✕" }</button>
            </div>
            <p class="hint mono managed-arn">{ doc.arn.clone() }</p>
            { for props.diagnostics.iter().filter(|d| d.is_error).map(|d| html! {
                <p class="field-warning" data-testid="diagnostic" data-code={d.code}>{ d.message.clone() }</p>
            }) }
            if let Some(text) = document {
                <button type="button" class="button small" aria-expanded={shown.to_string()} onclick={on_show}>
                    { if shown { "Hide the document" } else { "Show the document" } }
                </button>
                if shown {
                    <PolicyEditor
                        id={id}
                        text={text.to_string()}
                        label={format!("AWS managed policy {} (JSON, read-only)", doc.name)}
                        diagnostics={Vec::<EditorDiagnostic>::new()}
                        highlight={props.highlight}
                        wrap={props.wrap}
                        readonly=true
                    />
                }
                { summary_view(summary_open, vocabulary.catalog.as_deref(), id, &text) }
            }
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

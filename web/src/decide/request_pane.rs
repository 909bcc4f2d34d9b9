//! The request: who calls, the action, the resource, and the context keys,
//! with one-click additions for the keys people use most.

use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};

use yew::{Callback, Event, FocusEvent, Html, InputEvent, TargetCast, component, html, use_memo};

use crate::caller::principal_card::short_name;
use crate::decide::context_row::ContextRow;
use crate::decide::endpoint_card::EndpointCard;
use crate::dom;
use crate::model::complete;
use crate::model::complete::Suggestion;
use crate::model::guess::guess_context_entry;
use crate::model::state::Action;
use crate::model::vocabulary::same;
use crate::store::use_app;
use crate::vocab_store::use_vocabulary;
use crate::widgets::arn_field::ArnField;
use crate::widgets::combo::{combo_list, use_combo};
use iamlab_catalog::Catalog;
use iamlab_catalog::lint::lint_request_action;
use iamlab_core::diagnostic::Diagnostic;
use iamlab_core::source::Span;

/// The keys the request offers to add with one click, with their labels.
const QUICK_KEYS: [(&str, &str); 9] = [
    ("aws:SourceIp", "Source IP"),
    ("aws:MultiFactorAuthPresent", "MFA present"),
    ("aws:MultiFactorAuthAge", "MFA age"),
    ("aws:CurrentTime", "Current time"),
    ("aws:SecureTransport", "TLS"),
    ("aws:RequestedRegion", "Region"),
    ("aws:PrincipalOrgID", "Org ID"),
    ("aws:RequestTag/team", "Request tag"),
    ("aws:ResourceTag/team", "Resource tag"),
];

/// Keys offered as suggestions while typing a key.
const KEY_SUGGESTIONS: [&str; 16] = [
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:MultiFactorAuthPresent",
    "aws:MultiFactorAuthAge",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:SecureTransport",
    "aws:RequestedRegion",
    "aws:PrincipalOrgID",
    "aws:PrincipalIsAWSService",
    "aws:ViaAWSService",
    "aws:CalledVia",
    "aws:TagKeys",
    "aws:RequestTag/",
    "sts:ExternalId",
];

/// The request form.
#[component]
pub(crate) fn RequestPane() -> Html {
    let app = use_app();
    let workspace = &app.state.workspace;
    let request = &workspace.request;

    let on_caller = {
        let app = app.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Ok(idx) = select.value().parse::<usize>() {
                app.send(Action::SelectCaller(idx));
            }
        })
    };
    let vocabulary = use_vocabulary();
    let catalog = vocabulary.vocabulary.catalog.clone();
    let combo = use_combo();
    // What the catalog says of the action is worked out again only when the
    // action or the catalog changes: a keystroke in a policy re-renders this
    // pane too, and the suggestions, templates and finding were a measured
    // part of such a keystroke (0.5 ms of a 100 KB policy's 15).
    let words = use_memo(
        CatalogAndAction(catalog, request.action.clone()),
        |CatalogAndAction(catalog, action)| ActionWords::of(catalog.as_deref(), action),
    );
    let mut action_items = words.items.clone();
    if action_items.len() == 1
        && action_items
            .first()
            .is_some_and(|only| only.insert.eq_ignore_ascii_case(request.action.trim()))
    {
        action_items.clear();
    }
    let on_action = {
        let app = app.clone();
        let combo = combo.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            app.send(Action::SetAction(input.value()));
            combo.reopen();
        })
    };
    let on_pick_action = {
        let app = app.clone();
        let combo = combo.clone();
        let items = action_items.clone();
        Callback::from(move |at: usize| {
            if let Some(item) = items.get(at) {
                app.send(Action::SetAction(item.insert.clone()));
                // A service was taken: its actions come next.
                if item.insert.ends_with(':') {
                    combo.reopen();
                } else {
                    combo.close();
                }
            }
        })
    };
    let on_action_keydown = combo.on_keydown(action_items.len(), on_pick_action.clone());
    let on_action_blur = {
        let combo = combo.clone();
        Callback::from(move |_: FocusEvent| combo.close())
    };
    let action_open = combo.is_open(action_items.len());
    let arn_templates = words.arn_templates.clone();
    // An action that does not exist still gets a decision; this says why no
    // real request would ask for it, and offers the closest real one.
    let finding = words.finding.clone();
    let on_resource = {
        let app = app.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            app.send(Action::SetRequestResource(
                select.value().parse::<usize>().ok(),
            ));
        })
    };
    // The target's ARN can be typed here too; it edits the selected resource.
    let on_resource_arn = {
        let app = app.clone();
        let target = request.resource;
        Callback::from(move |arn: String| {
            if let Some(resource) = target {
                app.send(Action::SetResourceArn { resource, arn });
            }
        })
    };
    let target_arn = request
        .resource
        .and_then(|idx| workspace.resources.get(idx))
        .map(|r| r.arn.clone());
    let quick = QUICK_KEYS.iter().map(|&(key, label)| {
        let app = app.clone();
        let present = request
            .context
            .iter()
            .any(|e| e.key.eq_ignore_ascii_case(key));
        let on_click = Callback::from(move |_| {
            let guess = guess_context_entry(key, None, &dom::now_iso());
            app.send(Action::AddContextKey {
                key: key.to_owned(),
                kind: guess.kind,
                value: guess.value,
            });
        });
        html! {
            <button type="button" class="chip" onclick={on_click} disabled={present}
                title={key} aria-label={format!("Add {key} to the context")}>
                { format!("+ {label}") }
            </button>
        }
    });
    let on_add_key = {
        let app = app.clone();
        Callback::from(move |_| {
            app.send(Action::AddContextKey {
                key: String::new(),
                kind: Default::default(),
                value: String::new(),
            });
        })
    };
    let on_endpoint_toggle = {
        let app = app.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            app.send(Action::SetThroughEndpoint(input.checked()));
        })
    };
    let endpoint = request.endpoint.and_then(|idx| {
        let def = workspace.endpoints.get(idx)?;
        let (diagnostics, highlight) = match &def.policy {
            Some(doc) => (
                app.analysis
                    .diagnostics
                    .get(&doc.id)
                    .cloned()
                    .unwrap_or_default(),
                app.state
                    .highlight
                    .filter(|h| h.editor == doc.id)
                    .map(|h| (h.start, h.end)),
            ),
            None => (Vec::new(), None),
        };
        let problem = app
            .analysis
            .endpoints
            .get(idx)
            .and_then(|e| e.as_ref().err().cloned());
        Some(html! {
            <EndpointCard index={idx} endpoint={def.clone()} diagnostics={diagnostics} highlight={highlight} problem={problem} wrap={app.state.wrap_lines} />
        })
    });
    let rows = request.context.iter().enumerate().map(|(index, entry)| {
        html! { <ContextRow key={index} index={index} entry={entry.clone()} /> }
    });

    html! {
        <section class="request" aria-labelledby="request-heading">
            <header class="pane-header">
                <span class="step" aria-hidden="true">{ "3" }</span>
                <h2 id="request-heading">{ "Request and decision" }</h2>
            </header>
            <div class="request-grid">
                <div class="field">
                    <label for="request-caller">{ "Caller" }</label>
                    <select id="request-caller" onchange={on_caller}>
                        { for workspace.principals.iter().enumerate().map(|(idx, p)| html! {
                            <option value={idx.to_string()} selected={idx == workspace.caller}>{ short_name(&p.arn).to_owned() }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="request-action">{ "Action" }</label>
                    <div class="combo">
                        <input id="request-action" class="mono" type="text" spellcheck="false"
                            autocomplete="off" placeholder="s3:GetObject" value={request.action.clone()}
                            role="combobox" aria-autocomplete="list" aria-expanded={action_open.to_string()}
                            aria-controls="request-action-list"
                            aria-activedescendant={combo.active_id("request-action-list", action_items.len())}
                            aria-describedby="request-action-finding"
                            oninput={on_action} onkeydown={on_action_keydown} onblur={on_action_blur} />
                        if action_open {
                            { combo_list("request-action-list", "AWS actions", &action_items, combo.active(), &on_pick_action) }
                        }
                    </div>
                    <div id="request-action-finding" aria-live="polite">
                        if let Some(finding) = finding {
                            <p class="field-warning" data-testid="action-finding" data-code={finding.code.as_str()}>
                                { format!("△ {} — {}", finding.message, finding.help.as_deref().unwrap_or("")) }
                            </p>
                        }
                    </div>
                </div>
                <div class="field field-wide">
                    <label for="request-resource">{ "Resource" }</label>
                    <select id="request-resource" class="mono" onchange={on_resource}>
                        <option value="*" selected={request.resource.is_none()}>{ "* (an action that takes no resource)" }</option>
                        { for workspace.resources.iter().enumerate().map(|(idx, r)| html! {
                            <option value={idx.to_string()} selected={request.resource == Some(idx)}>{ r.arn.clone() }</option>
                        }) }
                    </select>
                    if let Some(arn) = target_arn {
                        <label class="visually-hidden" for="request-resource-arn">{ "Resource ARN of the request's target" }</label>
                        <ArnField id="request-resource-arn" value={arn} on_change={on_resource_arn}
                            suggestions={arn_templates.clone()} />
                    }
                </div>
            </div>
            <div class="through-endpoint">
                <label class="switch" for="request-endpoint">
                    <input id="request-endpoint" type="checkbox" role="switch" checked={request.endpoint.is_some()} onchange={on_endpoint_toggle} />
                    <span>{ "Through a VPC endpoint" }</span>
                </label>
                { for endpoint }
            </div>
            <div class="context">
                <div class="field-label">{ "Context keys" }
                    <span class="hint">{ " the request's own keys; the caller's and the resource's are derived" }</span>
                </div>
                if !request.context.is_empty() {
                    <ul class="context-list">{ for rows }</ul>
                }
                <datalist id="context-key-options">
                    { for KEY_SUGGESTIONS.iter().map(|k| html! { <option value={*k} /> }) }
                </datalist>
                <div class="chips" role="group" aria-label="Add a common context key">
                    { for quick }
                    <button type="button" class="chip" onclick={on_add_key}>{ "+ Other key" }</button>
                </div>
            </div>
        </section>
    }
}

/// The catalog (compared by address) and the request's action: what
/// [`ActionWords`] depend on.
struct CatalogAndAction(Option<Rc<Catalog>>, String);

impl PartialEq for CatalogAndAction {
    fn eq(&self, other: &Self) -> bool {
        same(&self.0, &other.0) && self.1 == other.1
    }
}

/// What the catalog says of the request's action.
struct ActionWords {
    /// The suggestions for the action field.
    items: Vec<Suggestion>,
    /// ARN templates of the action's resource types.
    arn_templates: Vec<Suggestion>,
    /// Why no real request would ask for this action, if so.
    finding: Option<Diagnostic>,
}

impl ActionWords {
    fn of(catalog: Option<&Catalog>, action: &str) -> Self {
        let Some(catalog) = catalog else {
            return ActionWords {
                items: Vec::new(),
                arn_templates: Vec::new(),
                finding: None,
            };
        };
        ActionWords {
            items: complete::actions(catalog, action),
            arn_templates: complete::arn_suggestions(catalog, action.trim()),
            finding: lint_request_action(catalog, action.trim(), Span::default())
                .into_iter()
                .next(),
        }
    }
}

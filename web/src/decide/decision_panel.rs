//! The decision of the current request and its explanation: the decision in
//! plain words and in AWS's term, the reason, the deciding statements, the
//! missing context keys (each one click away), the closest statements of an
//! implicit deny, and the layer-by-layer waterfall.
//!
//! Only the current request is explained (`iamlab_core::eval::explain`);
//! the tests panel takes the fast path. Nothing here decides anything.

use iamlab_core::eval::explain;
use iamlab_core::trace::{Decision, Explanation};
use yew::{Callback, Html, component, html, use_state};

use crate::caller::principal_card::{kind_label, short_name};
use crate::decide::trace_view::TraceView;
use crate::dom;
use crate::model::guess::{PolicyHint, guess_context_entry};
use crate::model::state::Action;
use crate::model::workspace::{ContextType, Workspace};
use crate::store::{AppContext, use_app};
use crate::wording::{decision_words, reason_text};

/// How many closest statements an implicit deny lists.
const CLOSEST_SHOWN: usize = 3;

/// The decision and its explanation.
#[component]
pub(crate) fn DecisionPanel() -> Html {
    let app = use_app();
    let all_statements = use_state(|| false);
    let workspace = &app.state.workspace;
    let caller = workspace.caller;
    let request = &workspace.request;
    let body = match app.analysis.prepare(workspace, request, caller) {
        Err(message) => no_decision(&message),
        Ok(prepared) => {
            let request = prepared.request();
            let explanation = explain(&prepared.scenario, &request);
            let show_all = {
                let all_statements = all_statements.clone();
                Callback::from(move |_| all_statements.set(true))
            };
            let folding = (*all_statements, show_all);
            explained(
                &app,
                workspace,
                &explanation,
                &prepared.resource.arn,
                folding,
            )
        }
    };
    html! {
        <section class="decision-panel" aria-labelledby="decision-heading">
            <h3 id="decision-heading" class="visually-hidden">{ "Decision" }</h3>
            { body }
        </section>
    }
}

/// The compact decision that stays at the bottom of a narrow screen while
/// the user edits above; a tap jumps to the full explanation.
fn decision_bar(icon: &'static str, headline: &'static str, class: &'static str) -> Html {
    let on_click = Callback::from(|_| {
        if let Some(element) = gloo::utils::document().get_element_by_id("decision-heading") {
            dom::scroll_to(&element);
        }
        dom::focus_by_id("decision-reason");
    });
    html! {
        <button type="button" class={format!("decision-bar decision-bar-{class}")} data-testid="decision-bar" onclick={on_click}
            aria-label={format!("{headline}: show why")}>
            <span class="decision-bar-icon" aria-hidden="true">{ icon }</span>
            <span class="decision-bar-text">{ headline }</span>
            <span class="decision-bar-go" aria-hidden="true">{ "Show why" }</span>
        </button>
    }
}

fn no_decision(message: &str) -> Html {
    html! {
        <>
        { decision_bar("⚠", "No decision yet", "error") }
        <div class="decision decision-error" data-testid="decision" data-decision="error" role="status">
            <span class="decision-icon" aria-hidden="true">{ "⚠" }</span>
            <div class="decision-words">
                <p class="decision-headline">{ "No decision yet" }</p>
                <p class="decision-sentence">
                    { format!("{}. ", capitalized(message)) }
                    { "AWS would refuse a policy with errors, so there is nothing to evaluate until they are fixed." }
                </p>
            </div>
        </div>
        </>
    }
}

fn explained(
    app: &AppContext,
    workspace: &Workspace,
    explanation: &Explanation<'_>,
    resource_arn: &str,
    (all_statements, show_all): (bool, Callback<yew::MouseEvent>),
) -> Html {
    let org = workspace.organization_of(workspace.caller);
    let words = decision_words(explanation.decision);
    let view = TraceView {
        analysis: &app.analysis,
        dispatch: &app.dispatch,
        org,
        action: workspace.request.action.trim(),
        resource: resource_arn,
        highlighted: app.state.highlight,
        owner: explanation.resource_account,
        all_statements,
        show_all,
    };
    let caller_name = workspace
        .principals
        .get(workspace.caller)
        .map_or("", |p| short_name(&p.arn));
    let accounts = match (explanation.caller.account, explanation.same_account) {
        (Some(account), true) => format!("same account ({account})"),
        (Some(account), false) => {
            format!(
                "cross-account: caller in {account}, resource in {}",
                explanation.resource_account
            )
        }
        (None, _) => format!("resource in {}", explanation.resource_account),
    };

    let matched = explanation.matched_statements();
    let deciding = matched.iter().map(
        |statement| html! { <li>{ view.statement_link(statement, "deciding-statement") }</li> },
    );

    let missing = explanation.missing_context_keys();
    let missing_items = missing.iter().map(|key| missing_key(app, explanation, key));

    let closest: Vec<Html> = if explanation.decision == Decision::ImplicitDeny {
        explanation
            .closest_statements()
            .into_iter()
            .take(CLOSEST_SHOWN)
            .map(|(policy, statement, _)| view.closest(policy, statement))
            .collect()
    } else {
        Vec::new()
    };

    html! {
        <>
            <div class={format!("decision decision-{}", words.class)} data-testid="decision" data-decision={explanation.decision.as_str()} role="status">
                <span class="decision-icon" aria-hidden="true">{ words.icon }</span>
                <div class="decision-words">
                    <p class="decision-headline">{ words.headline }</p>
                    <p class="decision-term">{ "AWS's term: " }<code>{ explanation.decision.as_str() }</code></p>
                </div>
            </div>
            <p class="decision-reason" id="decision-reason" tabindex="-1">{ reason_text(explanation, org) }</p>
            <p class="decision-request hint">
                <strong>{ caller_name.to_owned() }</strong>
                { format!(" ({}) calls ", kind_label(explanation.caller.kind.as_str())) }
                <code>{ workspace.request.action.trim().to_owned() }</code>
                { " on " }
                <code class="break">{ resource_arn.to_owned() }</code>
                if let Some(endpoint) = explanation.endpoint {
                    { " through VPC endpoint " }<code>{ endpoint.to_owned() }</code>
                }
                { format!(" — {accounts}.") }
            </p>
            { decision_bar(words.icon, words.headline, words.class) }

            if !matched.is_empty() {
                <div class="block">
                    <h4>{ if explanation.decision == Decision::Allowed { "Statements that allow it" } else { "Statements that deny it" } }</h4>
                    <ul class="statement-links">{ for deciding }</ul>
                </div>
            }

            if !missing.is_empty() {
                <div class="block block-missing">
                    <h4>{ "Missing context keys" }</h4>
                    <p class="hint">{ "Statements that concern this request test these keys, and the request does not give them." }</p>
                    <ul class="missing-keys">{ for missing_items }</ul>
                </div>
            }

            if !closest.is_empty() {
                <div class="block">
                    <h4>{ "Closest statements" }</h4>
                    <p class="hint">{ "The Allow statements that came nearest to granting this request, and what each lacked." }</p>
                    <ol class="closest-list">{ for closest }</ol>
                </div>
            }

            <div class="block">
                <h4>{ "Layer by layer, in AWS's order" }</h4>
                { view.waterfall(explanation) }
            </div>
        </>
    }
}

/// A missing key, with a button that adds it to the request with a value
/// guessed from its name or from the condition that asked for it.
fn missing_key(app: &AppContext, explanation: &Explanation<'_>, key: &str) -> Html {
    let condition = explanation
        .layers
        .iter()
        .flat_map(|layer| layer.statements.iter())
        .flat_map(|statement| statement.conditions.iter())
        .find(|condition| condition.key.eq_ignore_ascii_case(key));
    let operator = condition.map(|c| c.operator.to_owned());
    let value = condition
        .and_then(|c| c.policy_values.first())
        .map(|v| v.resolved.clone().unwrap_or_else(|| v.written.to_owned()));
    let hint = operator.as_deref().map(|operator| PolicyHint {
        operator,
        value: value.as_deref(),
    });
    // The label shows the guess made now; the click makes it again, with the time of the click.
    let preview = guess_context_entry(key, hint, &dom::now_iso());
    let label = format!(
        "+ Add as {} {}",
        type_word(preview.kind),
        if preview.value.is_empty() {
            "\"\""
        } else {
            &preview.value
        }
    );
    let on_click = {
        let app = app.clone();
        let key = key.to_owned();
        Callback::from(move |_| {
            let hint = operator.as_deref().map(|operator| PolicyHint {
                operator,
                value: value.as_deref(),
            });
            let guess = guess_context_entry(&key, hint, &dom::now_iso());
            app.send(Action::AddContextKey {
                key: key.clone(),
                kind: guess.kind,
                value: guess.value,
            });
        })
    };
    html! {
        <li class="missing-key">
            <code>{ key.to_owned() }</code>
            <button type="button" class="button small primary" data-testid="add-missing-key" data-key={key.to_owned()} onclick={on_click}
                aria-label={format!("Add {key} to the request context")}>
                { label }
            </button>
        </li>
    }
}

fn type_word(kind: ContextType) -> &'static str {
    match kind {
        ContextType::String => "string",
        ContextType::List => "list",
        ContextType::Number => "number",
        ContextType::Boolean => "boolean",
        ContextType::Date => "date",
        ContextType::Ip => "IP",
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => std::iter::once(first.to_ascii_uppercase())
            .chain(chars)
            .collect(),
        None => String::new(),
    }
}

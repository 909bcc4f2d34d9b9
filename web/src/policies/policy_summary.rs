//! A policy's summary, like the IAM console's: per service, the access
//! levels it allows or denies, on which resources, under which conditions.
//! Computed from the lowered policy and the catalog only while it is shown.

use iamlab_catalog::summary::{PolicySummary, ServiceSummary, summarize};
use iamlab_core::policy::{DocumentKind, LowerOptions, parse_policy};
use iamlab_core::source::SourceMap;
use yew::{AttrValue, Callback, Html, Properties, component, html, use_state};

use crate::store::use_app;
use crate::vocab_store::use_vocabulary;

/// Props of [`PolicySummaryView`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct PolicySummaryProps {
    /// The policy's editor id.
    pub(crate) id: u32,
    /// Its JSON text (read again when the summary is shown).
    pub(crate) text: AttrValue,
}

/// A "Summary" button and, when open, the summary table.
#[component]
pub(crate) fn PolicySummaryView(props: &PolicySummaryProps) -> Html {
    let app = use_app();
    let vocabulary = use_vocabulary();
    let open = use_state(|| false);
    let Some(catalog) = vocabulary.vocabulary.catalog.clone() else {
        return html! {};
    };
    let id = props.id;
    let panel_id = format!("summary-{id}");
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let summary = open
        .then(|| {
            let kind = app
                .analysis
                .kinds
                .get(&id)
                .copied()
                .unwrap_or(DocumentKind::Identity);
            let mut sources = SourceMap::new();
            let source = sources.add("policy", props.text.to_string());
            let options = LowerOptions {
                kind,
                name: String::new(),
            };
            parse_policy(&mut sources, source, &options).0
        })
        .flatten()
        .map(|policy| summarize(&catalog, &policy));
    html! {
        <div class="policy-summary">
            <button type="button" class="button small summary-toggle" aria-expanded={open.to_string()}
                aria-controls={panel_id.clone()} onclick={on_toggle}>
                { if *open { "Hide summary" } else { "Summary" } }
            </button>
            if *open {
                <div id={panel_id} class="summary-panel" data-testid="policy-summary">
                    { match summary {
                        Some(summary) => summary_table(&summary),
                        None => html! { <p class="hint">{ "Fix the policy's errors to see its summary." }</p> },
                    } }
                </div>
            }
        </div>
    }
}

fn summary_table(summary: &PolicySummary) -> Html {
    if summary.allow.is_empty() && summary.deny.is_empty() {
        return html! {
            <p class="hint">{ "This policy names no action that AWS's catalog knows." }</p>
        };
    }
    html! {
        <>
            if !summary.allow.is_empty() {
                { section("Allows", &summary.allow) }
            }
            if !summary.deny.is_empty() {
                { section("Denies", &summary.deny) }
            }
            if !summary.unknown.is_empty() {
                <p class="hint">
                    { "Entries that name no known action: " }
                    <span class="mono">{ summary.unknown.join(", ") }</span>
                </p>
            }
        </>
    }
}

fn section(title: &str, services: &[ServiceSummary]) -> Html {
    html! {
        <table class="summary-table">
            <caption>{ format!("{title}: {}", plural(services.len(), "service")) }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Service" }</th>
                    <th scope="col">{ "Access level" }</th>
                    <th scope="col">{ "Resources" }</th>
                    <th scope="col">{ "Conditions" }</th>
                </tr>
            </thead>
            <tbody>
                { for services.iter().map(row) }
            </tbody>
        </table>
    }
}

fn row(service: &ServiceSummary) -> Html {
    let counts: Vec<String> = service
        .levels
        .iter()
        .map(|count| {
            format!(
                "{} {} of {}",
                count.level.names().join(", "),
                count.covered,
                count.total
            )
        })
        .collect();
    let resources = if service.all_resources() {
        String::from("All resources")
    } else {
        service.resources.join(", ")
    };
    let conditions = if service.conditions.is_empty() {
        String::from("None")
    } else {
        service.conditions.join(", ")
    };
    html! {
        <tr>
            <th scope="row">
                { service.name.clone() }
                <span class="mono hint">{ format!(" {}", service.prefix) }</span>
            </th>
            <td>
                <strong>{ service.access_words() }</strong>
                if !service.full {
                    <span class="hint">{ format!(" ({})", counts.join("; ")) }</span>
                }
            </td>
            <td class="mono">{ resources }</td>
            <td class="mono">{ conditions }</td>
        </tr>
    }
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}

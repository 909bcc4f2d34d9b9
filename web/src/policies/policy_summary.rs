//! A policy's summary, like the IAM console's: per service, the access
//! levels it allows or denies, on which resources, under which conditions.
//! Computed from the lowered policy and the catalog only while it is shown.

use iamlab_catalog::Catalog;
use iamlab_catalog::summary::{PolicySummary, ServiceSummary, summarize};
use iamlab_core::policy::{DocumentKind, LowerOptions, parse_policy};
use iamlab_core::source::SourceMap;
use yew::{Callback, Html, UseStateHandle, html};

/// A "Summary" button and, when open, the summary: a plain function of the
/// policy card's state (a component of its own cost the page's `.wasm` its
/// own copy of Yew's lifecycle code).
pub(crate) fn summary_view(
    open: &UseStateHandle<bool>,
    catalog: Option<&Catalog>,
    id: u32,
    text: &str,
) -> Html {
    let Some(catalog) = catalog else {
        return html! {};
    };
    let panel_id = format!("summary-{id}");
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    // The text is read again, as whichever grammar accepts it: a summary
    // needs only the statements' actions, resources and conditions.
    let summary = open
        .then(|| {
            [
                DocumentKind::Identity,
                DocumentKind::Resource,
                DocumentKind::RoleTrust,
            ]
            .into_iter()
            .find_map(|kind| {
                let mut sources = SourceMap::new();
                let source = sources.add("policy", text.to_owned());
                let options = LowerOptions {
                    kind,
                    name: String::new(),
                };
                parse_policy(&mut sources, source, &options).0
            })
        })
        .flatten()
        .map(|policy| summarize(catalog, &policy));
    html! {
        <div class="policy-summary">
            <button type="button" class="button small summary-toggle" aria-expanded={open.to_string()}
                aria-controls={panel_id.clone()} onclick={on_toggle}>
                { if **open { "Hide summary" } else { "Summary" } }
            </button>
            if **open {
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
    // One line per service, as text: the summary is read, not clicked.
    let lines = |title: &str, services: &[ServiceSummary]| -> Html {
        if services.is_empty() {
            return html! {};
        }
        html! {
            <>
                <p class="summary-title">{ format!("{title} ({})", plural(services.len(), "service")) }</p>
                <ul class="summary-list">
                    { for services.iter().map(|service| html! {
                        <li><strong>{ service.name.clone() }</strong>{ line(service) }</li>
                    }) }
                </ul>
            </>
        }
    };
    html! {
        <>
            { lines("Allows", &summary.allow) }
            { lines("Denies", &summary.deny) }
            if !summary.unknown.is_empty() {
                <p class="hint">{ format!("Entries that name no known action: {}", summary.unknown.join(", ")) }</p>
            }
        </>
    }
}

/// The rest of a service's line: its prefix, access, resources, conditions.
fn line(service: &ServiceSummary) -> String {
    let mut out = format!(" ({}): {}", service.prefix, service.access_words());
    if !service.full {
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
        out.push_str(&format!(" [{}]", counts.join("; ")));
    }
    out.push_str(" · on ");
    if service.all_resources() {
        out.push_str("all resources");
    } else {
        out.push_str(&service.resources.join(", "));
    }
    if !service.conditions.is_empty() {
        out.push_str(&format!(" · when {}", service.conditions.join(", ")));
    }
    out
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}

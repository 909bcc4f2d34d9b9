//! The second pane, "Policies": every policy that can take part in the
//! caller's requests, grouped as AWS groups them: the caller's identity
//! policies (its own and its groups'), its permissions boundary, its session
//! policies, the organization's SCP and RCP levels, and the resources with
//! their resource-based policies.

use iamlab_core::principal::{PrincipalKind, classify};
use yew::{Callback, Html, component, html};

use crate::caller::principal_card::short_name;
use crate::model::complete;
use crate::model::state::{Action, PolicyList};
use crate::model::workspace::PolicyDoc;
use crate::policies::managed_picker::ManagedPicker;
use crate::policies::org_levels::{GuardrailKind, OrgLevels};
use crate::policies::policy_card::PolicyCard;
use crate::policies::resource_card::ResourceCard;
use crate::store::{AppContext, use_app};
use crate::vocab_store::use_vocabulary;

/// A [`PolicyCard`] for `doc`, with its diagnostics and highlight.
pub(crate) fn policy_card(
    app: &AppContext,
    doc: &PolicyDoc,
    kind: &'static str,
    removable: bool,
) -> Html {
    let diagnostics = app.editor_diagnostics(doc.id);
    let highlight = app.editor_highlight(doc.id);
    html! {
        <PolicyCard
            key={doc.id}
            doc={doc.clone()}
            kind={kind}
            diagnostics={diagnostics}
            highlight={highlight}
            removable={removable}
            wrap={app.state.wrap_lines}
        />
    }
}

/// Why a caller of `kind` has no identity policies, or `None` when it can.
fn no_identity_reason(kind: PrincipalKind) -> Option<&'static str> {
    match kind {
        PrincipalKind::Root => Some(
            "The account root user has every permission of its own account without any policy; AWS attaches no identity policies or boundary to it. SCPs still apply to it in a member account, and resource policies can still deny.",
        ),
        PrincipalKind::Service => Some(
            "A service principal acts as itself, not as an IAM identity: only resource-based policies (a bucket policy, a trust policy…) can grant it anything, so it has no identity policies, boundary or session policies.",
        ),
        PrincipalKind::Anonymous => Some(
            "An anonymous caller has no identity at all: only a resource-based policy that grants to \"*\" can let it in, so it has no identity policies.",
        ),
        _ => None,
    }
}

/// The policies of the caller, the organization and the resources.
#[component]
pub(crate) fn PoliciesPane() -> Html {
    let app = use_app();
    let vocabulary = use_vocabulary();
    let workspace = &app.state.workspace;
    let caller = workspace.caller;
    let Some(principal) = workspace.principals.get(caller) else {
        return html! {
            <section class="pane pane-policies" aria-labelledby="policies-heading">
                <h2 id="policies-heading">{ "Policies" }</h2>
                <p class="hint">{ "Add a principal to start." }</p>
            </section>
        };
    };
    let send = |action: Action| {
        let app = app.clone();
        Callback::from(move |_: yew::MouseEvent| app.send(action.clone()))
    };
    let on_wrap = {
        let app = app.clone();
        Callback::from(move |event: yew::Event| {
            let input: web_sys::HtmlInputElement = yew::TargetCast::target_unchecked_into(&event);
            app.send(Action::SetWrapLines(input.checked()));
        })
    };
    let name = short_name(&principal.arn).to_owned();
    let role_arn = Some(principal.role_arn.trim()).filter(|r| !r.is_empty());
    let kind = classify(principal.arn.trim(), None, role_arn)
        .map(|caller| caller.kind)
        .ok();
    // Root, service and anonymous callers carry no identity policies: say
    // why instead of offering editors that could never apply.
    let no_identity = kind.and_then(no_identity_reason);
    // Policies typed before the caller changed kind are kept (nothing typed
    // is ever lost), so they can be read and removed; the caller's problem
    // says they cannot apply.
    let has_identity_policies = !principal.policies.is_empty()
        || principal.groups.iter().any(|g| !g.policies.is_empty())
        || principal.boundary.is_some()
        || !principal.session_policies.is_empty();
    let takes_session = matches!(
        kind,
        Some(PrincipalKind::RoleSession | PrincipalKind::FederatedUser)
    ) || !principal.session_policies.is_empty();

    let identity = principal
        .policies
        .iter()
        .map(|doc| policy_card(&app, doc, "Identity policy", true));
    let groups = principal.groups.iter().enumerate().map(|(group, def)| {
        let cards = def.policies.iter().map(|doc| policy_card(&app, doc, "Group policy", true));
        html! {
            <div class="policy-subgroup" key={format!("group-{group}")}>
                <h4>{ format!("Group {}", def.name) }</h4>
                { for cards }
                <div class="add-row">
                    <button type="button" class="button small add" onclick={send(Action::AddPolicy(PolicyList::Group { principal: caller, group }))}>
                        { format!("+ Policy for group {}", def.name) }
                    </button>
                    <ManagedPicker list={PolicyList::Group { principal: caller, group }}
                        id={format!("managed-{caller}-group-{group}")} owner={format!("group {}", def.name)} />
                </div>
            </div>
        }
    });
    let boundary = match &principal.boundary {
        Some(doc) => html! {
            <>
                { policy_card(&app, doc, "Boundary", false) }
                <button type="button" class="button small" onclick={send(Action::SetBoundary { principal: caller, present: false })}>
                    { "Remove the boundary" }
                </button>
            </>
        },
        None => html! {
            <button type="button" class="button small add" onclick={send(Action::SetBoundary { principal: caller, present: true })}>
                { "+ Permissions boundary" }
            </button>
        },
    };
    let sessions = principal
        .session_policies
        .iter()
        .map(|doc| policy_card(&app, doc, "Session policy", true));
    let own_org = principal.organization.is_some();
    let org = workspace.organization_of(caller).clone();
    let target = workspace.request.resource;
    let arn_suggestions = vocabulary
        .vocabulary
        .catalog
        .as_deref()
        .map(|catalog| complete::arn_suggestions(catalog, workspace.request.action.trim()))
        .unwrap_or_default();
    let resources = workspace
        .resources
        .iter()
        .enumerate()
        .map(|(idx, resource)| {
            let (diagnostics, highlight) = match &resource.policy {
                Some(doc) => (app.editor_diagnostics(doc.id), app.editor_highlight(doc.id)),
                None => (Vec::new(), None),
            };
            let problem = app
                .analysis
                .resources
                .get(idx)
                .and_then(|r| r.as_ref().err().cloned());
            html! {
                <ResourceCard
                    key={idx}
                    index={idx}
                    resource={resource.clone()}
                    diagnostics={diagnostics}
                    highlight={highlight}
                    is_target={target == Some(idx)}
                    problem={problem}
                    wrap={app.state.wrap_lines}
                    arn_suggestions={arn_suggestions.clone()}
                />
            }
        });

    html! {
        <section class="pane pane-policies" aria-labelledby="policies-heading">
            <header class="pane-header">
                <span class="step" aria-hidden="true">{ "2" }</span>
                <h2 id="policies-heading">{ "Policies" }</h2>
                <label class="wrap-toggle" for="wrap-lines">
                    <input id="wrap-lines" type="checkbox" checked={app.state.wrap_lines} onchange={on_wrap} />
                    { " Wrap long lines" }
                </label>
            </header>

            if let Some(reason) = no_identity {
                <section class="policy-group" aria-labelledby="identity-heading" data-testid="no-identity-policies">
                    <h3 id="identity-heading">{ format!("Identity policies of {name}") }</h3>
                    <p class="hint why-none">{ reason }</p>
                    if has_identity_policies {
                        <p class="field-error">{ "The policies below were written for another kind of caller and cannot apply to this one: remove them, or change the caller back." }</p>
                        { for identity }
                        { for groups }
                        if let Some(doc) = &principal.boundary {
                            { policy_card(&app, doc, "Boundary", true) }
                        }
                        { for sessions }
                    }
                </section>
            } else {
                <section class="policy-group" aria-labelledby="identity-heading">
                    <h3 id="identity-heading">{ format!("Identity policies of {name}") }</h3>
                    <p class="hint">{ "Attached and inline policies of the user or role, and of the user's groups." }</p>
                    { for identity }
                    <div class="add-row">
                        <button type="button" class="button small add" onclick={send(Action::AddPolicy(PolicyList::Identity { principal: caller }))}>
                            { "+ Identity policy" }
                        </button>
                        <ManagedPicker list={PolicyList::Identity { principal: caller }}
                            id={format!("managed-{caller}")} owner={name.clone()} />
                    </div>
                    { for groups }
                </section>

                <section class="policy-group" aria-labelledby="boundary-heading">
                    <h3 id="boundary-heading">{ "Permissions boundary" }</h3>
                    <p class="hint">{ "The most the identity policies can grant; it never grants by itself." }</p>
                    { boundary }
                </section>

                if takes_session {
                    <section class="policy-group" aria-labelledby="session-heading">
                        <h3 id="session-heading">{ "Session policies" }</h3>
                        <p class="hint">{ "Passed when a role session or federated user was made; they cap the session." }</p>
                        { for sessions }
                        <button type="button" class="button small add" onclick={send(Action::AddPolicy(PolicyList::Session { principal: caller }))}>
                            { "+ Session policy" }
                        </button>
                    </section>
                }
            }

            <section class="policy-group" aria-labelledby="org-heading">
                <h3 id="org-heading">{ "Organization" }</h3>
                if own_org {
                    <p class="hint">{ "This caller's case file gave it its own organization, shown here." }</p>
                }
                <OrgLevels kind={GuardrailKind::Scp} enabled={org.scps_enabled} levels={org.scps.clone()} editable={!own_org} />
                <OrgLevels kind={GuardrailKind::Rcp} enabled={org.rcps_enabled} levels={org.rcps.clone()} editable={!own_org} />
            </section>

            <section class="policy-group" aria-labelledby="resources-heading">
                <h3 id="resources-heading">{ "Resources" }</h3>
                <p class="hint">{ "What requests can target, with tags and an optional resource-based policy (bucket, key, trust, queue policy…)." }</p>
                { for resources }
                <button type="button" class="button small add" onclick={send(Action::AddResource)}>{ "+ Resource" }</button>
            </section>
        </section>
    }
}

//! One principal: whether it is the caller, its kind, ARN, tags and groups.
//!
//! The kind shown is the core's classification of the ARN; choosing
//! another kind rewrites the ARN into that shape, in the same account.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::{Callback, Event, Html, InputEvent, Properties, TargetCast, component, html};

use crate::model::guess::{PRINCIPAL_KINDS, arn_for_kind};
use crate::model::state::{Action, TagOwner};
use crate::model::workspace::PrincipalDef;
use crate::store::use_dispatch;
use crate::widgets::arn_field::ArnField;
use crate::widgets::tag_list::TagList;

/// Props of [`PrincipalCard`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct PrincipalCardProps {
    /// Its place in the workspace.
    pub(crate) index: usize,
    /// The principal.
    pub(crate) principal: PrincipalDef,
    /// Its kind as the core classifies it (empty when the ARN does not read).
    pub(crate) kind: String,
    /// For a role session, the role ARN the core derives.
    pub(crate) derived_role_arn: String,
    /// Whether it is the caller.
    pub(crate) is_caller: bool,
    /// Whether it may be removed (not the last one).
    pub(crate) removable: bool,
    /// Why it cannot call, if it cannot.
    pub(crate) problem: Option<String>,
}

/// The short name of a principal: the last part of its ARN.
pub(crate) fn short_name(arn: &str) -> &str {
    let arn = arn.trim();
    if arn.ends_with(":root") {
        return "root";
    }
    arn.rsplit(['/', ':'])
        .find(|part| !part.is_empty())
        .unwrap_or(arn)
}

/// The label of a kind name.
pub(crate) fn kind_label(kind: &str) -> &'static str {
    PRINCIPAL_KINDS
        .iter()
        .find(|(name, _)| *name == kind)
        .map_or("Unrecognised ARN", |(_, label)| label)
}

/// A card for one principal; the caller's is expanded.
#[component]
pub(crate) fn PrincipalCard(props: &PrincipalCardProps) -> Html {
    let dispatch = use_dispatch();
    let index = props.index;
    let principal = &props.principal;
    let id = |part: &str| format!("principal-{index}-{part}");

    let on_select = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::SelectCaller(index)))
    };
    let on_remove = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::RemovePrincipal(index)))
    };
    let on_kind = {
        let dispatch = dispatch.clone();
        let arn = principal.arn.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            dispatch.dispatch(Action::SetPrincipalArn {
                principal: index,
                arn: arn_for_kind(&select.value(), &arn),
            });
        })
    };
    let on_arn = {
        let dispatch = dispatch.clone();
        Callback::from(move |arn: String| {
            dispatch.dispatch(Action::SetPrincipalArn {
                principal: index,
                arn,
            });
        })
    };
    let on_role_arn = {
        let dispatch = dispatch.clone();
        Callback::from(move |role_arn: String| {
            dispatch.dispatch(Action::SetRoleArn {
                principal: index,
                role_arn,
            });
        })
    };
    let on_add_group = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::AddGroup(index)))
    };

    let groups = principal.groups.iter().enumerate().map(|(group, def)| {
        let on_name = {
            let dispatch = dispatch.clone();
            Callback::from(move |event: InputEvent| {
                let input: HtmlInputElement = event.target_unchecked_into();
                dispatch.dispatch(Action::SetGroupName {
                    principal: index,
                    group,
                    name: input.value(),
                });
            })
        };
        let on_remove_group = {
            let dispatch = dispatch.clone();
            Callback::from(move |_| dispatch.dispatch(Action::RemoveGroup { principal: index, group }))
        };
        let group_id = id(&format!("group-{group}"));
        html! {
            <li class="group-row" key={group}>
                <label class="visually-hidden" for={group_id.clone()}>{ format!("Group {} name", group + 1) }</label>
                <input id={group_id} type="text" value={def.name.clone()} oninput={on_name} />
                <span class="hint">{ policy_count(def.policies.len()) }</span>
                <button type="button" class="icon-button" onclick={on_remove_group} aria-label={format!("Remove group {}", def.name)}>{ "✕" }</button>
            </li>
        }
    });

    let name = short_name(&principal.arn).to_owned();
    let kind_text = kind_label(&props.kind);
    let class = if props.is_caller {
        "principal is-caller"
    } else {
        "principal"
    };
    let summary = summary(principal);

    html! {
        <div class={class} data-testid="principal">
            <div class="principal-head">
                <input
                    type="radio"
                    name="caller"
                    id={id("caller")}
                    checked={props.is_caller}
                    onchange={on_select}
                />
                <label for={id("caller")} class="principal-name">
                    <span class="principal-short">{ name }</span>
                    <span class={if props.kind.is_empty() { "badge badge-bad" } else { "badge" }}>{ kind_text }</span>
                    if props.is_caller {
                        <span class="badge badge-caller">{ "Caller" }</span>
                    }
                </label>
                if props.removable {
                    <button type="button" class="icon-button" onclick={on_remove} aria-label={format!("Remove principal {}", principal.arn)}>{ "✕" }</button>
                }
            </div>
            if props.is_caller {
                <div class="principal-body">
                    <div class="field">
                        <label for={id("kind")}>{ "Kind" }</label>
                        <select id={id("kind")} onchange={on_kind}>
                            { for PRINCIPAL_KINDS.iter().map(|(value, label)| html! {
                                <option value={*value} selected={props.kind == *value}>{ *label }</option>
                            }) }
                        </select>
                    </div>
                    <div class="field">
                        <label for={id("arn")}>{ if props.kind == "service" { "Service principal" } else { "ARN" } }</label>
                        <ArnField id={id("arn")} value={principal.arn.clone()} on_change={on_arn} />
                    </div>
                    if props.kind == "role-session" {
                        <div class="field">
                            <label for={id("role")}>{ "Role ARN" }<span class="hint">{ " (with its path; empty: derived)" }</span></label>
                            <ArnField id={id("role")} value={principal.role_arn.clone()} placeholder={props.derived_role_arn.clone()} on_change={on_role_arn} />
                        </div>
                    }
                    if let Some(problem) = &props.problem {
                        <p class="field-error" role="alert">
                            <span aria-hidden="true">{ "⚠ " }</span>{ problem.clone() }
                        </p>
                    }
                    <TagList owner={TagOwner::Principal(index)} tags={principal.tags.clone()} key_prefix="aws:PrincipalTag" id_prefix={id("tags")} />
                    if props.kind == "user" || !principal.groups.is_empty() {
                        <div class="groups">
                            <div class="field-label">{ "Groups" }<span class="hint">{ " (their policies are identity policies of the user)" }</span></div>
                            if !principal.groups.is_empty() {
                                <ul class="group-list">{ for groups }</ul>
                            }
                            <button type="button" class="button small add" onclick={on_add_group}>{ "+ Group" }</button>
                        </div>
                    }
                    <p class="hint principal-summary">{ summary }</p>
                </div>
            } else {
                <p class="principal-arn mono">{ principal.arn.clone() }</p>
            }
        </div>
    }
}

fn policy_count(count: usize) -> String {
    match count {
        1 => String::from("1 policy"),
        n => format!("{n} policies"),
    }
}

fn summary(principal: &PrincipalDef) -> String {
    let identity = principal.policies.len()
        + principal
            .groups
            .iter()
            .map(|g| g.policies.len())
            .sum::<usize>();
    let mut parts = vec![format!(
        "{identity} identity {}",
        if identity == 1 { "policy" } else { "policies" }
    )];
    if principal.boundary.is_some() {
        parts.push(String::from("a permissions boundary"));
    }
    if !principal.session_policies.is_empty() {
        parts.push(format!(
            "{} session {}",
            principal.session_policies.len(),
            if principal.session_policies.len() == 1 {
                "policy"
            } else {
                "policies"
            }
        ));
    }
    parts.join(" · ")
}

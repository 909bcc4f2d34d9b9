//! One resource: its ARN, owning account, tags and optional resource-based
//! policy, and a button to make it the request's target.

use web_sys::HtmlInputElement;
use yew::{Callback, Event, Html, InputEvent, Properties, TargetCast, component, html};

use crate::model::analysis::EditorDiagnostic;
use crate::model::complete::Suggestion;
use crate::model::state::{Action, TagOwner};
use crate::model::workspace::{BlockPublicAccessDef, ResourceDef};
use crate::policies::policy_card::PolicyCard;
use crate::store::use_dispatch;
use crate::widgets::arn_field::ArnField;
use crate::widgets::tag_list::TagList;

/// Props of [`ResourceCard`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct ResourceCardProps {
    /// Its place in the workspace.
    pub(crate) index: usize,
    /// The resource.
    pub(crate) resource: ResourceDef,
    /// Diagnostics of its policy.
    pub(crate) diagnostics: Vec<EditorDiagnostic>,
    /// The highlighted part of its policy.
    pub(crate) highlight: Option<(usize, usize)>,
    /// Whether the current request targets it.
    pub(crate) is_target: bool,
    /// Why it cannot be used, if it cannot.
    pub(crate) problem: Option<String>,
    /// Whether long lines wrap in the policy editor.
    #[prop_or_default]
    pub(crate) wrap: bool,
    /// ARNs to offer while typing (the request's action's templates).
    #[prop_or_default]
    pub(crate) arn_suggestions: Vec<Suggestion>,
}

/// What a resource-based policy on this ARN is called.
fn policy_kind(arn: &str) -> &'static str {
    let service = arn.split(':').nth(2).unwrap_or("");
    match service {
        "iam" if arn.contains(":role/") => "Trust policy",
        "kms" => "Key policy",
        "s3" => "Bucket policy",
        "sqs" => "Queue policy",
        "sns" => "Topic policy",
        "secretsmanager" => "Secret policy",
        "lambda" => "Function policy",
        _ => "Resource policy",
    }
}

/// A card for one resource.
#[component]
pub(crate) fn ResourceCard(props: &ResourceCardProps) -> Html {
    let dispatch = use_dispatch();
    let index = props.index;
    let resource = &props.resource;
    let id = |part: &str| format!("resource-{index}-{part}");
    let on_arn = {
        let dispatch = dispatch.clone();
        Callback::from(move |arn: String| {
            dispatch.dispatch(Action::SetResourceArn {
                resource: index,
                arn,
            });
        })
    };
    let on_account = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            dispatch.dispatch(Action::SetResourceAccount {
                resource: index,
                account: input.value(),
            });
        })
    };
    let on_target = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::SetRequestResource(Some(index))))
    };
    let on_remove = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::RemoveResource(index)))
    };
    let set_policy = |present: bool| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: yew::MouseEvent| {
            dispatch.dispatch(Action::SetResourcePolicy {
                resource: index,
                present,
            });
        })
    };
    let on_restrict = {
        let dispatch = dispatch.clone();
        let settings = resource.block_public_access;
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            dispatch.dispatch(Action::SetBlockPublicAccess {
                resource: index,
                settings: BlockPublicAccessDef {
                    restrict_public_buckets: input.checked(),
                    ..settings
                },
            });
        })
    };
    let is_s3 = resource.arn.trim().starts_with("arn:aws:s3:::")
        || resource.arn.trim().starts_with("arn:aws-cn:s3:::")
        || resource.arn.trim().starts_with("arn:aws-us-gov:s3:::");
    let kind = policy_kind(&resource.arn);
    let from_arn = resource.arn.split(':').nth(4).filter(|a| !a.is_empty());
    let account_placeholder = match from_arn {
        Some(account) => format!("{account} (from the ARN)"),
        None => String::from("the caller's account"),
    };
    let class = if props.is_target {
        "resource is-target"
    } else {
        "resource"
    };
    html! {
        <article class={class} data-testid="resource">
            <div class="resource-head">
                <span class="resource-number">{ format!("Resource {}", index + 1) }</span>
                if props.is_target {
                    <span class="badge badge-caller">{ "Target of the request" }</span>
                } else {
                    <button type="button" class="button small" onclick={on_target}>{ "Use in request" }</button>
                }
                <button type="button" class="icon-button" onclick={on_remove} aria-label={format!("Remove resource {}", resource.arn)}>{ "✕" }</button>
            </div>
            <div class="field">
                <label for={id("arn")}>{ "ARN" }</label>
                <ArnField id={id("arn")} value={resource.arn.clone()} on_change={on_arn} suggestions={props.arn_suggestions.clone()} />
            </div>
            <div class="field">
                <label for={id("account")}>{ "Owning account" }</label>
                <input id={id("account")} class="mono" type="text" inputmode="numeric" placeholder={account_placeholder} value={resource.account.clone()} oninput={on_account} />
            </div>
            if let Some(problem) = &props.problem {
                <p class="field-error" role="alert"><span aria-hidden="true">{ "⚠ " }</span>{ problem.clone() }</p>
            }
            if is_s3 || resource.block_public_access.is_any() {
                <div class="field block-public-access">
                    <label class="switch" for={id("restrict-public")}>
                        <input id={id("restrict-public")} type="checkbox" role="switch"
                            checked={resource.block_public_access.restrict_public_buckets} onchange={on_restrict} />
                        <span>{ "Block Public Access: restrict public buckets" }</span>
                    </label>
                    <p class="hint">{ "When the bucket policy is public, it then grants only to AWS services and to principals of the bucket owner's account." }</p>
                </div>
            }
            <TagList owner={TagOwner::Resource(index)} tags={resource.tags.clone()} key_prefix="aws:ResourceTag" id_prefix={id("tags")} />
            if let Some(doc) = &resource.policy {
                <PolicyCard doc={doc.clone()} kind={kind} diagnostics={props.diagnostics.clone()} highlight={props.highlight} removable={false} wrap={props.wrap} />
                <button type="button" class="button small" onclick={set_policy(false)}>{ format!("Remove the {}", kind.to_ascii_lowercase()) }</button>
            } else {
                <button type="button" class="button small add" onclick={set_policy(true)}>{ format!("+ {kind}") }</button>
            }
        </article>
    }
}

//! The VPC endpoint the request comes through: its id, VPC, owner account,
//! the private address the request comes from, and its policy (AWS's
//! default, which allows everything, or one of the user's).

use web_sys::HtmlInputElement;
use yew::{Callback, Html, InputEvent, Properties, TargetCast, component, html};

use crate::model::analysis::EditorDiagnostic;
use crate::model::state::{Action, EndpointField};
use crate::model::workspace::EndpointDef;
use crate::policies::policy_card::PolicyCard;
use crate::store::use_dispatch;

/// Props of [`EndpointCard`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct EndpointCardProps {
    /// Its place in the workspace.
    pub(crate) index: usize,
    /// The endpoint.
    pub(crate) endpoint: EndpointDef,
    /// Diagnostics of its policy.
    pub(crate) diagnostics: Vec<EditorDiagnostic>,
    /// The highlighted part of its policy.
    pub(crate) highlight: Option<(usize, usize)>,
    /// Why it cannot be used, if it cannot.
    pub(crate) problem: Option<String>,
    /// Whether long lines wrap in the policy editor.
    #[prop_or_default]
    pub(crate) wrap: bool,
}

/// The endpoint's fields and policy.
#[component]
pub(crate) fn EndpointCard(props: &EndpointCardProps) -> Html {
    let dispatch = use_dispatch();
    let index = props.index;
    let endpoint = &props.endpoint;
    let field = |which: EndpointField| {
        let dispatch = dispatch.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            dispatch.dispatch(Action::SetEndpointField {
                endpoint: index,
                field: which,
                value: input.value(),
            });
        })
    };
    let set_policy = |present: bool| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: yew::MouseEvent| {
            dispatch.dispatch(Action::SetEndpointPolicy {
                endpoint: index,
                present,
            });
        })
    };
    html! {
        <div class="endpoint" data-testid="endpoint">
            <div class="endpoint-grid">
                <div class="field">
                    <label for="endpoint-id">{ "Endpoint id" }</label>
                    <input id="endpoint-id" class="mono" type="text" spellcheck="false" autocomplete="off"
                        value={endpoint.id.clone()} oninput={field(EndpointField::Id)} placeholder="vpce-1a2b3c4d" />
                </div>
                <div class="field">
                    <label for="endpoint-vpc">{ "VPC" }</label>
                    <input id="endpoint-vpc" class="mono" type="text" spellcheck="false" autocomplete="off"
                        value={endpoint.vpc.clone()} oninput={field(EndpointField::Vpc)} placeholder="vpc-0abc1234" />
                </div>
                <div class="field">
                    <label for="endpoint-account">{ "Owner account" }</label>
                    <input id="endpoint-account" class="mono" type="text" inputmode="numeric" spellcheck="false" autocomplete="off"
                        value={endpoint.account.clone()} oninput={field(EndpointField::Account)} placeholder="111111111111" />
                </div>
                <div class="field">
                    <label for="endpoint-source-ip">{ "Private source IP" }<span class="hint">{ " (optional)" }</span></label>
                    <input id="endpoint-source-ip" class="mono" type="text" spellcheck="false" autocomplete="off"
                        value={endpoint.source_ip.clone()} oninput={field(EndpointField::SourceIp)} placeholder="10.0.1.25" />
                </div>
            </div>
            <p class="hint">
                { "The request carries aws:SourceVpce, aws:SourceVpc and aws:VpceAccount, and no aws:SourceIp. The endpoint policy grants nothing: it filters every request that comes through." }
            </p>
            if let Some(problem) = &props.problem {
                <p class="field-error" role="alert"><span aria-hidden="true">{ "⚠ " }</span>{ problem.clone() }</p>
            }
            if let Some(doc) = &endpoint.policy {
                <PolicyCard doc={doc.clone()} kind={"Endpoint policy"} diagnostics={props.diagnostics.clone()} highlight={props.highlight} removable={false} wrap={props.wrap} />
                <button type="button" class="button small" onclick={set_policy(false)}>{ "Use AWS's default endpoint policy" }</button>
            } else {
                <p class="hint">{ "Policy: AWS's default endpoint policy, which allows everything." }</p>
                <button type="button" class="button small add" onclick={set_policy(true)}>{ "+ Endpoint policy" }</button>
            }
        </div>
    }
}

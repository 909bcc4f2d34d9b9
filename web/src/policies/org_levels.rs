//! The organization's guardrails of one kind (SCPs or RCPs): an on/off
//! switch and the levels from the root down, each a list of policies.

use web_sys::HtmlInputElement;
use yew::{Callback, Event, Html, InputEvent, Properties, TargetCast, component, html};

use crate::model::state::{Action, PolicyList};
use crate::model::workspace::LevelDef;
use crate::policies::policies_pane::policy_card;
use crate::store::use_app;

/// Which guardrail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GuardrailKind {
    /// Service control policies (the caller's account).
    Scp,
    /// Resource control policies (the resource's account).
    Rcp,
}

/// Props of [`OrgLevels`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct OrgLevelsProps {
    /// SCPs or RCPs.
    pub(crate) kind: GuardrailKind,
    /// Whether they take part.
    pub(crate) enabled: bool,
    /// The levels, root first.
    pub(crate) levels: Vec<LevelDef>,
    /// Whether levels and policies can be added and removed here.
    pub(crate) editable: bool,
}

/// The switch and the levels of one kind of guardrail.
#[component]
pub(crate) fn OrgLevels(props: &OrgLevelsProps) -> Html {
    let app = use_app();
    let kind = props.kind;
    let (short, title, hint, badge) = match kind {
        GuardrailKind::Scp => (
            "scp",
            "Service control policies (SCPs)",
            "Apply to the caller's account. Every level must allow; they never grant.",
            "SCP",
        ),
        GuardrailKind::Rcp => (
            "rcp",
            "Resource control policies (RCPs)",
            "Apply to the resource's account. AWS attaches RCPFullAWSAccess at every level, so RCPs can only deny.",
            "RCP",
        ),
    };
    let on_toggle = {
        let app = app.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            app.send(match kind {
                GuardrailKind::Scp => Action::SetScpsEnabled(input.checked()),
                GuardrailKind::Rcp => Action::SetRcpsEnabled(input.checked()),
            });
        })
    };
    let on_add_level = {
        let app = app.clone();
        Callback::from(move |_| {
            app.send(match kind {
                GuardrailKind::Scp => Action::AddScpLevel,
                GuardrailKind::Rcp => Action::AddRcpLevel,
            });
        })
    };
    let levels = props.levels.iter().enumerate().map(|(level, def)| {
        let cards = def.policies.iter().map(|doc| policy_card(&app, doc, badge, props.editable));
        let on_add = {
            let app = app.clone();
            Callback::from(move |_| {
                app.send(Action::AddPolicy(match kind {
                    GuardrailKind::Scp => PolicyList::Scp { level },
                    GuardrailKind::Rcp => PolicyList::Rcp { level },
                }));
            })
        };
        let on_remove = {
            let app = app.clone();
            Callback::from(move |_| {
                app.send(match kind {
                    GuardrailKind::Scp => Action::RemoveScpLevel(level),
                    GuardrailKind::Rcp => Action::RemoveRcpLevel(level),
                });
            })
        };
        let name = if def.name.trim().is_empty() { format!("Level {}", level + 1) } else { def.name.clone() };
        let on_rename = {
            let app = app.clone();
            Callback::from(move |event: InputEvent| {
                let input: HtmlInputElement = event.target_unchecked_into();
                app.send(Action::SetLevelName {
                    scp: kind == GuardrailKind::Scp,
                    level,
                    name: input.value(),
                });
            })
        };
        let name_id = format!("{short}-level-{level}-name");
        html! {
            <li class="level" key={level}>
                <div class="level-head">
                    <span class="level-number">{ format!("Level {}", level + 1) }</span>
                    if props.editable {
                        <label class="visually-hidden" for={name_id.clone()}>{ format!("Name of {badge} level {}", level + 1) }</label>
                        <input id={name_id} class="level-name" type="text" value={def.name.clone()} placeholder={format!("Level {}", level + 1)} oninput={on_rename} />
                    } else {
                        <h4>{ name.clone() }</h4>
                    }
                    if props.editable {
                        <button type="button" class="icon-button" onclick={on_remove} aria-label={format!("Remove {badge} level {name}")}>{ "✕" }</button>
                    }
                </div>
                if def.policies.is_empty() {
                    <p class="hint">{ match kind {
                        GuardrailKind::Scp => "No SCP at this level: nothing is allowed through it.",
                        GuardrailKind::Rcp => "No RCP here besides the implicit RCPFullAWSAccess.",
                    } }</p>
                }
                { for cards }
                if props.editable {
                    <button type="button" class="button small add" onclick={on_add}>{ format!("+ {badge} at {name}") }</button>
                }
            </li>
        }
    });
    let toggle_id = format!("{short}-enabled");
    html! {
        <div class="guardrail">
            <div class="guardrail-head">
                <input id={toggle_id.clone()} type="checkbox" checked={props.enabled} onchange={on_toggle} disabled={!props.editable} />
                <label for={toggle_id}>{ title }</label>
            </div>
            <p class="hint">{ hint }</p>
            if props.enabled {
                <ol class="levels">{ for levels }</ol>
                if props.editable {
                    <button type="button" class="button small add" onclick={on_add_level}>{ "+ Level" }</button>
                }
            }
        </div>
    }
}

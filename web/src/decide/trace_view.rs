//! Views of the core's trace: the layer waterfall, each statement with why
//! it applies or not, each condition with the policy's and the request's
//! values, and the links that take a statement to its place in an editor.
//!
//! These are plain functions, not components, because the trace borrows
//! the compiled scenario of the render that made it; [`TraceView`] carries
//! what every view needs. Everything shown is read off the trace.

use iamlab_core::policy::Effect;
use iamlab_core::trace::{
    ConditionTrace, Decision, Explanation, LayerTrace, PartTrace, PolicyTrace, PrincipalTrace,
    StatementRef, StatementTrace, Verdict,
};
use yew::{Callback, Html, classes, html};

use crate::model::analysis::Analysis;
use crate::model::state::{Action, Highlight};
use crate::model::workspace::Organization;
use crate::store::Dispatch;
use crate::wording::{
    condition_note_text, lacks, layer_name, layer_note_text, match_class_text, part_words,
    policy_type_label, principal_note_text, skip_text, statement_label, verdict_words,
};
use iamlab_words::Segment;

/// What the trace views need besides the trace.
pub(crate) struct TraceView<'r> {
    /// Maps spans to editors.
    pub(crate) analysis: &'r Analysis,
    /// Sends the highlight when a statement is clicked.
    pub(crate) dispatch: &'r Dispatch,
    /// The organization, for level names.
    pub(crate) org: &'r Organization,
    /// The request's action.
    pub(crate) action: &'r str,
    /// The request's resource ARN.
    pub(crate) resource: &'r str,
    /// The statement highlighted now.
    pub(crate) highlighted: Option<Highlight>,
    /// The account that owns the resource.
    pub(crate) owner: &'r str,
    /// Whether a policy with many traced statements shows them all, or
    /// only those that apply or come near (the others a click away).
    pub(crate) all_statements: bool,
    /// Shows every traced statement.
    pub(crate) show_all: Callback<yew::MouseEvent>,
}

/// How many traced statements of one policy the waterfall shows in full
/// before it keeps back those that do not come near the request: a policy
/// of hundreds of statements would otherwise bury the few that matter
/// (and cost a keystroke in a big policy a thousand elements to render).
const STATEMENTS_SHOWN: usize = 10;

impl TraceView<'_> {
    /// A button that shows a statement in its editor; plain text when the
    /// statement is not in an editor (the implicit `RCPFullAWSAccess`).
    pub(crate) fn statement_link(
        &self,
        statement: &StatementRef<'_>,
        testid: &'static str,
    ) -> Html {
        let StatementRef {
            policy,
            policy_type,
            group,
            statement: index,
            sid,
            effect,
            span,
        } = *statement;
        let policy_type = match group {
            Some(group) => format!("{} of group {group}", policy_type_label(policy_type)),
            None => policy_type_label(policy_type).to_owned(),
        };
        let label = statement_label(index, sid);
        let effect_class = match effect {
            Effect::Allow => "effect effect-allow",
            Effect::Deny => "effect effect-deny",
        };
        let body = html! {
            <>
                <span class={effect_class}>{ effect.as_str() }</span>
                <span class="statement-where">
                    <span class="statement-policy">
                        { policy.to_owned() }
                        <span class="statement-type">{ format!(" · {policy_type}") }</span>
                    </span>
                    <span class="statement-sid">{ label.clone() }</span>
                </span>
            </>
        };
        let Some((editor, start, end)) = self.analysis.locate(span) else {
            return html! { <span class="statement-link static" data-testid={testid}>{ body }</span> };
        };
        let highlight = Highlight { editor, start, end };
        let is_current = self.highlighted == Some(highlight);
        let dispatch = self.dispatch.clone();
        let on_click =
            Callback::from(move |_| dispatch.dispatch(Action::Highlight(Some(highlight))));
        html! {
            <button
                type="button"
                class={classes!("statement-link", is_current.then_some("is-current"))}
                data-testid={testid}
                data-editor-id={editor.to_string()}
                aria-label={format!("{} statement {label} of {policy}: show it in the editor", effect.as_str())}
                onclick={on_click}
            >
                { body }
                <span class="go" aria-hidden="true">{ "Show ↗" }</span>
            </button>
        }
    }

    /// Whether `span` is the statement highlighted in an editor now.
    fn is_highlighted(&self, span: iamlab_core::source::Span) -> bool {
        self.highlighted.is_some_and(|highlight| {
            self.analysis.locate(span) == Some((highlight.editor, highlight.start, highlight.end))
        })
    }

    /// The waterfall: each layer with its verdict, and its statements inside.
    pub(crate) fn waterfall(&self, explanation: &Explanation<'_>) -> Html {
        let layers = explanation
            .layers
            .iter()
            .map(|layer| self.layer(layer, explanation.decision));
        html! { <ol class="waterfall" data-testid="waterfall">{ for layers }</ol> }
    }

    fn layer(&self, layer: &LayerTrace<'_>, decision: Decision) -> Html {
        let words = verdict_words(layer.verdict, layer.skipped);
        let name = layer_name(layer.layer, self.org);
        // Those traced and those counted as naming other actions of it.
        let statements = layer.statements.len()
            + layer
                .policies
                .iter()
                .map(|p| p.other_action_statements)
                .sum::<usize>();
        let policies =
            layer.policies.iter().filter(|p| !p.implicit).count() + layer.unlisted_policies;
        let detail = match layer.skipped {
            Some(reason) => format!("skipped: {}", skip_text(reason)),
            None => format!(
                "{policies} {}, {statements} {} about this service",
                if policies == 1 { "policy" } else { "policies" },
                if statements == 1 {
                    "statement"
                } else {
                    "statements"
                }
            ),
        };
        // The layers that decided are open; the others can be opened.
        let is_open = match (decision, layer.verdict) {
            (_, Verdict::Deny | Verdict::Restricted) => true,
            (Decision::Allowed, Verdict::Allow) => true,
            (Decision::ImplicitDeny, Verdict::NoMatch) => layer.skipped.is_none(),
            _ => false,
        };
        let body = layer
            .policy_statements()
            .map(|(policy, statements)| self.policy(policy, statements));
        html! {
            <li class={classes!("layer", format!("layer-{}", words.class))} data-verdict={words.class}>
                <details open={is_open && (statements > 0 || layer.note.is_some())}>
                    <summary class="layer-row">
                        <span class="layer-icon" aria-hidden="true">{ words.icon }</span>
                        <span class="layer-name">{ name }</span>
                        <span class="verdict">{ words.text }</span>
                        <span class="layer-detail">{ detail }</span>
                    </summary>
                    <div class="layer-body">
                        if let Some(note) = layer.note {
                            <p class="layer-note" data-testid="layer-note">{ layer_note_text(note, self.owner) }</p>
                        }
                        if statements == 0 && layer.skipped.is_none() {
                            <p class="hint">{ "No statement of this layer names the request's service." }</p>
                        }
                        { for body }
                        if let Some(text) = iamlab_words::unlisted_policies_text(layer) {
                            <p class="hint" data-testid="unlisted-policies">{ text }</p>
                        }
                    </div>
                </details>
            </li>
        }
    }

    fn policy(&self, policy: &PolicyTrace<'_>, traced: &[StatementTrace<'_>]) -> Html {
        if policy.implicit {
            return html! {
                <p class="trace-policy-implicit hint">{ format!("{} (attached by AWS at every level; allows everything)", policy.name) }</p>
            };
        }
        // A statement that applies is relevant too (its parts all match).
        let fold = !self.all_statements && traced.len() > STATEMENTS_SHOWN;
        let statements: Vec<Html> = traced
            .iter()
            .filter(|statement| {
                !fold || statement.is_relevant() || self.is_highlighted(statement.span)
            })
            .map(|statement| self.statement(policy, statement))
            .collect();
        let kept_back = traced.len() - statements.len();
        html! {
            <div class="trace-policy">
                <p class="trace-policy-name">
                    <span class="badge">{ policy_type_label(policy.policy_type) }</span>
                    { " " }{ policy.name.to_owned() }
                    if let Some(group) = policy.group {
                        <span class="trace-policy-group">{ format!(" of group {group}") }</span>
                    }
                </p>
                { for statements }
                if kept_back > 0 {
                    <p class="hint kept-back">
                        { format!("{kept_back} more statement(s) of this service do not apply: their action, resource or principal does not match. ") }
                        <button type="button" class="button small" data-testid="show-all-statements" onclick={self.show_all.clone()}>
                            { "Show them" }
                        </button>
                    </p>
                }
                if policy.other_action_statements > 0 {
                    <p class="hint">{ format!("{} more statement(s) name other actions of this service.", policy.other_action_statements) }</p>
                }
                if policy.other_service_statements > 0 {
                    <p class="hint">{ format!("{} more statement(s) name only other services.", policy.other_service_statements) }</p>
                }
            </div>
        }
    }

    /// One statement with the verdict of each of its parts.
    pub(crate) fn statement(
        &self,
        policy: &PolicyTrace<'_>,
        statement: &StatementTrace<'_>,
    ) -> Html {
        let (status_class, status) = if statement.applies {
            ("applies", "✓ applies")
        } else {
            ("does-not-apply", "✕ does not apply")
        };
        let link = self.statement_link(&reference(policy, statement), "statement-link");
        let conditions = statement.conditions.iter().map(condition_view);
        html! {
            <div class={classes!("trace-statement", status_class)} data-testid="trace-statement">
                <div class="trace-statement-head">
                    { link }
                    <span class={classes!("applies-tag", status_class)}>{ status }</span>
                </div>
                <ul class="parts">
                    { self.part(&statement.action, self.action) }
                    { self.part(&statement.resource, self.resource) }
                    if let Some(principal) = &statement.principal {
                        { principal_view(principal) }
                    }
                </ul>
                if !statement.conditions.is_empty() {
                    <ul class="conditions">{ for conditions }</ul>
                }
                if !statement.conditions_evaluated {
                    <p class="hint">{ "The action does not match, so this statement cannot apply; its conditions, if any, were not evaluated." }</p>
                }
            </div>
        }
    }

    fn part(&self, part: &PartTrace<'_>, requested: &str) -> Html {
        part_row(
            part.element,
            part.holds,
            segments(&part_words(part, requested)),
        )
    }

    /// A statement that came close to allowing, with what it lacked.
    pub(crate) fn closest(&self, policy: &PolicyTrace<'_>, statement: &StatementTrace<'_>) -> Html {
        let link = self.statement_link(&reference(policy, statement), "closest-statement");
        let lacking = lacks(statement).into_iter().map(|item| {
            html! { <li><span aria-hidden="true">{ "✕ " }</span>{ item }</li> }
        });
        html! {
            <li class="closest">
                { link }
                <ul class="lacks">{ for lacking }</ul>
            </li>
        }
    }
}

/// The statement's reference, as the case format reports deciding statements.
fn reference<'a>(policy: &PolicyTrace<'a>, statement: &StatementTrace<'a>) -> StatementRef<'a> {
    StatementRef::of(policy, statement)
}

/// Words from `iamlab-words`, with quoted text as `<code>`.
pub(crate) fn segments(words: &[Segment]) -> Html {
    let parts = words.iter().map(|segment| match segment {
        Segment::Text(text) => html! { { text.clone() } },
        Segment::Code(code) => html! { <code>{ code.clone() }</code> },
    });
    html! { <>{ for parts }</> }
}

fn part_row(element: &str, holds: bool, text: Html) -> Html {
    let (class, icon, word) = if holds {
        ("part ok", "✓", "holds")
    } else {
        ("part bad", "✕", "fails")
    };
    html! {
        <li class={class}>
            <span class="part-icon" aria-hidden="true">{ icon }</span>
            <span class="part-name">{ element.to_owned() }</span>
            <span class="visually-hidden">{ format!(" {word}: ") }</span>
            <span class="part-text">{ text }</span>
        </li>
    }
}

fn principal_view(principal: &PrincipalTrace<'_>) -> Html {
    let entry = principal
        .entry
        .map(|e| html! { <>{ "entry " }<code>{ e.to_owned() }</code></> });
    let class = principal
        .class
        .map(|c| html! { <>{ " — " }{ match_class_text(c) }</> });
    let note = principal
        .note
        .map(|n| html! { <>{ " — " }{ principal_note_text(n) }</> });
    let lead = if principal.holds {
        "matches the caller"
    } else {
        "does not match the caller"
    };
    part_row(
        principal.element,
        principal.holds,
        html! { <>{ lead }{ if entry.is_some() { ", by " } else { "" } }{ for entry }{ for class }{ for note }</> },
    )
}

/// One condition: operator and key, the policy's values, the request's
/// values, and the result.
pub(crate) fn condition_view(condition: &ConditionTrace<'_>) -> Html {
    let policy_values = condition.policy_values.iter().map(|value| {
        let shown = match (&value.resolved, value.variables.is_empty()) {
            (_, true) => html! { <code>{ value.written.to_owned() }</code> },
            (Some(resolved), false) => html! { <><code>{ value.written.to_owned() }</code>{ " = " }<code>{ resolved.clone() }</code></> },
            (None, false) => html! { <><code>{ value.written.to_owned() }</code>{ " (a variable has no value)" }</> },
        };
        html! { <li>{ shown }</li> }
    });
    let request = if condition.key_missing {
        html! { <span class="missing">{ "missing" }</span> }
    } else {
        let values = condition
            .request_values
            .iter()
            .map(|v| html! { <li><code>{ *v }</code></li> });
        html! {
            <>
                <ul class="values">{ for values }</ul>
                if condition.multivalued { <span class="hint">{ " (a list)" }</span> }
            </>
        }
    };
    let (class, icon, word) = if condition.result {
        ("condition ok", "✓", "holds")
    } else {
        ("condition bad", "✕", "fails")
    };
    html! {
        <li class={class} data-testid="condition" data-key={condition.key.to_owned()} data-result={condition.result.to_string()}>
            <div class="condition-head">
                <span class="part-icon" aria-hidden="true">{ icon }</span>
                <code class="operator">{ condition.operator.to_owned() }</code>
                <code class="key">{ condition.key.to_owned() }</code>
                <span class="condition-result">{ word }</span>
            </div>
            <dl class="condition-values">
                <dt>{ "Policy" }</dt>
                <dd><ul class="values">{ for policy_values }</ul></dd>
                <dt>{ "Request" }</dt>
                <dd>{ request }</dd>
            </dl>
            if let Some(note) = condition.note {
                <p class="condition-note">{ condition_note_text(note) }</p>
            }
        </li>
    }
}

//! Whether one statement applies to a request (spec §3): action, resource,
//! principal and conditions. With a trace, every part is evaluated and
//! recorded; without one, the first failing part ends the check.

use alloc::vec::Vec;

use crate::arn::compile_resource_pattern;
use crate::condition::{self};
use crate::context::RequestContext;
use crate::policy::{DocumentKind, Effect, ResourceMatcher, Statement};
use crate::principal::Caller;
use crate::principal::MatchClass;
use crate::source::Span;
use crate::trace::{ConditionTrace, PartTrace, PrincipalNote, PrincipalTrace, StatementTrace};
use crate::variable::{Template, TemplatePart, Variable};

/// What a statement is matched against: the request's action and resource
/// for `'a`, its context and caller for `'c` (which an explanation borrows
/// its request values from).
pub(crate) struct Env<'a, 'c> {
    pub(crate) service: &'a str,
    pub(crate) name: &'a str,
    /// The same, hashed for the group indexes.
    pub(crate) action: super::index::ActionKey<'a>,
    pub(crate) resource: &'a str,
    pub(crate) ctx: RequestContext<'c>,
    pub(crate) caller: &'c Caller,
}

/// Checks a statement; returns the principal match class when it applies
/// (`Direct` for policies without principals).
pub(crate) fn check<'p>(
    statement: &'p Statement,
    kind: DocumentKind,
    env: &Env<'_, 'p>,
    trace: Option<&mut StatementTrace<'p>>,
) -> Option<MatchClass> {
    check_with(statement, kind, env, trace, None)
}

/// [`check`] for a statement whose action is known to match the request
/// (the group's index lists it under the action's exact name, or the
/// explained path matched it already): `hit` is the index of the action
/// pattern that matched, `None` for a `NotAction` that holds.
pub(crate) fn check_matched<'p>(
    statement: &'p Statement,
    kind: DocumentKind,
    env: &Env<'_, 'p>,
    trace: Option<&mut StatementTrace<'p>>,
    hit: Option<u32>,
) -> Option<MatchClass> {
    check_with(statement, kind, env, trace, Some(hit))
}

fn check_with<'p>(
    statement: &'p Statement,
    kind: DocumentKind,
    env: &Env<'_, 'p>,
    mut trace: Option<&mut StatementTrace<'p>>,
    known_action: Option<Option<u32>>,
) -> Option<MatchClass> {
    let exhaustive = trace.is_some();

    let action_trace = trace.as_deref_mut().map(|t| &mut t.action);
    let action_holds = match known_action {
        Some(hit) => {
            if let Some(trace) = action_trace {
                trace_action(statement, trace, hit.map(|hit| hit as usize), true);
            }
            true
        }
        None => check_action(statement, env, action_trace),
    };
    if !action_holds && !exhaustive {
        return None;
    }
    let resource_holds = check_resource(
        statement,
        env,
        trace.as_deref_mut().map(|t| &mut t.resource),
    );
    if !resource_holds && !exhaustive {
        return None;
    }
    let class = if kind.has_principals() {
        let mut principal_trace = exhaustive.then_some(PrincipalTrace {
            element: "Principal",
            holds: false,
            class: None,
            entry: None,
            entry_span: None,
            note: None,
        });
        let class = check_principal(statement, env.caller, principal_trace.as_mut());
        if let Some(t) = trace.as_deref_mut() {
            t.principal = principal_trace;
        }
        class
    } else {
        Some(MatchClass::Direct)
    };
    if class.is_none() && !exhaustive {
        return None;
    }
    // Conditions are traced only for statements whose action matches: the
    // others cannot apply whatever their conditions say, and tracing every
    // condition of every statement of the service would make explanations
    // cost many times the decision.
    let conditions_hold = match trace.as_deref_mut().filter(|_| action_holds) {
        None if !action_holds => false,
        None => statement
            .conditions
            .iter()
            .all(|condition| condition::evaluate(condition, &env.ctx, None)),
        Some(t) => {
            t.conditions_evaluated = true;
            t.conditions.reserve_exact(statement.conditions.len());
            let mut all = true;
            for condition in &statement.conditions {
                let mut condition_trace = ConditionTrace {
                    operator: condition.operator_text.as_str(),
                    key: condition.key.as_str(),
                    span: condition.operator_span,
                    policy_values: Vec::new(),
                    request_values: Vec::new(),
                    key_missing: false,
                    multivalued: false,
                    result: false,
                    note: None,
                };
                all &= condition::evaluate(condition, &env.ctx, Some(&mut condition_trace));
                t.conditions.push(condition_trace);
            }
            all
        }
    };
    let applies = action_holds && resource_holds && class.is_some() && conditions_hold;
    if let Some(t) = trace {
        t.applies = applies;
    }
    if applies { class } else { None }
}

fn check_action<'p>(
    statement: &'p Statement,
    env: &Env<'_, '_>,
    trace: Option<&mut PartTrace<'p>>,
) -> bool {
    let clause = &statement.action;
    let hit = clause
        .patterns
        .iter()
        .position(|pattern| pattern.is_match(env.service, env.name));
    let holds = hit.is_some() != clause.negated;
    if let Some(trace) = trace {
        trace_action(statement, trace, hit, holds);
    }
    holds
}

/// Records the action part: whether it `holds`, and the pattern at `hit`
/// that matched the request, if one did.
fn trace_action<'p>(
    statement: &'p Statement,
    trace: &mut PartTrace<'p>,
    hit: Option<usize>,
    holds: bool,
) {
    let clause = &statement.action;
    let hit = hit
        .and_then(|hit| clause.patterns.get(hit))
        .map(|pattern| (pattern.text.as_str(), pattern.span));
    let element = if clause.negated {
        "NotAction"
    } else {
        "Action"
    };
    trace_part(trace, element, holds, hit);
}

/// Records an action or resource part: its element's name, whether it
/// holds, and the pattern that matched (its text and place), if one did.
fn trace_part<'p>(
    trace: &mut PartTrace<'p>,
    element: &'static str,
    holds: bool,
    hit: Option<(&'p str, Span)>,
) {
    trace.element = element;
    trace.holds = holds;
    trace.pattern = hit.map(|(text, _)| text);
    trace.pattern_span = hit.map(|(_, span)| span);
}

/// Whether the statement's resource part holds for the request (no
/// `Resource` element holds).
pub(crate) fn resource_matches(statement: &Statement, env: &Env<'_, '_>) -> bool {
    check_resource(statement, env, None)
}

// Inlined into `check_with` natively, as it was before `resource_matches`
// shared it: a call there cost the fast path 2% (counted on large.json). In
// Wasm, the page's size comes first.
#[cfg_attr(not(target_family = "wasm"), inline(always))]
fn check_resource<'p>(
    statement: &'p Statement,
    env: &Env<'_, '_>,
    trace: Option<&mut PartTrace<'p>>,
) -> bool {
    let Some(clause) = &statement.resource else {
        // No Resource element: the statement is about "this resource".
        if let Some(trace) = trace {
            trace.element = "Resource";
            trace.absent = true;
            trace.holds = true;
        }
        return true;
    };
    let request_is_star = env.resource == "*";
    let mut hit = None;
    let mut resolved_hit = None;
    let mut missing = Vec::new();
    let want_trace = trace.is_some();
    for pattern in &clause.patterns {
        let matched = if request_is_star {
            // Only a policy value of exactly `*` matches the request
            // resource `*` (spec §3.2, §10 #10).
            pattern.text == "*"
        } else {
            match &pattern.matcher {
                ResourceMatcher::Glob(glob) => glob.is_match(env.resource),
                ResourceMatcher::Template(template) => match &pattern.resolved {
                    Some(resolved) if template.gives(&resolved.values, &env.ctx) => {
                        let matched = resolved.compiled.is_match(env.resource);
                        if matched && want_trace {
                            resolved_hit = Some(resolved.text.clone());
                        }
                        matched
                    }
                    _ => {
                        let lookup = |variable: &Variable| {
                            env.ctx
                                .variable_hashed(variable.key_hash, &variable.key_lower)
                        };
                        let (chars, unresolved) = resolve_resource(template, lookup, |key| {
                            if want_trace {
                                missing.push(key);
                            }
                        });
                        // An unresolvable variable makes the entry match
                        // nothing (AWS: "IAM policy elements: Variables and
                        // tags").
                        let matched =
                            !unresolved && compile_resource_pattern(&chars).is_match(env.resource);
                        if matched && want_trace {
                            resolved_hit = Some(chars.iter().map(|(ch, _)| *ch).collect());
                        }
                        matched
                    }
                },
            }
        };
        if matched {
            hit = Some(pattern);
            break;
        }
    }
    let holds = hit.is_some() != clause.negated;
    if let Some(trace) = trace {
        let element = if clause.negated {
            "NotResource"
        } else {
            "Resource"
        };
        trace_part(
            trace,
            element,
            holds,
            hit.map(|pattern| (pattern.text.as_str(), pattern.span)),
        );
        trace.resolved = resolved_hit;
        trace.missing_variables = missing;
    }
    holds
}

/// A resource template's characters, each marked literal when it came from
/// a variable or an escape; `true` beside them when a variable had neither a
/// value nor a default. `missing` hears of each variable without a value.
pub(crate) fn resolve_resource<'t, 'v>(
    template: &'t Template,
    lookup: impl Fn(&Variable) -> Option<&'v str>,
    mut missing: impl FnMut(&'t str),
) -> (Vec<(char, bool)>, bool)
where
    't: 'v,
{
    let mut chars = Vec::new();
    let mut unresolved = false;
    for part in &template.parts {
        match part {
            TemplatePart::Text(text) => chars.extend(text.chars().map(|ch| (ch, false))),
            TemplatePart::Escaped(ch) => chars.push((*ch, true)),
            TemplatePart::Variable(variable) => {
                let found = lookup(variable);
                if found.is_none() {
                    missing(variable.key.as_str());
                }
                match found.or(variable.default.as_deref()) {
                    Some(value) => chars.extend(value.chars().map(|ch| (ch, true))),
                    None => unresolved = true,
                }
            }
        }
    }
    (chars, unresolved)
}

fn check_principal<'p>(
    statement: &'p Statement,
    caller: &Caller,
    trace: Option<&mut PrincipalTrace<'p>>,
) -> Option<MatchClass> {
    let Some(clause) = &statement.principal else {
        // A resource-policy statement without a principal applies to nobody.
        return None;
    };
    let best = clause
        .entries
        .iter()
        .filter_map(|entry| caller.match_entry(entry).map(|class| (class, entry)))
        .max_by_key(|(class, _)| *class);
    let (class, note) = if !clause.negated {
        (best.map(|(class, _)| class), None)
    } else if statement.effect == Effect::Deny {
        if caller.has_boundary {
            // AWS: "NotPrincipal": a Deny with NotPrincipal always applies
            // to a user or role with a permissions boundary.
            (
                Some(MatchClass::Direct),
                Some(PrincipalNote::NotPrincipalWithBoundary),
            )
        } else if caller.is_covered_strictly(&clause.entries) {
            (None, None)
        } else {
            let note = best
                .is_some()
                .then_some(PrincipalNote::NotPrincipalIncomplete);
            (Some(MatchClass::Direct), note)
        }
    } else if caller.is_covered_leniently(&clause.entries) {
        (None, Some(PrincipalNote::AllowNotPrincipal))
    } else {
        (
            Some(MatchClass::Direct),
            Some(PrincipalNote::AllowNotPrincipal),
        )
    };
    if let Some(trace) = trace {
        trace.element = if clause.negated {
            "NotPrincipal"
        } else {
            "Principal"
        };
        trace.holds = class.is_some();
        trace.class = if statement.effect == Effect::Allow {
            class
        } else {
            None
        };
        trace.entry = best.map(|(_, entry)| entry.value.as_str());
        trace.entry_span = best.map(|(_, entry)| entry.span);
        trace.note = note;
    }
    class
}

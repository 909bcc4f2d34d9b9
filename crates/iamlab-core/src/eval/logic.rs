//! Combining the layers into a decision (spec §7; AWS: "Policy evaluation
//! logic", "Cross-account policy evaluation logic", "Permissions boundaries
//! for IAM entities", "Service control policies", "Resource control
//! policies").

use alloc::vec::Vec;

use super::index::PolicyGroup;
use super::statement::{Env, check};
use super::{Request, Scenario};
use crate::arn::Arn;
use crate::policy::Effect;
use crate::principal::PrincipalKind;
use crate::trace::{
    CallerTrace, Decision, Explanation, GrantPaths, Layer, LayerTrace, MatchClass, PartTrace,
    Pieces, PolicyTrace, Reason, SkipReason, StatementTrace, Verdict,
};

/// What a layer's statements added up to.
#[derive(Clone, Copy, Debug, Default)]
struct GroupResult {
    allow: bool,
    deny: bool,
    direct: bool,
    role: bool,
    account: bool,
}

/// The outcome of one evaluation, before it is dressed as an explanation.
#[derive(Clone, Copy)]
pub(crate) struct Outcome {
    pub(crate) decision: Decision,
    pub(crate) reason: Reason,
    pub(crate) pieces: Pieces,
    pub(crate) same_account: bool,
    pub(crate) strict: bool,
}

/// How many statements of the request's service a layer traces in full
/// before it starts counting those of other actions instead.
const FULL_TRACE_LIMIT: usize = 64;

const STRICT_STS_ACTIONS: [&str; 6] = [
    "assumerole",
    "assumerolewithsaml",
    "assumerolewithwebidentity",
    "tagsession",
    "setsourceidentity",
    "setcontext",
];

/// Evaluates; with `layers`, records every layer in full.
pub(crate) fn run<'a>(
    scenario: &'a Scenario,
    request: &Request<'a>,
    mut layers: Option<&mut Vec<LayerTrace<'a>>>,
) -> Outcome {
    let caller = &scenario.caller;
    // Lowercase the action once, on the stack when it fits (every AWS action
    // does): this runs for every decision.
    let mut buffer = [0u8; 128];
    let owned;
    let action: &str = match buffer.get_mut(..request.action.len()) {
        Some(slot) => {
            slot.copy_from_slice(request.action.as_bytes());
            slot.make_ascii_lowercase();
            // ASCII lowercasing keeps UTF-8 valid.
            core::str::from_utf8(slot).unwrap_or("")
        }
        None => {
            owned = request.action.to_ascii_lowercase();
            owned.as_str()
        }
    };
    let (service, name) = action.split_once(':').unwrap_or((action, ""));
    let resource = request.resource;
    let resource_arn = Arn::parse(&resource.arn);
    let trust = resource_arn
        .is_some_and(|arn| arn.service == "iam" && arn.resource.starts_with("role/"))
        && service == "sts"
        && STRICT_STS_ACTIONS.contains(&name);
    let kms = service == "kms"
        && resource_arn.is_some_and(|arn| arn.service == "kms" && arn.resource.starts_with("key/"));
    let strict = trust || kms;
    let same_account = caller.account.as_deref() == Some(resource.account.as_str());
    let mut outcome = Outcome {
        decision: Decision::ImplicitDeny,
        reason: Reason::NoIdentityAllow,
        pieces: Pieces::default(),
        same_account,
        strict,
    };

    // AWS: "GetCallerIdentity": no policy can deny it to a signed caller.
    if action == "sts:getcalleridentity" && caller.kind != PrincipalKind::Anonymous {
        outcome.decision = Decision::Allowed;
        outcome.reason = Reason::GetCallerIdentity;
        return outcome;
    }
    // AWS: "Cross-account policy evaluation logic": partitions never mix.
    if let (Some(mine), Some(theirs)) = (
        caller.partition.as_deref(),
        resource_arn.map(|arn| arn.partition),
    ) && mine != theirs
    {
        outcome.reason = Reason::PartitionMismatch;
        return outcome;
    }
    if action == "sts:assumerole" && caller.kind == PrincipalKind::Root {
        outcome.reason = Reason::RootCannotAssumeRole;
        return outcome;
    }

    let env = Env {
        service,
        name,
        resource: &resource.arn,
        ctx: request.context(scenario),
        caller,
    };
    let fast = layers.is_none();

    // SCPs: never for service-linked roles, service principals, anonymous.
    let scp_skip = match caller.kind {
        PrincipalKind::Service => Some(SkipReason::ServicePrincipal),
        PrincipalKind::Anonymous => Some(SkipReason::Anonymous),
        _ if caller.service_linked => Some(SkipReason::ServiceLinkedRole),
        _ => None,
    };
    let mut scp_results = Vec::with_capacity(scenario.scps.len());
    for (level, group) in scenario.scps.iter().enumerate() {
        let result = layer(
            group,
            Layer::Scp { level },
            scp_skip,
            &env,
            layers.as_deref_mut(),
            false,
        );
        if fast && result.deny {
            return explicit_deny(outcome);
        }
        scp_results.push(result);
    }
    // RCPs: never for calls by service-linked roles, nor kms:RetireGrant.
    let rcp_skip = if caller.service_linked {
        Some(SkipReason::ServiceLinkedRole)
    } else if action == "kms:retiregrant" {
        Some(SkipReason::RetireGrant)
    } else {
        None
    };
    let mut any_deny = scp_results.iter().any(|result| result.deny);
    for (level, group) in scenario.rcps.iter().enumerate() {
        let result = layer(
            group,
            Layer::Rcp { level },
            rcp_skip,
            &env,
            layers.as_deref_mut(),
            true,
        );
        if fast && result.deny {
            return explicit_deny(outcome);
        }
        any_deny |= result.deny;
    }

    let no_identity = match caller.kind {
        PrincipalKind::Root => Some(SkipReason::RootUser),
        PrincipalKind::Service => Some(SkipReason::ServicePrincipal),
        PrincipalKind::Anonymous => Some(SkipReason::Anonymous),
        _ => None,
    };
    let resource_result = match &resource.policy {
        Some(group) => layer(
            group,
            Layer::Resource,
            None,
            &env,
            layers.as_deref_mut(),
            false,
        ),
        None => GroupResult::default(),
    };
    any_deny |= resource_result.deny;
    if fast && any_deny {
        return explicit_deny(outcome);
    }
    let identity_result = layer(
        &scenario.identity,
        Layer::Identity,
        no_identity,
        &env,
        layers.as_deref_mut(),
        false,
    );
    any_deny |= identity_result.deny;
    let boundary_result = scenario.boundary.as_ref().map(|group| {
        layer(
            group,
            Layer::PermissionsBoundary,
            no_identity,
            &env,
            layers.as_deref_mut(),
            false,
        )
    });
    any_deny |= boundary_result.is_some_and(|result| result.deny);
    let session_skip = no_identity.or(match caller.kind {
        PrincipalKind::RoleSession | PrincipalKind::FederatedUser => None,
        _ => Some(SkipReason::NotNeeded),
    });
    let session_result = scenario
        .session
        .as_ref()
        .map(|group| layer(group, Layer::Session, session_skip, &env, layers, false));
    any_deny |= session_result.is_some_and(|result| result.deny);

    if any_deny {
        return explicit_deny(outcome);
    }
    if scp_skip.is_none()
        && let Some(level) = scp_results.iter().position(|result| !result.allow)
    {
        outcome.reason = Reason::ScpLevelWithoutAllow { level };
        return outcome;
    }

    let identity = match caller.kind {
        PrincipalKind::Root => true,
        PrincipalKind::Service | PrincipalKind::Anonymous => false,
        _ => identity_result.allow,
    };
    let boundary = no_identity.is_some() || boundary_result.is_none_or(|result| result.allow);
    let session = match caller.kind {
        PrincipalKind::RoleSession => session_result.is_none_or(|result| result.allow),
        PrincipalKind::FederatedUser => session_result.is_some_and(|result| result.allow),
        _ => true,
    };
    let pieces = Pieces {
        identity,
        boundary,
        session,
        resource_direct: resource_result.direct,
        resource_role: resource_result.role,
        resource_account: resource_result.account,
    };
    outcome.pieces = pieces;
    let limits = boundary && session;

    if matches!(
        caller.kind,
        PrincipalKind::Service | PrincipalKind::Anonymous
    ) {
        if pieces.resource_direct {
            return allowed(
                outcome,
                GrantPaths {
                    resource_direct: true,
                    ..GrantPaths::default()
                },
            );
        }
        outcome.reason = Reason::NeedsDirectResourceGrant;
        return outcome;
    }

    if same_account {
        let direct = if trust {
            // AWS: "Update a role trust policy": the caller's boundary must
            // still allow sts:AssumeRole when the trust policy names it.
            pieces.resource_direct && boundary
        } else {
            pieces.resource_direct
        };
        let paths = GrantPaths {
            resource_direct: direct,
            resource_role: pieces.resource_role && limits,
            resource_account: strict && pieces.resource_account && identity && limits,
            identity: !strict && identity && limits,
        };
        if paths.resource_direct || paths.resource_role || paths.resource_account || paths.identity
        {
            let paths = GrantPaths {
                // An account grant of a strict policy delegates to identity policies.
                identity: paths.identity || paths.resource_account,
                ..paths
            };
            return allowed(outcome, paths);
        }
        outcome.reason = if strict
            && !pieces.resource_direct
            && !pieces.resource_role
            && !pieces.resource_account
        {
            Reason::StrictResourceWithoutGrant
        } else {
            limiting_reason(caller.kind, pieces, strict)
        };
        return outcome;
    }

    // Cross-account: both sides must allow.
    let resource_grant = pieces.resource_direct || pieces.resource_role || pieces.resource_account;
    if identity && limits && resource_grant {
        return allowed(
            outcome,
            GrantPaths {
                resource_direct: pieces.resource_direct,
                resource_role: pieces.resource_role,
                resource_account: pieces.resource_account,
                identity: true,
            },
        );
    }
    outcome.reason = if !identity || !limits {
        limiting_reason(caller.kind, pieces, false)
    } else {
        Reason::NoResourceGrant
    };
    outcome
}

fn limiting_reason(kind: PrincipalKind, pieces: Pieces, strict: bool) -> Reason {
    let granted = pieces.identity
        || pieces.resource_role
        || pieces.resource_direct
        || (strict && pieces.resource_account);
    if !granted {
        Reason::NoIdentityAllow
    } else if !pieces.boundary {
        Reason::BoundaryWithoutAllow
    } else if !pieces.session && kind == PrincipalKind::FederatedUser {
        Reason::FederatedWithoutSessionPolicy
    } else if !pieces.session {
        Reason::SessionWithoutAllow
    } else {
        Reason::NoIdentityAllow
    }
}

fn explicit_deny(mut outcome: Outcome) -> Outcome {
    outcome.decision = Decision::ExplicitDeny;
    outcome.reason = Reason::ExplicitDeny;
    outcome
}

fn allowed(mut outcome: Outcome, paths: GrantPaths) -> Outcome {
    outcome.decision = Decision::Allowed;
    outcome.reason = Reason::Allowed { paths };
    outcome
}

/// Evaluates one layer's group of policies.
fn layer<'a>(
    group: &'a PolicyGroup,
    which: Layer,
    skip: Option<SkipReason>,
    env: &Env<'_>,
    layers: Option<&mut Vec<LayerTrace<'a>>>,
    implicit_full_access: bool,
) -> GroupResult {
    if let Some(reason) = skip {
        if let Some(layers) = layers {
            layers.push(LayerTrace {
                layer: which,
                verdict: Verdict::Skipped,
                skipped: Some(reason),
                policies: Vec::new(),
            });
        }
        return GroupResult {
            allow: true,
            ..GroupResult::default()
        };
    }
    let mut result = GroupResult::default();
    let candidates = group.candidates(env.service);
    match layers {
        None => {
            for &(policy_idx, statement_idx) in candidates {
                let Some(policy) = group.policies().get(policy_idx as usize) else {
                    continue;
                };
                let Some(statement) = policy.statements.get(statement_idx as usize) else {
                    continue;
                };
                if let Some(class) = check(statement, policy.kind, env, None) {
                    record(&mut result, statement.effect, class);
                    if result.deny {
                        break;
                    }
                }
            }
        }
        Some(layers) => {
            let mut policies: Vec<PolicyTrace<'a>> = group
                .policies()
                .iter()
                .map(|policy| PolicyTrace {
                    name: policy.name.as_str(),
                    policy_type: policy.policy_type(),
                    span: policy.span,
                    implicit: false,
                    statements: Vec::new(),
                    other_service_statements: policy.statements.len(),
                    other_action_statements: 0,
                })
                .collect();
            // A layer with few statements for the request's service traces
            // them all. Past FULL_TRACE_LIMIT, statements whose action cannot
            // match are traced only when no statement of the layer matches
            // the action (then they are the near misses a reader wants to
            // see); otherwise they are counted, which keeps an explanation
            // within a few times the cost of the decision on policies with
            // thousands of statements.
            let any_action_matches = candidates.len() > FULL_TRACE_LIMIT
                && candidates.iter().any(|&(policy_idx, statement_idx)| {
                    group
                        .policies()
                        .get(policy_idx as usize)
                        .and_then(|policy| policy.statements.get(statement_idx as usize))
                        .is_some_and(|statement| action_matches(statement, env))
                });
            for &(policy_idx, statement_idx) in candidates {
                let Some(policy) = group.policies().get(policy_idx as usize) else {
                    continue;
                };
                let Some(statement) = policy.statements.get(statement_idx as usize) else {
                    continue;
                };
                let Some(policy_trace) = policies.get_mut(policy_idx as usize) else {
                    continue;
                };
                policy_trace.other_service_statements -= 1;
                if any_action_matches && !action_matches(statement, env) {
                    policy_trace.other_action_statements += 1;
                    continue;
                }
                let mut trace = empty_statement_trace(statement);
                if let Some(class) = check(statement, policy.kind, env, Some(&mut trace)) {
                    record(&mut result, statement.effect, class);
                }
                policy_trace.statements.push(trace);
            }
            if implicit_full_access {
                policies.push(PolicyTrace {
                    name: "RCPFullAWSAccess",
                    policy_type: crate::policy::PolicyType::Rcp,
                    span: crate::source::Span::default(),
                    implicit: true,
                    statements: Vec::new(),
                    other_service_statements: 0,
                    other_action_statements: 0,
                });
            }
            let verdict = if result.deny {
                Verdict::Deny
            } else if result.allow || implicit_full_access {
                Verdict::Allow
            } else {
                Verdict::NoMatch
            };
            layers.push(LayerTrace {
                layer: which,
                verdict,
                skipped: None,
                policies,
            });
        }
    }
    if implicit_full_access {
        // AWS attaches RCPFullAWSAccess to every level; it cannot be detached.
        result.allow = true;
    }
    result
}

fn action_matches(statement: &crate::policy::Statement, env: &Env<'_>) -> bool {
    let clause = &statement.action;
    clause
        .patterns
        .iter()
        .any(|p| p.is_match(env.service, env.name))
        != clause.negated
}

fn record(result: &mut GroupResult, effect: Effect, class: MatchClass) {
    match effect {
        Effect::Deny => result.deny = true,
        Effect::Allow => {
            result.allow = true;
            match class {
                MatchClass::Direct => result.direct = true,
                MatchClass::Role => result.role = true,
                MatchClass::Account => result.account = true,
            }
        }
    }
}

fn empty_statement_trace(statement: &crate::policy::Statement) -> StatementTrace<'_> {
    let part = || PartTrace {
        element: "",
        holds: false,
        pattern: None,
        pattern_span: None,
        resolved: None,
        missing_variables: Vec::new(),
    };
    StatementTrace {
        index: statement.index,
        sid: statement.sid.as_deref(),
        effect: statement.effect,
        span: statement.span,
        applies: false,
        action: part(),
        resource: part(),
        principal: None,
        conditions: Vec::new(),
        conditions_evaluated: false,
    }
}

/// Dresses an outcome as an explanation.
pub(crate) fn explanation<'a>(
    scenario: &'a Scenario,
    request: &Request<'a>,
    outcome: Outcome,
    layers: Vec<LayerTrace<'a>>,
) -> Explanation<'a> {
    let caller = &scenario.caller;
    Explanation {
        decision: outcome.decision,
        reason: outcome.reason,
        caller: CallerTrace {
            kind: caller.kind,
            account: caller.account.as_deref(),
            role_arn: caller.role_arn.as_deref(),
            service_linked: caller.service_linked,
        },
        resource_account: request.resource.account.as_str(),
        same_account: outcome.same_account,
        strict_resource: outcome.strict,
        pieces: outcome.pieces,
        layers,
    }
}

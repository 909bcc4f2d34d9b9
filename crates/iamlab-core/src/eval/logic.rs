//! Combining the layers into a decision (spec §7; AWS: "Policy evaluation
//! logic", "Cross-account policy evaluation logic", "Permissions boundaries
//! for IAM entities", "Service control policies", "Resource control
//! policies").

use alloc::vec::Vec;

use super::index::{Place, PolicyGroup};
use super::statement::{Env, check, check_matched, resource_matches};
use super::strict::{StrictResource, strict_for};
use super::{Request, Scenario};
use crate::policy::{Effect, PolicyType};
use crate::principal::{MatchClass, PrincipalKind};
use crate::trace::{
    CallerTrace, Decision, Explanation, Grants, Layer, LayerNote, LayerTrace, PartTrace, Pieces,
    PolicyTrace, Reason, SkipReason, StatementTrace, Verdict,
};

/// What a layer's applying statements added up to.
#[derive(Clone, Copy, Debug, Default)]
struct GroupResult {
    /// Some `Allow` applies.
    allow: bool,
    /// Some `Deny` applies.
    deny: bool,
    /// For a resource-based policy: how the applying `Allow`s name the caller.
    grants: Grants,
}

/// The outcome of one evaluation, before it is dressed as an explanation.
#[derive(Clone, Copy)]
pub(crate) struct Outcome {
    pub(crate) decision: Decision,
    pub(crate) reason: Reason,
    pub(crate) pieces: Pieces,
    pub(crate) same_account: bool,
    pub(crate) strict: Option<StrictResource>,
}

/// A policy that AWS attaches by itself and that allows everything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Implicit {
    /// None.
    No,
    /// `RCPFullAWSAccess`, at every RCP level; it cannot be detached.
    RcpFullAccess,
    /// The default VPC endpoint policy, when the endpoint has no other.
    DefaultEndpointPolicy,
}

/// How many statements of the request's service a layer traces in full
/// before it starts counting those of other actions instead.
const FULL_TRACE_LIMIT: usize = 64;

/// How many policies a layer lists whether or not they concern the
/// request's service. A layer of more lists only the policies with a
/// statement that may concern it and counts the others, so that an
/// explanation costs a few times the decision however many policies there
/// are (measured: on 200 policies, listing each was a third of an
/// explanation's cost), and a reader is not shown a page of policies about
/// other services.
const FULL_LIST_LIMIT: usize = 32;

/// Evaluates; with `layers`, records every layer in full.
pub(crate) fn run<'a>(
    scenario: &'a Scenario,
    request: &Request<'a>,
    mut layers: Option<&mut Vec<LayerTrace<'a>>>,
) -> Outcome {
    let caller = &scenario.caller;
    // Lowercase the action, on the stack when it fits (every AWS action
    // does), unless the request comes with it read beforehand.
    let mut buffer = [0u8; 128];
    let owned;
    let (action, key) = match request.prepared_action() {
        Some(prepared) => (prepared.lower(), prepared.key()),
        None => {
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
            // Found byte by byte: `split_once(':')` searches for a `char`
            // through `memchr` and a comparison call, over 200 instructions
            // for a text of 20 bytes (measured with callgrind).
            let colon = action.bytes().position(|byte| byte == b':');
            let (service, name) = super::split_action(action, colon);
            (action, super::index::ActionKey::new(service, name))
        }
    };
    let (service, name) = (key.service, key.name);
    let resource = request.resource;
    let view = request.resource_view();
    let strict = strict_for(service, name, view.strictness);
    let trust = strict == Some(StrictResource::RoleTrust);
    let same_account = caller.account.as_deref() == Some(view.owner);
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
    // AWS: "Permissions for GetSessionToken": policies cannot control it for
    // IAM users and the root user (spec §7.2 step 4, §7.6).
    if action == "sts:getsessiontoken"
        && matches!(caller.kind, PrincipalKind::User | PrincipalKind::Root)
    {
        outcome.decision = Decision::Allowed;
        outcome.reason = Reason::GetSessionToken;
        return outcome;
    }
    // AWS: "Cross-account policy evaluation logic": partitions never mix.
    if let (Some(mine), Some(theirs)) = (caller.partition.as_deref(), view.partition)
        && mine != theirs
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
        action: key,
        resource: view.arn,
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
    // The first SCP level with no applying Allow, and whether one denies.
    let mut scp_without_allow = None;
    let mut any_deny = false;
    for (level, group) in scenario.scps.iter().enumerate() {
        let result = layer(
            group,
            Layer::Scp { level },
            scp_skip,
            &env,
            layers.as_deref_mut(),
            Implicit::No,
        );
        if fast && result.deny {
            return explicit_deny(outcome);
        }
        any_deny |= result.deny;
        if !result.allow && scp_without_allow.is_none() {
            scp_without_allow = Some(level);
        }
    }
    // RCPs: never for calls by service-linked roles, nor kms:RetireGrant.
    let rcp_skip = if caller.service_linked {
        Some(SkipReason::ServiceLinkedRole)
    } else if action == "kms:retiregrant" {
        Some(SkipReason::RetireGrant)
    } else {
        None
    };
    for (level, group) in scenario.rcps.iter().enumerate() {
        let result = layer(
            group,
            Layer::Rcp { level },
            rcp_skip,
            &env,
            layers.as_deref_mut(),
            Implicit::RcpFullAccess,
        );
        if fast && result.deny {
            return explicit_deny(outcome);
        }
        any_deny |= result.deny;
    }
    // The VPC endpoint policy filters every caller that comes through it
    // (spec §7.9).
    let endpoint_result = request.endpoint.map(|endpoint| {
        let implicit = if endpoint.is_default_policy {
            Implicit::DefaultEndpointPolicy
        } else {
            Implicit::No
        };
        layer(
            &endpoint.policy,
            Layer::VpcEndpoint,
            None,
            &env,
            layers.as_deref_mut(),
            implicit,
        )
    });
    if let Some(result) = endpoint_result {
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
    let policy = if view.has_policy {
        resource.policy.as_deref()
    } else {
        None
    };
    let mut resource_result = match policy {
        Some(group) => layer(
            group,
            Layer::Resource,
            None,
            &env,
            layers.as_deref_mut(),
            Implicit::No,
        ),
        None => GroupResult::default(),
    };
    any_deny |= resource_result.deny;
    // S3 Block Public Access: a public bucket policy grants nothing to
    // anonymous callers and callers of other accounts (spec §7.10.3).
    let outside = match caller.kind {
        PrincipalKind::Service => false,
        PrincipalKind::Anonymous => true,
        _ => !outcome.same_account,
    };
    // Only a bucket policy can be public: a resource without a policy is
    // not read further (its settings sit past the fields every decision
    // reads).
    let public_statement = view
        .has_policy
        .then(|| resource.restricted_public_statement())
        .flatten();
    let restricted = public_statement.filter(|_| outside && resource_result.allow);
    let granted_before_restriction = resource_result.grants;
    if restricted.is_some() {
        resource_result.grants = Grants::default();
    }
    if let (Some(statement), Some(layers)) = (public_statement, layers.as_deref_mut())
        && let Some(trace) = layers.last_mut().filter(|t| t.layer == Layer::Resource)
    {
        trace.note = Some(if outside {
            LayerNote::PublicAccessRestricted { statement }
        } else {
            LayerNote::PublicAccessAllowedForCaller { statement }
        });
        if restricted.is_some() && trace.verdict == Verdict::Allow {
            trace.verdict = Verdict::Restricted;
        }
    }
    if fast && any_deny {
        return explicit_deny(outcome);
    }
    let identity_result = layer(
        &scenario.identity,
        Layer::Identity,
        no_identity,
        &env,
        layers.as_deref_mut(),
        Implicit::No,
    );
    any_deny |= identity_result.deny;
    let boundary_result = scenario.boundary.as_ref().map(|group| {
        layer(
            group,
            Layer::PermissionsBoundary,
            no_identity,
            &env,
            layers.as_deref_mut(),
            Implicit::No,
        )
    });
    any_deny |= boundary_result.is_some_and(|result| result.deny);
    let session_skip = no_identity.or(match caller.kind {
        PrincipalKind::RoleSession | PrincipalKind::FederatedUser => None,
        _ => Some(SkipReason::NotNeeded),
    });
    let session_result = scenario.session.as_ref().map(|group| {
        layer(
            group,
            Layer::Session,
            session_skip,
            &env,
            layers,
            Implicit::No,
        )
    });
    any_deny |= session_result.is_some_and(|result| result.deny);

    if any_deny {
        return explicit_deny(outcome);
    }
    // AWS-owned resources: no customer policy can change them (spec §7.6).
    if caller.kind != PrincipalKind::Service
        && view.iam_or_kms
        && matches!(service, "iam" | "kms")
        && let Some(owner) = super::aws_owned(action, view.arn)
    {
        outcome.reason = Reason::AwsOwnedResource { owner };
        return outcome;
    }
    if scp_skip.is_none()
        && let Some(level) = scp_without_allow
    {
        outcome.reason = Reason::ScpLevelWithoutAllow { level };
        return outcome;
    }
    if endpoint_result.is_some_and(|result| !result.allow) {
        outcome.reason = Reason::EndpointPolicyWithoutAllow;
        return outcome;
    }
    // When Block Public Access took away what the bucket policy granted, that
    // is the reason for any denial that follows.
    let restriction = restricted
        .filter(|_| granted_before_restriction.any_resource())
        .map(|statement| Reason::PublicAccessRestricted { statement });

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
    let granted = Grants {
        identity,
        ..resource_result.grants
    };
    outcome.pieces = Pieces {
        granted,
        boundary,
        session,
    };
    let limits = boundary && session;

    if matches!(
        caller.kind,
        PrincipalKind::Service | PrincipalKind::Anonymous
    ) {
        if granted.resource_direct {
            return allowed(
                outcome,
                Grants {
                    resource_direct: true,
                    ..Grants::default()
                },
            );
        }
        outcome.reason = restriction.unwrap_or(Reason::NeedsDirectResourceGrant);
        return outcome;
    }

    let is_strict = strict.is_some();
    if same_account {
        let direct = if trust {
            // AWS: "Update a role trust policy": the caller's boundary must
            // still allow sts:AssumeRole when the trust policy names it.
            granted.resource_direct && boundary
        } else {
            granted.resource_direct
        };
        // An account grant of a strict policy delegates to identity policies.
        let account = is_strict && granted.resource_account && identity && limits;
        let paths = Grants {
            resource_direct: direct,
            resource_role: granted.resource_role && limits,
            resource_account: account,
            identity: (!is_strict && identity && limits) || account,
        };
        if paths.any() {
            return allowed(outcome, paths);
        }
        let usable = granted.resource_direct
            || granted.resource_role
            || (identity && (!is_strict || granted.resource_account));
        outcome.reason = if usable {
            limit_reason(scenario, outcome.pieces)
        } else if is_strict && !granted.any_resource() {
            Reason::StrictResourceWithoutGrant
        } else if granted.resource_account {
            Reason::AccountGrantWithoutIdentityAllow
        } else {
            Reason::NoIdentityAllow
        };
        return outcome;
    }

    // Cross-account: both sides must allow.
    if identity && limits && granted.any_resource() {
        return allowed(outcome, granted);
    }
    outcome.reason = match (identity, granted.any_resource()) {
        _ if restriction.is_some() => restriction.unwrap_or(Reason::NoResourceGrant),
        (false, false) => Reason::NoIdentityAllow,
        (false, true) => Reason::CrossAccountWithoutIdentityAllow,
        (true, false) => Reason::NoResourceGrant,
        (true, true) => limit_reason(scenario, outcome.pieces),
    };
    outcome
}

/// Which limit stopped a grant: the boundary, or the session policies.
fn limit_reason(scenario: &Scenario, pieces: Pieces) -> Reason {
    if !pieces.boundary {
        Reason::BoundaryWithoutAllow
    } else if scenario.caller.kind == PrincipalKind::FederatedUser && scenario.session.is_none() {
        Reason::FederatedWithoutSessionPolicy
    } else {
        Reason::SessionWithoutAllow
    }
}

fn explicit_deny(mut outcome: Outcome) -> Outcome {
    outcome.decision = Decision::ExplicitDeny;
    outcome.reason = Reason::ExplicitDeny;
    outcome
}

fn allowed(mut outcome: Outcome, paths: Grants) -> Outcome {
    outcome.decision = Decision::Allowed;
    outcome.reason = Reason::Allowed { paths };
    outcome
}

/// Evaluates one layer's group of policies.
fn layer<'a>(
    group: &'a PolicyGroup,
    which: Layer,
    skip: Option<SkipReason>,
    env: &Env<'_, 'a>,
    layers: Option<&mut Vec<LayerTrace<'a>>>,
    implicit: Implicit,
) -> GroupResult {
    if let Some(reason) = skip {
        if let Some(layers) = layers {
            layers.push(LayerTrace {
                layer: which,
                verdict: Verdict::Skipped,
                skipped: Some(reason),
                note: None,
                policies: Vec::new(),
                statements: Vec::new(),
                unlisted_policies: 0,
                unlisted_statements: 0,
            });
        }
        return GroupResult {
            allow: true,
            ..GroupResult::default()
        };
    }
    let mut result = GroupResult::default();
    match layers {
        None => {
            // Any order gives the same result here; once an Allow applies,
            // a policy without principals has nothing left to learn from
            // another Allow (a resource-based policy still collects how
            // its Allows name the caller).
            // A statement listed under the action's exact name names it:
            // its action is not checked again.
            let (exact, wild) = group.fast_candidates(&env.action);
            let named = exact.iter().map(|place| (place, true));
            for (&(policy_idx, statement_idx), action_named) in
                named.chain(wild.iter().map(|place| (place, false)))
            {
                let Some(policy) = group.policies().get(policy_idx as usize) else {
                    continue;
                };
                let Some(statement) = policy.statements.get(statement_idx as usize) else {
                    continue;
                };
                if result.allow
                    && statement.effect == Effect::Allow
                    && !policy.kind.has_principals()
                {
                    continue;
                }
                let applies = if action_named {
                    check_matched(statement, policy.kind, env, None, None)
                } else {
                    check(statement, policy.kind, env, None)
                };
                if let Some(class) = applies {
                    record(&mut result, statement.effect, class);
                    if result.deny {
                        break;
                    }
                }
            }
        }
        Some(layers) => {
            let mut traced = TracedLayer {
                policies: Vec::new(),
                statements: Vec::new(),
                unlisted_policies: 0,
                unlisted_statements: 0,
            };
            trace_statements(group, env, &mut result, &mut traced);
            let TracedLayer {
                mut policies,
                statements,
                unlisted_policies,
                unlisted_statements,
            } = traced;
            let implicit_policy = match implicit {
                Implicit::No => None,
                Implicit::RcpFullAccess => Some(("RCPFullAWSAccess", PolicyType::Rcp)),
                Implicit::DefaultEndpointPolicy => {
                    Some(("Default endpoint policy", PolicyType::VpcEndpoint))
                }
            };
            if let Some((name, policy_type)) = implicit_policy {
                policies.push(PolicyTrace {
                    name,
                    policy_type,
                    group: None,
                    span: crate::source::Span::default(),
                    implicit: true,
                    statements: statements.len()..statements.len(),
                    other_service_statements: 0,
                    other_action_statements: 0,
                });
            }
            let verdict = if result.deny {
                Verdict::Deny
            } else if result.allow || implicit != Implicit::No {
                Verdict::Allow
            } else {
                Verdict::NoMatch
            };
            layers.push(LayerTrace {
                layer: which,
                verdict,
                skipped: None,
                note: None,
                policies,
                statements,
                unlisted_policies,
                unlisted_statements,
            });
        }
    }
    if implicit != Implicit::No {
        // AWS attaches RCPFullAWSAccess to every RCP level, and the default
        // endpoint policy to an endpoint without one: each allows everything.
        result.allow = true;
    }
    result
}

/// The policies of a layer's trace, as [`trace_statements`] builds them.
struct TracedLayer<'a> {
    policies: Vec<PolicyTrace<'a>>,
    statements: Vec<StatementTrace<'a>>,
    unlisted_policies: usize,
    unlisted_statements: usize,
}

impl<'a> TracedLayer<'a> {
    /// Counts every policy of `group` as unlisted, before any is listed.
    fn count_all(&mut self, group: &PolicyGroup) {
        self.unlisted_policies = group.policies().len();
        self.unlisted_statements = group.statement_count();
    }

    /// Lists a policy that was counted as unlisted.
    fn list(&mut self, trace: PolicyTrace<'a>) {
        self.unlisted_policies = self.unlisted_policies.saturating_sub(1);
        self.unlisted_statements = self.unlisted_statements.saturating_sub(
            trace.statements.len() + trace.other_action_statements + trace.other_service_statements,
        );
        self.policies.push(trace);
    }
}

/// Why a statement is traced, which says whether its action is known to
/// match.
#[derive(Clone, Copy, Debug)]
enum Traced {
    /// Its action was matched while choosing what to trace: the index of
    /// the action pattern that matched (`None` for a `NotAction` that
    /// holds).
    Matched(Option<u32>),
    /// Its action is checked when traced: a statement naming the action
    /// exactly, a near miss (its resource matches, its action does not), or
    /// any statement of a layer traced in full.
    Check,
}

/// A statement to trace, at its place.
type Matching = (Place, Traced);

/// `items` (sorted by place, which `place` reads) cut into one run per
/// policy.
fn policy_runs<T>(items: &[T], place: impl Fn(&T) -> Place) -> impl Iterator<Item = (u32, &[T])> {
    let mut rest = items;
    core::iter::from_fn(move || {
        let policy_idx = place(rest.first()?).0;
        let same = rest
            .iter()
            .position(|item| place(item).0 != policy_idx)
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(same);
        rest = tail;
        Some((policy_idx, run))
    })
}

/// Traces the statements of `group` that may concern the request, adding
/// what applies to `result`.
///
/// A layer with few statements for the request's service traces them all.
/// Past [`FULL_TRACE_LIMIT`], it traces the statements whose action matches,
/// and counts the others; when no statement's action matches, it traces the
/// near misses instead: those whose resource matches the request (only
/// their action differs), at most [`FULL_TRACE_LIMIT`]. This keeps an
/// explanation within a few times the cost of the decision on policies with
/// thousands of statements (measured: on 5,000 statements, tracing every
/// statement of the service for the one request in 25 that no statement
/// names was a third of all explanations' cost). The index says which
/// statements name the action exactly and which have wildcards; the rest
/// name other actions of the service, so they are counted without being
/// read.
fn trace_statements<'a>(
    group: &'a PolicyGroup,
    env: &Env<'_, 'a>,
    result: &mut GroupResult,
    out: &mut TracedLayer<'a>,
) {
    let candidates = group.candidates(env.service);
    let (exact, wild) = group.fast_candidates(&env.action);
    let all_policies = group.policies();
    let statement_at = |(policy_idx, statement_idx): Place| {
        all_policies
            .get(policy_idx as usize)
            .and_then(|policy| policy.statements.get(statement_idx as usize))
    };
    // The statements whose action matches, in place order, when the service
    // has so many statements that the others may go untraced: those naming
    // the action exactly, merged with the wildcard ones that match it (with
    // the pattern that matched, so that tracing them does not match their
    // action patterns again).
    let mut matching: Vec<Matching> = Vec::new();
    let selective = candidates.len() > FULL_TRACE_LIMIT;
    if selective {
        matching.reserve_exact(exact.len() + wild.len());
        let mut wild_matching = wild
            .iter()
            .filter_map(|&place| {
                statement_at(place)
                    .and_then(|statement| action_hit(statement, env))
                    .map(|hit| (place, Traced::Matched(hit)))
            })
            .peekable();
        let mut exact_rest = exact.iter().map(|&place| (place, Traced::Check)).peekable();
        loop {
            let next = match (exact_rest.peek(), wild_matching.peek()) {
                (Some(named), Some(wildcard)) if named.0 < wildcard.0 => exact_rest.next(),
                (_, Some(_)) => wild_matching.next(),
                (Some(_), None) => exact_rest.next(),
                (None, None) => break,
            };
            matching.extend(next);
        }
        if matching.is_empty() {
            matching.extend(
                candidates
                    .iter()
                    .filter(|&&place| {
                        statement_at(place)
                            .is_some_and(|statement| resource_matches(statement, env))
                    })
                    .take(FULL_TRACE_LIMIT)
                    .map(|&place| (place, Traced::Check)),
            );
        }
    }
    // Traces a statement into `statements`, in place: a statement's trace
    // is a few hundred bytes, worth not moving.
    let mut trace_one = |policy: &'a crate::policy::Policy,
                         statement_idx: u32,
                         traced: Traced,
                         statements: &mut Vec<StatementTrace<'a>>| {
        let Some(statement) = policy.statements.get(statement_idx as usize) else {
            return;
        };
        statements.push(empty_statement_trace(statement));
        let Some(trace) = statements.last_mut() else {
            return;
        };
        let applies = match traced {
            Traced::Matched(hit) => check_matched(statement, policy.kind, env, Some(trace), hit),
            Traced::Check => check(statement, policy.kind, env, Some(trace)),
        };
        if let Some(class) = applies {
            record(result, statement.effect, class);
        }
    };
    // How many of `policy_idx`'s statements are candidates (they are sorted
    // by place).
    let run_len = |policy_idx: u32| {
        candidates.partition_point(|place| place.0 <= policy_idx)
            - candidates.partition_point(|place| place.0 < policy_idx)
    };

    if all_policies.len() > FULL_LIST_LIMIT && selective {
        // A big layer lists only the policies with a statement whose action
        // matches, and reads only those statements: the cost follows the
        // statements that matter, as on the fast path.
        out.count_all(group);
        // At most one listed policy per matching statement.
        out.policies.reserve_exact(matching.len());
        out.statements.reserve_exact(matching.len());
        for (policy_idx, run) in policy_runs(&matching, |item| item.0) {
            let Some(policy) = all_policies.get(policy_idx as usize) else {
                continue;
            };
            let start = out.statements.len();
            for &((_, statement_idx), traced) in run {
                trace_one(policy, statement_idx, traced, &mut out.statements);
            }
            let traced = start..out.statements.len();
            let candidates_of_policy = run_len(policy_idx);
            out.list(PolicyTrace {
                other_service_statements: policy.statements.len() - candidates_of_policy,
                other_action_statements: candidates_of_policy.saturating_sub(traced.len()),
                ..policy_trace(policy, traced)
            });
        }
        return;
    }

    let list_all = all_policies.len() <= FULL_LIST_LIMIT;
    if list_all {
        out.policies.reserve_exact(all_policies.len() + 1);
        out.policies
            .extend(all_policies.iter().map(|policy| PolicyTrace {
                other_service_statements: policy.statements.len(),
                ..policy_trace(policy, 0..0)
            }));
    } else {
        out.count_all(group);
    }
    // Sized exactly: a statement's trace is big enough that spare room would
    // take the allocator off its fast path.
    out.statements.reserve_exact(if selective {
        matching.len()
    } else {
        candidates.len()
    });
    // Both lists are sorted by place, so one walk finds each candidate in
    // `matching` (measured: a binary search per candidate was a quarter of
    // an explanation's cost on 5,000 statements).
    let mut matching_rest = matching.as_slice();
    for (policy_idx, run) in policy_runs(candidates, |&place| place) {
        let Some(policy) = all_policies.get(policy_idx as usize) else {
            continue;
        };
        let start = out.statements.len();
        let mut other_actions = 0;
        for &place in run {
            let traced = if selective {
                match advance_to(&mut matching_rest, place) {
                    Some(traced) => traced,
                    None => {
                        other_actions += 1;
                        continue;
                    }
                }
            } else {
                Traced::Check
            };
            trace_one(policy, place.1, traced, &mut out.statements);
        }
        let traced = start..out.statements.len();
        if !list_all && traced.is_empty() {
            continue;
        }
        let trace = PolicyTrace {
            other_service_statements: policy.statements.len().saturating_sub(run.len()),
            other_action_statements: other_actions,
            ..policy_trace(policy, traced)
        };
        if list_all {
            if let Some(slot) = out.policies.get_mut(policy_idx as usize) {
                *slot = trace;
            }
        } else {
            out.list(trace);
        }
    }
}

/// A policy's trace with `statements` (of its layer's), counting none as
/// untraced.
fn policy_trace<'a>(
    policy: &'a crate::policy::Policy,
    statements: core::ops::Range<usize>,
) -> PolicyTrace<'a> {
    PolicyTrace {
        name: policy.name.as_str(),
        policy_type: policy.policy_type(),
        group: policy.group.as_deref(),
        span: policy.span,
        implicit: false,
        statements,
        other_service_statements: 0,
        other_action_statements: 0,
    }
}

/// Moves `list` (sorted) past the statements before `place`; why `place`
/// is traced, when it is next.
fn advance_to(list: &mut &[Matching], place: Place) -> Option<Traced> {
    while let [first, rest @ ..] = *list
        && first.0 < place
    {
        *list = rest;
    }
    list.first()
        .filter(|first| first.0 == place)
        .map(|first| first.1)
}

/// Whether the statement's action matches the request: `Some` with the
/// index of the pattern that matched (`None` inside for a `NotAction` that
/// holds).
fn action_hit(statement: &crate::policy::Statement, env: &Env<'_, '_>) -> Option<Option<u32>> {
    let clause = &statement.action;
    let hit = clause
        .patterns
        .iter()
        .position(|p| p.is_match(env.service, env.name));
    match (hit, clause.negated) {
        (Some(hit), false) => Some(Some(u32::try_from(hit).unwrap_or(u32::MAX))),
        (None, true) => Some(None),
        _ => None,
    }
}

fn record(result: &mut GroupResult, effect: Effect, class: MatchClass) {
    match effect {
        Effect::Deny => result.deny = true,
        Effect::Allow => {
            result.allow = true;
            result.grants.add_resource(class);
        }
    }
}

fn empty_statement_trace(statement: &crate::policy::Statement) -> StatementTrace<'_> {
    let part = || PartTrace {
        element: "",
        absent: false,
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
        endpoint: request.endpoint.map(|endpoint| endpoint.id.as_str()),
        pieces: outcome.pieces,
        layers,
    }
}

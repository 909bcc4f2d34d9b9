//! Evaluation: a compiled [`Scenario`] answers [`Request`]s.
//!
//! A scenario is built once from the caller, its policies and its
//! organization; statements are indexed by the service prefix of their
//! actions, so a request only looks at statements that can concern its
//! service. [`evaluate`] gives the decision on the fast path; [`explain`]
//! gives the same decision with the full trace. Both run the same code
//! (`eval/statement.rs` for one statement, `eval/logic.rs` for combining the
//! layers); the fast path only skips recording and stops early where the
//! outcome cannot change.

mod index;
mod logic;
mod owned;
mod statement;
mod strict;

use alloc::boxed::Box;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

pub use index::PolicyGroup;
pub use owned::{AwsOwned, aws_owned};
pub use strict::{StrictResource, is_role, strict_resource};

use crate::arn::Arn;
use crate::context::{Context, Entry, RequestContext};
use crate::principal::{Caller, PrincipalKind};
use crate::trace::{Decision, Explanation};

/// The caller side of an evaluation, compiled once.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// The classified caller.
    pub caller: Caller,
    /// Keys derived from the caller (`aws:PrincipalArn`, tags...).
    pub principal_context: Context,
    /// Identity-based policies.
    pub identity: PolicyGroup,
    /// The permissions boundary.
    pub boundary: Option<PolicyGroup>,
    /// Session policies (`None` when none were passed).
    pub session: Option<PolicyGroup>,
    /// SCP levels, root first.
    pub scps: Vec<PolicyGroup>,
    /// RCP levels of the resource's organization, root first.
    pub rcps: Vec<PolicyGroup>,
}

/// The target of a request, compiled once.
///
/// Laid out in declaration order (`repr(C)`), with what every decision reads
/// first and the resource-based policy behind a pointer: on 10,000 distinct
/// requests each resource is a likely cache miss, and the fields a decision
/// reads then share one or two cache lines instead of four.
#[derive(Clone, Debug)]
#[repr(C)]
pub struct Resource {
    /// The ARN, or `*`.
    pub arn: String,
    /// Where the ARN's partition and the owner's account are in `arn`
    /// (the account only when the owner is the ARN's own, and neither when
    /// the ARN is longer than 65,535 bytes), read once: the fast path
    /// compares them there rather than following two more pointers per
    /// request (measured on 10,000 distinct requests, where each pointer
    /// followed is a likely cache miss). Kept small so that what a decision
    /// reads of a resource fits the first 64 bytes of its allocation.
    pub(crate) partition_at: Option<(u16, u16)>,
    pub(crate) account_at: Option<(u16, u16)>,
    /// Whether the ARN is an IAM or KMS one, the only kinds that AWS-owned
    /// resources concern: other requests skip that check without reading
    /// the ARN again.
    pub(crate) iam_or_kms: bool,
    /// The kind of strict policy the resource has (a role's trust policy, a
    /// key's key policy), read once: whether a request is strict then
    /// depends on its action only.
    pub(crate) strictness: Option<StrictResource>,
    /// The resource-based policy.
    pub policy: Option<Box<PolicyGroup>>,
    /// Keys derived from the resource (`aws:ResourceAccount`, tags).
    pub context: Context,
    /// S3 Block Public Access settings in force for the bucket.
    pub block_public_access: BlockPublicAccess,
    /// The first public statement of the bucket policy (spec §7.10.2), for
    /// an S3 resource with a policy.
    pub public_statement: Option<usize>,
    /// The owning account.
    pub account: String,
}

/// S3 Block Public Access: the bucket's and the account's settings combined
/// (AWS: "Blocking public access to your Amazon S3 storage").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct BlockPublicAccess {
    /// A public bucket policy grants only to service principals and to
    /// principals of the bucket owner's account.
    pub restrict_public_buckets: bool,
    /// Public ACLs are ignored (ACLs are outside the model: no effect).
    pub ignore_public_acls: bool,
    /// New public bucket policies are refused (no effect on a decision).
    pub block_public_policy: bool,
}

/// The VPC endpoint a request came through, compiled once (spec §7.9).
#[derive(Clone, Debug)]
pub struct Endpoint {
    /// The endpoint's id (`vpce-…`).
    pub id: String,
    /// The account that owns it, when given.
    pub account: Option<String>,
    /// The endpoint policy (empty when the endpoint has AWS's default
    /// policy).
    pub policy: PolicyGroup,
    /// Whether the endpoint has AWS's default policy, which allows
    /// everything.
    pub is_default_policy: bool,
    /// Keys derived from the endpoint (`aws:SourceVpce`, `aws:SourceVpc`,
    /// `aws:VpceAccount`, `aws:VpcSourceIp`).
    pub context: Context,
}

/// One question: may the scenario's caller do `action` on `resource`?
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// `service:Action`.
    pub action: &'a str,
    /// The target.
    pub resource: &'a Resource,
    /// The request's own context keys.
    pub context: &'a Context,
    /// The VPC endpoint the request came through, if any.
    pub endpoint: Option<&'a Endpoint>,
    /// The action read once, when the request was built from one; used
    /// only while `action` is still its text.
    prepared: Option<&'a PreparedAction>,
    /// What a decision reads of `resource`, kept beside a compiled case
    /// (see [`ResourceFacts`]).
    facts: Option<&'a ResourceFacts>,
}

impl<'a> Request<'a> {
    /// A request.
    pub fn new(
        action: &'a str,
        resource: &'a Resource,
        context: &'a Context,
        endpoint: Option<&'a Endpoint>,
    ) -> Self {
        Request {
            action,
            resource,
            context,
            endpoint,
            prepared: None,
            facts: None,
        }
    }

    /// A request for an action read once beforehand: a decision then skips
    /// lowercasing, splitting and hashing it.
    pub fn prepared(
        action: &'a PreparedAction,
        resource: &'a Resource,
        context: &'a Context,
        endpoint: Option<&'a Endpoint>,
    ) -> Self {
        Request {
            action: action.as_str(),
            resource,
            context,
            endpoint,
            prepared: Some(action),
            facts: None,
        }
    }

    /// The same request with what a decision reads of its resource copied
    /// beside it; `facts` must be [`ResourceFacts::of`] this request's
    /// resource (a compiled case keeps them together).
    pub(crate) fn with_facts(self, facts: &'a ResourceFacts) -> Self {
        Request {
            facts: Some(facts),
            ..self
        }
    }

    /// What a decision reads of the resource: from the copy beside the
    /// request when there is one, which spares reading the resource itself
    /// (on 10,000 distinct requests, the first read of each resource was a
    /// fifth of a decision's time, measured with `perf`), or else from the
    /// resource.
    pub(crate) fn resource_view(&self) -> ResourceView<'a> {
        match self.facts {
            Some(facts) => facts.view(),
            None => ResourceView::of(self.resource),
        }
    }

    /// The prepared action, if the request has one and `action` is still
    /// its text (the same memory: compared without reading it).
    pub(crate) fn prepared_action(&self) -> Option<&'a PreparedAction> {
        self.prepared.filter(|prepared| {
            core::ptr::eq(prepared.text.as_ptr(), self.action.as_ptr())
                && prepared.text.len() == self.action.len()
        })
    }
}

/// What a decision reads of a resource, copied beside each compiled case
/// that targets it: a case is read in order with its neighbours, while its
/// resource lies anywhere in memory. The owning account and the ARN share
/// one allocation, shared by the cases of the same resource.
#[derive(Clone, Debug)]
pub struct ResourceFacts {
    /// The owner's account, then the ARN (the account and the ARN's start,
    /// which a decision reads first, share a cache line).
    text: Arc<str>,
    owner_len: usize,
    partition_at: Option<(u16, u16)>,
    iam_or_kms: bool,
    strictness: Option<StrictResource>,
    has_policy: bool,
}

impl ResourceFacts {
    /// The facts of `resource`.
    pub fn of(resource: &Resource) -> Self {
        let owner = resource.owner();
        let mut text = String::with_capacity(owner.len() + resource.arn.len());
        text.push_str(owner);
        text.push_str(&resource.arn);
        ResourceFacts {
            text: text.into(),
            owner_len: owner.len(),
            partition_at: resource.partition_at,
            iam_or_kms: resource.iam_or_kms,
            strictness: resource.strictness,
            has_policy: resource.policy.is_some(),
        }
    }

    fn view(&self) -> ResourceView<'_> {
        let (owner, arn) = self
            .text
            .split_at_checked(self.owner_len)
            .unwrap_or(("", &self.text));
        ResourceView {
            arn,
            owner,
            partition: match self.partition_at {
                Some((from, to)) => arn.get(usize::from(from)..usize::from(to)),
                None if arn.len() > usize::from(u16::MAX) => {
                    Arn::parse(arn).map(|parsed| parsed.partition)
                }
                None => None,
            },
            iam_or_kms: self.iam_or_kms,
            strictness: self.strictness,
            has_policy: self.has_policy,
        }
    }
}

/// What a decision reads of a resource, wherever it was read from.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ResourceView<'a> {
    pub(crate) arn: &'a str,
    pub(crate) owner: &'a str,
    pub(crate) partition: Option<&'a str>,
    pub(crate) iam_or_kms: bool,
    pub(crate) strictness: Option<StrictResource>,
    pub(crate) has_policy: bool,
}

impl<'a> ResourceView<'a> {
    fn of(resource: &'a Resource) -> Self {
        ResourceView {
            arn: &resource.arn,
            owner: resource.owner(),
            partition: resource.partition(),
            iam_or_kms: resource.iam_or_kms,
            strictness: resource.strictness,
            has_policy: resource.policy.is_some(),
        }
    }
}

/// An action lowercased, split at its colon and hashed once. A case file's
/// cases share one per action: every decision otherwise does this again,
/// about 400 instructions of the 5,000 of a decision on the realistic
/// benchmark (callgrind).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedAction {
    /// As written.
    text: Box<str>,
    /// In lowercase.
    lower: Box<str>,
    /// Where the service ends in `lower`.
    colon: Option<usize>,
    service_hash: u64,
    name_hash: u64,
}

impl PreparedAction {
    /// Reads `action`.
    pub fn new(action: &str) -> Self {
        let lower: Box<str> = action.to_ascii_lowercase().into();
        let colon = lower.bytes().position(|byte| byte == b':');
        let mut prepared = PreparedAction {
            text: action.into(),
            lower,
            colon,
            service_hash: 0,
            name_hash: 0,
        };
        let (service, name) = prepared.split();
        let (service_hash, name_hash) = (
            crate::context::text_hash(service),
            crate::context::text_hash(name),
        );
        prepared.service_hash = service_hash;
        prepared.name_hash = name_hash;
        prepared
    }

    /// The action as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The action in lowercase.
    pub(crate) fn lower(&self) -> &str {
        &self.lower
    }

    /// The lowercase service and action name.
    pub(crate) fn split(&self) -> (&str, &str) {
        split_action(&self.lower, self.colon)
    }

    pub(crate) fn key(&self) -> index::ActionKey<'_> {
        let (service, name) = self.split();
        index::ActionKey {
            service,
            service_hash: self.service_hash,
            name,
            name_hash: self.name_hash,
        }
    }
}

impl core::ops::Deref for PreparedAction {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl core::fmt::Display for PreparedAction {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.text)
    }
}

/// `action` cut at `colon` into service and name (all service when there
/// is no colon).
pub(crate) fn split_action(action: &str, colon: Option<usize>) -> (&str, &str) {
    match colon {
        Some(colon) => (
            action.get(..colon).unwrap_or(action),
            action.get(colon + 1..).unwrap_or(""),
        ),
        None => (action, ""),
    }
}

impl Scenario {
    /// Builds a scenario; derived keys (spec §6.1) are filled in here.
    pub fn new(
        caller: Caller,
        tags: &[(String, String)],
        identity: PolicyGroup,
        boundary: Option<PolicyGroup>,
        session: Option<PolicyGroup>,
        scps: Vec<PolicyGroup>,
        rcps: Vec<PolicyGroup>,
    ) -> Self {
        let mut caller = caller;
        caller.has_boundary = boundary.is_some()
            && matches!(
                caller.kind,
                PrincipalKind::User | PrincipalKind::RoleSession
            );
        let principal_context = principal_keys(&caller, tags);
        let mut scenario = Scenario {
            caller,
            principal_context,
            identity,
            boundary,
            session,
            scps,
            rcps,
        };
        scenario.resolve_ahead();
        scenario
    }

    /// Resolves the policy variables of the caller's policies with the
    /// principal's keys, once (see [`crate::variable::Resolution`]). RCPs
    /// are the resource's organization's, but their variables name the
    /// principal's keys as well.
    fn resolve_ahead(&mut self) {
        let empty = Context::new();
        let ctx = RequestContext {
            request: &empty,
            principal: &self.principal_context,
            resource: &empty,
            endpoint: None,
        };
        let groups = core::iter::once(&mut self.identity)
            .chain(self.boundary.as_mut())
            .chain(self.session.as_mut())
            .chain(self.scps.iter_mut())
            .chain(self.rcps.iter_mut());
        for group in groups {
            group.resolve_ahead(&ctx);
        }
    }
}

fn principal_keys(caller: &Caller, tags: &[(String, String)]) -> Context {
    let mut context = Vec::new();
    if let Some(arn) = caller.principal_arn() {
        context.push(Entry::single("aws:PrincipalArn", arn));
    }
    let account = match caller.kind {
        PrincipalKind::Anonymous => Some("anonymous"),
        _ => caller.account.as_deref(),
    };
    if let Some(account) = account {
        context.push(Entry::single("aws:PrincipalAccount", account));
    }
    let principal_type = match caller.kind {
        PrincipalKind::User => Some("User"),
        PrincipalKind::RoleSession => Some("AssumedRole"),
        PrincipalKind::FederatedUser => Some("FederatedUser"),
        PrincipalKind::Root => Some("Account"),
        PrincipalKind::Anonymous => Some("Anonymous"),
        PrincipalKind::Service => None,
    };
    if let Some(principal_type) = principal_type {
        context.push(Entry::single("aws:PrincipalType", principal_type));
    }
    if let Some(name) = &caller.user_name {
        context.push(Entry::single("aws:username", name.as_str()));
    }
    for (key, value) in tags {
        context.push(Entry::single(
            alloc::format!("aws:PrincipalTag/{key}"),
            value.as_str(),
        ));
    }
    Context::from_entries_last_wins(context)
}

impl Resource {
    /// Builds a resource. The owner is `account` when given, else the ARN's
    /// account, else `default_account` (the caller's). AWS managed policies
    /// name the pseudo-account `aws`: every account sees them as its own
    /// (spec §7.6), so they count as the caller's.
    pub fn new(
        arn: &str,
        account: Option<&str>,
        default_account: Option<&str>,
        tags: &[(String, String)],
        policy: Option<PolicyGroup>,
    ) -> Self {
        let parsed = Arn::parse(arn);
        let from_arn = parsed
            .map(|parsed| parsed.account)
            .filter(|a| !a.is_empty());
        let account = String::from(
            account
                .or(from_arn)
                .filter(|owner| *owner != "aws")
                .or(default_account)
                .unwrap_or(""),
        );
        let mut context = Vec::new();
        if !account.is_empty() {
            context.push(Entry::single("aws:ResourceAccount", account.as_str()));
        }
        for (key, value) in tags {
            context.push(Entry::single(
                alloc::format!("aws:ResourceTag/{key}"),
                value.as_str(),
            ));
        }
        let account_at = parsed
            .filter(|parsed| parsed.account == account)
            .and_then(|parsed| place_in(arn, parsed.account));
        Resource {
            arn: String::from(arn),
            account,
            context: Context::from_entries_last_wins(context),
            policy: policy.map(Box::new),
            block_public_access: BlockPublicAccess::default(),
            public_statement: None,
            partition_at: parsed.and_then(|parsed| place_in(arn, parsed.partition)),
            account_at,
            iam_or_kms: parsed.is_some_and(|parsed| matches!(parsed.service, "iam" | "kms")),
            strictness: parsed.as_ref().and_then(strict::strictness),
        }
    }

    /// The same resource with S3 Block Public Access settings; the bucket
    /// policy's public test runs here, once.
    pub fn with_block_public_access(mut self, settings: BlockPublicAccess) -> Self {
        self.block_public_access = settings;
        self.public_statement = self
            .policy
            .as_ref()
            .filter(|_| self.is_s3())
            .and_then(|group| group.policies().first())
            .and_then(crate::public::public_statement);
        self
    }

    /// The ARN's partition, if it has one.
    pub(crate) fn partition(&self) -> Option<&str> {
        match self.partition_at {
            Some((from, to)) => self.arn.get(usize::from(from)..usize::from(to)),
            // Too long to keep its place: read again.
            None if self.arn.len() > usize::from(u16::MAX) => {
                Arn::parse(&self.arn).map(|arn| arn.partition)
            }
            None => None,
        }
    }

    /// The owning account, read from the ARN when it is the ARN's.
    pub(crate) fn owner(&self) -> &str {
        self.account_at
            .and_then(|(from, to)| self.arn.get(usize::from(from)..usize::from(to)))
            .unwrap_or(&self.account)
    }

    /// Whether the resource is an S3 bucket or object.
    pub fn is_s3(&self) -> bool {
        Arn::parse(&self.arn).is_some_and(|arn| arn.service == "s3")
    }

    /// The public statement that Restrict Public Buckets holds back, when the
    /// setting is on and the bucket policy is public (spec §7.10.3).
    pub fn restricted_public_statement(&self) -> Option<usize> {
        self.public_statement
            .filter(|_| self.block_public_access.restrict_public_buckets)
    }
}

/// Where `part` (a slice of `text`) lies in `text`.
fn place_in(text: &str, part: &str) -> Option<(u16, u16)> {
    let from = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let to = from
        .checked_add(part.len())
        .filter(|to| *to <= text.len())?;
    Some((u16::try_from(from).ok()?, u16::try_from(to).ok()?))
}

impl Endpoint {
    /// Builds an endpoint; its keys (spec §7.9.1) are derived here.
    pub fn new(
        id: &str,
        vpc: Option<&str>,
        account: Option<&str>,
        source_ip: Option<&str>,
        policy: Option<PolicyGroup>,
    ) -> Self {
        let mut context = Vec::new();
        context.push(Entry::single("aws:SourceVpce", id));
        if let Some(vpc) = vpc {
            context.push(Entry::single("aws:SourceVpc", vpc));
        }
        if let Some(account) = account {
            context.push(Entry::single("aws:VpceAccount", account));
        }
        if let Some(address) = source_ip {
            context.push(Entry::single("aws:VpcSourceIp", address));
        }
        Endpoint {
            id: String::from(id),
            account: account.map(String::from),
            is_default_policy: policy.is_none(),
            policy: policy.unwrap_or_else(|| PolicyGroup::new(Vec::new())),
            context: Context::from_entries_last_wins(context),
        }
    }
}

impl<'a> Request<'a> {
    pub(crate) fn context<'s>(&self, scenario: &'s Scenario) -> RequestContext<'s>
    where
        'a: 's,
    {
        RequestContext {
            request: self.context,
            principal: &scenario.principal_context,
            resource: &self.resource.context,
            endpoint: self.endpoint.map(|endpoint| &endpoint.context),
        }
    }
}

/// The decision for one request, on the fast path.
pub fn evaluate(scenario: &Scenario, request: &Request<'_>) -> Decision {
    logic::run(scenario, request, None).decision
}

/// The decision for one request with its full explanation.
pub fn explain<'a>(scenario: &'a Scenario, request: &Request<'a>) -> Explanation<'a> {
    // Every layer is recorded: the organization's levels, the endpoint,
    // the resource, identity, boundary and session.
    let mut layers = Vec::with_capacity(scenario.scps.len() + scenario.rcps.len() + 5);
    let outcome = logic::run(scenario, request, Some(&mut layers));
    logic::explanation(scenario, request, outcome, layers)
}

/// Decisions for many requests against one scenario.
pub fn evaluate_batch(scenario: &Scenario, requests: &[Request<'_>]) -> Vec<Decision> {
    requests
        .iter()
        .map(|request| evaluate(scenario, request))
        .collect()
}

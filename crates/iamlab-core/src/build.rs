//! Building scenarios and resources from their parts: the one place where a
//! caller, its policies and its organization become a [`Scenario`], and a
//! target becomes a [`Resource`].
//!
//! Every front end reads its own input (a case file, the page's editors, a
//! JavaScript object) into the plain inputs below, with policies already
//! lowered, and calls [`build_scenario`] and [`build_resource`]. The rules
//! that decide whether such parts make sense, and the words that say why not,
//! live here once. Diagnostics point at the spans the input carries; a front
//! end without spans passes `Span::default()`.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::arn::Arn;
use crate::diagnostic::{Code, Diagnostic};
use crate::eval::{BlockPublicAccess, Endpoint, PolicyGroup, Resource, Scenario, strict_resource};
use crate::policy::{DocumentKind, Policy};
use crate::principal::{PrincipalKind, classify};
use crate::source::Span;

/// Where AWS managed policies come from, for a policy given by its ARN
/// (`{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}`). The core ships no
/// data; the CLI embeds the catalog's file, and the page loads it.
pub trait ManagedPolicySource {
    /// The document of the managed policy with this ARN.
    fn document(&self, arn: &str) -> Option<&str>;
    /// What the source holds, for messages (`the 1594 AWS managed policies of …`).
    fn describe(&self) -> String;
    /// The known ARN closest to a misspelled one.
    fn closest(&self, arn: &str) -> Option<String> {
        let _ = arn;
        None
    }
}

/// A text with the place it was written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it is written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// A value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// An IAM group of the caller, with its (identity) policies.
#[derive(Clone, Debug)]
pub struct GroupInput {
    /// The group's name.
    pub name: String,
    /// Its policies.
    pub policies: Vec<Policy>,
}

/// The caller and the policies attached to it.
#[derive(Clone, Debug, Default)]
pub struct PrincipalInput<'a> {
    /// Where the principal is described (for problems with it as a whole).
    pub span: Span,
    /// The ARN, service name or `anonymous`.
    pub arn: Spanned<&'a str>,
    /// The declared kind (`principal.type`), if given.
    pub declared: Option<Spanned<PrincipalKind>>,
    /// The role's ARN, for a role session.
    pub role_arn: Option<Spanned<&'a str>>,
    /// Principal tags.
    pub tags: Vec<(String, String)>,
    /// The caller's own identity-based policies.
    pub policies: Vec<Policy>,
    /// The user's groups.
    pub groups: Vec<GroupInput>,
    /// The permissions boundary.
    pub boundary: Option<Policy>,
    /// Session policies (an empty list means none were passed).
    pub session_policies: Vec<Policy>,
}

/// The organization's guardrails, one list of policies per level.
#[derive(Clone, Debug, Default)]
pub struct OrganizationInput {
    /// SCP levels of the caller's account, from the root down.
    pub scps: Vec<Vec<Policy>>,
    /// RCP levels of the resource's account, from the root down.
    pub rcps: Vec<Vec<Policy>>,
}

/// The target of requests.
#[derive(Clone, Debug, Default)]
pub struct ResourceInput<'a> {
    /// The ARN, or `*`.
    pub arn: Spanned<&'a str>,
    /// The owning account, when given.
    pub account: Option<Spanned<&'a str>>,
    /// Resource tags.
    pub tags: Vec<(String, String)>,
    /// The resource-based policy, lowered for [`resource_policy_kind`].
    pub policy: Option<Policy>,
    /// S3 Block Public Access settings, when given.
    pub block_public_access: Option<Spanned<BlockPublicAccess>>,
}

/// The VPC endpoint a request came through.
#[derive(Clone, Debug, Default)]
pub struct EndpointInput<'a> {
    /// Where the endpoint is described.
    pub span: Span,
    /// Its id (`vpce-…`).
    pub id: Spanned<&'a str>,
    /// Its VPC (`vpc-…`).
    pub vpc: Option<&'a str>,
    /// The account that owns it.
    pub account: Option<Spanned<&'a str>>,
    /// The private address the request came from (`aws:VpcSourceIp`).
    pub source_ip: Option<Spanned<&'a str>>,
    /// The endpoint policy, lowered as [`DocumentKind::VpcEndpoint`];
    /// `None` is AWS's default policy.
    pub policy: Option<Policy>,
}

/// The grammar a resource's policy follows: a role's is its trust policy.
pub fn resource_policy_kind(resource_arn: &str) -> DocumentKind {
    DocumentKind::for_resource(resource_arn)
}

/// Builds the caller side. Errors stop the build; warnings come with the
/// scenario.
pub fn build_scenario(
    principal: PrincipalInput<'_>,
    organization: OrganizationInput,
) -> (Option<Scenario>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let declared = principal.declared.map(|d| d.value);
    let role_arn = principal.role_arn.map(|r| r.value);
    let caller = match classify(principal.arn.value, declared, role_arn) {
        Ok(caller) => caller,
        Err(message) => {
            let span = match (&principal.declared, &principal.role_arn) {
                (Some(declared), _) if message.starts_with("`type`") => declared.span,
                (_, Some(role)) if message.contains("roleArn") => role.span,
                _ => principal.arn.span,
            };
            diagnostics.push(Diagnostic::error(Code::InvalidPrincipalArn, span, message));
            return (None, diagnostics);
        }
    };
    let attached = !principal.policies.is_empty()
        || principal.groups.iter().any(|g| !g.policies.is_empty())
        || principal.boundary.is_some();
    let attachable = !matches!(
        caller.kind,
        PrincipalKind::Root | PrincipalKind::Service | PrincipalKind::Anonymous
    );
    if attached && !attachable {
        // AWS: "Policy evaluation logic": identity-based policies and
        // boundaries attach to IAM users and roles only (spec §7.1, §7.6).
        let who = match caller.kind {
            PrincipalKind::Root => "the account root user",
            PrincipalKind::Service => "a service principal",
            _ => "an anonymous caller",
        };
        diagnostics.push(
            Diagnostic::error(
                Code::IgnoredPolicies,
                principal.span,
                format!("{who} cannot have identity policies, groups or a permissions boundary"),
            )
            .with_help(
                "AWS attaches identity policies and boundaries only to IAM users and roles; remove them, or make the caller a user or a role session",
            ),
        );
        return (None, diagnostics);
    }
    let mut identity = principal.policies;
    for group in principal.groups {
        for mut policy in group.policies {
            policy.group = Some(group.name.clone());
            identity.push(policy);
        }
    }
    let session = (!principal.session_policies.is_empty())
        .then(|| PolicyGroup::new(principal.session_policies));
    let scenario = Scenario::new(
        caller,
        &principal.tags,
        PolicyGroup::new(identity),
        principal
            .boundary
            .map(|policy| PolicyGroup::new(alloc::vec![policy])),
        session,
        organization
            .scps
            .into_iter()
            .map(PolicyGroup::new)
            .collect(),
        organization
            .rcps
            .into_iter()
            .map(PolicyGroup::new)
            .collect(),
    );
    (Some(scenario), diagnostics)
}

/// Builds a resource for callers of `caller_account` (which owns resources
/// whose ARN names no account, unless `account` says otherwise).
pub fn build_resource(
    resource: ResourceInput<'_>,
    caller_account: Option<&str>,
) -> (Option<Resource>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let arn = resource.arn.value;
    if arn != "*" && Arn::parse(arn).is_none() {
        diagnostics.push(Diagnostic::error(
            Code::InvalidCase,
            resource.arn.span,
            format!("`{arn}` is not an ARN (or `*`)"),
        ));
        return (None, diagnostics);
    }
    let mut built = Resource::new(
        arn,
        resource.account.map(|a| a.value),
        caller_account,
        &resource.tags,
        resource
            .policy
            .map(|policy| PolicyGroup::new(alloc::vec![policy])),
    );
    if let Some(settings) = resource.block_public_access {
        if !built.is_s3() {
            diagnostics.push(Diagnostic::warning(
                Code::BlockPublicAccessNotS3,
                settings.span,
                format!("S3 Block Public Access applies to S3 buckets and objects, not to `{arn}`; it is ignored"),
            ));
        } else {
            built = built.with_block_public_access(settings.value);
        }
    }
    (Some(built), diagnostics)
}

/// Builds the VPC endpoint a request came through (spec §7.9).
pub fn build_endpoint(endpoint: EndpointInput<'_>) -> (Option<Endpoint>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let id = endpoint.id.value;
    if !id.starts_with("vpce-") {
        diagnostics.push(Diagnostic::warning(
            Code::InvalidEndpoint,
            endpoint.id.span,
            format!("`{id}` does not look like a VPC endpoint id (`vpce-` followed by hexadecimal digits)"),
        ));
    }
    if let Some(account) = endpoint.account
        && !crate::principal::is_account_id(account.value)
    {
        diagnostics.push(Diagnostic::error(
            Code::InvalidEndpoint,
            account.span,
            format!("`{}` is not a 12-digit account id", account.value),
        ));
    }
    if let Some(address) = endpoint.source_ip
        && crate::condition::Cidr::parse(address.value).is_none()
    {
        diagnostics.push(Diagnostic::error(
            Code::InvalidEndpoint,
            address.span,
            format!("`{}` is not an IP address", address.value),
        ));
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return (None, diagnostics);
    }
    let built = Endpoint::new(
        id,
        endpoint.vpc,
        endpoint.account.map(|a| a.value),
        endpoint.source_ip.map(|a| a.value),
        endpoint
            .policy
            .map(|policy| PolicyGroup::new(alloc::vec![policy])),
    );
    (Some(built), diagnostics)
}

/// Service prefixes that support RCPs (AWS: "Resource control policies",
/// list of supported services).
pub const RCP_SERVICES: [&str; 62] = [
    "appstream",
    "dsql",
    "clouddirectory",
    "cloudfront",
    "cloudsearch",
    "logs",
    "networkmonitor",
    "cognito-identity",
    "cognito-idp",
    "comprehend",
    "comprehendmedical",
    "firehose",
    "dynamodb",
    "dax",
    "autoscaling",
    "ecr",
    "ecr-public",
    "gamelift",
    "inspector-scan",
    "kendra",
    "kinesisvideo",
    "memorydb",
    "aoss",
    "personalize",
    "polly",
    "s3",
    "swf",
    "sqs",
    "textract",
    "timestream-influxdb",
    "transcribe",
    "translate",
    "workspaces",
    "appconfig",
    "autoscaling-plans",
    "budgets",
    "servicediscovery",
    "cloudtrail-data",
    "codeartifact",
    "codebuild",
    "codecommit",
    "codepipeline",
    "compute-optimizer",
    "cost-optimization-hub",
    "events",
    "fms",
    "fis",
    "health",
    "rolesanywhere",
    "kms",
    "opensearch",
    "pricing",
    "pca-connector-ad",
    "resource-groups",
    "secretsmanager",
    "sts",
    "signin",
    "support",
    "transfer",
    "notifications",
    "wafv2",
    "xray",
];

/// Warnings that depend on the request as well as the policies: RCPs given
/// for a service that does not support them, and a strict resource (role,
/// KMS key) without its trust or key policy. `span` is the action's.
pub fn request_warnings(
    action: &str,
    scenario: &Scenario,
    resource: &Resource,
    span: Span,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let service = action.split(':').next().unwrap_or("").to_ascii_lowercase();
    if !scenario.rcps.is_empty() && !RCP_SERVICES.contains(&service.as_str()) {
        out.push(Diagnostic::warning(
            Code::RcpUnsupportedService,
            span,
            format!("`{service}` is not on AWS's list of services that support RCPs; iamlab applies the RCPs anyway"),
        ));
    }
    if strict_resource(action, &resource.arn).is_some() && resource.policy.is_none() {
        out.push(Diagnostic::warning(
            Code::MissingStrictPolicy,
            span,
            "a role or KMS key always has a trust or key policy; without one in the case nothing can grant this",
        ));
    }
    out
}

/// One context key as read from the input.
#[derive(Clone, Debug)]
pub struct ContextEntryInput {
    /// The key as written.
    pub key: Spanned<String>,
    /// Its values (one, unless multivalued).
    pub values: Vec<crate::context::ContextValue>,
    /// Whether it was given as a list.
    pub multivalued: bool,
}

/// Builds a request's context. Two keys that differ only by letter case are
/// an error (spec §4.2: AWS calls the outcome unpredictable), located at the
/// second.
pub fn build_context(
    entries: Vec<ContextEntryInput>,
) -> Result<crate::context::Context, Diagnostic> {
    let spans: Vec<(String, Span)> = entries
        .iter()
        .map(|entry| (entry.key.value.clone(), entry.key.span))
        .collect();
    let entries = entries
        .into_iter()
        .map(|entry| crate::context::Entry {
            key_lower: crate::context::lowercase_key(&entry.key.value),
            key: entry.key.value,
            values: entry.values,
            multivalued: entry.multivalued,
        })
        .collect();
    crate::context::Context::from_entries(entries).map_err(|duplicate| {
        let span = spans
            .iter()
            .rev()
            .find(|(key, _)| *key == duplicate.second)
            .map(|(_, span)| *span)
            .unwrap_or_default();
        Diagnostic::error(
            Code::DuplicateContextKey,
            span,
            format!(
                "context keys `{}` and `{}` differ only by case; AWS calls the outcome unpredictable",
                duplicate.first, duplicate.second
            ),
        )
    })
}

/// The organization keys of the endpoint a request came through
/// (`aws:VpceOrgID`, `aws:VpceOrgPaths`; spec §7.9.1), derived from the
/// case: when the endpoint's account is the caller's, its organization is the
/// caller's (`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths` in `context`);
/// when it is the resource's, the resource's (`aws:ResourceOrgID`,
/// `aws:ResourceOrgPaths`). A key the context gives is kept.
pub fn add_endpoint_org_keys(
    context: &mut crate::context::Context,
    endpoint: &Endpoint,
    caller_account: Option<&str>,
    resource_account: &str,
) {
    let Some(account) = endpoint.account.as_deref() else {
        return;
    };
    let sources: &[(&str, &str)] = if caller_account == Some(account) {
        &[
            ("aws:principalorgid", "aws:VpceOrgID"),
            ("aws:principalorgpaths", "aws:VpceOrgPaths"),
        ]
    } else if resource_account == account {
        &[
            ("aws:resourceorgid", "aws:VpceOrgID"),
            ("aws:resourceorgpaths", "aws:VpceOrgPaths"),
        ]
    } else {
        return;
    };
    for (from, to) in sources {
        let target = crate::context::lowercase_key(to);
        if context.get(&target).is_some() {
            continue;
        }
        if let Some(found) = context.get(from) {
            let entry = crate::context::Entry {
                key: String::from(*to),
                key_lower: target,
                values: found.values.clone(),
                multivalued: found.multivalued,
            };
            context.insert(entry);
        }
    }
}

/// Keys that only a request through a VPC endpoint has (spec §7.9.1).
const ENDPOINT_KEYS: [&str; 6] = [
    "aws:sourcevpce",
    "aws:sourcevpc",
    "aws:vpcsourceip",
    "aws:vpceaccount",
    "aws:vpceorgid",
    "aws:vpceorgpaths",
];

/// A warning for a request whose context gives endpoint keys without a
/// `vpcEndpoint`: the keys count, but no endpoint policy filters it.
pub fn endpoint_key_warning(
    context: &crate::context::Context,
    has_endpoint: bool,
    span: Span,
) -> Option<Diagnostic> {
    if has_endpoint {
        return None;
    }
    let key = context
        .entries()
        .iter()
        .find(|entry| ENDPOINT_KEYS.contains(&entry.key_lower.as_str()))?;
    Some(
        Diagnostic::warning(
            Code::EndpointKeyWithoutEndpoint,
            span,
            format!(
                "the context gives `{}`, a key of requests through a VPC endpoint, but the case has no `vpcEndpoint`",
                key.key
            ),
        )
        .with_help("add `vpcEndpoint`, so that the endpoint's policy takes part too"),
    )
}

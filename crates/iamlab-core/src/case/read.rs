//! Reading the members of a case into the builder's inputs
//! ([`crate::build`]): shapes, types and names are checked here, with every
//! problem located at the JSON that caused it; policies are lowered for
//! their kind.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::build::{
    ContextEntryInput, EndpointInput, GroupInput, ManagedPolicySource, OrganizationInput,
    PrincipalInput, ResourceInput, Spanned, resource_policy_kind,
};
use crate::context::{ContextValue, ValueKind};
use crate::diagnostic::{Code, Diagnostic};
use crate::eval::BlockPublicAccess;
use crate::json::{Kind, Value};
use crate::policy::{DocumentKind, LowerOptions, Policy, lower_policy};
use crate::principal::PrincipalKind;
use crate::source::{SourceMap, Span};

/// The members of a case file's top-level object.
pub(super) const FILE_MEMBERS: &[&str] =
    &["cases", "defaults", "$schema", "description", "exercise"];

/// The members of a case (and of `defaults`).
pub(super) const CASE_MEMBERS: &[&str] = &[
    "name",
    "description",
    "principal",
    "organization",
    "resource",
    "action",
    "context",
    "vpcEndpoint",
    "expect",
    "hidden",
    "predict",
];

const PRINCIPAL_MEMBERS: &[&str] = &[
    "arn",
    "type",
    "roleArn",
    "tags",
    "policies",
    "groups",
    "permissionsBoundary",
    "sessionPolicies",
    "name",
    "description",
];

const GROUP_MEMBERS: &[&str] = &["name", "policies", "description"];

const POLICY_MEMBERS: &[&str] = &["name", "document", "arn", "description"];

const ORGANIZATION_MEMBERS: &[&str] = &["scps", "rcps"];

const RESOURCE_MEMBERS: &[&str] = &[
    "arn",
    "account",
    "tags",
    "policy",
    "blockPublicAccess",
    "name",
    "description",
];

const BLOCK_PUBLIC_ACCESS_MEMBERS: &[&str] = &[
    "restrictPublicBuckets",
    "ignorePublicAcls",
    "blockPublicPolicy",
];

const ENDPOINT_MEMBERS: &[&str] = &[
    "id",
    "vpc",
    "account",
    "policy",
    "sourceIp",
    "name",
    "description",
];

/// What reading needs besides the JSON: the sources that policies are added
/// to, and where AWS managed policies come from.
pub(super) struct Input<'a> {
    pub(super) sources: &'a mut SourceMap,
    pub(super) managed: Option<&'a dyn ManagedPolicySource>,
}

/// Collects diagnostics while reading one case.
#[derive(Default)]
pub(super) struct Problems {
    pub(super) list: Vec<Diagnostic>,
}

impl Problems {
    pub(super) fn error(&mut self, span: Span, message: impl Into<String>) {
        self.list
            .push(Diagnostic::error(Code::InvalidCase, span, message));
    }

    pub(super) fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }
}

/// An error for a member the case format does not define, with the closest
/// known name. Members whose names start with `x-` are left for other tools.
pub(crate) fn unknown_member(
    key: &str,
    span: Span,
    known: &[&str],
    what: &str,
) -> Option<Diagnostic> {
    if key.starts_with("x-") {
        return None;
    }
    let mut message = format!("`{key}` is not a member of {what}");
    if let Some(suggestion) = crate::suggest::closest(key, known.iter().copied()) {
        message.push_str(&format!("; did you mean `{suggestion}`?"));
    }
    Some(
        Diagnostic::error(Code::UnknownCaseField, span, message)
            .with_help("members whose names start with `x-` are ignored, for other tools"),
    )
}

/// Reports every member of `value` that is not in `known`.
pub(super) fn check_members(value: &Value, known: &[&str], what: &str, problems: &mut Problems) {
    for member in value.as_object().unwrap_or(&[]) {
        if !known.contains(&member.key.as_str())
            && let Some(diagnostic) = unknown_member(&member.key, member.key_span, known, what)
        {
            problems.list.push(diagnostic);
        }
    }
}

/// A member that may be absent or `null` (both mean "none").
fn field<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    value.get(key).filter(|v| !v.is_null())
}

fn string_field<'v>(
    value: &'v Value,
    key: &str,
    problems: &mut Problems,
) -> Option<Spanned<&'v str>> {
    let found = field(value, key)?;
    match found.as_str() {
        Some(text) => Some(Spanned::new(text, found.span)),
        None => {
            problems.error(
                found.span,
                format!("`{key}` must be a string, found {}", found.type_name()),
            );
            None
        }
    }
}

fn tags(value: &Value, key: &str, problems: &mut Problems) -> Vec<(String, String)> {
    let Some(found) = field(value, key) else {
        return Vec::new();
    };
    let Some(members) = found.as_object() else {
        problems.error(
            found.span,
            format!(
                "`{key}` must be an object of tag names and values, found {}",
                found.type_name()
            ),
        );
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = Vec::with_capacity(members.len());
    let mut lower: Vec<(String, Span, &str)> = Vec::with_capacity(members.len());
    for member in members {
        match member.value.as_str() {
            Some(text) => {
                out.push((member.key.clone(), String::from(text)));
                lower.push((
                    crate::text::to_lowercase(&member.key),
                    member.key_span,
                    member.key.as_str(),
                ));
            }
            None => problems.error(
                member.value.span,
                format!(
                    "tag `{}` must have a string value, found {}",
                    member.key,
                    member.value.type_name()
                ),
            ),
        }
    }
    // Sorting keeps the check n log n on hostile inputs. The sort is stable,
    // so the second spelling in the file is the one reported.
    crate::sort::sort_by(&mut lower, |a, b| a.0.cmp(&b.0));
    for pair in lower.windows(2) {
        if let [(a, _, _), (b, span, key)] = pair
            && a == b
        {
            problems.error(
                *span,
                format!("tag `{key}` is given twice, differing only by case"),
            );
        }
    }
    out
}

/// Reads and lowers one POLICY (`{"name", "document"}`).
pub(super) fn policy(
    input: &mut Input<'_>,
    value: &Value,
    kind: DocumentKind,
    place: &str,
    problems: &mut Problems,
) -> Option<Policy> {
    if value.as_object().is_none() {
        problems.error(
            value.span,
            format!(
                "`{place}` must be an object with `name` and `document`, found {}",
                value.type_name()
            ),
        );
        return None;
    }
    check_members(value, POLICY_MEMBERS, "a policy", problems);
    if let Some(arn) = field(value, "arn") {
        return managed_policy(input, value, arn, kind, place, problems);
    }
    let name = string_field(value, "name", problems)
        .map_or_else(|| String::from(place), |name| String::from(name.value));
    let Some(document) = field(value, "document") else {
        problems.error(value.span, format!("`{place}` has no `document`"));
        return None;
    };
    let (policy, diagnostics) = lower_policy(input.sources, document, &LowerOptions { kind, name });
    problems.list.extend(diagnostics);
    policy
}

/// An AWS managed policy given by its ARN (`{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}`),
/// resolved by the front end's [`ManagedPolicySource`] and lowered as its own source.
fn managed_policy(
    input: &mut Input<'_>,
    value: &Value,
    arn: &Value,
    kind: DocumentKind,
    place: &str,
    problems: &mut Problems,
) -> Option<Policy> {
    let Some(arn_text) = arn.as_str() else {
        problems.error(
            arn.span,
            format!("`arn` must be a string, found {}", arn.type_name()),
        );
        return None;
    };
    if let Some(document) = value.get("document") {
        problems.error(
            document.span,
            format!("`{place}` gives both `arn` and `document`: give one"),
        );
        return None;
    }
    let Some(managed) = input.managed else {
        problems.error(
            arn.span,
            format!("`{arn_text}` names an AWS managed policy, and AWS managed policies are not available here"),
        );
        return None;
    };
    let Some(text) = managed.document(arn_text) else {
        let help = if let Some(close) = managed.closest(arn_text) {
            format!("did you mean `{close}`?")
        } else if arn_text.starts_with("arn:aws:iam::aws:policy/") {
            format!("iamlab knows {}", managed.describe())
        } else {
            String::from(
                "AWS managed policies have ARNs such as `arn:aws:iam::aws:policy/ReadOnlyAccess`",
            )
        };
        problems.list.push(
            Diagnostic::error(
                Code::UnknownManagedPolicy,
                arn.span,
                format!("`{arn_text}` is not an AWS managed policy"),
            )
            .with_help(help),
        );
        return None;
    };
    let name = string_field(value, "name", problems).map_or_else(
        || String::from(arn_text.rsplit('/').next().unwrap_or(arn_text)),
        |name| String::from(name.value),
    );
    let source = input
        .sources
        .add(String::from(arn_text), String::from(text));
    let (policy, diagnostics) =
        crate::policy::parse_policy(input.sources, source, &LowerOptions { kind, name });
    // AWS's own policies are AWS's concern: their warnings (such as the size
    // limit, which binds only customer policies) are not the file's.
    problems
        .list
        .extend(diagnostics.into_iter().filter(Diagnostic::is_error));
    policy
}

fn policy_list(
    input: &mut Input<'_>,
    value: Option<&Value>,
    kind: DocumentKind,
    place: &str,
    problems: &mut Problems,
) -> Vec<Policy> {
    let Some(value) = value else {
        return Vec::new();
    };
    let Some(items) = value.as_array() else {
        problems.error(
            value.span,
            format!(
                "`{place}` must be an array of policies, found {}",
                value.type_name()
            ),
        );
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(idx, item)| policy(input, item, kind, &format!("{place}[{idx}]"), problems))
        .collect()
}

fn levels(
    input: &mut Input<'_>,
    value: Option<&Value>,
    kind: DocumentKind,
    place: &str,
    problems: &mut Problems,
) -> Vec<Vec<Policy>> {
    let Some(value) = value else {
        return Vec::new();
    };
    let Some(items) = value.as_array() else {
        problems.error(
            value.span,
            format!(
                "`{place}` must be an array of levels, each an array of policies, found {}",
                value.type_name()
            ),
        );
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .map(|(idx, level)| {
            policy_list(
                input,
                Some(level),
                kind,
                &format!("{place}[{idx}]"),
                problems,
            )
        })
        .collect()
}

fn groups(
    input: &mut Input<'_>,
    value: Option<&Value>,
    problems: &mut Problems,
) -> Vec<GroupInput> {
    let Some(value) = value else {
        return Vec::new();
    };
    let Some(items) = value.as_array() else {
        problems.error(
            value.span,
            format!(
                "`principal.groups` must be an array of groups (`{{\"name\", \"policies\"}}`), found {}",
                value.type_name()
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    for (idx, item) in items.iter().enumerate() {
        if item.as_object().is_none() {
            problems.error(
                item.span,
                format!(
                    "a group must be an object with `name` and `policies`, found {}",
                    item.type_name()
                ),
            );
            continue;
        }
        check_members(item, GROUP_MEMBERS, "a group", problems);
        let name = match string_field(item, "name", problems) {
            Some(name) if !name.value.trim().is_empty() => String::from(name.value),
            Some(name) => {
                problems.error(name.span, "a group's `name` must not be empty");
                continue;
            }
            None => {
                problems.error(
                    item.span,
                    format!("`principal.groups[{idx}]` has no `name`"),
                );
                continue;
            }
        };
        let place = format!("principal.groups[{idx}].policies");
        let policies = policy_list(
            input,
            field(item, "policies"),
            DocumentKind::Identity,
            &place,
            problems,
        );
        out.push(GroupInput { name, policies });
    }
    out
}

/// Reads `principal` and `organization` into the builder's inputs.
pub(super) fn principal<'v>(
    input: &mut Input<'_>,
    principal: &'v Value,
    organization: Option<&Value>,
    problems: &mut Problems,
) -> Option<(PrincipalInput<'v>, OrganizationInput)> {
    if principal.as_object().is_none() {
        problems.error(
            principal.span,
            format!(
                "`principal` must be an object, found {}",
                principal.type_name()
            ),
        );
        return None;
    }
    check_members(principal, PRINCIPAL_MEMBERS, "a principal", problems);
    let arn = match field(principal, "arn") {
        None => {
            problems.error(principal.span, "`principal` has no `arn`");
            None
        }
        Some(_) => string_field(principal, "arn", problems),
    };
    let declared = match string_field(principal, "type", problems) {
        Some(text) => match PrincipalKind::from_name(text.value) {
            Some(kind) => Some(Spanned::new(kind, text.span)),
            None => {
                problems.error(
                    text.span,
                    format!(
                        "`type` `{}` is not one of `user`, `role-session`, `root`, `federated-user`, `service`, `anonymous`",
                        text.value
                    ),
                );
                None
            }
        },
        None => None,
    };
    let role_arn = string_field(principal, "roleArn", problems);
    let tags = tags(principal, "tags", problems);
    let policies = policy_list(
        input,
        field(principal, "policies"),
        DocumentKind::Identity,
        "principal.policies",
        problems,
    );
    let groups = groups(input, field(principal, "groups"), problems);
    let boundary = field(principal, "permissionsBoundary").and_then(|value| {
        policy(
            input,
            value,
            DocumentKind::PermissionsBoundary,
            "principal.permissionsBoundary",
            problems,
        )
    });
    let session_policies = policy_list(
        input,
        field(principal, "sessionPolicies"),
        DocumentKind::Session,
        "principal.sessionPolicies",
        problems,
    );
    let organization = match organization {
        None => OrganizationInput::default(),
        Some(organization) => {
            if organization.as_object().is_none() {
                problems.error(
                    organization.span,
                    format!(
                        "`organization` must be an object, found {}",
                        organization.type_name()
                    ),
                );
            }
            check_members(
                organization,
                ORGANIZATION_MEMBERS,
                "an organization",
                problems,
            );
            OrganizationInput {
                scps: levels(
                    input,
                    field(organization, "scps"),
                    DocumentKind::Scp,
                    "organization.scps",
                    problems,
                ),
                rcps: levels(
                    input,
                    field(organization, "rcps"),
                    DocumentKind::Rcp,
                    "organization.rcps",
                    problems,
                ),
            }
        }
    };
    let input = PrincipalInput {
        span: principal.span,
        arn: arn?,
        declared,
        role_arn,
        tags,
        policies,
        groups,
        boundary,
        session_policies,
    };
    Some((input, organization))
}

/// Reads `resource` into the builder's input.
pub(super) fn resource<'v>(
    input: &mut Input<'_>,
    resource: &'v Value,
    problems: &mut Problems,
) -> Option<ResourceInput<'v>> {
    if resource.as_object().is_none() {
        problems.error(
            resource.span,
            format!(
                "`resource` must be an object, found {}",
                resource.type_name()
            ),
        );
        return None;
    }
    check_members(resource, RESOURCE_MEMBERS, "a resource", problems);
    let arn = string_field(resource, "arn", problems).unwrap_or(Spanned::new("*", resource.span));
    let account = string_field(resource, "account", problems);
    let tags = tags(resource, "tags", problems);
    let kind = resource_policy_kind(arn.value);
    let policy = field(resource, "policy")
        .and_then(|value| policy(input, value, kind, "resource.policy", problems));
    let block_public_access =
        field(resource, "blockPublicAccess").and_then(|value| block_public_access(value, problems));
    Some(ResourceInput {
        arn,
        account,
        tags,
        policy,
        block_public_access,
    })
}

fn block_public_access(
    value: &Value,
    problems: &mut Problems,
) -> Option<Spanned<BlockPublicAccess>> {
    if value.as_object().is_none() {
        problems.error(
            value.span,
            format!(
                "`blockPublicAccess` must be an object of settings, found {}",
                value.type_name()
            ),
        );
        return None;
    }
    check_members(
        value,
        BLOCK_PUBLIC_ACCESS_MEMBERS,
        "`blockPublicAccess`",
        problems,
    );
    let mut flag = |key: &str| match field(value, key) {
        None => false,
        Some(found) => match found.kind {
            Kind::Bool(on) => on,
            _ => {
                problems.error(
                    found.span,
                    format!(
                        "`{key}` must be `true` or `false`, found {}",
                        found.type_name()
                    ),
                );
                false
            }
        },
    };
    let settings = BlockPublicAccess {
        restrict_public_buckets: flag("restrictPublicBuckets"),
        ignore_public_acls: flag("ignorePublicAcls"),
        block_public_policy: flag("blockPublicPolicy"),
    };
    Some(Spanned::new(settings, value.span))
}

/// Reads `vpcEndpoint` into the builder's input.
pub(super) fn endpoint<'v>(
    input: &mut Input<'_>,
    value: &'v Value,
    problems: &mut Problems,
) -> Option<EndpointInput<'v>> {
    if value.as_object().is_none() {
        problems.error(
            value.span,
            format!(
                "`vpcEndpoint` must be an object with `id`, `vpc`, `account` and `policy`, found {}",
                value.type_name()
            ),
        );
        return None;
    }
    check_members(value, ENDPOINT_MEMBERS, "a VPC endpoint", problems);
    let Some(id) = string_field(value, "id", problems) else {
        if field(value, "id").is_none() {
            problems.error(value.span, "`vpcEndpoint` has no `id`");
        }
        return None;
    };
    let vpc = string_field(value, "vpc", problems).map(|vpc| vpc.value);
    let account = string_field(value, "account", problems);
    let source_ip = string_field(value, "sourceIp", problems);
    let policy = field(value, "policy").and_then(|found| {
        policy(
            input,
            found,
            DocumentKind::VpcEndpoint,
            "vpcEndpoint.policy",
            problems,
        )
    });
    Some(EndpointInput {
        span: value.span,
        id,
        vpc,
        account,
        source_ip,
        policy,
    })
}

/// Reads `context` into the builder's entries.
pub(super) fn context(found: &Value, problems: &mut Problems) -> Option<Vec<ContextEntryInput>> {
    let Some(members) = found.as_object() else {
        problems.error(
            found.span,
            format!(
                "`context` must be an object of condition keys, found {}",
                found.type_name()
            ),
        );
        return None;
    };
    let scalar = |item: &Value| -> Option<ContextValue> {
        match &item.kind {
            Kind::String(text) => Some(ContextValue {
                text: text.clone(),
                kind: ValueKind::String,
            }),
            Kind::Number(text) => Some(ContextValue {
                text: text.clone(),
                kind: ValueKind::Number,
            }),
            Kind::Bool(flag) => Some(ContextValue {
                text: flag.to_string(),
                kind: ValueKind::Bool,
            }),
            _ => None,
        }
    };
    let mut entries = Vec::with_capacity(members.len());
    for member in members {
        let (values, multivalued) = match &member.value.kind {
            Kind::Array(items) => {
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    match scalar(item) {
                        Some(value) => values.push(value),
                        None => problems.error(
                            item.span,
                            format!(
                                "a value of `{}` must be a string, number or boolean, found {}",
                                member.key,
                                item.type_name()
                            ),
                        ),
                    }
                }
                (values, true)
            }
            _ => match scalar(&member.value) {
                Some(value) => (alloc::vec![value], false),
                None => {
                    problems.error(
                        member.value.span,
                        format!(
                            "`{}` must be a string, number, boolean or a list of them, found {}",
                            member.key,
                            member.value.type_name()
                        ),
                    );
                    continue;
                }
            },
        };
        entries.push(ContextEntryInput {
            key: Spanned::new(member.key.clone(), member.key_span),
            values,
            multivalued,
        });
    }
    Some(entries)
}

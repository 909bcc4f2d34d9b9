//! The request context: condition keys and their values.
//!
//! Key names compare without regard to case (AWS: "IAM JSON policy elements:
//! Condition"), so every key is stored with a lowercase copy and entries are
//! kept sorted by it for binary search. A value given as a JSON array is
//! multivalued whatever its length. Keys derived from the principal, the
//! resource and the VPC endpoint live in their own small tables; [`RequestContext`] looks in the
//! request's own keys first, so a case's `context` always wins.
//!
//! Every decision looks keys up many times, so a context also keeps, beside
//! each entry, a hash of its lowercase key (compiled conditions and variables
//! carry the same hash: a lookup compares integers, and text only on a hit
//! of a key that is not one of AWS's global keys, which are numbered) and its
//! values already read as numbers, dates, addresses and booleans
//! ([`Parsed`]), so that no comparison parses the request's text again.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use crate::condition::{Cidr, Instant, parse_date};

/// What JSON type a context value was given as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub enum ValueKind {
    /// A string.
    String,
    /// A number, kept as written.
    Number,
    /// `true` or `false`.
    Bool,
}

/// One value of a context key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ContextValue {
    /// The value as text (numbers as written, booleans as `true`/`false`).
    pub text: String,
    /// The JSON type it was given as.
    pub kind: ValueKind,
}

impl ContextValue {
    /// A string value.
    pub fn string(text: impl Into<String>) -> Self {
        ContextValue {
            text: text.into(),
            kind: ValueKind::String,
        }
    }
}

/// One key with its values.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Entry {
    /// The key as given.
    pub key: String,
    /// The key in lowercase.
    pub key_lower: String,
    /// The values (one, unless multivalued).
    pub values: Vec<ContextValue>,
    /// Whether the key was given as a list.
    pub multivalued: bool,
}

impl Entry {
    /// A single-valued string entry.
    pub fn single(key: impl Into<String>, value: impl Into<String>) -> Self {
        let key = key.into();
        Entry {
            key_lower: lowercase_key(&key),
            key,
            values: alloc::vec![ContextValue::string(value)],
            multivalued: false,
        }
    }

    /// Whether the key counts as absent: no values in a list.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The one value of a single-valued key.
    pub fn single_value(&self) -> Option<&ContextValue> {
        match (self.multivalued, self.values.as_slice()) {
            (false, [value]) => Some(value),
            _ => None,
        }
    }
}

/// A context value as each condition family reads it, parsed once when the
/// context is built. Kept to 24 bytes (a tag and two words) because every
/// value of every request has one, and a decision reads them from memory
/// that is rarely in cache.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Parsed {
    tag: Tag,
    /// For an IP block: the prefix length.
    prefix: u8,
    /// For an IP block: whether host bits were set.
    host_bits: bool,
    low: u64,
    high: u64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
enum Tag {
    /// Text only.
    #[default]
    Other,
    /// `true` or `false` in any case; `low` is 0 or 1.
    Bool,
    /// An IPv4 or IPv6 address or block; `low` and `high` hold the bits.
    Ipv4,
    Ipv6,
    /// A decimal number that is no date (numbers compare from their text).
    Number,
    /// A date that is no number; `low` and `high` hold the instant.
    Date,
    /// A number that is also a date (digits only: epoch seconds); `low` and
    /// `high` hold the instant.
    NumberDate,
}

impl Parsed {
    /// Reads a value for every family at once.
    pub fn of(text: &str) -> Parsed {
        let plain = |tag, low, high| Parsed {
            tag,
            prefix: 0,
            host_bits: false,
            low,
            high,
        };
        if let Some(flag) = crate::condition::parse_bool(text) {
            return plain(Tag::Bool, u64::from(flag), 0);
        }
        let number = crate::condition::is_number(text);
        let date = parse_date(text);
        let split = |wide: i128| (wide as u128 as u64, (wide as u128 >> 64) as u64);
        match (number, date) {
            (true, Some(date)) => {
                let (low, high) = split(date.0);
                plain(Tag::NumberDate, low, high)
            }
            (true, None) => plain(Tag::Number, 0, 0),
            (false, Some(date)) => {
                let (low, high) = split(date.0);
                plain(Tag::Date, low, high)
            }
            (false, None) => match Cidr::parse(text) {
                Some(block) => {
                    let (is_v6, bits, prefix, host_bits) = block.to_parts();
                    Parsed {
                        tag: if is_v6 { Tag::Ipv6 } else { Tag::Ipv4 },
                        prefix,
                        host_bits,
                        low: bits as u64,
                        high: (bits >> 64) as u64,
                    }
                }
                None => Parsed::default(),
            },
        }
    }

    /// Whether the value is a decimal number (compared from its text).
    pub fn is_number(&self) -> bool {
        matches!(self.tag, Tag::Number | Tag::NumberDate)
    }

    /// The value as an instant.
    pub fn date(&self) -> Option<Instant> {
        match self.tag {
            Tag::Date | Tag::NumberDate => Some(Instant(
                (u128::from(self.low) | (u128::from(self.high) << 64)) as i128,
            )),
            _ => None,
        }
    }

    /// The value as an address or block.
    pub fn ip(&self) -> Option<Cidr> {
        let is_v6 = match self.tag {
            Tag::Ipv4 => false,
            Tag::Ipv6 => true,
            _ => return None,
        };
        let bits = u128::from(self.low) | (u128::from(self.high) << 64);
        Some(Cidr::from_parts((is_v6, bits, self.prefix, self.host_bits)))
    }

    /// The value as a boolean.
    pub fn boolean(&self) -> Option<bool> {
        match self.tag {
            Tag::Bool => Some(self.low != 0),
            _ => None,
        }
    }

    /// The 24 bytes a [`Table`] keeps (bytes 3 to 7 are left zero).
    fn to_bytes(self) -> [u8; 24] {
        let mut out = [0u8; 24];
        let tag = TAGS.iter().position(|t| *t == self.tag).unwrap_or(0);
        let head = [tag as u8, self.prefix, u8::from(self.host_bits)];
        for (slot, byte) in out.iter_mut().zip(head) {
            *slot = byte;
        }
        for (slot, byte) in out.iter_mut().skip(8).zip(self.low.to_le_bytes()) {
            *slot = byte;
        }
        for (slot, byte) in out.iter_mut().skip(16).zip(self.high.to_le_bytes()) {
            *slot = byte;
        }
        out
    }

    /// Reads what [`Parsed::to_bytes`] wrote.
    fn from_bytes(bytes: &[u8]) -> Parsed {
        let byte = |at: usize| bytes.get(at).copied().unwrap_or(0);
        let word = |at: usize| {
            bytes
                .get(at..at + 8)
                .and_then(|b| b.try_into().ok())
                .map_or(0, u64::from_le_bytes)
        };
        Parsed {
            tag: TAGS.get(usize::from(byte(0))).copied().unwrap_or_default(),
            prefix: byte(1),
            host_bits: byte(2) != 0,
            low: word(8),
            high: word(16),
        }
    }
}

const TAGS: [Tag; 7] = [
    Tag::Other,
    Tag::Bool,
    Tag::Ipv4,
    Tag::Ipv6,
    Tag::Number,
    Tag::Date,
    Tag::NumberDate,
];

/// A hash of a text (FNV-1a), for indexes keyed by names (services,
/// actions, statement texts).
pub fn text_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The condition keys that AWS defines for every service, lowercase and
/// sorted. Each has a number of its own as its [`key_hash`], so that a
/// lookup of one of them is decided by comparing integers, without reading
/// the key's text (AWS: "AWS global condition context keys").
const GLOBAL_KEYS: [&str; 45] = [
    "aws:calledvia",
    "aws:calledviafirst",
    "aws:calledvialast",
    "aws:currenttime",
    "aws:ec2instancesourceprivateipv4",
    "aws:ec2instancesourcevpc",
    "aws:epochtime",
    "aws:federatedprovider",
    "aws:ismcpserviceaction",
    "aws:multifactorauthage",
    "aws:multifactorauthpresent",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalisawsservice",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalservicename",
    "aws:principalservicenameslist",
    "aws:principaltype",
    "aws:referer",
    "aws:requestedregion",
    "aws:resourceaccount",
    "aws:resourceorgid",
    "aws:resourceorgpaths",
    "aws:securetransport",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceidentity",
    "aws:sourceip",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourcevpc",
    "aws:sourcevpcarn",
    "aws:sourcevpce",
    "aws:tagkeys",
    "aws:tokenissuetime",
    "aws:useragent",
    "aws:userid",
    "aws:username",
    "aws:viaawsservice",
    "aws:vpceaccount",
    "aws:vpceorgid",
    "aws:vpceorgpaths",
    "aws:vpcsourceip",
    "s3:prefix",
];

/// Set in the hash of every key that is not a [`GLOBAL_KEYS`] one, so that
/// the two kinds never share a hash. Hashes fit 32 bits, as a [`Table`]
/// keeps them.
const OTHER_KEY: u64 = 1 << 31;

/// The hash of a lowercase condition key, computed when policies and
/// contexts are compiled so that a lookup compares integers first. A global
/// key's hash is its number, which no other key has, so equal hashes mean
/// equal keys; any other key's hash is the low half of [`text_hash`] with
/// its top bit set, and a lookup that finds it compares the text too.
pub fn key_hash(key_lower: &str) -> u64 {
    match GLOBAL_KEYS.binary_search(&key_lower) {
        Ok(number) => number as u64,
        Err(_) => (text_hash(key_lower) & 0xffff_ffff) | OTHER_KEY,
    }
}

/// Whether two keys with hash `hash` are the same key without comparing
/// their text.
fn hash_decides(hash: u64) -> bool {
    hash & OTHER_KEY == 0
}

/// A key looked up: its entry, and its values as the fast path reads them.
#[derive(Clone, Copy, Debug)]
pub struct Found<'a> {
    /// The entry.
    pub entry: &'a Entry,
    table: &'a Table,
    slot: Slot,
}

impl<'a> Found<'a> {
    /// Whether the key counts as absent: no values in a list.
    pub fn is_empty(&self) -> bool {
        self.slot.count == 0
    }

    /// Whether the key was given as a list.
    pub fn multivalued(&self) -> bool {
        self.slot.multivalued
    }

    /// Each value's text and parsed form, in order.
    pub fn values(&self) -> impl Iterator<Item = (&'a str, Parsed)> + use<'a> {
        let table = self.table;
        let mut at = self.slot.first as usize;
        (0..self.slot.count).map(move |_| {
            let (text, parsed, next) = table.item(at);
            at = next;
            (text, parsed)
        })
    }

    /// The one value of a single-valued key.
    pub fn single_value(&self) -> Option<&'a str> {
        (!self.slot.multivalued && self.slot.count == 1)
            .then(|| self.table.item(self.slot.first as usize).0)
    }
}

/// A set of context keys, sorted for lookup.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Context {
    entries: Vec<Entry>,
    /// The same keys laid out for lookup.
    table: Table,
}

/// The keys of a context laid out in one block of bytes, so that a lookup
/// reads a few adjacent cache lines instead of following a pointer per key
/// and per value. Written by hand for a measured need: on the realistic
/// benchmark (10,000 distinct requests), the same decisions ran at 2.1
/// million a second when their data stayed in cache and 0.75 million when
/// it did not, and following the entries' strings and vectors was most of
/// the difference.
///
/// Layout, all integers little-endian, with what a lookup reads first:
/// - 0: the number of keys `n` (`u32`), then where the key texts' list
///   starts;
/// - 8: the `n` keys' [`key_hash`]es (`u32`), scanned by a lookup;
/// - then the `n` keys' places (`u32`);
/// - at each key's place: how many values it has (`u32`, the top bit marks
///   a list), then each value: its [`Parsed`] form in 24 bytes (of which
///   bytes 4 to 7 hold the length of its text), then its text;
/// - then `n` key texts' places (from, to), read only to tell apart keys
///   that are not global ones, and by a binary search in a large context;
/// - then the lowercase keys' text.
///
/// For the seven keys of a realistic request, what a lookup scans fits one
/// cache line, and a value's parsed form and text share another: two or
/// three lines per key looked up instead of five or six. The table starts
/// at a 64-byte boundary (the allocation holds up to 63 bytes more), so
/// that the first line is whole rather than split over two.
#[derive(Debug, Default)]
struct Table {
    bytes: Box<[u8]>,
    /// Where the table starts in `bytes`.
    start: usize,
}

/// The size of a cache line on the machines iamlab runs on.
const LINE: usize = 64;

impl Table {
    /// Copies `data` to a new allocation, starting at a line boundary.
    fn aligned(data: &[u8]) -> Table {
        if data.is_empty() {
            return Table::default();
        }
        let bytes = alloc::vec![0u8; data.len() + LINE - 1].into_boxed_slice();
        // Only the address's value is read, to find the boundary.
        let start = (LINE - bytes.as_ptr() as usize % LINE) % LINE;
        let mut table = Table { bytes, start };
        if let Some(place) = table.bytes.get_mut(start..start + data.len()) {
            place.copy_from_slice(data);
        }
        table
    }

    /// The table's bytes.
    fn data(&self) -> &[u8] {
        self.bytes.get(self.start..).unwrap_or(&[])
    }
}

impl Clone for Table {
    fn clone(&self) -> Self {
        Table::aligned(self.data())
    }
}

impl PartialEq for Table {
    fn eq(&self, other: &Self) -> bool {
        self.data() == other.data()
    }
}

impl Eq for Table {}

impl core::hash::Hash for Table {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.data().hash(state);
    }
}

#[derive(Clone, Copy, Debug)]
struct Slot {
    /// Where the first value starts.
    first: u32,
    /// How many values.
    count: u32,
    multivalued: bool,
}

const HEADER: usize = 8;
const HASH: usize = 4;
const PLACE: usize = 4;
const COUNT: usize = 4;
const PARSED: usize = 24;
const KEY: usize = 8;
const LIST_BIT: u32 = 1 << 31;

impl Table {
    fn of(entries: &[Entry]) -> Table {
        let n = entries.len();
        let block = |entry: &Entry| {
            COUNT
                + entry
                    .values
                    .iter()
                    .map(|value| PARSED + value.text.len())
                    .sum::<usize>()
        };
        let blocks: usize = entries.iter().map(block).sum();
        let keys_len: usize = entries.iter().map(|entry| entry.key_lower.len()).sum();
        let keys_at = HEADER + n * (HASH + PLACE) + blocks;
        let mut bytes = Vec::with_capacity(keys_at + n * KEY + keys_len);
        bytes.extend_from_slice(&position(n).to_le_bytes());
        bytes.extend_from_slice(&position(keys_at).to_le_bytes());
        for entry in entries {
            // Hashes fit 32 bits (see `OTHER_KEY`).
            let hash = key_hash(&entry.key_lower) as u32;
            bytes.extend_from_slice(&hash.to_le_bytes());
        }
        let mut place = HEADER + n * (HASH + PLACE);
        for entry in entries {
            bytes.extend_from_slice(&position(place).to_le_bytes());
            place += block(entry);
        }
        for entry in entries {
            let count = position(entry.values.len()) | if entry.multivalued { LIST_BIT } else { 0 };
            bytes.extend_from_slice(&count.to_le_bytes());
            for value in &entry.values {
                let mut parsed = Parsed::of(&value.text).to_bytes();
                if let Some(len) = parsed.get_mut(4..8) {
                    len.copy_from_slice(&position(value.text.len()).to_le_bytes());
                }
                bytes.extend_from_slice(&parsed);
                bytes.extend_from_slice(value.text.as_bytes());
            }
        }
        let mut text = keys_at + n * KEY;
        for entry in entries {
            bytes.extend_from_slice(&position(text).to_le_bytes());
            text += entry.key_lower.len();
            bytes.extend_from_slice(&position(text).to_le_bytes());
        }
        for entry in entries {
            bytes.extend_from_slice(entry.key_lower.as_bytes());
        }
        Table::aligned(&bytes)
    }

    fn u32_at(&self, at: usize) -> u32 {
        self.data()
            .get(at..at + 4)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u32::from_le_bytes)
    }

    fn len(&self) -> usize {
        self.u32_at(0) as usize
    }

    fn slot(&self, idx: usize) -> Slot {
        let place = self.u32_at(HEADER + self.len() * HASH + idx * PLACE) as usize;
        let count = self.u32_at(place);
        Slot {
            first: position(place + COUNT),
            count: count & !LIST_BIT,
            multivalued: count & LIST_BIT != 0,
        }
    }

    fn key_text(&self, idx: usize) -> &[u8] {
        let at = self.u32_at(4) as usize + idx * KEY;
        let (from, to) = (self.u32_at(at) as usize, self.u32_at(at + 4) as usize);
        self.data().get(from..to).unwrap_or(&[])
    }

    /// The value at `at`: its text, its parsed form, and where the next
    /// value starts.
    fn item(&self, at: usize) -> (&str, Parsed, usize) {
        let len = self.u32_at(at + 4) as usize;
        let data = self.data();
        let parsed = data
            .get(at..at + PARSED)
            .map_or(Parsed::default(), Parsed::from_bytes);
        let end = at + PARSED + len;
        let text = data.get(at + PARSED..end).unwrap_or(&[]);
        // Written from `&str`s at their boundaries, so always UTF-8.
        (core::str::from_utf8(text).unwrap_or(""), parsed, end)
    }

    /// The position of the key `key_lower` with hash `hash`.
    fn position_of(&self, hash: u64, key_lower: &str) -> Option<usize> {
        let n = self.len();
        if n <= SCAN_LIMIT {
            let is = |idx: usize| hash_decides(hash) || self.key_text(idx) == key_lower.as_bytes();
            (0..n).find(|&idx| u64::from(self.u32_at(HEADER + idx * HASH)) == hash && is(idx))
        } else {
            let (mut low, mut high) = (0, n);
            while low < high {
                let mid = low + (high - low) / 2;
                match self.key_text(mid).cmp(key_lower.as_bytes()) {
                    core::cmp::Ordering::Less => low = mid + 1,
                    core::cmp::Ordering::Greater => high = mid,
                    core::cmp::Ordering::Equal => return Some(mid),
                }
            }
            None
        }
    }
}

/// A position in a table. Inputs are bounded far below 4 GiB (the JSON
/// reader's limits), so positions fit.
fn position(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// Below this many keys a lookup scans the hashes; above, it searches.
const SCAN_LIMIT: usize = 24;

/// Two keys of a context differ only by letter case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateKeyError {
    /// The first spelling.
    pub first: String,
    /// The second spelling.
    pub second: String,
}

impl Context {
    /// An empty context.
    pub fn new() -> Self {
        Context::default()
    }

    /// Builds a context; two keys that differ only by case are an error,
    /// because AWS calls the outcome unpredictable.
    pub fn from_entries(mut entries: Vec<Entry>) -> Result<Self, DuplicateKeyError> {
        crate::sort::sort_by(&mut entries, |a, b| a.key_lower.cmp(&b.key_lower));
        for pair in entries.windows(2) {
            if let [a, b] = pair
                && a.key_lower == b.key_lower
            {
                return Err(DuplicateKeyError {
                    first: a.key.clone(),
                    second: b.key.clone(),
                });
            }
        }
        Ok(Context::sorted(entries))
    }

    /// Builds a context in which a later entry replaces an earlier one with
    /// the same key, as [`Context::insert`] one by one would, in `n log n`.
    pub fn from_entries_last_wins(entries: Vec<Entry>) -> Self {
        let mut entries = entries;
        // Sorting is stable: among equal keys the last given ends up last.
        crate::sort::sort_by(&mut entries, |a, b| a.key_lower.cmp(&b.key_lower));
        let mut kept: Vec<Entry> = Vec::with_capacity(entries.len());
        for entry in entries {
            match kept.last_mut() {
                Some(last) if last.key_lower == entry.key_lower => *last = entry,
                _ => kept.push(entry),
            }
        }
        Context::sorted(kept)
    }

    fn sorted(entries: Vec<Entry>) -> Self {
        Context {
            table: Table::of(&entries),
            entries,
        }
    }

    /// Adds or replaces a key. This rebuilds the lookup table: for adding a
    /// few keys to a built context; build many with
    /// [`Context::from_entries_last_wins`].
    pub fn insert(&mut self, entry: Entry) {
        match self
            .entries
            .binary_search_by(|probe| probe.key_lower.as_str().cmp(&entry.key_lower))
        {
            Ok(idx) => {
                if let Some(slot) = self.entries.get_mut(idx) {
                    *slot = entry;
                }
            }
            Err(idx) => self.entries.insert(idx, entry),
        }
        self.table = Table::of(&self.entries);
    }

    /// The entry for a lowercase key.
    pub fn get(&self, key_lower: &str) -> Option<&Entry> {
        self.find(key_hash(key_lower), key_lower)
            .map(|found| found.entry)
    }

    /// The entry and values for a lowercase key whose [`key_hash`] is
    /// `hash`.
    pub fn find(&self, hash: u64, key_lower: &str) -> Option<Found<'_>> {
        let idx = self.table.position_of(hash, key_lower)?;
        Some(Found {
            entry: self.entries.get(idx)?,
            table: &self.table,
            slot: self.table.slot(idx),
        })
    }

    /// Every entry, sorted by lowercase key.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The context seen by one request: its own keys, then the keys derived from
/// the principal, then those derived from the resource.
#[derive(Clone, Copy, Debug)]
pub struct RequestContext<'a> {
    /// Keys given with the request.
    pub request: &'a Context,
    /// Keys derived from the principal.
    pub principal: &'a Context,
    /// Keys derived from the resource.
    pub resource: &'a Context,
    /// Keys derived from the VPC endpoint the request came through.
    pub endpoint: Option<&'a Context>,
}

impl<'a> RequestContext<'a> {
    /// The entry for a lowercase key, wherever it comes from.
    pub fn get(&self, key_lower: &str) -> Option<&'a Entry> {
        self.find(key_hash(key_lower), key_lower)
            .map(|found| found.entry)
    }

    /// The entry and parsed values for a lowercase key with its hash.
    pub fn find(&self, hash: u64, key_lower: &str) -> Option<Found<'a>> {
        self.request
            .find(hash, key_lower)
            .or_else(|| self.principal.find(hash, key_lower))
            .or_else(|| self.resource.find(hash, key_lower))
            .or_else(|| {
                self.endpoint
                    .and_then(|endpoint| endpoint.find(hash, key_lower))
            })
    }

    /// The value of a policy variable: a single-valued key that is present.
    pub fn variable(&self, key_lower: &str) -> Option<&'a str> {
        self.variable_hashed(key_hash(key_lower), key_lower)
    }

    /// [`RequestContext::variable`] for a key whose hash is known.
    pub fn variable_hashed(&self, hash: u64, key_lower: &str) -> Option<&'a str> {
        self.find(hash, key_lower)
            .and_then(|found| found.single_value())
    }
}

/// Lowercases a key name for lookup. Tag keys after the `/` fold too, since
/// AWS compares them without regard to case.
pub fn lowercase_key(key: &str) -> String {
    crate::text::to_lowercase(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::{is_number, parse_bool};

    #[test]
    fn parsed_values_agree_with_the_parsers() {
        let texts = [
            "",
            "true",
            "FALSE",
            "yes",
            "0",
            "42",
            "-7",
            "3.25",
            "-0.5",
            "007",
            "9007199254740993",
            "99999999999999999999",
            "1700000000",
            "2024",
            "2026-12-07",
            "2026-12-07T10:11:12Z",
            "2026-12-07T10:11:12.345+02:00",
            "1969-12-31T23:59:59.999Z",
            "10.1.2.3",
            "10.0.0.0/8",
            "10.1.2.3/24",
            "2001:db8::1",
            "2001:DB8::/32",
            "::ffff:10.0.0.1",
            "abc",
            "1e5",
            "1.",
        ];
        for text in texts {
            let parsed = Parsed::of(text);
            assert_eq!(Parsed::from_bytes(&parsed.to_bytes()), parsed, "{text}");
            assert_eq!(parsed.boolean(), parse_bool(text), "{text}");
            if parse_bool(text).is_none() {
                assert_eq!(parsed.is_number(), is_number(text), "{text}");
                assert_eq!(parsed.date(), parse_date(text), "{text}");
                if !is_number(text) && parse_date(text).is_none() {
                    assert_eq!(parsed.ip(), Cidr::parse(text), "{text}");
                }
            }
        }
        assert!(size_of::<Parsed>() <= 24);
    }

    #[test]
    fn lookup_ignores_case_and_request_keys_win() {
        let request =
            Context::from_entries(alloc::vec![Entry::single("AWS:UserName", "bob")]).unwrap();
        let principal = Context::from_entries(alloc::vec![
            Entry::single("aws:username", "alice"),
            Entry::single("aws:PrincipalTag/Team", "red"),
        ])
        .unwrap();
        let resource = Context::new();
        let ctx = RequestContext {
            request: &request,
            principal: &principal,
            resource: &resource,
            endpoint: None,
        };
        assert_eq!(ctx.variable("aws:username"), Some("bob"));
        assert_eq!(ctx.variable("aws:principaltag/team"), Some("red"));
        assert_eq!(ctx.variable("aws:sourceip"), None);
    }

    #[test]
    fn global_keys_are_sorted_lowercase_and_hashed_apart_from_others() {
        assert!(GLOBAL_KEYS.windows(2).all(|pair| pair[0] < pair[1]));
        for key in GLOBAL_KEYS {
            assert_eq!(lowercase_key(key), key);
            assert!(hash_decides(key_hash(key)), "{key}");
        }
        for key in ["aws:principaltag/team", "s3:x-amz-acl", "", "aws:sourceip2"] {
            assert!(!hash_decides(key_hash(key)), "{key}");
        }
    }

    #[test]
    fn global_and_other_keys_are_found_in_small_and_large_contexts() {
        for extra in [0usize, 40] {
            let mut entries = alloc::vec![
                Entry::single("aws:SourceIp", "10.0.0.1"),
                Entry::single("aws:PrincipalTag/Team", "red"),
                Entry {
                    key: "aws:TagKeys".into(),
                    key_lower: "aws:tagkeys".into(),
                    values: alloc::vec![ContextValue::string("a"), ContextValue::string("b")],
                    multivalued: true,
                },
            ];
            entries.extend((0..extra).map(|n| Entry::single(alloc::format!("k:{n}"), "v")));
            let context = Context::from_entries(entries).unwrap();
            let value = |key: &str| {
                let found = context.find(key_hash(key), key)?;
                Some(found.values().map(|(text, _)| text).collect::<Vec<_>>())
            };
            assert_eq!(value("aws:sourceip"), Some(alloc::vec!["10.0.0.1"]));
            assert_eq!(value("aws:principaltag/team"), Some(alloc::vec!["red"]));
            assert_eq!(value("aws:tagkeys"), Some(alloc::vec!["a", "b"]));
            assert_eq!(value("aws:principaltag/tea"), None);
            assert_eq!(value("aws:username"), None);
            if extra > 0 {
                assert_eq!(value("k:39"), Some(alloc::vec!["v"]));
            }
        }
    }

    #[test]
    fn keys_differing_only_by_case_are_rejected() {
        let result = Context::from_entries(alloc::vec![
            Entry::single("aws:RequestTag/Env", "a"),
            Entry::single("aws:requesttag/env", "b"),
        ]);
        assert!(result.is_err());
    }
}

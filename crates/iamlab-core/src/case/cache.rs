//! Sharing compiled parts between the cases of a file.
//!
//! Real policy test files repeat the same principal and resource in every
//! case, usually through `defaults`. A part is compiled once and shared by
//! every case whose merged value is the same (same text at the same place),
//! so a file of ten thousand cases with one set of policies compiles those
//! policies once.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

use crate::diagnostic::Diagnostic;
use crate::json::{Kind, Value};

/// A compiled part, or the errors that stopped it, kept for reuse.
pub(super) type Built<T> = Result<Arc<T>, Vec<Diagnostic>>;

/// One stored part: the values it was built from, the extra key, the part.
type Entry<T> = (Vec<Option<Value>>, String, Built<T>);

/// Compiled parts by the hash of the values they were built from.
pub(super) struct Cache<T> {
    /// The part of cases that take it whole from `defaults`, by the extra key.
    from_defaults: Vec<(String, Built<T>)>,
    /// Every other part, with the values to compare on collision.
    entries: Vec<Entry<T>>,
    /// Positions in `entries` by hash. The map holds positions rather than
    /// entries so that its type is the same for every cache: one copy of
    /// the map's code in the page's `.wasm` instead of three.
    by_hash: BTreeMap<u64, Vec<usize>>,
}

impl<T> Default for Cache<T> {
    fn default() -> Self {
        Cache {
            from_defaults: Vec::new(),
            entries: Vec::new(),
            by_hash: BTreeMap::new(),
        }
    }
}

impl<T> Cache<T> {
    /// The part built from `values` (or taken from `defaults`) with `extra`.
    pub(super) fn get(
        &self,
        from_defaults: bool,
        values: &[Option<&Value>],
        extra: &str,
    ) -> Option<&Built<T>> {
        if from_defaults {
            return self
                .from_defaults
                .iter()
                .find(|(key, _)| key == extra)
                .map(|(_, built)| built);
        }
        self.by_hash
            .get(&hash_of(values, extra))?
            .iter()
            .filter_map(|at| self.entries.get(*at))
            .find(|(stored, key, _)| {
                key == extra
                    && stored.len() == values.len()
                    && stored.iter().zip(values).all(|(a, b)| a.as_ref() == *b)
            })
            .map(|(_, _, built)| built)
    }

    /// Stores a part.
    pub(super) fn insert(
        &mut self,
        from_defaults: bool,
        values: &[Option<&Value>],
        extra: &str,
        built: Built<T>,
    ) {
        if from_defaults {
            self.from_defaults.push((String::from(extra), built));
            return;
        }
        let stored = values.iter().map(|value| value.cloned()).collect();
        self.by_hash
            .entry(hash_of(values, extra))
            .or_default()
            .push(self.entries.len());
        self.entries.push((stored, String::from(extra), built));
    }
}

/// A part compiled for an earlier case: its value, or its errors again.
pub(super) fn reuse<T>(found: &Built<T>, diagnostics: &mut Vec<Diagnostic>) -> Option<Arc<T>> {
    match found {
        Ok(built) => Some(Arc::clone(built)),
        Err(errors) => {
            diagnostics.extend(errors.iter().cloned());
            None
        }
    }
}

/// Keeps a part's outcome for reuse: the part, or only its errors.
pub(super) fn keep<T>(part: Option<T>, diagnostics: &[Diagnostic]) -> Built<T> {
    match part {
        Some(part) if !diagnostics.iter().any(Diagnostic::is_error) => Ok(Arc::new(part)),
        _ => Err(diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect()),
    }
}

fn hash_value(value: &Value, hash: &mut u64) {
    mix(hash, &value.span.start.to_le_bytes());
    mix(hash, &value.span.source.0.to_le_bytes());
    match &value.kind {
        Kind::Null => mix(hash, b"n"),
        Kind::Bool(flag) => mix(hash, if *flag { b"t" } else { b"f" }),
        Kind::Number(text) | Kind::String(text) => mix(hash, text.as_bytes()),
        Kind::Array(items) => items.iter().for_each(|item| hash_value(item, hash)),
        Kind::Object(members) => members.iter().for_each(|member| {
            mix(hash, member.key.as_bytes());
            hash_value(&member.value, hash);
        }),
    }
}

fn mix(hash: &mut u64, bytes: &[u8]) {
    for &byte in bytes {
        *hash ^= u64::from(byte);
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
}

fn hash_of(values: &[Option<&Value>], extra: &str) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325;
    for value in values {
        match value {
            Some(value) => hash_value(value, &mut hash),
            None => hash ^= 0x55,
        }
    }
    mix(&mut hash, extra.as_bytes());
    hash
}

//! The request context: condition keys and their values.
//!
//! Key names compare without regard to case (AWS: "IAM JSON policy elements:
//! Condition"), so every key is stored with a lowercase copy and entries are
//! kept sorted by it for binary search. A value given as a JSON array is
//! multivalued whatever its length. Keys derived from the principal, the
//! resource and the VPC endpoint live in their own small tables; [`RequestContext`] looks in the
//! request's own keys first, so a case's `context` always wins.

use alloc::string::String;
use alloc::vec::Vec;

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

/// A set of context keys, sorted for lookup.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Context {
    entries: Vec<Entry>,
}

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
        Ok(Context { entries })
    }

    /// Adds or replaces a key.
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
    }

    /// The entry for a lowercase key.
    pub fn get(&self, key_lower: &str) -> Option<&Entry> {
        self.entries
            .binary_search_by(|probe| probe.key_lower.as_str().cmp(key_lower))
            .ok()
            .and_then(|idx| self.entries.get(idx))
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
        self.request
            .get(key_lower)
            .or_else(|| self.principal.get(key_lower))
            .or_else(|| self.resource.get(key_lower))
            .or_else(|| self.endpoint.and_then(|endpoint| endpoint.get(key_lower)))
    }

    /// The value of a policy variable: a single-valued key that is present.
    pub fn variable(&self, key_lower: &str) -> Option<&'a str> {
        self.get(key_lower)
            .and_then(Entry::single_value)
            .map(|value| value.text.as_str())
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
    fn keys_differing_only_by_case_are_rejected() {
        let result = Context::from_entries(alloc::vec![
            Entry::single("aws:RequestTag/Env", "a"),
            Entry::single("aws:requesttag/env", "b"),
        ]);
        assert!(result.is_err());
    }
}

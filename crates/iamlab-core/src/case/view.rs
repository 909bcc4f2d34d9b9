//! One case seen through the file's `defaults`: each top-level member is the
//! JSON Merge Patch (RFC 7396) of the default and the case's own value,
//! computed on demand, so parts taken whole from `defaults` are borrowed,
//! never copied.

use alloc::borrow::Cow;

use crate::json::{self, Member, Value};
use crate::source::Span;

/// A case and the file's defaults.
pub(super) struct CaseView<'a> {
    pub(super) item: &'a Value,
    pub(super) defaults: Option<&'a Value>,
}

/// A member of a merged case, and whether it came whole from `defaults`.
pub(super) struct Part<'a> {
    pub(super) value: Cow<'a, Value>,
    pub(super) from_defaults: bool,
}

impl<'a> CaseView<'a> {
    pub(super) fn span(&self) -> Span {
        self.item.span
    }

    /// The merged member; `None` when absent or removed with `null`.
    pub(super) fn part(&self, key: &str) -> Option<Part<'a>> {
        let own = self.item.get(key);
        let default = self.defaults.and_then(|d| d.get(key));
        match (own, default) {
            (Some(own), _) if own.is_null() => None,
            (Some(own), Some(default)) if own.as_object().is_some() => Some(Part {
                value: Cow::Owned(json::merge_patch(Some(default), own)),
                from_defaults: false,
            }),
            (Some(own), _) => Some(Part {
                value: Cow::Borrowed(own),
                from_defaults: false,
            }),
            (None, Some(default)) if !default.is_null() => Some(Part {
                value: Cow::Borrowed(default),
                from_defaults: true,
            }),
            (None, _) => None,
        }
    }

    /// The merged member's value.
    pub(super) fn field(&self, key: &str) -> Option<Cow<'a, Value>> {
        self.part(key).map(|part| part.value)
    }

    /// Every member of the merged case: the case's own, then the defaults it
    /// does not override.
    pub(super) fn members(&self) -> impl Iterator<Item = &'a Member> {
        let own = self.item.as_object().unwrap_or(&[]);
        let defaults = self.defaults.and_then(Value::as_object).unwrap_or(&[]);
        own.iter().chain(
            defaults
                .iter()
                .filter(move |d| !own.iter().any(|m| m.key == d.key)),
        )
    }
}

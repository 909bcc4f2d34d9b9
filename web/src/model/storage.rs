//! What localStorage keeps, and how a stored value is read back.
//!
//! The stored value is `{"version": N, "workspace": {...}}`. Reading never
//! throws the user's text away: a value from an older format is migrated, a
//! value that no longer parses is reported and kept under a backup key (the
//! hook in `store.rs` does the writing), and the page opens on a blank or
//! recovered workspace instead of an empty screen.

use serde::{Deserialize, Serialize};

use super::workspace::{FORMAT_VERSION, Workspace};

/// The localStorage key of the workspace.
pub const STORAGE_KEY: &str = "iamlab.workspace";

/// The localStorage key where unreadable stored text is kept.
pub const BACKUP_KEY: &str = "iamlab.workspace.unreadable";

#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    workspace: serde_json::Value,
}

/// Encodes a workspace for storage.
pub fn encode(workspace: &Workspace) -> String {
    let stored = serde_json::json!({ "version": FORMAT_VERSION, "workspace": workspace });
    stored.to_string()
}

/// What reading the stored text gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loaded {
    /// Nothing was stored.
    Nothing,
    /// The stored workspace.
    Workspace(Box<Workspace>),
    /// Part of the stored value was readable; the message says what was lost.
    Recovered(Box<Workspace>, String),
    /// Nothing could be read; the text must be kept under [`BACKUP_KEY`].
    Unreadable(String),
}

/// Reads what localStorage held.
pub fn decode(text: Option<&str>) -> Loaded {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Loaded::Nothing;
    };
    let stored: Stored = match serde_json::from_str(text) {
        Ok(stored) => stored,
        Err(error) => {
            return Loaded::Unreadable(format!("the saved workspace is damaged ({error})"));
        }
    };
    if stored.version > FORMAT_VERSION {
        return Loaded::Unreadable(format!(
            "the saved workspace comes from a newer iamlab (format {}), which this page cannot read",
            stored.version
        ));
    }
    match serde_json::from_value::<Workspace>(stored.workspace.clone()) {
        Ok(mut workspace) => {
            workspace.version = FORMAT_VERSION;
            Loaded::Workspace(Box::new(workspace))
        }
        Err(error) => recover(&stored.workspace).map_or_else(
            || Loaded::Unreadable(format!("the saved workspace cannot be read ({error})")),
            |workspace| {
                Loaded::Recovered(
                    Box::new(workspace),
                    format!("part of the saved workspace could not be read ({error}); the rest is restored"),
                )
            },
        ),
    }
}

/// Keeps every top-level field that still reads, dropping the rest.
fn recover(value: &serde_json::Value) -> Option<Workspace> {
    let object = value.as_object()?;
    let mut kept = serde_json::Map::new();
    for (key, field) in object {
        let mut probe = serde_json::Map::new();
        probe.insert(key.clone(), field.clone());
        if serde_json::from_value::<Workspace>(serde_json::Value::Object(probe)).is_ok() {
            kept.insert(key.clone(), field.clone());
        }
    }
    serde_json::from_value(serde_json::Value::Object(kept)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_workspaces_read_back() {
        let workspace = Workspace::blank();
        assert_eq!(
            decode(Some(&encode(&workspace))),
            Loaded::Workspace(Box::new(workspace))
        );
        assert_eq!(decode(None), Loaded::Nothing);
    }

    #[test]
    fn damaged_values_are_reported_not_lost() {
        assert!(matches!(
            decode(Some("{\"version\": 1, \"work")),
            Loaded::Unreadable(_)
        ));
        assert!(
            matches!(decode(Some("{\"version\": 99, \"workspace\": {}}")), Loaded::Unreadable(m) if m.contains("newer"))
        );
    }

    #[test]
    fn a_partly_damaged_workspace_keeps_what_reads() {
        let mut value: serde_json::Value =
            serde_json::from_str(&encode(&Workspace::blank())).unwrap();
        value["workspace"]["tests"] = serde_json::json!("not a list");
        match decode(Some(&value.to_string())) {
            Loaded::Recovered(workspace, message) => {
                assert_eq!(workspace.principals.len(), 1);
                assert!(message.contains("could not be read"));
            }
            other => panic!("{other:?}"),
        }
    }
}

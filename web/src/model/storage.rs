//! What localStorage keeps, and how a stored value is read back.
//!
//! The stored value is `{"version": N, "workspace": {...}}`. Reading never
//! throws the user's text away: a value from an older format is migrated, a
//! value that no longer parses is reported and kept under a backup key (the
//! hook in `store.rs` does the writing), and the page opens on a blank or
//! recovered workspace instead of an empty screen.

use iamlab_core::json::{self, Kind, Limits, Member, Value};
use iamlab_core::source::SourceId;

use super::codec::{Codec, object, workspace_to_json};
use super::workspace::{FORMAT_VERSION, Workspace};

/// The localStorage key of the workspace.
pub const STORAGE_KEY: &str = "iamlab.workspace";

/// The localStorage key where unreadable stored text is kept.
pub const BACKUP_KEY: &str = "iamlab.workspace.unreadable";

/// Encodes a workspace for storage: `{"version":N,"workspace":{...}}`.
pub fn encode(workspace: &Workspace) -> String {
    format!(
        "{{\"version\":{FORMAT_VERSION},\"workspace\":{}}}",
        workspace_to_json(workspace)
    )
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
    let (stored, diagnostics) = json::parse(text, SourceId(0), Limits::default());
    let stored = match (stored, diagnostics.iter().find(|d| d.is_error())) {
        (Some(stored), None) => stored,
        (_, error) => {
            let reason = error.map_or("no JSON value", |e| e.message.as_str());
            return Loaded::Unreadable(format!("the saved workspace is damaged ({reason})"));
        }
    };
    let version = stored.get("version").and_then(|v| match &v.kind {
        Kind::Number(text) => text.parse::<u32>().ok(),
        _ => None,
    });
    let Some(version) = version else {
        return Loaded::Unreadable(String::from(
            "the saved workspace is damaged (it has no format version)",
        ));
    };
    if version > FORMAT_VERSION {
        return Loaded::Unreadable(format!(
            "the saved workspace comes from a newer iamlab (format {version}), which this page cannot read"
        ));
    }
    let Some(stored_workspace) = stored.get("workspace") else {
        return Loaded::Unreadable(String::from(
            "the saved workspace is damaged (it holds no workspace)",
        ));
    };
    match Workspace::decode(stored_workspace) {
        Ok(mut workspace) => {
            workspace.version = FORMAT_VERSION;
            Loaded::Workspace(Box::new(workspace))
        }
        Err(error) => recover(stored_workspace).map_or_else(
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

/// Keeps every top-level member that still reads, dropping the rest.
fn recover(value: &Value) -> Option<Workspace> {
    let members = value.as_object()?;
    let kept: Vec<Member> = members
        .iter()
        .filter(|member| Workspace::decode(&object(vec![(*member).clone()])).is_ok())
        .cloned()
        .collect();
    Workspace::decode(&object(kept)).ok()
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
        let text = encode(&Workspace::blank());
        let damaged = text.replace("\"tests\":[]", "\"tests\":\"not a list\"");
        assert_ne!(damaged, text);
        match decode(Some(&damaged)) {
            Loaded::Recovered(workspace, message) => {
                assert_eq!(workspace.principals.len(), 1);
                assert!(message.contains("could not be read"));
            }
            other => panic!("{other:?}"),
        }
    }
}

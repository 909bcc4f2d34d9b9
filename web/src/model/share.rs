//! Share links and `#case=` links.
//!
//! A share link carries the whole workspace in the URL fragment (which
//! browsers never send to a server): `#share=1.` + base64url of the
//! deflated JSON. The `1` is the format version, so a link made today opens
//! the same workspace later, and a link from a newer iamlab gives a clear
//! message. `#case=` + base64url of a case file's bytes is the contract for
//! automated checks: it loads that file as the workspace.

use base64::Engine;
use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};

use super::cases::import_case_file;
use super::workspace::{FORMAT_VERSION, Workspace};

/// What a URL fragment asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fragment {
    /// No recognised fragment.
    None,
    /// A workspace to open.
    Workspace(Box<Workspace>),
    /// A link that could not be read, with the reason.
    Broken(String),
}

/// The fragment (with its `#`) that opens `workspace`.
pub fn share_fragment(workspace: &Workspace) -> String {
    let json = serde_json::to_vec(workspace).unwrap_or_default();
    let compressed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!(
        "#share={FORMAT_VERSION}.{}",
        URL_SAFE_NO_PAD.encode(compressed)
    )
}

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let trimmed = text.trim_end_matches('=');
    URL_SAFE_NO_PAD
        .decode(trimmed)
        .ok()
        .or_else(|| URL_SAFE.decode(text).ok())
}

/// Reads a URL fragment (with or without its `#`).
pub fn read_fragment(fragment: &str) -> Fragment {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if let Some(data) = fragment.strip_prefix("share=") {
        let Some((version, payload)) = data.split_once('.') else {
            return Fragment::Broken(String::from(
                "this share link is incomplete (it has no version)",
            ));
        };
        match version.parse::<u32>() {
            Ok(version) if version == FORMAT_VERSION => {}
            Ok(version) if version > FORMAT_VERSION => {
                return Fragment::Broken(format!(
                    "this share link was made by a newer iamlab (format {version}); this page reads format {FORMAT_VERSION}"
                ));
            }
            _ => {
                return Fragment::Broken(format!(
                    "this share link has an unknown format `{version}`"
                ));
            }
        }
        let Some(bytes) = decode_base64(payload) else {
            return Fragment::Broken(String::from(
                "this share link is damaged: it is not valid base64url (was it cut short?)",
            ));
        };
        let Ok(json) = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, 16 * 1024 * 1024)
        else {
            return Fragment::Broken(String::from(
                "this share link is damaged: its data does not decompress (was it cut short?)",
            ));
        };
        return match serde_json::from_slice::<Workspace>(&json) {
            Ok(workspace) => Fragment::Workspace(Box::new(workspace)),
            Err(error) => Fragment::Broken(format!(
                "this share link holds no readable workspace: {error}"
            )),
        };
    }
    if let Some(data) = fragment.strip_prefix("case=") {
        let Some(bytes) = decode_base64(data) else {
            return Fragment::Broken(String::from("the #case= link is not valid base64url"));
        };
        let Ok(text) = String::from_utf8(bytes) else {
            return Fragment::Broken(String::from("the #case= link does not hold UTF-8 text"));
        };
        return match import_case_file(&text) {
            Ok(workspace) => Fragment::Workspace(Box::new(workspace)),
            Err(error) => Fragment::Broken(format!(
                "the case file in the link cannot be read: {}",
                error.message
            )),
        };
    }
    Fragment::None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_links_round_trip() {
        let mut workspace = Workspace::blank();
        workspace.title = String::from("<script>alert(1)</script> ünïcode");
        let fragment = share_fragment(&workspace);
        assert!(fragment.starts_with("#share=1."));
        assert_eq!(
            read_fragment(&fragment),
            Fragment::Workspace(Box::new(workspace))
        );
    }

    #[test]
    fn broken_links_say_why() {
        let good = share_fragment(&Workspace::blank());
        let cut = &good[..good.len() / 2];
        assert!(
            matches!(read_fragment(cut), Fragment::Broken(message) if message.contains("damaged"))
        );
        assert!(
            matches!(read_fragment("#share=9.abc"), Fragment::Broken(message) if message.contains("newer"))
        );
        assert!(matches!(read_fragment("#share=abc"), Fragment::Broken(_)));
        assert_eq!(read_fragment("#top"), Fragment::None);
    }

    #[test]
    fn case_links_load_case_files_with_or_without_padding() {
        let text = r#"{"action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111111111111:user/a"}, "expect": "implicitDeny"}"#;
        for encoded in [URL_SAFE.encode(text), URL_SAFE_NO_PAD.encode(text)] {
            match read_fragment(&format!("#case={encoded}")) {
                Fragment::Workspace(workspace) => assert_eq!(workspace.tests.len(), 1),
                other => panic!("{other:?}"),
            }
        }
    }
}

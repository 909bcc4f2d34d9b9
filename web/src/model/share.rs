//! Share links and `#case=` links.
//!
//! A share link carries the whole workspace in the URL fragment (which
//! browsers never send to a server): `#share=1.` + base64url of the JSON,
//! compressed with raw DEFLATE (RFC 1951). The `1` is the format version, so
//! a link made today opens the same workspace later, and a link from a newer
//! iamlab gives a clear message. `#case=` + base64url of a case file's bytes
//! is the contract for automated checks: it loads that file as the
//! workspace.
//!
//! Compression is the browser's (`dom::deflate_raw`, `dom::inflate_raw`):
//! this module only frames and reads the link, so it stays pure and tested
//! natively, with a test-only deflater that writes the same format.

use super::cases::import_case_file;
use super::codec::{workspace_from_json, workspace_to_json};
use super::workspace::{FORMAT_VERSION, Workspace};

/// What a URL fragment asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fragment {
    /// No recognised fragment.
    None,
    /// A workspace to open.
    Workspace(Box<Workspace>),
    /// A share link's compressed workspace, to inflate and then read with
    /// [`read_inflated`].
    Compressed(Vec<u8>),
    /// A link that could not be read, with the reason.
    Broken(String),
}

/// The share fragment (with its `#`) for a workspace's compressed JSON.
pub fn share_fragment(compressed: &[u8]) -> String {
    format!("#share={FORMAT_VERSION}.{}", base64url_encode(compressed))
}

/// The bytes a share link compresses: the workspace's JSON.
pub fn share_payload(workspace: &Workspace) -> Vec<u8> {
    workspace_to_json(workspace).into_bytes()
}

/// The longest compressed payload a link may carry (browsers cut longer
/// addresses anyway); it bounds the memory inflating a link can take.
const MAX_PAYLOAD: usize = 2 * 1024 * 1024;

/// The base64url alphabet (RFC 4648 §5).
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding, as links carry it. Written by hand for a
/// measured need: the `base64` crate cost the page's `.wasm` about 2 KB
/// gzipped for these two functions.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let word = chunk.iter().enumerate().fold(0u32, |word, (at, byte)| {
            word | u32::from(*byte) << (16 - 8 * at)
        });
        for at in 0..=chunk.len() {
            let index = (word >> (18 - 6 * at)) & 63;
            out.push(char::from(ALPHABET[index as usize]));
        }
    }
    out
}

/// Reads base64url, with or without `=` padding; `None` for anything else
/// (standard base64's `+` and `/` included).
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let mut word = 0u32;
    let mut bits = 0u32;
    for byte in text.bytes() {
        let value = ALPHABET.iter().position(|c| *c == byte)? as u32;
        word = (word << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((word >> bits) as u8);
            word &= (1 << bits) - 1;
        }
    }
    // A lone trailing character (6 bits) encodes no byte: the text was cut.
    (bits < 6).then_some(out)
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
        if bytes.len() > MAX_PAYLOAD {
            return Fragment::Broken(String::from("this share link is too long to open"));
        }
        return Fragment::Compressed(bytes);
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

#[cfg(feature = "exercise")]
/// The exercise file an `#exercise=` link carries (the exercise page's
/// address), or why it cannot be read; `None` for any other fragment.
pub fn exercise_fragment(fragment: &str) -> Option<Result<String, String>> {
    let data = fragment
        .strip_prefix('#')
        .unwrap_or(fragment)
        .strip_prefix("exercise=")?;
    Some(match decode_base64(data).map(String::from_utf8) {
        Some(Ok(text)) => Ok(text),
        Some(Err(_)) => Err(String::from("the #exercise= link does not hold UTF-8 text")),
        None => Err(String::from(
            "the #exercise= link is not valid base64url (was it cut short?)",
        )),
    })
}

/// The workspace in a share link's inflated payload (`None`: the payload did
/// not inflate).
pub fn read_inflated(json: Option<Vec<u8>>) -> Fragment {
    let Some(json) = json else {
        return Fragment::Broken(String::from(
            "this share link is damaged: its data does not decompress (was it cut short?)",
        ));
    };
    let Ok(json) = String::from_utf8(json) else {
        return Fragment::Broken(String::from(
            "this share link holds no readable workspace: its data is not UTF-8 text",
        ));
    };
    match workspace_from_json(&json) {
        Ok(workspace) => Fragment::Workspace(Box::new(workspace)),
        Err(error) => Fragment::Broken(format!(
            "this share link holds no readable workspace: {error}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the browser's `CompressionStream("deflate-raw")` does.
    fn deflate(bytes: &[u8]) -> Vec<u8> {
        miniz_oxide::deflate::compress_to_vec(bytes, 9)
    }

    /// Reads a fragment, inflating a share link as the browser does.
    fn open(fragment: &str) -> Fragment {
        match read_fragment(fragment) {
            Fragment::Compressed(bytes) => read_inflated(
                miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_PAYLOAD * 64).ok(),
            ),
            other => other,
        }
    }

    #[test]
    fn share_links_round_trip() {
        let mut workspace = Workspace::blank();
        workspace.title = String::from("<script>alert(1)</script> ünïcode");
        let fragment = share_fragment(&deflate(&share_payload(&workspace)));
        assert!(fragment.starts_with("#share=1."));
        assert_eq!(open(&fragment), Fragment::Workspace(Box::new(workspace)));
    }

    #[test]
    fn broken_links_say_why() {
        let good = share_fragment(&deflate(&share_payload(&Workspace::blank())));
        let cut = &good[..good.len() / 2];
        assert!(matches!(open(cut), Fragment::Broken(message) if message.contains("damaged")));
        assert!(
            matches!(read_fragment("#share=9.abc"), Fragment::Broken(message) if message.contains("newer"))
        );
        assert!(matches!(read_fragment("#share=abc"), Fragment::Broken(_)));
        assert_eq!(read_fragment("#top"), Fragment::None);
        assert!(
            matches!(read_inflated(None), Fragment::Broken(message) if message.contains("decompress"))
        );
    }

    #[test]
    fn base64url_round_trips_and_matches_rfc_4648() {
        assert_eq!(base64url_encode(b""), "");
        assert_eq!(base64url_encode(b"f"), "Zg");
        assert_eq!(base64url_encode(b"fo"), "Zm8");
        assert_eq!(base64url_encode(b"foo"), "Zm9v");
        assert_eq!(base64url_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode_base64("-_8").as_deref(), Some(&[0xfb, 0xff][..]));
        assert_eq!(decode_base64("Zm9vYg==").as_deref(), Some(&b"foob"[..]));
        assert_eq!(decode_base64("Zm9vY"), None, "a cut link");
        assert_eq!(
            decode_base64("Zm+v"),
            None,
            "standard base64 is not base64url"
        );
        let bytes: Vec<u8> = (0..=255u8).collect();
        assert_eq!(decode_base64(&base64url_encode(&bytes)), Some(bytes));
    }

    #[test]
    fn case_links_load_case_files_with_or_without_padding() {
        let text = r#"{"action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111111111111:user/a"}, "expect": "implicitDeny"}"#;
        let unpadded = base64url_encode(text.as_bytes());
        let padded = format!("{unpadded}{}", "=".repeat((4 - unpadded.len() % 4) % 4));
        for encoded in [padded, unpadded] {
            match read_fragment(&format!("#case={encoded}")) {
                Fragment::Workspace(workspace) => assert_eq!(workspace.tests.len(), 1),
                other => panic!("{other:?}"),
            }
        }
    }
}

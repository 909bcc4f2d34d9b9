//! Case files inside Markdown: every fenced block tagged `iamlab` is a case
//! file, so that `iamlab check docs/**/*.md` tests a guide's examples as
//! rustdoc tests a crate's.
//!
//! A block is handed to the case loader as a copy of the whole Markdown
//! file in which everything outside the block is blanked (each byte a
//! space, each line break kept): offsets, lines and columns in the block are
//! then those of the Markdown file itself, so every error and deciding
//! statement is located as `guide.md:LINE:COL` with no mapping.

use std::ops::Range;

/// One fenced `iamlab` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Block {
    /// The 1-based line of its opening fence.
    pub(crate) line: usize,
    /// The byte range of its content (the lines between the fences).
    pub(crate) content: Range<usize>,
}

/// Every fenced block whose info string starts with the word `iamlab`, in
/// order. A fence is three or more backticks or tildes, indented by at most
/// three spaces (CommonMark); the block ends at a fence of the same
/// character at least as long, or at the end of the file.
pub(crate) fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<(u8, usize, usize, bool)> = None; // (char, length, start line, is iamlab)
    let mut content_start = 0;
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += line.len();
        let trimmed = line.trim_end_matches(['\n', '\r']);
        let indent = trimmed.len() - trimmed.trim_start_matches(' ').len();
        let rest = &trimmed[indent..];
        let fence = rest
            .bytes()
            .next()
            .filter(|c| (*c == b'`' || *c == b'~') && indent <= 3)
            .map(|c| (c, rest.bytes().take_while(|b| *b == c).count()))
            .filter(|(_, length)| *length >= 3);
        match (open, fence) {
            (None, Some((c, length))) => {
                let info = rest[length..].trim();
                // A backtick fence's info string may not hold a backtick.
                if c == b'`' && info.contains('`') {
                    continue;
                }
                let word = info.split([' ', '\t', ',', '{']).next().unwrap_or("");
                open = Some((c, length, index + 1, word == "iamlab"));
                content_start = offset;
            }
            (Some((c, length, start, is_iamlab)), Some((close, close_length)))
                if close == c
                    && close_length >= length
                    && rest[close_length..].trim().is_empty() =>
            {
                if is_iamlab {
                    out.push(Block {
                        line: start,
                        content: content_start..line_start,
                    });
                }
                open = None;
            }
            _ => {}
        }
    }
    if let Some((_, _, start, true)) = open {
        out.push(Block {
            line: start,
            content: content_start..text.len(),
        });
    }
    out
}

/// The Markdown text with everything outside `content` blanked.
pub(crate) fn masked(text: &str, content: &Range<usize>) -> String {
    let bytes: Vec<u8> = text
        .bytes()
        .enumerate()
        .map(|(at, byte)| {
            if content.contains(&at) || byte == b'\n' {
                byte
            } else {
                b' '
            }
        })
        .collect();
    // Bytes inside the block are kept whole (it starts and ends at line
    // boundaries), and every other byte became an ASCII space.
    String::from_utf8(bytes).unwrap_or_default()
}

/// Whether a path names a Markdown file.
pub(crate) fn is_markdown(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUIDE: &str = "# Guide\n\nSome text.\n\n```iamlab\n{\"action\": \"s3:GetObject\"}\n```\n\n~~~json\n{}\n~~~\n\n  ```` iamlab editable\n{\"cases\": []}\n```` \n";

    #[test]
    fn finds_iamlab_blocks_only() {
        let found = blocks(GUIDE);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].line, 5);
        assert_eq!(
            &GUIDE[found[0].content.clone()],
            "{\"action\": \"s3:GetObject\"}\n"
        );
        assert_eq!(found[1].line, 13);
        assert_eq!(&GUIDE[found[1].content.clone()], "{\"cases\": []}\n");
    }

    #[test]
    fn masking_keeps_places() {
        let block = &blocks(GUIDE)[0];
        let text = masked(GUIDE, &block.content);
        assert_eq!(text.len(), GUIDE.len());
        assert_eq!(text.lines().count(), GUIDE.lines().count());
        assert_eq!(text.lines().nth(5), Some("{\"action\": \"s3:GetObject\"}"));
        assert!(text.lines().next().is_some_and(|l| l.trim().is_empty()));
        let accents = "é ```iamlab\n{}\n```\n";
        let block = &blocks(accents).first().cloned();
        assert!(block.is_none(), "a fence must start its line");
        assert_eq!(masked("é\n{}\n", &(3..6)), "  \n{}\n");
    }

    #[test]
    fn an_unclosed_block_runs_to_the_end() {
        let found = blocks("```iamlab\n{}\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].content, 10..13);
        assert!(blocks("```iamlabs\n{}\n```\n").is_empty());
        assert!(is_markdown("docs/Guide.MD") && !is_markdown("case.json"));
    }
}

//! The Markdown of exercise instructions, read into blocks the page renders
//! as text nodes: raw HTML is never interpreted (a `<script>` tag is shown
//! as the text it is), and links open only `https:` addresses.
//!
//! Written by hand for a measured need: a full CommonMark crate would add
//! tens of kilobytes to the page's `.wasm`, whose budget is 300 KB gzip,
//! and instructions need only this subset: paragraphs, `#`–`###`
//! headings, `-`/`*` and `1.` lists, fenced code, `**bold**`, `*italic*`,
//! `` `code` `` and `[links](https://…)`.

/// A block of text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A heading of level 1 to 3.
    Heading(u8, Vec<Inline>),
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A list; `true` when numbered.
    List(bool, Vec<Vec<Inline>>),
    /// A fenced code block.
    Code(String),
}

/// A run of text within a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// `code`.
    Code(String),
    /// **bold**.
    Strong(String),
    /// *italic*.
    Emphasis(String),
    /// A link to an `https:` address.
    Link {
        /// What it says.
        text: String,
        /// Where it goes.
        href: String,
    },
}

/// Reads Markdown text into blocks.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Option<(bool, Vec<Vec<Inline>>)> = None;
    let mut code: Option<String> = None;
    let flush = |paragraph: &mut Vec<&str>,
                 list: &mut Option<(bool, Vec<Vec<Inline>>)>,
                 out: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            out.push(Block::Paragraph(inlines(&paragraph.join(" "))));
            paragraph.clear();
        }
        if let Some((ordered, items)) = list.take() {
            out.push(Block::List(ordered, items));
        }
    };
    for line in text.lines() {
        if let Some(body) = &mut code {
            if line.trim_start().starts_with("```") {
                out.push(Block::Code(std::mem::take(body)));
                code = None;
            } else {
                body.push_str(line);
                body.push('\n');
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            flush(&mut paragraph, &mut list, &mut out);
            code = Some(String::new());
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut paragraph, &mut list, &mut out);
            continue;
        }
        let hashes = trimmed.bytes().take_while(|b| *b == b'#').count();
        if (1..=3).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
            flush(&mut paragraph, &mut list, &mut out);
            out.push(Block::Heading(
                hashes as u8,
                inlines(trimmed[hashes..].trim()),
            ));
            continue;
        }
        if let Some((ordered, item)) = list_item(trimmed) {
            if !paragraph.is_empty() || list.as_ref().is_some_and(|(o, _)| *o != ordered) {
                flush(&mut paragraph, &mut list, &mut out);
            }
            list.get_or_insert_with(|| (ordered, Vec::new()))
                .1
                .push(inlines(item));
            continue;
        }
        if let Some((_, items)) = &mut list
            && line.starts_with([' ', '\t'])
            && let Some(last) = items.last_mut()
        {
            // A continuation line of the last item.
            last.push(Inline::Text(String::from(" ")));
            last.extend(inlines(trimmed));
            continue;
        }
        if list.is_some() {
            flush(&mut paragraph, &mut list, &mut out);
        }
        paragraph.push(trimmed);
    }
    if let Some(body) = code {
        out.push(Block::Code(body));
    }
    flush(&mut paragraph, &mut list, &mut out);
    out
}

/// A list item's text and whether the list is numbered.
fn list_item(line: &str) -> Option<(bool, &str)> {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return Some((false, rest));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let rest = &line[digits..];
        if let Some(item) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((true, item));
        }
    }
    None
}

/// Reads the inline marks of one block's text.
pub fn inlines(text: &str) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    let push_plain = |plain: &mut String, out: &mut Vec<Inline>| {
        if !plain.is_empty() {
            out.push(Inline::Text(std::mem::take(plain)));
        }
    };
    while let Some(c) = rest.chars().next() {
        let mark = match c {
            '`' => rest[1..]
                .find('`')
                .map(|end| (Inline::Code(rest[1..=end].to_owned()), end + 2)),
            '*' if rest.starts_with("**") => rest[2..]
                .find("**")
                .filter(|end| *end > 0)
                .map(|end| (Inline::Strong(rest[2..2 + end].to_owned()), end + 4)),
            '*' => rest[1..]
                .find('*')
                .filter(|end| *end > 0 && !rest[1..].starts_with(' '))
                .map(|end| (Inline::Emphasis(rest[1..=end].to_owned()), end + 2)),
            '[' => link(rest),
            _ => None,
        };
        match mark {
            Some((inline, used)) => {
                push_plain(&mut plain, &mut out);
                out.push(inline);
                rest = &rest[used..];
            }
            None => {
                plain.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    push_plain(&mut plain, &mut out);
    out
}

/// `[text](href)` at the start of `rest`: a link when `href` is an
/// `https:` address, else the text alone.
fn link(rest: &str) -> Option<(Inline, usize)> {
    let close = rest.find("](")?;
    let end = close + 2 + rest[close + 2..].find(')')?;
    let text = rest[1..close].to_owned();
    let href = rest[close + 2..end].trim();
    let inline = if href.starts_with("https://") {
        Inline::Link {
            text,
            href: href.to_owned(),
        }
    } else {
        Inline::Text(text)
    };
    Some((inline, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_owned())
    }

    #[test]
    fn reads_the_subset() {
        let read = blocks(
            "# Title\n\nLet **Developers** read `team-docs`,\nnothing *else*.\n\n- one\n- two\n  more\n\n1. first\n2. second\n\n```\n{\"a\": 1}\n```\n",
        );
        assert_eq!(
            read,
            vec![
                Block::Heading(1, vec![text("Title")]),
                Block::Paragraph(vec![
                    text("Let "),
                    Inline::Strong("Developers".into()),
                    text(" read "),
                    Inline::Code("team-docs".into()),
                    text(", nothing "),
                    Inline::Emphasis("else".into()),
                    text("."),
                ]),
                Block::List(
                    false,
                    vec![
                        vec![text("one")],
                        vec![text("two"), text(" "), text("more")]
                    ]
                ),
                Block::List(true, vec![vec![text("first")], vec![text("second")]]),
                Block::Code("{\"a\": 1}\n".into()),
            ]
        );
    }

    #[test]
    fn html_stays_text_and_only_https_links_link() {
        assert_eq!(
            inlines("<script>alert(1)</script>"),
            vec![text("<script>alert(1)</script>")]
        );
        assert_eq!(
            inlines("[docs](https://docs.aws.amazon.com/IAM/) and [x](javascript:alert(1))"),
            vec![
                Inline::Link {
                    text: "docs".into(),
                    href: "https://docs.aws.amazon.com/IAM/".into()
                },
                text(" and "),
                text("x"),
                text(")"),
            ]
        );
    }

    #[test]
    fn unmatched_marks_are_text() {
        assert_eq!(inlines("a * b ` c ["), vec![text("a * b ` c [")]);
        assert_eq!(inlines("**"), vec![text("**")]);
        assert_eq!(
            inlines("é*ü*"),
            vec![text("é"), Inline::Emphasis("ü".into())]
        );
    }
}

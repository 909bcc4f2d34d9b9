//! `*` and `?` matching in linear time.
//!
//! IAM globs appear in `Action`, `Resource`, `StringLike` and `ArnLike`. A
//! pattern is compiled once into the cheapest matcher that can decide it: a
//! constant, an exact string, a prefix, or a list of literal segments separated
//! by stars. Segments are found left to right at their leftmost occurrence,
//! which is correct for globs (an earlier match never leaves less room for the
//! rest) and never backtracks, so `*a*a*a*a*a*b` against 100 KB of text is one
//! pass. Only ARN patterns with a star inside one of the first five colon
//! separated parts (where a star may not cross a colon) fall back to a
//! position-set automaton, which costs the text length times the pattern
//! length and never more.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use memchr::memmem;

/// One element of a pattern before compilation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    /// A character that must appear as written.
    Literal(char),
    /// `?`: any one character (but a colon, when `no_colon`).
    One {
        /// The character may not be `:`.
        no_colon: bool,
    },
    /// `*`: any run of characters (without colons, when `no_colon`).
    Star {
        /// The run may not contain `:`.
        no_colon: bool,
    },
}

/// Splits glob text into tokens: `*` and `?` are wildcards, all else literal.
pub fn tokenize(pattern: &str) -> impl Iterator<Item = Token> + '_ {
    pattern.chars().map(|ch| match ch {
        '*' => Token::Star { no_colon: false },
        '?' => Token::One { no_colon: false },
        ch => Token::Literal(ch),
    })
}

/// A compiled glob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glob {
    matcher: Matcher,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Matcher {
    /// `*`: everything.
    Everything,
    /// No wildcard at all.
    Exact(Text),
    /// A literal followed by one final `*`.
    Prefix(Text),
    /// Literal-or-`?` segments separated by `*`s that may cross colons.
    Segments {
        segments: Box<[Segment]>,
        leading_star: bool,
        trailing_star: bool,
    },
    /// The general automaton, for stars that may not cross colons.
    Automaton(Box<[Token]>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Segment {
    pieces: Box<[Piece]>,
    /// The longest literal prefix, to find candidates quickly.
    head: Text,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Literal(Text),
    One { no_colon: bool },
}

/// The literal text of a pattern, held inside the pattern when it is short
/// (most action names and ARN pieces are). Written by hand for a measured
/// need: on 5,000 statements, following a pointer to each literal was a
/// fifth of the cache misses of a decision and of an explanation
/// (callgrind's simulated cache), since the literals of a policy lie all
/// over the heap; the UTF-8 text is kept as bytes.
#[derive(Clone, PartialEq, Eq)]
enum Text {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<[u8]>),
}

/// The longest text held inline (the enum is then 24 bytes).
const INLINE: usize = 22;

impl Text {
    fn new(text: &[u8]) -> Text {
        let mut bytes = [0u8; INLINE];
        match (bytes.get_mut(..text.len()), u8::try_from(text.len())) {
            (Some(place), Ok(len)) => {
                place.copy_from_slice(text);
                Text::Inline { len, bytes }
            }
            _ => Text::Heap(Box::from(text)),
        }
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            Text::Inline { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or(&[]),
            Text::Heap(bytes) => bytes,
        }
    }

    fn is_empty(&self) -> bool {
        self.as_bytes().is_empty()
    }
}

impl core::fmt::Debug for Text {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Debug::fmt(&String::from_utf8_lossy(self.as_bytes()), f)
    }
}

impl Glob {
    /// Compiles glob text where `*` and `?` are wildcards.
    pub fn new(pattern: &str) -> Self {
        Glob::from_tokens(tokenize(pattern))
    }

    /// Compiles a pattern that matches only `text` itself.
    pub fn exact(text: &str) -> Self {
        Glob {
            matcher: Matcher::Exact(Text::new(text.as_bytes())),
        }
    }

    /// Compiles a token list.
    pub fn from_tokens(tokens: impl IntoIterator<Item = Token>) -> Self {
        let tokens: Vec<Token> = tokens.into_iter().collect();
        let has_restricted_star = tokens
            .iter()
            .any(|token| matches!(token, Token::Star { no_colon: true }));
        if has_restricted_star {
            return Glob {
                matcher: Matcher::Automaton(tokens.into_boxed_slice()),
            };
        }
        let has_one = tokens
            .iter()
            .any(|token| matches!(token, Token::One { .. }));
        let stars = tokens
            .iter()
            .filter(|token| matches!(token, Token::Star { .. }))
            .count();
        if !has_one {
            let literal: String = tokens
                .iter()
                .filter_map(|token| match token {
                    Token::Literal(ch) => Some(*ch),
                    _ => None,
                })
                .collect();
            if stars == 0 {
                return Glob {
                    matcher: Matcher::Exact(Text::new(literal.as_bytes())),
                };
            }
            if tokens
                .iter()
                .all(|token| matches!(token, Token::Star { .. }))
            {
                return Glob {
                    matcher: Matcher::Everything,
                };
            }
            if stars == 1 && matches!(tokens.last(), Some(Token::Star { .. })) {
                return Glob {
                    matcher: Matcher::Prefix(Text::new(literal.as_bytes())),
                };
            }
        }
        let leading_star = matches!(tokens.first(), Some(Token::Star { .. }));
        let trailing_star = matches!(tokens.last(), Some(Token::Star { .. }));
        let mut segments = Vec::new();
        for run in tokens.split(|token| matches!(token, Token::Star { .. })) {
            if run.is_empty() {
                continue;
            }
            segments.push(Segment::new(run));
        }
        Glob {
            matcher: Matcher::Segments {
                segments: segments.into_boxed_slice(),
                leading_star,
                trailing_star,
            },
        }
    }

    /// The text the pattern matches, when it has no wildcard.
    pub fn as_exact(&self) -> Option<&str> {
        match &self.matcher {
            // Built from `&str`, so always UTF-8.
            Matcher::Exact(literal) => core::str::from_utf8(literal.as_bytes()).ok(),
            _ => None,
        }
    }

    /// Whether the pattern is `*` (or only stars).
    pub fn is_everything(&self) -> bool {
        matches!(self.matcher, Matcher::Everything)
    }

    /// Whether the whole of `text` matches.
    pub fn is_match(&self, text: &str) -> bool {
        match &self.matcher {
            Matcher::Everything => true,
            Matcher::Exact(literal) => same(literal.as_bytes(), text.as_bytes()),
            Matcher::Prefix(prefix) => {
                let prefix = prefix.as_bytes();
                text.as_bytes()
                    .get(..prefix.len())
                    .is_some_and(|start| same(start, prefix))
            }
            Matcher::Segments {
                segments,
                leading_star,
                trailing_star,
            } => match_segments(segments, *leading_star, *trailing_star, text.as_bytes()),
            Matcher::Automaton(tokens) => match_automaton(tokens, text),
        }
    }
}

impl Segment {
    fn new(run: &[Token]) -> Self {
        let mut pieces = Vec::new();
        let mut literal = String::new();
        for token in run {
            match token {
                Token::Literal(ch) => literal.push(*ch),
                Token::One { no_colon } => {
                    if !literal.is_empty() {
                        pieces.push(Piece::Literal(Text::new(literal.as_bytes())));
                        literal.clear();
                    }
                    pieces.push(Piece::One {
                        no_colon: *no_colon,
                    });
                }
                Token::Star { .. } => {}
            }
        }
        if !literal.is_empty() {
            pieces.push(Piece::Literal(Text::new(literal.as_bytes())));
        }
        let head = match pieces.first() {
            Some(Piece::Literal(bytes)) => bytes.clone(),
            _ => Text::new(&[]),
        };
        Segment {
            pieces: pieces.into_boxed_slice(),
            head,
        }
    }

    /// Matches the segment at exactly `at`; returns the end offset.
    fn match_at(&self, text: &[u8], at: usize) -> Option<usize> {
        let mut pos = at;
        for piece in &*self.pieces {
            match piece {
                Piece::Literal(bytes) => {
                    let bytes = bytes.as_bytes();
                    if !same(text.get(pos..pos + bytes.len())?, bytes) {
                        return None;
                    }
                    pos += bytes.len();
                }
                Piece::One { no_colon } => {
                    let first = *text.get(pos)?;
                    if *no_colon && first == b':' {
                        return None;
                    }
                    pos += utf8_width(first);
                    if pos > text.len() {
                        return None;
                    }
                }
            }
        }
        Some(pos)
    }

    /// Finds the leftmost match starting at or after `from`; returns its end.
    fn find(&self, text: &[u8], from: usize) -> Option<usize> {
        let mut start = from;
        loop {
            let candidate = if self.head.is_empty() {
                start
            } else {
                start + find_literal(text.get(start..)?, self.head.as_bytes())?
            };
            if candidate > text.len() {
                return None;
            }
            if is_char_start(text, candidate)
                && let Some(end) = self.match_at(text, candidate)
            {
                return Some(end);
            }
            start = candidate + 1;
            if start > text.len() {
                return None;
            }
        }
    }

    /// Whether the segment matches a suffix of `text` that starts at or after `from`.
    fn matches_suffix(&self, text: &[u8], from: usize) -> bool {
        // Walk the pieces backwards from the end of the text.
        let mut end = text.len();
        for piece in self.pieces.iter().rev() {
            match piece {
                Piece::Literal(bytes) => {
                    let bytes = bytes.as_bytes();
                    let Some(start) = end.checked_sub(bytes.len()) else {
                        return false;
                    };
                    if !text.get(start..end).is_some_and(|part| same(part, bytes)) {
                        return false;
                    }
                    end = start;
                }
                Piece::One { no_colon } => {
                    let mut start = match end.checked_sub(1) {
                        Some(start) => start,
                        None => return false,
                    };
                    while start > 0 && !is_char_start(text, start) {
                        start -= 1;
                    }
                    if *no_colon && text.get(start) == Some(&b':') {
                        return false;
                    }
                    end = start;
                }
            }
        }
        end >= from && is_char_start(text, end)
    }
}

fn match_segments(
    segments: &[Segment],
    leading_star: bool,
    trailing_star: bool,
    text: &[u8],
) -> bool {
    let mut pos = 0;
    let mut rest = segments;
    if !leading_star {
        let Some((first, tail)) = rest.split_first() else {
            return text.is_empty();
        };
        match first.match_at(text, 0) {
            Some(end) => pos = end,
            None => return false,
        }
        rest = tail;
        if rest.is_empty() && !trailing_star {
            return pos == text.len();
        }
    }
    let (middle, last) = if trailing_star {
        (rest, None)
    } else {
        match rest.split_last() {
            Some((last, middle)) => (middle, Some(last)),
            None => (rest, None),
        }
    };
    for segment in middle {
        match segment.find(text, pos) {
            Some(end) => pos = end,
            None => return false,
        }
    }
    match last {
        Some(last) => last.matches_suffix(text, pos),
        None => true,
    }
}

/// Where `needle` (not empty) first occurs in `haystack`.
///
/// In a text as short as an ARN, looking for the needle's first byte and
/// comparing the rest there is several times cheaper than `memmem::find`,
/// which prepares a searcher on every call (measured: that preparation was
/// a tenth of a decision on the realistic benchmark). Longer texts go to
/// `memmem`, whose cost stays linear whatever the input; here the work is at
/// most the short text's length times the needle's.
fn find_literal(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    const SHORT: usize = 128;
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    if haystack.len() > SHORT {
        return memmem::find(haystack, needle);
    }
    let mut from = 0;
    while let Some(found) = memchr::memchr(first, haystack.get(from..)?) {
        let start = from + found;
        if haystack
            .get(start + 1..start + needle.len())
            .is_some_and(|part| same(part, rest))
        {
            return Some(start);
        }
        from = start + 1;
    }
    None
}

/// Whether two byte strings are equal, compared eight bytes at a time in
/// place. Written by hand for a measured need: the literals of patterns are
/// short, and a call to `memcmp` for each comparison was a tenth of a
/// decision's instructions on 5,000 statements (callgrind).
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    fn word(bytes: &[u8], at: usize) -> u64 {
        bytes
            .get(at..at + 8)
            .and_then(|chunk| chunk.try_into().ok())
            .map_or(0, u64::from_ne_bytes)
    }
    fn half(bytes: &[u8], at: usize) -> u32 {
        bytes
            .get(at..at + 4)
            .and_then(|chunk| chunk.try_into().ok())
            .map_or(0, u32::from_ne_bytes)
    }
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n >= 8 {
        // Whole words, then one last word ending at the end (overlapping
        // the one before it).
        let mut at = 0;
        while at + 8 < n {
            if word(a, at) != word(b, at) {
                return false;
            }
            at += 8;
        }
        return word(a, n - 8) == word(b, n - 8);
    }
    if n >= 4 {
        return half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4);
    }
    a.iter().zip(b).all(|(x, y)| x == y)
}

/// Runs the position-set automaton: `states[i]` means the first `i` tokens
/// have matched the text read so far.
fn match_automaton(tokens: &[Token], text: &str) -> bool {
    let width = tokens.len() + 1;
    let mut states = alloc::vec![false; width];
    let mut next = alloc::vec![false; width];
    if let Some(first) = states.first_mut() {
        *first = true;
    }
    close_over_stars(tokens, &mut states);
    for ch in text.chars() {
        next.iter_mut().for_each(|state| *state = false);
        let mut any = false;
        for (idx, token) in tokens.iter().enumerate() {
            if !states.get(idx).copied().unwrap_or(false) {
                continue;
            }
            match *token {
                Token::Literal(expected) if expected == ch => set(&mut next, idx + 1, &mut any),
                Token::One { no_colon } if !(no_colon && ch == ':') => {
                    set(&mut next, idx + 1, &mut any);
                }
                Token::Star { no_colon } if !(no_colon && ch == ':') => {
                    set(&mut next, idx, &mut any);
                }
                _ => {}
            }
        }
        if !any {
            return false;
        }
        close_over_stars(tokens, &mut next);
        core::mem::swap(&mut states, &mut next);
    }
    states.last().copied().unwrap_or(false)
}

fn set(states: &mut [bool], idx: usize, any: &mut bool) {
    if let Some(state) = states.get_mut(idx) {
        *state = true;
        *any = true;
    }
}

/// A star may match nothing, so a state before a star also stands after it.
fn close_over_stars(tokens: &[Token], states: &mut [bool]) {
    for (idx, token) in tokens.iter().enumerate() {
        if matches!(token, Token::Star { .. })
            && states.get(idx).copied().unwrap_or(false)
            && let Some(state) = states.get_mut(idx + 1)
        {
            *state = true;
        }
    }
}

fn utf8_width(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

fn is_char_start(text: &[u8], at: usize) -> bool {
    match text.get(at) {
        None => at == text.len(),
        Some(&byte) => (byte & 0xC0) != 0x80,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_agrees_with_slice_equality() {
        let base: Vec<u8> = (0..40u8).map(|n| b'a' + n % 26).collect();
        for len in 0..base.len() {
            let a = &base[..len];
            assert!(same(a, a));
            assert!(!same(a, &base[..len + 1]));
            for at in 0..len {
                let mut b = a.to_vec();
                b[at] ^= 0x20;
                assert!(!same(a, &b), "length {len}, differing at {at}");
            }
        }
    }

    fn check(pattern: &str, text: &str, expected: bool) {
        assert_eq!(
            Glob::new(pattern).is_match(text),
            expected,
            "{pattern} vs {text}"
        );
        let automaton = Glob {
            matcher: Matcher::Automaton(tokenize(pattern).collect()),
        };
        assert_eq!(
            automaton.is_match(text),
            expected,
            "automaton {pattern} vs {text}"
        );
    }

    #[test]
    fn globs() {
        check("*", "", true);
        check("*", "anything", true);
        check("abc", "abc", true);
        check("abc", "abcd", false);
        check("ab*", "abcd", true);
        check("a?c", "ac", false);
        check("a?c", "abc", true);
        check("a?c", "aéc", true);
        check("*a*a*b", "aaab", true);
        check("*a*a*b", "aab", true);
        check("*a*a*b", "ab", false);
        check("s3:get*acl", "s3:getobjectacl", true);
        check("s3:get*acl", "s3:getobject", false);
        check("*/test/*", "b/1/test/x", true);
        check("a*", "", false);
        check("", "", true);
        check("", "a", false);
        check("?", "", false);
        check("*?", "é", true);
        check("a*b*c", "abbbc", true);
        check("a*b*c", "acb", false);
        check("*ab", "aab", true);
        check("a*ab", "ab", false);
    }

    #[test]
    fn restricted_stars_do_not_cross_colons() {
        let tokens = [
            Token::Literal('a'),
            Token::Star { no_colon: true },
            Token::Literal('b'),
        ];
        let glob = Glob::from_tokens(tokens);
        assert!(glob.is_match("axxb"));
        assert!(!glob.is_match("ax:xb"));
    }

    #[test]
    fn adversarial_patterns_stay_linear() {
        let text = "a".repeat(100_000);
        assert!(!Glob::new("*a*a*a*a*a*b").is_match(&text));
        assert!(Glob::new("*a*a*a*a*a*").is_match(&text));
        let mut text_b = text;
        text_b.push('b');
        assert!(Glob::new("*a*a*a*a*a*b").is_match(&text_b));
    }
}

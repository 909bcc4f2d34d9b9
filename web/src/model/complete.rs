//! Autocomplete: where the caret is in a policy's text, and what AWS's
//! vocabulary offers there.
//!
//! The text is usually not valid JSON while someone types (`"s3:GetOb` has
//! no closing quote yet), so [`site_at`] does not parse it: it scans from the
//! start to the caret with a stack of the objects and arrays it is in and
//! the member name each sits under. That is enough to know whether the
//! caret is in an `Action`/`NotAction` string, a `Resource`/`NotResource`
//! string, or the name of a key under `Condition` → operator. Everything
//! here is plain Rust, tested natively; the editor and the request field
//! only render what it returns.

use iamlab_catalog::Catalog;

/// What kind of string the caret is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SiteKind {
    /// An entry of `Action` or `NotAction`.
    Action,
    /// An entry of `Resource` or `NotResource`.
    Resource,
    /// A condition key (a member name under `Condition` → operator).
    ConditionKey,
}

/// A string the caret is in, and where its content is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    /// What it holds.
    pub kind: SiteKind,
    /// Byte offset of the first character of its content (after the quote).
    pub start: usize,
    /// Byte offset of the end of its content: the closing quote, or the end
    /// of the line when it is not closed yet.
    pub end: usize,
    /// The content from its start to the caret: what is being typed.
    pub typed: String,
    /// Byte offset of the `{` of the statement it is in, if found.
    pub statement: Option<usize>,
    /// Whether the string has its closing quote yet.
    pub closed: bool,
}

#[derive(Clone, Debug)]
struct Frame {
    is_object: bool,
    /// The member name this container is the value of (inside an array: the
    /// array's name).
    under: Option<String>,
    /// In an object: the last member name read, and whether a value is
    /// expected now (after its colon).
    key: Option<String>,
    expects_value: bool,
    /// Byte offset of the opening bracket.
    open: usize,
}

/// The string the caret (a byte offset) is in, when it is one that
/// autocomplete knows about.
pub fn site_at(text: &str, caret: usize) -> Option<Site> {
    let bytes = text.as_bytes();
    let caret = caret.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut at = 0;
    while at < caret {
        let Some(&byte) = bytes.get(at) else { break };
        match byte {
            b'"' => {
                let content = at + 1;
                let close = string_end(bytes, content);
                match close {
                    Some(end) if end < caret => {
                        let value = text.get(content..end).unwrap_or("").to_owned();
                        if let Some(frame) = stack.last_mut()
                            && frame.is_object
                            && !frame.expects_value
                        {
                            frame.key = Some(value);
                        }
                        at = end + 1;
                        continue;
                    }
                    // The caret is inside this string.
                    _ => {
                        let end = close.unwrap_or_else(|| line_end(bytes, content));
                        return classify(&stack, text, content, end, caret, close.is_some());
                    }
                }
            }
            b'{' | b'[' => {
                let under = match stack.last() {
                    Some(frame) if frame.is_object => frame.key.clone(),
                    Some(frame) => frame.under.clone(),
                    None => None,
                };
                stack.push(Frame {
                    is_object: byte == b'{',
                    under,
                    key: None,
                    expects_value: false,
                    open: at,
                });
            }
            b'}' | b']' => {
                stack.pop();
                if let Some(frame) = stack.last_mut()
                    && frame.is_object
                {
                    frame.expects_value = false;
                }
            }
            b':' => {
                if let Some(frame) = stack.last_mut() {
                    frame.expects_value = true;
                }
            }
            b',' => {
                if let Some(frame) = stack.last_mut()
                    && frame.is_object
                {
                    frame.expects_value = false;
                    frame.key = None;
                }
            }
            _ => {}
        }
        at += 1;
    }
    None
}

/// The offset of the closing quote of a string whose content starts at
/// `content`, if it closes on the same line.
fn string_end(bytes: &[u8], content: usize) -> Option<usize> {
    let mut at = content;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'\\' => at += 2,
            b'"' => return Some(at),
            b'\n' => return None,
            _ => at += 1,
        }
    }
    None
}

/// The end of an unclosed string: the end of its line, or the first
/// character that cannot be part of what is being typed.
fn line_end(bytes: &[u8], content: usize) -> usize {
    let mut at = content;
    while let Some(&byte) = bytes.get(at) {
        if matches!(byte, b'\n' | b',' | b']' | b'}' | b' ' | b'\t' | b'\r') {
            break;
        }
        at += 1;
    }
    at
}

fn classify(
    stack: &[Frame],
    text: &str,
    start: usize,
    end: usize,
    caret: usize,
    closed: bool,
) -> Option<Site> {
    let frame = stack.last()?;
    let typed = text.get(start..caret)?.to_owned();
    let statement = || {
        stack
            .iter()
            .rev()
            .find(|f| f.is_object && f.under.as_deref() == Some("Statement"))
            .or_else(|| stack.get(1).filter(|f| f.is_object))
            .map(|f| f.open)
    };
    // A string in an array sits under the array's name; in an object, under
    // the member it is the value of.
    let (under, is_value) = if frame.is_object {
        (frame.key.as_deref(), frame.expects_value)
    } else {
        (frame.under.as_deref(), true)
    };
    if is_value {
        let kind = match under {
            Some("Action" | "NotAction") => SiteKind::Action,
            Some("Resource" | "NotResource") => SiteKind::Resource,
            _ => return None,
        };
        return Some(Site {
            kind,
            start,
            end,
            typed,
            statement: statement(),
            closed,
        });
    }
    // A member name: a condition key when this object is an operator's,
    // under `Condition`.
    let parent = stack.len().checked_sub(2).and_then(|at| stack.get(at))?;
    if frame.is_object && parent.is_object && parent.under.as_deref() == Some("Condition") {
        return Some(Site {
            kind: SiteKind::ConditionKey,
            start,
            end,
            typed,
            statement: statement(),
            closed,
        });
    }
    None
}

/// The `Action` entries of the statement whose `{` is at `open`, as written.
pub fn statement_actions(text: &str, open: usize) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut at = open;
    let mut key: Option<String> = None;
    let mut in_action = false;
    let mut out = Vec::new();
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'"' => {
                let content = at + 1;
                let Some(end) = string_end(bytes, content) else {
                    break;
                };
                let value = text.get(content..end).unwrap_or("");
                if in_action && depth <= 2 {
                    out.push(value.to_owned());
                } else if depth == 1 {
                    key = Some(value.to_owned());
                }
                at = end + 1;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                if depth <= 1 {
                    break;
                }
                depth -= 1;
                if depth == 1 {
                    in_action = false;
                }
            }
            b':' if depth == 1 => {
                in_action = key.as_deref() == Some("Action");
            }
            b',' if depth == 1 => {
                in_action = false;
                key = None;
            }
            _ => {}
        }
        at += 1;
    }
    out
}

/// One suggestion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// What the list shows.
    pub label: String,
    /// What replaces the typed text.
    pub insert: String,
    /// A short detail (an access level, a key's type, a service's name).
    pub detail: String,
}

/// At most this many suggestions are shown.
pub const MAX_SUGGESTIONS: usize = 60;

/// Suggestions for what is being typed at `site` in `text`.
pub fn suggest(catalog: &Catalog, site: &Site, text: &str) -> Vec<Suggestion> {
    match site.kind {
        SiteKind::Action => actions(catalog, &site.typed),
        SiteKind::ConditionKey => {
            let actions = site
                .statement
                .map(|open| statement_actions(text, open))
                .unwrap_or_default();
            condition_keys(catalog, &site.typed, &actions)
        }
        SiteKind::Resource => {
            let actions = site
                .statement
                .map(|open| statement_actions(text, open))
                .unwrap_or_default();
            resource_patterns(catalog, &site.typed, &actions)
        }
    }
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    needle.is_empty()
        || haystack
            .to_ascii_lowercase()
            .contains(&needle.to_ascii_lowercase())
}

/// Services while no `:` is typed (filtered by substring of the prefix or
/// name), then the service's actions (filtered by substring), with their
/// access levels. Prefix matches come first.
pub fn actions(catalog: &Catalog, typed: &str) -> Vec<Suggestion> {
    let typed = typed.trim();
    match typed.split_once(':') {
        None => {
            let found = catalog
                .services()
                .filter(|s| {
                    contains_ignore_case(s.prefix(), typed) || contains_ignore_case(s.name(), typed)
                })
                .map(|s| {
                    let prefix = format!("{}:", s.prefix());
                    Suggestion {
                        label: prefix.clone(),
                        insert: prefix,
                        detail: s.name().to_owned(),
                    }
                })
                .collect();
            prefix_first(found, typed)
        }
        Some((prefix, name)) => {
            let Some(service) = catalog.service(prefix) else {
                return Vec::new();
            };
            let found = service
                .actions()
                .filter(|a| contains_ignore_case(a.name(), name))
                .map(|a| Suggestion {
                    label: a.full_name(),
                    insert: a.full_name(),
                    detail: a.levels().names().join(", "),
                })
                .collect();
            prefix_first(found, typed)
        }
    }
}

/// Suggestions whose text starts with what is typed first (the catalog's
/// order kept within each part), at most [`MAX_SUGGESTIONS`].
fn prefix_first(mut found: Vec<Suggestion>, typed: &str) -> Vec<Suggestion> {
    let lower = typed.to_ascii_lowercase();
    iamlab_core::sort::sort_by_key(&mut found, |s| {
        !s.insert.to_ascii_lowercase().starts_with(&lower)
    });
    found.truncate(MAX_SUGGESTIONS);
    found
}

/// The services of a statement's action entries (lowercase prefixes);
/// `None` when an entry names every service.
fn services_of(actions: &[String]) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for action in actions {
        let service = action.split_once(':').map_or(action.as_str(), |(s, _)| s);
        if service.contains(['*', '?']) || action == "*" {
            return None;
        }
        let service = service.to_ascii_lowercase();
        if !out.contains(&service) {
            out.push(service);
        }
    }
    Some(out)
}

/// Condition keys: the global ones, then those of the statement's services
/// (or of the service typed), with their types.
pub fn condition_keys(catalog: &Catalog, typed: &str, actions: &[String]) -> Vec<Suggestion> {
    let typed = typed.trim();
    let mut services = services_of(actions).unwrap_or_default();
    if let Some((prefix, _)) = typed.split_once(':')
        && prefix != "aws"
    {
        services.push(prefix.to_ascii_lowercase());
    }
    let suggestion = |key: iamlab_catalog::Key<'_>| Suggestion {
        label: key.name().to_owned(),
        insert: key.name().replace("${TagKey}", ""),
        detail: key.kind().name().to_owned(),
    };
    let mut out: Vec<Suggestion> = catalog
        .global_keys()
        .filter(|k| contains_ignore_case(k.name(), typed))
        .map(suggestion)
        .collect();
    for prefix in services {
        if let Some(service) = catalog.service(&prefix) {
            out.extend(
                service
                    .keys()
                    .filter(|k| contains_ignore_case(k.name(), typed))
                    .map(suggestion),
            );
        }
    }
    let mut seen: Vec<String> = Vec::with_capacity(out.len());
    out.retain(|s| {
        let new = !seen.contains(&s.label);
        if new {
            seen.push(s.label.clone());
        }
        new
    });
    out.truncate(MAX_SUGGESTIONS);
    out
}

/// What a template is as a policy pattern: the partition `aws`, and `*` for
/// every other placeholder (`arn:aws:s3:::*/*`).
pub fn template_as_pattern(template: &str) -> String {
    fill_template(template, "*")
}

/// What a template is as a resource ARN to fill in: the partition `aws`, the
/// other placeholders kept for the user to replace.
pub fn template_as_arn(template: &str) -> String {
    template.replace("${Partition}", "aws")
}

fn fill_template(template: &str, with: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some((before, after)) = rest.split_once("${") {
        out.push_str(before);
        let Some((name, next)) = after.split_once('}') else {
            out.push_str("${");
            out.push_str(after);
            rest = "";
            break;
        };
        out.push_str(if name == "Partition" { "aws" } else { with });
        rest = next;
    }
    out.push_str(rest);
    out
}

/// Resource patterns for a statement: `*`, then the ARN templates of the
/// resource types its actions take.
pub fn resource_patterns(catalog: &Catalog, typed: &str, actions: &[String]) -> Vec<Suggestion> {
    let mut out = vec![Suggestion {
        label: String::from("*"),
        insert: String::from("*"),
        detail: String::from("every resource"),
    }];
    for (name, template) in templates_for(catalog, actions) {
        out.push(Suggestion {
            label: template.clone(),
            insert: template_as_pattern(&template),
            detail: name,
        });
    }
    out.retain(|s| contains_ignore_case(&s.label, typed) || contains_ignore_case(&s.insert, typed));
    out.truncate(MAX_SUGGESTIONS);
    out
}

/// The resource types (name and ARN template) of the actions the entries
/// name, without repeats, in the order met.
pub fn templates_for(catalog: &Catalog, actions: &[String]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for entry in actions {
        for action in catalog.expand(entry).into_iter().take(400) {
            for resource_type in action.resource_types() {
                let template = resource_type.arn().to_owned();
                if !out.iter().any(|(_, t)| *t == template) {
                    out.push((resource_type.name().to_owned(), template));
                }
            }
        }
    }
    out
}

/// Resource ARNs to fill in for a request's action: its resource types'
/// templates, partition filled in, placeholders kept for the user.
pub fn arn_suggestions(catalog: &Catalog, action: &str) -> Vec<Suggestion> {
    if action.is_empty() || action.contains(['*', '?']) {
        return Vec::new();
    }
    templates_for(catalog, &[action.to_owned()])
        .into_iter()
        .map(|(name, template)| Suggestion {
            label: template_as_arn(&template),
            insert: template_as_arn(&template),
            detail: name,
        })
        .collect()
}

/// The wildcard action entry the caret is on, if any: its text.
pub fn wildcard_at(text: &str, caret: usize) -> Option<String> {
    let site = site_at(text, caret)?;
    if site.kind != SiteKind::Action {
        return None;
    }
    let whole = text.get(site.start..site.end)?;
    whole.contains(['*', '?']).then(|| whole.to_owned())
}

/// What a key does in a suggestion list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Not the list's key: let the field have it.
    Pass,
    /// Show the list with this option active (`None`: none yet).
    Move(Option<usize>),
    /// Take this option.
    Pick(usize),
    /// Close the list.
    Close,
}

/// The ARIA combobox keys: arrows move (and open the list), Enter or Tab
/// takes the active option, Escape closes. `open` says whether the list is
/// showing; `len` is how many options it has.
pub fn key_step(key: &str, open: bool, len: usize, active: Option<usize>) -> Step {
    if len == 0 {
        return Step::Pass;
    }
    match key {
        "ArrowDown" => Step::Move(Some(match active {
            Some(at) if open => (at + 1) % len,
            _ => 0,
        })),
        "ArrowUp" => Step::Move(Some(match active {
            Some(at) if open && at > 0 => at - 1,
            _ => len - 1,
        })),
        "Enter" | "Tab" if open => match active {
            Some(at) if at < len => Step::Pick(at),
            _ => Step::Pass,
        },
        "Escape" if open => Step::Close,
        _ => Step::Pass,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;

    fn catalog() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            let bytes = include_bytes!("../../../crates/iamlab-catalog/data/catalog.bin.z");
            let payload = miniz_oxide::inflate::decompress_to_vec(bytes).expect("inflates");
            Catalog::read(&payload).expect("reads")
        })
    }

    /// The site at the `|` in `marked`, with the `|` taken out.
    fn site(marked: &str) -> (String, Option<Site>) {
        let caret = marked.find('|').expect("a caret");
        let text = marked.replacen('|', "", 1);
        let found = site_at(&text, caret);
        (text, found)
    }

    #[test]
    fn the_caret_in_an_action_string_is_found_while_typing() {
        let (_, found) = site(r#"{"Statement": [{"Effect": "Allow", "Action": ["s3:GetOb|"#);
        let found = found.expect("a site");
        assert_eq!(found.kind, SiteKind::Action);
        assert_eq!(found.typed, "s3:GetOb");
        let (text, found) = site(r#"{"Statement": {"Action": "iam:Pa|ssRole", "Resource": "*"}}"#);
        let found = found.expect("a site");
        assert_eq!(found.kind, SiteKind::Action);
        assert_eq!(found.typed, "iam:Pa");
        assert_eq!(&text[found.start..found.end], "iam:PassRole");
        let (_, found) = site(r#"{"Statement": [{"NotAction": ["ec2:*", "s3:|"]}]}"#);
        assert_eq!(found.map(|s| s.kind), Some(SiteKind::Action));
    }

    #[test]
    fn other_strings_offer_nothing_and_keys_are_not_values() {
        assert_eq!(site(r#"{"Statement": [{"Effect": "Al|low"}]}"#).1, None);
        assert_eq!(site(r#"{"Statement": [{"Act|ion": "s3:*"}]}"#).1, None);
        assert_eq!(site(r#"{"Version": "2012|"}"#).1, None);
        assert_eq!(site("{}|").1, None);
    }

    #[test]
    fn condition_keys_and_resources_are_found() {
        let (text, found) = site(
            r#"{"Statement": [{"Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"s3:ExistingOb|": "x"}}}]}"#,
        );
        let found = found.expect("a site");
        assert_eq!(found.kind, SiteKind::ConditionKey);
        assert_eq!(found.typed, "s3:ExistingOb");
        let open = found.statement.expect("the statement");
        assert_eq!(statement_actions(&text, open), ["s3:GetObject"]);
        let (_, found) =
            site(r#"{"Statement": [{"Action": "s3:GetObject", "Resource": ["arn:aws:s3:::|"]}]}"#);
        assert_eq!(found.map(|s| s.kind), Some(SiteKind::Resource));
        // The operator's own name is not a key.
        assert_eq!(site(r#"{"Statement": [{"Condition": {"StringEq|"#).1, None);
    }

    #[test]
    fn actions_complete_services_then_actions() {
        let catalog = catalog();
        let services = actions(catalog, "dynamo");
        assert_eq!(
            services.first().map(|s| s.insert.as_str()),
            Some("dynamodb:")
        );
        let found = actions(catalog, "s3:GetOb");
        assert_eq!(
            found.first().map(|s| s.insert.as_str()),
            Some("s3:GetObject")
        );
        assert_eq!(found.first().map(|s| s.detail.as_str()), Some("Read"));
        assert!(
            found
                .iter()
                .all(|s| s.insert.to_ascii_lowercase().contains("getob"))
        );
        // Substring, not just prefix: `Acl` finds `GetObjectAcl`.
        assert!(
            actions(catalog, "s3:objectacl")
                .iter()
                .any(|s| s.insert == "s3:GetObjectAcl")
        );
        assert!(actions(catalog, "nosuch:Get").is_empty());
        assert!(actions(catalog, "s3:").len() <= MAX_SUGGESTIONS);
    }

    #[test]
    fn keys_and_resources_follow_the_statement() {
        let catalog = catalog();
        let keys = condition_keys(catalog, "s3:ExistingObj", &["s3:GetObject".to_owned()]);
        let first = keys.first().expect("a key");
        assert_eq!(first.label, "s3:ExistingObjectTag/${TagKey}");
        assert_eq!(first.insert, "s3:ExistingObjectTag/");
        let global = condition_keys(catalog, "SourceIp", &[]);
        assert!(
            global
                .iter()
                .any(|s| s.label == "aws:SourceIp" && s.detail == "IPAddress")
        );
        let arns = resource_patterns(catalog, "", &["s3:GetObject".to_owned()]);
        assert!(
            arns.iter().any(|s| s.insert == "arn:aws:s3:::*/*"),
            "{arns:?}"
        );
        assert_eq!(
            template_as_arn("arn:${Partition}:s3:::${BucketName}/${ObjectName}"),
            "arn:aws:s3:::${BucketName}/${ObjectName}"
        );
    }

    #[test]
    fn wildcards_under_the_caret_are_found() {
        let text = r#"{"Statement": [{"Action": ["s3:Get*", "s3:PutObject"]}]}"#;
        let caret = text.find("Get").expect("there");
        assert_eq!(wildcard_at(text, caret).as_deref(), Some("s3:Get*"));
        let caret = text.find("PutObject").expect("there");
        assert_eq!(wildcard_at(text, caret), None);
    }

    #[test]
    fn keys_move_pick_and_close() {
        assert_eq!(key_step("ArrowDown", false, 3, None), Step::Move(Some(0)));
        assert_eq!(key_step("ArrowDown", true, 3, Some(2)), Step::Move(Some(0)));
        assert_eq!(key_step("ArrowUp", true, 3, Some(0)), Step::Move(Some(2)));
        assert_eq!(key_step("Enter", true, 3, Some(1)), Step::Pick(1));
        assert_eq!(
            key_step("Enter", true, 3, None),
            Step::Pass,
            "Enter without a choice is the field's"
        );
        assert_eq!(key_step("Enter", false, 3, Some(1)), Step::Pass);
        assert_eq!(key_step("Escape", true, 3, Some(1)), Step::Close);
        assert_eq!(key_step("a", true, 3, Some(1)), Step::Pass);
        assert_eq!(key_step("ArrowDown", true, 0, None), Step::Pass);
    }

    #[test]
    fn scanning_never_panics_on_odd_text() {
        for text in [
            "",
            "\"",
            "{\"Action\": \"\\",
            "[[[[",
            "}}}]]]",
            "{\"Action\": [\"é|",
        ] {
            for caret in 0..=text.len() + 2 {
                let _ = site_at(text, caret);
                let _ = wildcard_at(text, caret);
                let _ = statement_actions(text, caret);
            }
        }
    }
}

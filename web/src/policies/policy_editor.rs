//! The policy editor: a textarea over a coloured copy of its text, with line
//! numbers, the core's diagnostics marked in place and listed below, and a
//! highlight for the statement clicked in the explanation.
//!
//! The textarea's text is transparent; what you see is the `<pre>` behind
//! it, which holds the same text cut into coloured runs. Both sit in one
//! grid cell of one scrolling box, so they have the same size and scroll
//! together by construction: there is no scroll position to keep in sync.
//! Text is always inserted as text nodes, never parsed as HTML.

use wasm_bindgen::JsCast;
use web_sys::{ClipboardEvent, HtmlTextAreaElement};
use yew::{
    Callback, Event, FocusEvent, Html, InputEvent, NodeRef, Properties, TargetCast, classes,
    component, html, use_effect_with, use_mut_ref, use_node_ref, use_state,
};

use crate::dom;
use crate::model::analysis::EditorDiagnostic;
use crate::model::complete::{self, Suggestion};
use crate::model::paste::extract_policy;
use crate::model::state::Action;
use crate::store::use_dispatch;
use crate::syntax::{Mark, Token, chunks, line_of, newlines, runs, tokenize, utf16_offset};
use crate::vocab_store::use_vocabulary;
use crate::widgets::combo::{combo_list, use_combo};

/// Props of [`PolicyEditor`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct PolicyEditorProps {
    /// The editor id (the policy's).
    pub(crate) id: u32,
    /// The JSON text.
    pub(crate) text: String,
    /// What the textarea is called, for screen readers.
    pub(crate) label: String,
    /// The core's diagnostics for this text.
    pub(crate) diagnostics: Vec<EditorDiagnostic>,
    /// A byte range to highlight (a statement clicked in the explanation).
    pub(crate) highlight: Option<(usize, usize)>,
    /// Whether long lines wrap (then the line numbers are hidden, since a
    /// wrapped line takes several rows).
    #[prop_or_default]
    pub(crate) wrap: bool,
    /// Whether the text is read-only (an AWS managed policy's document).
    #[prop_or_default]
    pub(crate) readonly: bool,
}

/// One policy's JSON editor.
#[component]
pub(crate) fn PolicyEditor(props: &PolicyEditorProps) -> Html {
    let dispatch = use_dispatch();
    let root = use_node_ref();
    let textarea = use_node_ref();
    // The text the textarea holds. The textarea is not given its value on
    // every render: after a keystroke it already holds the new text, and
    // handing a 100 KB document back to the DOM (and reading it again to
    // compare) was a measured part of each keystroke. The effect below
    // writes the text only when it changed from outside (undo, an example,
    // a pasted document).
    let dom_text = use_mut_ref(String::new);
    {
        let textarea = textarea.clone();
        let dom_text = dom_text.clone();
        use_effect_with(props.text.clone(), move |text| {
            if *dom_text.borrow() != *text
                && let Some(input) = textarea.cast::<HtmlTextAreaElement>()
            {
                input.set_value(text);
                dom_text.borrow_mut().clone_from(text);
            }
        });
    }
    let paste_note = use_state(|| None::<String>);
    // Where the caret is (a byte offset), for autocomplete and the wildcard
    // note; `None` until the editor first has the focus.
    let caret = use_state(|| None::<usize>);
    let combo = use_combo();
    let vocabulary = use_vocabulary();
    let catalog = vocabulary.vocabulary.catalog.clone();
    let id = props.id;
    let site = (*caret).and_then(|at| complete::site_at(&props.text, at));
    let items: Vec<Suggestion> = match (&site, catalog.as_deref(), props.readonly) {
        (Some(site), Some(catalog), false) => {
            let items = complete::suggest(catalog, site, &props.text);
            // Nothing to offer when the string already is the one suggestion.
            let whole = props.text.get(site.start..site.end).unwrap_or("");
            if items.len() == 1 && items.first().is_some_and(|only| only.insert == whole) {
                Vec::new()
            } else {
                items
            }
        }
        _ => Vec::new(),
    };
    let wildcard = (*caret)
        .and_then(|at| complete::wildcard_at(&props.text, at))
        .and_then(|pattern| {
            let catalog = catalog.as_deref()?;
            let names: Vec<String> = catalog
                .expand(&pattern)
                .iter()
                .map(|a| a.full_name())
                .collect();
            Some((pattern, names))
        });
    let list_id = format!("completions-{id}");
    let open = combo.is_open(items.len());

    {
        let root = root.clone();
        use_effect_with(props.highlight, move |highlight| {
            if highlight.is_some()
                && let Some(element) = root.cast::<web_sys::Element>()
                && let Ok(Some(mark)) = element.query_selector(".hl")
            {
                dom::scroll_to(&mark);
            }
        });
    }

    let on_input = {
        let dispatch = dispatch.clone();
        let paste_note = paste_note.clone();
        let caret = caret.clone();
        let combo = combo.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlTextAreaElement = event.target_unchecked_into();
            if paste_note.is_some() && event.input_type() != "insertFromPaste" {
                paste_note.set(None);
            }
            let text = input.value();
            dom_text.borrow_mut().clone_from(&text);
            caret.set(caret_of(&input, &text));
            if event.input_type().starts_with("insert") {
                combo.reopen();
            }
            dispatch.dispatch(Action::SetPolicyText { id, text });
        })
    };
    // The caret moved (a click, an arrow key): follow it.
    let on_caret = {
        let combo = combo.clone();
        Callback::from(move |event: Event| {
            let input: HtmlTextAreaElement = event.target_unchecked_into();
            let at = caret_of(&input, &input.value());
            if at != *caret {
                combo.close();
                caret.set(at);
            }
        })
    };
    // Leaving the editor closes the list; the caret's place is kept, so the
    // wildcard note stays readable (and its list clickable).
    let on_blur = {
        let combo = combo.clone();
        Callback::from(move |_: FocusEvent| combo.close())
    };
    let on_pick = {
        let textarea = textarea.clone();
        let items = items.clone();
        let site = site.clone();
        // Where the site is, counted as the textarea counts (UTF-16 units).
        let range = site.as_ref().map(|site| {
            (
                utf16_offset(&props.text, site.start),
                utf16_offset(&props.text, site.end),
            )
        });
        let combo = combo.clone();
        Callback::from(move |at: usize| {
            let (Some(item), Some(site), Some((start, end)), Some(input)) = (
                items.get(at),
                site.as_ref(),
                range,
                textarea.cast::<HtmlTextAreaElement>(),
            ) else {
                return;
            };
            let mut insert = item.insert.clone();
            if !site.closed {
                insert.push('"');
            }
            // Replacing through the browser's own insertion keeps undo
            // working, and fires the input event that updates the store.
            let _ = input.set_selection_range(start, end);
            dom::insert_text(&insert);
            // A service was taken: its actions come next.
            if item.insert.ends_with(':') {
                combo.reopen();
            }
        })
    };
    let on_keydown = combo.on_keydown(items.len(), on_pick.clone());
    let on_paste = {
        let paste_note = paste_note.clone();
        Callback::from(move |event: Event| {
            let Some(pasted) = event
                .dyn_ref::<ClipboardEvent>()
                .and_then(ClipboardEvent::clipboard_data)
                .and_then(|data| data.get_data("text/plain").ok())
            else {
                return;
            };
            let input: HtmlTextAreaElement = event.target_unchecked_into();
            let (text, note) = match extract_policy(&pasted) {
                // A recognised wrapper holds a whole document: it replaces the editor's text.
                Some(extracted) => {
                    input.select();
                    let note = format!("Pasted the policy document from {}.", extracted.origin);
                    (extracted.text, Some(note))
                }
                None => (pasted, None),
            };
            // Inserting as if typed keeps the browser's undo history, and
            // fires the input event that updates the store.
            if dom::insert_text(&text) {
                event.prevent_default();
            } else if note.is_some() {
                event.prevent_default();
                dispatch.dispatch(Action::SetPolicyText { id, text });
            }
            paste_note.set(note);
        })
    };

    let tokens = tokenize(&props.text);
    let mut marks: Vec<Mark> = props
        .diagnostics
        .iter()
        .map(|d| {
            // A diagnostic that points at one character marks the whole token there, so it can be seen.
            let token = tokens
                .iter()
                .find(|t| t.start <= d.start && d.start < t.end && d.end <= t.end);
            let (start, end) = match token {
                Some(token) if d.end.saturating_sub(d.start) <= 1 => (token.start, token.end),
                _ => (d.start, d.end),
            };
            Mark {
                start,
                end,
                class: mark_class(d),
            }
        })
        .collect();
    for label in props.diagnostics.iter().flat_map(|d| d.labels.iter()) {
        marks.push(Mark {
            start: label.start,
            end: label.end,
            class: "diag-label",
        });
    }
    if let Some((start, end)) = props.highlight {
        marks.push(Mark {
            start,
            end,
            class: "hl",
        });
    }
    let text = &props.text;
    let marks_at_end = props
        .diagnostics
        .iter()
        .filter(|d| d.start >= text.len())
        .map(mark_class)
        .next();

    let diagnostic_lines: Vec<(usize, bool)> = props
        .diagnostics
        .iter()
        .filter(|d| !d.is_suggestion)
        .map(|d| (d.line as usize, d.is_error))
        .collect();
    let highlight_lines = props
        .highlight
        .map(|(start, end)| (line_of(text, start), line_of(text, end)));
    let chunks = chunks(text, &tokens, &marks, CHUNK_LINES);
    let gutter = chunks
        .iter()
        .map(|chunk| {
            let count = newlines(&chunk.text) + usize::from(!chunk.text.ends_with('\n'));
            let last = chunk.first_line + count.max(1) - 1;
            let lines: Vec<(usize, &'static str)> = (chunk.first_line..=last)
                .filter_map(|line| {
                    let error = diagnostic_lines
                        .iter()
                        .find(|(l, _)| *l == line)
                        .map(|(_, is_error)| *is_error);
                    let highlighted = highlight_lines.is_some_and(|(a, b)| a <= line && line <= b);
                    match (error, highlighted) {
                        (Some(true), _) => Some((line, "ln ln-error")),
                        (Some(false), _) => Some((line, "ln ln-warning")),
                        (None, true) => Some((line, "ln ln-hl")),
                        (None, false) => None,
                    }
                })
                .collect();
            html! { <Chunk text="" tokens={Vec::new()} marks={Vec::new()} lines={Some((chunk.first_line, last))} marked={lines} /> }
        })
        .collect::<Vec<Html>>();
    // The last line, when the text ends with a newline, is empty and has no
    // chunk of its own.
    let trailing_line = text.ends_with('\n').then(|| {
        let line = newlines(text) + 1;
        html! { <span class="ln">{ line }</span> }
    });
    let coloured = chunks.into_iter().map(|chunk| {
        html! { <Chunk text={chunk.text} tokens={chunk.tokens} marks={chunk.marks} lines={None} marked={Vec::new()} /> }
    });

    let diagnostics_id = format!("diagnostics-{id}");
    let diagnostic_items = props.diagnostics.iter().map(|diagnostic| {
        let on_click = {
            let textarea = textarea.clone();
            let root = root.clone();
            let start = utf16_offset(text, diagnostic.start);
            let end = utf16_offset(text, diagnostic.end);
            Callback::from(move |_| go_to(&textarea, &root, start, end))
        };
        let (class, word, icon) = if diagnostic.is_error {
            ("diag diag-is-error", "Error", "⚠")
        } else if diagnostic.is_suggestion {
            ("diag diag-is-suggestion", "Suggestion", "ⓘ")
        } else {
            ("diag diag-is-warning", "Warning", "△")
        };
        html! {
            <li class={class} data-testid="diagnostic" data-code={diagnostic.code} data-line={diagnostic.line.to_string()} data-column={diagnostic.column.to_string()}>
                <button type="button" class="diag-place" onclick={on_click}
                    aria-label={format!("{word} at line {}, column {}: go there", diagnostic.line, diagnostic.column)}>
                    <span aria-hidden="true">{ icon }</span>
                    { format!(" {}:{}", diagnostic.line, diagnostic.column) }
                </button>
                <span class="diag-message">
                    <span class="visually-hidden">{ format!("{word}: ") }</span>
                    { diagnostic.message.clone() }
                    if let Some(help) = &diagnostic.help {
                        <span class="diag-help">{ format!(" — {help}") }</span>
                    }
                    { for diagnostic.labels.iter().map(|label| {
                        let on_label = {
                            let textarea = textarea.clone();
                            let root = root.clone();
                            let start = utf16_offset(text, label.start);
                            let end = utf16_offset(text, label.end);
                            Callback::from(move |_| go_to(&textarea, &root, start, end))
                        };
                        html! {
                            <button type="button" class="diag-label-place" data-testid="diagnostic-label"
                                data-line={label.line.to_string()} data-column={label.column.to_string()} onclick={on_label}>
                                { format!("{} ({}:{})", label.message, label.line, label.column) }
                            </button>
                        }
                    }) }
                </span>
            </li>
        }
    }).collect::<Vec<Html>>();
    let has_errors = props.diagnostics.iter().any(|d| d.is_error);

    html! {
        <div class="editor" ref={root} data-editor-id={id.to_string()} data-highlighted={props.highlight.is_some().to_string()}>
            <div class={classes!("editor-scroll", has_errors.then_some("has-errors"), props.wrap.then_some("is-wrapped"))}>
                if !props.wrap {
                    <div class={classes!("gutter", format!("ln-digits-{}", digits(newlines(text) + 1).min(7)))} aria-hidden="true">
                        { for gutter }{ for trailing_line }
                    </div>
                }
                <div class="code">
                    <pre class="code-layer" aria-hidden="true"><code>
                        { for coloured }
                        if let Some(class) = marks_at_end {
                            <span class={classes!(class, "diag-eof")}>{ " " }</span>
                        }
                        // The textarea shows an empty last line after a final newline; so must the layer.
                        { if text.ends_with('\n') || text.is_empty() { " " } else { "" } }
                    </code></pre>
                    <textarea
                        ref={textarea}
                        id={format!("editor-{id}")}
                        class="code-input"
                        aria-label={props.label.clone()}
                        aria-describedby={diagnostics_id.clone()}
                        aria-invalid={has_errors.to_string()}
                        role="combobox"
                        aria-multiline="true"
                        aria-autocomplete="list"
                        aria-expanded={open.to_string()}
                        aria-controls={list_id.clone()}
                        aria-activedescendant={combo.active_id(&list_id, items.len())}
                        readonly={props.readonly}
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        wrap={if props.wrap { "soft" } else { "off" }}
                        oninput={on_input}
                        onpaste={on_paste}
                        onkeydown={on_keydown}
                        onkeyup={on_caret.reform(|event: yew::KeyboardEvent| Event::from(event))}
                        onclick={on_caret.reform(|event: yew::MouseEvent| Event::from(event))}
                        onfocus={on_caret.reform(|event: FocusEvent| Event::from(event))}
                        onblur={on_blur}
                    />
                </div>
            </div>
            if open {
                { combo_list(&list_id, completion_label(site.as_ref()), &items, combo.active(), &on_pick) }
            }
            if let Some((pattern, names)) = &wildcard {
                <div class="wildcard-note" role="status" data-testid="wildcard-note">
                    <details>
                        <summary>
                            <span class="mono">{ pattern.clone() }</span>
                            { format!(" covers {}", plural_actions(names.len())) }
                        </summary>
                        <p class="wildcard-list mono">{ wildcard_list(names) }</p>
                    </details>
                </div>
            }
            <ul class="diagnostics" id={diagnostics_id} aria-live="polite">
                { for diagnostic_items }
            </ul>
            if let Some(note) = (*paste_note).clone() {
                <p class="hint paste-note" role="status">{ note }</p>
            }
        </div>
    }
}

/// The class that marks a diagnostic's place in the text.
/// How many digits `number` has.
fn digits(number: usize) -> usize {
    number.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// How many lines each separately rendered block of an editor holds. The
/// style sheet gives a full block's height in lines (`.chunk-full`): keep
/// them equal.
const CHUNK_LINES: usize = 48;

/// Props of [`Chunk`]: a block of the coloured layer, or the line numbers
/// beside one. One component for both, so that the page's `.wasm` holds one
/// copy of a component's machinery rather than two.
#[derive(Clone, Debug, PartialEq, Properties)]
struct ChunkProps {
    /// The block's text, tokens and marks; empty for line numbers.
    text: String,
    tokens: Vec<Token>,
    marks: Vec<Mark>,
    /// For line numbers: the first and last line, and the lines with a
    /// class besides `ln` (a diagnostic, the highlight).
    lines: Option<(usize, usize)>,
    marked: Vec<(usize, &'static str)>,
}

/// A block of [`CHUNK_LINES`] lines of the coloured layer, or its line
/// numbers; rendered again only when its props change. A full block is laid
/// out and painted only while in view (`content-visibility: auto` in the
/// style sheet, which knows its height).
#[component]
fn Chunk(props: &ChunkProps) -> Html {
    if let Some((first, last)) = props.lines {
        let numbers = (first..=last).map(|line| {
            let class = props
                .marked
                .iter()
                .find(|(l, _)| *l == line)
                .map_or("ln", |(_, class)| class);
            html! { <span class={class}>{ line }</span> }
        });
        let full = last + 1 - first == CHUNK_LINES;
        return html! {
            <div class={classes!("gutter-chunk", full.then_some("chunk-full"))}>
                { for numbers }
            </div>
        };
    }
    let text = &props.text;
    let pieces = runs(text, &props.tokens, &props.marks)
        .into_iter()
        .map(|run| {
            let piece = text.get(run.start..run.end).unwrap_or("").to_owned();
            if run.token.is_none() && run.marks.is_empty() {
                html! { { piece } }
            } else {
                let class = classes!(run.token.map(|t| t.class()), run.marks);
                html! { <span class={class}>{ piece }</span> }
            }
        });
    let full = newlines(text) == CHUNK_LINES;
    html! {
        <span class={classes!("code-chunk", full.then_some("chunk-full"))}>
            { for pieces }
        </span>
    }
}

fn mark_class(diagnostic: &EditorDiagnostic) -> &'static str {
    if diagnostic.is_error {
        "diag-error"
    } else if diagnostic.is_suggestion {
        "diag-suggestion"
    } else {
        "diag-warning"
    }
}

/// How many actions a wildcard note lists before "and N more".
const WILDCARD_LIST: usize = 200;

/// The actions a wildcard covers, one per line, the first
/// [`WILDCARD_LIST`] of them.
fn wildcard_list(names: &[String]) -> String {
    let mut out = names
        .iter()
        .take(WILDCARD_LIST)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("\n");
    if names.len() > WILDCARD_LIST {
        out.push_str(&format!(
            "\n… and {} more (iamlab expand lists them all)",
            names.len() - WILDCARD_LIST
        ));
    }
    out
}

fn plural_actions(count: usize) -> String {
    match count {
        0 => String::from("no action"),
        1 => String::from("1 action"),
        n => format!("{n} actions"),
    }
}

fn completion_label(site: Option<&complete::Site>) -> &'static str {
    match site.map(|s| s.kind) {
        Some(complete::SiteKind::Action) => "AWS actions",
        Some(complete::SiteKind::ConditionKey) => "Condition keys",
        Some(complete::SiteKind::Resource) => "Resource ARN patterns",
        None => "Suggestions",
    }
}

/// The caret of a textarea as a byte offset into `text` (the browser counts
/// UTF-16 units).
fn caret_of(input: &HtmlTextAreaElement, text: &str) -> Option<usize> {
    let units = input.selection_start().ok().flatten()? as usize;
    let mut counted = 0usize;
    for (at, ch) in text.char_indices() {
        if counted >= units {
            return Some(at);
        }
        counted += ch.len_utf16();
    }
    Some(text.len())
}

/// Puts the caret on a diagnostic's place and scrolls it into view.
fn go_to(textarea: &NodeRef, root: &NodeRef, start: u32, end: u32) {
    if let Some(input) = textarea.cast::<HtmlTextAreaElement>() {
        let _ = input.focus();
        let _ = input.set_selection_range(start, end.max(start));
    }
    if let Some(element) = root.cast::<web_sys::Element>()
        && let Ok(Some(mark)) = element.query_selector(".diag-error, .diag-warning")
    {
        dom::scroll_to(&mark);
    }
}

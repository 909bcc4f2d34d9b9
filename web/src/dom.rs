//! The few browser calls the app makes, in one place: the address bar,
//! local storage, the clock, downloads and the clipboard.
//!
//! Each helper fails quietly (returning `None` or `false`) where a browser
//! may refuse, such as local storage in a private window, so no component
//! has to know about `JsValue` errors. None of them touches the network.

use gloo::file::{Blob, ObjectUrl};
use gloo::utils::{document, window};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    HtmlAnchorElement, HtmlDocument, HtmlInputElement, ScrollBehavior, ScrollIntoViewOptions,
    ScrollLogicalPosition, Storage,
};

/// The fragment of the address, with its `#` (empty when there is none).
pub(crate) fn location_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// The page's address without its fragment.
pub(crate) fn page_address() -> String {
    let href = window().location().href().unwrap_or_default();
    match href.split_once('#') {
        Some((base, _)) => base.to_owned(),
        None => href,
    }
}

/// Replaces the fragment in the address bar without reloading or adding a
/// history entry; `None` removes it.
pub(crate) fn replace_fragment(fragment: Option<&str>) {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let url = format!("{path}{search}{}", fragment.unwrap_or(""));
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// The page's local storage, when the browser allows it.
pub(crate) fn local_storage() -> Option<Storage> {
    window().local_storage().ok().flatten()
}

/// Whether the browser lets the page keep data: local storage exists and
/// takes a write (it throws in a cross-site frame that blocks storage).
pub(crate) fn storage_available() -> bool {
    const PROBE: &str = "iamlab.probe";
    local_storage().is_some_and(|storage| {
        let writable = storage.set_item(PROBE, "1").is_ok();
        let _ = storage.remove_item(PROBE);
        writable
    })
}

/// Reads one local storage entry.
pub(crate) fn read_storage(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Writes one local storage entry; `false` when the browser refused (full,
/// or disabled).
pub(crate) fn write_storage(key: &str, value: &str) -> bool {
    local_storage().is_some_and(|storage| storage.set_item(key, value).is_ok())
}

#[cfg(feature = "exercise")]
/// Removes one local storage entry, if the browser lets the page.
pub(crate) fn remove_storage(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// The current time in ISO 8601, to the second (`2026-06-01T12:00:00Z`).
pub(crate) fn now_iso() -> String {
    let text: String = js_sys::Date::new_0().to_iso_string().into();
    match text.split_once('.') {
        Some((seconds, _)) => format!("{seconds}Z"),
        None => text,
    }
}

/// Offers `text` as a file download named `name`. The file is made in the
/// page (a `blob:` address); nothing is sent anywhere.
pub(crate) fn download_text(name: &str, text: &str) {
    let blob = Blob::new_with_options(text, Some("application/json"));
    let url = ObjectUrl::from(blob);
    let Ok(anchor) = document().create_element("a") else {
        return;
    };
    let Ok(anchor) = anchor.dyn_into::<HtmlAnchorElement>() else {
        return;
    };
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    // The address must outlive the click, which starts the download later
    // in this turn; it is revoked (by dropping it) on the next one.
    gloo::timers::callback::Timeout::new(1_000, move || drop(url)).forget();
}

/// Selects the text of `input` and copies it; `false` when the browser
/// refused, in which case the text stays selected for Ctrl+C.
pub(crate) fn copy_input(input: &HtmlInputElement) -> bool {
    input.select();
    document()
        .dyn_into::<HtmlDocument>()
        .ok()
        .and_then(|doc| doc.exec_command("copy").ok())
        .unwrap_or(false)
}

/// Inserts `text` at the selection of the focused text control as if typed,
/// so that the browser's undo keeps working; `false` when unsupported.
pub(crate) fn insert_text(text: &str) -> bool {
    document()
        .dyn_into::<HtmlDocument>()
        .ok()
        .and_then(|doc| {
            doc.exec_command_with_show_ui_and_value("insertText", false, text)
                .ok()
        })
        .unwrap_or(false)
}

/// Scrolls `element` into the middle of its scroll containers and the page.
pub(crate) fn scroll_to(element: &web_sys::Element) {
    let options = ScrollIntoViewOptions::new();
    options.set_block(ScrollLogicalPosition::Center);
    options.set_inline(ScrollLogicalPosition::Nearest);
    options.set_behavior(ScrollBehavior::Smooth);
    element.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Focuses the element with id `id`, if there is one.
pub(crate) fn focus_by_id(id: &str) {
    if let Some(element) = document().get_element_by_id(id)
        && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = element.focus();
    }
}

/// The id of the element that has the keyboard focus, if it has one.
pub(crate) fn focused_id() -> Option<String> {
    document()
        .active_element()
        .map(|element| element.id())
        .filter(|id| !id.is_empty())
}

/// Clicks the element with id `id` (to open a hidden file input).
pub(crate) fn click_by_id(id: &str) {
    if let Some(element) = document().get_element_by_id(id)
        && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
    {
        element.click();
    }
}

/// Fetches a file of the page's own site (a relative URL) as text; `None`
/// when it cannot be had. Only same-origin files are ever fetched, and
/// nothing the user typed goes into the request.
pub(crate) async fn fetch_text(relative_url: &str) -> Option<String> {
    let response = wasm_bindgen_futures::JsFuture::from(window().fetch_with_str(relative_url))
        .await
        .ok()?
        .dyn_into::<web_sys::Response>()
        .ok()?;
    if !response.ok() {
        return None;
    }
    let text = wasm_bindgen_futures::JsFuture::from(response.text().ok()?)
        .await
        .ok()?;
    text.as_string()
}

/// Waits until the page has painted its first content: `boot.js` sets
/// `window.iamlabPainted`, a promise that a `PerformanceObserver` settles on
/// the first contentful paint. Without it (tests that mount the app
/// themselves), waits for nothing.
pub(crate) async fn first_paint() {
    let painted = js_sys::Reflect::get(&window(), &JsValue::from_str("iamlabPainted"))
        .ok()
        .and_then(|value| value.dyn_into::<js_sys::Promise>().ok());
    if let Some(painted) = painted {
        let _ = wasm_bindgen_futures::JsFuture::from(painted).await;
    }
}

/// Fetches a file of the page's own site (a relative URL) as bytes. Only
/// same-origin files are fetched, with nothing the user typed in the request.
pub(crate) async fn fetch_bytes(relative_url: &str) -> Result<Vec<u8>, String> {
    let response = wasm_bindgen_futures::JsFuture::from(window().fetch_with_str(relative_url))
        .await
        .map_err(|_| format!("`{relative_url}` could not be fetched"))?
        .dyn_into::<web_sys::Response>()
        .map_err(|_| format!("`{relative_url}` gave no response"))?;
    if !response.ok() {
        return Err(format!("`{relative_url}` answered {}", response.status()));
    }
    let promise = response
        .array_buffer()
        .map_err(|_| format!("`{relative_url}` could not be read"))?;
    let buffer = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|_| format!("`{relative_url}` could not be read"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The browser's `CompressionStream`.
    #[wasm_bindgen(js_name = CompressionStream)]
    type Compressor;

    #[wasm_bindgen(constructor, js_class = "CompressionStream")]
    fn new(format: &str) -> Compressor;

    /// The browser's `DecompressionStream`.
    #[wasm_bindgen(js_name = DecompressionStream)]
    type Decompressor;

    #[wasm_bindgen(constructor, js_class = "DecompressionStream")]
    fn new(format: &str) -> Decompressor;

    /// A `ReadableStream`, for its `pipeThrough`.
    #[wasm_bindgen(js_name = ReadableStream)]
    type Stream;

    #[wasm_bindgen(method, js_name = pipeThrough)]
    fn pipe_through(this: &Stream, transform: &JsValue) -> web_sys::ReadableStream;
}

/// Runs `bytes` through a transform stream and collects what comes out.
async fn transform(bytes: &[u8], through: &JsValue) -> Option<Vec<u8>> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).ok()?;
    let stream = blob
        .stream()
        .unchecked_into::<Stream>()
        .pipe_through(through);
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&stream)).ok()?;
    let buffer = wasm_bindgen_futures::JsFuture::from(response.array_buffer().ok()?)
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Raw DEFLATE (RFC 1951), as share links carry it, by the browser's own
/// `CompressionStream`: the page needs no compressor of its own, which
/// keeps its `.wasm` inside its size budget.
pub(crate) async fn deflate_raw(bytes: &[u8]) -> Option<Vec<u8>> {
    transform(bytes, &Compressor::new("deflate-raw").into()).await
}

/// Inflates raw DEFLATE with the browser's `DecompressionStream`; `None`
/// when the data is damaged.
pub(crate) async fn inflate_raw(bytes: &[u8]) -> Option<Vec<u8>> {
    transform(bytes, &Decompressor::new("deflate-raw").into()).await
}

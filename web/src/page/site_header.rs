//! The page header: the product name, and the workspace commands (New,
//! Examples, Share, Import, Export).
//!
//! Import reads a case file chosen in a file picker; Export downloads the
//! workspace's tests as a case file that `iamlab check` accepts; Share puts
//! the whole workspace into the address bar's fragment and shows it ready
//! to copy. None of them uses the network.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::File;
use gloo::file::callbacks::{FileReader, read_as_text};
use web_sys::HtmlInputElement;
use yew::{Callback, Event, Html, TargetCast, component, html, use_mut_ref, use_state};

use crate::dom;
use crate::model::cases::{export_case_file, import_case_file};
use crate::model::share::{share_fragment, share_payload};
use crate::model::state::{Action, Notice};
use crate::model::workspace::Workspace;
use crate::page::share_panel::SharePanel;
use crate::store::use_app;

/// The id of the hidden file input that Import opens (the tests panel's
/// Import button opens it too).
pub(crate) const IMPORT_INPUT_ID: &str = "import-case-file";

/// The banner at the top of the page.
#[component]
pub(crate) fn SiteHeader() -> Html {
    let app = use_app();
    // The link shown, and the workspace it holds (to tell when it is out of date).
    let share_url = use_state(|| None::<(String, Workspace)>);
    let reader: Rc<RefCell<Option<FileReader>>> = use_mut_ref(|| None);

    let on_new = {
        let app = app.clone();
        Callback::from(move |_| {
            app.send(Action::Load {
                workspace: Box::new(Workspace::blank()),
                notice: Some(Notice::until_edit(
                    "Started a new workspace: one user, one policy, one request.",
                )),
            });
        })
    };
    let on_examples = {
        let app = app.clone();
        Callback::from(move |_| app.send(Action::ShowGallery(true)))
    };
    let on_share = {
        let app = app.clone();
        let share_url = share_url.clone();
        Callback::from(move |_| {
            let app = app.clone();
            let share_url = share_url.clone();
            let workspace = app.state.workspace.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let Some(compressed) = dom::deflate_raw(&share_payload(&workspace)).await else {
                    app.send(Action::Notify(Some(Notice::error(
                        "This browser could not compress the workspace for a link; export a case file instead.",
                    ))));
                    return;
                };
                let fragment = share_fragment(&compressed);
                dom::replace_fragment(Some(&fragment));
                share_url.set(Some((
                    format!("{}{fragment}", dom::page_address()),
                    workspace.clone(),
                )));
                app.send(Action::Shared(Box::new(workspace)));
            });
        })
    };
    let on_close_share = {
        let share_url = share_url.clone();
        Callback::from(move |()| share_url.set(None))
    };
    let on_import_click = Callback::from(|_| dom::click_by_id(IMPORT_INPUT_ID));
    let on_file = {
        let app = app.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            // The same file may be chosen again later: clear the input.
            input.set_value("");
            let file = File::from(file);
            let name = file.name();
            let app = app.clone();
            let done = read_as_text(&file, move |result| {
                let action = match result {
                    Err(error) => Action::Notify(Some(Notice::error(format!(
                        "`{name}` could not be read: {error}."
                    )))),
                    Ok(text) => match import_case_file(&text) {
                        Ok(mut workspace) => {
                            workspace.title = name.trim_end_matches(".json").to_owned();
                            let count = workspace.tests.len();
                            Action::Load {
                                workspace: Box::new(workspace),
                                notice: Some(Notice::info(format!(
                                    "Imported {count} case{} from `{name}`.",
                                    if count == 1 { "" } else { "s" }
                                ))),
                            }
                        }
                        Err(error) => Action::Notify(Some(Notice::error(format!(
                            "`{name}` is not a case file iamlab can read: {}. Your workspace is unchanged.",
                            error.message
                        )))),
                    },
                };
                app.send(action);
            });
            *reader.borrow_mut() = Some(done);
        })
    };
    let on_export = {
        let app = app.clone();
        Callback::from(move |_| export(&app.state.workspace))
    };

    html! {
        <header class="site-header">
            <div class="brand">
                <h1 class="site-title">{ "iamlab" }</h1>
                <p class="tagline">{ "AWS IAM policy simulator that runs entirely in your browser" }</p>
            </div>
            <nav class="toolbar" aria-label="Workspace">
                <button type="button" class="button" onclick={on_new}>{ "New" }</button>
                <button type="button" id="examples-button" class="button" onclick={on_examples}>{ "Examples" }</button>
                <a id="exercises-button" class="button" data-testid="exercises-button" href="exercise.html#list">{ "Exercises" }</a>
                <a class="button" data-testid="teacher-button" href="exercise.html#teacher">{ "Teacher mode" }</a>
                <button type="button" class="button" onclick={on_share}>{ "Share" }</button>
                <button type="button" class="button" onclick={on_import_click}>{ "Import" }</button>
                <button type="button" class="button" onclick={on_export}>{ "Export" }</button>
                <input
                    id={IMPORT_INPUT_ID}
                    class="visually-hidden"
                    type="file"
                    accept=".json,application/json"
                    aria-label="Import a case file"
                    tabindex="-1"
                    onchange={on_file}
                />
            </nav>
            if let Some((url, shared)) = (*share_url).clone() {
                <SharePanel url={url} is_stale={shared != app.state.workspace} on_close={on_close_share} />
            }
        </header>
    }
}

/// Downloads the workspace's tests as a case file.
pub(crate) fn export(workspace: &Workspace) {
    let slug: String = workspace
        .title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let name = if slug.is_empty() {
        String::from("iamlab-cases.json")
    } else {
        format!("{slug}.cases.json")
    };
    dom::download_text(&name, &export_case_file(workspace));
}

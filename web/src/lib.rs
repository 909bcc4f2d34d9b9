//! The iamlab web app: an AWS IAM policy simulator that runs entirely in the browser.
//!
//! The crate is a library of Yew function components, one per module, so that tests can render them;
//! `main.rs` only mounts [`App`].
//! The app never evaluates policies itself: `model::analysis` compiles the workspace with `iamlab-core`,
//! and the components render the core's decisions and trace.
//!
//! Code map: `model/` is the plain-Rust model (workspace, reducer, analysis, case files, links, storage),
//! tested natively; `store.rs` adapts it to Yew; each other module is one component or one helper
//! (`syntax` colours JSON, `wording` puts the trace into words, `dom` wraps the browser calls,
//! `examples` is the gallery's data).

mod app;
mod caller_pane;
mod context_row;
mod decision_panel;
mod dom;
mod examples;
mod gallery;
pub mod model;
mod notice_bar;
mod org_levels;
mod policies_pane;
mod policy_card;
mod policy_editor;
mod principal_card;
mod request_pane;
mod resource_card;
mod share_panel;
mod site_header;
mod store;
mod syntax;
mod tag_list;
mod test_row;
mod tests_panel;
mod trace_view;
mod wording;
mod workspace_intro;

pub use app::App;

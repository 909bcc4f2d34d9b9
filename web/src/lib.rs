//! The iamlab web app: an AWS IAM policy simulator that runs entirely in the browser.
//!
//! The crate is a library of Yew function components, one per module, so that tests can render them;
//! `main.rs` only mounts [`App`] (the main page), `bin/exercise.rs` mounts [`ExerciseApp`] (the
//! exercise page, a wasm module of its own).
//! The app never evaluates policies itself: `model::analysis` compiles the workspace with `iamlab-core`,
//! and the components render the core's decisions and trace.
//!
//! Code map: `model/` is the plain-Rust model (workspace, edits, templates, reducer, analysis, case
//! files, links, storage), tested natively; `store.rs` adapts it to Yew; the components are grouped by
//! pane (`page/`, `caller/`, `policies/`, `decide/`, and shared `widgets/`); `syntax` colours JSON,
//! `wording` puts the trace into words, `dom` wraps the browser calls, `examples` and `exercises` are the
//! gallery's tables.

mod app;
mod caller;
mod decide;
mod dom;
mod examples;
#[cfg(feature = "exercise")]
mod exercise_app;
#[cfg(feature = "exercise")]
mod exercise_store;
#[cfg(feature = "exercise")]
mod exercises;
pub mod model;
mod page;
mod policies;
mod store;
mod syntax;
mod vocab_store;
mod widgets;
mod wording;

pub use app::App;
#[cfg(feature = "exercise")]
pub use exercise_app::ExerciseApp;

//! The page's model: the workspace, the reducer and the bridges to the core,
//! storage, share links and case files. Everything here is plain Rust that
//! runs and is tested natively; components render it.

pub mod analysis;
pub mod cases;
pub mod checks;
pub mod codec;
pub mod complete;
pub mod edit;
#[cfg(feature = "exercise")]
pub mod exercise;
pub mod guess;
#[cfg(feature = "exercise")]
pub mod markdown;
pub mod paste;
pub mod share;
pub mod state;
pub mod storage;
#[cfg(feature = "exercise")]
pub mod teacher;
pub mod templates;
pub mod vocabulary;
pub mod workspace;

//! The iamlab evaluator.
#![no_std]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unreachable
)]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod arn;
pub mod build;
pub mod case;
pub mod condition;
pub mod context;
pub mod diagnostic;
pub mod eval;
pub mod exercise;
pub mod json;
pub mod pattern;
pub mod policy;
pub mod principal;
pub mod public;
pub mod report;
pub mod sort;
pub mod source;
pub mod suggest;
pub mod text;
pub mod trace;
pub mod variable;

//! The iamlab evaluator.
#![no_std]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod arn;
pub mod case;
pub mod condition;
pub mod context;
pub mod diagnostic;
pub mod eval;
pub mod json;
pub mod pattern;
pub mod policy;
pub mod principal;
pub mod source;
pub mod trace;

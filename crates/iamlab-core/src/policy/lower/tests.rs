//! Unit tests for policy lowering.

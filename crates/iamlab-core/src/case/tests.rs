//! Unit tests for the case loader.

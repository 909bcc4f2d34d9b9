//! Unit tests for condition operators.

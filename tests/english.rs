//! See the list in tests.rs.

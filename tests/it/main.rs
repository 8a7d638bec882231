//! The integration tests, in one binary: the CLI run as a user runs it, on
//! the bundled seeds and on projects each test lays out on disk.
//!
//! Filter by module or name: `cargo test --test it cmd::`, `cargo test
//! --test it report::`. Tests build projects on disk, so they use `std::fs`
//! freely (the rest of the program reads and writes only through
//! `src/project/`).

#![allow(clippy::disallowed_methods, dead_code, unreachable_pub)]

mod anchoring;
mod changed;
mod ci_formats;
mod cli;
mod cmd;
mod common;
mod docs;
mod import_export;
mod integrations;
mod readme;
mod report;
mod review;
mod synthetic;
mod w3c;

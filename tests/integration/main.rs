//! kps' integration tests, one module per area, in one test binary: the
//! fixtures in `common` are compiled once and the binary is linked once.
//!
//! Run one area with `cargo test --test integration AREA::`, e.g.
//! `cargo test --test integration tree::`.

mod clap_words;
mod cli_flow;
mod colour;
mod common;
mod completions;
mod containers;
mod family;
mod formats;
mod generated;
mod huge;
mod inspect;
mod json;
mod json_literal;
mod listing;
mod malformed;
mod opens;
mod output_faults;
mod parallelism;
mod parity;
mod privileges;
mod proc_root;
mod ps_compat;
mod random_argv;
mod rough;
mod specifiers;
mod synthetic;
mod tree;
mod watch;
mod who;

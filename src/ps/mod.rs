//! What a ps command line asks for: the parsed options, with the facts of the
//! system ([`SystemFacts`]), resolved into a [`query::Query`] (selection, columns,
//! order, widths) under the rules of the ps personality in force.

mod default_format;
mod facts;
mod format;
mod format_macros;
pub mod matcher;
pub mod query;
mod resolve;
mod sort;

pub use facts::{SystemFacts, tree_width};
pub use format::parse_format;
pub use resolve::{MAX_LINE, bogus_screen_warning, resolve};

//! What a ps command line asks for: the parsed options resolved into a
//! [`query::Query`] (selection, columns, order, widths), under the rules of
//! the ps personality in force ([`crate::cli::personality`]).

pub mod query;

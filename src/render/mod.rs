//! Turning values into bytes on the output: escaping of untrusted text,
//! colour, JSON, CSV, boxed tables and clock times.

pub mod color;
pub mod csv;
pub mod escape;
pub mod json;
mod json_read;
pub mod palette;
pub mod tables;
pub mod timefmt;

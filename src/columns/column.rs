//! A column of a listing: a specifier as the format list gave it.

use super::{SPECS, Spec, find};

/// One column of a listing: a specifier, possibly renamed (`-o pid=P`) or
/// resized (`-o comm:30`).
#[derive(Clone)]
pub struct Column {
    pub spec: &'static Spec,
    pub header: String,
    pub width: usize,
    /// Literal text from an AIX format (`%p: %c`), printed as is on every
    /// line, with no blank added around it.
    pub literal: bool,
}

impl Column {
    /// `pid_max_digits`: the digits of the kernel's largest PID, the least
    /// width of a process-id column.
    pub fn new(spec: &'static Spec, pid_max_digits: usize) -> Column {
        let width = if spec.pid_like {
            spec.width.max(pid_max_digits).max(spec.header.len())
        } else {
            spec.width
        };
        Column {
            spec,
            header: spec.header.to_string(),
            width,
            literal: false,
        }
    }

    /// Literal text between AIX field descriptors.
    pub fn literal(text: &str) -> Column {
        Column {
            spec: find("pid").unwrap_or(&SPECS[0]),
            header: text.to_string(),
            // procps measures headers and literal text in bytes.
            width: text.len(),
            literal: true,
        }
    }
}

//! What kps prints: ps listings, the process tree, and one process in full
//! (`show`, `fds`, `env`).
//!
//! The one-process views take several PIDs, print what they can for each, and
//! report a PID that is gone or may not be read on stderr (exit status 1)
//! without stopping at it.

pub mod env;
pub mod fds;
pub mod listing;
pub mod show;
pub mod tree;
pub mod watch;
pub mod who;

use std::io::{self, Write};

use crate::error::Result;
use crate::proc::process::Failure;
use crate::render::json::Json;

/// Writes the `--json` objects of the processes asked for as one array on a
/// line, as listings, trees and `who` do: every `--json` output is one JSON
/// document (`python3 -m json.tool` reads it), the same shape for one PID as
/// for many, and a PID that cannot be read is left out of it.
pub fn write_json_array(out: &mut impl Write, objects: Vec<Json>) -> Result<()> {
    Json::Array(objects)
        .write_to(out)
        .and_then(|()| out.write_all(b"\n"))
        .map_err(Into::into)
}

/// Says on stderr why `pid` is missing from the output. Standard output is
/// flushed first so the message lands after what was printed before it.
pub fn report_failure(out: &mut impl Write, pid: i32, failure: &Failure) -> Result<()> {
    out.flush()?;
    let mut stderr = io::stderr().lock();
    let _ = match failure {
        // `kps: 59 is a thread of PID 58`, `kps: PID 2 is a kernel thread: no environment`
        Failure::ThreadOf(_) => writeln!(stderr, "kps: {pid} is {}", failure.message()),
        Failure::Empty(_) => writeln!(stderr, "kps: PID {pid} {}", failure.message()),
        _ => writeln!(stderr, "kps: PID {pid}: {}", failure.message()),
    };
    Ok(())
}

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

use procfs::process::Process;

use crate::error::Result;
use crate::proc::process::{Failure, hollow_kind, read_comm};
use crate::render::color::Painter;
use crate::render::escape;
use crate::render::json::Json;
use crate::render::palette::Kind;

/// The process a one-process view (`fds`, `env`) is about: its PID, its name,
/// and why it can have nothing to show.
struct Subject {
    pid: i32,
    comm: Vec<u8>,
    /// `a kernel thread`, `a zombie`.
    hollow: Option<&'static str>,
}

impl Subject {
    fn read(process: &Process, pid: i32) -> Subject {
        Subject {
            pid,
            comm: read_comm(process),
            hollow: hollow_kind(process),
        }
    }

    /// `PID 1234 (sleep)` and a newline: the heading of the process' part of
    /// the output, the name escaped.
    fn heading(&self, painter: Painter) -> String {
        let title = format!("PID {} ({})", self.pid, escape::escaped(&self.comm));
        let mut heading = painter.painted(Kind::Header, &title);
        heading.push('\n');
        heading
    }

    /// The process' JSON object with its `pid` and `comm`, for the view to add
    /// its own keys to.
    fn json(&self) -> Json {
        Json::object()
            .with("pid", self.pid)
            .with("comm", String::from_utf8_lossy(&self.comm).into_owned())
    }
}

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

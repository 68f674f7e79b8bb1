//! Effective parallelism: the cores a process keeps busy and its busy threads.

use std::fmt::Write as _;

use super::printer::*;
use super::{Row, Value};
use crate::proc::snapshot::Needs;

/// CPU seconds per second: over the `--sample` or `--watch` interval, else
/// over the process' life (as %CPU is). 1.97 is two cores kept busy.
fn cores(r: &Row) -> f64 {
    let sampled = r.snap.sample_interval_ticks.zip(r.proc.sampled_ticks);
    let (used, over) = match sampled {
        Some((interval, (used, _))) => (used as f64, interval),
        None => (r.own_ticks() as f64, r.elapsed_ticks() as f64),
    };
    if over > 0.0 {
        // Rounded as printed, so JSON and the text agree.
        (used / over * 100.0).round() / 100.0
    } else {
        0.0
    }
}

pub(super) const CORES: Printer = Printer::of(N, |r| Value::Float(cores(r))).text(|r, _, out| {
    let _ = write!(out, "{:.2}", cores(r));
});

/// Threads that ran at least a tenth of the interval; `-` without one.
pub(super) const BUSY: Printer = Printer::of(Needs::TASKS, |r| {
    r.proc
        .extra
        .busy_threads
        .map_or(Value::Null, |n| Value::uint(n as u64))
});

//! A row: one process of a snapshot as the printers see it, with the figures
//! several printers derive from it (CPU use, age, ids).

use super::{RenderOptions, Value};
use crate::proc::snapshot::{Proc, Snapshot};
use crate::render::timefmt::LocalTime;

/// Everything a cell can look at.
pub struct Row<'a> {
    pub proc: &'a Proc,
    pub snap: &'a Snapshot,
    pub opts: &'a RenderOptions,
    /// Tree art (`--forest`) drawn in front of command columns.
    pub forest: &'a str,
    /// Bytes of `forest` per tree level (4 for ps' art, 2 for its indent);
    /// 0 when the art is never cut.
    pub forest_unit: usize,
    /// procps' countdown to its next header line when it prints this row
    /// (`lines_to_next_header`, negative when no header is due, read as
    /// unsigned): ps' test specifiers (`_left`, `_right`, ...) pick their
    /// sample values by it.
    pub step: u32,
}

/// procps' step for the first row under a header printed once.
pub const FIRST_STEP: u32 = u32::MAX;

pub(super) const REAL: usize = 0;
pub(super) const EFFECTIVE: usize = 1;
pub(super) const SAVED: usize = 2;
pub(super) const FS: usize = 3;

impl<'a> Row<'a> {
    /// A row outside any listing: no tree art, the step of a first row under
    /// a header.
    pub fn new(proc: &'a Proc, snap: &'a Snapshot, opts: &'a RenderOptions) -> Row<'a> {
        Row {
            proc,
            snap,
            opts,
            forest: "",
            forest_unit: 0,
            step: FIRST_STEP,
        }
    }

    /// The tree art that fits in `room`: ps draws a level only while a whole
    /// level still fits (procps' forest_helper), so a deep row in a narrow
    /// column loses its art before its name.
    pub(super) fn forest_within(&self, room: usize) -> &'a str {
        match self.forest_unit {
            0 => self.forest,
            unit => &self.forest[..self.forest.len().min(room / unit * unit)],
        }
    }

    pub(super) fn hz(&self) -> u64 {
        self.snap.system.ticks_per_sec.max(1)
    }

    /// CPU time (user + system) in ticks, without children.
    pub(super) fn own_ticks(&self) -> u64 {
        self.proc.cpu_ticks()
    }

    /// CPU time in ticks, with waited-for children under `S`.
    pub(super) fn total_ticks(&self) -> u64 {
        if self.opts.cumulative {
            self.proc.cumulative_cpu_ticks()
        } else {
            self.proc.cpu_ticks()
        }
    }

    /// A count of the waited-for children, included under `S`.
    pub(super) fn children(&self, count: u64) -> u64 {
        if self.opts.cumulative { count } else { 0 }
    }

    /// Ticks since the process started, as procps counts them: uptime
    /// truncated to ticks minus the start, in unsigned arithmetic (a process
    /// younger than the uptime reading wraps to a huge age, as in ps).
    pub(super) fn age_ticks(&self) -> u64 {
        let boot_ticks = (self.snap.system.uptime * self.hz() as f64) as u64;
        boot_ticks.wrapping_sub(self.proc.stat.starttime)
    }

    /// Seconds since the process started, as a float like procps keeps it.
    pub(super) fn elapsed(&self) -> f64 {
        let age = self.age_ticks() as f64;
        if age > 0.0 {
            age / self.hz() as f64
        } else {
            0.0
        }
    }

    /// The elapsed time back in ticks; the float round trip can lose one
    /// tick, and ps' percentages inherit that.
    pub(super) fn elapsed_ticks(&self) -> u64 {
        (self.elapsed() * self.hz() as f64) as u64
    }

    /// CPU use over the process' life (or the `--sample` interval) in
    /// tenths of a percent (%CPU).
    pub(super) fn pcpu_permille(&self) -> u64 {
        if let Some(sampled) = self.sampled_permille() {
            return sampled;
        }
        match self.elapsed_ticks() {
            0 => 0,
            ticks => self.total_ticks() * 1000 / ticks,
        }
    }

    pub(super) fn sampled_permille(&self) -> Option<u64> {
        self.snap.sampled_permille(self.proc, self.opts.cumulative)
    }

    /// CPU use as a float percentage of `ticks` over the process' life.
    pub(super) fn utilization(&self, ticks: u64) -> f64 {
        match self.age_ticks() {
            0 => 0.0,
            age => ticks as f64 * 100.0 / age as f64,
        }
    }

    /// Resident memory as tenths of a percent of RAM (%MEM).
    pub(super) fn pmem_permille(&self) -> u64 {
        let total = self.snap.system.mem_total_kib.max(1);
        (self.proc.rss_kib(&self.snap.system) * 1000 / total).min(999)
    }

    pub(super) fn start_epoch(&self) -> i64 {
        self.snap.system.start_epoch(self.proc.stat.starttime)
    }

    pub(super) fn start_local(&self) -> LocalTime {
        LocalTime::at(self.start_epoch())
    }

    pub(super) fn uid(&self, which: usize) -> Option<u32> {
        if which == EFFECTIVE {
            return self.proc.euid();
        }
        self.proc.status.as_ref().map(|s| s.uid[which])
    }

    pub(super) fn gid(&self, which: usize) -> Option<u32> {
        self.proc.status.as_ref().map(|s| s.gid[which])
    }

    /// The scheduling policy; -1 when the kernel did not say.
    pub(super) fn policy(&self) -> i64 {
        self.proc.stat.policy.map_or(-1, i64::from)
    }

    pub(super) fn priority(&self) -> Value {
        Value::Int(self.proc.stat.priority)
    }
}

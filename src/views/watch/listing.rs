//! A watched ps listing: one snapshot per frame from a [`Rereader`], %CPU
//! and I/O counters turned into rates over the interval.

use std::time::Instant;

use super::{Counts, Frame, Source};
use crate::error::Result;
use crate::proc::held::Rereader;
use crate::proc::parallel::{Task, busy_threads};
use crate::proc::snapshot::{IoCounters, Proc, Snapshot};
use crate::ps::query::Query;
use crate::views::listing;

/// What a process used up to the last frame.
struct Before {
    start: u64,
    ticks: u64,
    children_ticks: u64,
    io: Option<IoCounters>,
    /// Its threads, when a column counts the busy ones.
    tasks: Option<Vec<Task>>,
}

pub struct ListingSource {
    query: Query,
    reader: Rereader,
    /// By thread id (the PID of a process row), from the last frame, sorted
    /// by it: a frame looks each row up by binary search.
    before: Vec<(i32, Before)>,
    last: Option<Instant>,
    /// The length of the last frame's text, to size the next one's buffer.
    last_len: usize,
}

impl ListingSource {
    pub fn new(mut query: Query) -> ListingSource {
        // A frame is one screen or one block: the header once.
        query.header_every = None;
        ListingSource {
            query,
            reader: Rereader::default(),
            before: Vec::new(),
            last: None,
            last_len: 0,
        }
    }

    /// Records this frame's figures and replaces them by rates since the
    /// last one; returns which rows are new and how many rows left.
    fn rates(&mut self, snap: &mut Snapshot, now: Instant) -> (Vec<bool>, usize) {
        let elapsed = self.last.map(|last| now.duration_since(last).as_secs_f64());
        let hz = snap.system.ticks_per_sec as f64;
        let uptime = snap.system.uptime;
        let mut before = Vec::with_capacity(snap.procs.len());
        let mut new = Vec::with_capacity(snap.procs.len());
        let mut seen_again = 0;
        for p in &mut snap.procs {
            let now_figures = Before {
                start: p.stat.starttime,
                ticks: p.stat.utime + p.stat.stime,
                children_ticks: (p.stat.cutime.max(0) + p.stat.cstime.max(0)) as u64,
                io: p.extra.io,
                // Taken only where read: a row without extra files allocates none.
                tasks: p
                    .extra
                    .tasks
                    .is_some()
                    .then(|| p.extra.tasks.take())
                    .flatten(),
            };
            let earlier = self
                .before
                .binary_search_by_key(&p.tid, |(tid, _)| *tid)
                .ok()
                .map(|i| &self.before[i].1)
                // A reused PID is another process.
                .filter(|b| b.start == now_figures.start);
            seen_again += usize::from(earlier.is_some());
            new.push(earlier.is_none() && elapsed.is_some());
            match (earlier, elapsed) {
                (Some(earlier), Some(secs)) => {
                    p.sampled_ticks = Some((
                        now_figures.ticks.saturating_sub(earlier.ticks),
                        now_figures
                            .children_ticks
                            .saturating_sub(earlier.children_ticks),
                    ));
                    if let (Some(io), Some(io_before)) =
                        (p.extra.read_mut().and_then(|e| e.io.as_mut()), &earlier.io)
                    {
                        *io = io_rate(io, Some(io_before), secs);
                    }
                    if let (Some(now), Some(before)) = (&now_figures.tasks, &earlier.tasks) {
                        p.extra.busy_threads = Some(busy_threads(before, now, secs, hz));
                    }
                }
                _ => {
                    // No earlier frame: the rate over the process' life.
                    let age = (uptime - p.stat.starttime as f64 / hz).max(1.0 / hz);
                    if let Some(io) = p.extra.read_mut().and_then(|e| e.io.as_mut()) {
                        *io = io_rate(io, None, age);
                    }
                }
            }
            before.push((p.tid, now_figures));
        }
        let exited = self.before.len() - seen_again;
        before.sort_unstable_by_key(|(tid, _)| *tid);
        self.before = before;
        if let Some(secs) = elapsed {
            snap.sample_interval_ticks = Some(secs * hz);
        }
        self.last = Some(now);
        (new, exited)
    }
}

/// Counters per second over `secs`, from `before` (or from zero).
fn io_rate(now: &IoCounters, before: Option<&IoCounters>, secs: f64) -> IoCounters {
    let rate = |pick: fn(&IoCounters) -> u64| {
        let earlier = before.map_or(0, pick);
        (pick(now).saturating_sub(earlier) as f64 / secs.max(0.001)) as u64
    };
    IoCounters {
        rchar: rate(|c| c.rchar),
        wchar: rate(|c| c.wchar),
        syscr: rate(|c| c.syscr),
        syscw: rate(|c| c.syscw),
        read_bytes: rate(|c| c.read_bytes),
        write_bytes: rate(|c| c.write_bytes),
        cancelled_write_bytes: rate(|c| c.cancelled_write_bytes),
    }
}

impl Source for ListingSource {
    fn frame(&mut self, screen: Option<(usize, usize)>) -> Result<Frame> {
        let query = &self.query;
        let keep = |p: &Proc| query.selection.accepts(p);
        let mut snap = self.reader.read(&listing::request(query, &keep))?;
        if let Some(matcher) = &query.matcher {
            snap.procs.retain(|p| matcher.matches(p));
        }
        let (new, exited) = self.rates(&mut snap, Instant::now());
        let counts = Counts {
            shown: snap.procs.len(),
            running: snap.procs.iter().filter(|p| p.stat.state == 'R').count(),
            exited,
        };
        if let Some((columns, _)) = screen {
            self.query.screen_width = Some(columns);
        }
        let headers = usize::from(self.query.headers && !self.query.json);
        let limit = screen.map(|(_, lines)| lines.saturating_sub(headers));
        let mut text = Vec::with_capacity(self.last_len + self.last_len / 8);
        let rows = listing::write(&self.query, &snap, &mut text, limit)?;
        self.last_len = text.len();
        let mut new_lines = vec![false; headers];
        new_lines.extend(rows.iter().map(|&row| new[row]));
        self.reader.recycle(snap);
        Ok(Frame {
            text,
            new_lines,
            counts: Some(counts),
        })
    }
}

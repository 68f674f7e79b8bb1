//! Subtree totals: how many processes, how much memory and CPU a process and
//! all its descendants use.

use crate::columns::{self, RenderOptions, Row, Value};
use crate::proc::snapshot::Snapshot;

use super::forest::Forest;

/// Sums over a subtree. Threads share their process' memory and CPU figures,
/// so only processes count.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub count: u64,
    /// KiB, the sum of the RSS ps shows for each process.
    pub rss_kib: u64,
    /// Tenths of a percent: the sum of the %CPU ps shows for each process.
    pub pcpu_permille: u64,
}

impl Totals {
    pub fn add(&mut self, other: Totals) {
        self.count += other.count;
        self.rss_kib += other.rss_kib;
        self.pcpu_permille += other.pcpu_permille;
    }

    /// %CPU as a number, one decimal as ps prints it.
    pub fn pcpu(&self) -> f64 {
        self.pcpu_permille as f64 / 10.0
    }
}

/// The totals of every node's subtree in the whole forest, shown or not.
pub fn subtree_totals(snap: &Snapshot, forest: &Forest) -> Vec<Totals> {
    let options = RenderOptions::default();
    let pcpu = columns::named("pcpu");
    let mut totals: Vec<Totals> = snap
        .procs
        .iter()
        .map(|proc| {
            if proc.is_thread_row() {
                return Totals::default();
            }
            let row = Row::new(proc, snap, &options);
            Totals {
                count: 1,
                rss_kib: proc.rss_kib(&snap.system),
                pcpu_permille: permille((pcpu.value)(&row)),
            }
        })
        .collect();
    for node in forest.preorder().into_iter().rev() {
        if let Some(parent) = forest.parent(node) {
            let below = totals[node];
            totals[parent].add(below);
        }
    }
    totals
}

/// %CPU's value, in percent with one decimal, back to tenths of a percent.
fn permille(value: Value) -> u64 {
    match value {
        Value::Float(percent) if percent > 0.0 => (percent * 10.0).round() as u64,
        _ => 0,
    }
}

//! Subtree totals: how many processes, how much memory and CPU a process and
//! all its descendants use.
//!
//! RSS counts a page once in every process that maps it, so the RSS of a
//! pre-fork server's family counts its shared pages once per worker. PSS
//! divides each page among the processes that map it and USS counts only the
//! pages no other process maps: summed over a subtree, PSS is the physical
//! memory the family uses and USS what ending all of it would free at least.

use crate::columns::{self, RenderOptions, Row, Value};
use crate::error::{Error, Result};
use crate::proc::snapshot::{Needs, Snapshot};

use super::forest::Forest;

/// Sums over a subtree. Threads share their process' memory and CPU figures,
/// so only processes count.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub count: u64,
    /// KiB, the sum of the RSS ps shows for each process.
    pub rss_kib: u64,
    /// KiB, the sums of smaps_rollup's Pss and of its private lines.
    pub pss_kib: u64,
    pub uss_kib: u64,
    /// Processes whose smaps_rollup could not be read (another user's, without
    /// privilege): they are missing from the PSS and USS sums.
    pub unread: u64,
    /// Tenths of a percent: the sum of the %CPU ps shows for each process.
    pub pcpu_permille: u64,
}

impl Totals {
    pub fn add(&mut self, other: Totals) {
        self.count += other.count;
        self.rss_kib += other.rss_kib;
        self.pss_kib += other.pss_kib;
        self.uss_kib += other.uss_kib;
        self.unread += other.unread;
        self.pcpu_permille += other.pcpu_permille;
    }

    /// %CPU as a number, one decimal as ps prints it.
    pub fn pcpu(&self) -> f64 {
        self.pcpu_permille as f64 / 10.0
    }
}

/// One figure `--totals=LIST` may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Procs,
    Rss,
    Pss,
    Uss,
    /// Comes with PSS and USS, unasked: how many processes they leave out.
    Unread,
    Pcpu,
}

impl Figure {
    /// The figures of a `--totals` list (`procs,pss,uss`), each name also
    /// accepted with a `t` in front as the header shows it (`tpss`). PSS and
    /// USS bring the count of processes they could not include.
    pub fn parse_list(list: &str) -> Result<Vec<Figure>> {
        let mut figures = Vec::new();
        for name in list.split(',').filter(|n| !n.is_empty()) {
            let lower = name.to_ascii_lowercase();
            let bare = match lower.as_str() {
                "procs" | "count" => "procs",
                other => other.strip_prefix('t').unwrap_or(other),
            };
            let figure = match bare {
                "procs" => Figure::Procs,
                "rss" | "rssize" => Figure::Rss,
                "pss" => Figure::Pss,
                "uss" => Figure::Uss,
                "unread" => Figure::Unread,
                "pcpu" | "%cpu" => Figure::Pcpu,
                _ => {
                    return Err(Error::new(format!(
                        "error: unknown totals figure: '{name}' (known: procs, rss, pss, uss, pcpu)"
                    )));
                }
            };
            if !figures.contains(&figure) {
                figures.push(figure);
            }
        }
        if figures.is_empty() {
            return Err(Error::new(
                "error: --totals= needs figures, e.g. procs,pss,uss",
            ));
        }
        let smaps = figures
            .iter()
            .any(|f| matches!(f, Figure::Pss | Figure::Uss));
        if smaps && !figures.contains(&Figure::Unread) {
            let after = figures
                .iter()
                .rposition(|f| matches!(f, Figure::Pss | Figure::Uss))
                .map_or(figures.len(), |i| i + 1);
            figures.insert(after, Figure::Unread);
        }
        Ok(figures)
    }

    pub fn header(self) -> &'static str {
        match self {
            Figure::Procs => "PROCS",
            Figure::Rss => "TRSS",
            Figure::Pss => "TPSS",
            Figure::Uss => "TUSS",
            Figure::Unread => "UNREAD",
            Figure::Pcpu => "T%CPU",
        }
    }

    /// The key under `totals` in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Figure::Procs => "count",
            Figure::Rss => "rss",
            Figure::Pss => "pss",
            Figure::Uss => "uss",
            Figure::Unread => "unread",
            Figure::Pcpu => "pcpu",
        }
    }

    pub fn cell(self, totals: &Totals) -> String {
        match self {
            Figure::Pcpu => format!("{:.1}", totals.pcpu()),
            other => other.number(totals).to_string(),
        }
    }

    /// The figure as a whole number; %CPU in tenths of a percent.
    pub fn number(self, totals: &Totals) -> u64 {
        match self {
            Figure::Procs => totals.count,
            Figure::Rss => totals.rss_kib,
            Figure::Pss => totals.pss_kib,
            Figure::Uss => totals.uss_kib,
            Figure::Unread => totals.unread,
            Figure::Pcpu => totals.pcpu_permille,
        }
    }

    /// What each process must have read for this figure.
    pub fn needs(self) -> Needs {
        match self {
            // The exact resident set, as ps shows it.
            Figure::Rss => Needs::STATM,
            Figure::Pss | Figure::Uss | Figure::Unread => Needs::SMAPS_ROLLUP,
            Figure::Procs | Figure::Pcpu => Needs::NONE,
        }
    }
}

/// The totals of every node's subtree in the whole forest, shown or not.
pub fn subtree_totals(snap: &Snapshot, forest: &Forest, figures: &[Figure]) -> Vec<Totals> {
    let options = RenderOptions::default();
    let pcpu = columns::named("pcpu");
    let with_pcpu = figures.contains(&Figure::Pcpu);
    let with_smaps = figures.contains(&Figure::Unread);
    let mut totals: Vec<Totals> = snap
        .procs
        .iter()
        .map(|proc| {
            if proc.is_thread_row() {
                return Totals::default();
            }
            let memory = proc.extra.memory.unwrap_or_default();
            let pcpu_permille = if with_pcpu {
                permille(pcpu.value_of(&Row::new(proc, snap, &options)))
            } else {
                0
            };
            Totals {
                count: 1,
                rss_kib: proc.rss_kib(&snap.system),
                pss_kib: memory.pss,
                uss_kib: memory.uss,
                // A kernel thread has no user memory to read.
                unread: u64::from(
                    with_smaps && proc.extra.memory.is_none() && !proc.is_kernel_thread(),
                ),
                pcpu_permille,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smaps_figures_bring_the_count_of_processes_left_out() {
        use Figure::*;
        assert_eq!(
            Figure::parse_list("procs,rss,pcpu").ok(),
            Some(vec![Procs, Rss, Pcpu])
        );
        assert_eq!(
            Figure::parse_list("tpss,USS,%cpu,procs").ok(),
            Some(vec![Pss, Uss, Unread, Pcpu, Procs])
        );
        assert!(Figure::parse_list("vsz").is_err());
        assert!(Figure::parse_list("").is_err());
    }
}

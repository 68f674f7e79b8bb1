//! The resolved listing request: which processes, which columns, in which
//! order, how wide. [`super::resolve`] builds it; the listing view reads it.

use std::cmp::Ordering;

use super::matcher::Matcher;
use crate::cli::ps_args::ForestStyle;
use crate::cli::watch_args::Watch;
use crate::columns::{self, Column, RenderOptions, Role, Row};
use crate::proc::root::ProcRoot;
use crate::proc::snapshot::{Needs, Proc};

/// How threads appear in a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadRows {
    /// One row per process.
    None,
    /// One row per thread (`-L`, `-T`, `H`).
    Each,
    /// Each process row followed by its threads' rows (`m`, `-m`).
    AfterProcess,
}

/// A fully resolved listing request.
pub struct Query {
    pub selection: Selection,
    pub columns: Vec<Column>,
    pub sort: Vec<SortKey>,
    pub forest: Option<ForestStyle>,
    pub headers: bool,
    /// `--headers`: the header prints even when every column's is empty.
    pub headers_forced: bool,
    /// `--headers`: print the header again after this many rows.
    pub header_every: Option<usize>,
    /// `None`: lines are never cut.
    pub screen_width: Option<usize>,
    pub threads: ThreadRows,
    pub render: RenderOptions,
    pub json: bool,
    /// `--csv`: a header of the JSON keys and a row per process.
    pub csv: bool,
    /// `--sample`: measure %CPU over this many milliseconds.
    pub sample_ms: Option<u64>,
    /// `--proc DIR`: where the processes are read from.
    pub proc_root: ProcRoot,
    /// `--match`: only processes a pattern matches (with the selection).
    pub matcher: Option<Matcher>,
    /// Highlight what `--match` found (output is a terminal).
    pub highlight: bool,
    /// `--watch`, `--count`.
    pub watch: Option<Watch>,
}

impl Query {
    /// Files every selected row needs for its columns and sort keys.
    pub fn needs(&self) -> Needs {
        let mut needs = Needs::NONE;
        for column in &self.columns {
            needs |= column.needs();
        }
        for key in &self.sort {
            needs |= key.spec.needs;
        }
        if let Some(matcher) = &self.matcher {
            needs |= matcher.needs();
        }
        if self.render.show_environment {
            needs |= Needs::ENVIRON;
        }
        let shows_comm = self.columns.iter().any(|c| c.role() == Role::CommandName);
        if self.render.full_command_for_comm && shows_comm {
            needs |= Needs::CMDLINE;
        }
        needs
    }
}

/// Which processes to show: ps' simple-selection table, unioned with the lists.
#[derive(Debug, Default)]
pub struct Selection {
    pub every: bool,
    /// Bit `i` accepts processes whose traits (see `Selection::traits`) are `i`;
    /// `None` when the table is not consulted (only lists were given).
    pub table: Option<u16>,
    pub running_only: bool,
    pub negate: bool,
    /// `LIBPROC_HIDE_KERNEL`: kernel threads are not there at all, whatever
    /// the selection (`-N` and `-q` included).
    pub hide_kernel: bool,
    pub pids: Vec<i32>,
    pub ppids: Vec<i32>,
    pub sids: Vec<i32>,
    pub pgrps: Vec<i32>,
    pub ttys: Vec<i32>,
    pub commands: Vec<String>,
    pub euids: Vec<u32>,
    pub ruids: Vec<u32>,
    pub egids: Vec<u32>,
    pub rgids: Vec<u32>,
    /// `-q`: exactly these PIDs, in this order, duplicates kept.
    pub quick_pids: Option<Vec<i32>>,
    pub own_euid: u32,
    pub own_tty: i32,
}

impl Selection {
    pub(super) fn has_lists(&self) -> bool {
        !self.pids.is_empty() || self.has_lists_besides_pids()
    }

    fn has_lists_besides_pids(&self) -> bool {
        !(self.ppids.is_empty()
            && self.sids.is_empty()
            && self.pgrps.is_empty()
            && self.ttys.is_empty()
            && self.commands.is_empty()
            && self.euids.is_empty()
            && self.ruids.is_empty()
            && self.egids.is_empty()
            && self.rgids.is_empty())
    }

    /// Files `accepts` looks at.
    pub fn needs(&self) -> Needs {
        if self.every || self.quick_pids.is_some() {
            return Needs::NONE;
        }
        let mut needs = Needs::NONE;
        if self.table.is_some() || !self.euids.is_empty() {
            // The effective uid is the owner of /proc/PID.
            needs |= Needs::OWNER;
        }
        if !(self.ruids.is_empty() && self.egids.is_empty() && self.rgids.is_empty()) {
            needs |= Needs::STATUS;
        }
        needs
    }

    /// The PIDs to read when the selection can only match those, so that
    /// `kps -p PID` reads one directory instead of all of /proc.
    pub fn only_pids(&self) -> Option<Vec<i32>> {
        if let Some(quick) = &self.quick_pids {
            return Some(quick.clone());
        }
        let only_pid_list = !self.pids.is_empty()
            && !self.negate
            && !self.every
            && self.table.is_none()
            && !self.has_lists_besides_pids();
        // ps lists them in /proc order, each once, whatever order -p gave.
        only_pid_list.then(|| {
            let mut pids = self.pids.clone();
            pids.sort_unstable();
            pids.dedup();
            pids
        })
    }

    pub fn accepts(&self, p: &Proc) -> bool {
        if self.hide_kernel && (p.pid == KTHREADD || p.stat.ppid == KTHREADD) {
            return false;
        }
        // `r` counts uninterruptible sleep as running, like ps.
        let running = matches!(p.stat.state, 'R' | 'D');
        if self.quick_pids.is_some() {
            return !self.running_only || running;
        }
        let mut accepted = self.every
            || self
                .table
                .is_some_and(|bits| bits & (1 << self.traits(p)) != 0)
            || self.listed(p);
        if self.running_only && !running {
            accepted = false;
        }
        accepted != self.negate
    }

    /// The index into ps' selection table: our euid, session leader, no
    /// terminal, on our terminal (a kps without a terminal counts every
    /// terminal-less process as on its terminal).
    fn traits(&self, p: &Proc) -> u16 {
        let ours = p.euid() == Some(self.own_euid);
        let leader = p.stat.session == p.pid;
        let no_tty = p.stat.tty_nr == 0;
        let on_my_tty = p.stat.tty_nr == self.own_tty;
        u16::from(ours)
            | u16::from(leader) << 1
            | u16::from(no_tty) << 2
            | u16::from(on_my_tty) << 3
    }

    fn listed(&self, p: &Proc) -> bool {
        let status = p.status.as_ref();
        self.pids.contains(&p.pid)
            || self.ppids.contains(&p.stat.ppid)
            || self.sids.contains(&p.stat.session)
            || self.pgrps.contains(&p.stat.pgrp)
            || self.ttys.contains(&p.stat.tty_nr)
            || self
                .commands
                .iter()
                .any(|c| command_matches(c.as_bytes(), &p.comm))
            || p.euid().is_some_and(|uid| self.euids.contains(&uid))
            || status.is_some_and(|s| self.ruids.contains(&s.uid[0]))
            || status.is_some_and(|s| self.egids.contains(&s.gid[1]))
            || status.is_some_and(|s| self.rgids.contains(&s.gid[0]))
    }
}

/// The parent of every kernel thread.
const KTHREADD: i32 = 2;

/// `-C NAME`: the kernel keeps 15 bytes of a name, so a longer NAME matches a
/// comm that is its first 15 bytes.
fn command_matches(wanted: &[u8], comm: &[u8]) -> bool {
    wanted == comm || (comm.len() == 15 && wanted.len() >= 15 && wanted[..15] == *comm)
}

/// The order ps sorts a forest in when no `--sort` is given: parent, then start.
pub fn forest_default_keys() -> Vec<SortKey> {
    ["ppid", "start_time"]
        .into_iter()
        .filter_map(columns::find)
        .map(|spec| SortKey {
            spec,
            descending: false,
        })
        .collect()
}

/// One `--sort` key.
pub struct SortKey {
    pub spec: &'static columns::Spec,
    pub descending: bool,
}

impl SortKey {
    pub fn compare(&self, a: &Row, b: &Row) -> Ordering {
        let ord = self.spec.compare(a, b);
        if self.descending { ord.reverse() } else { ord }
    }
}

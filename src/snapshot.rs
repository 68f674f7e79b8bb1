//! What kps knows about processes: the model every view renders.

use procfs::process::Stat;

use crate::status::ProcStatus;
use crate::system::SystemInfo;
use crate::tty::TtyNames;
use crate::users::Names;

/// The /proc files a request needs beyond `stat`, which is always read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs(u32);

impl Needs {
    pub const NONE: Needs = Needs(0);
    /// /proc/PID/status: ids, groups, VmLck and the rest of the memory lines, signals.
    pub const STATUS: Needs = Needs(1 << 0);
    /// /proc/PID/cmdline: the argument vector.
    pub const CMDLINE: Needs = Needs(1 << 1);
    /// /proc/PID/environ.
    pub const ENVIRON: Needs = Needs(1 << 2);
    /// User names for the ids in status.
    pub const USER_NAMES: Needs = Needs(1 << 3 | 1);
    /// Group names for the ids in status.
    pub const GROUP_NAMES: Needs = Needs(1 << 4 | 1);
    /// Terminal names for `tty_nr`.
    pub const TTY_NAMES: Needs = Needs(1 << 5);
    /// The owner of the /proc/PID directory, which the kernel keeps equal to the
    /// effective uid so that it can be had without generating status.
    pub const OWNER: Needs = Needs(1 << 6);

    pub const fn union(self, other: Needs) -> Needs {
        Needs(self.0 | other.0)
    }

    pub const fn contains(self, other: Needs) -> bool {
        self.0 & other.0 == other.0
    }
}

impl std::ops::BitOr for Needs {
    type Output = Needs;
    fn bitor(self, rhs: Needs) -> Needs {
        self.union(rhs)
    }
}

impl std::ops::BitOrAssign for Needs {
    fn bitor_assign(&mut self, rhs: Needs) {
        *self = self.union(rhs);
    }
}

/// One process, or one thread of a process in thread listings.
#[derive(Debug, Clone)]
pub struct Proc {
    /// Process (thread group) id.
    pub pid: i32,
    /// Thread id; equal to `pid` for a process row.
    pub tid: i32,
    pub stat: Stat,
    /// `None` when not requested or not readable.
    pub status: Option<ProcStatus>,
    /// Raw NUL-separated argv; empty for kernel threads and zombies.
    /// `None` when not requested or not readable.
    pub cmdline: Option<Vec<u8>>,
    /// Raw NUL-separated environment; `None` when not requested or not readable.
    pub environ: Option<Vec<u8>>,
    /// `--sample`: CPU ticks used during the sample, by the process and by the
    /// children it reaped meanwhile.
    pub sampled_ticks: Option<(u64, u64)>,
    /// The owner of /proc/PID (the effective uid); `None` when not requested.
    pub owner: Option<u32>,
}

impl Proc {
    pub fn is_thread_row(&self) -> bool {
        self.pid != self.tid
    }

    /// Effective uid, from status or else from the owner of /proc/PID; `None`
    /// when neither was read.
    pub fn euid(&self) -> Option<u32> {
        self.status.as_ref().map(|s| s.uid[1]).or(self.owner)
    }

    /// Kernel threads have no user memory: the PF_KTHREAD flag says so reliably.
    pub fn is_kernel_thread(&self) -> bool {
        const PF_KTHREAD: u32 = 0x0020_0000;
        self.stat.flags & PF_KTHREAD != 0
    }

    /// Resident set in KiB. status' VmRSS is an exact sum of the kernel's per-CPU
    /// counters while stat's `rss` is an estimate, and ps prints the former.
    pub fn rss_kib(&self, sys: &SystemInfo) -> u64 {
        match &self.status {
            Some(status) => status.vm_rss,
            None => self.stat.rss * sys.page_size_kib,
        }
    }

    pub fn vsz_kib(&self) -> u64 {
        self.stat.vsize / 1024
    }

    /// CPU time (user + system) in clock ticks.
    pub fn cpu_ticks(&self) -> u64 {
        self.stat.utime + self.stat.stime
    }

    /// CPU time of the process plus its waited-for children, in clock ticks.
    pub fn cumulative_cpu_ticks(&self) -> u64 {
        self.cpu_ticks() + (self.stat.cutime.max(0) + self.stat.cstime.max(0)) as u64
    }
}

/// Everything a view renders: the processes, the machine facts and the names
/// of the users and terminals that occur.
pub struct Snapshot {
    /// Sorted by pid, then tid.
    pub procs: Vec<Proc>,
    /// `--sample`: the length of the sample in clock ticks.
    pub sample_interval_ticks: Option<f64>,
    pub system: SystemInfo,
    pub names: Names,
    pub ttys: TtyNames,
}

impl Snapshot {
    /// %CPU of `proc` over the `--sample` interval, in tenths of a percent;
    /// `None` without a sample (or for a process that ended during it).
    pub fn sampled_permille(&self, proc: &Proc, cumulative: bool) -> Option<u64> {
        let interval = self.sample_interval_ticks?;
        let (used, by_children) = proc.sampled_ticks?;
        let used = if cumulative { used + by_children } else { used };
        Some((used as f64 * 1000.0 / interval.max(1.0)) as u64)
    }
}

//! What kps knows about processes: the model every view renders.

use crate::proc::container::Container;
use crate::proc::parallel::Task;
use crate::proc::root::ProcRoot;
use crate::proc::status::ProcStatus;
use crate::proc::system::SystemInfo;
use crate::proc::tty::TtyNames;
use crate::proc::users::Names;

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
    /// /proc/TID/wchan: the kernel function a task sleeps in.
    pub const WCHAN: Needs = Needs(1 << 7);
    /// /proc/PID/smaps_rollup: proportional and private memory.
    pub const SMAPS_ROLLUP: Needs = Needs(1 << 8);
    /// /proc/TID/io: I/O counters.
    pub const IO: Needs = Needs(1 << 9);
    /// /proc/PID/cgroup.
    pub const CGROUP: Needs = Needs(1 << 10);
    /// /proc/PID/ns/*: namespace inode numbers.
    pub const NAMESPACES: Needs = Needs(1 << 11);
    /// The /proc/PID/exe link.
    pub const EXE: Needs = Needs(1 << 12);
    /// /proc/PID/attr/current: the security label.
    pub const ATTR: Needs = Needs(1 << 13);
    /// /proc/PID/loginuid.
    pub const LOGINUID: Needs = Needs(1 << 14);
    /// /proc/PID/oom_score and oom_score_adj.
    pub const OOM: Needs = Needs(1 << 15);
    /// /proc/PID/autogroup.
    pub const AUTOGROUP: Needs = Needs(1 << 16);
    /// Group names for the supplementary groups in status.
    pub const SUPPLEMENTARY_GROUP_NAMES: Needs = Needs(1 << 17 | 1);
    /// The user name of the effective uid only, which the owner of /proc/PID
    /// gives without reading status.
    pub const EFFECTIVE_USER_NAME: Needs = Needs(1 << 18 | 1 << 6);
    /// /proc/PID/statm: the resident set, as exact as status' VmRSS and much
    /// cheaper for the kernel to produce.
    pub const STATM: Needs = Needs(1 << 19);
    /// The container a process runs in, read from /proc/PID/cgroup alone
    /// (and named from its runtime's records).
    pub const CONTAINER: Needs = Needs(1 << 20 | 1 << 10);
    /// /proc/PID/stat, which every row reads anyway: a column marked with it
    /// shows `-` on a row whose stat could not be parsed.
    pub const STAT: Needs = Needs(1 << 21);
    /// /proc/PID/task/*/stat of a process row: its threads' CPU ticks, for
    /// the busy threads of a sample.
    pub const TASKS: Needs = Needs(1 << 22);

    pub const fn union(self, other: Needs) -> Needs {
        Needs(self.0 | other.0)
    }

    /// These needs less the files of `other` (names and flags built on a file
    /// lose it too).
    pub const fn without(self, other: Needs) -> Needs {
        Needs(self.0 & !other.0)
    }

    pub const fn contains(self, other: Needs) -> bool {
        self.0 & other.0 == other.0
    }

    pub const fn intersects(self, other: Needs) -> bool {
        self.0 & other.0 != 0
    }

    /// The files beside stat, status, statm, cmdline and environ, read into
    /// [`ExtraFiles`]: a row that needs none opens nothing more.
    pub const EXTRA_FILES: Needs = Needs(
        Needs::WCHAN.0
            | Needs::SMAPS_ROLLUP.0
            | Needs::IO.0
            | Needs::CGROUP.0
            | Needs::CONTAINER.0
            | Needs::NAMESPACES.0
            | Needs::EXE.0
            | Needs::ATTR.0
            | Needs::LOGINUID.0
            | Needs::OOM.0
            | Needs::AUTOGROUP.0
            | Needs::TASKS.0,
    );
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

/// The stat flag of kernel threads.
pub const PF_KTHREAD: u32 = 0x0020_0000;

/// One process, or one thread of a process in thread listings.
///
/// A listing holds one of these for every process on the machine, so a row
/// keeps only what its columns may show: stat's fields (without the ones no
/// column reads), and behind a pointer each the files only some columns need.
#[derive(Debug, Clone)]
pub struct Proc {
    /// Process (thread group) id.
    pub pid: i32,
    /// Thread id; equal to `pid` for a process row.
    pub tid: i32,
    /// All zeroes when `stat_parsed` is false.
    pub stat: Stat,
    /// Whether `stat` was parsed: a stat file that exists but is malformed
    /// keeps the row, with `-` in every column that comes from it.
    pub stat_parsed: bool,
    /// One of the thread rows that follow their process' row (`m`, `-m`).
    pub thread_row: bool,
    /// The command name as the kernel wrote it in stat, where ps shows a
    /// character the kernel cut at 15 bytes as one `?` per byte.
    pub comm: Vec<u8>,
    /// `None` when not requested or not readable.
    pub status: Option<Box<ProcStatus>>,
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
    /// Resident pages, from /proc/PID/statm: the one figure of the extra
    /// files most listings show (`rss`, `%mem`), kept in the row itself.
    pub resident_pages: Option<u64>,
    /// The other files, read when a column needs them.
    pub extra: Extra,
}

/// Declares [`Stat`] with the fields listed, and its conversion from procfs'
/// `Stat`, which has them under the same names and types.
macro_rules! stat_fields {
    ($($name:ident: $type:ty),* $(,)?) => {
        /// The fields of /proc/PID/stat that kps reads, under procfs' names
        /// and types: procfs' own `Stat` holds twice as many, and the name
        /// again.
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct Stat {
            $(pub $name: $type),*
        }

        impl From<procfs::process::Stat> for Stat {
            fn from(stat: procfs::process::Stat) -> Stat {
                Stat { $($name: stat.$name),* }
            }
        }
    };
}

stat_fields! {
    state: char, flags: u32, num_threads: i64, exit_code: Option<i32>,
    // Family, session, terminal.
    ppid: i32, pgrp: i32, session: i32, tty_nr: i32, tpgid: i32,
    // Page faults, own and of the children waited for.
    minflt: u64, cminflt: u64, majflt: u64, cmajflt: u64,
    // Clock ticks.
    utime: u64, stime: u64, cutime: i64, cstime: i64, starttime: u64,
    // Scheduling.
    priority: i64, nice: i64, processor: Option<i32>, rt_priority: Option<u32>,
    policy: Option<u32>,
    // Memory: sizes, and the addresses ps prints.
    vsize: u64, rss: u64, rsslim: u64, startcode: u64, endcode: u64, startstack: u64,
    kstkesp: u64, kstkeip: u64,
}

/// The per-process files only some columns need. Each is `None` when not
/// requested or not readable (procps then shows `-`, `0` or `?`).
#[derive(Debug, Clone, Default)]
pub struct ExtraFiles {
    /// /proc/TID/wchan as the kernel writes it (`0` when not sleeping).
    pub wchan: Option<Vec<u8>>,
    pub memory: Option<SmapsRollup>,
    pub io: Option<IoCounters>,
    /// /proc/PID/cgroup, one `id:controllers:path` per line.
    pub cgroup: Option<Vec<u8>>,
    /// The container its cgroup names; `None` on the host.
    pub container: Option<Container>,
    pub namespaces: Option<Namespaces>,
    /// Target of the /proc/PID/exe link.
    pub exe: Option<Vec<u8>>,
    /// /proc/PID/attr/current.
    pub label: Option<Vec<u8>>,
    /// /proc/PID/loginuid; `u32::MAX` when unset.
    pub loginuid: Option<u32>,
    pub oom_score: Option<i64>,
    pub oom_score_adj: Option<i64>,
    pub autogroup: Option<Autogroup>,
    /// The threads with their CPU ticks, on a process row.
    pub tasks: Option<Vec<Task>>,
    /// `--sample` and `--watch`: how many threads were busy over the interval.
    pub busy_threads: Option<usize>,
}

/// Files none of which was read: what [`Extra`] reads as while it holds nothing.
static NO_EXTRA_FILES: ExtraFiles = ExtraFiles {
    wchan: None,
    memory: None,
    io: None,
    cgroup: None,
    container: None,
    namespaces: None,
    exe: None,
    label: None,
    loginuid: None,
    oom_score: None,
    oom_score_adj: None,
    autogroup: None,
    tasks: None,
    busy_threads: None,
};

/// A row's [`ExtraFiles`], allocated only for a row that read one: most
/// listings need none of them, and then a row pays a pointer for them.
#[derive(Debug, Clone, Default)]
pub struct Extra(Option<Box<ExtraFiles>>);

impl From<ExtraFiles> for Extra {
    fn from(files: ExtraFiles) -> Extra {
        Extra(Some(Box::new(files)))
    }
}

impl std::ops::Deref for Extra {
    type Target = ExtraFiles;
    fn deref(&self) -> &ExtraFiles {
        self.0.as_deref().unwrap_or(&NO_EXTRA_FILES)
    }
}

/// Allocates the files of a row that had none, for a value to be set: to
/// change what was read in place, [`Extra::read_mut`] allocates nothing.
impl std::ops::DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut ExtraFiles {
        self.0.get_or_insert_default()
    }
}

impl Extra {
    /// The files read, to change in place; `None` when none was.
    pub fn read_mut(&mut self) -> Option<&mut ExtraFiles> {
        self.0.as_deref_mut()
    }
}

/// What /proc/PID/smaps_rollup says, in KiB.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SmapsRollup {
    pub pss: u64,
    /// Private_Clean + Private_Dirty: memory no other process shares.
    pub uss: u64,
    /// Shared_Clean + Shared_Dirty: memory other processes map too.
    pub shared: u64,
}

/// /proc/TID/io.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IoCounters {
    pub rchar: u64,
    pub wchar: u64,
    pub syscr: u64,
    pub syscw: u64,
    pub read_bytes: u64,
    pub write_bytes: u64,
    pub cancelled_write_bytes: u64,
}

/// The namespaces of a process, as the inode numbers of /proc/PID/ns/*; 0
/// where a link could not be read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Namespaces {
    pub ipc: u64,
    pub mnt: u64,
    pub net: u64,
    pub pid: u64,
    pub user: u64,
    pub uts: u64,
    pub cgroup: u64,
    pub time: u64,
}

/// /proc/PID/autogroup: `/autogroup-25 nice 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Autogroup {
    pub id: i64,
    pub nice: i64,
}

impl Proc {
    /// A row with only its stat read; the reader fills in what was asked for.
    pub fn new(pid: i32, tid: i32, stat: procfs::process::Stat) -> Proc {
        let comm = stat.comm.as_bytes().to_vec();
        Proc::of(pid, tid, stat.into(), comm)
    }

    fn of(pid: i32, tid: i32, stat: Stat, comm: Vec<u8>) -> Proc {
        Proc {
            pid,
            tid,
            stat,
            stat_parsed: true,
            thread_row: false,
            comm,
            status: None,
            cmdline: None,
            environ: None,
            sampled_ticks: None,
            owner: None,
            resident_pages: None,
            extra: Extra::default(),
        }
    }

    /// A row from the bytes of /proc/PID/stat.
    pub fn from_stat(pid: i32, tid: i32, bytes: &[u8]) -> procfs::ProcResult<Proc> {
        let stat = parse_stat(bytes)?;
        // The name is between the first `(` and the last `)`: it may hold
        // both. parse_stat found them.
        let comm = match (
            bytes.iter().position(|&b| b == b'('),
            bytes.iter().rposition(|&b| b == b')'),
        ) {
            (Some(open), Some(close)) if open < close => bytes[open + 1..close].to_vec(),
            _ => stat.comm.as_bytes().to_vec(),
        };
        Ok(Proc::of(pid, tid, stat.into(), comm))
    }

    /// A row whose stat exists but could not be parsed: its fields are
    /// zeroes and unknown (`stat_parsed` false), its state `?`, its name is
    /// `comm`'s.
    pub fn unparsed(pid: i32, tid: i32, comm: Vec<u8>) -> Proc {
        let zeroes = Stat {
            state: '?',
            processor: Some(0),
            rt_priority: Some(0),
            policy: Some(0),
            exit_code: Some(0),
            ..Stat::default()
        };
        let mut proc = Proc::of(pid, tid, zeroes, comm);
        proc.stat_parsed = false;
        proc
    }

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
        self.stat.flags & PF_KTHREAD != 0
    }

    /// Resident set in KiB. statm and status' VmRSS are exact sums of the
    /// kernel's per-CPU counters while stat's `rss` is an estimate; ps prints
    /// the exact figure.
    pub fn rss_kib(&self, sys: &SystemInfo) -> u64 {
        match (self.resident_pages, &self.status) {
            (Some(pages), _) => pages * sys.page_size_kib,
            (None, Some(status)) => status.vm_rss,
            (None, None) => self.stat.rss * sys.page_size_kib,
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

/// The largest stat kps parses: the kernel's is a few hundred bytes, and
/// procfs would copy a larger one twice over for nothing.
const STAT_MAX: usize = 64 * 1024;

/// Parses a stat file, which procfs does only after kps has checked the
/// shape it slices by: `PID (NAME) STATE ...` with room on both sides of the
/// parentheses. procfs cuts the text at byte offsets next to them, which on a
/// malformed file (no PID, nothing after `)`, a multi-byte character beside
/// a parenthesis) would panic.
pub fn parse_stat(bytes: &[u8]) -> procfs::ProcResult<procfs::process::Stat> {
    let malformed = || procfs::ProcError::Other("malformed stat".to_string());
    if bytes.len() > STAT_MAX {
        return Err(malformed());
    }
    let text = String::from_utf8_lossy(bytes);
    let line = text.trim();
    let (Some(open), Some(close)) = (line.find('('), line.rfind(')')) else {
        return Err(malformed());
    };
    let shaped = open >= 2
        && close > open
        && line.is_char_boundary(open - 1)
        && close + 2 <= line.len()
        && line.is_char_boundary(close + 2);
    if !shaped {
        return Err(malformed());
    }
    <procfs::process::Stat as procfs::FromRead>::from_read(bytes)
}

/// Everything a view renders: the processes, the machine facts and the names
/// of the users and terminals that occur.
pub struct Snapshot {
    /// Sorted by pid; the threads of a process in the kernel's order.
    pub procs: Vec<Proc>,
    /// `--sample`: the length of the sample in clock ticks.
    pub sample_interval_ticks: Option<f64>,
    pub system: SystemInfo,
    pub names: Names,
    pub ttys: TtyNames,
    /// The proc file system it was read from.
    pub root: ProcRoot,
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

/// Whether `key` has a line whose value starts with a digit: a file
/// without one (empty, cut short, garbage) tells nothing.
fn has_number(bytes: &[u8], key: &[u8]) -> bool {
    fields(bytes).any(|(k, value)| k == key && value.first().is_some_and(u8::is_ascii_digit))
}

impl SmapsRollup {
    /// The rollup, when the file has its `Pss` line.
    pub fn parse_checked(bytes: &[u8]) -> Option<SmapsRollup> {
        has_number(bytes, b"Pss").then(|| SmapsRollup::parse(bytes))
    }

    pub fn parse(bytes: &[u8]) -> SmapsRollup {
        let mut rollup = SmapsRollup::default();
        for (key, value) in fields(bytes) {
            match key {
                b"Pss" => rollup.pss = leading_number(value),
                b"Private_Clean" | b"Private_Dirty" => rollup.uss += leading_number(value),
                b"Shared_Clean" | b"Shared_Dirty" => rollup.shared += leading_number(value),
                _ => {}
            }
        }
        rollup
    }
}

impl IoCounters {
    /// The counters, when the file has its first line.
    pub fn parse_checked(bytes: &[u8]) -> Option<IoCounters> {
        has_number(bytes, b"rchar").then(|| IoCounters::parse(bytes))
    }

    pub fn parse(bytes: &[u8]) -> IoCounters {
        let mut io = IoCounters::default();
        for (key, value) in fields(bytes) {
            let n = leading_number(value);
            match key {
                b"rchar" => io.rchar = n,
                b"wchar" => io.wchar = n,
                b"syscr" => io.syscr = n,
                b"syscw" => io.syscw = n,
                b"read_bytes" => io.read_bytes = n,
                b"write_bytes" => io.write_bytes = n,
                b"cancelled_write_bytes" => io.cancelled_write_bytes = n,
                _ => {}
            }
        }
        io
    }
}

impl Autogroup {
    /// `None` for an empty or malformed file (procps then shows -1 and 0).
    pub fn parse(bytes: &[u8]) -> Option<Autogroup> {
        let text = std::str::from_utf8(bytes).ok()?;
        let mut words = text.split_whitespace();
        let id = words.next()?.strip_prefix("/autogroup-")?.parse().ok()?;
        let nice = match (words.next(), words.next()) {
            (Some("nice"), Some(n)) => n.parse().ok()?,
            _ => return None,
        };
        Some(Autogroup { id, nice })
    }
}

/// `key: value` lines.
fn fields(bytes: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    bytes.split(|&b| b == b'\n').filter_map(|line| {
        let colon = line.iter().position(|&b| b == b':')?;
        Some((&line[..colon], line[colon + 1..].trim_ascii()))
    })
}

/// The decimal number a value starts with (`1234 kB`), 0 if none.
fn leading_number(value: &[u8]) -> u64 {
    value
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .fold(0u64, |n, &b| {
            n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_stat_is_an_error_not_a_panic() {
        for bytes in [
            &b""[..],
            b"(x)",
            b"1 (x)",
            b"(x) S 1",
            b") (",
            b"1 (x) S",
            b"\xc3\xa9(x) S 1",
            b"1 (x)\xc3\xa9 S 1",
            b"1 (x) S 1 2 3",
        ] {
            assert!(parse_stat(bytes).is_err(), "{bytes:?}");
        }
        let row = Proc::unparsed(7, 7, b"name".to_vec());
        assert!(!row.stat_parsed);
        assert_eq!((row.pid, row.comm.as_slice()), (7, &b"name"[..]));
        assert!(SmapsRollup::parse_checked(b"garbage\n").is_none());
        assert!(IoCounters::parse_checked(b"rchar: x\n").is_none());
    }

    #[test]
    fn parses_rollup_io_and_autogroup() {
        let rollup = SmapsRollup::parse(
            b"55d0-7ff [rollup]\nRss: 10 kB\nPss:  1029 kB\nPss_Dirty: 621 kB\n\
Shared_Clean: 40 kB\nShared_Dirty: 2 kB\nPrivate_Clean:  16 kB\nPrivate_Dirty: 300 kB\n",
        );
        assert_eq!(
            rollup,
            SmapsRollup {
                pss: 1029,
                uss: 316,
                shared: 42
            }
        );
        let io = IoCounters::parse(b"rchar: 49\nwchar: 67\nsyscr: 6\nsyscw: 5\nread_bytes: 3\nwrite_bytes: 7\ncancelled_write_bytes: 1\n");
        assert_eq!((io.rchar, io.syscw, io.cancelled_write_bytes), (49, 5, 1));
        assert_eq!(
            Autogroup::parse(b"/autogroup-20 nice -3\n"),
            Some(Autogroup { id: 20, nice: -3 })
        );
        assert_eq!(Autogroup::parse(b""), None);
    }
}

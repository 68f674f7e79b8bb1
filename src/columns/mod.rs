//! The table of ps format specifiers: every name procps-ng ps 4.0.2 accepts,
//! each with its header, width, alignment, print class, the /proc files it
//! needs, its value (for JSON), its sort key and its text (for ps-style output).
//!
//! Specifiers that share a printer in procps share a [`Printer`] here: `user`,
//! `euser`, `uname` and `uid_hack` differ only in header and width.

mod column;

pub use column::Column;

use std::cmp::Ordering;
use std::fmt::Write as _;
use std::io;

use crate::proc::snapshot::{IoCounters, Namespaces, Needs, Proc, SmapsRollup, Snapshot};
use crate::proc::systemd;
use crate::render::escape;
use crate::render::json::Json;
use crate::render::timefmt::{self, LocalTime};

/// How a column is placed in its field, after procps' justification codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    /// A user or group name: left-aligned, cut to the field as `name+`;
    /// right-aligned when it is shown as a number.
    User,
    /// Free text (commands): left-aligned, cut at the field width, or at the
    /// screen edge when it is the last column.
    Text,
    /// A signal mask: right-aligned in 9 cells, or in 16 when the line has room
    /// for every mask in full.
    Signal,
    /// A kernel function name: left-aligned and cut like text.
    Wchan,
}

/// When a column has a value in `m`/`-m` listings, where a process row is
/// followed by rows for its threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Only on process rows (`pid`, `args`, `rss`): thread rows print `-`.
    ProcessOnly,
    /// Only on thread rows (`tid`, `stat`, `wchan`): process rows print `-`.
    ThreadOnly,
    /// On every row.
    EveryTime,
    /// On every row; procps distinguishes it from `EveryTime` only in name.
    AsNeeded,
}

/// A column's value for JSON: numbers stay numbers (memory in KiB, times in
/// seconds, percentages as printed), text is raw (unescaped; JSON escapes
/// it), and unreadable or absent data is `Null`.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int(i64),
    Float(f64),
    Text(String),
    Null,
}

impl From<Value> for Json {
    fn from(value: Value) -> Json {
        match value {
            Value::Int(n) => Json::Int(n),
            Value::Float(f) => Json::Float(f),
            Value::Text(s) => Json::Str(s),
            Value::Null => Json::Null,
        }
    }
}

impl Value {
    fn uint(n: u64) -> Value {
        Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }

    fn text(bytes: &[u8]) -> Value {
        Value::Text(String::from_utf8_lossy(bytes).into_owned())
    }

    /// Orders values of one column; `Null` sorts first.
    pub fn compare(&self, other: &Value) -> Ordering {
        match (self, other) {
            (Value::Int(x), Value::Int(y)) => x.cmp(y),
            (Value::Float(x), Value::Float(y)) => x.total_cmp(y),
            (Value::Text(x), Value::Text(y)) => x.cmp(y),
            (Value::Null, Value::Null) => Ordering::Equal,
            (Value::Null, _) => Ordering::Less,
            (_, Value::Null) => Ordering::Greater,
            _ => Ordering::Equal,
        }
    }
}

/// How `--sort` orders a column. procps compares the data item behind a
/// column, which is not always what it prints.
#[derive(Clone, Copy)]
pub enum Sort {
    /// By the value.
    Value,
    /// By another data item: raw priority for `pri`, start ticks for `start`.
    Key(ValueFn),
    /// By the value's text in version order (`pts/9` before `pts/10`), as
    /// procps orders terminal names with strverscmp.
    Natural,
    /// Accepted, and changes nothing.
    Unsorted,
}

/// Options that change how cells render (BSD modifiers and the like).
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// BSD `e`: the environment follows the command.
    pub show_environment: bool,
    /// BSD `c`: command columns show the executable name, not argv.
    pub command_name_only: bool,
    /// `S`/`--cumulative`: CPU times and faults include waited-for children.
    pub cumulative: bool,
    /// BSD `n`: user and group columns print numbers.
    pub numeric: bool,
    /// SysV `-f`/`-F`: `comm`, `ucmd` and `ucomm` print the whole command
    /// line (which then needs [`Needs::CMDLINE`]).
    pub full_command_for_comm: bool,
    /// The line has room for every signal mask in full: masks print all 16
    /// digits instead of the last 8.
    pub wide_signals: bool,
    /// `m`, `-m`: thread rows follow their process' row; process-only columns
    /// print `-` on thread rows and thread-only ones on process rows.
    pub threads_after_process: bool,
    /// `--color`: process states in colour (listings are plain otherwise).
    pub color_states: bool,
}

/// Everything a cell can look at.
pub struct Row<'a> {
    pub proc: &'a Proc,
    pub snap: &'a Snapshot,
    pub opts: &'a RenderOptions,
    /// Tree art (`--forest`) drawn in front of command columns.
    pub forest: &'a str,
    /// The row's place in the listing, 0 for the first: ps' test specifiers
    /// (`_left`, `_right`, ...) cycle through their sample values by it.
    pub line: usize,
}

const REAL: usize = 0;
const EFFECTIVE: usize = 1;
const SAVED: usize = 2;
const FS: usize = 3;

impl<'a> Row<'a> {
    /// A row outside any listing: no tree art, first line.
    pub fn new(proc: &'a Proc, snap: &'a Snapshot, opts: &'a RenderOptions) -> Row<'a> {
        Row {
            proc,
            snap,
            opts,
            forest: "",
            line: 0,
        }
    }

    fn hz(&self) -> u64 {
        self.snap.system.ticks_per_sec.max(1)
    }

    /// CPU time (user + system) in ticks, without children.
    fn own_ticks(&self) -> u64 {
        self.proc.cpu_ticks()
    }

    /// CPU time in ticks, with waited-for children under `S`.
    fn total_ticks(&self) -> u64 {
        if self.opts.cumulative {
            self.proc.cumulative_cpu_ticks()
        } else {
            self.proc.cpu_ticks()
        }
    }

    /// A count of the waited-for children, included under `S`.
    fn children(&self, count: u64) -> u64 {
        if self.opts.cumulative { count } else { 0 }
    }

    /// Ticks since the process started, as procps counts them: uptime
    /// truncated to ticks minus the start, in unsigned arithmetic (a process
    /// younger than the uptime reading wraps to a huge age, as in ps).
    fn age_ticks(&self) -> u64 {
        let boot_ticks = (self.snap.system.uptime * self.hz() as f64) as u64;
        boot_ticks.wrapping_sub(self.proc.stat.starttime)
    }

    /// Seconds since the process started, as a float like procps keeps it.
    fn elapsed(&self) -> f64 {
        let age = self.age_ticks() as f64;
        if age > 0.0 {
            age / self.hz() as f64
        } else {
            0.0
        }
    }

    /// The elapsed time back in ticks; the float round trip can lose one
    /// tick, and ps' percentages inherit that.
    fn elapsed_ticks(&self) -> u64 {
        (self.elapsed() * self.hz() as f64) as u64
    }

    /// CPU use over the process' life (or the `--sample` interval) in
    /// tenths of a percent (%CPU).
    fn pcpu_permille(&self) -> u64 {
        if let Some(sampled) = self.sampled_permille() {
            return sampled;
        }
        match self.elapsed_ticks() {
            0 => 0,
            ticks => self.total_ticks() * 1000 / ticks,
        }
    }

    fn sampled_permille(&self) -> Option<u64> {
        self.snap.sampled_permille(self.proc, self.opts.cumulative)
    }

    /// CPU use as a float percentage of `ticks` over the process' life.
    fn utilization(&self, ticks: u64) -> f64 {
        match self.age_ticks() {
            0 => 0.0,
            age => ticks as f64 * 100.0 / age as f64,
        }
    }

    /// Resident memory as tenths of a percent of RAM (%MEM).
    fn pmem_permille(&self) -> u64 {
        let total = self.snap.system.mem_total_kib.max(1);
        (self.proc.rss_kib(&self.snap.system) * 1000 / total).min(999)
    }

    fn start_epoch(&self) -> i64 {
        self.snap.system.start_epoch(self.proc.stat.starttime)
    }

    fn start_local(&self) -> LocalTime {
        LocalTime::at(self.start_epoch())
    }

    fn uid(&self, which: usize) -> Option<u32> {
        if which == EFFECTIVE {
            return self.proc.euid();
        }
        self.proc.status.as_ref().map(|s| s.uid[which])
    }

    fn gid(&self, which: usize) -> Option<u32> {
        self.proc.status.as_ref().map(|s| s.gid[which])
    }

    /// The scheduling policy; -1 when the kernel did not say.
    fn policy(&self) -> i64 {
        self.proc.stat.policy.map_or(-1, i64::from)
    }

    fn priority(&self) -> Value {
        Value::Int(self.proc.stat.priority)
    }
}

pub type ValueFn = fn(&Row) -> Value;
/// Renders a cell. `room` is how many terminal cells ps would let it take
/// (its width, or up to the screen edge for the last column); only commands and
/// names are cut to it, everything else overflows and pushes the line right.
pub type TextFn = fn(&Row, usize, &mut String);

/// How one procps printer gets, sorts and shows its value; specifiers that
/// share a printer differ only in name, header, width and alignment.
#[derive(Clone, Copy)]
pub struct Printer {
    needs: Needs,
    value: ValueFn,
    text: Option<TextFn>,
    sort: Sort,
    missing: &'static str,
    nop: bool,
}

impl Printer {
    /// A printer whose text is its value, printed plainly.
    const fn of(needs: Needs, value: ValueFn) -> Printer {
        Printer {
            needs,
            value,
            text: None,
            sort: Sort::Value,
            missing: "-",
            nop: false,
        }
    }

    const fn text(self, text: TextFn) -> Printer {
        Printer {
            text: Some(text),
            ..self
        }
    }

    const fn sort_by(self, key: ValueFn) -> Printer {
        Printer {
            sort: Sort::Key(key),
            ..self
        }
    }

    const fn sort(self, sort: Sort) -> Printer {
        Printer { sort, ..self }
    }

    /// What a plain printer shows for `Null` (`-` unless told otherwise).
    const fn missing(self, missing: &'static str) -> Printer {
        Printer { missing, ..self }
    }
}

/// One format specifier.
#[derive(Clone, Copy)]
pub struct Spec {
    pub name: &'static str,
    pub header: &'static str,
    pub width: usize,
    /// A process-id column: at least as wide as the digits of the kernel's
    /// `pid_max`, as procps sizes them.
    pub pid_like: bool,
    pub align: Align,
    pub class: Class,
    /// Accepted for compatibility, always prints `-`, and `ps L` leaves it out.
    pub nop: bool,
    pub needs: Needs,
    pub value: ValueFn,
    /// `None`: the text is the value printed plainly (`missing` for `Null`).
    pub text: Option<TextFn>,
    pub sort: Sort,
    pub missing: &'static str,
}

const fn spec(
    name: &'static str,
    header: &'static str,
    width: usize,
    align: Align,
    class: Class,
    printer: Printer,
) -> Spec {
    Spec {
        name,
        header,
        width,
        pid_like: false,
        align,
        class,
        nop: printer.nop,
        needs: printer.needs,
        value: printer.value,
        text: printer.text,
        sort: printer.sort,
        missing: printer.missing,
    }
}

impl Spec {
    const fn pid_like(self) -> Spec {
        Spec {
            pid_like: true,
            ..self
        }
    }

    /// procps sorts these by a data item their printer never fetches, so the
    /// sort silently does nothing.
    const fn unsorted(self) -> Spec {
        Spec {
            sort: Sort::Unsorted,
            ..self
        }
    }

    pub fn render(&self, row: &Row, room: usize, out: &mut String) {
        match self.text {
            Some(text) => text(row, room, out),
            None => push_value(out, &(self.value)(row), self.missing),
        }
    }

    /// Orders two rows by this column, ascending, the way `--sort` does.
    pub fn compare(&self, a: &Row, b: &Row) -> Ordering {
        match self.sort {
            Sort::Value => (self.value)(a).compare(&(self.value)(b)),
            Sort::Key(key) => key(a).compare(&key(b)),
            Sort::Natural => match ((self.value)(a), (self.value)(b)) {
                (Value::Text(x), Value::Text(y)) => version_order(x.as_bytes(), y.as_bytes()),
                (x, y) => x.compare(&y),
            },
            Sort::Unsorted => Ordering::Equal,
        }
    }
}

fn push_value(out: &mut String, value: &Value, missing: &str) {
    match value {
        Value::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Float(f) => {
            let _ = write!(out, "{f}");
        }
        Value::Text(s) => escape::push_escaped_str(out, s),
        Value::Null => out.push_str(missing),
    }
}

// The table's shorthand, as in the procps spec: alignment R(ight) L(eft)
// U(ser) X (unlimited text) W(chan) S(ignal); class PO TO ET AN.
const R: Align = Align::Right;
const L: Align = Align::Left;
const U: Align = Align::User;
const X: Align = Align::Text;
const W: Align = Align::Wchan;
const S: Align = Align::Signal;
const PO: Class = Class::ProcessOnly;
const TO: Class = Class::ThreadOnly;
const ET: Class = Class::EveryTime;
const AN: Class = Class::AsNeeded;

/// Every specifier ps accepts, in procps' table order (the order of `ps L`).
pub static SPECS: &[Spec] = &[
    spec("%cpu", "%CPU", 4, R, ET, PCPU),
    spec("%mem", "%MEM", 4, R, PO, PMEM),
    spec("_left", "LLLLLLLL", 8, L, ET, T_LEFT),
    spec("_left2", "L2L2L2L2", 8, L, ET, T_LEFT2),
    spec("_right", "RRRRRRRRRRR", 11, R, ET, T_RIGHT),
    spec("_right2", "R2R2R2R2R2R", 11, R, ET, T_RIGHT2),
    spec("_unlimited", "U", 16, X, ET, T_UNLIMITED),
    spec("_unlimited2", "U2", 16, X, ET, T_UNLIMITED2),
    spec("acflag", "ACFLG", 5, R, AN, NOP),
    spec("acflg", "ACFLG", 5, R, AN, NOP),
    spec("addr", "ADDR", 4, R, AN, NOP),
    spec("addr_1", "ADDR", 1, L, AN, NOP),
    spec("ag_id", "AGID", 5, R, AN, AGID),
    spec("ag_nice", "AGNI", 4, R, AN, AGNICE),
    spec("alarm", "ALARM", 5, R, AN, NOP),
    spec("argc", "ARGC", 4, R, PO, NOP),
    spec("args", "COMMAND", 27, X, PO, ARGS),
    spec("atime", "TIME", 8, R, ET, TIME),
    spec("blocked", "BLOCKED", 9, S, TO, SIGMASK),
    spec("bnd", "BND", 1, R, TO, NOP),
    spec("bsdstart", "START", 6, R, ET, BSDSTART),
    spec("bsdtime", "TIME", 6, R, ET, BSDTIME),
    spec("c", "C", 2, R, ET, C),
    spec("caught", "CAUGHT", 9, S, TO, SIGCATCH),
    spec("cgname", "CGNAME", 27, X, PO, CGNAME),
    spec("cgroup", "CGROUP", 27, X, PO, CGROUP),
    spec("cgroupns", "CGROUPNS", 10, R, ET, CGROUPNS),
    spec("class", "CLS", 3, L, TO, CLASS),
    spec("cls", "CLS", 3, R, TO, CLASS),
    spec("cmaj_flt", "-", 1, R, AN, NOP),
    spec("cmd", "CMD", 27, X, PO, ARGS),
    spec("cmin_flt", "-", 1, R, AN, NOP),
    spec("cnswap", "-", 1, R, AN, NOP),
    spec("comm", "COMMAND", 15, X, PO, COMM),
    spec("command", "COMMAND", 27, X, PO, ARGS),
    spec("context", "CONTEXT", 31, L, ET, CONTEXT),
    spec("cp", "CP", 3, R, ET, CP),
    spec("cpu", "CPU", 3, R, AN, NOP),
    spec("cpuid", "CPUID", 5, R, TO, PSR),
    spec("cputime", "TIME", 8, R, ET, TIME),
    spec("cputimes", "TIME", 8, R, ET, TIMES),
    spec("ctid", "CTID", 5, R, ET, NOP),
    spec("cuc", "%CUC", 7, R, AN, UTILIZATION_C),
    spec("cursig", "CURSIG", 6, R, AN, NOP),
    spec("cutime", "-", 1, R, AN, NOP),
    spec("cuu", "%CUU", 6, R, AN, UTILIZATION),
    spec("cwd", "CWD", 3, L, AN, NOP),
    spec("drs", "DRS", 5, R, PO, DRS),
    spec("dsiz", "DSIZ", 4, R, PO, DSIZ),
    spec("egid", "EGID", 5, R, ET, EGID),
    spec("egroup", "EGROUP", 8, U, ET, EGROUP),
    spec("eip", "EIP", 16, R, TO, EIP),
    spec("emul", "EMUL", 13, L, PO, NOP),
    spec("end_code", "E_CODE", 16, R, PO, NOP),
    spec("environ", "ENVIRONMENT", 11, X, PO, NOP),
    spec("esp", "ESP", 16, R, TO, ESP),
    spec("etime", "ELAPSED", 11, R, ET, ETIME),
    spec("etimes", "ELAPSED", 7, R, ET, ETIMES),
    spec("euid", "EUID", 5, R, ET, EUID),
    spec("euser", "EUSER", 8, U, ET, EUSER),
    spec("exe", "EXE", 27, X, PO, EXE),
    spec("f", "F", 1, R, ET, FLAG),
    spec("fgid", "FGID", 5, R, ET, FGID).unsorted(),
    spec("fgroup", "FGROUP", 8, U, ET, FGROUP),
    spec("flag", "F", 1, R, ET, FLAG),
    spec("flags", "F", 1, R, ET, FLAG),
    spec("fname", "COMMAND", 8, L, PO, FNAME),
    spec("fsgid", "FSGID", 5, R, ET, FGID),
    spec("fsgroup", "FSGROUP", 8, U, ET, FGROUP),
    spec("fsuid", "FSUID", 5, R, ET, FUID),
    spec("fsuser", "FSUSER", 8, U, ET, FUSER),
    spec("fuid", "FUID", 5, R, ET, FUID),
    spec("fuser", "FUSER", 8, U, ET, FUSER),
    spec("gid", "GID", 5, R, ET, EGID),
    spec("group", "GROUP", 8, U, ET, EGROUP),
    spec("ignored", "IGNORED", 9, S, TO, SIGIGNORE),
    spec("inblk", "INBLK", 5, R, AN, NOP),
    spec("inblock", "INBLK", 5, R, AN, NOP),
    spec("intpri", "PRI", 3, R, TO, OPRI),
    spec("ipcns", "IPCNS", 10, R, ET, IPCNS),
    spec("jid", "JID", 1, R, PO, NOP),
    spec("jobc", "JOBC", 4, R, AN, NOP),
    spec("ktrace", "KTRACE", 8, R, AN, NOP),
    spec("ktracep", "KTRACEP", 8, R, AN, NOP),
    spec("label", "LABEL", 31, L, ET, CONTEXT),
    spec("lastcpu", "C", 3, R, TO, PSR),
    spec("lim", "LIM", 5, R, AN, LIM),
    spec("login", "LOGNAME", 8, L, AN, NOP),
    spec("logname", "LOGNAME", 8, L, AN, NOP),
    spec("longtname", "TTY", 8, L, PO, TTY8),
    spec("lsession", "SESSION", 11, L, ET, SD_SESSION),
    spec("lstart", "STARTED", 24, R, ET, LSTART),
    spec("luid", "LUID", 5, R, ET, LUID),
    spec("luser", "LUSER", 8, U, ET, NOP),
    spec("lwp", "LWP", 5, R, TO, TASKS).pid_like(),
    spec("lxc", "LXC", 8, L, ET, LXCNAME),
    spec("m_drs", "DRS", 5, R, PO, DRS),
    spec("m_dt", "DT", 4, R, PO, NOP),
    spec("m_lrs", "LRS", 5, R, PO, NOP),
    spec("m_resident", "RES", 5, R, PO, NOP),
    spec("m_share", "SHRD", 5, R, PO, NOP),
    spec("m_size", "SIZE", 5, R, PO, M_SIZE),
    spec("m_swap", "SWAP", 5, R, PO, NOP),
    spec("m_trs", "TRS", 5, R, PO, TRS),
    spec("machine", "MACHINE", 31, L, ET, SD_MACHINE),
    spec("maj_flt", "MAJFL", 6, R, AN, MAJFLT),
    spec("majflt", "MAJFLT", 6, R, AN, MAJFLT),
    spec("min_flt", "MINFL", 6, R, AN, MINFLT),
    spec("minflt", "MINFLT", 6, R, AN, MINFLT),
    spec("mntns", "MNTNS", 10, R, ET, MNTNS),
    spec("msgrcv", "MSGRCV", 6, R, AN, NOP),
    spec("msgsnd", "MSGSND", 6, R, AN, NOP),
    spec("mwchan", "MWCHAN", 6, W, TO, NOP),
    spec("netns", "NETNS", 10, R, ET, NETNS),
    spec("ni", "NI", 3, R, TO, NICE),
    spec("nice", "NI", 3, R, TO, NICE),
    spec("nivcsw", "IVCSW", 5, R, AN, NOP),
    spec("nlwp", "NLWP", 4, R, PO, NLWP),
    spec("nsignals", "NSIGS", 5, R, AN, NOP),
    spec("nsigs", "NSIGS", 5, R, AN, NOP),
    spec("nswap", "NSWAP", 5, R, AN, NOP),
    spec("numa", "NUMA", 4, R, AN, NUMA),
    spec("nvcsw", "VCSW", 5, R, AN, NOP),
    spec("nwchan", "WCHAN", 6, R, TO, NOP),
    spec("oom", "OOM", 4, R, TO, OOM),
    spec("oomadj", "OOMADJ", 5, R, TO, OOM_ADJ),
    spec("opri", "PRI", 3, R, TO, OPRI),
    spec("osz", "SZ", 2, R, PO, NOP),
    spec("oublk", "OUBLK", 5, R, AN, NOP),
    spec("oublock", "OUBLK", 5, R, AN, NOP),
    spec("ouid", "OWNER", 5, L, ET, SD_OUID),
    spec("p_ru", "P_RU", 6, R, AN, NOP),
    spec("paddr", "PADDR", 6, R, AN, NOP),
    spec("pagein", "PAGEIN", 6, R, AN, MAJFLT),
    spec("pcpu", "%CPU", 4, R, ET, PCPU),
    spec("pending", "PENDING", 9, S, ET, SIG),
    spec("pgid", "PGID", 5, R, PO, PGID).pid_like(),
    spec("pgrp", "PGRP", 5, R, PO, PGID).pid_like(),
    spec("pid", "PID", 5, R, PO, PROCS).pid_like(),
    spec("pidns", "PIDNS", 10, R, ET, PIDNS),
    spec("pmem", "%MEM", 4, R, PO, PMEM),
    spec("poip", "-", 1, R, AN, NOP),
    spec("policy", "POL", 3, L, TO, CLASS),
    spec("ppid", "PPID", 5, R, PO, PPID).pid_like(),
    spec("pri", "PRI", 3, R, TO, PRI),
    spec("pri_api", "API", 3, R, TO, PRI_API),
    spec("pri_bar", "BAR", 3, R, TO, PRI_BAR),
    spec("pri_baz", "BAZ", 3, R, TO, PRI_BAZ),
    spec("pri_foo", "FOO", 3, R, TO, PRI_FOO),
    spec("priority", "PRI", 3, R, TO, PRIORITY),
    spec("prmgrp", "PRMGRP", 12, R, PO, NOP),
    spec("prmid", "PRMID", 12, R, PO, NOP),
    spec("project", "PROJECT", 12, L, PO, NOP),
    spec("projid", "PROJID", 5, R, PO, NOP),
    spec("pset", "PSET", 4, R, TO, NOP),
    spec("psr", "PSR", 3, R, TO, PSR),
    spec("pss", "PSS", 5, R, PO, PSS),
    spec("psxpri", "PPR", 3, R, TO, NOP),
    spec("rbytes", "RBYTES", 5, R, TO, RBYTES),
    spec("rchars", "RCHARS", 5, R, TO, RCHARS),
    spec("re", "RE", 3, R, AN, NOP),
    spec("resident", "RES", 5, R, PO, NOP),
    spec("rgid", "RGID", 5, R, ET, RGID),
    spec("rgroup", "RGROUP", 8, U, ET, RGROUP),
    spec("rlink", "RLINK", 8, R, AN, NOP),
    spec("rops", "ROPS", 5, R, TO, ROPS),
    spec("rss", "RSS", 5, R, PO, RSS),
    spec("rssize", "RSS", 5, R, PO, RSS),
    spec("rsz", "RSZ", 5, R, PO, RSS),
    spec("rtprio", "RTPRIO", 6, R, TO, RTPRIO),
    spec("ruid", "RUID", 5, R, ET, RUID),
    spec("ruser", "RUSER", 8, U, ET, RUSER),
    spec("s", "S", 1, L, TO, STATE),
    spec("sched", "SCH", 3, R, TO, SCHED),
    spec("scnt", "SCNT", 4, R, AN, NOP),
    spec("scount", "SC", 4, R, AN, NOP),
    spec("seat", "SEAT", 11, L, ET, SD_SEAT),
    spec("sess", "SESS", 5, R, PO, SESS).pid_like(),
    spec("session", "SESS", 5, R, PO, SESS).pid_like(),
    spec("sgi_p", "P", 1, R, TO, SGI_P),
    spec("sgi_rss", "RSS", 4, L, PO, RSS),
    spec("sgid", "SGID", 5, R, ET, SGID),
    spec("sgroup", "SGROUP", 8, U, ET, SGROUP),
    spec("share", "-", 1, R, PO, NOP),
    spec("sid", "SID", 5, R, PO, SESS).pid_like(),
    spec("sig", "PENDING", 9, S, ET, SIG),
    spec("sig_block", "BLOCKED", 9, S, TO, SIGMASK),
    spec("sig_catch", "CATCHED", 9, S, TO, SIGCATCH),
    spec("sig_ignore", "IGNORED", 9, S, TO, SIGIGNORE),
    spec("sig_pend", "SIGNAL", 9, S, ET, SIG),
    spec("sigcatch", "CAUGHT", 9, S, TO, SIGCATCH),
    spec("sigignore", "IGNORED", 9, S, TO, SIGIGNORE),
    spec("sigmask", "BLOCKED", 9, S, TO, SIGMASK),
    spec("size", "SIZE", 5, R, PO, SIZE),
    spec("sl", "SL", 3, R, AN, NOP),
    spec("slice", "SLICE", 31, L, ET, SD_SLICE),
    spec("spid", "SPID", 5, R, TO, TASKS).pid_like(),
    spec("stackp", "STACKP", 16, R, PO, STACKP),
    spec("start", "STARTED", 8, R, ET, START),
    spec("start_code", "S_CODE", 16, R, PO, NOP),
    spec("start_stack", "STACKP", 16, R, PO, STACKP),
    spec("start_time", "START", 5, R, ET, STIME),
    spec("stat", "STAT", 4, L, TO, STAT),
    spec("state", "S", 1, L, TO, STATE),
    spec("status", "STATUS", 6, R, AN, NOP),
    spec("stime", "STIME", 5, R, ET, STIME),
    spec("suid", "SUID", 5, R, ET, SUID),
    spec("supgid", "SUPGID", 20, X, PO, SUPGID),
    spec("supgrp", "SUPGRP", 40, X, PO, SUPGRP),
    spec("suser", "SUSER", 8, U, ET, SUSER),
    spec("svgid", "SVGID", 5, R, ET, SGID),
    spec("svgroup", "SVGROUP", 8, U, ET, SGROUP),
    spec("svuid", "SVUID", 5, R, ET, SUID),
    spec("svuser", "SVUSER", 8, U, ET, SUSER),
    spec("systime", "SYSTEM", 6, R, ET, NOP),
    spec("sz", "SZ", 5, R, PO, SZ),
    spec("taskid", "TASKID", 5, R, TO, NOP).pid_like(),
    spec("tdev", "TDEV", 4, R, AN, NOP),
    spec("tgid", "TGID", 5, R, PO, PROCS).pid_like(),
    spec("thcount", "THCNT", 5, R, PO, NLWP),
    spec("tid", "TID", 5, R, TO, TASKS).pid_like(),
    spec("time", "TIME", 8, R, ET, TIME),
    spec("timens", "TIMENS", 10, R, ET, TIMENS),
    spec("timeout", "TMOUT", 5, R, AN, NOP),
    spec("times", "TIME", 8, R, ET, TIMES),
    spec("tmout", "TMOUT", 5, R, AN, NOP),
    spec("tname", "TTY", 8, L, PO, TTY8),
    spec("tpgid", "TPGID", 5, R, PO, TPGID).pid_like(),
    spec("trs", "TRS", 4, R, PO, TRS),
    spec("trss", "TRSS", 4, R, PO, TRS),
    spec("tsess", "TSESS", 5, R, PO, NOP).pid_like(),
    spec("tsession", "TSESS", 5, R, PO, NOP).pid_like(),
    spec("tsid", "TSID", 5, R, PO, NOP).pid_like(),
    spec("tsig", "PENDING", 9, S, ET, TSIG),
    spec("tsiz", "TSIZ", 4, R, PO, TSIZ),
    spec("tt", "TT", 8, L, PO, TTY8),
    spec("tty", "TT", 8, L, PO, TTY8),
    spec("tty4", "TTY", 4, L, PO, TTY4).unsorted(),
    spec("tty8", "TTY", 8, L, PO, TTY8),
    spec("u_procp", "UPROCP", 6, R, AN, NOP),
    spec("ucmd", "CMD", 15, X, PO, COMM),
    spec("ucomm", "COMMAND", 15, X, PO, COMM),
    spec("uid", "UID", 5, R, ET, EUID),
    spec("uid_hack", "UID", 8, U, ET, EUSER),
    spec("umask", "UMASK", 5, R, AN, NOP),
    spec("uname", "USER", 8, U, ET, EUSER),
    spec("unit", "UNIT", 31, L, ET, SD_UNIT),
    spec("upr", "UPR", 3, R, TO, NOP),
    spec("uprocp", "UPROCP", 8, R, AN, NOP),
    spec("user", "USER", 8, U, ET, EUSER),
    spec("userns", "USERNS", 10, R, ET, USERNS),
    spec("usertime", "USER", 4, R, ET, NOP),
    spec("usrpri", "UPR", 3, R, TO, NOP),
    spec("uss", "USS", 5, R, PO, USS),
    spec("util", "C", 2, R, ET, C),
    spec("utime", "UTIME", 6, R, ET, NOP),
    spec("utsns", "UTSNS", 10, R, ET, UTSNS),
    spec("uunit", "UUNIT", 31, L, ET, SD_UUNIT),
    spec("vm_data", "DATA", 5, R, PO, NOP),
    spec("vm_exe", "EXE", 5, R, PO, NOP),
    spec("vm_lib", "LIB", 5, R, PO, NOP),
    spec("vm_lock", "LCK", 3, R, PO, NOP),
    spec("vm_stack", "STACK", 5, R, PO, NOP),
    spec("vsize", "VSZ", 6, R, PO, VSZ).unsorted(),
    spec("vsz", "VSZ", 6, R, PO, VSZ),
    spec("wbytes", "WBYTES", 5, R, TO, WBYTES),
    spec("wcbytes", "WCBYTES", 5, R, TO, WCBYTES),
    spec("wchan", "WCHAN", 6, W, TO, WCHAN),
    spec("wchars", "WCHARS", 5, R, TO, WCHARS),
    spec("wname", "WCHAN", 6, W, TO, WCHAN),
    spec("wops", "WOPS", 5, R, TO, WOPS),
    spec("xstat", "XSTAT", 5, R, AN, NOP),
    spec("zone", "ZONE", 31, L, ET, CONTEXT),
    spec("zoneid", "ZONEID", 31, R, ET, NOP),
];

/// The specifier called `name`, if ps knows it.
pub fn find(name: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|spec| spec.name == name)
}

/// `ps L`: every specifier that prints something, with its header.
pub fn write_spec_list(out: &mut impl io::Write) -> io::Result<()> {
    for spec in SPECS.iter().filter(|spec| !spec.nop) {
        writeln!(out, "{:<12.12} {:<8.8}", spec.name, spec.header)?;
    }
    Ok(())
}

const N: Needs = Needs::NONE;
const ST: Needs = Needs::STATUS;
const ARGV: Needs = Needs::CMDLINE;
const TTY: Needs = Needs::TTY_NAMES;
const NS: Needs = Needs::NAMESPACES;

// ---- Process ids -------------------------------------------------------------

const PROCS: Printer = Printer::of(N, |r| Value::Int(r.proc.pid.into()));
const TASKS: Printer = Printer::of(N, |r| Value::Int(r.proc.tid.into()));
const PPID: Printer = Printer::of(N, |r| Value::Int(r.proc.stat.ppid.into()));
const PGID: Printer = Printer::of(N, |r| Value::Int(r.proc.stat.pgrp.into()));
const SESS: Printer = Printer::of(N, |r| Value::Int(r.proc.stat.session.into()));
const TPGID: Printer = Printer::of(N, |r| Value::Int(r.proc.stat.tpgid.into()));
const NLWP: Printer = Printer::of(N, |r| Value::Int(r.proc.stat.num_threads));

// ---- Users and groups ----------------------------------------------------------

// The effective uid is also the owner of /proc/PID: no need to read status.
const EUID: Printer = Printer::of(Needs::OWNER, |r| id_value(r.uid(EFFECTIVE)));
const RUID: Printer = Printer::of(ST, |r| id_value(r.uid(REAL)));
const SUID: Printer = Printer::of(ST, |r| id_value(r.uid(SAVED)));
const FUID: Printer = Printer::of(ST, |r| id_value(r.uid(FS)));
const EGID: Printer = Printer::of(ST, |r| id_value(r.gid(EFFECTIVE)));
const RGID: Printer = Printer::of(ST, |r| id_value(r.gid(REAL)));
const SGID: Printer = Printer::of(ST, |r| id_value(r.gid(SAVED)));
const FGID: Printer = Printer::of(ST, |r| id_value(r.gid(FS)));

const USERS: Needs = Needs::USER_NAMES;
const EUSER: Printer = Printer::of(Needs::EFFECTIVE_USER_NAME, |r| user_value(r, EFFECTIVE))
    .text(|r, room, out| user_text(r, EFFECTIVE, room, out));
const RUSER: Printer =
    Printer::of(USERS, |r| user_value(r, REAL)).text(|r, room, out| user_text(r, REAL, room, out));
const SUSER: Printer = Printer::of(USERS, |r| user_value(r, SAVED))
    .text(|r, room, out| user_text(r, SAVED, room, out));
const FUSER: Printer =
    Printer::of(USERS, |r| user_value(r, FS)).text(|r, room, out| user_text(r, FS, room, out));

const GROUPS: Needs = Needs::GROUP_NAMES;
const EGROUP: Printer = Printer::of(GROUPS, |r| group_value(r, EFFECTIVE))
    .text(|r, room, out| group_text(r, EFFECTIVE, room, out));
const RGROUP: Printer = Printer::of(GROUPS, |r| group_value(r, REAL))
    .text(|r, room, out| group_text(r, REAL, room, out));
const SGROUP: Printer = Printer::of(GROUPS, |r| group_value(r, SAVED))
    .text(|r, room, out| group_text(r, SAVED, room, out));
const FGROUP: Printer =
    Printer::of(GROUPS, |r| group_value(r, FS)).text(|r, room, out| group_text(r, FS, room, out));

const LUID: Printer = Printer::of(Needs::LOGINUID, |r| match r.proc.extra.loginuid {
    Some(uid) if uid != u32::MAX => id_value(Some(uid)),
    _ => Value::Null,
});

const SUPGID: Printer = Printer::of(ST, |r| {
    let groups = r.proc.status.as_ref().map_or(&[][..], |s| &s.groups);
    match groups {
        [] => Value::Null,
        _ => Value::Text(join(groups.iter().map(|g| g.to_string()))),
    }
});
const SUPGRP: Printer = Printer::of(Needs::SUPPLEMENTARY_GROUP_NAMES, |r| {
    let groups = r.proc.status.as_ref().map_or(&[][..], |s| &s.groups);
    match groups {
        [] => Value::Null,
        _ => Value::Text(join(groups.iter().map(|&g| group_name(r, g)))),
    }
});

// ---- CPU and times -------------------------------------------------------------

/// procps sorts %CPU columns by the exact lifetime use, not the printed
/// figure; with `--sample`, by the sampled use.
const UTILIZATION_KEY: ValueFn = |r| match r.sampled_permille() {
    Some(sampled) => Value::Float(sampled as f64 / 10.0),
    None => Value::Float(r.utilization(r.own_ticks())),
};

const PCPU: Printer = Printer::of(N, |r| Value::Float(r.pcpu_permille() as f64 / 10.0))
    .text(|r, _, out| {
        let permille = r.pcpu_permille();
        // ps drops the decimal from 100% on.
        if permille > 999 {
            let _ = write!(out, "{}", permille / 10);
        } else {
            let _ = write!(out, "{}.{}", permille / 10, permille % 10);
        }
    })
    .sort_by(UTILIZATION_KEY);
const C: Printer = Printer::of(N, |r| match (r.sampled_permille(), r.elapsed_ticks()) {
    (Some(sampled), _) => Value::uint((sampled / 10).min(99)),
    (None, 0) => Value::Int(0),
    (None, ticks) => Value::uint((r.total_ticks() * 100 / ticks).min(99)),
})
.sort_by(UTILIZATION_KEY);
const CP: Printer =
    Printer::of(N, |r| Value::uint(r.pcpu_permille().min(999))).sort_by(UTILIZATION_KEY);
/// %CUU, %CUC: lifetime CPU use with 3 decimals, capped below 100.
const UTILIZATION: Printer = Printer::of(N, |r| utilization(r.utilization(r.own_ticks())))
    .text(|r, _, out| push_utilization(out, r.utilization(r.own_ticks())));
const UTILIZATION_C: Printer = Printer::of(N, |r| {
    utilization(r.utilization(r.proc.cumulative_cpu_ticks()))
})
.text(|r, _, out| push_utilization(out, r.utilization(r.proc.cumulative_cpu_ticks())));

const OWN_TICKS_KEY: ValueFn = |r| Value::uint(r.own_ticks());
const TIME: Printer = Printer::of(N, |r| Value::uint(r.own_ticks() / r.hz()))
    .text(|r, _, out| out.push_str(&timefmt::dd_hh_mm_ss(r.own_ticks() / r.hz())))
    .sort_by(OWN_TICKS_KEY);
const TIMES: Printer =
    Printer::of(N, |r| Value::uint(r.own_ticks() / r.hz())).sort_by(OWN_TICKS_KEY);
const BSDTIME: Printer = Printer::of(N, |r| Value::uint(r.total_ticks() / r.hz()))
    .text(|r, _, out| {
        let secs = r.total_ticks() / r.hz();
        let _ = write!(out, "{:3}:{:02}", secs / 60, secs % 60);
    })
    .sort_by(|r| Value::uint(r.total_ticks()));

const AGE_KEY: ValueFn = |r| Value::uint(r.age_ticks());
const ETIME: Printer = Printer::of(N, |r| Value::uint(r.elapsed() as u64))
    .text(|r, _, out| out.push_str(&timefmt::elapsed(r.elapsed() as u64)))
    .sort_by(AGE_KEY);
const ETIMES: Printer = Printer::of(N, |r| Value::uint(r.elapsed() as u64)).sort_by(AGE_KEY);

const START_KEY: ValueFn = |r| Value::uint(r.proc.stat.starttime);
const STIME: Printer = Printer::of(N, |r| Value::Int(r.start_epoch()))
    .text(|r, _, out| out.push_str(&stime_text(r.start_local(), r.snap.system.now_local)))
    .sort_by(START_KEY);
const START: Printer = Printer::of(N, |r| Value::Int(r.start_epoch()))
    .text(|r, _, out| out.push_str(&start_text(r.start_epoch(), r.snap.system.now)))
    .sort_by(START_KEY);
const BSDSTART: Printer = Printer::of(N, |r| Value::Int(r.start_epoch()))
    .text(|r, _, out| out.push_str(&bsdstart_text(r.start_epoch(), r.snap.system.now)))
    .sort_by(START_KEY);
const LSTART: Printer = Printer::of(N, |r| Value::Int(r.start_epoch()))
    .text(|r, _, out| out.push_str(&r.start_local().long()))
    .sort_by(START_KEY);

// ---- Scheduling ------------------------------------------------------------------

const PRIORITY_KEY: ValueFn = |r| r.priority();
const PRIORITY: Printer = Printer::of(N, |r| r.priority());
/// `-l`'s PRI: 60 + the kernel's priority (80 for nice 0).
const OPRI: Printer =
    Printer::of(N, |r| Value::Int(60 + r.proc.stat.priority)).sort_by(PRIORITY_KEY);
/// PRI: 39 - the kernel's priority, so larger is more urgent.
const PRI: Printer =
    Printer::of(N, |r| Value::Int(39 - r.proc.stat.priority)).sort_by(PRIORITY_KEY);
const PRI_API: Printer =
    Printer::of(N, |r| Value::Int(-1 - r.proc.stat.priority)).sort_by(PRIORITY_KEY);
const PRI_BAR: Printer =
    Printer::of(N, |r| Value::Int(r.proc.stat.priority + 1)).sort_by(PRIORITY_KEY);
const PRI_BAZ: Printer =
    Printer::of(N, |r| Value::Int(r.proc.stat.priority + 100)).sort_by(PRIORITY_KEY);
const PRI_FOO: Printer =
    Printer::of(N, |r| Value::Int(r.proc.stat.priority - 20)).sort_by(PRIORITY_KEY);
/// Only normal, batch and unknown policies have a nice value worth printing.
const NICE: Printer = Printer::of(N, |r| match r.policy() {
    0 | 3 | -1 => Value::Int(r.proc.stat.nice),
    _ => Value::Null,
})
.sort_by(|r| Value::Int(r.proc.stat.nice));
const RTPRIO: Printer = Printer::of(N, |r| match r.policy() {
    0 | -1 => Value::Null,
    _ => Value::Int(r.proc.stat.rt_priority.unwrap_or(0).into()),
});
const SCHED: Printer = Printer::of(N, |r| match r.policy() {
    -1 => Value::Null,
    policy => Value::Int(policy),
});
const CLASS: Printer = Printer::of(N, |r| match policy_name(r.policy()) {
    "-" => Value::Null,
    name => Value::Text(name.to_string()),
})
.sort_by(|r| Value::Int(r.policy()));
const PSR: Printer = Printer::of(N, |r| Value::Int(r.proc.stat.processor.unwrap_or(0).into()));
/// IRIX' P: the CPU of a running process, `*` for any other.
const SGI_P: Printer = Printer::of(N, |r| match r.proc.stat.state {
    'R' => Value::Int(r.proc.stat.processor.unwrap_or(0).into()),
    _ => Value::Null,
})
.missing("*");
const NUMA: Printer = Printer::of(N, |r| {
    Value::Int(crate::proc::system::numa_node_of_cpu(r.proc.stat.processor.unwrap_or(0)).into())
});

// ---- State ---------------------------------------------------------------------

const STATE_KEY: ValueFn = |r| Value::Text(r.proc.stat.state.to_string());
const STATE: Printer = Printer::of(N, STATE_KEY);
const STAT: Printer = Printer::of(ST, |r| Value::Text(stat_string(r.proc))).sort_by(STATE_KEY);
/// F: the process flags "forked but did not exec" (1) and "used super-user
/// privileges" (4).
const FLAG: Printer = Printer::of(N, |r| Value::Int(((r.proc.stat.flags >> 6) & 7).into()));
const WCHAN: Printer = Printer::of(Needs::WCHAN, |r| match wchan_name(r.proc) {
    Some(name) if name != b"-" && name != b"?" => Value::text(name),
    _ => Value::Null,
})
.text(|r, _, out| match wchan_name(r.proc) {
    Some(name) => escape::push_escaped(out, name),
    None => out.push('?'),
});

// ---- Memory --------------------------------------------------------------------

const VSZ: Printer = Printer::of(N, |r| Value::uint(r.proc.vsz_kib()));
const RSS_KEY: ValueFn = |r| Value::uint(r.proc.rss_kib(&r.snap.system));
const RSS: Printer = Printer::of(Needs::STATM, RSS_KEY);
const PMEM: Printer = Printer::of(Needs::STATM, |r| {
    Value::Float(r.pmem_permille() as f64 / 10.0)
})
.text(|r, _, out| {
    let permille = r.pmem_permille();
    let _ = write!(out, "{:2}.{}", permille / 10, permille % 10);
})
.sort_by(RSS_KEY);
/// SZ: the virtual size in pages (the value stays in KiB, like VSZ).
const SZ: Printer = Printer::of(N, |r| Value::uint(r.proc.vsz_kib())).text(|r, _, out| {
    let _ = write!(
        out,
        "{}",
        r.proc.vsz_kib() / r.snap.system.page_size_kib.max(1)
    );
});
/// SIZE: data plus stack, what a swap-out would have to write.
const SIZE: Printer = Printer::of(ST, |r| {
    Value::uint(r.proc.status.as_ref().map_or(0, |s| s.vm_data + s.vm_stk))
});
/// m_size: the virtual size in bytes (the value stays in KiB).
const M_SIZE: Printer = Printer::of(N, |r| Value::uint(r.proc.vsz_kib())).text(|r, _, out| {
    let _ = write!(out, "{}", r.proc.stat.vsize);
});
const TRS: Printer = Printer::of(N, |r| Value::uint(text_kib(r.proc)));
const TSIZ: Printer = TRS;
const DRS: Printer = Printer::of(N, |r| Value::uint(data_kib(r.proc)));
const DSIZ: Printer = DRS;
/// The RSS limit in KiB; `xx` for none.
const LIM: Printer = Printer::of(N, |r| match r.proc.stat.rsslim {
    u64::MAX => Value::Null,
    limit => Value::uint(limit >> 10),
})
.missing("xx");
const PSS: Printer = Printer::of(Needs::SMAPS_ROLLUP, |r| memory(r, |m| m.pss)).missing("0");
const USS: Printer = Printer::of(Needs::SMAPS_ROLLUP, |r| memory(r, |m| m.uss)).missing("0");
const MAJFLT: Printer = Printer::of(N, |r| {
    Value::uint(r.proc.stat.majflt + r.children(r.proc.stat.cmajflt))
});
const MINFLT: Printer = Printer::of(N, |r| {
    Value::uint(r.proc.stat.minflt + r.children(r.proc.stat.cminflt))
});
const STACKP: Printer = Printer::of(N, |r| Value::uint(r.proc.stat.startstack))
    .text(|r, _, out| push_address(out, r.proc.stat.startstack));
const ESP: Printer = Printer::of(N, |r| Value::uint(r.proc.stat.kstkesp))
    .text(|r, _, out| push_address(out, r.proc.stat.kstkesp));
const EIP: Printer = Printer::of(N, |r| Value::uint(r.proc.stat.kstkeip))
    .text(|r, _, out| push_address(out, r.proc.stat.kstkeip));

// ---- Signals -------------------------------------------------------------------

/// A signal mask column. The value is the 16 hex digits of status; the text
/// is that in a wide line, else the last 8 digits, with `<` in front when the
/// dropped ones were not all zero.
macro_rules! signals {
    ($mask:ident) => {
        Printer::of(ST, |r| mask_value(r.proc.status.as_ref().map(|s| s.$mask))).text(
            |r, _, out| {
                push_mask(
                    out,
                    r.proc.status.as_ref().map(|s| s.$mask),
                    r.opts.wide_signals,
                )
            },
        )
    };
}

const SIG: Printer = signals!(shd_pending);
const TSIG: Printer = signals!(sig_pending);
const SIGMASK: Printer = signals!(sig_blocked);
const SIGIGNORE: Printer = signals!(sig_ignored);
const SIGCATCH: Printer = signals!(sig_caught);

// ---- Terminals -----------------------------------------------------------------

const TTY8: Printer = Printer::of(TTY, tty_value)
    .text(|r, _, out| push_tty_name(out, r.snap.ttys.name(r.proc.stat.tty_nr)))
    .sort(Sort::Natural);
/// TTY in 4 cells: `pts/3` shows as `3`, `tty1` as `1`.
const TTY4: Printer = Printer::of(TTY, tty_value)
    .text(|r, _, out| push_tty_name(out, short_tty_name(r.snap.ttys.name(r.proc.stat.tty_nr))))
    .sort(Sort::Natural);

// ---- Commands ------------------------------------------------------------------

/// The value keeps the arguments as they are (newlines too); ps prints and
/// sorts the command line with newlines turned into blanks.
const ARGS: Printer = Printer::of(ARGV, |r| Value::text(&raw_command_line(r.proc)))
    .text(|r, room, out| {
        let start = out.len();
        out.push_str(r.forest);
        push_args(r, out);
        push_environment(r, room, start, out);
    })
    .sort_by(|r| Value::text(&command_line(r.proc)));
const COMM: Printer =
    Printer::of(N, |r| Value::Text(r.proc.stat.comm.clone())).text(|r, room, out| {
        let start = out.len();
        out.push_str(r.forest);
        if r.opts.full_command_for_comm {
            push_args(r, out);
        } else {
            escape::push_escaped(out, &r.proc.comm);
        }
        push_environment(r, room, start, out);
    });
/// The command name in at most 8 cells, tree art included.
const FNAME: Printer =
    Printer::of(N, |r| Value::Text(r.proc.stat.comm.clone())).text(|r, room, out| {
        let mut text = String::from(r.forest);
        escape::push_escaped(&mut text, &r.proc.comm);
        out.push_str(crate::render::escape::prefix_within(&text, room.min(8)));
    });
const EXE: Printer = Printer::of(Needs::EXE, |r| {
    r.proc.extra.exe.as_deref().map_or(Value::Null, Value::text)
})
.text(|r, _, out| match &r.proc.extra.exe {
    Some(path) => escape::push_escaped(out, path),
    None => out.push('-'),
});

// ---- Control groups, namespaces, containers --------------------------------------

const CG: Needs = Needs::CGROUP;
const CGROUP: Printer = Printer::of(CG, |r| cgroup_value(cgroups(r.proc)))
    .text(|r, _, out| push_cgroup_text(out, cgroups(r.proc)));
/// The cgroup list from a named hierarchy (`name=systemd:`) on.
const CGNAME: Printer = Printer::of(CG, |r| cgroup_value(cgroup_name(cgroups(r.proc))))
    .text(|r, _, out| push_cgroup_text(out, cgroup_name(cgroups(r.proc))));
const LXCNAME: Printer = Printer::of(CG, |r| {
    let joined = cgroups(r.proc).unwrap_or_default();
    systemd::lxc_name(&joined).map_or(Value::Null, |name| Value::text(&name))
});
const SD_SLICE: Printer = Printer::of(CG, |r| systemd_value(r, |path| Some(systemd::slice(path))));
const SD_UNIT: Printer = Printer::of(CG, |r| systemd_value(r, systemd::unit));
const SD_UUNIT: Printer = Printer::of(CG, |r| systemd_value(r, systemd::user_unit));
const SD_SESSION: Printer = Printer::of(CG, |r| systemd_value(r, systemd::session));
const SD_OUID: Printer = Printer::of(CG, |r| systemd_value(r, systemd::owner_uid));
const SD_MACHINE: Printer = Printer::of(CG, |r| systemd_value(r, systemd::machine));
const SD_SEAT: Printer = Printer::of(CG, |r| systemd_value(r, systemd::seat));

const IPCNS: Printer = Printer::of(NS, |r| namespace(r, |n| n.ipc));
const MNTNS: Printer = Printer::of(NS, |r| namespace(r, |n| n.mnt));
const NETNS: Printer = Printer::of(NS, |r| namespace(r, |n| n.net));
const PIDNS: Printer = Printer::of(NS, |r| namespace(r, |n| n.pid));
const USERNS: Printer = Printer::of(NS, |r| namespace(r, |n| n.user));
const UTSNS: Printer = Printer::of(NS, |r| namespace(r, |n| n.uts));
const CGROUPNS: Printer = Printer::of(NS, |r| namespace(r, |n| n.cgroup));
const TIMENS: Printer = Printer::of(NS, |r| namespace(r, |n| n.time));

/// The security label (SELinux context, AppArmor profile). procps sorts it
/// by PID.
const CONTEXT: Printer = Printer::of(Needs::ATTR, |r| {
    let label = r.proc.extra.label.as_deref().unwrap_or_default();
    let printable = label
        .iter()
        .position(|&b| !(b' '..=b'~').contains(&b))
        .unwrap_or(label.len());
    match &label[..printable] {
        [] => Value::Null,
        shown => Value::text(shown),
    }
})
.sort_by(|r| Value::Int(r.proc.pid.into()));

// ---- Odds and ends ---------------------------------------------------------------

const OOM: Printer = Printer::of(Needs::OOM, |r| {
    r.proc.extra.oom_score.map_or(Value::Null, Value::Int)
})
.missing("0");
const OOM_ADJ: Printer = Printer::of(Needs::OOM, |r| {
    r.proc.extra.oom_score_adj.map_or(Value::Null, Value::Int)
})
.missing("0");
const AGID: Printer = Printer::of(Needs::AUTOGROUP, |r| {
    r.proc
        .extra
        .autogroup
        .map_or(Value::Null, |a| Value::Int(a.id))
})
.missing("-1");
const AGNICE: Printer = Printer::of(Needs::AUTOGROUP, |r| {
    r.proc
        .extra
        .autogroup
        .map_or(Value::Null, |a| Value::Int(a.nice))
})
.missing("0");

const RCHARS: Printer = Printer::of(Needs::IO, |r| io_value(r, |io| io.rchar)).missing("0");
const WCHARS: Printer = Printer::of(Needs::IO, |r| io_value(r, |io| io.wchar)).missing("0");
const ROPS: Printer = Printer::of(Needs::IO, |r| io_value(r, |io| io.syscr)).missing("0");
const WOPS: Printer = Printer::of(Needs::IO, |r| io_value(r, |io| io.syscw)).missing("0");
const RBYTES: Printer = Printer::of(Needs::IO, |r| io_value(r, |io| io.read_bytes)).missing("0");
const WBYTES: Printer = Printer::of(Needs::IO, |r| io_value(r, |io| io.write_bytes)).missing("0");
const WCBYTES: Printer =
    Printer::of(Needs::IO, |r| io_value(r, |io| io.cancelled_write_bytes)).missing("0");

/// A specifier procps accepts but has nothing for.
const NOP: Printer = Printer {
    nop: true,
    ..Printer::of(N, |_| Value::Null).sort(Sort::Unsorted)
};

// procps' self-test specifiers: fixed samples of awkward values, cycling by
// row, for checking the layout engine.
const T_LEFT: Printer = Printer::of(N, |r| sample(r, LEFT_SAMPLES)).sort(Sort::Unsorted);
const T_LEFT2: Printer = Printer::of(N, |r| sample(r, LEFT2_SAMPLES)).sort(Sort::Unsorted);
const T_RIGHT: Printer = Printer::of(N, |r| sample(r, RIGHT_SAMPLES)).sort(Sort::Unsorted);
const T_RIGHT2: Printer = Printer::of(N, |r| sample(r, RIGHT2_SAMPLES)).sort(Sort::Unsorted);
const T_UNLIMITED: Printer = Printer::of(N, |r| sample(r, UNLIMITED_SAMPLES)).sort(Sort::Unsorted);
const T_UNLIMITED2: Printer =
    Printer::of(N, |r| sample(r, UNLIMITED2_SAMPLES)).sort(Sort::Unsorted);

const LEFT_SAMPLES: &[&str] = &["tty7", "3270/tty4", "ttySMX0", "iseries/vtty42", "pts/9999"];
const LEFT2_SAMPLES: &[&str] = &["3270/tty4", "ttySMX0", "pts/9999", "tty7"];
const RIGHT_SAMPLES: &[&str] = &["59:59", "9-23:59:59", "99-23:59:59", "999-23:59:59"];
const RIGHT2_SAMPLES: &[&str] = &["999-23:59:59", "9-23:59:59", "99-23:59:59"];
const UNLIMITED_SAMPLES: &[&str] = &["[123456789-12345] <defunct>", "123456789-123456", "ps"];
const UNLIMITED2_SAMPLES: &[&str] = &[
    "123456789-123456",
    "ps",
    "[123456789-12345] <defunct>",
    "unlimited",
];

fn sample(r: &Row, values: &[&str]) -> Value {
    Value::Text(values[r.line % values.len()].to_string())
}

// ---- Helpers ---------------------------------------------------------------------

/// Ids print as C's `%d` of the unsigned id.
fn id_value(id: Option<u32>) -> Value {
    id.map_or(Value::Null, |id| Value::Int((id as i32).into()))
}

/// procps' name cache holds names of up to 32 bytes and shows longer ones,
/// like ids without a name, as the number.
const MAX_NAME: usize = 32;

fn user_name(r: &Row, uid: u32) -> String {
    match r.snap.names.user(uid) {
        Some(name) if name.len() <= MAX_NAME => name.to_string(),
        _ => uid.to_string(),
    }
}

fn group_name(r: &Row, gid: u32) -> String {
    match r.snap.names.group(gid) {
        Some(name) if name.len() <= MAX_NAME => name.to_string(),
        _ => gid.to_string(),
    }
}

fn user_value(r: &Row, which: usize) -> Value {
    r.uid(which)
        .map_or(Value::Null, |uid| Value::Text(user_name(r, uid)))
}

fn group_value(r: &Row, which: usize) -> Value {
    r.gid(which)
        .map_or(Value::Null, |gid| Value::Text(group_name(r, gid)))
}

fn user_text(r: &Row, which: usize, room: usize, out: &mut String) {
    match r.uid(which) {
        Some(uid) => push_name(out, r, &user_name(r, uid), uid, room),
        None => out.push('?'),
    }
}

fn group_text(r: &Row, which: usize, room: usize, out: &mut String) {
    match r.gid(which) {
        Some(gid) => push_name(out, r, &group_name(r, gid), gid, room),
        None => out.push('?'),
    }
}

/// A user or group name as ps prints it: whole if it fits `room`, else cut with
/// a `+` at the end; when the cut would split a multi-byte character ps gives
/// up on the name and prints the number (its test is on the byte at the cut).
fn push_name(out: &mut String, r: &Row, name: &str, id: u32, room: usize) {
    if r.opts.numeric {
        let _ = write!(out, "{id}");
        return;
    }
    let shown = escape::escaped(name.as_bytes());
    if crate::render::escape::display_width(&shown) <= room {
        out.push_str(&shown);
    } else if room >= 1 && shown.as_bytes().get(room - 1).is_some_and(|b| *b < 127) {
        out.push_str(&shown[..room - 1]);
        out.push('+');
    } else {
        let _ = write!(out, "{id}");
    }
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(",")
}

fn utilization(percent: f64) -> Value {
    Value::Float(if percent > 99.0 { 99.999 } else { percent })
}

fn push_utilization(out: &mut String, percent: f64) {
    let percent = if percent > 99.0 { 99.999 } else { percent };
    let _ = write!(out, "{percent:.3}");
}

/// STIME/START: the time of day for a process started today, month and day
/// for one started this year, else the year.
fn stime_text(start: LocalTime, now: LocalTime) -> String {
    if now.year != start.year {
        start.year.to_string()
    } else if now.yday != start.yday {
        start.mon_dd()
    } else {
        start.hh_mm()
    }
}

/// STARTED: the time for a process younger than a day, else two blanks,
/// month and zero-padded day.
fn start_text(start: i64, now: i64) -> String {
    let local = LocalTime::at(start);
    if start + 86400 > now {
        local.hh_mm_ss()
    } else {
        format!("  {} {:02}", local.month_name(), local.mday)
    }
}

/// BSD's START: ` HH:MM` within a day, else month and blank-padded day.
/// Note the other boundary than `start`'s: exactly one day old is still a time.
fn bsdstart_text(start: i64, now: i64) -> String {
    let local = LocalTime::at(start);
    if (now - start).max(0) > 86400 {
        format!("{} {:>2}", local.month_name(), local.mday)
    } else {
        format!(" {}", local.hh_mm())
    }
}

fn policy_name(policy: i64) -> &'static str {
    match policy {
        -1 => "-",
        0 => "TS",
        1 => "FF",
        2 => "RR",
        3 => "B",
        4 => "ISO",
        5 => "IDL",
        6 => "DLN",
        7 => "#7",
        8 => "#8",
        9 => "#9",
        _ => "?",
    }
}

/// STAT: the state letter and then the BSD flags, in ps' order.
fn stat_string(p: &Proc) -> String {
    let mut s = String::with_capacity(6);
    s.push(p.stat.state);
    if p.stat.nice < 0 {
        s.push('<');
    } else if p.stat.nice > 0 {
        s.push('N');
    }
    if p.status.as_ref().is_some_and(|st| st.vm_lck > 0) {
        s.push('L');
    }
    if p.stat.session == p.pid {
        s.push('s');
    }
    if p.stat.num_threads > 1 {
        s.push('l');
    }
    if p.stat.pgrp == p.stat.tpgid {
        s.push('+');
    }
    s
}

/// The kernel function a task sleeps in, as ps shows it: `-` for a task
/// that does not sleep (the kernel writes `0`, also when it will not tell),
/// without the `.` and `_` prefixes of some symbols; `None` when unreadable.
fn wchan_name(p: &Proc) -> Option<&[u8]> {
    let raw = p.extra.wchan.as_deref().filter(|w| !w.is_empty())?;
    if raw == b"0" {
        return Some(b"-");
    }
    let raw = raw.strip_prefix(b".").unwrap_or(raw);
    let start = raw.iter().position(|&b| b != b'_').unwrap_or(raw.len());
    Some(&raw[start..])
}

/// TRS: the text (code) segment in KiB.
fn text_kib(p: &Proc) -> u64 {
    if p.stat.vsize == 0 {
        return 0;
    }
    p.stat.endcode.wrapping_sub(p.stat.startcode) >> 10
}

/// DRS: everything but the code segment, in KiB.
fn data_kib(p: &Proc) -> u64 {
    if p.stat.vsize == 0 {
        return 0;
    }
    p.stat
        .vsize
        .wrapping_sub(p.stat.endcode)
        .wrapping_add(p.stat.startcode)
        >> 10
}

fn push_address(out: &mut String, address: u64) {
    let _ = write!(out, "{address:016x}");
}

fn mask_value(mask: Option<u64>) -> Value {
    mask.map_or(Value::Null, |m| Value::Text(format!("{m:016x}")))
}

fn push_mask(out: &mut String, mask: Option<u64>, wide: bool) {
    let Some(mask) = mask else {
        out.push('-');
        return;
    };
    if wide {
        let _ = write!(out, "{mask:016x}");
    } else {
        if mask >> 32 != 0 {
            out.push('<');
        }
        let _ = write!(out, "{:08x}", mask & 0xffff_ffff);
    }
}

fn tty_value(r: &Row) -> Value {
    match r.proc.stat.tty_nr {
        0 => Value::Null,
        nr => Value::Text(r.snap.ttys.name(nr).to_string()),
    }
}

/// A terminal name as ps prints it: bytes that are blank, control or not
/// ASCII become `?`, and it stops after 64.
fn push_tty_name(out: &mut String, name: &str) {
    out.extend(name.bytes().take(64).map(|b| match b {
        0x21..=0x7e => b as char,
        _ => '?',
    }));
}

fn short_tty_name(name: &str) -> &str {
    match name.strip_prefix("tty") {
        Some(rest) if !rest.is_empty() => rest,
        _ => name.strip_prefix("pts/").unwrap_or(name),
    }
}

/// The argument vector as one string: NULs (and newlines, as ps does) become
/// blanks, trailing NULs go, and so does a final blank that was not followed
/// by a NUL.
pub fn joined_argv(cmdline: &[u8]) -> Vec<u8> {
    let end = cmdline.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    let mut joined: Vec<u8> = cmdline[..end]
        .iter()
        .map(|&b| if b == 0 || b == b'\n' { b' ' } else { b })
        .collect();
    if cmdline.last() == Some(&b' ') {
        joined.pop();
    }
    joined
}

/// The command line as ps shows it, unescaped: the joined argv; for a process
/// without one (kernel threads, zombies) the name in brackets, zombies marked
/// `<defunct>`; `?` when the argv is only blanks away from empty.
fn command_line(p: &Proc) -> Vec<u8> {
    match p.cmdline.as_deref().unwrap_or_default() {
        [] => bracketed_name(p),
        cmdline => match joined_argv(cmdline) {
            joined if joined.is_empty() => b"?".to_vec(),
            joined => joined,
        },
    }
}

/// The arguments joined by blanks, otherwise untouched, or what
/// [`command_line`] shows for a process without them.
fn raw_command_line(p: &Proc) -> Vec<u8> {
    match p.cmdline.as_deref().unwrap_or_default() {
        [] => bracketed_name(p),
        cmdline => {
            let end = cmdline.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
            let args = cmdline[..end].iter();
            args.map(|&b| if b == 0 { b' ' } else { b }).collect()
        }
    }
}

fn bracketed_name(p: &Proc) -> Vec<u8> {
    let defunct = if p.stat.state == 'Z' {
        " <defunct>"
    } else {
        ""
    };
    [b"[", &p.comm[..], b"]", defunct.as_bytes()].concat()
}

/// `args`: the command line, or the name alone under BSD `c`.
fn push_args(r: &Row, out: &mut String) {
    if r.opts.command_name_only {
        escape::push_escaped(out, &r.proc.comm);
    } else {
        escape::push_escaped(out, &command_line(r.proc));
    }
}

/// BSD `e`: the environment after a command that began at `start`, if more
/// than one cell of room is left.
fn push_environment(r: &Row, room: usize, start: usize, out: &mut String) {
    if !r.opts.show_environment {
        return;
    }
    let used = crate::render::escape::display_width(&out[start..]);
    if let Some(environ) = r.proc.environ.as_deref().filter(|e| !e.is_empty())
        && room.saturating_sub(used) > 1
    {
        out.push(' ');
        escape::push_escaped(out, &joined_argv(environ));
    }
}

/// The cgroups of a process as ps lists them: the lines of /proc/PID/cgroup
/// joined by commas, leaving out those at a hierarchy's root (ending in `/`).
fn cgroups(p: &Proc) -> Option<Vec<u8>> {
    let file = p.extra.cgroup.as_deref()?;
    let lines: Vec<&[u8]> = file
        .split(|&b| b == b'\n')
        .filter(|line| !line.is_empty() && !line.ends_with(b"/"))
        .collect();
    (!lines.is_empty()).then(|| lines.join(&b","[..]))
}

/// CGNAME: the cgroup list from the first named hierarchy on.
fn cgroup_name(cgroups: Option<Vec<u8>>) -> Option<Vec<u8>> {
    let cgroups = cgroups?;
    const NAMED: &[u8] = b":name=";
    match cgroups.windows(NAMED.len()).position(|w| w == NAMED) {
        Some(at) => Some(cgroups[at + NAMED.len()..].to_vec()),
        None => Some(cgroups),
    }
}

fn cgroup_value(cgroups: Option<Vec<u8>>) -> Value {
    cgroups.map_or(Value::Null, |c| Value::text(&c))
}

fn push_cgroup_text(out: &mut String, cgroups: Option<Vec<u8>>) {
    match cgroups {
        Some(c) => escape::push_escaped(out, &c),
        None => out.push('-'),
    }
}

fn systemd_value(r: &Row, get: fn(&str) -> Option<String>) -> Value {
    r.proc
        .extra
        .cgroup
        .as_deref()
        .and_then(systemd::cgroup_path)
        .and_then(|path| get(&path))
        .map_or(Value::Null, Value::Text)
}

/// A namespace inode number; `-` when the link could not be read.
fn namespace(r: &Row, pick: fn(&Namespaces) -> u64) -> Value {
    match r.proc.extra.namespaces.as_ref().map(pick) {
        Some(0) | None => Value::Null,
        Some(inode) => Value::uint(inode),
    }
}

fn memory(r: &Row, pick: fn(&SmapsRollup) -> u64) -> Value {
    r.proc
        .extra
        .memory
        .as_ref()
        .map_or(Value::Null, |m| Value::uint(pick(m)))
}

fn io_value(r: &Row, pick: fn(&IoCounters) -> u64) -> Value {
    r.proc
        .extra
        .io
        .as_ref()
        .map_or(Value::Null, |io| Value::uint(pick(io)))
}

/// strverscmp(3): like a byte comparison, except that where the strings
/// first differ inside runs of digits, the runs compare as numbers; runs with
/// leading zeros count as fractions and sort before the others.
fn version_order(a: &[u8], b: &[u8]) -> Ordering {
    // Where one string ends, it compares as C's terminating NUL.
    let byte = |s: &[u8], i: usize| s.get(i).copied().unwrap_or(0);
    let Some(diff) = (0..a.len().max(b.len())).find(|&i| byte(a, i) != byte(b, i)) else {
        return Ordering::Equal;
    };
    let start = a[..diff]
        .iter()
        .rposition(|c| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    let run = |s: &[u8]| -> usize { s[start..].iter().take_while(|c| c.is_ascii_digit()).count() };
    let (da, db) = (&a[start..start + run(a)], &b[start..start + run(b)]);
    let bytewise = byte(a, diff).cmp(&byte(b, diff));
    if da.is_empty() || db.is_empty() {
        return bytewise;
    }
    let zeros = |d: &[u8]| {
        if d.len() > 1 {
            d.iter().take_while(|&&c| c == b'0').count()
        } else {
            0
        }
    };
    match (zeros(da), zeros(db)) {
        (0, 0) => da.len().cmp(&db.len()).then(bytewise),
        (0, _) => Ordering::Greater,
        (_, 0) => Ordering::Less,
        (za, zb) => zb.cmp(&za).then(bytewise),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proc::system::SystemInfo;
    use procfs::FromRead;

    /// A process from a stat line's fields after the name.
    fn proc_with(comm: &str, rest: &str) -> Proc {
        let line = format!("42 ({comm}) {rest}");
        Proc::new(
            42,
            42,
            procfs::process::Stat::from_read(line.as_bytes()).expect("stat line"),
        )
    }

    /// state S, ppid 1, pgrp 42, session 42, tty 34817 (pts/1), tpgid 42,
    /// flags 0x400140 (forked, super-user), utime 150, stime 50, nice 5,
    /// 1 thread, started at tick 1000, vsize 8 MiB.
    const STAT: &str = "S 1 42 42 34817 42 4194624 10 20 3 4 150 50 7 8 25 5 1 0 1000 \
8388608 300 18446744073709551615 4096 8192 140730000000000 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    fn snapshot(procs: Vec<Proc>) -> Snapshot {
        Snapshot {
            procs,
            sample_interval_ticks: None,
            system: SystemInfo {
                ticks_per_sec: 100,
                page_size_kib: 4,
                boot_time: 1_700_000_000,
                uptime: 30.0,
                now: 1_700_000_030,
                now_local: LocalTime::at(1_700_000_030),
                mem_total_kib: 1000,
            },
            names: Default::default(),
            ttys: Default::default(),
        }
    }

    fn text(name: &str, snap: &Snapshot, opts: &RenderOptions) -> String {
        let row = Row::new(&snap.procs[0], snap, opts);
        let mut out = String::new();
        find(name).expect("known spec").render(&row, 1000, &mut out);
        out
    }

    #[test]
    fn the_table_is_procps_table() {
        assert_eq!(SPECS.len(), 274);
        assert!(SPECS.windows(2).all(|w| w[0].name < w[1].name));
        assert_eq!(SPECS.iter().filter(|s| !s.nop).count(), 190);
        let lwp = find("lwp").unwrap();
        assert!(lwp.pid_like && lwp.class == Class::ThreadOnly);
        assert!(find("addr").unwrap().nop);
        assert!(find("PID").is_none());
        let mut listing = Vec::new();
        write_spec_list(&mut listing).unwrap();
        let listing = String::from_utf8(listing).unwrap();
        assert!(listing.starts_with("%cpu         %CPU    \n%mem         %MEM    \n"));
        assert!(listing.contains("\n_right       RRRRRRRR\n"));
        assert!(!listing.contains("\naddr "));
    }

    #[test]
    fn cpu_columns_follow_procps_arithmetic() {
        let snap = snapshot(vec![proc_with("x", STAT)]);
        let opts = RenderOptions::default();
        // 200 ticks of CPU over 2000 ticks of life.
        assert_eq!(text("%cpu", &snap, &opts), "10.0");
        assert_eq!(text("c", &snap, &opts), "10");
        assert_eq!(text("cp", &snap, &opts), "100");
        assert_eq!(text("cuu", &snap, &opts), "10.000");
        assert_eq!(text("cuc", &snap, &opts), "10.750");
        assert_eq!(text("time", &snap, &opts), "00:00:02");
        assert_eq!(text("bsdtime", &snap, &opts), "  0:02");
        assert_eq!(text("etime", &snap, &opts), "00:20");
        let cumulative = RenderOptions {
            cumulative: true,
            ..RenderOptions::default()
        };
        assert_eq!(text("%cpu", &snap, &cumulative), "10.7");
        assert_eq!(text("bsdtime", &snap, &cumulative), "  0:02");
        assert_eq!(text("time", &snap, &cumulative), "00:00:02");
        assert_eq!(text("majflt", &snap, &cumulative), "7");
        assert_eq!(text("min_flt", &snap, &opts), "10");
    }

    #[test]
    fn priorities_and_flags() {
        let snap = snapshot(vec![proc_with("x", STAT)]);
        let opts = RenderOptions::default();
        let shown: Vec<String> = [
            "pri", "opri", "priority", "ni", "f", "stat", "cls", "rtprio",
        ]
        .iter()
        .map(|name| text(name, &snap, &opts))
        .collect();
        assert_eq!(shown, ["14", "85", "25", "5", "5", "SNs+", "TS", "-"]);
        assert_eq!(text("lim", &snap, &opts), "xx");
        assert_eq!(text("trs", &snap, &opts), "4");
        assert_eq!(text("drs", &snap, &opts), "8188");
        assert_eq!(text("sz", &snap, &opts), "2048");
        assert_eq!(text("m_size", &snap, &opts), "8388608");
        assert_eq!(text("stackp", &snap, &opts), "00007ffe41a8c400");
        assert_eq!(text("sgi_p", &snap, &opts), "*");
        assert_eq!(text("addr", &snap, &opts), "-");
        // Sorting by PRI orders by the kernel's priority, which PRI inverts.
        let pri = find("pri").unwrap();
        let low = snapshot(vec![proc_with("x", &STAT.replacen(" 25 5 ", " 39 19 ", 1))]);
        let (a, b) = (
            Row::new(&snap.procs[0], &snap, &opts),
            Row::new(&low.procs[0], &low, &opts),
        );
        assert_eq!(pri.compare(&a, &b), Ordering::Less);
        assert_eq!(text("pri", &low, &opts), "0");
    }

    #[test]
    fn realtime_tasks_have_no_nice() {
        let rt = STAT
            .replacen(" 25 5 ", " -11 0 ", 1)
            .replace(" 17 1 0 0 0", " 17 1 10 1 0");
        let snap = snapshot(vec![proc_with("x", &rt)]);
        let opts = RenderOptions::default();
        let shown: Vec<String> = ["ni", "pri", "opri", "cls", "policy", "rtprio", "sched"]
            .iter()
            .map(|name| text(name, &snap, &opts))
            .collect();
        assert_eq!(shown, ["-", "50", "49", "FF", "FF", "10", "1"]);
    }

    #[test]
    fn signal_masks_narrow_and_wide() {
        let mut out = String::new();
        push_mask(&mut out, Some(0x8020_0000_0000_0200), false);
        push_mask(&mut out, Some(0x0001_0000), false);
        push_mask(&mut out, Some(0x8020_0000_0000_0200), true);
        push_mask(&mut out, None, true);
        assert_eq!(out, "<00000200000100008020000000000200-");
    }

    #[test]
    fn start_time_forms() {
        let now = 1_700_000_000;
        let t = |secs_ago: i64| LocalTime::at(now - secs_ago);
        let an_hour_ago = t(3600);
        assert_eq!(start_text(now - 3600, now), an_hour_ago.hh_mm_ss());
        let two_days = t(2 * 86400);
        assert_eq!(
            start_text(now - 2 * 86400, now),
            format!("  {} {:02}", two_days.month_name(), two_days.mday)
        );
        // Exactly a day: `start` shows the date, `bsdstart` still the time.
        assert_eq!(start_text(now - 86400, now).len(), 8);
        assert!(start_text(now - 86400, now).starts_with("  "));
        assert_eq!(
            bsdstart_text(now - 86400, now),
            format!(" {}", t(86400).hh_mm())
        );
        assert_eq!(
            bsdstart_text(now - 2 * 86400, now),
            format!("{} {:>2}", two_days.month_name(), two_days.mday)
        );
        let now_local = LocalTime::at(now);
        assert_eq!(stime_text(now_local, now_local), now_local.hh_mm());
        assert_eq!(
            stime_text(t(400 * 86400), now_local),
            t(400 * 86400).year.to_string()
        );
    }

    #[test]
    fn terminal_names_sort_naturally() {
        let order = |a: &str, b: &str| version_order(a.as_bytes(), b.as_bytes());
        assert_eq!(order("pts/9", "pts/10"), Ordering::Less);
        assert_eq!(order("pts/12", "pts/3"), Ordering::Greater);
        assert_eq!(order("tty1", "ttyS0"), Ordering::Less);
        assert_eq!(order("pts/1", "pts/1"), Ordering::Equal);
        assert_eq!(order("pts/1", "pts/10"), Ordering::Less);
        let mut names = ["000", "0", "09", "01", "10", "9", "010", "00", "1"];
        names.sort_by(|a, b| order(a, b));
        assert_eq!(names, ["000", "00", "01", "010", "09", "0", "1", "9", "10"]);
        assert_eq!(short_tty_name("pts/3"), "3");
        assert_eq!(short_tty_name("ttyS0"), "S0");
        assert_eq!(short_tty_name("tty"), "tty");
        let mut out = String::new();
        push_tty_name(&mut out, "a b\u{e9}");
        assert_eq!(out, "a?b??");
    }

    #[test]
    fn command_lines() {
        assert_eq!(joined_argv(b"sleep\x0010\x00"), b"sleep 10");
        assert_eq!(joined_argv(b"a\nb\x00c \x00\x00"), b"a b c ");
        // A final blank not followed by a NUL was padding, and goes.
        assert_eq!(joined_argv(b"title "), b"title");
        let mut zombie = proc_with("sh", &STAT.replacen('S', "Z", 1));
        assert_eq!(command_line(&zombie), b"[sh] <defunct>");
        zombie.cmdline = Some(b"\x00\x00".to_vec());
        assert_eq!(command_line(&zombie), b"?");
        zombie.cmdline = Some(b"a\nb\x00c\x00".to_vec());
        assert_eq!(command_line(&zombie), b"a b c");
        assert_eq!(raw_command_line(&zombie), b"a\nb c");
    }

    #[test]
    fn kernel_function_names() {
        let mut p = proc_with("x", STAT);
        let mut wchan = |raw: &[u8]| {
            p.extra.wchan = Some(raw.to_vec());
            wchan_name(&p).map(<[u8]>::to_vec)
        };
        assert_eq!(wchan(b"0"), Some(b"-".to_vec()));
        assert_eq!(wchan(b"__x64_sys_pause"), Some(b"x64_sys_pause".to_vec()));
        assert_eq!(wchan(b".sys_read"), Some(b"sys_read".to_vec()));
        assert_eq!(wchan(b""), None);
    }

    #[test]
    fn cgroup_lists() {
        let mut p = proc_with("x", STAT);
        p.extra.cgroup = Some(b"9:name=systemd:/a.slice\n4:memory:/x\n0::/\n".to_vec());
        assert_eq!(
            cgroups(&p).as_deref(),
            Some(&b"9:name=systemd:/a.slice,4:memory:/x"[..])
        );
        assert_eq!(
            cgroup_name(cgroups(&p)).as_deref(),
            Some(&b"systemd:/a.slice,4:memory:/x"[..])
        );
        p.extra.cgroup = Some(b"0::/\n".to_vec());
        assert_eq!(cgroups(&p), None);
    }
}

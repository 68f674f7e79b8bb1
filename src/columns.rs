//! The table of ps format specifiers: one entry per name ps accepts, each with
//! its header, width, alignment, the /proc files it needs, its value (for
//! sorting and JSON) and its text (for ps-style output).

use crate::escape;
use crate::snapshot::{Needs, Proc, Snapshot};
use crate::timefmt::{self, LocalTime};

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

/// A column's value for sorting and JSON: numbers stay numbers, text is raw
/// (unescaped; JSON escapes it), and unreadable data is `Null`.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int(i64),
    Float(f64),
    Text(String),
    Null,
}

impl Value {
    fn uint(n: u64) -> Value {
        Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// Options that change how cells render (BSD modifiers and the like).
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// BSD `e`: the environment follows the command.
    pub show_environment: bool,
    /// BSD `c`: command columns show the executable name, not argv.
    pub command_name_only: bool,
    /// `S`/`--cumulative`: CPU times include waited-for children.
    pub cumulative: bool,
    /// BSD `n`: user and group columns print numbers.
    pub numeric: bool,
}

/// Everything a cell can look at.
pub struct Row<'a> {
    pub proc: &'a Proc,
    pub snap: &'a Snapshot,
    pub opts: &'a RenderOptions,
    /// Tree art (`--forest`) drawn in front of command columns.
    pub forest: &'a str,
}

impl Row<'_> {
    fn cpu_ticks(&self) -> u64 {
        if self.opts.cumulative {
            self.proc.cumulative_cpu_ticks()
        } else {
            self.proc.cpu_ticks()
        }
    }

    fn cpu_secs(&self) -> u64 {
        self.cpu_ticks() / self.snap.system.ticks_per_sec
    }

    fn elapsed_secs(&self) -> u64 {
        self.snap.system.elapsed_secs(self.proc.stat.starttime)
    }

    fn start_local(&self) -> LocalTime {
        LocalTime::at(self.snap.system.start_epoch(self.proc.stat.starttime))
    }

    /// CPU use over the process' life in tenths of a percent, as ps computes %CPU.
    fn pcpu_permille(&self) -> u64 {
        if let Some(sampled) = self.snap.sampled_permille(self.proc, self.opts.cumulative) {
            return sampled;
        }
        match self.snap.system.elapsed_ticks(self.proc.stat.starttime) {
            0 => 0,
            lived => self.cpu_ticks() * 1000 / lived,
        }
    }

    /// Resident memory as tenths of a percent of RAM, as ps computes %MEM.
    fn pmem_permille(&self) -> u64 {
        let total = self.snap.system.mem_total_kib.max(1);
        (self.proc.rss_kib(&self.snap.system) * 1000 / total).min(999)
    }

    fn uid(&self, which: usize) -> Option<u32> {
        self.proc.status.as_ref().map(|s| s.uid[which])
    }

    fn gid(&self, which: usize) -> Option<u32> {
        self.proc.status.as_ref().map(|s| s.gid[which])
    }
}

pub type ValueFn = fn(&Row) -> Value;
/// Renders a cell. `room` is how many terminal cells ps would let it take
/// (its width, or up to the screen edge for the last column); only commands and
/// names are cut to it, everything else overflows and pushes the line right.
pub type TextFn = fn(&Row, usize, &mut String);

/// One format specifier.
pub struct Spec {
    pub name: &'static str,
    pub header: &'static str,
    pub width: usize,
    /// A process-id column: at least as wide as the digits of the kernel's
    /// `pid_max`, as procps sizes them.
    pub pid_like: bool,
    pub align: Align,
    pub needs: Needs,
    pub value: ValueFn,
    /// `None`: the text is the value printed plainly (`-` for `Null`).
    pub text: Option<TextFn>,
}

impl Spec {
    pub fn render(&self, row: &Row, room: usize, out: &mut String) {
        match self.text {
            Some(text) => text(row, room, out),
            None => push_value(out, &(self.value)(row)),
        }
    }
}

fn push_value(out: &mut String, value: &Value) {
    use std::fmt::Write;
    match value {
        Value::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Float(f) => {
            let _ = write!(out, "{f}");
        }
        Value::Text(s) => escape::push_escaped_str(out, s),
        Value::Null => out.push('-'),
    }
}

const fn num(
    name: &'static str,
    header: &'static str,
    width: usize,
    needs: Needs,
    value: ValueFn,
) -> Spec {
    Spec {
        name,
        header,
        width,
        pid_like: false,
        align: Align::Right,
        needs,
        value,
        text: None,
    }
}

const fn col(
    name: &'static str,
    header: &'static str,
    width: usize,
    align: Align,
    needs: Needs,
    value: ValueFn,
    text: TextFn,
) -> Spec {
    Spec {
        name,
        header,
        width,
        pid_like: false,
        align,
        needs,
        value,
        text: Some(text),
    }
}

/// A process-id column (`pid`, `ppid`, `lwp`, ...): right-aligned, widened to `pid_max`.
const fn pid_col(name: &'static str, header: &'static str, value: ValueFn) -> Spec {
    Spec {
        pid_like: true,
        ..num(name, header, 5, Needs::NONE, value)
    }
}

const N: Needs = Needs::NONE;
const ST: Needs = Needs::STATUS;
const USERS: Needs = Needs::USER_NAMES;
const GROUPS: Needs = Needs::GROUP_NAMES;
const TTY: Needs = Needs::TTY_NAMES;
const ARGV: Needs = Needs::CMDLINE;

/// Every specifier kps knows, in the order `kps L` lists them.
pub static SPECS: &[Spec] = &[
    pid_col("pid", "PID", |r| Value::Int(r.proc.pid.into())),
    pid_col("tgid", "TGID", |r| Value::Int(r.proc.pid.into())),
    pid_col("ppid", "PPID", |r| Value::Int(r.proc.stat.ppid.into())),
    pid_col("pgid", "PGID", |r| Value::Int(r.proc.stat.pgrp.into())),
    pid_col("pgrp", "PGRP", |r| Value::Int(r.proc.stat.pgrp.into())),
    pid_col("sid", "SID", |r| Value::Int(r.proc.stat.session.into())),
    pid_col("sess", "SESS", |r| Value::Int(r.proc.stat.session.into())),
    pid_col("session", "SESS", |r| {
        Value::Int(r.proc.stat.session.into())
    }),
    pid_col("tpgid", "TPGID", |r| Value::Int(r.proc.stat.tpgid.into())),
    pid_col("lwp", "LWP", |r| Value::Int(r.proc.tid.into())),
    pid_col("tid", "TID", |r| Value::Int(r.proc.tid.into())),
    pid_col("spid", "SPID", |r| Value::Int(r.proc.tid.into())),
    num("nlwp", "NLWP", 4, N, |r| {
        Value::Int(r.proc.stat.num_threads)
    }),
    num("thcount", "THCNT", 5, N, |r| {
        Value::Int(r.proc.stat.num_threads)
    }),
    col(
        "user",
        "USER",
        8,
        Align::User,
        USERS,
        |r| user_value(r, 1),
        |r, room, o| user_text(r, 1, room, o),
    ),
    col(
        "euser",
        "EUSER",
        8,
        Align::User,
        USERS,
        |r| user_value(r, 1),
        |r, room, o| user_text(r, 1, room, o),
    ),
    col(
        "uname",
        "USER",
        8,
        Align::User,
        USERS,
        |r| user_value(r, 1),
        |r, room, o| user_text(r, 1, room, o),
    ),
    // `-f`'s UID column shows the name, like `user` under another header.
    col(
        "uid_hack",
        "UID",
        8,
        Align::User,
        USERS,
        |r| user_value(r, 1),
        |r, room, o| user_text(r, 1, room, o),
    ),
    col(
        "ruser",
        "RUSER",
        8,
        Align::User,
        USERS,
        |r| user_value(r, 0),
        |r, room, o| user_text(r, 0, room, o),
    ),
    col(
        "suser",
        "SUSER",
        8,
        Align::User,
        USERS,
        |r| user_value(r, 2),
        |r, room, o| user_text(r, 2, room, o),
    ),
    col(
        "fuser",
        "FUSER",
        8,
        Align::User,
        USERS,
        |r| user_value(r, 3),
        |r, room, o| user_text(r, 3, room, o),
    ),
    num("uid", "UID", 5, ST, |r| id_value(r.uid(1))),
    num("euid", "EUID", 5, ST, |r| id_value(r.uid(1))),
    num("ruid", "RUID", 5, ST, |r| id_value(r.uid(0))),
    num("suid", "SUID", 5, ST, |r| id_value(r.uid(2))),
    num("fuid", "FUID", 5, ST, |r| id_value(r.uid(3))),
    col(
        "group",
        "GROUP",
        8,
        Align::User,
        GROUPS,
        |r| group_value(r, 1),
        |r, room, o| group_text(r, 1, room, o),
    ),
    col(
        "egroup",
        "EGROUP",
        8,
        Align::User,
        GROUPS,
        |r| group_value(r, 1),
        |r, room, o| group_text(r, 1, room, o),
    ),
    col(
        "rgroup",
        "RGROUP",
        8,
        Align::User,
        GROUPS,
        |r| group_value(r, 0),
        |r, room, o| group_text(r, 0, room, o),
    ),
    col(
        "sgroup",
        "SGROUP",
        8,
        Align::User,
        GROUPS,
        |r| group_value(r, 2),
        |r, room, o| group_text(r, 2, room, o),
    ),
    col(
        "fgroup",
        "FGROUP",
        8,
        Align::User,
        GROUPS,
        |r| group_value(r, 3),
        |r, room, o| group_text(r, 3, room, o),
    ),
    num("gid", "GID", 5, ST, |r| id_value(r.gid(1))),
    num("egid", "EGID", 5, ST, |r| id_value(r.gid(1))),
    num("rgid", "RGID", 5, ST, |r| id_value(r.gid(0))),
    num("sgid", "SGID", 5, ST, |r| id_value(r.gid(2))),
    num("fgid", "FGID", 5, ST, |r| id_value(r.gid(3))),
    col("%cpu", "%CPU", 4, Align::Right, N, pcpu_value, pcpu_text),
    col("pcpu", "%CPU", 4, Align::Right, N, pcpu_value, pcpu_text),
    col("%mem", "%MEM", 4, Align::Right, ST, pmem_value, pmem_text),
    col("pmem", "%MEM", 4, Align::Right, ST, pmem_value, pmem_text),
    col("c", "C", 2, Align::Right, N, c_value, c_text),
    num("vsz", "VSZ", 6, N, |r| Value::uint(r.proc.vsz_kib())),
    num("vsize", "VSZ", 6, N, |r| Value::uint(r.proc.vsz_kib())),
    num("rss", "RSS", 5, ST, |r| {
        Value::uint(r.proc.rss_kib(&r.snap.system))
    }),
    num("rssize", "RSS", 5, ST, |r| {
        Value::uint(r.proc.rss_kib(&r.snap.system))
    }),
    num("rsz", "RSZ", 5, ST, |r| {
        Value::uint(r.proc.rss_kib(&r.snap.system))
    }),
    num("sz", "SZ", 5, N, |r| {
        Value::uint(r.proc.stat.vsize / 1024 / r.snap.system.page_size_kib)
    }),
    num("ni", "NI", 3, N, nice_value),
    num("nice", "NI", 3, N, nice_value),
    num("pri", "PRI", 3, N, |r| {
        Value::Int(39 - r.proc.stat.priority)
    }),
    num("psr", "PSR", 3, N, |r| {
        Value::Int(r.proc.stat.processor.unwrap_or(0).into())
    }),
    num("f", "F", 1, N, |r| {
        Value::Int(((r.proc.stat.flags >> 6) & 0x5) as i64)
    }),
    col("s", "S", 1, Align::Left, N, state_value, |r, _, o| {
        o.push(r.proc.stat.state)
    }),
    col("state", "S", 1, Align::Left, N, state_value, |r, _, o| {
        o.push(r.proc.stat.state)
    }),
    col("stat", "STAT", 4, Align::Left, ST, stat_value, stat_text),
    col("tty", "TT", 8, Align::Left, TTY, tty_value, tty_text),
    col("tname", "TTY", 8, Align::Left, TTY, tty_value, tty_text),
    col("tt", "TT", 8, Align::Left, TTY, tty_value, tty_text),
    col("time", "TIME", 8, Align::Right, N, cpu_value, |r, _, o| {
        o.push_str(&timefmt::dd_hh_mm_ss(r.cpu_secs()))
    }),
    col(
        "cputime",
        "TIME",
        8,
        Align::Right,
        N,
        cpu_value,
        |r, _, o| o.push_str(&timefmt::dd_hh_mm_ss(r.cpu_secs())),
    ),
    col(
        "bsdtime",
        "TIME",
        6,
        Align::Right,
        N,
        cpu_value,
        |r, _, o| o.push_str(&timefmt::minutes_seconds(r.cpu_secs())),
    ),
    col(
        "etime",
        "ELAPSED",
        11,
        Align::Right,
        N,
        etime_value,
        |r, _, o| o.push_str(&timefmt::elapsed(r.elapsed_secs())),
    ),
    num("etimes", "ELAPSED", 7, N, etime_value),
    col(
        "stime",
        "STIME",
        5,
        Align::Right,
        N,
        start_value,
        stime_text,
    ),
    col(
        "start_time",
        "START",
        5,
        Align::Right,
        N,
        start_value,
        stime_text,
    ),
    col(
        "start",
        "STARTED",
        8,
        Align::Right,
        N,
        start_value,
        start_text,
    ),
    col(
        "lstart",
        "STARTED",
        24,
        Align::Right,
        N,
        start_value,
        |r, _, o| o.push_str(&r.start_local().long()),
    ),
    col(
        "args",
        "COMMAND",
        27,
        Align::Text,
        ARGV,
        args_value,
        args_text,
    ),
    col("cmd", "CMD", 27, Align::Text, ARGV, args_value, args_text),
    col(
        "command",
        "COMMAND",
        27,
        Align::Text,
        ARGV,
        args_value,
        args_text,
    ),
    col("comm", "COMMAND", 15, Align::Text, N, comm_value, comm_text),
    col("ucmd", "CMD", 15, Align::Text, N, comm_value, comm_text),
    col(
        "ucomm",
        "COMMAND",
        15,
        Align::Text,
        N,
        comm_value,
        comm_text,
    ),
];

/// The specifier called `name`, if kps knows it.
pub fn find(name: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|spec| spec.name == name)
}

fn id_value(id: Option<u32>) -> Value {
    id.map_or(Value::Null, |id| Value::Int(id.into()))
}

fn user_value(r: &Row, which: usize) -> Value {
    match r.uid(which) {
        Some(uid) => match r.snap.names.user(uid) {
            Some(name) => Value::Text(name.to_string()),
            None => Value::Text(uid.to_string()),
        },
        None => Value::Null,
    }
}

fn user_text(r: &Row, which: usize, room: usize, out: &mut String) {
    match r.uid(which) {
        Some(uid) => push_name(out, r.snap.names.user(uid), uid, room),
        None => out.push('?'),
    }
}

fn group_value(r: &Row, which: usize) -> Value {
    match r.gid(which) {
        Some(gid) => match r.snap.names.group(gid) {
            Some(name) => Value::Text(name.to_string()),
            None => Value::Text(gid.to_string()),
        },
        None => Value::Null,
    }
}

fn group_text(r: &Row, which: usize, room: usize, out: &mut String) {
    match r.gid(which) {
        Some(gid) => push_name(out, r.snap.names.group(gid), gid, room),
        None => out.push('?'),
    }
}

/// A user or group name as ps prints it: whole if it fits `room`, else cut with
/// a `+` at the end; when the cut would split a multi-byte character ps gives
/// up on the name and prints the number (its test is on the byte at the cut).
fn push_name(out: &mut String, name: Option<&str>, id: u32, room: usize) {
    use std::fmt::Write;
    let Some(name) = name else {
        let _ = write!(out, "{id}");
        return;
    };
    let shown = escape::escaped(name.as_bytes());
    if crate::listing::display_width(&shown) <= room {
        out.push_str(&shown);
    } else if room >= 1 && shown.as_bytes().get(room - 1).is_some_and(|b| *b < 127) {
        out.push_str(&shown[..room - 1]);
        out.push('+');
    } else {
        let _ = write!(out, "{id}");
    }
}

fn pcpu_value(r: &Row) -> Value {
    Value::Float(r.pcpu_permille() as f64 / 10.0)
}

fn pcpu_text(r: &Row, _room: usize, out: &mut String) {
    let permille = r.pcpu_permille();
    // ps drops the decimal once the value reaches 100%.
    if permille > 999 {
        out.push_str(&(permille / 10).to_string());
    } else {
        out.push_str(&format!("{}.{}", permille / 10, permille % 10));
    }
}

fn pmem_value(r: &Row) -> Value {
    Value::Float(r.pmem_permille() as f64 / 10.0)
}

fn pmem_text(r: &Row, _room: usize, out: &mut String) {
    let permille = r.pmem_permille();
    out.push_str(&format!("{}.{}", permille / 10, permille % 10));
}

/// `C`: integer %CPU capped at 99.
fn c_percent(r: &Row) -> u64 {
    if let Some(sampled) = r.snap.sampled_permille(r.proc, r.opts.cumulative) {
        return (sampled / 10).min(99);
    }
    match r.snap.system.elapsed_ticks(r.proc.stat.starttime) {
        0 => 0,
        lived => (r.cpu_ticks() * 100 / lived).min(99),
    }
}

fn c_value(r: &Row) -> Value {
    Value::uint(c_percent(r))
}

fn c_text(r: &Row, _room: usize, out: &mut String) {
    out.push_str(&c_percent(r).to_string());
}

fn nice_value(r: &Row) -> Value {
    // Real-time tasks have no nice value; ps prints `-` for them.
    match r.proc.stat.policy {
        Some(1) | Some(2) => Value::Null,
        _ => Value::Int(r.proc.stat.nice),
    }
}

fn state_value(r: &Row) -> Value {
    Value::Text(r.proc.stat.state.to_string())
}

/// STAT: the state letter and then the BSD flags, in ps' order.
fn stat_string(r: &Row) -> String {
    let p = r.proc;
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

fn stat_value(r: &Row) -> Value {
    Value::Text(stat_string(r))
}

fn stat_text(r: &Row, _room: usize, out: &mut String) {
    out.push_str(&stat_string(r));
}

fn tty_value(r: &Row) -> Value {
    match r.proc.stat.tty_nr {
        0 => Value::Null,
        nr => Value::Text(r.snap.ttys.name(nr).to_string()),
    }
}

fn tty_text(r: &Row, _room: usize, out: &mut String) {
    escape::push_escaped_str(out, r.snap.ttys.name(r.proc.stat.tty_nr));
}

fn cpu_value(r: &Row) -> Value {
    Value::uint(r.cpu_secs())
}

fn etime_value(r: &Row) -> Value {
    Value::uint(r.elapsed_secs())
}

fn start_value(r: &Row) -> Value {
    Value::Int(r.snap.system.start_epoch(r.proc.stat.starttime))
}

/// STIME/START: time of day when started today, month and day when started this
/// year, else the year.
fn stime_text(r: &Row, _room: usize, out: &mut String) {
    let now = LocalTime::at(r.snap.system.now);
    let start = r.start_local();
    if now.year != start.year {
        out.push_str(&start.year.to_string());
    } else if now.yday != start.yday {
        out.push_str(&start.mon_dd());
    } else {
        out.push_str(&start.hh_mm());
    }
}

/// STARTED: time of day within the last 24 hours, else month and day.
fn start_text(r: &Row, _room: usize, out: &mut String) {
    let start = r.start_local();
    let age = r.snap.system.now - r.snap.system.start_epoch(r.proc.stat.starttime);
    if age > 24 * 3600 {
        out.push_str(&format!("{} {:02}", start.month_name(), start.mday));
    } else {
        out.push_str(&start.hh_mm_ss());
    }
}

fn is_zombie(p: &Proc) -> bool {
    p.stat.state == 'Z'
}

fn comm_value(r: &Row) -> Value {
    Value::Text(r.proc.stat.comm.clone())
}

/// `comm`: the executable name (no `<defunct>` mark, unlike `args`).
fn comm_text(r: &Row, _room: usize, out: &mut String) {
    out.push_str(r.forest);
    escape::push_escaped_str(out, &r.proc.stat.comm);
}

/// The argument vector as one string: NULs (and newlines, as ps does) become spaces.
pub fn joined_argv(cmdline: &[u8]) -> Vec<u8> {
    let end = cmdline.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    cmdline[..end]
        .iter()
        .map(|&b| if b == 0 || b == b'\n' { b' ' } else { b })
        .collect()
}

fn args_value(r: &Row) -> Value {
    match &r.proc.cmdline {
        Some(cmdline) if !cmdline.is_empty() => {
            let argv: Vec<String> = cmdline
                .strip_suffix(b"\0")
                .unwrap_or(cmdline)
                .split(|&b| b == 0)
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect();
            Value::Text(argv.join(" "))
        }
        Some(_) => Value::Text(format!("[{}]", r.proc.stat.comm)),
        None => Value::Null,
    }
}

/// `args`: the whole command line; `[comm]` when there is none (kernel threads,
/// zombies); `comm` alone under BSD `c`; the environment after it under BSD `e`.
fn args_text(r: &Row, _room: usize, out: &mut String) {
    out.push_str(r.forest);
    let p = r.proc;
    let argv = p.cmdline.as_deref().map(joined_argv).unwrap_or_default();
    if r.opts.command_name_only {
        escape::push_escaped_str(out, &p.stat.comm);
    } else if argv.is_empty() {
        out.push('[');
        escape::push_escaped_str(out, &p.stat.comm);
        out.push(']');
        if is_zombie(p) {
            out.push_str(" <defunct>");
        }
    } else {
        escape::push_escaped(out, &argv);
    }
    if let Some(environ) = p
        .environ
        .as_deref()
        .filter(|e| r.opts.show_environment && !e.is_empty())
    {
        out.push(' ');
        escape::push_escaped(out, &joined_argv(environ));
    }
}

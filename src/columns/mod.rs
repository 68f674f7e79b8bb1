//! The table of ps format specifiers: every name procps-ng ps 4.0.2 accepts,
//! each with its header, width, alignment, print class, the /proc files it
//! needs, its value (for JSON), its sort key and its text (for ps-style output).
//!
//! `table.rs` holds the table itself ([`SPECS`]); the printers it points at are
//! grouped by topic (`ids`, `cpu`, `time`, `sched`, `state`, `memory`,
//! `signals`, `tty`, `command`, `container`, `misc`). Specifiers that
//! share a printer in procps share one here: `user`, `euser`, `uname` and
//! `uid_hack` differ only in header and width.

mod column;
mod command;
mod container;
mod cpu;
mod ids;
mod memory;
mod misc;
mod parallel;
mod printer;
mod row;
mod sched;
mod signals;
mod state;
mod table;
#[cfg(test)]
mod tests;
mod time;
mod tty;
mod version;

pub use column::{Column, csv_row, insert_values, json_keys, json_row};
pub use command::joined_argv;
pub use row::{FIRST_STEP, Row};
pub use sched::policy_names;
pub use table::SPECS;

use std::cmp::Ordering;
use std::fmt::Write as _;
use std::io;

use crate::proc::snapshot::Needs;
use crate::render::color::Painter;
use crate::render::escape;
use crate::render::json::Json;
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

/// What a specifier is, where kps treats it apart from the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Plain,
    /// The command line (`args`, `cmd`, `command`): tree art goes in front.
    CommandLine,
    /// The command name (`comm`, `ucmd`, `ucomm`): tree art goes in front,
    /// and SysV `-f` shows the whole command line in it.
    CommandName,
    /// The process state (`stat`, `s`, `state`): coloured under `--color`.
    State,
    /// A share of the CPU (`%cpu`): coloured when high.
    CpuShare,
    /// A share of the memory (`%mem`): coloured when high.
    MemoryShare,
    /// The effective user (`user`, `uid`): coloured on the caller's own processes.
    EffectiveUser,
}

impl Role {
    /// A column that shows the command, by name or in full.
    pub fn is_command(self) -> bool {
        matches!(self, Role::CommandLine | Role::CommandName)
    }
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

    /// Orders values of one column. Unreadable or absent data (`Null`)
    /// sorts as zero or empty text: procps sorts the zeroes its library
    /// leaves in what it could not read.
    pub fn compare(&self, other: &Value) -> Ordering {
        match (self, other) {
            (Value::Int(x), Value::Int(y)) => x.cmp(y),
            (Value::Float(x), Value::Float(y)) => x.total_cmp(y),
            (Value::Text(x), Value::Text(y)) => x.cmp(y),
            (Value::Null, Value::Null) => Ordering::Equal,
            (Value::Null, other) => other.zero().compare(other),
            (this, Value::Null) => this.compare(&this.zero()),
            _ => Ordering::Equal,
        }
    }

    /// The number, 0 for anything else.
    fn integer(&self) -> i64 {
        match self {
            Value::Int(n) => *n,
            _ => 0,
        }
    }

    /// The zero of a value's kind.
    fn zero(&self) -> Value {
        match self {
            Value::Int(_) => Value::Int(0),
            Value::Float(_) => Value::Float(0.0),
            Value::Text(_) => Value::Text(String::new()),
            Value::Null => Value::Null,
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
    /// line (which then needs `Needs::CMDLINE`).
    pub full_command_for_comm: bool,
    /// The line has room for every signal mask in full: masks print all 16
    /// digits instead of the last 8.
    pub wide_signals: bool,
    /// `m`, `-m`: thread rows follow their process' row; process-only columns
    /// print `-` on thread rows and thread-only ones on process rows.
    pub threads_after_process: bool,
    /// `--color`: the palette's styles (listings are plain otherwise).
    pub painter: Painter,
}

pub type ValueFn = fn(&Row) -> Value;
/// Renders a cell. `room` is how many terminal cells ps would let it take
/// (its width, or up to the screen edge for the last column); only commands and
/// names are cut to it, everything else overflows and pushes the line right.
pub type TextFn = fn(&Row, usize, &mut String);

/// One format specifier.
#[derive(Clone, Copy)]
pub struct Spec {
    pub name: &'static str,
    /// The key of its value in JSON objects and CSV headers: a jq-friendly
    /// identifier, shared by every alias (`%cpu` and `pcpu` are both `pcpu`).
    pub key: &'static str,
    pub header: &'static str,
    pub width: usize,
    /// A process-id column: at least as wide as the digits of the kernel's
    /// `pid_max`, as procps sizes them.
    pub pid_like: bool,
    pub align: Align,
    pub class: Class,
    pub role: Role,
    /// Accepted for compatibility, always prints `-`, and `ps L` leaves it out.
    pub nop: bool,
    pub needs: Needs,
    pub value: ValueFn,
    /// `None`: the text is the value printed plainly (`missing` for `Null`).
    pub text: Option<TextFn>,
    pub sort: Sort,
    pub missing: &'static str,
    /// What a specifier of kps' own shows; `None` for procps' specifiers.
    pub own: Option<&'static str>,
}

impl Spec {
    pub fn render(&self, row: &Row, room: usize, out: &mut String) {
        if self.unknown_in(row) {
            out.push('-');
            return;
        }
        match self.text {
            Some(text) => text(row, room, out),
            None => push_value(out, &(self.value)(row), self.missing),
        }
    }

    /// The value for JSON and sorting: `Null` where it would come from a stat
    /// that could not be parsed.
    pub fn value_of(&self, row: &Row) -> Value {
        if self.unknown_in(row) {
            return Value::Null;
        }
        (self.value)(row)
    }

    /// The row's stat was malformed, and this column comes from it.
    fn unknown_in(&self, row: &Row) -> bool {
        !row.proc.stat_parsed && self.needs.contains(Needs::STAT)
    }

    /// Orders two rows by this column, ascending, the way `--sort` does.
    pub fn compare(&self, a: &Row, b: &Row) -> Ordering {
        match self.sort {
            Sort::Value => self.value_of(a).compare(&self.value_of(b)),
            Sort::Key(key) => key(a).compare(&key(b)),
            Sort::Natural => match (self.value_of(a), self.value_of(b)) {
                (Value::Text(x), Value::Text(y)) => {
                    version::version_order(x.as_bytes(), y.as_bytes())
                }
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

/// The specifier called `name`, found when the program is compiled: a name
/// the table lacks fails the build (`const PID: &Spec = named("pid")`).
pub const fn named(name: &str) -> &'static Spec {
    let mut i = 0;
    while i < SPECS.len() {
        if same_bytes(name.as_bytes(), SPECS[i].name.as_bytes()) {
            return &SPECS[i];
        }
        i += 1;
    }
    panic!("no such format specifier")
}

const fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The specifier called `name`, if ps knows it.
pub fn find(name: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|spec| spec.name == name)
}

/// `ps L`: every specifier of procps' that prints something, with its header.
pub fn write_spec_list(out: &mut impl io::Write) -> io::Result<()> {
    for spec in SPECS.iter().filter(|spec| !spec.nop && spec.own.is_none()) {
        writeln!(out, "{:<12.12} {:<8.8}", spec.name, spec.header)?;
    }
    Ok(())
}

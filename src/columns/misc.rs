//! Out-of-memory scores, autogroups, I/O counters, the specifiers procps
//! has nothing for, and procps' self-test specifiers.

use super::printer::*;
use super::{Row, Sort, Value};
use crate::proc::snapshot::{IoCounters, Needs};

pub(super) const OOM: Printer = Printer::of(Needs::OOM, |r| {
    r.proc.extra.oom_score.map_or(Value::Null, Value::Int)
})
.missing("0");
pub(super) const OOM_ADJ: Printer = Printer::of(Needs::OOM, |r| {
    r.proc.extra.oom_score_adj.map_or(Value::Null, Value::Int)
})
.missing("0");
pub(super) const AGID: Printer = Printer::of(Needs::AUTOGROUP, |r| {
    r.proc
        .extra
        .autogroup
        .map_or(Value::Null, |a| Value::Int(a.id))
})
.missing("-1");
pub(super) const AGNICE: Printer = Printer::of(Needs::AUTOGROUP, |r| {
    r.proc
        .extra
        .autogroup
        .map_or(Value::Null, |a| Value::Int(a.nice))
})
.missing("0");

pub(super) const RCHARS: Printer =
    Printer::of(Needs::IO, |r| io_value(r, |io| io.rchar)).missing("0");
pub(super) const WCHARS: Printer =
    Printer::of(Needs::IO, |r| io_value(r, |io| io.wchar)).missing("0");
pub(super) const ROPS: Printer =
    Printer::of(Needs::IO, |r| io_value(r, |io| io.syscr)).missing("0");
pub(super) const WOPS: Printer =
    Printer::of(Needs::IO, |r| io_value(r, |io| io.syscw)).missing("0");
pub(super) const RBYTES: Printer =
    Printer::of(Needs::IO, |r| io_value(r, |io| io.read_bytes)).missing("0");
pub(super) const WBYTES: Printer =
    Printer::of(Needs::IO, |r| io_value(r, |io| io.write_bytes)).missing("0");
pub(super) const WCBYTES: Printer =
    Printer::of(Needs::IO, |r| io_value(r, |io| io.cancelled_write_bytes)).missing("0");

/// A specifier procps accepts but has nothing for.
pub(super) const NOP: Printer = Printer {
    nop: true,
    ..Printer::of(Needs::NONE, |_| Value::Null).sort(Sort::Unsorted)
};

// procps' self-test specifiers: fixed samples of awkward values, cycling by
// row, for checking the layout engine.
pub(super) const T_LEFT: Printer =
    Printer::of(Needs::NONE, |r| sample(r, LEFT_SAMPLES)).sort(Sort::Unsorted);
pub(super) const T_LEFT2: Printer =
    Printer::of(Needs::NONE, |r| sample(r, LEFT2_SAMPLES)).sort(Sort::Unsorted);
pub(super) const T_RIGHT: Printer =
    Printer::of(Needs::NONE, |r| sample(r, RIGHT_SAMPLES)).sort(Sort::Unsorted);
pub(super) const T_RIGHT2: Printer =
    Printer::of(Needs::NONE, |r| sample(r, RIGHT2_SAMPLES)).sort(Sort::Unsorted);
pub(super) const T_UNLIMITED: Printer =
    Printer::of(Needs::NONE, |r| sample(r, UNLIMITED_SAMPLES)).sort(Sort::Unsorted);
pub(super) const T_UNLIMITED2: Printer =
    Printer::of(Needs::NONE, |r| sample(r, UNLIMITED2_SAMPLES)).sort(Sort::Unsorted);

// The samples in procps' order, picked by the row's step modulo their count.
pub(super) const LEFT_SAMPLES: &[&str] =
    &["tty7", "pts/9999", "iseries/vtty42", "ttySMX0", "3270/tty4"];
pub(super) const LEFT2_SAMPLES: &[&str] = &["tty7", "pts/9999", "ttySMX0", "3270/tty4"];
pub(super) const RIGHT_SAMPLES: &[&str] = &["999-23:59:59", "99-23:59:59", "9-23:59:59", "59:59"];
pub(super) const RIGHT2_SAMPLES: &[&str] = &["999-23:59:59", "99-23:59:59", "9-23:59:59"];
pub(super) const UNLIMITED_SAMPLES: &[&str] =
    &["[123456789-12345] <defunct>", "ps", "123456789-123456"];
pub(super) const UNLIMITED2_SAMPLES: &[&str] = &[
    "unlimited",
    "[123456789-12345] <defunct>",
    "ps",
    "123456789-123456",
];

pub(super) fn sample(r: &Row, values: &[&str]) -> Value {
    Value::Text(values[r.step as usize % values.len()].to_string())
}

pub(super) fn io_value(r: &Row, pick: fn(&IoCounters) -> u64) -> Value {
    r.proc
        .extra
        .io
        .as_ref()
        .map_or(Value::Null, |io| Value::uint(pick(io)))
}

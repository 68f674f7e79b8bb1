//! Priorities, nice values, scheduling policies and CPUs.

use super::printer::*;
use super::{Value, ValueFn};

pub(super) const PRIORITY_KEY: ValueFn = |r| r.priority();
pub(super) const PRIORITY: Printer = Printer::of(N, |r| r.priority());
/// `-l`'s PRI: 60 + the kernel's priority (80 for nice 0).
pub(super) const OPRI: Printer =
    Printer::of(N, |r| Value::Int(60 + r.proc.stat.priority)).sort_by(PRIORITY_KEY);
/// PRI: 39 - the kernel's priority, so larger is more urgent.
pub(super) const PRI: Printer =
    Printer::of(N, |r| Value::Int(39 - r.proc.stat.priority)).sort_by(PRIORITY_KEY);
pub(super) const PRI_API: Printer =
    Printer::of(N, |r| Value::Int(-1 - r.proc.stat.priority)).sort_by(PRIORITY_KEY);
pub(super) const PRI_BAR: Printer =
    Printer::of(N, |r| Value::Int(r.proc.stat.priority + 1)).sort_by(PRIORITY_KEY);
pub(super) const PRI_BAZ: Printer =
    Printer::of(N, |r| Value::Int(r.proc.stat.priority + 100)).sort_by(PRIORITY_KEY);
pub(super) const PRI_FOO: Printer =
    Printer::of(N, |r| Value::Int(r.proc.stat.priority - 20)).sort_by(PRIORITY_KEY);
/// Only normal, batch and unknown policies have a nice value worth printing.
pub(super) const NICE: Printer = Printer::of(N, |r| match r.policy() {
    0 | 3 | -1 => Value::Int(r.proc.stat.nice),
    _ => Value::Null,
})
.sort_by(|r| Value::Int(r.proc.stat.nice));
pub(super) const RTPRIO: Printer = Printer::of(N, |r| match r.policy() {
    0 | -1 => Value::Null,
    _ => Value::Int(r.proc.stat.rt_priority.unwrap_or(0).into()),
});
pub(super) const SCHED: Printer = Printer::of(N, |r| match r.policy() {
    -1 => Value::Null,
    policy => Value::Int(policy),
});
pub(super) const CLASS: Printer = Printer::of(N, |r| match policy_name(r.policy()) {
    "-" => Value::Null,
    name => Value::Text(name.to_string()),
})
.sort_by(|r| Value::Int(r.policy()));
pub(super) const PSR: Printer =
    Printer::of(N, |r| Value::Int(r.proc.stat.processor.unwrap_or(0).into()));
/// IRIX' P: the CPU of a running process, `*` for any other.
pub(super) const SGI_P: Printer = Printer::of(N, |r| match r.proc.stat.state {
    'R' => Value::Int(r.proc.stat.processor.unwrap_or(0).into()),
    _ => Value::Null,
})
.missing("*");
pub(super) const NUMA: Printer = Printer::of(N, |r| {
    Value::Int(crate::proc::system::numa_node_of_cpu(r.proc.stat.processor.unwrap_or(0)).into())
});

pub(super) fn policy_name(policy: i64) -> &'static str {
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

//! Priorities, nice values, scheduling policies and CPUs.

use super::printer::*;
use super::{Value, ValueFn};

pub(super) const PRIORITY_KEY: ValueFn = |r| r.priority();
pub(super) const PRIORITY: Printer = Printer::of(N, |r| r.priority());
/// `-l`'s PRI: 60 + the kernel's priority (80 for nice 0).
pub(super) const OPRI: Printer = Printer::of(N, |r| Value::Int(60 + r.proc.stat.priority))
    .sort_by(PRIORITY_KEY)
    .key("opri");
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
.sort_by(|r| Value::Int(r.proc.stat.nice))
.key("nice");
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
.sort_by(|r| Value::Int(r.policy()))
.key("class");
pub(super) const PSR: Printer =
    Printer::of(N, |r| Value::Int(r.proc.stat.processor.unwrap_or(0).into())).key("psr");
/// IRIX' P: the CPU of a running process, `*` for any other.
/// IRIX' P: the CPU of a running process, `*` for any other; procps sorts
/// it by the state letter.
pub(super) const SGI_P: Printer = Printer::of(N, |r| match r.proc.stat.state {
    'R' => Value::Int(r.proc.stat.processor.unwrap_or(0).into()),
    _ => Value::Null,
})
.missing("*")
.sort_by(|r| Value::Int(u32::from(r.proc.stat.state).into()));
pub(super) const NUMA: Printer = Printer::of(N, |r| {
    Value::Int(crate::proc::system::numa_node_of_cpu(r.proc.stat.processor.unwrap_or(0)).into())
});

/// Scheduling policies by number: the sched(7) name, and the class ps
/// prints for `cls` (procps has no name for 7 to 9, only the number).
const POLICIES: [(&str, &str); 10] = [
    ("SCHED_OTHER", "TS"),
    ("SCHED_FIFO", "FF"),
    ("SCHED_RR", "RR"),
    ("SCHED_BATCH", "B"),
    ("SCHED_ISO", "ISO"),
    ("SCHED_IDLE", "IDL"),
    ("SCHED_DEADLINE", "DLN"),
    ("unknown", "#7"),
    ("unknown", "#8"),
    ("unknown", "#9"),
];

/// A scheduling policy's sched(7) name and the class ps prints for it.
pub fn policy_names(policy: u32) -> (&'static str, &'static str) {
    let known = usize::try_from(policy).ok().and_then(|i| POLICIES.get(i));
    known.copied().unwrap_or(("unknown", "?"))
}

/// The class ps prints for `cls`; `-` when the kernel did not say (-1).
fn policy_name(policy: i64) -> &'static str {
    match u32::try_from(policy) {
        Ok(policy) => policy_names(policy).1,
        Err(_) => "-",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_have_names() {
        assert_eq!(policy_names(0), ("SCHED_OTHER", "TS"));
        assert_eq!(policy_names(2), ("SCHED_RR", "RR"));
        assert_eq!(policy_names(8), ("unknown", "#8"));
        assert_eq!(policy_names(42), ("unknown", "?"));
        assert_eq!(policy_name(-1), "-");
        assert_eq!(policy_name(6), "DLN");
    }
}

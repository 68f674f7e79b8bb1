//! The process state, its flags, and where it sleeps.

use super::printer::*;
use super::{Role, Value, ValueFn};
use crate::proc::snapshot::{Needs, Proc};
use crate::render::escape;

pub(super) const STATE_KEY: ValueFn = |r| Value::Text(r.proc.stat.state.to_string());
pub(super) const STATE: Printer = Printer::of(N, STATE_KEY).role(Role::State).key("s");
pub(super) const STAT: Printer = Printer::of(ST.union(N), |r| Value::Text(stat_string(r.proc)))
    .sort_by(STATE_KEY)
    .role(Role::State);
/// F: the process flags "forked but did not exec" (1) and "used super-user
/// privileges" (4).
/// Three bits of the kernel's flags; sorted by all of them, as procps sorts.
pub(super) const FLAG: Printer =
    Printer::of(N, |r| Value::Int(((r.proc.stat.flags >> 6) & 7).into()))
        .sort_by(|r| Value::Int(r.proc.stat.flags.into()))
        .key("flags");
pub(super) const WCHAN: Printer = Printer::of(Needs::WCHAN, |r| match wchan_name(r.proc) {
    Some(name) if name != b"-" && name != b"?" => Value::text(name),
    _ => Value::Null,
})
.text(|r, _, out| match wchan_name(r.proc) {
    Some(name) => escape::push_escaped(out, name),
    None => out.push('?'),
})
.key("wchan");

/// STAT: the state letter and then the BSD flags, in ps' order.
pub(super) fn stat_string(p: &Proc) -> String {
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
pub(super) fn wchan_name(p: &Proc) -> Option<&[u8]> {
    let raw = p.extra.wchan.as_deref().filter(|w| !w.is_empty())?;
    if raw == b"0" {
        return Some(b"-");
    }
    let raw = raw.strip_prefix(b".").unwrap_or(raw);
    let start = raw.iter().position(|&b| b != b'_').unwrap_or(raw.len());
    Some(&raw[start..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::tests::{STAT_LINE, proc_with};

    #[test]
    fn kernel_function_names() {
        let mut p = proc_with("x", STAT_LINE);
        let mut wchan = |raw: &[u8]| {
            p.extra.wchan = Some(raw.to_vec());
            wchan_name(&p).map(<[u8]>::to_vec)
        };
        assert_eq!(wchan(b"0"), Some(b"-".to_vec()));
        assert_eq!(wchan(b"__x64_sys_pause"), Some(b"x64_sys_pause".to_vec()));
        assert_eq!(wchan(b".sys_read"), Some(b"sys_read".to_vec()));
        assert_eq!(wchan(b""), None);
    }
}

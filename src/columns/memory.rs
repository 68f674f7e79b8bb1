//! Memory sizes, addresses and page faults.

use std::fmt::Write as _;

use super::printer::*;
use super::{Role, Row, Value, ValueFn};
use crate::proc::snapshot::{Needs, Proc, SmapsRollup};

pub(super) const VSZ: Printer = Printer::of(N, |r| Value::uint(r.proc.vsz_kib())).key("vsz");
pub(super) const RSS_KEY: ValueFn = |r| Value::uint(r.proc.rss_kib(&r.snap.system));
pub(super) const RSS: Printer = Printer::of(Needs::STATM, RSS_KEY).key("rss");
pub(super) const PMEM: Printer = Printer::of(Needs::STATM, |r| {
    Value::Float(r.pmem_permille() as f64 / 10.0)
})
.text(|r, _, out| {
    let permille = r.pmem_permille();
    let _ = write!(out, "{:2}.{}", permille / 10, permille % 10);
})
.sort_by(RSS_KEY)
.key("pmem")
.role(Role::MemoryShare);
/// SZ: the virtual size in pages (the value stays in KiB, like VSZ).
pub(super) const SZ: Printer =
    Printer::of(N, |r| Value::uint(r.proc.vsz_kib())).text(|r, _, out| {
        let _ = write!(
            out,
            "{}",
            r.proc.vsz_kib() / r.snap.system.page_size_kib.max(1)
        );
    });
/// SIZE: data plus stack, what a swap-out would have to write.
/// What procps sorts the text and swappable sizes by: the virtual size in
/// bytes, which its printers fetch along ("will approximate sort needs").
const VSIZE_KEY: ValueFn = |r| Value::uint(r.proc.stat.vsize);
pub(super) const SIZE: Printer = Printer::of(ST, |r| {
    Value::uint(r.proc.status.as_ref().map_or(0, |s| s.vm_data + s.vm_stk))
})
.sort_by(VSIZE_KEY);
/// m_size: the virtual size in bytes (the value stays in KiB).
pub(super) const M_SIZE: Printer =
    Printer::of(N, |r| Value::uint(r.proc.vsz_kib())).text(|r, _, out| {
        let _ = write!(out, "{}", r.proc.stat.vsize);
    });
pub(super) const TRS: Printer = Printer::of(N, |r| Value::uint(text_kib(r.proc)))
    .sort_by(VSIZE_KEY)
    .key("trs");
pub(super) const TSIZ: Printer = TRS;
/// Sorted by the virtual size, as procps sorts it.
pub(super) const DRS: Printer = Printer::of(N, |r| Value::uint(data_kib(r.proc)))
    .sort_by(VSIZE_KEY)
    .key("drs");
pub(super) const DSIZ: Printer = DRS;
/// The RSS limit in KiB; `xx` for none.
pub(super) const LIM: Printer = Printer::of(N, |r| match r.proc.stat.rsslim {
    u64::MAX => Value::Null,
    limit => Value::uint(limit >> 10),
})
.missing("xx");
pub(super) const PSS: Printer =
    Printer::of(Needs::SMAPS_ROLLUP, |r| memory(r, |m| m.pss)).missing("0");
pub(super) const USS: Printer =
    Printer::of(Needs::SMAPS_ROLLUP, |r| memory(r, |m| m.uss)).missing("0");
/// Faults, with those of waited-for children under `S`; procps sorts by the
/// process' own.
pub(super) const MAJFLT: Printer = Printer::of(N, |r| {
    Value::uint(r.proc.stat.majflt + r.children(r.proc.stat.cmajflt))
})
.sort_by(|r| Value::uint(r.proc.stat.majflt))
.key("majflt");
pub(super) const MINFLT: Printer = Printer::of(N, |r| {
    Value::uint(r.proc.stat.minflt + r.children(r.proc.stat.cminflt))
})
.sort_by(|r| Value::uint(r.proc.stat.minflt))
.key("minflt");
pub(super) const STACKP: Printer = Printer::of(N, |r| Value::uint(r.proc.stat.startstack))
    .text(|r, _, out| push_address(out, r.proc.stat.startstack))
    .key("stackp");
pub(super) const ESP: Printer = Printer::of(N, |r| Value::uint(r.proc.stat.kstkesp))
    .text(|r, _, out| push_address(out, r.proc.stat.kstkesp));
pub(super) const EIP: Printer = Printer::of(N, |r| Value::uint(r.proc.stat.kstkeip))
    .text(|r, _, out| push_address(out, r.proc.stat.kstkeip));

/// TRS: the text (code) segment in KiB.
pub(super) fn text_kib(p: &Proc) -> u64 {
    if p.stat.vsize == 0 {
        return 0;
    }
    p.stat.endcode.wrapping_sub(p.stat.startcode) >> 10
}

/// DRS: everything but the code segment, in KiB.
pub(super) fn data_kib(p: &Proc) -> u64 {
    if p.stat.vsize == 0 {
        return 0;
    }
    p.stat
        .vsize
        .wrapping_sub(p.stat.endcode)
        .wrapping_add(p.stat.startcode)
        >> 10
}

pub(super) fn push_address(out: &mut String, address: u64) {
    let _ = write!(out, "{address:016x}");
}

pub(super) fn memory(r: &Row, pick: fn(&SmapsRollup) -> u64) -> Value {
    r.proc
        .extra
        .memory
        .as_ref()
        .map_or(Value::Null, |m| Value::uint(pick(m)))
}

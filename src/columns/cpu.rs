//! CPU use and CPU time.

use std::fmt::Write as _;

use super::printer::*;
use super::{Role, Value, ValueFn};
use crate::render::timefmt;

/// procps sorts %CPU columns by the exact lifetime use, not the printed
/// figure; with `--sample`, by the sampled use.
pub(super) const UTILIZATION_KEY: ValueFn = |r| match r.sampled_permille() {
    Some(sampled) => Value::Float(sampled as f64 / 10.0),
    None => Value::Float(r.utilization(r.own_ticks())),
};

pub(super) const PCPU: Printer = Printer::of(N, |r| Value::Float(r.pcpu_permille() as f64 / 10.0))
    .text(|r, _, out| {
        let permille = r.pcpu_permille();
        // ps drops the decimal from 100% on.
        if permille > 999 {
            let _ = write!(out, "{}", permille / 10);
        } else {
            let _ = write!(out, "{}.{}", permille / 10, permille % 10);
        }
    })
    .sort_by(UTILIZATION_KEY)
    .key("pcpu")
    .role(Role::CpuShare);
const C_VALUE: ValueFn = |r| match (r.sampled_permille(), r.elapsed_ticks()) {
    (Some(sampled), _) => Value::uint((sampled / 10).min(99)),
    (None, 0) => Value::Int(0),
    (None, ticks) => Value::uint((r.total_ticks() * 100 / ticks).min(99)),
};
const CP_VALUE: ValueFn = |r| Value::uint(r.pcpu_permille().min(999));
// procps prints these with `%2u` and `%3u`: a narrower width (`c:1`) does
// not make them narrower.
pub(super) const C: Printer = Printer::of(N, C_VALUE)
    .text(|r, _, out| {
        let _ = write!(out, "{:>2}", C_VALUE(r).integer());
    })
    .sort_by(UTILIZATION_KEY)
    .key("c");
pub(super) const CP: Printer = Printer::of(N, CP_VALUE)
    .text(|r, _, out| {
        let _ = write!(out, "{:>3}", CP_VALUE(r).integer());
    })
    .sort_by(UTILIZATION_KEY);
/// %CUU, %CUC: lifetime CPU use with 3 decimals, capped below 100.
pub(super) const UTILIZATION: Printer =
    Printer::of(N, |r| utilization(r.utilization(r.own_ticks())))
        .text(|r, _, out| push_utilization(out, r.utilization(r.own_ticks())));
pub(super) const UTILIZATION_C: Printer = Printer::of(N, |r| {
    utilization(r.utilization(r.proc.cumulative_cpu_ticks()))
})
.text(|r, _, out| push_utilization(out, r.utilization(r.proc.cumulative_cpu_ticks())));

pub(super) const OWN_TICKS_KEY: ValueFn = |r| Value::uint(r.own_ticks());
pub(super) const TIME: Printer = Printer::of(N, |r| Value::uint(r.own_ticks() / r.hz()))
    .text(|r, _, out| out.push_str(&timefmt::dd_hh_mm_ss(r.own_ticks() / r.hz())))
    .sort_by(OWN_TICKS_KEY)
    .key("time");
pub(super) const TIMES: Printer = Printer::of(N, |r| Value::uint(r.own_ticks() / r.hz()))
    .sort_by(OWN_TICKS_KEY)
    .key("time");
pub(super) const BSDTIME: Printer = Printer::of(N, |r| Value::uint(r.total_ticks() / r.hz()))
    .text(|r, _, out| {
        let secs = r.total_ticks() / r.hz();
        let _ = write!(out, "{:3}:{:02}", secs / 60, secs % 60);
    })
    // procps sorts by the process' own time, children or not (`S`).
    .sort_by(OWN_TICKS_KEY)
    .key("time");

pub(super) fn utilization(percent: f64) -> Value {
    Value::Float(if percent > 99.0 { 99.999 } else { percent })
}

pub(super) fn push_utilization(out: &mut String, percent: f64) {
    let percent = if percent > 99.0 { 99.999 } else { percent };
    let _ = write!(out, "{percent:.3}");
}

//! When a process started and how long ago.

use super::printer::*;
use super::{Value, ValueFn};
use crate::render::timefmt::{self, LocalTime};

pub(super) const AGE_KEY: ValueFn = |r| Value::uint(r.age_ticks());
pub(super) const ETIME: Printer = Printer::of(N, |r| Value::uint(r.elapsed() as u64))
    .text(|r, _, out| out.push_str(&timefmt::elapsed(r.elapsed() as u64)))
    .sort_by(AGE_KEY)
    .key("etime");
pub(super) const ETIMES: Printer = Printer::of(N, |r| Value::uint(r.elapsed() as u64))
    .sort_by(AGE_KEY)
    .key("etime");

pub(super) const START_KEY: ValueFn = |r| Value::uint(r.proc.stat.starttime);
pub(super) const STIME: Printer = Printer::of(N, |r| Value::Int(r.start_epoch()))
    .text(|r, _, out| out.push_str(&stime_text(r.start_local(), r.snap.system.now_local)))
    .sort_by(START_KEY)
    .key("start");
pub(super) const START: Printer = Printer::of(N, |r| Value::Int(r.start_epoch()))
    .text(|r, _, out| out.push_str(&start_text(r.start_epoch(), r.snap.system.now)))
    .sort_by(START_KEY)
    .key("start");
pub(super) const BSDSTART: Printer = Printer::of(N, |r| Value::Int(r.start_epoch()))
    .text(|r, _, out| out.push_str(&bsdstart_text(r.start_epoch(), r.snap.system.now)))
    .sort_by(START_KEY)
    .key("start");
pub(super) const LSTART: Printer = Printer::of(N, |r| Value::Int(r.start_epoch()))
    .text(|r, _, out| out.push_str(&r.start_local().long()))
    .sort_by(START_KEY)
    .key("start");

/// STIME/START: the time of day for a process started today, month and day
/// for one started this year, else the year.
pub(super) fn stime_text(start: LocalTime, now: LocalTime) -> String {
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
pub(super) fn start_text(start: i64, now: i64) -> String {
    let local = LocalTime::at(start);
    if start + 86400 > now {
        local.hh_mm_ss()
    } else {
        format!("  {} {:02}", local.month_name(), local.mday)
    }
}

/// BSD's START: ` HH:MM` within a day, else month and blank-padded day.
/// Note the other boundary than `start`'s: exactly one day old is still a time.
pub(super) fn bsdstart_text(start: i64, now: i64) -> String {
    let local = LocalTime::at(start);
    if (now - start).max(0) > 86400 {
        format!("{} {:>2}", local.month_name(), local.mday)
    } else {
        format!(" {}", local.hh_mm())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

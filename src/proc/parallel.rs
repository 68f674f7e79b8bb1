//! Effective parallelism: how many of a process' threads were busy over an
//! interval and how much each ran, from every /proc/PID/task/TID/stat (CPU
//! ticks) and schedstat (time on a core and waiting for one) read at both
//! ends of it.

use std::io::Read;

use crate::proc::root::ProcRoot;
use crate::proc::snapshot::parse_stat;

/// A thread that ran, or was ready to run and waited for a core, at least
/// this share of the interval (in percent) is busy: one that only wakes now
/// and then (a timer, a logger) or waits on a lock is not. Waiting for a core
/// counts so that on a loaded machine a thread that would run is still busy.
pub const BUSY_PERCENT: f64 = 10.0;

/// The most of a task's stat read: the kernel writes a few hundred bytes,
/// and `parse_stat` refuses more than this anyway.
const STAT_READ_MAX: u64 = 64 * 1024 + 1;

/// One thread, as one reading of its stat found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub tid: i32,
    pub comm: String,
    pub state: char,
    /// The CPU it last ran on.
    pub processor: Option<i32>,
    /// When it started, in ticks since boot (a TID used again is another
    /// thread), and its user plus system time in clock ticks.
    pub start: u64,
    pub ticks: u64,
    /// Nanoseconds on a core plus waiting for one, from schedstat; `None`
    /// where the kernel keeps no such figures.
    pub wanted_ns: Option<u64>,
}

/// What a thread used over an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Used {
    /// CPU ticks.
    pub ticks: u64,
    /// Nanoseconds on a core or ready to run.
    pub wanted_ns: Option<u64>,
}

impl Used {
    /// Whether the thread was busy over an interval of `seconds`, with
    /// `hz` clock ticks per second: by the time it wanted a core where the
    /// kernel tells it, else by the time it ran.
    pub fn is_busy(&self, seconds: f64, hz: f64) -> bool {
        let share = |part: f64, whole: f64| part > 0.0 && part * 100.0 >= whole * BUSY_PERCENT;
        match self.wanted_ns {
            Some(ns) => share(ns as f64, seconds * 1e9),
            None => share(self.ticks as f64, seconds * hz),
        }
    }
}

/// Every thread of `pid` in TID order; `None` when its task directory may
/// not be listed (the process is gone, or /proc hides it). A thread that
/// ends while the directory is read is left out.
pub fn read_tasks(root: &ProcRoot, pid: i32) -> Option<Vec<Task>> {
    let dir = std::fs::read_dir(root.pid_path(pid, "task")).ok()?;
    let mut tasks: Vec<Task> = dir
        .filter_map(|entry| {
            let tid: i32 = entry.ok()?.file_name().to_str()?.parse().ok()?;
            let file = std::fs::File::open(root.pid_path(pid, &format!("task/{tid}/stat"))).ok()?;
            let mut bytes = Vec::new();
            file.take(STAT_READ_MAX).read_to_end(&mut bytes).ok()?;
            let stat = parse_stat(&bytes).ok()?;
            let wanted_ns =
                std::fs::read_to_string(root.pid_path(pid, &format!("task/{tid}/schedstat")))
                    .ok()
                    .and_then(|text| parse_schedstat(&text));
            Some(Task {
                tid,
                start: stat.starttime,
                ticks: stat.utime + stat.stime,
                comm: stat.comm,
                state: stat.state,
                processor: stat.processor,
                wanted_ns,
            })
        })
        .collect();
    tasks.sort_unstable_by_key(|t| t.tid);
    Some(tasks)
}

/// `ON_CPU_NS WAITING_NS TIMESLICES`: the first two added up.
fn parse_schedstat(text: &str) -> Option<u64> {
    let mut words = text.split_whitespace().map(|w| w.parse::<u64>().ok());
    let (on_cpu, waiting) = (words.next()??, words.next()??);
    Some(on_cpu.saturating_add(waiting))
}

/// Each thread of `after` with what it used since `before` (both in TID
/// order): a thread that started meanwhile used all of its time in the interval.
pub fn used_since<'a>(
    before: &'a [Task],
    after: &'a [Task],
) -> impl Iterator<Item = (&'a Task, Used)> + 'a {
    after.iter().map(move |task| {
        let earlier = before
            .binary_search_by_key(&task.tid, |t| t.tid)
            .ok()
            .map(|i| &before[i])
            .filter(|t| t.start == task.start);
        let used = Used {
            ticks: task.ticks.saturating_sub(earlier.map_or(0, |t| t.ticks)),
            wanted_ns: match (task.wanted_ns, earlier.map(|t| t.wanted_ns)) {
                (Some(now), Some(Some(then))) => Some(now.saturating_sub(then)),
                (Some(now), None) => Some(now),
                _ => None,
            },
        };
        (task, used)
    })
}

/// How many threads of `after` were busy since `before`, `seconds` earlier.
pub fn busy_threads(before: &[Task], after: &[Task], seconds: f64, hz: f64) -> usize {
    used_since(before, after)
        .filter(|(_, used)| used.is_busy(seconds, hz))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(tid: i32, start: u64, ticks: u64) -> Task {
        Task {
            tid,
            start,
            ticks,
            comm: String::new(),
            state: 'R',
            processor: Some(0),
            wanted_ns: None,
        }
    }

    #[test]
    fn new_and_reused_threads_count_all_their_time() {
        let before = [task(10, 1, 50), task(11, 1, 7), task(12, 1, 3)];
        // 11 ended and its TID went to a thread started later; 13 is new.
        let after = [
            task(10, 1, 70),
            task(11, 9, 4),
            task(12, 1, 3),
            task(13, 9, 1),
        ];
        let used: Vec<(i32, u64)> = used_since(&before, &after)
            .map(|(t, used)| (t.tid, used.ticks))
            .collect();
        assert_eq!(used, [(10, 20), (11, 4), (12, 0), (13, 1)]);
        // Over 20 ticks, busy takes 2: the idle thread and the one tick out.
        assert_eq!(busy_threads(&before, &after, 0.2, 100.0), 2);
    }

    #[test]
    fn waiting_for_a_core_is_busy_too() {
        let mut before = task(10, 1, 50);
        let mut after = task(10, 1, 51);
        (before.wanted_ns, after.wanted_ns) = (Some(1_000), Some(1_000 + 150_000_000));
        // One tick of a second run, but 0.15 s on a core or queued for one.
        assert_eq!(busy_threads(&[before], &[after], 1.0, 100.0), 1);
        assert_eq!(
            parse_schedstat("86808161 206145051 43\n"),
            Some(292_953_212)
        );
        assert_eq!(parse_schedstat("12"), None);
    }

    #[test]
    fn reads_its_own_threads() {
        let tasks = read_tasks(&ProcRoot::default(), std::process::id() as i32).expect("tasks");
        assert!(tasks.iter().any(|t| t.tid == std::process::id() as i32));
        assert!(tasks.windows(2).all(|w| w[0].tid < w[1].tid));
    }
}

//! `kps show --sample` and every frame of `kps show --watch`: how many cores
//! a process used over an interval, how many of its threads were busy, and
//! what each thread used and where it last ran.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::proc::parallel::{self, BUSY_PERCENT, Task, Used};
use crate::proc::process::read_stat;
use crate::proc::root::ProcRoot;
use crate::render::color::Painter;
use crate::render::escape;
use crate::render::json::Json;
use crate::render::palette::Kind;
use crate::render::tables;

/// One reading of a process: its CPU ticks, and its threads'.
struct Reading {
    at: Instant,
    /// When it started: a PID used again is another process.
    start: u64,
    /// User plus system time of the whole process, in clock ticks: the
    /// threads that ended are in it too.
    ticks: u64,
    tasks: Vec<Task>,
}

/// The readings of the last frame by PID, which a watch's next frame
/// measures from.
#[derive(Default)]
pub struct Earlier(HashMap<i32, Reading>);

/// What a process used over one interval.
pub struct Parallelism {
    seconds: f64,
    /// Clock ticks per second.
    hz: f64,
    /// CPU ticks the process used.
    ticks: u64,
    /// Each thread alive at the end, with what it used.
    threads: Vec<(Task, Used)>,
}

impl Parallelism {
    /// CPU seconds per second: the cores kept busy.
    fn cores(&self) -> f64 {
        self.ticks as f64 / self.hz / self.seconds
    }

    /// A thread's %CPU over the interval, 100 for a core of its own.
    fn percent(&self, ticks: u64) -> f64 {
        ticks as f64 * 100.0 / self.hz / self.seconds
    }

    fn is_busy(&self, used: &Used) -> bool {
        used.is_busy(self.seconds, self.hz)
    }

    fn busy(&self) -> usize {
        self.threads.iter().filter(|(_, u)| self.is_busy(u)).count()
    }
}

fn read(root: &ProcRoot, pid: i32) -> Option<Reading> {
    let stat = root.process(pid).and_then(|p| read_stat(&p)).ok()?;
    let tasks = parallel::read_tasks(root, pid)?;
    Some(Reading {
        at: Instant::now(),
        start: stat.starttime,
        ticks: stat.utime + stat.stime,
        tasks,
    })
}

/// Measures `pids` from the readings the last frame left in `earlier`, and
/// those it has none of over `sample`; leaves this frame's readings there.
/// A process read only once (gone, or its PID used again) has no figures.
pub fn measure(
    root: &ProcRoot,
    pids: &[i32],
    sample: Duration,
    hz: u64,
    earlier: &mut Earlier,
) -> HashMap<i32, Parallelism> {
    let mut waited = false;
    for &pid in pids {
        if !earlier.0.contains_key(&pid)
            && let Some(reading) = read(root, pid)
        {
            earlier.0.insert(pid, reading);
            waited = true;
        }
    }
    if waited {
        std::thread::sleep(sample);
    }
    let mut now = HashMap::new();
    let mut measured = HashMap::new();
    for &pid in pids {
        let Some(after) = read(root, pid) else {
            continue;
        };
        if let Some(before) = earlier.0.get(&pid).filter(|b| b.start == after.start) {
            let threads = parallel::used_since(&before.tasks, &after.tasks)
                .map(|(task, used)| (task.clone(), used))
                .collect();
            let seconds = after.at.duration_since(before.at).as_secs_f64();
            measured.insert(
                pid,
                Parallelism {
                    seconds: seconds.max(0.001),
                    hz: hz.max(1) as f64,
                    ticks: after.ticks.saturating_sub(before.ticks),
                    threads,
                },
            );
        }
        now.insert(pid, after);
    }
    earlier.0 = now;
    measured
}

/// The section for people: the cores used, the busy threads, then a line
/// per thread.
pub fn text(measured: Option<&Parallelism>, painter: Painter) -> String {
    let mut out = String::new();
    let Some(p) = measured else {
        painter.paint(&mut out, Some(Kind::Header), |t| t.push_str("parallelism"));
        out.push_str("\n  - (the process could not be read twice)\n");
        return out;
    };
    painter.paint(&mut out, Some(Kind::Header), |t| {
        t.push_str(&format!("parallelism over {:.2} s", p.seconds));
    });
    out.push('\n');
    let rows = vec![
        (
            "cores used".to_string(),
            format!(
                "{:.2} (CPU seconds per second: 2.00 is two cores busy all the time)",
                p.cores()
            ),
        ),
        (
            "busy threads".to_string(),
            format!(
                "{} of {} (ran or waited for a core at least {BUSY_PERCENT}% of the time)",
                p.busy(),
                p.threads.len()
            ),
        ),
    ];
    out.push_str(&tables::render(&tables::fields(rows)));
    let rows = p
        .threads
        .iter()
        .map(|(task, used)| {
            let mut name = String::new();
            escape::push_escaped_str(&mut name, &task.comm);
            vec![
                task.tid.to_string(),
                name,
                format!("{:.1}", p.percent(used.ticks)),
                task.processor
                    .map_or_else(|| "-".to_string(), |c| c.to_string()),
                task.state.to_string(),
            ]
        })
        .collect();
    let table = tables::list(&["TID", "NAME", "%CPU", "CPU", "STATE"], &[0, 2, 3], rows);
    out.push_str(&tables::render(&table));
    out
}

/// The `parallelism` object of `show --json`.
pub fn json(measured: Option<&Parallelism>) -> Json {
    let Some(p) = measured else {
        return Json::Null;
    };
    let round = |x: f64, places: i32| {
        let scale = 10f64.powi(places);
        (x * scale).round() / scale
    };
    let threads = p
        .threads
        .iter()
        .map(|(task, used)| {
            Json::object()
                .with("tid", task.tid)
                .with("comm", task.comm.as_str())
                .with("pcpu", round(p.percent(used.ticks), 1))
                .with("psr", task.processor.map_or(Json::Null, Json::from))
                .with("s", task.state.to_string())
                .with("busy", p.is_busy(used))
        })
        .collect();
    Json::object()
        .with("seconds", round(p.seconds, 3))
        .with("cores", round(p.cores(), 2))
        .with("busy_threads", p.busy())
        .with("threads", Json::Array(threads))
}

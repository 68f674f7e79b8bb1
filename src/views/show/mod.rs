//! `kps show PID…`: one process in full, section by section.
//!
//! Values ps also has (STAT, %CPU, PRI, user names, start time...) come from the
//! column table, so `show` and a listing never disagree. The rest is read here:
//! ancestors, links, smaps_rollup, threads, children, descriptors, limits,
//! cgroups and namespaces. A field the caller may not read is marked so in
//! place; the report still prints.

pub(super) mod cow;
mod json;
mod parallel;
mod ps;
mod text;

pub use parallel::Earlier;

use std::io::Write;
use std::os::unix::ffi::OsStringExt;
use std::time::Duration;

use procfs::process::{Limit, Limits, Process};

use super::{report_failure, write_json_array};
use crate::cli::inspect_args::ShowArgs;
use crate::cli::watch_args::DEFAULT_SAMPLE_MS;
use crate::columns::{RenderOptions, Row, Spec};
use crate::error::Result;
use crate::proc::container::{self, Container};
use crate::proc::container_names::Records;
use crate::proc::descriptors::{Category, count_by_category};
use crate::proc::process::{
    Failure, Readable, Unreadable, open_process, read_bytes, read_stat, readable, thread_group_of,
};
use crate::proc::reader::{self, RawBytes, ReadRequest, ThreadMode};
use crate::proc::root::ProcRoot;
use crate::proc::snapshot::{Needs, PF_KTHREAD, Proc, SmapsRollup, Snapshot, parse_stat};
use crate::proc::status::StatusDetails;
use crate::render::color::Painter;

/// The ancestors are walked up to PID 1; the bound only guards against a
/// kernel answer that loops.
const MAX_ANCESTORS: usize = 4096;

/// Processes as (pid, name).
type Named = Vec<(i32, String)>;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Thread {
    tid: i32,
    comm: String,
    state: char,
    /// User plus system time, in clock ticks.
    cpu_ticks: u64,
}

/// The thread `kps show TID` asked for, shown with its process.
#[derive(Debug, Clone, PartialEq, Eq)]
struct AskedThread {
    tid: i32,
    comm: String,
    state: char,
    /// In clock ticks.
    utime: u64,
    stime: u64,
    /// The CPU it last ran on.
    processor: Option<i32>,
}

/// One line of /proc/PID/cgroup.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cgroup {
    hierarchy: String,
    controllers: String,
    path: Vec<u8>,
}

/// Everything `show` prints about one process, beyond its snapshot row.
struct Report {
    /// The process' row in the snapshot.
    index: usize,
    /// Parent, grandparent... up to the top: (pid, name).
    ancestors: Named,
    exe: Readable<Vec<u8>>,
    cwd: Readable<Vec<u8>>,
    root: Readable<Vec<u8>>,
    memory: Readable<SmapsRollup>,
    threads: Readable<Vec<Thread>>,
    children: Readable<Named>,
    fd_counts: Readable<Vec<(Category, usize)>>,
    limits: Readable<Limits>,
    cgroups: Readable<Vec<Cgroup>>,
    /// The container the cgroup path names, `None` on the host.
    container: Readable<Option<Container>>,
    /// Namespace ids, capabilities, seccomp, context switches.
    details: Readable<StatusDetails>,
    namespaces: Readable<Namespaces>,
    /// PID 1's, which the process' are compared with.
    init_namespaces: Readable<Namespaces>,
    /// `kps show TID`: the thread asked for, of this process.
    thread: Option<Readable<AskedThread>>,
}

/// (type, `type:[inode]`), sorted by type.
type Namespaces = Vec<(String, Readable<String>)>;

/// Shows the processes `args` names; `earlier` keeps the readings a watch's
/// next frame measures parallelism from.
pub fn run(args: &ShowArgs, earlier: &mut Earlier, out: &mut impl Write) -> Result<bool> {
    let root = ProcRoot::new(&args.target.proc_root);
    // A thread's id shows its process, with the thread: (id asked, process).
    let asked: Vec<(i32, i32)> = args
        .target
        .pids
        .iter()
        .map(|&pid| (pid, thread_group_of(&root, pid).unwrap_or(pid)))
        .collect();
    let mut snap = reader::read_snapshot(&ReadRequest {
        needs: Needs::STATUS
            | Needs::CMDLINE
            | Needs::USER_NAMES
            | Needs::GROUP_NAMES
            | Needs::TTY_NAMES
            | Needs::IO
            | Needs::OOM,
        filter_needs: Needs::NONE,
        pids: Some(asked.iter().map(|&(_, process)| process).collect()),
        threads: ThreadMode::Processes,
        keep: &|_| true,
        root: root.clone(),
    })?;
    for proc in &snap.procs {
        if let Some(status) = &proc.status {
            status
                .groups
                .iter()
                .for_each(|&gid| snap.names.add_group(gid));
        }
    }
    // --watch measures over each interval, its first frame over a sample.
    let sample = match (args.sample, args.watch.watch()) {
        (Some(ms), _) => Some(ms),
        (None, Some(_)) => Some(DEFAULT_SAMPLE_MS),
        (None, None) => None,
    };
    let pids: Vec<i32> = asked.iter().map(|&(_, pid)| pid).collect();
    let hz = snap.system.ticks_per_sec;
    let used =
        sample.map(|ms| parallel::measure(&root, &pids, Duration::from_millis(ms), hz, earlier));
    let options = RenderOptions::default();
    let painter = Painter::for_stdout(args.target.color);
    let mut all_found = true;
    let mut printed_any = false;
    let mut objects = Vec::new();
    for &(asked_id, pid) in &asked {
        let report = match snap.procs.iter().position(|p| p.pid == pid) {
            Some(index) => read_report(&root, index, &snap.procs[index]).map(|mut report| {
                if asked_id != pid {
                    report.thread = Some(read_asked_thread(&root, asked_id));
                }
                report
            }),
            // Not in the snapshot: gone, or (with hidepid=noaccess) there but
            // closed to the caller; opening it tells which.
            None => Err(open_process(&root, pid)
                .err()
                .unwrap_or(Failure::NoSuchProcess)),
        };
        match report {
            Ok(report) if args.json => {
                let mut object = json::render(&report, &row_of(&snap, &report, &options));
                if args.shared {
                    object.insert("cow", cow::json(&read_cow(&root, pid, &report)));
                }
                if let Some(used) = &used {
                    object.insert("parallelism", parallel::json(used.get(&pid)));
                }
                objects.push(object);
            }
            Ok(report) => {
                if printed_any {
                    out.write_all(b"\n")?;
                }
                let mut text = text::render(&report, &row_of(&snap, &report, &options), painter);
                if args.shared {
                    text.push_str(&cow::text(&read_cow(&root, pid, &report), painter));
                }
                if let Some(used) = &used {
                    text.push_str(&parallel::text(used.get(&pid), painter));
                }
                out.write_all(text.as_bytes())?;
                printed_any = true;
            }
            Err(failure) => {
                report_failure(out, asked_id, &failure)?;
                all_found = false;
            }
        }
    }
    if args.json {
        write_json_array(out, objects)?;
    }
    Ok(all_found)
}

/// The thread `tid`, read from /proc/TID, which every thread has though
/// /proc lists only processes.
fn read_asked_thread(root: &ProcRoot, tid: i32) -> Readable<AskedThread> {
    let stat = readable(root.process(tid).and_then(|p| read_stat(&p)))?;
    Ok(AskedThread {
        tid,
        comm: stat.comm,
        state: stat.state,
        utime: stat.utime,
        stime: stat.stime,
        processor: stat.processor,
    })
}

fn read_cow(root: &ProcRoot, pid: i32, report: &Report) -> cow::Cow {
    cow::read(root, pid, &report.ancestors, &report.memory)
}

fn row_of<'a>(snap: &'a Snapshot, report: &Report, options: &'a RenderOptions) -> Row<'a> {
    Row::new(&snap.procs[report.index], snap, options)
}

fn read_report(root: &ProcRoot, index: usize, proc: &Proc) -> std::result::Result<Report, Failure> {
    // The snapshot has read this process' status and found it a thread-group
    // leader, so the status need not be read again.
    let process = root.process(proc.pid).map_err(|e| Failure::of(&e))?;
    let (threads, children) = read_tasks(root, &process);
    let cgroup = readable(read_bytes(&process, "cgroup"));
    Ok(Report {
        index,
        ancestors: ancestors(root, proc.stat.ppid),
        exe: link_bytes(process.exe()),
        cwd: link_bytes(process.cwd()),
        root: link_bytes(process.root()),
        memory: read_rollup(&process),
        threads,
        children,
        fd_counts: count_by_category(root, &process),
        limits: read_limits(&process),
        cgroups: cgroup.as_ref().map(|b| parse_cgroups(b)).map_err(|e| *e),
        container: cgroup.map(|b| named_container(&b)),
        details: readable(read_bytes(&process, "status")).map(|b| StatusDetails::parse(&b)),
        namespaces: read_namespaces(root, proc.pid),
        init_namespaces: init_namespaces(root),
        thread: None,
    })
}

/// The container a cgroup file names, with its name where the runtime's
/// records give one.
fn named_container(cgroup_file: &[u8]) -> Option<Container> {
    let mut found = container::from_cgroup_file(cgroup_file)?;
    Records::default().name(&mut found);
    Some(found)
}

/// The raw target of a link like /proc/PID/exe.
fn link_bytes(target: procfs::ProcResult<std::path::PathBuf>) -> Readable<Vec<u8>> {
    readable(target).map(|path| path.into_os_string().into_vec())
}

/// (pid, name) of the parent, its parent, and so on to the top of the tree.
fn ancestors(root: &ProcRoot, mut pid: i32) -> Named {
    let mut chain = Vec::new();
    while pid > 0 && chain.len() < MAX_ANCESTORS {
        let Ok(stat) = root.process(pid).and_then(|p| read_stat(&p)) else {
            break;
        };
        chain.push((pid, stat.comm));
        pid = stat.ppid;
    }
    chain
}

/// /proc/PID/limits, parsed by procfs once its lines have the shape procfs
/// counts words back from (a short line would make it index before the
/// first word); a malformed file reads as unavailable.
fn read_limits(process: &Process) -> Readable<Limits> {
    let bytes = readable(read_bytes(process, "limits"))?;
    let text = std::str::from_utf8(&bytes).map_err(|_| Unreadable::Unavailable)?;
    let shaped = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.starts_with("Limit"))
        .all(|line| line.split_whitespace().count() >= 4);
    if !shaped {
        return Err(Unreadable::Unavailable);
    }
    readable(<Limits as procfs::FromBufRead>::from_buf_read(
        bytes.as_slice(),
    ))
}

fn read_rollup(process: &Process) -> Readable<SmapsRollup> {
    let bytes = readable(read_bytes(process, "smaps_rollup"))?;
    // A kernel thread has no memory map: its rollup is empty, or unreadable.
    if bytes.is_empty() {
        return Err(Unreadable::Unavailable);
    }
    SmapsRollup::parse_checked(&bytes).ok_or(Unreadable::Unavailable)
}

/// The threads, and the children of every thread (a child's parent is the
/// thread that forked it), from one listing of the task directory.
fn read_tasks(root: &ProcRoot, process: &Process) -> (Readable<Vec<Thread>>, Readable<Named>) {
    let tasks = match readable(process.tasks()) {
        Ok(tasks) => tasks,
        Err(why) => return (Err(why), Err(why)),
    };
    let mut threads = Vec::new();
    let mut children: Readable<Vec<i32>> = Ok(Vec::new());
    for task in tasks.flatten() {
        let stat = task
            .read::<_, RawBytes>("stat")
            .and_then(|bytes| parse_stat(&bytes.0));
        if let Ok(stat) = stat {
            threads.push(Thread {
                tid: stat.pid,
                state: stat.state,
                cpu_ticks: stat.utime + stat.stime,
                comm: stat.comm,
            });
        }
        if let Ok(pids) = &mut children {
            match readable(task.children()) {
                Ok(kids) => pids.extend(kids.into_iter().filter_map(|pid| i32::try_from(pid).ok())),
                Err(why) => children = Err(why),
            }
        }
    }
    threads.sort_by_key(|t| t.tid);
    (Ok(threads), children.map(|pids| named(root, pids)))
}

/// (pid, name) of each process still there, in PID order.
fn named(root: &ProcRoot, mut pids: Vec<i32>) -> Named {
    pids.sort_unstable();
    pids.dedup();
    pids.into_iter()
        .filter_map(|pid| {
            let stat = root.process(pid).and_then(|p| read_stat(&p)).ok()?;
            Some((pid, stat.comm))
        })
        .collect()
}

/// `hierarchy:controllers:path` lines; the path is raw bytes.
fn parse_cgroups(bytes: &[u8]) -> Vec<Cgroup> {
    bytes
        .split(|&b| b == b'\n')
        .filter_map(|line| {
            let mut parts = line.splitn(3, |&b| b == b':');
            let hierarchy = parts.next()?;
            let controllers = parts.next()?;
            let path = parts.next()?;
            Some(Cgroup {
                hierarchy: String::from_utf8_lossy(hierarchy).into_owned(),
                controllers: String::from_utf8_lossy(controllers).into_owned(),
                path: path.to_vec(),
            })
        })
        .collect()
}

/// The namespace links of /proc/PID/ns; reading them takes the same privilege
/// as inspecting the process' memory.
fn read_namespaces(root: &ProcRoot, pid: i32) -> Readable<Namespaces> {
    let dir =
        std::fs::read_dir(root.path(&format!("{pid}/ns"))).map_err(|e| Unreadable::of_io(&e))?;
    let mut namespaces: Vec<(String, Readable<String>)> = dir
        .flatten()
        .map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let target = std::fs::read_link(entry.path())
                .map(|t| t.to_string_lossy().into_owned())
                .map_err(|e| Unreadable::of_io(&e));
            (name, target)
        })
        .collect();
    namespaces.sort_by(|a, b| a.0.cmp(&b.0));
    if !namespaces.is_empty()
        && namespaces
            .iter()
            .all(|(_, t)| *t == Err(Unreadable::Denied))
    {
        return Err(Unreadable::Denied);
    }
    Ok(namespaces)
}

/// Whether each namespace differs from PID 1's: `None` where either link
/// could not be read.
fn differs_from_init(report: &Report) -> Vec<(String, Option<bool>)> {
    let Ok(namespaces) = &report.namespaces else {
        return Vec::new();
    };
    let init: &Namespaces = match &report.init_namespaces {
        Ok(init) => init,
        Err(_) => &Vec::new(),
    };
    namespaces
        .iter()
        .map(|(name, target)| {
            let init_target = init.iter().find(|(n, _)| n == name).map(|(_, t)| t);
            let differs = match (target, init_target) {
                (Ok(own), Some(Ok(init))) => Some(own != init),
                _ => None,
            };
            (name.clone(), differs)
        })
        .collect()
}

/// The name of a seccomp mode, as proc(5) gives it.
fn seccomp_mode(mode: Option<u8>) -> &'static str {
    match mode {
        Some(0) => "disabled",
        Some(1) => "strict",
        Some(2) => "filter",
        Some(_) => "unknown",
        None => "-",
    }
}

/// PID 1's namespaces; where they may not be read (PID 1 holds a capability
/// kps lacks), kthreadd's: kernel threads stay in the initial namespaces,
/// which are PID 1's on a host.
fn init_namespaces(root: &ProcRoot) -> Readable<Namespaces> {
    let init = read_namespaces(root, 1);
    if init
        .as_ref()
        .is_ok_and(|all| all.iter().any(|(_, target)| target.is_ok()))
    {
        return init;
    }
    let kthreadd = root.process(2).and_then(|p| read_stat(&p));
    match kthreadd {
        Ok(stat) if stat.flags & PF_KTHREAD != 0 && stat.ppid == 0 => read_namespaces(root, 2),
        _ => init,
    }
}

/// The meaning of a state letter, as proc(5) gives it.
fn state_meaning(state: char) -> &'static str {
    match state {
        'R' => "running",
        'S' => "sleeping",
        'D' => "uninterruptible sleep",
        'Z' => "zombie",
        'T' => "stopped",
        't' => "stopped by debugger",
        'X' => "dead",
        'I' => "idle",
        'P' => "parked",
        'W' => "waking",
        'K' => "wakekill",
        _ => "unknown",
    }
}

/// How a zombie ended, from its wait status: `Ok(exit status)` or `Err(signal)`.
fn zombie_exit(proc: &Proc) -> Option<std::result::Result<i32, u32>> {
    if proc.stat.state != 'Z' {
        return None;
    }
    let status = proc.stat.exit_code?;
    let signal = status & 0x7f;
    if signal == 0 {
        Some(Ok((status >> 8) & 0xff))
    } else {
        Some(Err(signal as u32))
    }
}

/// A ps column's text for this row, as a listing prints it.
fn ps_text(row: &Row, spec: &Spec) -> String {
    let mut text = String::new();
    spec.render(row, usize::MAX, &mut text);
    text
}

/// Every resource limit under its prlimit(1) name, with its unit.
fn limit_table(l: &Limits) -> [(&'static str, &'static str, &Limit); 16] {
    [
        ("as", "bytes", &l.max_address_space),
        ("core", "bytes", &l.max_core_file_size),
        ("cpu", "seconds", &l.max_cpu_time),
        ("data", "bytes", &l.max_data_size),
        ("fsize", "bytes", &l.max_file_size),
        ("locks", "locks", &l.max_file_locks),
        ("memlock", "bytes", &l.max_locked_memory),
        ("msgqueue", "bytes", &l.max_msgqueue_size),
        ("nice", "", &l.max_nice_priority),
        ("nofile", "files", &l.max_open_files),
        ("nproc", "processes", &l.max_processes),
        ("rss", "bytes", &l.max_resident_set),
        ("rtprio", "", &l.max_realtime_priority),
        ("rttime", "us", &l.max_realtime_timeout),
        ("sigpending", "signals", &l.max_pending_signals),
        ("stack", "bytes", &l.max_stack_size),
    ]
}

/// CPU ticks as seconds.
fn seconds(ticks: u64, row: &Row) -> f64 {
    ticks as f64 / row.snap.system.ticks_per_sec as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ps_columns_are_the_named_specifiers() {
        assert_eq!(ps::PID.name, "pid");
        assert_eq!(ps::S.name, "s");
        for (id, name) in ps::IDS {
            assert!(id.name.ends_with("id"), "{}", id.name);
            assert_eq!(id.name[..1], name.name[..1]);
        }
    }

    #[test]
    fn cgroup_lines_keep_raw_paths() {
        let groups = parse_cgroups(b"0::/user.slice/a:b\xff\n4:memory,cpu:/x\n\n");
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].hierarchy, "0");
        assert_eq!(groups[0].controllers, "");
        assert_eq!(groups[0].path, b"/user.slice/a:b\xff");
        assert_eq!(groups[1].controllers, "memory,cpu");
    }

    #[test]
    fn states_have_names() {
        assert_eq!(state_meaning('D'), "uninterruptible sleep");
        assert_eq!(state_meaning('?'), "unknown");
    }
}

//! Builds a [`Snapshot`] from /proc, reading only the files a request needs.

use std::io::Read;
use std::os::unix::fs::MetadataExt;

use procfs::ProcError;
use rayon::prelude::*;

use crate::error::Result;
use crate::proc::container;
use crate::proc::container_names::Records;
use crate::proc::parallel::{self, Task};
use crate::proc::root::ProcRoot;
use crate::proc::snapshot::{
    Autogroup, Extra, ExtraFiles, IoCounters, Namespaces, Needs, Proc, SmapsRollup, Snapshot, Stat,
};
use crate::proc::status::ProcStatus;
use crate::proc::system::SystemInfo;
use crate::proc::tty::TtyNames;
use crate::proc::users::Names;

/// Which rows a process contributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadMode {
    /// One row per process.
    Processes,
    /// One row per thread.
    Threads,
    /// A process row followed by a row per thread.
    Both,
}

/// Below this many PIDs the cost of waking worker threads outweighs the gain.
const PARALLEL_THRESHOLD: usize = 64;

/// Decides, from the cheap files already read, whether a process is wanted; the
/// expensive ones (cmdline, environ) are read only for processes it keeps.
pub type Keep<'a> = &'a (dyn Fn(&Proc) -> bool + Sync);

pub struct ReadRequest<'a> {
    /// Files to read for every kept process.
    pub needs: Needs,
    /// Files the `keep` predicate looks at (read before it runs).
    pub filter_needs: Needs,
    /// Read only these PIDs instead of scanning /proc; rows then come in this
    /// order, repeats included (`-q 3,1,1`).
    pub pids: Option<Vec<i32>>,
    pub threads: ThreadMode,
    pub keep: Keep<'a>,
    /// The proc file system to read.
    pub root: ProcRoot,
}

impl ReadRequest<'_> {
    pub fn everything(needs: Needs) -> ReadRequest<'static> {
        ReadRequest {
            needs,
            filter_needs: Needs::NONE,
            pids: None,
            threads: ThreadMode::Processes,
            keep: &|_| true,
            root: ProcRoot::default(),
        }
    }
}

pub fn read_snapshot(request: &ReadRequest<'_>) -> Result<Snapshot> {
    let root = &request.root;
    let system = SystemInfo::read(root)?;
    let pids = match &request.pids {
        Some(pids) if request.threads != ThreadMode::Processes => {
            // procps reads the threads of a PID given twice in a row once:
            // the second time, it finds the task directory already read.
            let mut pids = pids.clone();
            pids.dedup();
            pids
        }
        Some(pids) => pids.clone(),
        None => list_pids(root)?,
    };
    let procs = read_pids(&pids, request);
    Ok(assemble(procs, system, request))
}

/// The rows of `pids`, in their order. A long list is read in parallel, a
/// block of PIDs at a time: each block's rows move into the one vector as
/// the block ends, so that reading holds no more than a block's rows twice.
fn read_pids(pids: &[i32], request: &ReadRequest<'_>) -> Vec<Proc> {
    let read_one = |&pid: &i32| read_pid(pid, request);
    if pids.len() < PARALLEL_THRESHOLD {
        return pids.iter().flat_map(read_one).collect();
    }
    // kps' own row is read by the thread that waits for the others, so
    // that kps reads as running, as ps does while it reads itself.
    let own = std::process::id() as i32;
    let mut procs = Vec::with_capacity(pids.len());
    for block in pids.chunks(PARALLEL_BLOCK) {
        let mut rows: Vec<Rows> = block
            .par_iter()
            .map(|pid| {
                if *pid == own {
                    Rows::default()
                } else {
                    read_one(pid)
                }
            })
            .collect();
        for (rows, pid) in rows.iter_mut().zip(block) {
            if *pid == own {
                *rows = read_one(pid);
            }
        }
        procs.extend(rows.into_iter().flatten());
    }
    procs
}

/// PIDs read in parallel between two moves of their rows into the snapshot.
const PARALLEL_BLOCK: usize = 1024;

/// A snapshot of `procs`, with the user, group, terminal and container names
/// the request's needs ask for.
pub(super) fn assemble(
    mut procs: Vec<Proc>,
    system: SystemInfo,
    request: &ReadRequest<'_>,
) -> Snapshot {
    let all_needs = request.needs | request.filter_needs;
    if all_needs.contains(Needs::CONTAINER) {
        let mut records = Records::default();
        let containers = procs
            .iter_mut()
            .filter_map(|p| p.extra.read_mut()?.container.as_mut());
        for container in containers {
            records.name(container);
        }
    }
    let mut names = Names::default();
    let mut ttys = TtyNames::default();
    for proc in &procs {
        if let Some(euid) = proc
            .euid()
            .filter(|_| all_needs.contains(Needs::EFFECTIVE_USER_NAME))
        {
            names.add_user(euid);
        }
        if let Some(status) = &proc.status {
            if all_needs.contains(Needs::USER_NAMES) {
                status.uid.iter().for_each(|&uid| names.add_user(uid));
            }
            if all_needs.contains(Needs::GROUP_NAMES) {
                status.gid.iter().for_each(|&gid| names.add_group(gid));
            }
            if all_needs.contains(Needs::SUPPLEMENTARY_GROUP_NAMES) {
                status.groups.iter().for_each(|&gid| names.add_group(gid));
            }
        }
        if all_needs.contains(Needs::TTY_NAMES) {
            ttys.add(proc.stat.tty_nr);
        }
    }
    Snapshot {
        sample_interval_ticks: None,
        procs,
        system,
        names,
        ttys,
        root: request.root.clone(),
    }
}

/// Every numeric entry of /proc, sorted: rows are read in this order, and
/// need no sort after (which would move every row once more).
pub(super) fn list_pids(root: &ProcRoot) -> Result<Vec<i32>> {
    let mut pids = root.pids()?;
    pids.sort_unstable();
    Ok(pids)
}

/// The rows of one PID: most often a process row alone, which then needs
/// no vector of its own.
#[derive(Default)]
struct Rows {
    process: Option<Proc>,
    threads: Vec<Proc>,
}

impl IntoIterator for Rows {
    type Item = Proc;
    type IntoIter = std::iter::Chain<std::option::IntoIter<Proc>, std::vec::IntoIter<Proc>>;
    fn into_iter(self) -> Self::IntoIter {
        self.process.into_iter().chain(self.threads)
    }
}

/// The rows for one PID: none if it vanished or is not wanted, one per thread
/// in thread listings. With a process row first (`m`, `-m`), the process is
/// selected or not, and every thread of a selected one follows it.
fn read_pid(pid: i32, request: &ReadRequest<'_>) -> Rows {
    let root = &request.root;
    let process = ProcDir::process(root, pid);
    let mut rows = Rows::default();
    let keep_each_thread = request.threads == ThreadMode::Threads;
    if request.threads != ThreadMode::Threads {
        rows.process = read_task(pid, pid, &process, request, true);
        if rows.process.is_none() || request.threads == ThreadMode::Processes {
            return rows;
        }
    }
    let Ok(tasks) = std::fs::read_dir(root.path(&format!("{pid}/task"))) else {
        return rows;
    };
    // The kernel lists a process' threads from the leader on, in the order
    // they were created (not by TID once TIDs wrap), and ps keeps that order.
    let tids = tasks.filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<i32>().ok());
    for tid in tids {
        let row = match (tid == pid, &rows.process) {
            // ps shows the main thread with the figures of the whole process,
            // which were just read for the process row.
            (true, Some(process_row)) => Some(process_row.clone()),
            (true, None) => read_task(pid, tid, &process, request, keep_each_thread),
            (false, _) => read_task(
                pid,
                tid,
                &ProcDir::task(root, pid, tid),
                request,
                keep_each_thread,
            ),
        };
        rows.threads.extend(row.map(|mut row| {
            row.tid = tid;
            row.thread_row = request.threads == ThreadMode::Both;
            row
        }));
    }
    rows
}

/// Reads one process or thread; `None` if it vanished or, when `filtered`,
/// the filter drops it.
pub(super) fn read_task(
    pid: i32,
    tid: i32,
    files: &dyn Files,
    request: &ReadRequest<'_>,
    filtered: bool,
) -> Option<Proc> {
    let bytes = files.bytes("stat").ok()?;
    let mut proc = match Proc::from_stat(pid, tid, &bytes) {
        Ok(proc) => proc,
        // The file is there but not as the kernel writes it: the row stays,
        // named by `comm`, with `-` for what stat would have told.
        Err(_) => Proc::unparsed(pid, tid, comm_of(files)),
    };
    let root = &request.root;
    let late = request.needs;
    let early = request.filter_needs;
    // status also gives the effective uid and the exact resident set: when it
    // is read anyway, the owner and statm are not needed.
    // /proc also answers for a thread's id as if it were a process; a PID asked
    // for by number must be checked against its thread group, as ps does.
    let asked_by_number = request.pids.is_some() && tid == pid;
    let status_read = (early | late).contains(Needs::STATUS) || asked_by_number;
    if status_read {
        proc.status = optional(files.bytes("status"), root, pid)?
            .and_then(|b| ProcStatus::parse_checked(&b))
            .map(Box::new);
    } else if (early | late).contains(Needs::OWNER) {
        proc.owner = Some(files.owner()?);
    }
    if asked_by_number
        && proc
            .status
            .as_ref()
            .is_some_and(|s| s.tgid != 0 && s.tgid != pid)
    {
        return None;
    }
    if filtered && !(request.keep)(&proc) {
        return None;
    }
    if late.contains(Needs::CMDLINE) {
        // The argv of a thread row is its process': ps shows the same command.
        proc.cmdline = optional(files.bytes("cmdline"), root, pid)?;
    }
    read_shown(&mut proc, files, request, status_read)?;
    Some(proc)
}

/// Reads what a kept row shows beyond stat, status and its command line: the
/// environment, statm (not when status, read anyway, gave the resident set)
/// and the extra files. `None` if the process vanished meanwhile.
pub(super) fn read_shown(
    proc: &mut Proc,
    files: &dyn Files,
    request: &ReadRequest<'_>,
    status_read: bool,
) -> Option<()> {
    let (root, pid, late) = (&request.root, proc.pid, request.needs);
    if late.contains(Needs::ENVIRON) {
        proc.environ = optional(files.bytes("environ"), root, pid)?;
    }
    if late.contains(Needs::STATM) && !status_read {
        proc.resident_pages = optional(files.bytes("statm"), root, pid)?.and_then(|b| {
            String::from_utf8_lossy(&b)
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()
        });
    }
    // Threads are counted on process rows only: a thread row has none.
    let late = if proc.tid != pid || request.threads == ThreadMode::Threads {
        late.without(Needs::TASKS)
    } else {
        late
    };
    proc.extra = read_extra(files, late, root, pid)?;
    Some(())
}

/// The files only some columns need; `None` if the process vanished meanwhile.
pub(super) fn read_extra(
    files: &dyn Files,
    needs: Needs,
    root: &ProcRoot,
    pid: i32,
) -> Option<Extra> {
    if !needs.intersects(Needs::EXTRA_FILES) {
        return Some(Extra::default());
    }
    let mut extra = ExtraFiles::default();
    let wanted = |need: Needs| needs.contains(need);
    let bytes = |name: &str| optional(files.bytes(name), root, pid);
    if wanted(Needs::WCHAN) {
        extra.wchan = bytes("wchan")?;
    }
    if wanted(Needs::SMAPS_ROLLUP) {
        extra.memory = bytes("smaps_rollup")?.and_then(|b| SmapsRollup::parse_checked(&b));
    }
    if wanted(Needs::IO) {
        extra.io = bytes("io")?.and_then(|b| IoCounters::parse_checked(&b));
    }
    if wanted(Needs::CGROUP) {
        extra.cgroup = bytes("cgroup")?;
    }
    if wanted(Needs::CONTAINER) {
        extra.container = extra
            .cgroup
            .as_deref()
            .and_then(container::from_cgroup_file);
    }
    if wanted(Needs::NAMESPACES) {
        extra.namespaces = Some(namespaces(files));
    }
    if wanted(Needs::EXE) {
        extra.exe = optional(files.link("exe"), root, pid)?;
    }
    if wanted(Needs::ATTR) {
        extra.label = bytes("attr/current")?;
    }
    if wanted(Needs::LOGINUID) {
        extra.loginuid = bytes("loginuid")?.and_then(|b| parse_number(&b));
    }
    if wanted(Needs::OOM) {
        extra.oom_score = bytes("oom_score")?.and_then(|b| parse_number(&b));
        extra.oom_score_adj = bytes("oom_score_adj")?.and_then(|b| parse_number(&b));
    }
    if wanted(Needs::AUTOGROUP) {
        // Only process directories have the file: other threads show none.
        extra.autogroup = bytes("autogroup")?.as_deref().and_then(Autogroup::parse);
    }
    if wanted(Needs::TASKS) {
        extra.tasks = parallel::read_tasks(root, pid);
    }
    Some(extra.into())
}

/// The namespace inode numbers, each link on its own: a zombie keeps some
/// namespaces (pid, user) and has lost the others, and ps shows what is left.
fn namespaces(files: &dyn Files) -> Namespaces {
    let inode = |name: &str| files.inode(&format!("ns/{name}")).unwrap_or(0);
    Namespaces {
        ipc: inode("ipc"),
        mnt: inode("mnt"),
        net: inode("net"),
        pid: inode("pid"),
        user: inode("user"),
        uts: inode("uts"),
        cgroup: inode("cgroup"),
        time: inode("time"),
    }
}

/// The command name from `comm`, without the kernel's newline; empty when it
/// may not be read.
pub(super) fn comm_of(files: &dyn Files) -> Vec<u8> {
    let mut comm = files.bytes("comm").unwrap_or_default();
    comm.truncate(64);
    if comm.last() == Some(&b'\n') {
        comm.pop();
    }
    comm
}

fn parse_number<T: std::str::FromStr>(bytes: &[u8]) -> Option<T> {
    std::str::from_utf8(bytes).ok()?.trim().parse().ok()
}

/// `Some(None)` for a file that may not be read, `None` for a process that is gone.
///
/// A kernel thread or a zombie has no memory to read argv or the environment
/// from, and the kernel answers ESRCH as if it were gone: only a /proc entry
/// that disappeared really means that.
pub(super) fn optional<T>(
    result: std::result::Result<T, ProcError>,
    root: &ProcRoot,
    pid: i32,
) -> Option<Option<T>> {
    let gone = match result {
        Ok(bytes) => return Some(Some(bytes)),
        Err(ProcError::NotFound(_)) => true,
        Err(ProcError::Io(e, _)) => e.raw_os_error() == Some(libc::ESRCH),
        Err(_) => false,
    };
    if gone && !std::path::Path::new(&root.path(&pid.to_string())).exists() {
        return None;
    }
    Some(None)
}

/// The raw bytes of a /proc file, for reading through procfs' `FromRead`.
pub struct RawBytes(pub Vec<u8>);

impl procfs::FromRead for RawBytes {
    fn from_read<R: Read>(r: R) -> procfs::ProcResult<Self> {
        let mut buf = Vec::new();
        r.take(crate::proc::root::READ_MAX).read_to_end(&mut buf)?;
        Ok(RawBytes(buf))
    }
}

/// The per-process files of a process or of one of its threads.
pub(super) trait Files {
    fn stat(&self) -> procfs::ProcResult<procfs::process::Stat>;
    fn bytes(&self, name: &str) -> procfs::ProcResult<Vec<u8>>;
    /// The directory's owner; `None` if it is gone.
    fn owner(&self) -> Option<u32>;
    /// Where a symbolic link (`exe`) points.
    fn link(&self, name: &str) -> procfs::ProcResult<Vec<u8>>;
    /// The inode number of what a link (`ns/pid`) points at.
    fn inode(&self, name: &str) -> Option<u64>;
}

/// A /proc/PID or /proc/PID/task/TID directory, read by path.
///
/// A listing reads a few small files from thousands of these. Opening each file
/// by its path costs one system call less per file than holding a directory
/// descriptor (procfs' `Process`), reads without the size probes of
/// `read_to_end`, and procfs still parses `stat`.
pub(super) struct ProcDir {
    path: String,
}

impl ProcDir {
    pub(super) fn process(root: &ProcRoot, pid: i32) -> ProcDir {
        ProcDir {
            path: root.path(&format!("{pid}/")),
        }
    }

    fn task(root: &ProcRoot, pid: i32, tid: i32) -> ProcDir {
        ProcDir {
            path: root.path(&format!("{pid}/task/{tid}/")),
        }
    }
}

impl Files for ProcDir {
    fn owner(&self) -> Option<u32> {
        std::fs::metadata(&self.path).ok().map(|m| m.uid())
    }

    fn stat(&self) -> procfs::ProcResult<procfs::process::Stat> {
        crate::proc::snapshot::parse_stat(&self.bytes("stat")?)
    }

    fn bytes(&self, name: &str) -> procfs::ProcResult<Vec<u8>> {
        let path = format!("{}{name}", self.path);
        let as_proc_error = |e| proc_error(e, &path);
        let file = std::fs::File::open(&path).map_err(as_proc_error)?;
        let mut file = file.take(crate::proc::root::READ_MAX);
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            match file.read(&mut chunk) {
                Ok(n) => {
                    bytes.extend_from_slice(&chunk[..n]);
                    // /proc hands a file over in one read when the buffer can
                    // hold it; a short read is the end (procps relies on it too),
                    // which saves the read that would return 0.
                    if n < chunk.len() {
                        return Ok(bytes);
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(as_proc_error(e)),
            }
        }
    }

    fn link(&self, name: &str) -> procfs::ProcResult<Vec<u8>> {
        use std::os::unix::ffi::OsStringExt;
        let path = format!("{}{name}", self.path);
        std::fs::read_link(&path)
            .map(|target| target.into_os_string().into_vec())
            .map_err(|e| proc_error(e, &path))
    }

    fn inode(&self, name: &str) -> Option<u64> {
        std::fs::metadata(format!("{}{name}", self.path))
            .ok()
            .map(|m| m.ino())
    }
}

fn proc_error(e: std::io::Error, path: &str) -> ProcError {
    let path = Some(path.into());
    match e.kind() {
        std::io::ErrorKind::NotFound => ProcError::NotFound(path),
        std::io::ErrorKind::PermissionDenied => ProcError::PermissionDenied(path),
        _ => ProcError::Io(e, path),
    }
}

/// Looks at every row again after `interval` and records the CPU ticks each
/// used meanwhile: %CPU "now" instead of over the process' whole life.
pub fn sample_cpu(snap: &mut Snapshot, interval: std::time::Duration) {
    let started = std::time::Instant::now();
    std::thread::sleep(interval);
    let children = |s: &Stat| (s.cutime.max(0) + s.cstime.max(0)) as u64;
    // Of each row's stat now, only its start and its ticks are kept; its
    // threads are read again where a column counts the busy ones.
    type Later = Option<((u64, u64, u64), Option<Vec<Task>>)>;
    let ticks_now = |p: &Proc| -> Later {
        let files = if p.tid == p.pid {
            ProcDir::process(&snap.root, p.pid)
        } else {
            ProcDir::task(&snap.root, p.pid, p.tid)
        };
        let now = Stat::from(files.stat().ok()?);
        let tasks = p.extra.tasks.as_ref();
        let tasks = tasks.and_then(|_| parallel::read_tasks(&snap.root, p.pid));
        Some((
            (now.starttime, now.utime + now.stime, children(&now)),
            tasks,
        ))
    };
    let later: Vec<Later> = if snap.procs.len() >= PARALLEL_THRESHOLD {
        snap.procs.par_iter().map(ticks_now).collect()
    } else {
        snap.procs.iter().map(ticks_now).collect()
    };
    let elapsed = started.elapsed().as_secs_f64();
    let hz = snap.system.ticks_per_sec as f64;
    for (proc, after) in snap.procs.iter_mut().zip(later) {
        // A PID reused during the sample is another process: no figure.
        let Some(((_, used, by_children), tasks)) =
            after.filter(|&((starttime, _, _), _)| starttime == proc.stat.starttime)
        else {
            proc.sampled_ticks = None;
            continue;
        };
        proc.sampled_ticks = Some((
            used.saturating_sub(proc.stat.utime + proc.stat.stime),
            by_children.saturating_sub(children(&proc.stat)),
        ));
        if let (Some(before), Some(tasks)) = (&proc.extra.tasks, &tasks) {
            let busy = parallel::busy_threads(before, tasks, elapsed, hz);
            proc.extra.busy_threads = Some(busy);
        }
    }
    snap.sample_interval_ticks = Some(elapsed * hz);
}

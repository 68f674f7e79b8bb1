//! Builds a [`Snapshot`] from /proc, reading only the files a request needs.

use std::io::Read;

use procfs::ProcError;
use procfs::process::{Process, Stat};
use rayon::prelude::*;

use crate::error::Result;
use crate::snapshot::{
    Autogroup, ExtraFiles, IoCounters, Namespaces, Needs, Proc, SmapsRollup, Snapshot,
};
use crate::status::ProcStatus;
use crate::system::SystemInfo;
use crate::tty::TtyNames;
use crate::users::Names;

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
    /// Read only these PIDs instead of scanning /proc.
    pub pids: Option<Vec<i32>>,
    /// One row per thread instead of one per process.
    pub threads: bool,
    pub keep: Keep<'a>,
}

impl ReadRequest<'_> {
    pub fn everything(needs: Needs) -> ReadRequest<'static> {
        ReadRequest {
            needs,
            filter_needs: Needs::NONE,
            pids: None,
            threads: false,
            keep: &|_| true,
        }
    }
}

pub fn read_snapshot(request: &ReadRequest<'_>) -> Result<Snapshot> {
    let system = SystemInfo::read()?;
    let pids = match &request.pids {
        Some(pids) => pids.clone(),
        None => list_pids()?,
    };
    let read_one = |&pid: &i32| read_pid(pid, request);
    let mut procs: Vec<Proc> = if pids.len() >= PARALLEL_THRESHOLD {
        pids.par_iter().flat_map_iter(read_one).collect()
    } else {
        pids.iter().flat_map(read_one).collect()
    };
    // Threads stay in the kernel's order, main thread first, as ps lists them
    // (after a PID wrap a later thread can have a smaller TID).
    procs.sort_by_key(|p| p.pid);
    let mut seen = std::collections::HashSet::new();
    procs.retain(|p| seen.insert((p.pid, p.tid)));

    let all_needs = request.needs | request.filter_needs;
    let mut names = Names::default();
    let mut ttys = TtyNames::default();
    for proc in &procs {
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
    Ok(Snapshot {
        procs,
        system,
        names,
        ttys,
    })
}

/// Every numeric entry of /proc, in directory order.
fn list_pids() -> Result<Vec<i32>> {
    let dir = std::fs::read_dir("/proc")
        .map_err(|e| crate::error::Error::new(format!("cannot read /proc: {e}")))?;
    Ok(dir
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .collect())
}

/// The rows for one PID: none if it vanished or is not wanted, one per thread
/// in thread listings.
fn read_pid(pid: i32, request: &ReadRequest<'_>) -> Vec<Proc> {
    let Ok(process) = Process::new(pid) else {
        return Vec::new();
    };
    if !request.threads {
        return read_task(pid, pid, &ProcessFiles(&process), request)
            .into_iter()
            .collect();
    }
    let Ok(tasks) = process.tasks() else {
        return Vec::new();
    };
    // procps reads the main thread from the process directory, so its row
    // shows the whole process' CPU times, faults and I/O.
    tasks
        .flatten()
        .filter_map(|task| match task.tid {
            tid if tid == pid => read_task(pid, tid, &ProcessFiles(&process), request),
            tid => read_task(pid, tid, &TaskFiles(&process, &task), request),
        })
        .collect()
}

/// Reads one process or thread; `None` if it vanished or the filter drops it.
fn read_task(pid: i32, tid: i32, files: &dyn Files, request: &ReadRequest<'_>) -> Option<Proc> {
    let stat: Stat = files.stat().ok()?;
    let mut proc = Proc {
        pid,
        tid,
        stat,
        status: None,
        cmdline: None,
        environ: None,
        extra: ExtraFiles::default(),
    };
    let late = request.needs;
    if (request.filter_needs | late).contains(Needs::STATUS) {
        proc.status = optional(files.bytes("status"))?.map(|b| ProcStatus::parse(&b));
    }
    if !(request.keep)(&proc) {
        return None;
    }
    if late.contains(Needs::CMDLINE) {
        // The argv of a thread row is its process': ps shows the same command.
        proc.cmdline = unreadable_or_gone(files.bytes("cmdline"), files)?;
    }
    if late.contains(Needs::ENVIRON) {
        proc.environ = unreadable_or_gone(files.bytes("environ"), files)?;
    }
    proc.extra = read_extra(files, late)?;
    Some(proc)
}

/// The files only some columns need; `None` if the process vanished meanwhile.
fn read_extra(files: &dyn Files, needs: Needs) -> Option<ExtraFiles> {
    let mut extra = ExtraFiles::default();
    let wanted = |need: Needs| needs.contains(need);
    let bytes = |name: &str| unreadable_or_gone(files.bytes(name), files);
    if wanted(Needs::WCHAN) {
        extra.wchan = bytes("wchan")?;
    }
    if wanted(Needs::SMAPS_ROLLUP) {
        extra.memory = bytes("smaps_rollup")?.map(|b| SmapsRollup::parse(&b));
    }
    if wanted(Needs::IO) {
        extra.io = bytes("io")?.map(|b| IoCounters::parse(&b));
    }
    if wanted(Needs::CGROUP) {
        extra.cgroup = bytes("cgroup")?;
    }
    if wanted(Needs::NAMESPACES) {
        extra.namespaces = unreadable_or_gone(files.namespaces(), files)?;
    }
    if wanted(Needs::EXE) {
        extra.exe = unreadable_or_gone(files.exe(), files)?;
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
        extra.autogroup = unreadable_or_gone(files.autogroup(), files)?
            .as_deref()
            .and_then(Autogroup::parse);
    }
    Some(extra)
}

/// Like [`optional`], for files the kernel may refuse with the errors of a
/// vanished process (a kernel thread's environ gives ESRCH) or may not have
/// (autogroup on a kernel without it): the process is gone only when its
/// stat went with it.
fn unreadable_or_gone<T>(
    result: std::result::Result<T, ProcError>,
    files: &dyn Files,
) -> Option<Option<T>> {
    match optional(result) {
        Some(value) => Some(value),
        None if files.stat().is_ok() => Some(None),
        None => None,
    }
}

fn parse_number<T: std::str::FromStr>(bytes: &[u8]) -> Option<T> {
    std::str::from_utf8(bytes).ok()?.trim().parse().ok()
}

/// `Some(None)` for a file that may not be read, `None` for a process that is gone.
fn optional<T>(result: std::result::Result<T, ProcError>) -> Option<Option<T>> {
    match result {
        Ok(bytes) => Some(Some(bytes)),
        Err(ProcError::NotFound(_)) => None,
        Err(ProcError::Io(e, _)) if e.raw_os_error() == Some(libc::ESRCH) => None,
        Err(_) => Some(None),
    }
}

/// The raw bytes of a /proc file, read through procfs' fd-relative opening.
struct RawBytes(Vec<u8>);

impl procfs::FromRead for RawBytes {
    fn from_read<R: Read>(mut r: R) -> procfs::ProcResult<Self> {
        let mut buf = Vec::new();
        r.read_to_end(&mut buf)?;
        Ok(RawBytes(buf))
    }
}

/// The per-process files of a process or of one of its threads.
trait Files {
    fn stat(&self) -> procfs::ProcResult<Stat>;
    fn bytes(&self, name: &str) -> procfs::ProcResult<Vec<u8>>;
    /// Target of the exe link.
    fn exe(&self) -> procfs::ProcResult<Vec<u8>>;
    fn namespaces(&self) -> procfs::ProcResult<Namespaces>;
    fn autogroup(&self) -> procfs::ProcResult<Vec<u8>>;
}

struct ProcessFiles<'a>(&'a Process);
/// A thread, and the process it belongs to for what only processes have.
struct TaskFiles<'a>(&'a Process, &'a procfs::process::Task);

impl Files for ProcessFiles<'_> {
    fn stat(&self) -> procfs::ProcResult<Stat> {
        self.0.stat()
    }
    fn bytes(&self, name: &str) -> procfs::ProcResult<Vec<u8>> {
        self.0.read::<_, RawBytes>(name).map(|b| b.0)
    }
    fn exe(&self) -> procfs::ProcResult<Vec<u8>> {
        process_exe(self.0)
    }
    fn namespaces(&self) -> procfs::ProcResult<Namespaces> {
        process_namespaces(self.0)
    }
    fn autogroup(&self) -> procfs::ProcResult<Vec<u8>> {
        self.bytes("autogroup")
    }
}

impl Files for TaskFiles<'_> {
    fn stat(&self) -> procfs::ProcResult<Stat> {
        self.1.stat()
    }
    fn bytes(&self, name: &str) -> procfs::ProcResult<Vec<u8>> {
        self.1.read::<_, RawBytes>(name).map(|b| b.0)
    }
    fn exe(&self) -> procfs::ProcResult<Vec<u8>> {
        process_exe(self.0)
    }
    fn namespaces(&self) -> procfs::ProcResult<Namespaces> {
        process_namespaces(self.0)
    }
    /// Task directories have no autogroup file.
    fn autogroup(&self) -> procfs::ProcResult<Vec<u8>> {
        Err(ProcError::PermissionDenied(None))
    }
}

fn process_exe(process: &Process) -> procfs::ProcResult<Vec<u8>> {
    use std::os::unix::ffi::OsStringExt;
    process.exe().map(|path| path.into_os_string().into_vec())
}

/// Each link on its own: a zombie keeps some namespaces (pid, user) and has
/// lost the others, and ps shows what is left.
fn process_namespaces(process: &Process) -> procfs::ProcResult<Namespaces> {
    use std::os::unix::fs::MetadataExt;
    let inode = |name: &str| {
        process
            .open_relative(format!("ns/{name}"))
            .and_then(|file| Ok(file.metadata()?.ino()))
            .unwrap_or(0)
    };
    let namespaces = Namespaces {
        ipc: inode("ipc"),
        mnt: inode("mnt"),
        net: inode("net"),
        pid: inode("pid"),
        user: inode("user"),
        uts: inode("uts"),
        cgroup: inode("cgroup"),
        time: inode("time"),
    };
    if namespaces == Namespaces::default() {
        // Nothing readable: tell a vanished process from a protected one.
        process.stat()?;
    }
    Ok(namespaces)
}

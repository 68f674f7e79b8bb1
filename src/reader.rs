//! Builds a [`Snapshot`] from /proc, reading only the files a request needs.

use std::io::Read;

use procfs::ProcError;
use procfs::process::{Process, Stat};
use rayon::prelude::*;

use crate::error::Result;
use crate::snapshot::{Needs, Proc, Snapshot};
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
    procs.sort_by_key(|p| (p.pid, p.tid));
    procs.dedup_by_key(|p| (p.pid, p.tid));

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
    tasks
        .flatten()
        .filter_map(|task| read_task(pid, task.tid, &TaskFiles(&task), request))
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
        proc.cmdline = optional(files.bytes("cmdline"))?;
    }
    if late.contains(Needs::ENVIRON) {
        proc.environ = optional(files.bytes("environ"))?;
    }
    Some(proc)
}

/// `Some(None)` for a file that may not be read, `None` for a process that is gone.
fn optional(result: std::result::Result<Vec<u8>, ProcError>) -> Option<Option<Vec<u8>>> {
    match result {
        Ok(bytes) => Some(Some(bytes)),
        Err(ProcError::NotFound(_)) => None,
        Err(ProcError::Io(e, _)) if e.raw_os_error() == Some(libc::ESRCH) => None,
        Err(_) => Some(None),
    }
}

/// The raw bytes of a /proc file, read through procfs' fd-relative opening.
pub struct RawBytes(pub Vec<u8>);

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
}

struct ProcessFiles<'a>(&'a Process);
struct TaskFiles<'a>(&'a procfs::process::Task);

impl Files for ProcessFiles<'_> {
    fn stat(&self) -> procfs::ProcResult<Stat> {
        self.0.stat()
    }
    fn bytes(&self, name: &str) -> procfs::ProcResult<Vec<u8>> {
        self.0.read::<_, RawBytes>(name).map(|b| b.0)
    }
}

impl Files for TaskFiles<'_> {
    fn stat(&self) -> procfs::ProcResult<Stat> {
        self.0.stat()
    }
    fn bytes(&self, name: &str) -> procfs::ProcResult<Vec<u8>> {
        self.0.read::<_, RawBytes>(name).map(|b| b.0)
    }
}

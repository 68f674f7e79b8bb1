//! One process' /proc directory: opening it, reading its files, and telling
//! a value that may not be read from a process that is gone.

use std::io;

use procfs::ProcError;
use procfs::process::{Process, Stat};

use crate::proc::reader::RawBytes;
use crate::proc::root::ProcRoot;
use crate::proc::snapshot::parse_stat;
use crate::proc::status::ProcStatus;

/// Why a value could not be read. A field that may not be read is shown as such
/// in place; the rest of the report still prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// The caller lacks the privilege (another user's process, ptrace rules).
    Denied,
    /// The process exited meanwhile, or the kernel does not offer the file.
    Unavailable,
}

/// A value read from /proc, or why it could not be.
pub type Readable<T> = std::result::Result<T, Unreadable>;

impl Unreadable {
    pub fn of(error: &ProcError) -> Unreadable {
        match error {
            ProcError::PermissionDenied(_) => Unreadable::Denied,
            ProcError::Io(e, _) if is_denied(e) => Unreadable::Denied,
            _ => Unreadable::Unavailable,
        }
    }

    pub fn of_io(error: &io::Error) -> Unreadable {
        if is_denied(error) {
            Unreadable::Denied
        } else {
            Unreadable::Unavailable
        }
    }

    /// How the value reads in text output.
    pub fn text(self) -> &'static str {
        match self {
            Unreadable::Denied => "permission denied",
            Unreadable::Unavailable => "-",
        }
    }
}

fn is_denied(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::PermissionDenied
        || matches!(error.raw_os_error(), Some(libc::EACCES | libc::EPERM))
}

/// Converts a procfs result into a [`Readable`].
pub fn readable<T>(result: procfs::ProcResult<T>) -> Readable<T> {
    result.map_err(|e| Unreadable::of(&e))
}

/// Why a whole PID could not be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    NoSuchProcess,
    /// The id is a thread's, not its process' (the thread group leader's):
    /// /proc/TID exists for every thread though /proc lists only processes.
    ThreadOf(i32),
    /// Nothing to show, and why, as the end of `PID 2 ...`: `is a kernel
    /// thread: no environment`.
    Empty(String),
    PermissionDenied,
    Other(String),
}

impl Failure {
    pub fn of(error: &ProcError) -> Failure {
        match error {
            ProcError::NotFound(_) => Failure::NoSuchProcess,
            ProcError::Io(e, _) if e.raw_os_error() == Some(libc::ESRCH) => Failure::NoSuchProcess,
            ProcError::PermissionDenied(_) => Failure::PermissionDenied,
            ProcError::Io(e, _) if is_denied(e) => Failure::PermissionDenied,
            other => Failure::Other(other.to_string()),
        }
    }

    pub fn message(&self) -> String {
        match self {
            Failure::NoSuchProcess => "no such process".to_string(),
            Failure::ThreadOf(tgid) => format!("a thread of PID {tgid}"),
            Failure::Empty(why) => why.clone(),
            Failure::PermissionDenied => "permission denied".to_string(),
            Failure::Other(message) => message.clone(),
        }
    }
}

/// Opens /proc/PID (under `root`); the handle keeps referring to this process
/// even if the PID is reused later.
pub fn open_process(root: &ProcRoot, pid: i32) -> std::result::Result<Process, Failure> {
    let process = root.process(pid).map_err(|e| Failure::of(&e))?;
    let status = read_bytes(&process, "status").map_err(|e| Failure::of(&e))?;
    // /proc/TID exists for every thread, not only for a thread group's leader;
    // like ps, only the leader is a process.
    match ProcStatus::parse(&status).tgid {
        tgid if tgid == pid => Ok(process),
        tgid if tgid > 0 => Err(Failure::ThreadOf(tgid)),
        // A status without a thread group id (malformed) does not say
        // it is another's thread.
        _ => Ok(process),
    }
}

/// The process (thread group) `tid` is a thread of, when it is another
/// thread than the process' first; `None` for a process, or an id not there.
pub fn thread_group_of(root: &ProcRoot, tid: i32) -> Option<i32> {
    let status = read_bytes(&root.process(tid).ok()?, "status").ok()?;
    let tgid = ProcStatus::parse(&status).tgid;
    (tgid > 0 && tgid != tid).then_some(tgid)
}

/// What [`hollow_kind`] calls a kernel thread.
pub const KERNEL_THREAD: &str = "a kernel thread";

/// What a process is when it has no memory and no files of its own: `a
/// kernel thread` or `a zombie`; `None` for any other process.
pub fn hollow_kind(process: &Process) -> Option<&'static str> {
    let stat = read_stat(process).ok()?;
    if stat.flags & crate::proc::snapshot::PF_KTHREAD != 0 {
        Some(KERNEL_THREAD)
    } else if stat.state == 'Z' {
        Some("a zombie")
    } else {
        None
    }
}

/// The raw bytes of a file under /proc/PID.
pub fn read_bytes(process: &Process, name: &str) -> procfs::ProcResult<Vec<u8>> {
    process.read::<_, RawBytes>(name).map(|bytes| bytes.0)
}

/// The stat of `process`, parsed without procfs' panics on a malformed file
/// (see [`parse_stat`]).
pub fn read_stat(process: &Process) -> procfs::ProcResult<Stat> {
    parse_stat(&read_bytes(process, "stat")?)
}

/// The command name of `process`, raw and without the kernel's newline; empty
/// if it cannot be read.
pub fn read_comm(process: &Process) -> Vec<u8> {
    let mut comm = read_bytes(process, "comm").unwrap_or_default();
    if comm.last() == Some(&b'\n') {
        comm.pop();
    }
    comm
}

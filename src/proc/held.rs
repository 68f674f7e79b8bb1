//! The same snapshot read again and again, for `--watch`.
//!
//! A watch runs for hours next to what it watches, so a frame costs what the
//! kernel must do and little more: each process' `stat` (and `status`, when a
//! column needs it) stays open between frames and is read again with `pread`
//! at offset 0, which skips the path lookup, open and close of every file;
//! the command line, which only changes with the program, is read once per
//! process (again when its name changes: it ran `exec`), and buffers are reused.
//! A process that exits makes its descriptors fail with ESRCH, so a reused PID
//! is never read through its predecessor's files.

use std::collections::HashMap;
use std::fs::File;
use std::os::unix::fs::{FileExt, MetadataExt};

use crate::error::Result;
use crate::proc::reader::{
    Files, ProcDir, ReadRequest, ThreadMode, assemble, list_pids, optional, read_shown,
    read_snapshot, read_task,
};
use crate::proc::root::ProcRoot;
use crate::proc::snapshot::{Needs, Proc, Snapshot};
use crate::proc::status::ProcStatus;
use crate::proc::system::SystemInfo;

/// Reads snapshots, keeping what it may between them.
pub struct Rereader {
    held: HashMap<i32, Held>,
    frame: u64,
    buffer: Vec<u8>,
    status_buffer: Vec<u8>,
    /// How many processes may keep their files open: past it, a process is
    /// read by path, so that descriptors never run out for those reads.
    held_max: usize,
}

/// One process' open files and what does not change while it runs.
struct Held {
    stat: File,
    status: Option<File>,
    /// What `stat` held when it last changed, and the row read then (while
    /// a frame shows it, the frame has it: see `recycle`).
    last_stat: Vec<u8>,
    last: Option<Proc>,
    /// The name its command line was read under.
    comm: Vec<u8>,
    /// `None` until a kept row needs it; then what `cmdline` held (or
    /// `None` inside, unreadable).
    cmdline: Option<Option<Vec<u8>>>,
    /// The frame it was last seen in.
    frame: u64,
}

impl Default for Rereader {
    fn default() -> Rereader {
        let limit = raise_descriptor_limit();
        Rereader::holding_at_most(limit.saturating_sub(DESCRIPTOR_RESERVE) / 2)
    }
}

impl Rereader {
    fn holding_at_most(held_max: usize) -> Rereader {
        Rereader {
            held: HashMap::new(),
            frame: 0,
            buffer: Vec::new(),
            status_buffer: Vec::new(),
            held_max,
        }
    }

    /// The snapshot `request` asks for. Thread listings and PID lists are
    /// read afresh each time.
    pub fn read(&mut self, request: &ReadRequest<'_>) -> Result<Snapshot> {
        if request.pids.is_some() || request.threads != ThreadMode::Processes {
            return read_snapshot(request);
        }
        let root = &request.root;
        let system = SystemInfo::read(root)?;
        self.frame += 1;
        let pids = list_pids(root)?;
        let mut procs = Vec::with_capacity(pids.len());
        for pid in pids {
            procs.extend(self.row(pid, request));
        }
        let frame = self.frame;
        self.held.retain(|_, held| held.frame == frame);
        Ok(assemble(procs, system, request))
    }

    /// The row of `pid`, `None` if it is gone or not wanted.
    fn row(&mut self, pid: i32, request: &ReadRequest<'_>) -> Option<Proc> {
        let all = request.needs | request.filter_needs;
        let with_status = all.contains(Needs::STATUS);
        let root = &request.root;
        if !self.held.contains_key(&pid) && !self.hold(root, pid) {
            return read_task(pid, pid, &ProcDir::process(root, pid), request, true);
        }
        let frame = self.frame;
        let held = self.held.get_mut(&pid)?;
        held.frame = frame;
        let Ok(stat) = pread(&held.stat, &mut self.buffer) else {
            self.held.remove(&pid);
            return None;
        };
        // A process whose `stat` did not change since the last frame (no tick
        // of CPU, no page faulted in or out, same state) is what it was: its
        // row is not parsed again, and its `status`, which costs the kernel
        // three times what `stat` does, is not read again. Each is read
        // afresh at least every REFRESH frames, for what changes unseen by
        // `stat` (a short setuid, a signal to a stopped process).
        let unchanged = held.last_stat == stat
            && !(frame + u64::from(pid.unsigned_abs())).is_multiple_of(REFRESH);
        let mut proc = match held.last.take() {
            Some(last) if unchanged => last,
            _ => {
                held.last_stat.clear();
                held.last_stat.extend_from_slice(stat);
                let Ok(mut proc) = Proc::from_stat(pid, pid, stat) else {
                    // A malformed stat: the row as the one-off reader keeps it.
                    return read_task(pid, pid, &ProcDir::process(root, pid), request, true);
                };
                if held.comm != proc.comm {
                    // A new program (exec): a new command line.
                    held.comm.clone_from(&proc.comm);
                    held.cmdline = None;
                }
                if with_status {
                    if held.status.is_none() {
                        held.status = File::open(root.path(&format!("{pid}/status"))).ok();
                    }
                    let status = held.status.as_ref()?;
                    let status = pread(status, &mut self.status_buffer).ok()?;
                    proc.status = ProcStatus::parse_checked(status).map(Box::new);
                } else if all.contains(Needs::OWNER) {
                    // The kernel gives the file the owner of the process, now.
                    proc.owner = Some(held.stat.metadata().ok()?.uid());
                }
                proc
            }
        };
        if !(request.keep)(&proc) {
            held.last = Some(proc);
            return None;
        }
        let late = request.needs;
        // Most watched rows need no file beyond stat: the path is built only
        // for one that does.
        let dir = std::cell::LazyCell::new(|| ProcDir::process(root, pid));
        if late.contains(Needs::CMDLINE) {
            if held.cmdline.is_none() {
                held.cmdline = Some(optional(dir.bytes("cmdline"), root, pid)?);
            }
            // A row given back by `recycle` has it already.
            if proc.cmdline.is_none() {
                proc.cmdline = held.cmdline.clone().flatten();
            }
        }
        if late.intersects(Needs::ENVIRON | Needs::STATM | Needs::EXTRA_FILES) {
            read_shown(&mut proc, &*dir, request, with_status)?;
        }
        Some(proc)
    }

    /// Takes back the rows of a snapshot it read, once shown: a process
    /// whose `stat` stays the same is then not built again for the next frame
    /// (its row is reused, not copied).
    pub fn recycle(&mut self, snap: Snapshot) {
        for mut proc in snap.procs {
            if let Some(held) = self.held.get_mut(&proc.pid)
                && held.last.is_none()
                && !proc.thread_row
            {
                proc.sampled_ticks = None;
                held.last = Some(proc);
            }
        }
    }

    /// Opens `pid`'s stat to keep; false when it cannot be kept open.
    fn hold(&mut self, root: &ProcRoot, pid: i32) -> bool {
        if self.held.len() >= self.held_max {
            return false;
        }
        match File::open(root.path(&format!("{pid}/stat"))) {
            Ok(stat) => {
                self.held.insert(
                    pid,
                    Held {
                        stat,
                        status: None,
                        last_stat: Vec::new(),
                        last: None,
                        comm: Vec::new(),
                        cmdline: None,
                        frame: self.frame,
                    },
                );
                true
            }
            Err(e) => {
                if matches!(e.raw_os_error(), Some(libc::EMFILE | libc::ENFILE)) {
                    // Something else holds descriptors too: give back enough
                    // for the reads by path to succeed.
                    self.held_max = self.held.len().saturating_sub(DESCRIPTOR_RESERVE);
                    let excess: Vec<i32> = self.held.keys().skip(self.held_max).copied().collect();
                    for pid in excess {
                        self.held.remove(&pid);
                    }
                }
                false
            }
        }
    }
}

/// A process' `status` is read again at least every this many frames.
const REFRESH: u64 = 16;

/// The whole file, read from offset 0 into `buffer`, which stays at its
/// full length between calls (zeroed once, not for every read).
fn pread<'a>(file: &File, buffer: &'a mut Vec<u8>) -> std::io::Result<&'a [u8]> {
    if buffer.is_empty() {
        buffer.resize(4096, 0);
    }
    let mut len = 0;
    loop {
        let n = file.read_at(&mut buffer[len..], len as u64)?;
        len += n;
        // /proc hands a file over in one read when the buffer can hold it.
        if n == 0 || len < buffer.len() || len as u64 >= crate::proc::root::READ_MAX {
            break;
        }
        buffer.resize(buffer.len() * 2, 0);
    }
    Ok(&buffer[..len])
}

/// Descriptors left free of held files: the output, the reads by path, the
/// user database, the workers' reads.
const DESCRIPTOR_RESERVE: usize = 256;

/// Lifts the soft limit on open files to the hard one: a watch keeps one or
/// two descriptors per process. Returns the limit now in force.
fn raise_descriptor_limit() -> usize {
    // SAFETY: rlimit is plain integers; getrlimit and setrlimit only read or
    // write the struct they are given.
    unsafe {
        let mut limit: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            // Linux' default soft limit.
            return 1024;
        }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max.min(1 << 20);
            if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
                libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
            }
        }
        usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Past the descriptors it may keep, processes are read by path, every
    /// frame, and none is left out.
    #[test]
    fn processes_past_the_held_ones_are_read_by_path() {
        let mut reader = Rereader::holding_at_most(3);
        let request = ReadRequest::everything(Needs::CMDLINE | Needs::OWNER);
        let own = std::process::id() as i32;
        for _ in 0..2 {
            let snap = reader.read(&request).unwrap();
            assert!(snap.procs.len() > 3);
            assert!(snap.procs.iter().any(|p| p.pid == own));
            assert!(snap.procs.iter().any(|p| p.pid == 1));
            assert_eq!(reader.held.len(), 3);
        }
    }

    #[test]
    fn rereads_its_own_process_and_forgets_the_gone() {
        let mut reader = Rereader::default();
        let request = ReadRequest::everything(Needs::CMDLINE | Needs::OWNER);
        let own = std::process::id() as i32;
        for _ in 0..3 {
            let snap = reader.read(&request).unwrap();
            let me = snap.procs.iter().find(|p| p.pid == own).unwrap();
            assert!(me.cmdline.as_ref().is_some_and(|c| !c.is_empty()));
            assert!(me.owner.is_some());
            assert_eq!(reader.held.len(), snap.procs.len().min(reader.held_max),);
        }
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let pid = child.id() as i32;
        assert!(
            reader
                .read(&request)
                .unwrap()
                .procs
                .iter()
                .any(|p| p.pid == pid)
        );
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(
            !reader
                .read(&request)
                .unwrap()
                .procs
                .iter()
                .any(|p| p.pid == pid)
        );
        assert!(!reader.held.contains_key(&pid));
    }

    /// A signal sent to a stopped process changes its `status` but not its
    /// `stat`: the row kept since still shows it within REFRESH frames.
    #[test]
    fn a_kept_row_reads_status_again_within_refresh_frames() {
        /// Killed however the test ends: a stopped child left behind would
        /// hold the test's output open.
        struct Child(std::process::Child);
        impl Drop for Child {
            fn drop(&mut self) {
                let _ = self.0.kill();
                let _ = self.0.wait();
            }
        }
        let child = Child(
            std::process::Command::new("sleep")
                .arg("30")
                .spawn()
                .unwrap(),
        );
        let pid = child.0.id() as i32;
        let request = ReadRequest::everything(Needs::STATUS);
        let mut reader = Rereader::default();
        let frame = |reader: &mut Rereader| {
            let snap = reader.read(&request).unwrap();
            let me = snap.procs.iter().find(|p| p.pid == pid).cloned();
            reader.recycle(snap);
            me.unwrap()
        };
        // SAFETY: kill(2) on our own child.
        unsafe { libc::kill(pid, libc::SIGSTOP) };
        while frame(&mut reader).stat.state != 'T' {}
        // SAFETY: as above.
        unsafe { libc::kill(pid, libc::SIGUSR1) };
        let usr1 = 1 << (libc::SIGUSR1 - 1);
        let pending = |p: &Proc| p.status.as_ref().is_some_and(|s| s.shd_pending & usr1 != 0);
        assert!((0..=REFRESH).any(|_| pending(&frame(&mut reader))));
    }
}

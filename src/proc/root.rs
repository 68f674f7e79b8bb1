//! Where the proc file system is read from: `/proc`, or another mount of it
//! given with `--proc DIR` (a host's /proc that a container mounts at
//! /host/proc, or a tree a test makes).
//!
//! Only per-process files and the machine figures beside them (`stat`,
//! `uptime`, `meminfo`) come from there. kps' own process, user and group
//! names and terminal names always come from the running system.

use std::path::{Path, PathBuf};

use procfs::process::Process;

/// The most kps reads of one file. The largest real ones (the argv and
/// environment a big stack limit allows, the maps of a huge process) are far
/// smaller; a file that goes on past it (a tree whose `cmdline` is a link to
/// /dev/zero) is cut there instead of filling memory.
pub const READ_MAX: u64 = 64 << 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcRoot(PathBuf);

impl Default for ProcRoot {
    fn default() -> ProcRoot {
        ProcRoot(PathBuf::from("/proc"))
    }
}

impl ProcRoot {
    pub fn new(dir: impl Into<PathBuf>) -> ProcRoot {
        ProcRoot(dir.into())
    }

    pub fn dir(&self) -> &Path {
        &self.0
    }

    /// A path under the root, as text: `pid/stat` → `/proc/pid/stat`.
    pub fn path(&self, relative: &str) -> String {
        format!("{}/{relative}", self.0.display())
    }

    /// A path under a process' directory: `(42, "fd/3")` → `/proc/42/fd/3`.
    pub fn pid_path(&self, pid: i32, relative: &str) -> String {
        format!("{}/{pid}/{relative}", self.0.display())
    }

    /// Whether this is the running system's own /proc.
    pub fn is_default(&self) -> bool {
        self.0 == Path::new("/proc")
    }

    /// kps' own PID as this proc mount numbers it: what its `self` link names
    /// (another PID namespace's mount numbers kps differently); `None` for a
    /// tree without `self`, where no process is kps.
    pub fn own_pid(&self) -> Option<i32> {
        if self.is_default() {
            return i32::try_from(std::process::id()).ok();
        }
        std::fs::read_link(self.0.join("self"))
            .ok()?
            .to_str()?
            .parse()
            .ok()
    }

    /// Every numeric entry, in directory order; an error when the directory
    /// itself may not be read (a wrong `--proc`).
    pub fn pids(&self) -> crate::error::Result<Vec<i32>> {
        let dir = std::fs::read_dir(&self.0).map_err(|e| {
            crate::error::Error::new(format!("cannot read {}: {e}", self.0.display()))
        })?;
        Ok(dir
            .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<i32>().ok())
            .collect())
    }

    /// A process directory, opened through procfs.
    pub fn process(&self, pid: i32) -> procfs::ProcResult<Process> {
        Process::new_with_root(self.0.join(pid.to_string()))
    }
}

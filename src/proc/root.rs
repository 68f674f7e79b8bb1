//! Where the proc file system is read from: `/proc`, or another mount of it
//! given with `--proc DIR` (a host's /proc that a container mounts at
//! /host/proc, or a tree a test makes).
//!
//! Only per-process files and the machine figures beside them (`stat`,
//! `uptime`, `meminfo`) come from there. kps' own process, user and group
//! names and terminal names always come from the running system.

use std::path::{Path, PathBuf};

use procfs::process::Process;

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

    /// A process directory, opened through procfs.
    pub fn process(&self, pid: i32) -> procfs::ProcResult<Process> {
        Process::new_with_root(self.0.join(pid.to_string()))
    }
}

//! Proc file systems made by hand, for `--proc DIR`: a directory removed
//! when dropped, and the lines of a process' `stat` and `status`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A name no other test (or test run) uses.
pub fn unique(what: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("kpstest-{}-{n}-{what}", std::process::id())
}

/// A directory of its own under the system's temporary directory, removed
/// when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(what: &str) -> TempDir {
        let dir = std::env::temp_dir().join(unique(what));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    pub fn write(&self, relative: &str, content: &[u8]) {
        let path = self.0.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create dir");
        }
        std::fs::write(&path, content).expect("write file");
    }

    /// A symbolic link at `relative` with `target` as its text, which need
    /// not lead anywhere (`socket:[5001]`).
    pub fn link(&self, relative: &str, target: &str) {
        let path = self.0.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create dir");
        }
        std::os::unix::fs::symlink(target, &path).expect("make link");
    }

    pub fn text(&self) -> &str {
        self.0.to_str().expect("UTF-8 temp path")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A stat line for a synthetic process.
pub fn stat_line(pid: i32, comm: &str, ppid: i32) -> String {
    format!(
        "{pid} ({comm}) S {ppid} {pid} {pid} 0 -1 4194304 98 0 0 0 250 50 0 0 20 0 1 0 5000 \
         3133440 359 18446744073709551615 1 1 1 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 1 1 1 1 1 1 1 0\n"
    )
}

pub fn status_text(name: &str, pid: i32, ppid: i32, uid: u32) -> String {
    format!(
        "Name:\t{name}\nState:\tS (sleeping)\nTgid:\t{pid}\nPid:\t{pid}\nPPid:\t{ppid}\n\
         Uid:\t{uid}\t{uid}\t{uid}\t{uid}\nGid:\t{uid}\t{uid}\t{uid}\t{uid}\nGroups:\t\n\
         NStgid:\t{pid}\nNSpid:\t{pid}\nVmRSS:\t    1436 kB\nCapEff:\t0000000000001000\n\
         NoNewPrivs:\t1\nSeccomp:\t2\nvoluntary_ctxt_switches:\t7\n"
    )
}

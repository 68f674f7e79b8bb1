//! The files a process uses besides its descriptors: its working directory,
//! its root, its executable and the files it has mapped, named as lsof names
//! them (`cwd`, `rtd`, `txt`, `mem`).

use std::collections::HashSet;

use procfs::process::Process;

use super::descriptors::{FileKind, Target, path_target};
use super::maps::mapped_files;
use super::process::{Readable, Unreadable, read_bytes, readable};
use super::root::ProcRoot;

/// How a process holds a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Use {
    Cwd,
    Root,
    Exe,
    Mem,
    Fd(i32),
}

impl Use {
    /// lsof's name for the use; `fd` for any descriptor.
    pub fn name(self) -> &'static str {
        match self {
            Use::Cwd => "cwd",
            Use::Root => "rtd",
            Use::Exe => "txt",
            Use::Mem => "mem",
            Use::Fd(_) => "fd",
        }
    }

    /// The descriptor number, for a descriptor.
    pub fn fd(self) -> Option<i32> {
        match self {
            Use::Fd(fd) => Some(fd),
            _ => None,
        }
    }

    /// The link under /proc/PID that leads to the file, for the uses that have one.
    pub fn link(self) -> Option<String> {
        match self {
            Use::Cwd => Some("cwd".to_string()),
            Use::Root => Some("root".to_string()),
            Use::Exe => Some("exe".to_string()),
            Use::Mem => None,
            Use::Fd(fd) => Some(format!("fd/{fd}")),
        }
    }
}

/// A file a process uses other than through a descriptor.
#[derive(Debug, Clone)]
pub struct ProcessFile {
    pub used_as: Use,
    pub target: Target,
}

/// The working directory, root and executable of `process`, then each file it
/// has mapped once, the executable left out (it is the `txt` row). A link that
/// may not be read is listed as such; a kernel thread, which has no
/// executable, has no `txt` row; mapped files that may not be read are left out.
pub fn read_process_files(root: &ProcRoot, process: &Process) -> Vec<ProcessFile> {
    let mut files = Vec::new();
    for used_as in [Use::Cwd, Use::Root, Use::Exe] {
        let link = used_as.link().unwrap_or_default();
        let target = match read_link(process, &link) {
            Ok(path) => path_target(&root.pid_path(process.pid, &link), path),
            Err(Unreadable::Denied) => Target::Denied,
            Err(Unreadable::Unavailable) => continue,
        };
        files.push(ProcessFile { used_as, target });
    }
    let exe = files.iter().find_map(|f| match (&f.target, f.used_as) {
        (Target::Path { id, .. }, Use::Exe) => *id,
        _ => None,
    });
    let Ok(maps) = read_bytes(process, "maps") else {
        return files;
    };
    let mut seen: HashSet<(u64, u64)> = exe.into_iter().collect();
    for mapped in mapped_files(&maps) {
        if !seen.insert((mapped.dev, mapped.ino)) {
            continue;
        }
        files.push(ProcessFile {
            used_as: Use::Mem,
            target: Target::Path {
                path: String::from_utf8_lossy(mapped.path).into_owned(),
                kind: FileKind::File,
                deleted: mapped.deleted,
                id: Some((mapped.dev, mapped.ino)),
            },
        });
    }
    files
}

fn read_link(process: &Process, link: &str) -> Readable<std::path::PathBuf> {
    readable(match link {
        "cwd" => process.cwd(),
        "root" => process.root(),
        _ => process.exe(),
    })
}

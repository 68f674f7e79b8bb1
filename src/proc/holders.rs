//! Who holds a file, pipe or socket: one pass over every process, in parallel,
//! comparing device and inode numbers.
//!
//! The kernel keeps no list of who holds an open file. A `stat` of each
//! /proc/PID/fd/N (relative to the open fd directory, so no path is built)
//! gives the device and inode behind it: a socket's or pipe's inode is the
//! number in its `socket:[N]` or `pipe:[N]` link. The link itself is read only
//! for a match, or to tell anonymous inodes apart, which all share one inode.

use std::collections::HashSet;
use std::ffi::CStr;
use std::io::Read;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

use rayon::prelude::*;
use rustix::fs::{AtFlags, CWD, Dir, FileType, Mode, OFlags, Stat, openat, readlinkat, statat};
use rustix::io::Errno;

use super::files::Use;
use super::maps::mapped_files;
use super::root::ProcRoot;

/// What to look for.
#[derive(Debug, Default)]
pub struct Wanted {
    /// Socket inodes.
    pub sockets: HashSet<u64>,
    /// Pipe inodes.
    pub pipes: HashSet<u64>,
    /// Anonymous inode names (`eventfd`, `inotify`...).
    pub anon: Vec<String>,
    /// Files by device and inode, open as descriptors.
    pub files: HashSet<(u64, u64)>,
    /// Look for `files` as working directory and root too (some of them
    /// are directories).
    pub directories: bool,
    /// Look for `files` as executable and among mapped files too (some of
    /// them are not directories).
    pub mapped: bool,
    /// Every open or mapped file whose link count is zero.
    pub deleted: bool,
    /// The network namespace `sockets` were looked up in: the sockets of a
    /// process in another namespace are all kept in [`Scan::foreign`], to be
    /// looked up in that namespace's tables.
    pub netns: Option<u64>,
}

impl Wanted {
    fn wants_stat(&self) -> bool {
        !self.sockets.is_empty()
            || !self.pipes.is_empty()
            || !self.files.is_empty()
            || self.deleted
            || self.netns.is_some()
    }
}

/// What a use matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Found {
    Socket(u64),
    Pipe(u64),
    Anon,
    /// A file asked for, by device and inode.
    File {
        dev: u64,
        ino: u64,
    },
    /// A file with no name left.
    Deleted {
        dev: u64,
        ino: u64,
    },
}

/// One use of something asked for by one process.
#[derive(Debug, Clone)]
pub struct Hit {
    pub pid: i32,
    pub used_as: Use,
    pub found: Found,
    /// The link text (or the mapped path), raw; ` (deleted)` is the kernel's.
    pub link: Vec<u8>,
}

/// A socket descriptor of a process in another network namespace.
#[derive(Debug, Clone, Copy)]
pub struct ForeignSocket {
    pub pid: i32,
    pub fd: i32,
    pub inode: u64,
    pub netns: u64,
}

/// Everything found, and how many processes could not be looked into.
#[derive(Debug, Default)]
pub struct Scan {
    pub hits: Vec<Hit>,
    pub foreign: Vec<ForeignSocket>,
    pub denied: usize,
}

/// The PIDs under the proc root, kps' own left out: kps holds only what it
/// inherited from whoever started it, and naming it would describe the
/// observation. Empty when the root may not be read.
pub fn all_pids(root: &ProcRoot) -> Vec<i32> {
    let own = root.own_pid();
    root.pids()
        .unwrap_or_default()
        .into_iter()
        .filter(|&pid| Some(pid) != own)
        .collect()
}

/// Looks for `wanted` in processes `pids`; hits in PID order.
pub fn scan(root: &ProcRoot, wanted: &Wanted, pids: &[i32]) -> Scan {
    let per_process: Vec<ProcessScan> = pids
        .par_iter()
        .filter_map(|&pid| scan_process(root, pid, wanted))
        .collect();
    let mut scan = Scan::default();
    for process in per_process {
        scan.hits.extend(process.hits);
        scan.foreign.extend(process.foreign);
        scan.denied += usize::from(process.denied);
    }
    scan.hits.sort_by_key(|h| (h.pid, h.used_as));
    scan
}

fn is_denied(errno: Errno) -> bool {
    errno == Errno::ACCESS || errno == Errno::PERM
}

fn id_of(stat: &Stat) -> (u64, u64) {
    #[allow(
        clippy::useless_conversion,
        reason = "st_dev and st_ino are u64 on 64-bit targets only"
    )]
    (u64::from(stat.st_dev), u64::from(stat.st_ino))
}

/// What `stat` of a descriptor tells: enough to compare it with what is
/// wanted.
struct Identity {
    dev: u64,
    ino: u64,
    file_type: FileType,
    nlink: u64,
}

impl Identity {
    fn of(stat: &Stat) -> Identity {
        let (dev, ino) = id_of(stat);
        Identity {
            dev,
            ino,
            file_type: FileType::from_raw_mode(stat.st_mode),
            #[allow(clippy::useless_conversion, reason = "st_nlink is u32 on some targets")]
            nlink: u64::from(stat.st_nlink),
        }
    }

    /// A socket's or pipe's identity from its link text alone.
    fn of_link(link: &[u8]) -> Option<Identity> {
        let inode = |prefix: &[u8]| -> Option<u64> {
            let digits = link.strip_prefix(prefix)?.strip_suffix(b"]")?;
            std::str::from_utf8(digits).ok()?.parse().ok()
        };
        let (file_type, ino) = match inode(b"socket:[") {
            Some(ino) => (FileType::Socket, ino),
            None => (FileType::Fifo, inode(b"pipe:[")?),
        };
        Some(Identity {
            dev: 0,
            ino,
            file_type,
            nlink: 1,
        })
    }
}

/// The hits in one process and whether something could not be read; `None`
/// when the process is gone.
fn scan_process<'a>(root: &'a ProcRoot, pid: i32, wanted: &Wanted) -> Option<ProcessScan<'a>> {
    let mut process = ProcessScan {
        pid,
        root,
        hits: Vec::new(),
        foreign: Vec::new(),
        netns: None,
        denied: false,
    };
    let beyond_fds = wanted.directories || wanted.deleted || wanted.mapped;
    if !beyond_fds {
        // Descriptors only: the fd directory is all there is to open.
        process.descriptors(wanted, CWD, &root.pid_path(pid, "fd"));
        return Some(process);
    }
    let dir = open_dir(CWD, &root.pid_path(pid, "")).ok()?;
    let mut exe = None;
    if wanted.directories || wanted.mapped || wanted.deleted {
        exe = process.cwd_root_exe(&dir, wanted);
    }
    process.descriptors(wanted, &dir, "fd");
    if (wanted.mapped && !wanted.files.is_empty()) || wanted.deleted {
        process.maps(&dir, wanted, exe);
    }
    Some(process)
}

/// Descriptors of one process matched by the worker that reads them.
const INLINE_DESCRIPTORS: usize = 256;

fn open_dir(at: impl AsFd, path: &str) -> rustix::io::Result<OwnedFd> {
    openat(
        at,
        path,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
}

struct ProcessScan<'a> {
    pid: i32,
    root: &'a ProcRoot,
    hits: Vec<Hit>,
    foreign: Vec<ForeignSocket>,
    /// The process' network namespace, read at its first socket (most
    /// processes have none, and are spared the lookup).
    netns: Option<Option<u64>>,
    denied: bool,
}

impl ProcessScan<'_> {
    fn link(&self, dir: impl AsFd, name: &CStr) -> Vec<u8> {
        readlinkat(dir, name, Vec::new())
            .map(|l| l.into_bytes())
            .unwrap_or_default()
    }

    fn hit(&mut self, used_as: Use, found: Found, link: Vec<u8>) {
        self.hits.push(Hit {
            pid: self.pid,
            used_as,
            found,
            link,
        });
    }

    /// Matches the working directory and root when a directory is wanted,
    /// the executable when a file is; gives the executable's identity, which
    /// the maps list again.
    fn cwd_root_exe(&mut self, dir: &OwnedFd, wanted: &Wanted) -> Option<(u64, u64)> {
        let mut exe = None;
        let places = [(Use::Cwd, c"cwd"), (Use::Root, c"root"), (Use::Exe, c"exe")];
        let asked = |used_as: &Use| {
            wanted.deleted
                || match used_as {
                    Use::Exe => wanted.mapped,
                    _ => wanted.directories,
                }
        };
        for (used_as, name) in places.into_iter().filter(|(u, _)| asked(u)) {
            let stat = match statat(dir, name, AtFlags::empty()) {
                Ok(stat) => stat,
                Err(e) => {
                    self.denied |= is_denied(e);
                    continue;
                }
            };
            let (dev, ino) = id_of(&stat);
            if used_as == Use::Exe {
                exe = Some((dev, ino));
            }
            let found = if wanted.files.contains(&(dev, ino)) {
                Found::File { dev, ino }
            } else if wanted.deleted && stat.st_nlink == 0 {
                Found::Deleted { dev, ino }
            } else {
                continue;
            };
            let link = self.link(dir, name);
            self.hit(used_as, found, link);
        }
        exe
    }

    /// Matches the descriptors in directory `path` (relative to `at`). The
    /// first entries are matched as they are read; past a few hundred (a
    /// server with thousands of connections), the rest are shared among the
    /// workers, so that one large process does not hold up the whole scan.
    fn descriptors(&mut self, wanted: &Wanted, at: impl AsFd, path: &str) {
        let mut entries = match open_dir(at, path).and_then(Dir::new) {
            Ok(dir) => dir,
            Err(e) => {
                self.denied |= is_denied(e);
                return;
            }
        };
        let mut matched = 0;
        let mut rest = Vec::new();
        while let Some(entry) = entries.read() {
            let Ok(entry) = entry else {
                break;
            };
            let Some(fd) = std::str::from_utf8(entry.file_name().to_bytes())
                .ok()
                .and_then(|n| n.parse::<i32>().ok())
            else {
                continue;
            };
            if matched < INLINE_DESCRIPTORS {
                let Ok(fd_dir) = entries.fd() else {
                    break;
                };
                self.descriptor(wanted, fd_dir, entry.file_name(), fd);
                matched += 1;
            } else {
                rest.push((entry.file_name().to_owned(), fd));
            }
        }
        let Ok(fd_dir) = entries.fd() else {
            return;
        };
        let parts: Vec<ProcessScan<'_>> = rest
            .par_chunks(INLINE_DESCRIPTORS)
            .map(|chunk| {
                let mut part = ProcessScan {
                    hits: Vec::new(),
                    foreign: Vec::new(),
                    denied: false,
                    ..*self
                };
                for (name, fd) in chunk {
                    part.descriptor(wanted, fd_dir, name, *fd);
                }
                part
            })
            .collect();
        for part in parts {
            self.hits.extend(part.hits);
            self.foreign.extend(part.foreign);
            self.denied |= part.denied;
        }
    }

    /// Matches descriptor `fd`, entry `name` of the fd directory `fd_dir`.
    fn descriptor(&mut self, wanted: &Wanted, fd_dir: BorrowedFd<'_>, name: &CStr, fd: i32) {
        if wanted.wants_stat() {
            match statat(fd_dir, name, AtFlags::empty()) {
                Ok(stat) => self.match_stat(wanted, fd_dir, name, fd, &Identity::of(&stat)),
                Err(e) if is_denied(e) => self.denied = true,
                // A socket or pipe link that leads nowhere (a proc tree made
                // by hand) still names its inode; a closed descriptor has no
                // link either, and costs one more call.
                Err(_) => {
                    if let Some(identity) = Identity::of_link(&self.link(fd_dir, name)) {
                        self.match_stat(wanted, fd_dir, name, fd, &identity);
                    }
                }
            }
        }
        if !wanted.anon.is_empty() {
            let link = self.link(fd_dir, name);
            if anon_name(&link).is_some_and(|n| wanted.anon.iter().any(|a| a.as_bytes() == n)) {
                self.hit(Use::Fd(fd), Found::Anon, link);
            }
        }
    }

    fn match_stat(
        &mut self,
        wanted: &Wanted,
        fd_dir: BorrowedFd<'_>,
        name: &CStr,
        fd: i32,
        stat: &Identity,
    ) {
        let (dev, ino) = (stat.dev, stat.ino);
        // A socket's or pipe's inode number could also be a file's on another
        // device: the link names what it is.
        let file_type = stat.file_type;
        if file_type == FileType::Socket && wanted.netns.is_some() {
            let pid = self.pid;
            let root = self.root;
            let netns = *self.netns.get_or_insert_with(|| {
                std::fs::metadata(root.pid_path(pid, "ns/net"))
                    .ok()
                    .map(|m| std::os::unix::fs::MetadataExt::ino(&m))
            });
            if let Some(netns) = netns.filter(|&n| Some(n) != wanted.netns) {
                self.foreign.push(ForeignSocket {
                    pid,
                    fd,
                    inode: ino,
                    netns,
                });
                return;
            }
        }
        let found = if file_type == FileType::Socket && wanted.sockets.contains(&ino) {
            Found::Socket(ino)
        } else if file_type == FileType::Fifo && wanted.pipes.contains(&ino) {
            Found::Pipe(ino)
        } else if wanted.files.contains(&(dev, ino)) {
            Found::File { dev, ino }
        } else if wanted.deleted
            && stat.nlink == 0
            && matches!(file_type, FileType::RegularFile | FileType::Directory)
        {
            Found::Deleted { dev, ino }
        } else {
            return;
        };
        let link = self.link(fd_dir, name);
        let confirmed = match found {
            Found::Socket(_) => link.starts_with(b"socket:["),
            Found::Pipe(_) => link.starts_with(b"pipe:["),
            _ => true,
        };
        if confirmed {
            self.hit(Use::Fd(fd), found, link);
        }
    }

    /// Matches mapped files, each file once, the executable left to `txt`.
    fn maps(&mut self, dir: &OwnedFd, wanted: &Wanted, exe: Option<(u64, u64)>) {
        let mut maps = Vec::new();
        let read = openat(
            dir,
            c"maps",
            OFlags::RDONLY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(std::io::Error::from)
        .and_then(|fd| {
            std::fs::File::from(fd)
                .take(super::root::READ_MAX)
                .read_to_end(&mut maps)
        });
        if let Err(e) = read {
            self.denied |= e.kind() == std::io::ErrorKind::PermissionDenied;
            return;
        }
        let mut seen: HashSet<(u64, u64)> = exe.into_iter().collect();
        for mapped in mapped_files(&maps) {
            let id = (mapped.dev, mapped.ino);
            if !seen.insert(id) {
                continue;
            }
            let (dev, ino) = id;
            let found = if wanted.files.contains(&id) {
                Found::File { dev, ino }
            } else if wanted.deleted && mapped.deleted {
                Found::Deleted { dev, ino }
            } else {
                continue;
            };
            let mut link = mapped.path.to_vec();
            if mapped.deleted {
                link.extend_from_slice(b" (deleted)");
            }
            self.hit(Use::Mem, found, link);
        }
    }
}

/// `eventfd` from `anon_inode:[eventfd]` (or `anon_inode:inotify`).
pub fn anon_name(link: &[u8]) -> Option<&[u8]> {
    let name = link.strip_prefix(b"anon_inode:")?;
    Some(
        name.strip_prefix(b"[")
            .and_then(|n| n.strip_suffix(b"]"))
            .unwrap_or(name),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anonymous_inodes_are_named_with_or_without_brackets() {
        assert_eq!(anon_name(b"anon_inode:[eventfd]"), Some(&b"eventfd"[..]));
        assert_eq!(anon_name(b"anon_inode:inotify"), Some(&b"inotify"[..]));
        assert_eq!(anon_name(b"pipe:[5]"), None);
    }
}

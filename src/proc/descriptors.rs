//! The open file descriptors of one process: what each points at, how it was
//! opened (from fdinfo) and, for sockets, the endpoints the kernel's tables tell.

use std::os::unix::fs::{FileTypeExt, MetadataExt};

use procfs::process::{FDTarget, Process};

use super::net::NetTables;
use std::io::Read;

use rayon::prelude::*;
use rustix::fs::{CWD, Dir, Mode, OFlags, openat, readlinkat};

use super::process::{Readable, Unreadable};
use super::root::ProcRoot;
use super::sockets::Socket;
use super::status::fields;

/// How a descriptor was opened (`O_ACCMODE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
    ReadWrite,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Read => "r",
            Access::Write => "w",
            Access::ReadWrite => "rw",
        }
    }
}

/// The parts of /proc/PID/fdinfo/N kps shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FdInfo {
    pub pos: Option<u64>,
    /// The open flags, octal in the file; includes O_CLOEXEC when the fd has it.
    pub flags: Option<u32>,
}

/// Open flags worth naming. O_LARGEFILE is left out: the kernel sets it on every
/// file a 64-bit process opens.
const FLAG_NAMES: &[(i32, &str)] = &[
    (libc::O_CLOEXEC, "cloexec"),
    (libc::O_APPEND, "append"),
    (libc::O_NONBLOCK, "nonblock"),
    (libc::O_SYNC, "sync"),
    (libc::O_DIRECT, "direct"),
    (libc::O_NOATIME, "noatime"),
    (libc::O_ASYNC, "async"),
    (libc::O_PATH, "path"),
];

impl FdInfo {
    pub fn parse(bytes: &[u8]) -> FdInfo {
        let mut info = FdInfo::default();
        for (key, value) in fields(bytes) {
            let value = std::str::from_utf8(value).unwrap_or_default();
            match key {
                b"pos" => info.pos = value.parse().ok(),
                b"flags" => info.flags = u32::from_str_radix(value, 8).ok(),
                _ => {}
            }
        }
        info
    }

    /// `None` for an O_PATH descriptor, which allows neither reading nor writing.
    pub fn access(&self) -> Option<Access> {
        let flags = self.flags? as i32;
        if flags & libc::O_PATH != 0 {
            return None;
        }
        match flags & libc::O_ACCMODE {
            libc::O_RDONLY => Some(Access::Read),
            libc::O_WRONLY => Some(Access::Write),
            _ => Some(Access::ReadWrite),
        }
    }

    pub fn flag_names(&self) -> Vec<&'static str> {
        let flags = self.flags.unwrap_or(0) as i32;
        let mut names: Vec<&'static str> = FLAG_NAMES
            .iter()
            .filter(|(bits, _)| flags & bits == *bits)
            .map(|(_, name)| *name)
            .collect();
        // O_SYNC is O_DSYNC plus a bit of its own; name the weaker one alone.
        if flags & libc::O_SYNC != libc::O_SYNC && flags & libc::O_DSYNC != 0 {
            names.push("dsync");
        }
        names
    }
}

/// The fdinfo of descriptor `fd` of process `pid`; empty if it closed
/// meanwhile. Read with plain reads: `read_to_end` would first ask the file
/// its size and position, two more calls per descriptor for a file that
/// reports a size of 0 anyway.
pub fn read_fdinfo(root: &ProcRoot, pid: i32, fd: i32) -> FdInfo {
    let Ok(file) = std::fs::File::open(root.pid_path(pid, &format!("fdinfo/{fd}"))) else {
        return FdInfo::default();
    };
    // The kernel's fdinfo is a few lines (an epoll or inotify descriptor's a
    // few more); the rest of a larger one is not read.
    let mut file = file.take(64 * 1024);
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 2048];
    loop {
        match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => bytes.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return FdInfo::default(),
        }
    }
    FdInfo::parse(&bytes)
}

/// What a path descriptor is, after the file type the path has now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    File,
    Dir,
    CharDevice,
    BlockDevice,
    Fifo,
    /// A unix socket's file, opened with O_PATH.
    SocketFile,
    Symlink,
    /// The file's type could not be read.
    Unknown,
}

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::File => "file",
            FileKind::Dir => "dir",
            FileKind::CharDevice => "chr",
            FileKind::BlockDevice => "blk",
            FileKind::Fifo => "fifo",
            FileKind::SocketFile => "sock",
            FileKind::Symlink => "link",
            FileKind::Unknown => "path",
        }
    }
}

/// What a descriptor points at.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A file, directory, device or FIFO, by path.
    Path {
        path: String,
        kind: FileKind,
        /// The file was unlinked while open.
        deleted: bool,
        /// Device and inode, which identify a FIFO across processes.
        id: Option<(u64, u64)>,
    },
    Pipe {
        inode: u64,
    },
    Socket {
        inode: u64,
        socket: Socket,
    },
    /// An anonymous inode: eventfd, eventpoll, signalfd, timerfd, inotify, pidfd...
    Anon {
        name: String,
    },
    Memfd {
        name: String,
    },
    /// Anything else the kernel names `type:[inode]` (namespaces, ...) or in its own way.
    Other {
        text: String,
    },
    /// The link exists but may not be read: even root gets `EACCES` for the
    /// descriptors of a process it may not ptrace (another user namespace's init).
    Denied,
}

/// Broad kinds, for counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    File,
    Pipe,
    Socket,
    Other,
    Denied,
}

impl Category {
    /// The plural the counts are shown under.
    pub fn label(self) -> &'static str {
        match self {
            Category::File => "files",
            Category::Pipe => "pipes",
            Category::Socket => "sockets",
            Category::Other => "other",
            Category::Denied => "denied",
        }
    }
}

impl Target {
    pub fn category(&self) -> Category {
        match self {
            Target::Path {
                kind: FileKind::Fifo,
                ..
            }
            | Target::Pipe { .. } => Category::Pipe,
            Target::Path { .. } | Target::Memfd { .. } => Category::File,
            Target::Socket { .. } => Category::Socket,
            Target::Anon { .. } | Target::Other { .. } => Category::Other,
            Target::Denied => Category::Denied,
        }
    }

    /// The short kind shown in the KIND column and as `kind` in JSON.
    pub fn kind(&self) -> String {
        match self {
            Target::Path { kind, .. } => kind.as_str().to_string(),
            Target::Pipe { .. } => "pipe".to_string(),
            Target::Socket { socket, .. } => socket.kind(),
            Target::Anon { .. } => "anon".to_string(),
            Target::Memfd { .. } => "memfd".to_string(),
            Target::Other { .. } => "other".to_string(),
            Target::Denied => "unknown".to_string(),
        }
    }
}

/// One open descriptor.
#[derive(Debug, Clone)]
pub struct Descriptor {
    pub fd: i32,
    pub info: FdInfo,
    pub target: Target,
}

/// The descriptors of `process`, in fd order. Fails only if the fd directory
/// itself may not be read; a descriptor whose link may not be read is listed
/// with [`Target::Denied`], one closed while being read is left out.
pub fn read_descriptors(
    root: &ProcRoot,
    process: &Process,
    tables: &mut NetTables,
) -> Readable<Vec<Descriptor>> {
    let pid = process.pid;
    // A process may hold many thousands of descriptors: they are read in
    // parallel, and sockets then described from the tables, which are shared.
    let mut descriptors: Vec<Descriptor> = fd_entries(root, process)?
        .into_par_iter()
        .map(|(fd, link)| Descriptor {
            fd,
            info: read_fdinfo(root, pid, fd),
            target: match link {
                Ok(target) => resolve(root, pid, fd, target),
                Err(_) => Target::Denied,
            },
        })
        .collect();
    for descriptor in &mut descriptors {
        if let Target::Socket { inode, socket } = &mut descriptor.target {
            *socket = tables.lookup(process, descriptor.fd, *inode);
        }
    }
    descriptors.sort_by_key(|d| d.fd);
    Ok(descriptors)
}

/// How many descriptors of each category `process` has open; those whose
/// link may not be read are counted as `denied`, shown only when there are any.
pub fn count_by_category(root: &ProcRoot, process: &Process) -> Readable<Vec<(Category, usize)>> {
    let mut counts = vec![
        (Category::File, 0),
        (Category::Pipe, 0),
        (Category::Socket, 0),
        (Category::Other, 0),
        (Category::Denied, 0),
    ];
    for (fd, link) in fd_entries(root, process)? {
        let category = match link {
            Ok(FDTarget::Path(path)) => {
                path_target(&root.pid_path(process.pid, &format!("fd/{fd}")), path).category()
            }
            Ok(FDTarget::Pipe(_)) => Category::Pipe,
            Ok(FDTarget::Socket(_)) => Category::Socket,
            Ok(FDTarget::MemFD(_)) => Category::File,
            Ok(_) => Category::Other,
            Err(_) => Category::Denied,
        };
        if let Some(slot) = counts.iter_mut().find(|(c, _)| *c == category) {
            slot.1 += 1;
        }
    }
    counts.retain(|&(category, count)| category != Category::Denied || count > 0);
    Ok(counts)
}

/// The fd links of `process` by number, a link closed meanwhile left out and
/// one that may not be read kept as such (procfs' `fd()` skips a link it
/// cannot read just as one that closed). Links are read relative to the open
/// fd directory, in parallel.
fn fd_entries(
    root: &ProcRoot,
    process: &Process,
) -> Readable<Vec<(i32, Result<FDTarget, Unreadable>)>> {
    let dir = openat(
        CWD,
        root.pid_path(process.pid, "fd"),
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| Unreadable::of_io(&e.into()))?;
    let fds: Vec<i32> = Dir::read_from(&dir)
        .map_err(|e| Unreadable::of_io(&e.into()))?
        .flatten()
        .filter_map(|entry| entry.file_name().to_str().ok()?.parse().ok())
        .collect();
    Ok(fds
        .into_par_iter()
        .filter_map(|fd| match readlinkat(&dir, fd.to_string(), Vec::new()) {
            Ok(link) => Some((fd, Ok(parse_link(link.into_bytes())))),
            Err(e) if Unreadable::of_io(&e.into()) == Unreadable::Denied => {
                Some((fd, Err(Unreadable::Denied)))
            }
            Err(_) => None,
        })
        .collect())
}

/// An fd link's text as procfs reads it; a path keeps its raw bytes.
fn parse_link(link: Vec<u8>) -> FDTarget {
    use std::os::unix::ffi::OsStringExt;
    if link.starts_with(b"/") {
        return FDTarget::Path(std::ffi::OsString::from_vec(link).into());
    }
    let text = String::from_utf8_lossy(&link);
    text.parse()
        .unwrap_or_else(|_| FDTarget::Path(text.into_owned().into()))
}

/// What descriptor `fd` of `pid` points at; a socket's description is left
/// for the caller to fill in from the socket tables.
fn resolve(root: &ProcRoot, pid: i32, fd: i32, target: FDTarget) -> Target {
    match target {
        FDTarget::Path(path) => path_target(&root.pid_path(pid, &format!("fd/{fd}")), path),
        FDTarget::Pipe(inode) => Target::Pipe { inode },
        FDTarget::Socket(inode) => Target::Socket {
            inode,
            socket: Socket::Other {
                protocol: "socket".to_string(),
            },
        },
        FDTarget::AnonInode(name) => Target::Anon {
            name: name
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_string(),
        },
        FDTarget::MemFD(name) => Target::Memfd {
            name: name.trim_end_matches(" (deleted)").to_string(),
        },
        FDTarget::Net(inode) => Target::Other {
            text: format!("net:[{inode}]"),
        },
        FDTarget::Other(kind, inode) => Target::Other {
            text: format!("{kind}:[{inode}]"),
        },
        FDTarget::Unknown(kind, rest) => Target::Other {
            text: format!("{kind}:{rest}"),
        },
    }
}

/// A path target, typed by what the file behind `proc_link` (a link under
/// /proc/PID) is now. The kernel marks an unlinked file by appending
/// ` (deleted)` to the path; a link count of zero tells that apart from a file
/// that is really named so.
pub fn path_target(proc_link: &str, path: std::path::PathBuf) -> Target {
    let text = path.to_string_lossy().into_owned();
    let meta = std::fs::metadata(proc_link).ok();
    let kind = meta.as_ref().map_or(FileKind::Unknown, |m| {
        let t = m.file_type();
        if t.is_dir() {
            FileKind::Dir
        } else if t.is_char_device() {
            FileKind::CharDevice
        } else if t.is_block_device() {
            FileKind::BlockDevice
        } else if t.is_fifo() {
            FileKind::Fifo
        } else if t.is_socket() {
            FileKind::SocketFile
        } else if t.is_symlink() {
            FileKind::Symlink
        } else {
            FileKind::File
        }
    });
    let unlinked = meta.as_ref().is_some_and(|m| m.nlink() == 0);
    let deleted = unlinked && text.ends_with(" (deleted)");
    let path = if deleted {
        text.trim_end_matches(" (deleted)").to_string()
    } else {
        text
    };
    Target::Path {
        path,
        kind,
        deleted,
        id: meta.map(|m| (m.dev(), m.ino())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fdinfo_gives_position_mode_and_flags() {
        let info = FdInfo::parse(b"pos:\t42\nflags:\t02106002\nmnt_id:\t24\nino:\t7\n");
        assert_eq!(info.pos, Some(42));
        assert_eq!(info.access(), Some(Access::ReadWrite));
        assert_eq!(info.flag_names(), ["cloexec", "append", "nonblock"]);
        let read_only = FdInfo::parse(b"pos:\t0\nflags:\t0100000\n");
        assert_eq!(read_only.access(), Some(Access::Read));
        assert!(read_only.flag_names().is_empty());
        let write_only = FdInfo::parse(b"flags:\t01\n");
        assert_eq!(write_only.access(), Some(Access::Write));
    }

    #[test]
    fn path_descriptors_have_no_access_mode() {
        let flags = (libc::O_PATH | libc::O_CLOEXEC) as u32;
        let info = FdInfo::parse(format!("flags:\t{flags:o}\n").as_bytes());
        assert_eq!(info.access(), None);
        assert_eq!(info.flag_names(), ["cloexec", "path"]);
    }

    #[test]
    fn garbage_fdinfo_reads_as_unknown() {
        let info = FdInfo::parse(b"pos:\tx\nflags:\t9\n\xff:");
        assert_eq!(info, FdInfo::default());
        assert_eq!(info.access(), None);
    }
}

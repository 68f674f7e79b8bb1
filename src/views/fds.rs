//! `kps fds PID…`: the files a process uses besides its descriptors (cwd,
//! root, executable, mapped files) and every open descriptor with what it
//! points at, including the processes at the other end of pipes and sockets.

use std::io::Write;

use super::{Subject, report_failure, write_json_array};
use crate::cli::inspect_args::FdsArgs;
use crate::error::Result;
use crate::proc::descriptors::{Descriptor, FileKind, Target, read_descriptors};
use crate::proc::files::{ProcessFile, read_process_files};
use crate::proc::net::NetTables;
use crate::proc::peers::{Endpoint, Holder, find_holders};
use crate::proc::process::{Failure, KERNEL_THREAD, Unreadable, open_process};
use crate::proc::root::ProcRoot;
use crate::proc::sockets::Socket;
use crate::render::color::Painter;
use crate::render::escape;
use crate::render::json::Json;
use crate::render::palette::Kind;
use crate::render::tables;

/// The descriptors of one process, as read.
struct OpenFiles {
    subject: Subject,
    /// cwd, rtd, txt and mem, as lsof lists them before the descriptors.
    files: Vec<ProcessFile>,
    descriptors: Vec<Descriptor>,
}

pub fn run(args: &FdsArgs, out: &mut impl Write) -> Result<bool> {
    let root = ProcRoot::new(&args.target.proc_root);
    let mut all_found = true;
    let mut processes = Vec::new();
    let mut tables = NetTables::new(&root);
    for &pid in &args.target.pids {
        match read_open_files(&root, pid, &mut tables) {
            Ok(files) => processes.push(files),
            Err(failure) => {
                report_failure(out, pid, &failure)?;
                all_found = false;
            }
        }
    }
    let endpoints: Vec<Endpoint> = processes
        .iter()
        .flat_map(|p| &p.descriptors)
        .filter_map(|d| shared_endpoint(&d.target))
        .collect();
    let known = processes
        .iter()
        .flat_map(|p| {
            p.descriptors
                .iter()
                .map(|d| ((p.subject.pid, d.fd), d.info.access()))
        })
        .collect();
    let holders = find_holders(&root, &endpoints, &known);
    let peers = |pid: i32, descriptor: &Descriptor| -> Vec<Holder> {
        let Some(endpoint) = shared_endpoint(&descriptor.target) else {
            return Vec::new();
        };
        holders
            .get(&endpoint)
            .into_iter()
            .flatten()
            .filter(|h| (h.pid, h.fd) != (pid, descriptor.fd))
            .cloned()
            .collect()
    };
    if args.json {
        let objects = processes.iter().map(|p| process_json(p, &peers)).collect();
        write_json_array(out, objects)?;
    } else {
        let painter = Painter::for_stdout(args.target.color);
        let mut printed_any = false;
        for process in &processes {
            // Exit status 0 means something was printed: say why nothing is.
            // A kernel thread's cwd and root are always /, and tell nothing.
            let nothing = process.files.is_empty() && process.descriptors.is_empty();
            let hollow = process
                .subject
                .hollow
                .filter(|&kind| nothing || kind == KERNEL_THREAD);
            if let Some(kind) = hollow {
                let why = Failure::Empty(format!("is {kind}: no open files"));
                report_failure(out, process.subject.pid, &why)?;
                all_found = false;
                continue;
            }
            if printed_any {
                out.write_all(b"\n")?;
            }
            write_process(out, process, &peers, painter)?;
            printed_any = true;
            if process.descriptors.is_empty() {
                out.flush()?;
                eprintln!(
                    "kps: PID {} has no open file descriptors",
                    process.subject.pid
                );
            }
        }
    }
    Ok(all_found)
}

fn read_open_files(
    root: &ProcRoot,
    pid: i32,
    tables: &mut NetTables,
) -> std::result::Result<OpenFiles, Failure> {
    let process = open_process(root, pid)?;
    let descriptors = read_descriptors(root, &process, tables).map_err(|why| match why {
        Unreadable::Denied => Failure::PermissionDenied,
        Unreadable::Unavailable => Failure::NoSuchProcess,
    })?;
    Ok(OpenFiles {
        subject: Subject::read(&process, pid),
        files: read_process_files(root, &process),
        descriptors,
    })
}

/// The endpoint whose other holders are worth naming: the pipe or FIFO itself,
/// or the socket at the other end of a connection on this host.
fn shared_endpoint(target: &Target) -> Option<Endpoint> {
    match target {
        Target::Pipe { inode } => Some(Endpoint::Pipe(*inode)),
        Target::Path {
            path,
            kind: FileKind::Fifo,
            id: Some((dev, ino)),
            ..
        } => Some(Endpoint::Fifo {
            path: path.clone(),
            dev: *dev,
            ino: *ino,
        }),
        Target::Socket { socket, .. } => socket.peer_inode().map(Endpoint::Socket),
        _ => None,
    }
}

fn write_process(
    out: &mut impl Write,
    process: &OpenFiles,
    peers: &impl Fn(i32, &Descriptor) -> Vec<Holder>,
    painter: Painter,
) -> std::io::Result<()> {
    out.write_all(process.subject.heading(painter).as_bytes())?;
    let files = process.files.iter().map(|f| {
        vec![
            f.used_as.name().to_string(),
            "-".to_string(),
            "-".to_string(),
            f.target.kind(),
            String::new(),
            target_text(&f.target, &[], painter),
        ]
    });
    let descriptors = process.descriptors.iter().map(|d| {
        let flags = d.info.flag_names();
        vec![
            d.fd.to_string(),
            d.info.access().map_or("-", |a| a.as_str()).to_string(),
            if flags.is_empty() {
                "-".to_string()
            } else {
                flags.join(",")
            },
            d.target.kind(),
            position(d).map_or(String::new(), |p| p.to_string()),
            target_text(&d.target, &peers(process.subject.pid, d), painter),
        ]
    });
    let rows: Vec<Vec<String>> = files.chain(descriptors).collect();
    // Written row by row: a process may hold a million descriptors.
    tables::write_list(
        out,
        &["FD", "MODE", "FLAGS", "KIND", "POS", "TARGET"],
        &[0, 4],
        &rows,
        painter,
    )
}

/// The file position, where it means something: files and devices with a path.
fn position(descriptor: &Descriptor) -> Option<u64> {
    match descriptor.target {
        Target::Path { .. } | Target::Memfd { .. } => descriptor.info.pos,
        _ => None,
    }
}

/// The TARGET cell, the last column, so the only one that may be coloured.
pub(super) fn target_text(target: &Target, peers: &[Holder], painter: Painter) -> String {
    let mut text = String::new();
    painter.paint(&mut text, target_kind(target), |text| match target {
        Target::Path { path, deleted, .. } => {
            escape::push_escaped_str(text, path);
            if *deleted {
                text.push_str(" (deleted)");
            }
        }
        Target::Pipe { inode } => text.push_str(&format!("pipe:[{inode}]")),
        Target::Socket { inode, socket } => push_socket(text, *inode, socket),
        Target::Anon { name } => {
            text.push('[');
            escape::push_escaped_str(text, name);
            text.push(']');
        }
        Target::Memfd { name } | Target::Other { text: name } => {
            escape::push_escaped_str(text, name)
        }
        Target::Denied => text.push_str("(permission denied)"),
    });
    if !peers.is_empty() {
        text.push_str(" <-> ");
        let named: Vec<String> = peers.iter().map(|h| holder_text(h, painter)).collect();
        text.push_str(&named.join(", "));
    }
    text
}

/// Pipes and FIFOs, sockets and deleted files stand out (as `ls` colours
/// them), and what may not be read is dimmed as in `show`.
fn target_kind(target: &Target) -> Option<Kind> {
    match target {
        Target::Path { deleted: true, .. } => Some(Kind::Deleted),
        Target::Pipe { .. }
        | Target::Path {
            kind: FileKind::Fifo,
            ..
        } => Some(Kind::Pipe),
        Target::Socket { .. }
        | Target::Path {
            kind: FileKind::SocketFile,
            ..
        } => Some(Kind::Socket),
        Target::Denied => Some(Kind::Denied),
        _ => None,
    }
}

pub(super) fn push_socket(text: &mut String, inode: u64, socket: &Socket) {
    match socket {
        // A listening socket has no remote end to show.
        Socket::Tcp {
            local,
            state: "LISTEN",
            ..
        } => text.push_str(&format!("{local} LISTEN")),
        Socket::Tcp {
            local,
            remote,
            state,
            ..
        } => text.push_str(&format!("{local} -> {remote} {state}")),
        Socket::Udp { local, remote, .. } => match remote {
            Some(remote) => text.push_str(&format!("{local} -> {remote}")),
            None => text.push_str(&local.to_string()),
        },
        Socket::Unix(unix) => {
            text.push_str(unix.kind);
            text.push(' ');
            match &unix.path {
                Some(path) => escape::push_escaped(text, path),
                None => text.push_str(&format!("socket:[{inode}]")),
            }
            text.push(' ');
            text.push_str(unix.state);
        }
        Socket::Other { .. } => text.push_str(&format!("socket:[{inode}]")),
    }
}

/// `4243 cat fd 0 (r)`, the process styled as a peer.
pub(super) fn holder_text(holder: &Holder, painter: Painter) -> String {
    let mut text = String::new();
    painter.paint(&mut text, Some(Kind::Peer), |text| {
        text.push_str(&format!("{} ", holder.pid));
        escape::push_escaped(text, &holder.comm);
    });
    text.push_str(&format!(" fd {}", holder.fd));
    if let Some(access) = holder.access {
        text.push_str(&format!(" ({})", access.as_str()));
    }
    text
}

fn process_json(process: &OpenFiles, peers: &impl Fn(i32, &Descriptor) -> Vec<Holder>) -> Json {
    let descriptors: Vec<Json> = process
        .descriptors
        .iter()
        .map(|d| descriptor_json(d, &peers(process.subject.pid, d)))
        .collect();
    let files: Vec<Json> = process.files.iter().map(file_json).collect();
    process
        .subject
        .json()
        .with("files", files)
        .with("fds", descriptors)
}

/// A use that is not a descriptor: `{"use": "cwd", "kind": "dir", "path": ...}`.
fn file_json(file: &ProcessFile) -> Json {
    let mut obj = Json::object()
        .with("use", file.used_as.name())
        .with("kind", file.target.kind());
    insert_target(&mut obj, &file.target);
    obj
}

fn descriptor_json(descriptor: &Descriptor, peers: &[Holder]) -> Json {
    let flags: Vec<Json> = descriptor
        .info
        .flag_names()
        .into_iter()
        .map(Json::from)
        .collect();
    let mut obj = Json::object()
        .with("fd", descriptor.fd)
        .with("mode", descriptor.info.access().map(|a| a.as_str()))
        .with("flags", flags)
        .with("kind", descriptor.target.kind());
    if let Some(pos) = position(descriptor) {
        obj.insert("pos", pos);
    }
    insert_target(&mut obj, &descriptor.target);
    if shared_endpoint(&descriptor.target).is_some() {
        obj.insert("peers", peers.iter().map(holder_json).collect::<Vec<_>>());
    }
    obj
}

/// What a target is, as the keys of the object describing its use.
pub(super) fn insert_target(obj: &mut Json, target: &Target) {
    match target {
        Target::Path { path, deleted, .. } => {
            obj.insert("path", path.as_str());
            obj.insert("deleted", *deleted);
        }
        Target::Pipe { inode } => obj.insert("inode", *inode),
        Target::Socket { inode, socket } => {
            obj.insert("inode", *inode);
            insert_socket(obj, socket);
        }
        Target::Anon { name } | Target::Memfd { name } => obj.insert("name", name.as_str()),
        Target::Other { text } => obj.insert("target", text.as_str()),
        Target::Denied => obj.insert("permission_denied", true),
    }
}

fn insert_socket(obj: &mut Json, socket: &Socket) {
    match socket {
        Socket::Tcp {
            local,
            remote,
            state,
            ..
        } => {
            obj.insert("local", local.to_string());
            obj.insert("remote", remote.to_string());
            obj.insert("state", *state);
        }
        Socket::Udp { local, remote, .. } => {
            obj.insert("local", local.to_string());
            obj.insert("remote", remote.map(|r| r.to_string()));
        }
        Socket::Unix(unix) => {
            obj.insert("type", unix.kind);
            obj.insert(
                "path",
                unix.path
                    .as_ref()
                    .map(|p| String::from_utf8_lossy(p).into_owned()),
            );
            obj.insert("state", unix.state);
            obj.insert("peer_inode", unix.peer_inode);
        }
        Socket::Other { protocol } => obj.insert("protocol", protocol.as_str()),
    }
}

pub(super) fn holder_json(holder: &Holder) -> Json {
    Json::object()
        .with("pid", holder.pid)
        .with("comm", String::from_utf8_lossy(&holder.comm).into_owned())
        .with("fd", holder.fd)
        .with("mode", holder.access.map(|a| a.as_str()))
}

//! From targets to the uses that hold them: ports through the socket tables of
//! each network namespace to socket inodes, paths through `stat` to device and
//! inode, then one scan of every process for all of them at once.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

use crate::cli::who_args::{Target as Spec, Transport as SpecTransport};
use crate::error::{Error, Result};
use crate::proc::descriptors::{Access, FileKind, Target, path_target, read_fdinfo};
use crate::proc::files::Use;
use crate::proc::holders::{Found, Hit, Wanted, all_pids, anon_name, scan};
use crate::proc::net::{InetEntry, NetNs, NetTables, Transport};
use crate::proc::root::ProcRoot;

/// One thing asked for, resolved to what the scan compares.
pub enum Query {
    Port {
        transport: SpecTransport,
        hosts: Vec<std::net::IpAddr>,
        port: u16,
    },
    Socket(u64),
    Pipe(u64),
    Anon(String),
    /// Files by device and inode: one path, or everything below a directory.
    Files {
        ids: HashSet<(u64, u64)>,
        /// Some are directories: working directories and roots may be them.
        directories: bool,
        /// Some are not directories: only those may be executables or
        /// mapped, so the maps are read only then.
        mappable: bool,
    },
    /// A unix socket's file: the sockets bound to it, and the file itself.
    UnixPath {
        names: Vec<Vec<u8>>,
        id: (u64, u64),
    },
    Deleted,
}

/// A target as the user wrote it, and what it resolved to.
pub struct Asked {
    pub text: String,
    pub query: Query,
}

/// One use of one target by one process.
pub struct Holding {
    pub asked: usize,
    pub pid: i32,
    pub used_as: Use,
    pub access: Option<Access>,
    pub target: Target,
    /// The network namespace of a socket, when it is not kps' own.
    pub netns: Option<u64>,
    pub peers: Vec<(i32, i32, Option<Access>)>,
}

/// Everything found, and how many processes could not be looked into.
pub struct Answer {
    pub uses: Vec<Holding>,
    pub denied: usize,
}

/// Resolves the targets; a path that does not exist is an error.
pub fn resolve(specs: &[Spec], under: &[PathBuf], deleted: bool) -> Result<Vec<Asked>> {
    let mut asked = Vec::new();
    for spec in specs {
        let query = match spec {
            Spec::Port {
                transport,
                hosts,
                port,
                ..
            } => Query::Port {
                transport: *transport,
                hosts: hosts.clone(),
                port: *port,
            },
            Spec::Pipe(inode) => Query::Pipe(*inode),
            Spec::Socket(inode) => Query::Socket(*inode),
            Spec::Anon(name) => Query::Anon(name.clone()),
            Spec::Path(path) => path_query(path)?,
        };
        asked.push(Asked {
            text: spec.text(),
            query,
        });
    }
    for dir in under {
        let ids = walk(dir)?;
        asked.push(Asked {
            text: dir.to_string_lossy().into_owned(),
            query: Query::Files {
                ids,
                directories: true,
                mappable: true,
            },
        });
    }
    if deleted {
        asked.push(Asked {
            text: "--deleted".to_string(),
            query: Query::Deleted,
        });
    }
    Ok(asked)
}

fn no_such(path: &Path, e: &std::io::Error) -> Error {
    let why = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    Error::new(format!("{}: {why}", path.to_string_lossy()))
}

fn path_query(path: &Path) -> Result<Query> {
    let meta = std::fs::metadata(path).map_err(|e| no_such(path, &e))?;
    let id = (meta.dev(), meta.ino());
    if meta.file_type().is_socket() {
        // A socket is bound under the name it was given: the path as written,
        // made absolute, and with its links resolved.
        let mut names = vec![path.as_os_str().as_encoded_bytes().to_vec()];
        for name in [std::path::absolute(path).ok(), path.canonicalize().ok()]
            .into_iter()
            .flatten()
        {
            names.push(name.into_os_string().into_encoded_bytes());
        }
        return Ok(Query::UnixPath { names, id });
    }
    Ok(Query::Files {
        ids: HashSet::from([id]),
        directories: meta.is_dir(),
        mappable: !meta.is_dir(),
    })
}

/// Device and inode of `dir` and of everything below it; symlinks are not
/// followed, so nothing outside it is included.
fn walk(dir: &Path) -> Result<HashSet<(u64, u64)>> {
    let meta = std::fs::metadata(dir).map_err(|e| no_such(dir, &e))?;
    if !meta.is_dir() {
        return Err(Error::new(format!(
            "--under {}: not a directory",
            dir.to_string_lossy()
        )));
    }
    let mut ids = HashSet::from([(meta.dev(), meta.ino())]);
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&next) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else {
                continue;
            };
            ids.insert((meta.dev(), meta.ino()));
            if meta.is_dir() {
                pending.push(entry.path());
            }
        }
    }
    Ok(ids)
}

fn port_matches(query: &Query, entry: &InetEntry) -> bool {
    let Query::Port {
        transport,
        hosts,
        port,
    } = query
    else {
        return false;
    };
    let transport_ok = match transport {
        SpecTransport::Any => true,
        SpecTransport::Tcp => entry.transport == Transport::Tcp,
        SpecTransport::Udp => entry.transport == Transport::Udp,
    };
    let end = |addr: &SocketAddr| {
        addr.port() == *port && (hosts.is_empty() || hosts.iter().any(|h| same_ip(*h, addr.ip())))
    };
    // An unconnected socket's remote end is all zeroes: it matches no port
    // but 0, which names no connection.
    let remote_ok = entry.remote.port() != 0 && end(&entry.remote);
    transport_ok && entry.inode != 0 && (end(&entry.local) || remote_ok)
}

/// An IPv4 address matches its IPv4-mapped IPv6 form, as a dual-stack socket shows it.
fn same_ip(a: std::net::IpAddr, b: std::net::IpAddr) -> bool {
    a.to_canonical() == b.to_canonical()
}

/// The sockets of one namespace's tables that answer target `query`.
fn socket_matches(
    namespace: &mut crate::proc::net::Tables,
    query: &Query,
    wanted: &mut Wanted,
) -> Vec<u64> {
    match query {
        Query::Port { .. } => inet_matches(namespace, query, wanted),
        Query::UnixPath { names, .. } => namespace
            .unix()
            .iter()
            .filter(|e| e.path.as_ref().is_some_and(|p| names.contains(p)))
            .map(|e| e.inode)
            .collect(),
        _ => Vec::new(),
    }
}

/// Finds every use of every target. Sockets are first looked up in kps' own
/// network namespace; the scan sets aside the sockets of processes in other
/// namespaces, whose tables are then read once per namespace.
pub fn find(root: &ProcRoot, asked: &[Asked]) -> Result<Answer> {
    let mut wanted = Wanted::default();
    // Which targets each socket inode answers.
    let mut socket_of: HashMap<u64, Vec<usize>> = HashMap::new();
    // A root that may not be read is an error, not "nothing holds it".
    root.pids()?;
    let pids = all_pids(root);
    let mut tables = NetTables::new(root);
    let needs_tables = asked
        .iter()
        .any(|a| matches!(a.query, Query::Port { .. } | Query::UnixPath { .. }));
    let (own_ns, _) = tables.own();
    if needs_tables {
        wanted.netns = own_ns.inode();
        let (_, namespace) = tables.own();
        for (index, a) in asked.iter().enumerate() {
            for inode in socket_matches(namespace, &a.query, &mut wanted) {
                wanted.sockets.insert(inode);
                socket_of.entry(inode).or_default().push(index);
            }
        }
    }
    for (index, a) in asked.iter().enumerate() {
        match &a.query {
            Query::Port { .. } => {}
            Query::UnixPath { id, .. } => {
                wanted.files.insert(*id);
            }
            Query::Socket(inode) => {
                wanted.sockets.insert(*inode);
                socket_of.entry(*inode).or_default().push(index);
            }
            Query::Pipe(inode) => {
                wanted.pipes.insert(*inode);
            }
            Query::Anon(name) => wanted.anon.push(name.clone()),
            Query::Files {
                ids,
                directories,
                mappable,
            } => {
                wanted.files.extend(ids);
                wanted.directories |= *directories;
                wanted.mapped |= *mappable;
            }
            Query::Deleted => wanted.deleted = true,
        }
    }
    let mut scanned = scan(root, &wanted, &pids);
    foreign_hits(asked, &mut scanned, &mut tables, &mut socket_of);
    let mut uses = Vec::new();
    for hit in &scanned.hits {
        for asked_index in answered(asked, &socket_of, hit) {
            uses.push(describe(root, hit, asked_index, &mut tables, own_ns));
        }
    }
    let mut found = Answer {
        uses,
        denied: scanned.denied,
    };
    name_peers(root, &mut found, &scanned.hits, &pids);
    found.uses.sort_by_key(|u| (u.asked, u.pid, u.used_as));
    Ok(found)
}

/// The sockets of one namespace's TCP and UDP tables that match a port
/// target; the sockets at their other ends are looked for too, to name them.
fn inet_matches(
    namespace: &mut crate::proc::net::Tables,
    query: &Query,
    wanted: &mut Wanted,
) -> Vec<u64> {
    let mut found = Vec::new();
    for transport in [Transport::Tcp, Transport::Udp] {
        for v6 in [false, true] {
            let matching: Vec<InetEntry> = namespace
                .inet(transport, v6)
                .iter()
                .filter(|e| port_matches(query, e))
                .cloned()
                .collect();
            for entry in matching {
                if let Some(peer) = namespace.inet_peer(&entry) {
                    wanted.sockets.insert(peer);
                }
                found.push(entry.inode);
            }
        }
    }
    found
}

/// Looks the sockets of processes in other network namespaces up in their
/// own namespace's tables, read once per namespace; those that answer a
/// target (or are the other end of one that does) become hits.
fn foreign_hits(
    asked: &[Asked],
    scanned: &mut crate::proc::holders::Scan,
    tables: &mut NetTables,
    socket_of: &mut HashMap<u64, Vec<usize>>,
) {
    let mut by_ns: HashMap<u64, Vec<crate::proc::holders::ForeignSocket>> = HashMap::new();
    for socket in scanned.foreign.drain(..) {
        by_ns.entry(socket.netns).or_default().push(socket);
    }
    for (ns, sockets) in by_ns {
        let namespace = tables.of(NetNs::Inode(ns), sockets[0].pid);
        let mut wanted = Wanted::default();
        for (index, a) in asked.iter().enumerate() {
            for inode in socket_matches(namespace, &a.query, &mut wanted) {
                wanted.sockets.insert(inode);
                socket_of.entry(inode).or_default().push(index);
            }
        }
        for socket in sockets {
            // Asked for by inode (`socket:[N]`), or matched in its namespace.
            if wanted.sockets.contains(&socket.inode) || socket_of.contains_key(&socket.inode) {
                scanned.hits.push(Hit {
                    pid: socket.pid,
                    used_as: Use::Fd(socket.fd),
                    found: Found::Socket(socket.inode),
                    link: Vec::new(),
                });
            }
        }
    }
    scanned.hits.sort_by_key(|h| (h.pid, h.used_as));
}

/// The targets `hit` answers; none for a socket looked for only as a peer.
fn answered(asked: &[Asked], socket_of: &HashMap<u64, Vec<usize>>, hit: &Hit) -> Vec<usize> {
    match hit.found {
        Found::Socket(inode) => socket_of.get(&inode).cloned().unwrap_or_default(),
        _ => asked
            .iter()
            .enumerate()
            .filter(|(_, a)| match (&a.query, hit.found) {
                (Query::Pipe(inode), Found::Pipe(found)) => *inode == found,
                (Query::Anon(name), Found::Anon) => {
                    anon_name(&hit.link).is_some_and(|n| n == name.as_bytes())
                }
                (Query::Files { ids, .. }, Found::File { dev, ino }) => ids.contains(&(dev, ino)),
                (Query::UnixPath { id, .. }, Found::File { dev, ino }) => *id == (dev, ino),
                (Query::Deleted, Found::Deleted { .. }) => true,
                _ => false,
            })
            .map(|(index, _)| index)
            .collect(),
    }
}

fn describe(
    root: &ProcRoot,
    hit: &Hit,
    asked: usize,
    tables: &mut NetTables,
    own_ns: NetNs,
) -> Holding {
    let pid = hit.pid;
    let fd = hit.used_as.fd();
    let access = fd.and_then(|fd| read_fdinfo(root, pid, fd).access());
    let link_text = String::from_utf8_lossy(&hit.link).into_owned();
    let mut ns = None;
    let target = match hit.found {
        Found::Socket(inode) => {
            let socket = match (root.process(pid), fd) {
                (Ok(process), Some(fd)) => tables.lookup(&process, fd, inode),
                _ => crate::proc::sockets::Socket::Other {
                    protocol: "socket".to_string(),
                },
            };
            ns = Some(tables.namespace_of(pid))
                .filter(|&n| n != own_ns)
                .and_then(NetNs::inode);
            Target::Socket { inode, socket }
        }
        Found::Pipe(inode) => Target::Pipe { inode },
        Found::Anon => Target::Anon {
            name: anon_name(&hit.link)
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_default(),
        },
        Found::File { dev, ino } | Found::Deleted { dev, ino } => match hit.used_as.link() {
            Some(link) => path_target(&root.pid_path(pid, &link), PathBuf::from(link_text)),
            None => {
                let deleted = matches!(hit.found, Found::Deleted { .. });
                Target::Path {
                    path: link_text.trim_end_matches(" (deleted)").to_string(),
                    kind: FileKind::File,
                    deleted,
                    id: Some((dev, ino)),
                }
            }
        },
    };
    Holding {
        asked,
        pid,
        used_as: hit.used_as,
        access,
        target,
        netns: ns,
        peers: Vec::new(),
    }
}

/// Names the holders of the other end of each connected socket found. Ends
/// not among the hits (a unix socket's peer, a socket asked for by inode) are
/// looked for in one more scan.
fn name_peers(root: &ProcRoot, found: &mut Answer, hits: &[Hit], pids: &[i32]) {
    let peer_of = |u: &Holding| match &u.target {
        Target::Socket { socket, .. } => socket.peer_inode(),
        _ => None,
    };
    let known: HashSet<u64> = hits
        .iter()
        .filter_map(|h| match h.found {
            Found::Socket(inode) => Some(inode),
            _ => None,
        })
        .collect();
    let missing: HashSet<u64> = found
        .uses
        .iter()
        .filter_map(peer_of)
        .filter(|p| !known.contains(p))
        .collect();
    let more = if missing.is_empty() {
        Vec::new()
    } else {
        let wanted = Wanted {
            sockets: missing,
            ..Wanted::default()
        };
        scan(root, &wanted, pids).hits
    };
    let mut holders: HashMap<u64, Vec<(i32, i32)>> = HashMap::new();
    for hit in hits.iter().chain(&more) {
        if let (Found::Socket(inode), Some(fd)) = (hit.found, hit.used_as.fd()) {
            holders.entry(inode).or_default().push((hit.pid, fd));
        }
    }
    for found_use in &mut found.uses {
        let Some(peer) = peer_of(found_use) else {
            continue;
        };
        for &(pid, fd) in holders.get(&peer).into_iter().flatten() {
            let access = read_fdinfo(root, pid, fd).access();
            found_use.peers.push((pid, fd, access));
        }
    }
}

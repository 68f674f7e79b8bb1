//! The kernel's socket tables (/proc/PID/net/{tcp,tcp6,udp,udp6,unix}), read
//! once per network namespace and per table, whatever number of processes
//! live in that namespace.
//!
//! A socket is looked up in the namespace of the process that holds it: the
//! tables under /proc/PID/net are those of PID's namespace, so a port held
//! inside a container or under `unshare --net` is found too.

use std::collections::HashMap;
use std::ffi::CString;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use procfs::process::Process;

use super::root::ProcRoot;
use super::sockets::{
    Socket, UnixEntry, UnixSocket, parse_unix_table, unix_kind_name, unix_state_name,
};
use super::unix_diag;

/// TCP or UDP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Transport {
    Tcp,
    Udp,
}

/// One line of a TCP or UDP table.
#[derive(Debug, Clone, PartialEq)]
pub struct InetEntry {
    pub transport: Transport,
    pub v6: bool,
    pub local: SocketAddr,
    pub remote: SocketAddr,
    /// The state as the kernel numbers it (`TCP_ESTABLISHED` = 1, ...).
    pub state: u8,
    pub inode: u64,
}

impl InetEntry {
    /// The socket this line describes; `peer_inode` is the socket at the other
    /// end when that end is on this host, in the same namespace.
    pub fn socket(&self, peer_inode: Option<u64>) -> Socket {
        match self.transport {
            Transport::Tcp => Socket::Tcp {
                v6: self.v6,
                local: self.local,
                remote: self.remote,
                state: tcp_state_name(self.state),
                peer_inode,
            },
            Transport::Udp => Socket::Udp {
                v6: self.v6,
                local: self.local,
                remote: (self.state == UDP_CONNECTED).then_some(self.remote),
                peer_inode,
            },
        }
    }

    fn connected(&self) -> bool {
        match self.transport {
            Transport::Tcp => self.state == TCP_ESTABLISHED,
            Transport::Udp => self.state == UDP_CONNECTED,
        }
    }
}

/// `TCP_ESTABLISHED`, which UDP reuses for a connected socket.
const TCP_ESTABLISHED: u8 = 1;
const UDP_CONNECTED: u8 = 1;

/// Which namespace a process' sockets live in: the inode of its
/// /proc/PID/ns/net, or the process itself when that may not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NetNs {
    Inode(u64),
    OfProcess(i32),
}

impl NetNs {
    pub fn of(root: &ProcRoot, pid: i32) -> NetNs {
        match std::fs::metadata(root.pid_path(pid, "ns/net")) {
            Ok(meta) => NetNs::Inode(std::os::unix::fs::MetadataExt::ino(&meta)),
            Err(_) => NetNs::OfProcess(pid),
        }
    }

    /// kps' own namespace as the root shows it (through its `self` link); a
    /// tree without `self` has none of kps' processes, and its own tables
    /// stand for the namespace of no process.
    pub fn own(root: &ProcRoot) -> NetNs {
        match std::fs::metadata(root.path("self/ns/net")) {
            Ok(meta) => NetNs::Inode(std::os::unix::fs::MetadataExt::ino(&meta)),
            Err(_) => NetNs::OfProcess(root.own_pid().unwrap_or(0)),
        }
    }

    /// The namespace inode, when known.
    pub fn inode(self) -> Option<u64> {
        match self {
            NetNs::Inode(inode) => Some(inode),
            NetNs::OfProcess(_) => None,
        }
    }
}

/// The tables of one namespace, each read on first use from one directory
/// (/proc/PID/net of a process in it, or /proc/net for kps' own).
#[derive(Default)]
pub struct Tables {
    /// The `net` directory the tables are read from.
    dir: String,
    /// The namespace link beside it, to tell whether the kernel may be asked
    /// about this namespace's unix sockets.
    ns_link: String,
    /// Whether the namespace is kps' own, read on first need.
    own: Option<bool>,
    inet: HashMap<(Transport, bool), Vec<InetEntry>>,
    unix: Option<Vec<UnixEntry>>,
}

impl Tables {
    pub fn of_process(root: &ProcRoot, pid: i32) -> Tables {
        Tables {
            dir: root.pid_path(pid, "net"),
            ns_link: root.pid_path(pid, "ns/net"),
            ..Tables::default()
        }
    }

    /// The tables /proc/net shows: those of kps' own namespace on a proc
    /// mount that has kps, or the tree's own on a tree made by hand.
    fn of_root(root: &ProcRoot) -> Tables {
        Tables {
            dir: root.path("net"),
            ns_link: root.path("self/ns/net"),
            ..Tables::default()
        }
    }

    /// The TCP or UDP table of IPv4 (`v6` false) or IPv6 sockets.
    pub fn inet(&mut self, transport: Transport, v6: bool) -> &[InetEntry] {
        let dir = &self.dir;
        self.inet.entry((transport, v6)).or_insert_with(|| {
            let name = match (transport, v6) {
                (Transport::Tcp, false) => "tcp",
                (Transport::Tcp, true) => "tcp6",
                (Transport::Udp, false) => "udp",
                (Transport::Udp, true) => "udp6",
            };
            read_table(&format!("{dir}/{name}"))
                .map(|bytes| parse_inet_table(&bytes, transport, v6))
                .unwrap_or_default()
        })
    }

    /// The socket at the other end of `entry` when both ends are on this host:
    /// the connected socket of the same table whose ends are `entry`'s swapped.
    pub fn inet_peer(&mut self, entry: &InetEntry) -> Option<u64> {
        if !entry.connected() {
            return None;
        }
        self.inet(entry.transport, entry.v6)
            .iter()
            .find(|e| {
                e.inode != 0 && e.connected() && e.local == entry.remote && e.remote == entry.local
            })
            .map(|e| e.inode)
    }

    /// The TCP or UDP socket `inode`, with its peer on this host.
    fn inet_socket(&mut self, transport: Transport, v6: bool, inode: u64) -> Option<Socket> {
        let entry = self
            .inet(transport, v6)
            .iter()
            .find(|e| e.inode == inode)?
            .clone();
        let peer = self.inet_peer(&entry);
        Some(entry.socket(peer))
    }

    pub fn unix(&mut self) -> &[UnixEntry] {
        let dir = &self.dir;
        self.unix.get_or_insert_with(|| {
            read_table(&format!("{dir}/unix"))
                .map(|bytes| parse_unix_table(&bytes))
                .unwrap_or_default()
        })
    }

    pub fn unix_socket(&mut self, inode: u64) -> Option<Socket> {
        // sock_diag answers about kps' own namespace of the running kernel:
        // asked about a socket of another namespace, or of a proc tree that
        // is not the running system's, it would name an unrelated socket.
        let own = *self
            .own
            .get_or_insert_with(|| is_own_namespace(&self.ns_link));
        let entry = self.unix().iter().find(|e| e.inode == inode)?;
        Some(Socket::Unix(UnixSocket {
            kind: unix_kind_name(entry.kind),
            path: entry.path.clone(),
            state: unix_state_name(entry),
            peer_inode: if own {
                unix_diag::peer_inode(inode)
            } else {
                None
            },
        }))
    }

    /// The socket `inode` in whichever table has it, for a descriptor whose
    /// protocol the kernel does not name.
    fn any_socket(&mut self, inode: u64) -> Option<Socket> {
        for transport in [Transport::Tcp, Transport::Udp] {
            for v6 in [false, true] {
                if let Some(socket) = self.inet_socket(transport, v6, inode) {
                    return Some(socket);
                }
            }
        }
        self.unix_socket(inode)
    }
}

/// Whether namespace link `ns_link` (under any proc mount) is the network
/// namespace kps runs in. This asks the running system's /proc on purpose:
/// it is the kernel kps talks to over netlink that must own the namespace.
fn is_own_namespace(ns_link: &str) -> bool {
    use std::os::unix::fs::MetadataExt;
    let id = |path: &str| std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()));
    id(ns_link).is_some_and(|theirs| id("/proc/self/ns/net") == Some(theirs))
}

/// The tables of every namespace asked about, under one proc root.
#[derive(Default)]
pub struct NetTables {
    root: ProcRoot,
    namespaces: HashMap<NetNs, Tables>,
    /// The namespace of each process asked about, read once.
    of_process: HashMap<i32, NetNs>,
}

impl NetTables {
    pub fn new(root: &ProcRoot) -> NetTables {
        NetTables {
            root: root.clone(),
            ..NetTables::default()
        }
    }

    /// kps' own namespace and its tables (see [`NetNs::own`]).
    pub fn own(&mut self) -> (NetNs, &mut Tables) {
        let ns = NetNs::own(&self.root);
        let root = &self.root;
        let tables = self
            .namespaces
            .entry(ns)
            .or_insert_with(|| Tables::of_root(root));
        (ns, tables)
    }

    /// The namespace of process `pid`, read once.
    pub fn namespace_of(&mut self, pid: i32) -> NetNs {
        let root = &self.root;
        *self
            .of_process
            .entry(pid)
            .or_insert_with(|| NetNs::of(root, pid))
    }

    /// The tables of namespace `ns`, read through process `pid` if not yet read.
    pub fn of(&mut self, ns: NetNs, pid: i32) -> &mut Tables {
        let root = &self.root;
        self.namespaces
            .entry(ns)
            .or_insert_with(|| Tables::of_process(root, pid))
    }

    /// Describes socket `inode`, open as descriptor `fd` of `process`.
    pub fn lookup(&mut self, process: &Process, fd: i32, inode: u64) -> Socket {
        let pid = process.pid;
        let protocol = protocol_name(&self.root, pid, fd);
        let ns = self.namespace_of(pid);
        let tables = self.of(ns, pid);
        let found = match protocol.as_deref() {
            Some("TCP" | "MPTCP") => tables.inet_socket(Transport::Tcp, false, inode),
            Some("TCPv6" | "MPTCPv6") => tables.inet_socket(Transport::Tcp, true, inode),
            Some("UDP" | "UDPLITE") => tables.inet_socket(Transport::Udp, false, inode),
            Some("UDPv6" | "UDPLITEv6") => tables.inet_socket(Transport::Udp, true, inode),
            Some(p) if p.starts_with("UNIX") => tables.unix_socket(inode),
            Some(_) => None,
            // No name to go by (the link leads to no socket kps may ask, as
            // in a proc tree made by hand): whichever table has the inode.
            None => tables.any_socket(inode),
        };
        found.unwrap_or_else(|| Socket::Other {
            protocol: protocol.unwrap_or_else(|| "socket".to_string()),
        })
    }
}

/// A /proc table, read in large pieces: it reports a size of 0, so a plain
/// read would start small and grow one short read at a time.
fn read_table(path: &str) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(128 * 1024);
    std::fs::File::open(path)?
        .take(super::root::READ_MAX)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The kernel's name for the protocol of a socket (`TCP`, `UNIX-STREAM`,
/// `NETLINK`...), from the `system.sockprotoname` attribute of its inode.
fn protocol_name(root: &ProcRoot, pid: i32, fd: i32) -> Option<String> {
    let path = CString::new(root.pid_path(pid, &format!("fd/{fd}"))).ok()?;
    let attr = c"system.sockprotoname";
    let mut buf = [0u8; 64];
    // SAFETY: both names are NUL-terminated and `buf` is writable for its length.
    let len = unsafe {
        libc::getxattr(
            path.as_ptr(),
            attr.as_ptr(),
            buf.as_mut_ptr().cast(),
            buf.len(),
        )
    };
    let len = usize::try_from(len).ok()?;
    let name = buf.get(..len)?;
    let name = name.split(|&b| b == 0).next().unwrap_or_default();
    let name = std::str::from_utf8(name).ok()?.trim();
    (!name.is_empty()).then(|| name.to_string())
}

pub fn tcp_state_name(state: u8) -> &'static str {
    match state {
        1 => "ESTABLISHED",
        2 => "SYN_SENT",
        3 => "SYN_RECV",
        4 => "FIN_WAIT1",
        5 => "FIN_WAIT2",
        6 => "TIME_WAIT",
        7 => "CLOSE",
        8 => "CLOSE_WAIT",
        9 => "LAST_ACK",
        10 => "LISTEN",
        11 => "CLOSING",
        12 => "NEW_SYN_RECV",
        _ => "UNKNOWN",
    }
}

/// `sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...`. Addresses are
/// the kernel's 32-bit words in hex, each in host byte order; ports in hex.
fn parse_inet_table(bytes: &[u8], transport: Transport, v6: bool) -> Vec<InetEntry> {
    let text = String::from_utf8_lossy(bytes);
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_ascii_whitespace().take(10).collect();
            if fields.len() < 10 {
                return None;
            }
            Some(InetEntry {
                transport,
                v6,
                local: parse_address(fields[1])?,
                remote: parse_address(fields[2])?,
                state: u8::from_str_radix(fields[3], 16).ok()?,
                inode: fields[9].parse().ok()?,
            })
        })
        .collect()
}

fn parse_address(text: &str) -> Option<SocketAddr> {
    let (ip, port) = text.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    let word = |i: usize| -> Option<[u8; 4]> {
        Some(
            u32::from_str_radix(ip.get(i * 8..i * 8 + 8)?, 16)
                .ok()?
                .to_ne_bytes(),
        )
    };
    let ip = match ip.len() {
        8 => IpAddr::V4(Ipv4Addr::from(word(0)?)),
        32 => {
            let mut octets = [0u8; 16];
            for i in 0..4 {
                octets[i * 4..i * 4 + 4].copy_from_slice(&word(i)?);
            }
            IpAddr::V6(Ipv6Addr::from(octets))
        }
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(octets: [u8; 4]) -> String {
        format!("{:08X}", u32::from_ne_bytes(octets))
    }

    #[test]
    fn inet_lines_give_addresses_state_and_inode() {
        let loopback = word([127, 0, 0, 1]);
        let table = format!(
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n\
   0: {loopback}:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0\n\
   1: {loopback}:C350 {loopback}:1F90 01 00000000:00000000 00:00000000 00000000     0        0 4243 1 0\n\
   2: short line\n"
        );
        let entries = parse_inet_table(table.as_bytes(), Transport::Tcp, false);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].local, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(tcp_state_name(entries[0].state), "LISTEN");
        assert_eq!(entries[0].inode, 4242);
        assert_eq!(entries[1].remote, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(entries[1].local.port(), 50000);
    }

    #[test]
    fn ipv6_addresses_are_four_words() {
        let one = [0u8, 0, 0, 1];
        let text = format!(
            "{}{}{}{}:0035",
            word([0; 4]),
            word([0; 4]),
            word([0; 4]),
            word(one)
        );
        assert_eq!(parse_address(&text), Some("[::1]:53".parse().unwrap()));
        assert_eq!(parse_address("12:34"), None);
    }
}

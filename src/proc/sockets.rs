//! Sockets: their protocol, and the endpoints the kernel's tables give for them.
//!
//! The tables are read from /proc/PID/net, so they describe the process' own
//! network namespace, and only the tables a process' sockets need are read.

use std::ffi::CString;
use std::net::SocketAddr;

use procfs::net::{TcpNetEntry, TcpState, UdpNetEntry, UdpState};
use procfs::process::Process;

use super::process::read_bytes;
use super::unix_diag;

/// What kps knows about one socket.
#[derive(Debug, Clone, PartialEq)]
pub enum Socket {
    Tcp {
        v6: bool,
        local: SocketAddr,
        remote: SocketAddr,
        state: &'static str,
    },
    Udp {
        v6: bool,
        local: SocketAddr,
        /// `None` for an unconnected socket.
        remote: Option<SocketAddr>,
    },
    Unix(UnixSocket),
    /// Netlink, packet, raw... by the protocol name the kernel gives.
    Other {
        protocol: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnixSocket {
    /// `stream`, `dgram` or `seqpacket`.
    pub kind: &'static str,
    /// The bound path, raw; abstract names start with `@`.
    pub path: Option<Vec<u8>>,
    pub state: &'static str,
    /// The inode of the connected peer socket, from sock_diag.
    pub peer_inode: Option<u64>,
}

impl Socket {
    pub fn kind(&self) -> String {
        match self {
            Socket::Tcp { v6: false, .. } => "tcp".to_string(),
            Socket::Tcp { v6: true, .. } => "tcp6".to_string(),
            Socket::Udp { v6: false, .. } => "udp".to_string(),
            Socket::Udp { v6: true, .. } => "udp6".to_string(),
            Socket::Unix(_) => "unix".to_string(),
            Socket::Other { protocol } => protocol.to_ascii_lowercase(),
        }
    }
}

/// One line of /proc/net/unix.
#[derive(Debug, Clone, PartialEq)]
struct UnixEntry {
    inode: u64,
    flags: u32,
    kind: u16,
    state: u8,
    path: Option<Vec<u8>>,
}

/// The socket tables of one process' network namespace, each read on first use.
pub struct NetTables<'a> {
    process: &'a Process,
    tcp: Option<Vec<TcpNetEntry>>,
    tcp6: Option<Vec<TcpNetEntry>>,
    udp: Option<Vec<UdpNetEntry>>,
    udp6: Option<Vec<UdpNetEntry>>,
    unix: Option<Vec<UnixEntry>>,
}

impl<'a> NetTables<'a> {
    pub fn new(process: &'a Process) -> NetTables<'a> {
        NetTables {
            process,
            tcp: None,
            tcp6: None,
            udp: None,
            udp6: None,
            unix: None,
        }
    }

    /// Describes socket `inode`, open as descriptor `fd` of process `pid`.
    pub fn lookup(&mut self, pid: i32, fd: i32, inode: u64) -> Socket {
        let protocol = protocol_name(pid, fd).unwrap_or_else(|| "socket".to_string());
        let found = match protocol.as_str() {
            "TCP" | "MPTCP" => self.tcp_entry(false, inode),
            "TCPv6" | "MPTCPv6" => self.tcp_entry(true, inode),
            "UDP" | "UDPLITE" => self.udp_entry(false, inode),
            "UDPv6" | "UDPLITEv6" => self.udp_entry(true, inode),
            p if p.starts_with("UNIX") => self.unix_entry(inode),
            _ => None,
        };
        found.unwrap_or(Socket::Other { protocol })
    }

    fn tcp_entry(&mut self, v6: bool, inode: u64) -> Option<Socket> {
        let process = self.process;
        let table = if v6 { &mut self.tcp6 } else { &mut self.tcp };
        let table = table.get_or_insert_with(|| {
            if v6 { process.tcp6() } else { process.tcp() }.unwrap_or_default()
        });
        let entry = table.iter().find(|e| e.inode == inode)?;
        Some(Socket::Tcp {
            v6,
            local: entry.local_address,
            remote: entry.remote_address,
            state: tcp_state_name(&entry.state),
        })
    }

    fn udp_entry(&mut self, v6: bool, inode: u64) -> Option<Socket> {
        let process = self.process;
        let table = if v6 { &mut self.udp6 } else { &mut self.udp };
        let table = table.get_or_insert_with(|| {
            if v6 { process.udp6() } else { process.udp() }.unwrap_or_default()
        });
        let entry = table.iter().find(|e| e.inode == inode)?;
        Some(Socket::Udp {
            v6,
            local: entry.local_address,
            remote: (entry.state == UdpState::Established).then_some(entry.remote_address),
        })
    }

    fn unix_entry(&mut self, inode: u64) -> Option<Socket> {
        let process = self.process;
        let table = self.unix.get_or_insert_with(|| {
            read_bytes(process, "net/unix")
                .map(|bytes| parse_unix_table(&bytes))
                .unwrap_or_default()
        });
        let entry = table.iter().find(|e| e.inode == inode)?;
        Some(Socket::Unix(UnixSocket {
            kind: unix_kind_name(entry.kind),
            path: entry.path.clone(),
            state: unix_state_name(entry),
            peer_inode: unix_diag::peer_inode(inode),
        }))
    }
}

/// The kernel's name for the protocol of a socket (`TCP`, `UNIX-STREAM`,
/// `NETLINK`...), from the `system.sockprotoname` attribute of its inode.
fn protocol_name(pid: i32, fd: i32) -> Option<String> {
    let path = CString::new(format!("/proc/{pid}/fd/{fd}")).ok()?;
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

fn tcp_state_name(state: &TcpState) -> &'static str {
    match state {
        TcpState::Established => "ESTABLISHED",
        TcpState::SynSent => "SYN_SENT",
        TcpState::SynRecv => "SYN_RECV",
        TcpState::FinWait1 => "FIN_WAIT1",
        TcpState::FinWait2 => "FIN_WAIT2",
        TcpState::TimeWait => "TIME_WAIT",
        TcpState::Close => "CLOSE",
        TcpState::CloseWait => "CLOSE_WAIT",
        TcpState::LastAck => "LAST_ACK",
        TcpState::Listen => "LISTEN",
        TcpState::Closing => "CLOSING",
        TcpState::NewSynRecv => "NEW_SYN_RECV",
    }
}

fn unix_kind_name(kind: u16) -> &'static str {
    match i32::from(kind) {
        libc::SOCK_STREAM => "stream",
        libc::SOCK_DGRAM => "dgram",
        libc::SOCK_SEQPACKET => "seqpacket",
        _ => "unknown",
    }
}

/// `__SO_ACCEPTCON` in the flags column: the socket listens.
const UNIX_LISTENING: u32 = 1 << 16;

fn unix_state_name(entry: &UnixEntry) -> &'static str {
    if entry.flags & UNIX_LISTENING != 0 {
        return "LISTEN";
    }
    match entry.state {
        1 => "UNCONNECTED",
        2 => "CONNECTING",
        3 => "CONNECTED",
        4 => "DISCONNECTING",
        _ => "UNKNOWN",
    }
}

/// /proc/net/unix: `Num RefCount Protocol Flags Type St Inode [Path]`, numbers in
/// hex but the inode; the path is the rest of the line and may hold any byte but
/// a newline, so the file is read as bytes.
fn parse_unix_table(bytes: &[u8]) -> Vec<UnixEntry> {
    bytes
        .split(|&b| b == b'\n')
        .skip(1)
        .filter_map(parse_unix_line)
        .collect()
}

fn parse_unix_line(line: &[u8]) -> Option<UnixEntry> {
    let mut rest = line;
    let mut fields = Vec::with_capacity(7);
    for _ in 0..7 {
        rest = rest.trim_ascii_start();
        let end = rest
            .iter()
            .position(u8::is_ascii_whitespace)
            .unwrap_or(rest.len());
        fields.push(std::str::from_utf8(&rest[..end]).ok()?);
        rest = &rest[end..];
    }
    let path = rest.strip_prefix(b" ").filter(|p| !p.is_empty());
    Some(UnixEntry {
        flags: u32::from_str_radix(fields[3], 16).ok()?,
        kind: u16::from_str_radix(fields[4], 16).ok()?,
        state: u8::from_str_radix(fields[5], 16).ok()?,
        inode: fields[6].parse().ok()?,
        path: path.map(<[u8]>::to_vec),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_table_lines_parse_with_any_path() {
        let table = b"Num       RefCount Protocol Flags    Type St Inode Path\n\
0000000000000000: 00000002 00000000 00010000 0001 01 1234 /run/a b\xff.sock\n\
0000000000000000: 00000003 00000000 00000000 0002 03 99\n\
0000000000000000: 00000002 00000000 00000000 0005 01 7 @abstract\n";
        let entries = parse_unix_table(table);
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].inode, 1234);
        assert_eq!(entries[0].path.as_deref(), Some(&b"/run/a b\xff.sock"[..]));
        assert_eq!(unix_state_name(&entries[0]), "LISTEN");
        assert_eq!(unix_kind_name(entries[0].kind), "stream");
        assert_eq!(entries[1].path, None);
        assert_eq!(unix_state_name(&entries[1]), "CONNECTED");
        assert_eq!(unix_kind_name(entries[1].kind), "dgram");
        assert_eq!(unix_kind_name(entries[2].kind), "seqpacket");
        assert_eq!(entries[2].path.as_deref(), Some(&b"@abstract"[..]));
    }

    #[test]
    fn short_unix_lines_are_skipped() {
        assert!(parse_unix_table(b"header\n0000: 0002\n\n").is_empty());
    }
}

//! Sockets: their protocol, and the endpoints the kernel's tables give for
//! them; the tables themselves are read by [`super::net`].

use std::net::SocketAddr;

/// What kps knows about one socket.
#[derive(Debug, Clone, PartialEq)]
pub enum Socket {
    Tcp {
        v6: bool,
        local: SocketAddr,
        remote: SocketAddr,
        state: &'static str,
        /// The socket at the other end, when that end is on this host.
        peer_inode: Option<u64>,
    },
    Udp {
        v6: bool,
        local: SocketAddr,
        /// `None` for an unconnected socket.
        remote: Option<SocketAddr>,
        peer_inode: Option<u64>,
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
    /// The socket at the other end, when it is on this host.
    pub fn peer_inode(&self) -> Option<u64> {
        match self {
            Socket::Tcp { peer_inode, .. } | Socket::Udp { peer_inode, .. } => *peer_inode,
            Socket::Unix(unix) => unix.peer_inode,
            Socket::Other { .. } => None,
        }
    }

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
pub struct UnixEntry {
    pub inode: u64,
    pub(super) flags: u32,
    pub(super) kind: u16,
    pub(super) state: u8,
    /// The bound path, raw; abstract names start with `@`.
    pub path: Option<Vec<u8>>,
}

pub(super) fn unix_kind_name(kind: u16) -> &'static str {
    match i32::from(kind) {
        libc::SOCK_STREAM => "stream",
        libc::SOCK_DGRAM => "dgram",
        libc::SOCK_SEQPACKET => "seqpacket",
        _ => "unknown",
    }
}

/// `__SO_ACCEPTCON` in the flags column: the socket listens.
const UNIX_LISTENING: u32 = 1 << 16;

pub(super) fn unix_state_name(entry: &UnixEntry) -> &'static str {
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
pub(super) fn parse_unix_table(bytes: &[u8]) -> Vec<UnixEntry> {
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

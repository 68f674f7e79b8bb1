//! The peer of a connected unix socket, asked of the kernel through sock_diag
//! netlink (what `ss -x` uses): /proc/net/unix does not tell it.
//!
//! The query runs in kps' own network namespace; a socket of another namespace
//! is simply not found, and its peer stays unknown.

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

const SOCK_DIAG_BY_FAMILY: u16 = 20;
const NLMSG_HEADER_LEN: usize = std::mem::size_of::<libc::nlmsghdr>();
const UNIX_DIAG_REQ_LEN: usize = 24;
const UNIX_DIAG_MSG_LEN: usize = 16;
const UDIAG_SHOW_PEER: u32 = 0x4;
const UNIX_DIAG_PEER: u16 = 2;
/// `INET_DIAG_NOCOOKIE`: look the socket up by inode alone.
const NO_COOKIE: u32 = !0;

thread_local! {
    /// One sock_diag socket for every lookup of the run, opened on the first.
    static DIAG_SOCKET: Option<OwnedFd> = open_diag_socket();
}

/// The inode of the socket connected to unix socket `inode`, if it has one.
pub fn peer_inode(inode: u64) -> Option<u64> {
    let inode = u32::try_from(inode).ok()?;
    DIAG_SOCKET.with(|socket| ask_peer(socket.as_ref()?, inode))
}

fn ask_peer(socket: &OwnedFd, inode: u32) -> Option<u64> {
    send_request(socket, inode)?;
    let mut reply = [0u8; 4096];
    // SAFETY: `reply` is writable for its whole length. The kernel answers a
    // sock_diag request while sending it, so the reply is already queued, and
    // read before the next request: the shared socket holds no stale answer.
    let len = unsafe {
        libc::recv(
            socket.as_raw_fd(),
            reply.as_mut_ptr().cast(),
            reply.len(),
            libc::MSG_DONTWAIT,
        )
    };
    let len = usize::try_from(len).ok()?;
    parse_reply(reply.get(..len)?, inode)
}

fn open_diag_socket() -> Option<OwnedFd> {
    // SAFETY: plain socket(2); the descriptor is owned from here on.
    let fd = unsafe {
        libc::socket(
            libc::AF_NETLINK,
            libc::SOCK_DGRAM | libc::SOCK_CLOEXEC,
            libc::NETLINK_SOCK_DIAG,
        )
    };
    // SAFETY: `fd` is a fresh descriptor nobody else owns.
    (fd >= 0).then(|| unsafe { OwnedFd::from_raw_fd(fd) })
}

fn send_request(socket: &OwnedFd, inode: u32) -> Option<()> {
    let request = request_bytes(inode);
    // SAFETY: zeroed sockaddr_nl is valid; nl_pid 0 addresses the kernel.
    let mut kernel: libc::sockaddr_nl = unsafe { std::mem::zeroed() };
    kernel.nl_family = libc::AF_NETLINK as libc::sa_family_t;
    // SAFETY: `request` and `kernel` outlive the call; lengths are theirs.
    let sent = unsafe {
        libc::sendto(
            socket.as_raw_fd(),
            request.as_ptr().cast(),
            request.len(),
            0,
            (&raw const kernel).cast(),
            std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t,
        )
    };
    (usize::try_from(sent).ok()? == request.len()).then_some(())
}

/// `struct nlmsghdr` followed by `struct unix_diag_req` for one inode.
fn request_bytes(inode: u32) -> Vec<u8> {
    let len = (NLMSG_HEADER_LEN + UNIX_DIAG_REQ_LEN) as u32;
    let mut bytes = Vec::with_capacity(len as usize);
    bytes.extend_from_slice(&len.to_ne_bytes());
    bytes.extend_from_slice(&SOCK_DIAG_BY_FAMILY.to_ne_bytes());
    bytes.extend_from_slice(&(libc::NLM_F_REQUEST as u16).to_ne_bytes());
    bytes.extend_from_slice(&1u32.to_ne_bytes()); // sequence number
    bytes.extend_from_slice(&0u32.to_ne_bytes()); // port id: the kernel fills it in
    bytes.push(libc::AF_UNIX as u8);
    bytes.push(0); // protocol
    bytes.extend_from_slice(&0u16.to_ne_bytes()); // padding
    bytes.extend_from_slice(&u32::MAX.to_ne_bytes()); // every state
    bytes.extend_from_slice(&inode.to_ne_bytes());
    bytes.extend_from_slice(&UDIAG_SHOW_PEER.to_ne_bytes());
    bytes.extend_from_slice(&NO_COOKIE.to_ne_bytes());
    bytes.extend_from_slice(&NO_COOKIE.to_ne_bytes());
    bytes
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_ne_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_ne_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// Finds the `UNIX_DIAG_PEER` attribute in the kernel's answer about `inode`.
/// An error answer (no such socket) or a peer of 0 (none) gives `None`.
fn parse_reply(reply: &[u8], inode: u32) -> Option<u64> {
    let message_len = u32_at(reply, 0)? as usize;
    let message = reply.get(..message_len)?;
    if u16_at(message, 4)? != SOCK_DIAG_BY_FAMILY {
        return None;
    }
    let body = NLMSG_HEADER_LEN;
    if u32_at(message, body + 4)? != inode {
        return None;
    }
    let mut at = body + UNIX_DIAG_MSG_LEN;
    while at + 4 <= message.len() {
        let attr_len = usize::from(u16_at(message, at)?);
        if attr_len < 4 {
            return None;
        }
        if u16_at(message, at + 2)? == UNIX_DIAG_PEER {
            return u32_at(message, at + 4)
                .filter(|&peer| peer != 0)
                .map(u64::from);
        }
        at += attr_len.next_multiple_of(4);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(inode: u32, attrs: &[(u16, &[u8])]) -> Vec<u8> {
        let mut body = vec![libc::AF_UNIX as u8, 1, 1, 0];
        body.extend_from_slice(&inode.to_ne_bytes());
        body.extend_from_slice(&[0; 8]);
        for (kind, data) in attrs {
            body.extend_from_slice(&((4 + data.len()) as u16).to_ne_bytes());
            body.extend_from_slice(&kind.to_ne_bytes());
            body.extend_from_slice(data);
            body.resize(body.len().next_multiple_of(4), 0);
        }
        let mut message = ((NLMSG_HEADER_LEN + body.len()) as u32)
            .to_ne_bytes()
            .to_vec();
        message.extend_from_slice(&SOCK_DIAG_BY_FAMILY.to_ne_bytes());
        message.extend_from_slice(&[0; 10]);
        message.extend_from_slice(&body);
        message
    }

    #[test]
    fn request_has_the_kernels_layout() {
        let bytes = request_bytes(77);
        assert_eq!(bytes.len(), 40);
        assert_eq!(u32_at(&bytes, 0), Some(40));
        assert_eq!(u32_at(&bytes, 24), Some(77));
        assert_eq!(u32_at(&bytes, 28), Some(UDIAG_SHOW_PEER));
    }

    #[test]
    fn peer_attribute_is_found_after_others() {
        let name = reply(
            5,
            &[(0, b"/tmp/s\0"), (UNIX_DIAG_PEER, &9u32.to_ne_bytes())],
        );
        assert_eq!(parse_reply(&name, 5), Some(9));
        assert_eq!(parse_reply(&name, 6), None);
        let unconnected = reply(5, &[(UNIX_DIAG_PEER, &0u32.to_ne_bytes())]);
        assert_eq!(parse_reply(&unconnected, 5), None);
        assert_eq!(parse_reply(&[1, 2, 3], 5), None);
    }
}

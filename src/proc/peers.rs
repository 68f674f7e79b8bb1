//! The processes at the other end of a pipe, FIFO or socket, found by one
//! scan of every process (see [`super::holders`]). Processes the caller may
//! not inspect are skipped.

use std::collections::HashMap;

use super::descriptors::{Access, read_fdinfo};
use super::holders::{Found, Wanted, all_pids, scan};
use super::process::read_comm;
use super::root::ProcRoot;

/// An open file that can be shared between processes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Endpoint {
    Pipe(u64),
    Socket(u64),
    /// A FIFO by its path (as the fd link shows it) and its device and inode.
    Fifo {
        path: String,
        dev: u64,
        ino: u64,
    },
}

/// A descriptor of some process that refers to an endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub pid: i32,
    /// The holder's command name, raw.
    pub comm: Vec<u8>,
    pub fd: i32,
    pub access: Option<Access>,
}

/// Every descriptor, in any process, that refers to one of `endpoints`: one
/// parallel scan of every process' descriptors, comparing inode numbers.
/// `known` gives the access mode of descriptors the caller has read already.
pub fn find_holders(
    root: &ProcRoot,
    endpoints: &[Endpoint],
    known: &HashMap<(i32, i32), Option<Access>>,
) -> HashMap<Endpoint, Vec<Holder>> {
    let mut found: HashMap<Endpoint, Vec<Holder>> = HashMap::new();
    if endpoints.is_empty() {
        return found;
    }
    let mut wanted = Wanted::default();
    for endpoint in endpoints {
        match endpoint {
            Endpoint::Pipe(inode) => wanted.pipes.insert(*inode),
            Endpoint::Socket(inode) => wanted.sockets.insert(*inode),
            Endpoint::Fifo { dev, ino, .. } => wanted.files.insert((*dev, *ino)),
        };
    }
    let mut comms: HashMap<i32, Vec<u8>> = HashMap::new();
    for hit in scan(root, &wanted, &all_pids(root)).hits {
        let Some(fd) = hit.used_as.fd() else {
            continue;
        };
        let matching = endpoints.iter().filter(|e| match (e, hit.found) {
            (Endpoint::Pipe(inode), Found::Pipe(found)) => *inode == found,
            (Endpoint::Socket(inode), Found::Socket(found)) => *inode == found,
            (Endpoint::Fifo { dev, ino, .. }, Found::File { dev: d, ino: i }) => {
                (*dev, *ino) == (d, i)
            }
            _ => false,
        });
        for endpoint in matching {
            let comm = comms
                .entry(hit.pid)
                .or_insert_with(|| {
                    root.process(hit.pid)
                        .map(|p| read_comm(&p))
                        .unwrap_or_default()
                })
                .clone();
            let access = match known.get(&(hit.pid, fd)) {
                Some(&access) => access,
                None => read_fdinfo(root, hit.pid, fd).access(),
            };
            let holders = found.entry(endpoint.clone()).or_default();
            if !holders.iter().any(|h| (h.pid, h.fd) == (hit.pid, fd)) {
                holders.push(Holder {
                    pid: hit.pid,
                    comm,
                    fd,
                    access,
                });
            }
        }
    }
    for holders in found.values_mut() {
        holders.sort_by_key(|h| (h.pid, h.fd));
    }
    found
}

//! The processes at the other end of a pipe, FIFO or unix socket.
//!
//! The kernel keeps no list of who holds an open file, so this scans the fd
//! links of every process for the few targets asked about: one readlink per
//! descriptor, and a stat only for the FIFOs whose path matches. Processes the
//! caller may not inspect are skipped.

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;

use procfs::process::Process;

use super::descriptors::{Access, FdInfo};
use super::process::read_comm;

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

impl Endpoint {
    /// The fd link text that names this endpoint.
    fn link_text(&self) -> String {
        match self {
            Endpoint::Pipe(inode) => format!("pipe:[{inode}]"),
            Endpoint::Socket(inode) => format!("socket:[{inode}]"),
            Endpoint::Fifo { path, .. } => path.clone(),
        }
    }
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

/// Every descriptor, in any process, that refers to one of `endpoints`.
pub fn find_holders(endpoints: &[Endpoint]) -> HashMap<Endpoint, Vec<Holder>> {
    let mut found: HashMap<Endpoint, Vec<Holder>> = HashMap::new();
    if endpoints.is_empty() {
        return found;
    }
    let mut by_link: HashMap<String, Vec<&Endpoint>> = HashMap::new();
    for endpoint in endpoints {
        let same_link = by_link.entry(endpoint.link_text()).or_default();
        if !same_link.contains(&endpoint) {
            same_link.push(endpoint);
        }
    }
    let Ok(proc_dir) = std::fs::read_dir("/proc") else {
        return found;
    };
    // kps itself holds only what it inherited from whoever started it; naming
    // it would describe the observation, not the process observed.
    let own_pid = std::process::id() as i32;
    for pid in proc_dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok()) {
        if pid != own_pid {
            scan_process(pid, &by_link, &mut found);
        }
    }
    for holders in found.values_mut() {
        holders.sort_by_key(|h| (h.pid, h.fd));
    }
    found
}

fn scan_process(
    pid: i32,
    by_link: &HashMap<String, Vec<&Endpoint>>,
    found: &mut HashMap<Endpoint, Vec<Holder>>,
) {
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return;
    };
    let mut comm: Option<Vec<u8>> = None;
    for entry in fds.flatten() {
        let Some(fd) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<i32>().ok())
        else {
            continue;
        };
        let Ok(link) = std::fs::read_link(entry.path()) else {
            continue;
        };
        let Some(candidates) = by_link.get(link.to_string_lossy().as_ref()) else {
            continue;
        };
        for &endpoint in candidates {
            if !is_same_file(endpoint, pid, fd) {
                continue;
            }
            let comm = comm
                .get_or_insert_with(|| Process::new(pid).map(|p| read_comm(&p)).unwrap_or_default())
                .clone();
            let access = std::fs::read(format!("/proc/{pid}/fdinfo/{fd}"))
                .ok()
                .and_then(|bytes| FdInfo::parse(&bytes).access());
            found.entry(endpoint.clone()).or_default().push(Holder {
                pid,
                comm,
                fd,
                access,
            });
        }
    }
}

/// Pipes and sockets are named by inode in the link; a FIFO's path alone could
/// be another file in another mount namespace, so its identity is checked.
fn is_same_file(endpoint: &Endpoint, pid: i32, fd: i32) -> bool {
    match endpoint {
        Endpoint::Fifo { dev, ino, .. } => std::fs::metadata(format!("/proc/{pid}/fd/{fd}"))
            .is_ok_and(|m| m.dev() == *dev && m.ino() == *ino),
        _ => true,
    }
}

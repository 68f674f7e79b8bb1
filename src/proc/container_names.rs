//! Container names from what runtimes keep on disk; kps never asks a daemon.
//!
//! - Docker: `/var/lib/docker/containers/ID/config.v2.json`, its `Name`.
//! - Podman and CRI-O (containers/storage):
//!   `/var/lib/containers/storage/overlay-containers/containers.json`, the
//!   first of an entry's `names`.
//! - Rootless Podman (a container under `user@UID.service`): the same file
//!   under the user's data directory,
//!   `~USER/.local/share/containers/storage/overlay-containers/containers.json`
//!   (`$XDG_DATA_HOME/containers/...` when the user is kps' caller).
//! - Kubernetes, whatever the engine: the kubelet's log links
//!   `/var/log/containers/POD_NAMESPACE_CONTAINER-ID.log`, read as `POD/CONTAINER`.
//!
//! These are files of the running system even under `--proc`: a container
//! that mounts the host's /proc sees its own /var.

use std::collections::HashMap;

use crate::proc::container::{Container, Runtime};
use crate::render::json::{self, Json};

const DOCKER_CONTAINERS: &str = "/var/lib/docker/containers";
const STORAGE_CONTAINERS: &str = "/var/lib/containers/storage/overlay-containers/containers.json";
const KUBELET_LOGS: &str = "/var/log/containers";

/// The records read so far: each file is read once per run, and only when a
/// container of its runtime occurs.
#[derive(Default)]
pub struct Records {
    known: HashMap<String, Option<String>>,
    storage: Option<HashMap<String, String>>,
    /// Rootless Podman's records, by user.
    rootless: HashMap<u32, HashMap<String, String>>,
    kubelet: Option<HashMap<String, String>>,
}

impl Records {
    /// Fills in the container's name where its runtime's records give one.
    pub fn name(&mut self, container: &mut Container) {
        if let Some(name) = self.known.get(&container.id) {
            container.name = name.clone();
            return;
        }
        let name = self.look_up(container);
        self.known.insert(container.id.clone(), name.clone());
        container.name = name;
    }

    fn look_up(&mut self, container: &Container) -> Option<String> {
        if container.pod.is_some() {
            let kubelet = self.kubelet.get_or_insert_with(kubelet_names);
            if let Some(name) = kubelet.get(&container.id) {
                return Some(name.clone());
            }
        }
        match container.runtime {
            Runtime::Docker => docker_name(&container.id),
            Runtime::Podman | Runtime::CriO => {
                let rootful = self
                    .storage
                    .get_or_insert_with(|| storage_names(STORAGE_CONTAINERS))
                    .get(&container.id)
                    .cloned();
                rootful.or_else(|| {
                    let uid = container.user?;
                    self.rootless
                        .entry(uid)
                        .or_insert_with(|| rootless_names(uid))
                        .get(&container.id)
                        .cloned()
                })
            }
            _ => None,
        }
    }
}

fn docker_name(id: &str) -> Option<String> {
    let config = std::fs::read(format!("{DOCKER_CONTAINERS}/{id}/config.v2.json")).ok()?;
    let config = json::parse(&String::from_utf8_lossy(&config))?;
    let name = config.get("Name")?.as_str()?;
    // Docker keeps names with a leading slash, and `docker ps` drops it.
    let name = name.strip_prefix('/').unwrap_or(name);
    (!name.is_empty()).then(|| name.to_string())
}

/// The records of user `uid`'s own Podman: under `$XDG_DATA_HOME` (or
/// `$HOME/.local/share`) for kps' caller, as Podman run by that user finds
/// them, and under the home directory the user database gives otherwise.
fn rootless_names(uid: u32) -> HashMap<String, String> {
    const RECORDS: &str = "containers/storage/overlay-containers/containers.json";
    // SAFETY: getuid has no preconditions and cannot fail.
    let caller = unsafe { libc::getuid() };
    let data = if uid == caller {
        std::env::var_os("XDG_DATA_HOME")
            .filter(|d| !d.is_empty())
            .map(std::path::PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".local/share"))
            })
    } else {
        home_of(uid).map(|home| home.join(".local/share"))
    };
    match data {
        Some(data) => storage_names(&data.join(RECORDS).to_string_lossy()),
        None => HashMap::new(),
    }
}

/// The home directory of `uid` in the user database.
fn home_of(uid: u32) -> Option<std::path::PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    let mut buffer = vec![0u8; 16 * 1024];
    // SAFETY: passwd is plain data, for which all zeroes is a valid value.
    let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: getpwuid_r writes only into `entry` and `buffer` (of the length
    // given), and sets `found`; all three outlive the call.
    let status = unsafe {
        libc::getpwuid_r(
            uid,
            &raw mut entry,
            buffer.as_mut_ptr().cast(),
            buffer.len(),
            &raw mut found,
        )
    };
    if status != 0 || found.is_null() || entry.pw_dir.is_null() {
        return None;
    }
    // SAFETY: pw_dir points into `buffer`, NUL-terminated by getpwuid_r.
    let dir = unsafe { std::ffi::CStr::from_ptr(entry.pw_dir) };
    Some(std::path::PathBuf::from(std::ffi::OsStr::from_bytes(
        dir.to_bytes(),
    )))
}

/// id → first name of every container a containers/storage file knows.
fn storage_names(path: &str) -> HashMap<String, String> {
    let Ok(bytes) = std::fs::read(path) else {
        return HashMap::new();
    };
    let Some(Json::Array(entries)) = json::parse(&String::from_utf8_lossy(&bytes)) else {
        return HashMap::new();
    };
    entries
        .iter()
        .filter_map(|entry| {
            let id = entry.get("id")?.as_str()?;
            let Some(Json::Array(names)) = entry.get("names") else {
                return None;
            };
            let name = names.first()?.as_str()?;
            Some((id.to_string(), name.to_string()))
        })
        .collect()
}

/// id → `POD/CONTAINER` from the names of the kubelet's log links.
fn kubelet_names() -> HashMap<String, String> {
    let Ok(dir) = std::fs::read_dir(KUBELET_LOGS) else {
        return HashMap::new();
    };
    dir.flatten()
        .filter_map(|entry| kubelet_log_name(entry.file_name().to_str()?))
        .collect()
}

/// `web-7d4b_default_nginx-ID.log` → (ID, `web-7d4b/nginx`).
fn kubelet_log_name(file: &str) -> Option<(String, String)> {
    let stem = file.strip_suffix(".log")?;
    let (rest, id) = stem.rsplit_once('-')?;
    let mut parts = rest.splitn(3, '_');
    let (pod, _namespace, container) = (parts.next()?, parts.next()?, parts.next()?);
    Some((id.to_string(), format!("{pod}/{container}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubelet_links_name_pod_and_container() {
        assert_eq!(
            kubelet_log_name("web-7d4b_default_nginx-abc123.log"),
            Some(("abc123".into(), "web-7d4b/nginx".into()))
        );
        assert_eq!(kubelet_log_name("stray.txt"), None);
    }
}

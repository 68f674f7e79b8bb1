//! Container names from what runtimes keep on disk; kps never asks a daemon.
//!
//! - Docker: `/var/lib/docker/containers/ID/config.v2.json`, its `Name`.
//! - Podman and CRI-O (containers/storage):
//!   `/var/lib/containers/storage/overlay-containers/containers.json`, the
//!   first of an entry's `names`.
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
            Runtime::Podman | Runtime::CriO => self
                .storage
                .get_or_insert_with(storage_names)
                .get(&container.id)
                .cloned(),
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

/// id → first name of every container containers/storage knows.
fn storage_names() -> HashMap<String, String> {
    let Ok(bytes) = std::fs::read(STORAGE_CONTAINERS) else {
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

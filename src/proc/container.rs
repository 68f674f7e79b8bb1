//! Which container a process runs in, read from its cgroup path: every
//! runtime names the cgroup it makes for a container after the container.
//!
//! | runtime | cgroup (systemd driver) | cgroup (cgroupfs driver) |
//! |---|---|---|
//! | Docker | `docker-ID.scope` | `/docker/ID` |
//! | Podman | `libpod-ID.scope` | `/libpod_parent/libpod-ID` |
//! | containerd | `cri-containerd-ID.scope`, `nerdctl-ID.scope` | |
//! | CRI-O | `crio-ID.scope` | |
//! | Kubernetes | `kubepods-…-podUID.slice/…` | `/kubepods/…/podUID/ID` |
//! | LXC, LXD | `lxc.payload.NAME` | `/lxc/NAME` |
//! | systemd-nspawn | `machine-NAME.scope` | |
//!
//! Names come from what the runtime keeps on disk (see `container_names`);
//! kps never asks a daemon.

/// The program that made a container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runtime {
    Docker,
    Podman,
    Containerd,
    CriO,
    /// A pod's container whose cgroup does not say which engine runs it.
    Kubernetes,
    Lxc,
    Nspawn,
}

impl Runtime {
    pub fn name(self) -> &'static str {
        match self {
            Runtime::Docker => "docker",
            Runtime::Podman => "podman",
            Runtime::Containerd => "containerd",
            Runtime::CriO => "cri-o",
            Runtime::Kubernetes => "k8s",
            Runtime::Lxc => "lxc",
            Runtime::Nspawn => "nspawn",
        }
    }

    /// Runtimes whose cgroups carry a 64-digit id rather than a name.
    fn has_hex_ids(self) -> bool {
        !matches!(self, Runtime::Lxc | Runtime::Nspawn)
    }
}

/// A process' container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Container {
    pub runtime: Runtime,
    /// The full id (64 hex digits), or the name for LXC and nspawn, which
    /// name their cgroups by the container's name.
    pub id: String,
    /// The Kubernetes pod's UID, for a container in a pod.
    pub pod: Option<String>,
    /// The name the runtime keeps for the container, where it can be read.
    pub name: Option<String>,
    /// The user whose own manager runs it (`user@UID.service`): a rootless
    /// container, whose records are in that user's home.
    pub user: Option<u32>,
}

impl Container {
    /// The id as `docker ps` prints it: its first 12 digits.
    pub fn short_id(&self) -> &str {
        if self.runtime.has_hex_ids() {
            self.id.get(..12).unwrap_or(&self.id)
        } else {
            &self.id
        }
    }

    /// `k8s` for a container in a pod, else the runtime.
    pub fn kind(&self) -> &'static str {
        if self.pod.is_some() {
            "k8s"
        } else {
            self.runtime.name()
        }
    }

    /// What the `container` column shows: `docker:0123456789ab`, or
    /// `docker:web` when the runtime's records name it.
    pub fn label(&self) -> String {
        let shown = self.name.as_deref().unwrap_or_else(|| self.short_id());
        format!("{}:{shown}", self.kind())
    }
}

/// The container of a process, from the bytes of /proc/PID/cgroup; `None` on
/// the host (or when kps, inside a container's cgroup namespace, sees its own
/// cgroup as the root).
pub fn from_cgroup_file(file: &[u8]) -> Option<Container> {
    let text = String::from_utf8_lossy(file);
    let paths: Vec<&str> = text
        .lines()
        .filter_map(|line| line.splitn(3, ':').nth(2))
        .collect();
    // The unified hierarchy (line `0::`) first: on a v2 or hybrid system it is
    // the one runtimes manage; v1 controllers carry the same path otherwise.
    let unified = text
        .lines()
        .position(|line| line.starts_with("0::"))
        .into_iter();
    let order = unified.chain(0..paths.len());
    order
        .filter_map(|i| paths.get(i))
        .find_map(|path| from_cgroup_path(path))
}

/// The container a cgroup path names; the innermost one when containers nest.
pub fn from_cgroup_path(path: &str) -> Option<Container> {
    let components: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
    let (runtime, id) = (0..components.len())
        .rev()
        .find_map(|i| recognise(&components, i))?;
    let pod = components.iter().find_map(|c| pod_uid(c));
    let runtime = match (runtime, &pod) {
        (None, Some(_)) => Runtime::Kubernetes,
        (None, None) => return None,
        (Some(runtime), _) => runtime,
    };
    let user = components.iter().find_map(|c| {
        c.strip_prefix("user@")?
            .strip_suffix(".service")?
            .parse()
            .ok()
    });
    Some(Container {
        runtime,
        id,
        pod,
        name: None,
        user,
    })
}

/// The runtime and id that component `i` names; a bare id's runtime is known
/// from the component before it (`None` under a pod: the engine is not named).
fn recognise(components: &[&str], i: usize) -> Option<(Option<Runtime>, String)> {
    let component = components[i];
    let parent = i.checked_sub(1).map(|p| components[p]);
    let scope = component.strip_suffix(".scope");
    let hex = |prefix: &str| {
        let id = scope.unwrap_or(component).strip_prefix(prefix)?;
        is_container_id(id).then(|| id.to_string())
    };
    let prefixed = [
        ("docker-", Runtime::Docker),
        ("libpod-", Runtime::Podman),
        ("cri-containerd-", Runtime::Containerd),
        ("nerdctl-", Runtime::Containerd),
        ("crio-", Runtime::CriO),
    ];
    if let Some((id, runtime)) = prefixed
        .iter()
        .find_map(|&(prefix, runtime)| Some((hex(prefix)?, runtime)))
    {
        return Some((Some(runtime), id));
    }
    if is_container_id(component) {
        return match parent {
            Some("docker") => Some((Some(Runtime::Docker), component.to_string())),
            Some(parent) if pod_uid(parent).is_some() => Some((None, component.to_string())),
            _ => None,
        };
    }
    if let Some(name) = component.strip_prefix("lxc.payload.") {
        return named(Runtime::Lxc, name);
    }
    if matches!(parent, Some("lxc" | "lxc.payload")) {
        return named(Runtime::Lxc, component);
    }
    if let Some(name) = scope.and_then(|s| s.strip_prefix("machine-")) {
        return named(Runtime::Nspawn, &unescape_unit(name));
    }
    None
}

fn named(runtime: Runtime, name: &str) -> Option<(Option<Runtime>, String)> {
    (!name.is_empty()).then(|| (Some(runtime), name.to_string()))
}

/// The 64 lowercase hex digits of a container id.
fn is_container_id(id: &str) -> bool {
    id.len() == 64 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A pod's UID from its cgroup: `kubepods-burstable-pod12ab_34cd.slice`
/// (systemd writes the UID's dashes as `_`) or `pod12ab-34cd`.
fn pod_uid(component: &str) -> Option<String> {
    let uid = match component.strip_suffix(".slice") {
        Some(slice) if slice.starts_with("kubepods") => slice.rsplit_once("-pod")?.1,
        Some(_) => return None,
        None => component.strip_prefix("pod")?,
    };
    let uid = uid.replace('_', "-");
    let valid = uid.len() >= 32 && uid.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    valid.then_some(uid)
}

/// systemd writes bytes outside its unit-name alphabet as `\xNN` (a machine
/// `my-box` runs in `machine-my\x2dbox.scope`).
fn unescape_unit(name: &str) -> String {
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes
            .get(i..i + 4)
            .filter(|b| b.starts_with(b"\\x"))
            .and_then(|b| std::str::from_utf8(&b[2..]).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 4;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn label(path: &str) -> Option<String> {
        from_cgroup_path(path).map(|c| c.label())
    }

    #[test]
    fn runtimes_by_their_cgroup_names() {
        let short = "docker:0123456789ab";
        assert_eq!(
            label(&format!("/system.slice/docker-{ID}.scope")).as_deref(),
            Some(short)
        );
        assert_eq!(label(&format!("/docker/{ID}")).as_deref(), Some(short));
        assert_eq!(
            label(&format!("/machine.slice/libpod-{ID}.scope/container")).as_deref(),
            Some("podman:0123456789ab")
        );
        assert_eq!(
            label(&format!("/system.slice/crio-{ID}.scope")).as_deref(),
            Some("cri-o:0123456789ab")
        );
        assert_eq!(label(&format!("/libpod_parent/libpod-conmon-{ID}")), None);
        assert_eq!(
            label("/lxc.payload.web/init.scope").as_deref(),
            Some("lxc:web")
        );
        assert_eq!(label("/lxc/db").as_deref(), Some("lxc:db"));
        assert_eq!(
            label(r"/machine.slice/machine-my\x2dbox.scope/payload").as_deref(),
            Some("nspawn:my-box")
        );
        assert_eq!(label("/user.slice/user-0.slice/session-1.scope"), None);
        assert_eq!(label("/"), None);
    }

    #[test]
    fn pods_keep_their_uid_and_engine() {
        let uid = "1f2e3d4c-0000-1111-2222-333344445555";
        let systemd = format!(
            "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{}.slice/cri-containerd-{ID}.scope",
            uid.replace('-', "_")
        );
        let container = from_cgroup_path(&systemd).expect("a pod container");
        assert_eq!(container.runtime, Runtime::Containerd);
        assert_eq!(container.pod.as_deref(), Some(uid));
        assert_eq!(container.label(), "k8s:0123456789ab");
        let cgroupfs = from_cgroup_path(&format!("/kubepods/besteffort/pod{uid}/{ID}"))
            .expect("a pod container");
        assert_eq!(cgroupfs.runtime, Runtime::Kubernetes);
        assert_eq!(cgroupfs.id, ID);
    }

    #[test]
    fn the_unified_line_comes_first_and_nesting_picks_the_innermost() {
        let file = format!("4:memory:/docker/{ID}\n0::/lxc.payload.outer/docker/{ID}\n");
        let container = from_cgroup_file(file.as_bytes()).expect("a container");
        assert_eq!(container.runtime, Runtime::Docker);
        assert_eq!(from_cgroup_file(b"0::/\n1:cpu:/\n"), None);
        assert_eq!(from_cgroup_file(b"garbage\xff"), None);
    }
}

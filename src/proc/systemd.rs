//! systemd's names for a process, derived from its cgroup path the way
//! libsystemd's sd-login derives them for ps' `slice`, `unit`, `uunit`,
//! `lsession`, `ouid`, `machine` and `seat` columns, and the LXC container
//! name for `lxc`.
//!
//! A path such as `/user.slice/user-1000.slice/user@1000.service/app.slice/x.service`
//! reads as: slices, then a unit; inside a user manager (`user@UID.service`)
//! or a login session (`session-N.scope`) the same again for the user's units.

use std::sync::OnceLock;

use crate::proc::root::ProcRoot;

/// The systemd cgroup path in a /proc/PID/cgroup file, relative to the cgroup
/// of PID 1 under `proc_root` (which is `/` unless kps runs in a container).
pub fn cgroup_path(cgroup_file: &[u8], proc_root: &ProcRoot) -> Option<String> {
    let path = hierarchy_path(cgroup_file, systemd_hierarchy(proc_root))?;
    Some(match root_path(proc_root) {
        Some(root) if root != "/" => match path.strip_prefix(root.as_str()) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => {
                if rest.is_empty() {
                    "/".into()
                } else {
                    rest.into()
                }
            }
            _ => path,
        },
        _ => path,
    })
}

/// The innermost slice, or the root slice `-.slice` outside any.
pub fn slice(path: &str) -> String {
    components(path)
        .take_while(|c| is_slice(c))
        .last()
        .map_or_else(|| "-.slice".to_string(), str::to_string)
}

/// The unit after the slices: `foo.service`, `session-3.scope`.
pub fn unit(path: &str) -> Option<String> {
    let first = components(skip_slices(path)).next()?;
    let name = unescape(first);
    (valid_unit_name(name) && !name.ends_with(".slice")).then(|| name.to_string())
}

/// The login session id of a process in a `session-ID.scope`.
pub fn session(path: &str) -> Option<String> {
    let unit = unit(path)?;
    let id = unit.strip_prefix("session-")?.strip_suffix(".scope")?;
    valid_session_id(id).then(|| id.to_string())
}

/// The uid of a process under a `user-UID.slice`.
pub fn owner_uid(path: &str) -> Option<String> {
    let slice = slice(path);
    let uid = slice.strip_prefix("user-")?.strip_suffix(".slice")?;
    uid.parse::<u32>().ok().map(|uid| uid.to_string())
}

/// The unit of a process inside a user manager or a login session.
pub fn user_unit(path: &str) -> Option<String> {
    let rest = skip_slices(path);
    let first = components(rest).next()?;
    let name = unescape(first);
    let is_manager = name
        .strip_prefix("user@")
        .and_then(|n| n.strip_suffix(".service"))
        .is_some_and(|uid| uid.parse::<u32>().is_ok());
    let is_session = name
        .strip_prefix("session-")
        .and_then(|n| n.strip_suffix(".scope"))
        .is_some_and(valid_session_id);
    if !(is_manager || is_session) {
        return None;
    }
    let inside = rest.trim_start_matches('/').get(first.len()..)?;
    unit(inside)
}

/// The container or VM a unit belongs to, as registered by systemd-machined.
pub fn machine(path: &str) -> Option<String> {
    let unit = unit(path)?;
    let target = std::fs::read_link(format!("/run/systemd/machines/unit:{unit}")).ok()?;
    let name = target.file_name()?.to_str()?;
    (!name.is_empty()).then(|| name.to_string())
}

/// The seat of the process' login session, from systemd-logind's records.
pub fn seat(path: &str) -> Option<String> {
    let id = session(path)?;
    let record = std::fs::read_to_string(format!("/run/systemd/sessions/{id}")).ok()?;
    let seat = record.lines().find_map(|line| line.strip_prefix("SEAT="))?;
    (!seat.is_empty()).then(|| seat.to_string())
}

/// The LXC container of a process: the name after `lxc.payload.` or `/lxc/`
/// in its cgroup list.
pub fn lxc_name(cgroups: &[u8]) -> Option<Vec<u8>> {
    let text = cgroups;
    for marker in [&b"/lxc.payload."[..], b"/lxc.payload/", b"/lxc/"] {
        if let Some(at) = text.windows(marker.len()).position(|w| w == marker) {
            let name: Vec<u8> = text[at + marker.len()..]
                .iter()
                .take_while(|&&b| b != b'/' && b != b',')
                .copied()
                .collect();
            if !name.is_empty() {
                return Some(name);
            }
        }
    }
    None
}

/// Which /proc/PID/cgroup line systemd's hierarchy is: the unified one (`0::`)
/// when cgroup2 is mounted at /sys/fs/cgroup or /sys/fs/cgroup/unified, else
/// the `name=systemd` one. The mounts are those the proc root shows for kps
/// (`self`) or else for PID 1: the system whose processes are read. A tree
/// with neither is taken to be a unified one, as every current system is.
#[derive(Clone, Copy)]
enum Hierarchy {
    Unified,
    Named,
}

fn systemd_hierarchy(proc_root: &ProcRoot) -> Hierarchy {
    static HIERARCHY: OnceLock<Hierarchy> = OnceLock::new();
    *HIERARCHY.get_or_init(|| {
        let Some(mounts) = ["self/mountinfo", "1/mountinfo"]
            .iter()
            .find_map(|file| std::fs::read_to_string(proc_root.path(file)).ok())
        else {
            return Hierarchy::Unified;
        };
        let unified = mounts.lines().any(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let point = fields.get(4).copied();
            let fstype = fields
                .iter()
                .position(|&f| f == "-")
                .and_then(|dash| fields.get(dash + 1).copied());
            fstype == Some("cgroup2")
                && matches!(point, Some("/sys/fs/cgroup" | "/sys/fs/cgroup/unified"))
        });
        if unified {
            Hierarchy::Unified
        } else {
            Hierarchy::Named
        }
    })
}

fn hierarchy_path(cgroup_file: &[u8], hierarchy: Hierarchy) -> Option<String> {
    let text = String::from_utf8_lossy(cgroup_file);
    text.lines().find_map(|line| {
        let mut parts = line.splitn(3, ':');
        let (_, controllers, path) = (parts.next()?, parts.next()?, parts.next()?);
        let wanted = match hierarchy {
            Hierarchy::Unified => controllers.is_empty(),
            Hierarchy::Named => controllers == "name=systemd",
        };
        wanted.then(|| path.to_string())
    })
}

/// PID 1's cgroup without its `/init.scope`: the root the paths of other
/// processes are taken relative to. A run reads one proc file system.
fn root_path(proc_root: &ProcRoot) -> Option<&'static String> {
    static ROOT: OnceLock<Option<String>> = OnceLock::new();
    ROOT.get_or_init(|| {
        let file = std::fs::read(proc_root.path("1/cgroup")).ok()?;
        let path = hierarchy_path(&file, systemd_hierarchy(proc_root))?;
        let root = path.strip_suffix("/init.scope").unwrap_or(&path);
        Some(if root.is_empty() {
            "/".into()
        } else {
            root.into()
        })
    })
    .as_ref()
}

fn components(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|c| !c.is_empty())
}

fn is_slice(component: &str) -> bool {
    let name = unescape(component);
    name.ends_with(".slice") && valid_unit_name(name)
}

/// The part of `path` after its leading slices.
fn skip_slices(path: &str) -> &str {
    let mut rest = path;
    loop {
        let trimmed = rest.trim_start_matches('/');
        let first = trimmed.split('/').next().unwrap_or("");
        if first.is_empty() || !is_slice(first) {
            return trimmed;
        }
        rest = &trimmed[first.len()..];
    }
}

/// systemd escapes cgroup names that could clash with kernel files with `_`.
fn unescape(component: &str) -> &str {
    component.strip_prefix('_').unwrap_or(component)
}

const UNIT_TYPES: [&str; 11] = [
    "service",
    "socket",
    "target",
    "device",
    "mount",
    "automount",
    "swap",
    "timer",
    "path",
    "slice",
    "scope",
];

/// A unit name: `prefix[@instance].type`, with systemd's character set.
fn valid_unit_name(name: &str) -> bool {
    let Some((stem, kind)) = name.rsplit_once('.') else {
        return false;
    };
    let valid_chars = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b":-_.\\".contains(&b))
    };
    let stem_ok = match stem.split_once('@') {
        Some((prefix, instance)) => {
            valid_chars(prefix) && !instance.is_empty() && instance.bytes().all(|b| b != b'/')
        }
        None => valid_chars(stem),
    };
    name.len() < 256 && UNIT_TYPES.contains(&kind) && stem_ok
}

fn valid_session_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER_APP: &str = "/user.slice/user-1000.slice/user@1000.service/app.slice/x.service";

    #[test]
    fn slices_and_units() {
        assert_eq!(slice("/"), "-.slice");
        assert_eq!(unit("/"), None);
        assert_eq!(slice("/system.slice/cron.service"), "system.slice");
        assert_eq!(
            unit("/system.slice/cron.service").as_deref(),
            Some("cron.service")
        );
        assert_eq!(slice(USER_APP), "user-1000.slice");
        assert_eq!(unit(USER_APP).as_deref(), Some("user@1000.service"));
        assert_eq!(user_unit(USER_APP).as_deref(), Some("x.service"));
        assert_eq!(owner_uid(USER_APP).as_deref(), Some("1000"));
        assert_eq!(session(USER_APP), None);
    }

    #[test]
    fn login_sessions() {
        let path = "/user.slice/user-0.slice/session-c12.scope";
        assert_eq!(session(path).as_deref(), Some("c12"));
        assert_eq!(owner_uid(path).as_deref(), Some("0"));
        assert_eq!(user_unit(path), None);
    }

    #[test]
    fn lxc_containers() {
        assert_eq!(
            lxc_name(b"4:memory:/lxc.payload.web/init.scope"),
            Some(b"web".to_vec())
        );
        assert_eq!(
            lxc_name(b"4:memory:/lxc/db,3:cpu:/lxc/db"),
            Some(b"db".to_vec())
        );
        assert_eq!(lxc_name(b"4:memory:/process_api/0177"), None);
    }
}

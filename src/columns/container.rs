//! Control groups, namespaces, systemd units and security labels.

use super::printer::*;
use super::{Row, Value};
use crate::proc::snapshot::{Namespaces, Needs, Proc};
use crate::proc::systemd;
use crate::render::escape;

pub(super) const CG: Needs = Needs::CGROUP;
pub(super) const CGROUP: Printer = Printer::of(CG, |r| cgroup_value(cgroups(r.proc)))
    .text(|r, _, out| push_cgroup_text(out, cgroups(r.proc)));
/// The cgroup list from a named hierarchy (`name=systemd:`) on.
pub(super) const CGNAME: Printer = Printer::of(CG, |r| cgroup_value(cgroup_name(cgroups(r.proc))))
    .text(|r, _, out| push_cgroup_text(out, cgroup_name(cgroups(r.proc))));
pub(super) const LXCNAME: Printer = Printer::of(CG, |r| {
    let joined = cgroups(r.proc).unwrap_or_default();
    systemd::lxc_name(&joined).map_or(Value::Null, |name| Value::text(&name))
})
.key("lxc");
pub(super) const SD_SLICE: Printer =
    Printer::of(CG, |r| systemd_value(r, |path| Some(systemd::slice(path))));
pub(super) const SD_UNIT: Printer = Printer::of(CG, |r| systemd_value(r, systemd::unit));
pub(super) const SD_UUNIT: Printer = Printer::of(CG, |r| systemd_value(r, systemd::user_unit));
pub(super) const SD_SESSION: Printer = Printer::of(CG, |r| systemd_value(r, systemd::session));
pub(super) const SD_OUID: Printer = Printer::of(CG, |r| systemd_value(r, systemd::owner_uid));
pub(super) const SD_MACHINE: Printer = Printer::of(CG, |r| systemd_value(r, systemd::machine));
pub(super) const SD_SEAT: Printer = Printer::of(CG, |r| systemd_value(r, systemd::seat));

/// kps' own: the container, from the cgroup path alone.
pub(super) const CONTAINER: Printer =
    Printer::of(Needs::CONTAINER, |r| match &r.proc.extra.container {
        Some(container) => Value::Text(container.label()),
        None => Value::Null,
    });

/// kps' own: the process id in the process' own PID namespace (the last of
/// `NStgid`), which is what a container's `ps` shows.
pub(super) const NSPID: Printer = Printer::of(ST, |r| match &r.proc.status {
    Some(status) if status.inner_tgid > 0 => Value::Int(status.inner_tgid.into()),
    Some(_) => Value::Int(r.proc.pid.into()),
    None => Value::Null,
});

pub(super) const IPCNS: Printer = Printer::of(NS, |r| namespace(r, |n| n.ipc));
pub(super) const MNTNS: Printer = Printer::of(NS, |r| namespace(r, |n| n.mnt));
pub(super) const NETNS: Printer = Printer::of(NS, |r| namespace(r, |n| n.net));
pub(super) const PIDNS: Printer = Printer::of(NS, |r| namespace(r, |n| n.pid));
pub(super) const USERNS: Printer = Printer::of(NS, |r| namespace(r, |n| n.user));
pub(super) const UTSNS: Printer = Printer::of(NS, |r| namespace(r, |n| n.uts));
pub(super) const CGROUPNS: Printer = Printer::of(NS, |r| namespace(r, |n| n.cgroup));
pub(super) const TIMENS: Printer = Printer::of(NS, |r| namespace(r, |n| n.time));

/// The security label (SELinux context, AppArmor profile). procps sorts it
/// by PID.
pub(super) const CONTEXT: Printer = Printer::of(Needs::ATTR, |r| {
    let label = r.proc.extra.label.as_deref().unwrap_or_default();
    let printable = label
        .iter()
        .position(|&b| !(b' '..=b'~').contains(&b))
        .unwrap_or(label.len());
    match &label[..printable] {
        [] => Value::Null,
        shown => Value::text(shown),
    }
})
.sort_by(|r| Value::Int(r.proc.pid.into()))
.key("context");

/// The cgroups of a process as ps lists them: the lines of /proc/PID/cgroup
/// joined by commas, leaving out those at a hierarchy's root (ending in `/`).
pub(super) fn cgroups(p: &Proc) -> Option<Vec<u8>> {
    let file = p.extra.cgroup.as_deref()?;
    let lines: Vec<&[u8]> = file
        .split(|&b| b == b'\n')
        .filter(|line| !line.is_empty() && !line.ends_with(b"/"))
        .collect();
    (!lines.is_empty()).then(|| lines.join(&b","[..]))
}

/// CGNAME: the cgroup list from the first named hierarchy on.
pub(super) fn cgroup_name(cgroups: Option<Vec<u8>>) -> Option<Vec<u8>> {
    let cgroups = cgroups?;
    const NAMED: &[u8] = b":name=";
    match cgroups.windows(NAMED.len()).position(|w| w == NAMED) {
        Some(at) => Some(cgroups[at + NAMED.len()..].to_vec()),
        None => Some(cgroups),
    }
}

pub(super) fn cgroup_value(cgroups: Option<Vec<u8>>) -> Value {
    cgroups.map_or(Value::Null, |c| Value::text(&c))
}

pub(super) fn push_cgroup_text(out: &mut String, cgroups: Option<Vec<u8>>) {
    match cgroups {
        Some(c) => escape::push_escaped(out, &c),
        None => out.push('-'),
    }
}

pub(super) fn systemd_value(r: &Row, get: fn(&str) -> Option<String>) -> Value {
    r.proc
        .extra
        .cgroup
        .as_deref()
        .and_then(|file| systemd::cgroup_path(file, &r.snap.root))
        .and_then(|path| get(&path))
        .map_or(Value::Null, Value::Text)
}

/// A namespace inode number; `-` when the link could not be read.
pub(super) fn namespace(r: &Row, pick: fn(&Namespaces) -> u64) -> Value {
    match r.proc.extra.namespaces.as_ref().map(pick) {
        Some(0) | None => Value::Null,
        Some(inode) => Value::uint(inode),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::tests::{STAT_LINE, proc_with};

    #[test]
    fn cgroup_lists() {
        let mut p = proc_with("x", STAT_LINE);
        p.extra.cgroup = Some(b"9:name=systemd:/a.slice\n4:memory:/x\n0::/\n".to_vec());
        assert_eq!(
            cgroups(&p).as_deref(),
            Some(&b"9:name=systemd:/a.slice,4:memory:/x"[..])
        );
        assert_eq!(
            cgroup_name(cgroups(&p)).as_deref(),
            Some(&b"systemd:/a.slice,4:memory:/x"[..])
        );
        p.extra.cgroup = Some(b"0::/\n".to_vec());
        assert_eq!(cgroups(&p), None);
    }
}

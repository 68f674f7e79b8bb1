//! The man page's CONTAINERS section: kps' own specifiers, the runtimes the
//! `container` specifier recognises, and reading another proc mount (`--proc`).

use clap_mangen::roff::{Roff, roman};

use super::{paragraph, section as titled, terms};
use crate::columns;

/// How each runtime names the cgroup of a container, as the man page lists it.
const RUNTIMES: [(&str, &str); 7] = [
    ("docker", "Docker: docker-ID.scope, /docker/ID"),
    ("podman", "Podman: libpod-ID.scope, libpod_parent/libpod-ID"),
    (
        "containerd",
        "containerd and nerdctl: cri-containerd-ID.scope, nerdctl-ID.scope",
    ),
    ("cri-o", "CRI-O: crio-ID.scope"),
    (
        "k8s",
        "a container of a Kubernetes pod, under kubepods...podUID... (with any of the engines \
         above, or a bare ID under the pod's cgroup); show gives the pod's UID and the engine",
    ),
    ("lxc", "LXC and LXD: lxc.payload.NAME, /lxc/NAME"),
    (
        "nspawn",
        "systemd-nspawn and other machines: machine-NAME.scope",
    ),
];

pub fn section() -> Roff {
    let mut roff = titled("CONTAINERS");
    roff.text([roman(
        "Specifiers of kps' own, which procps does not have (ps L leaves them out):",
    )]);
    let own = columns::SPECS
        .iter()
        .filter_map(|spec| Some((spec.name, spec.own?)));
    terms(&mut roff, own);
    paragraph(
        &mut roff,
        "The container comes from the process' cgroup path (cgroup v1 or v2), which each \
         runtime names after the container. The runtimes recognised, as the container \
         specifier writes them:",
    );
    terms(&mut roff, RUNTIMES);
    paragraph(
        &mut roff,
        "Names come from what the runtime keeps on disk, and kps never runs or connects to \
         anything: Docker's /var/lib/docker/containers/ID/config.v2.json, \
         /var/lib/containers/storage/overlay-containers/containers.json for Podman and \
         CRI-O, the same file under the user's ~/.local/share (or $XDG_DATA_HOME for the \
         caller) for rootless Podman, whose cgroup is under user@UID.service, and the kubelet's /var/log/containers links (as POD/CONTAINER). Where none \
         is readable the id stands in, cut to 12 hex digits as docker ps prints it.",
    );
    paragraph(
        &mut roff,
        "--proc DIR, for listings and for every command, reads another mount of the proc \
         file system instead of /proc: a host's /proc that a container mounts at \
         /host/proc, as node exporters do, or a tree made by hand. The processes, their \
         files, descriptors and socket tables (net/tcp, net/udp, net/unix), and the \
         machine's boot time, uptime, load and memory size come from DIR. What is \
         not under DIR comes from the running system: user and group names (/etc/passwd, \
         /etc/group), terminal names (/dev), the runtimes' records of container names, \
         and the width of PID columns (pid_max is the reader's own PID namespace's). \
         The peer of a unix socket is asked of the running kernel, so it is named only \
         for sockets of kps' own network namespace.",
    );
    roff
}

//! What kps touches, listed by strace: it runs no other program, connects
//! nowhere but to the user database's services, and opens nothing but
//! /proc, the user and group databases, terminal device names, locale and
//! time zone data and its shared libraries.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::common::{Fixture, KPS, output_of, traced_path};

/// Where kps may open files, and why.
const ALLOWED_PREFIXES: &[&str] = &[
    // The processes themselves, and system facts (pid_max, uptime, boot
    // time, memory size, mounts for container names).
    "/proc/",
    // The number of CPUs the standard library's thread pool may use:
    // cgroup CPU quotas and the online CPUs.
    "/sys/fs/cgroup/",
    "/sys/devices/system/cpu/",
    // NUMA nodes, for the numa column.
    "/sys/devices/system/node/",
    // User and group names (NSS: files, and the configuration naming the
    // services to ask).
    "/etc/passwd",
    "/etc/group",
    "/etc/nsswitch.conf",
    // Terminal names: TTY columns name the device a tty number belongs to.
    "/dev/",
    // Locale (escaping and widths follow LC_CTYPE; STIME month names).
    "/usr/lib/locale/",
    "/usr/share/locale/",
    "/usr/lib/x86_64-linux-gnu/gconv/",
    "/usr/lib/aarch64-linux-gnu/gconv/",
    // Local time for START/STIME (localtime_r reads the zone file).
    "/etc/localtime",
    "/usr/share/zoneinfo/",
    // The dynamic loader and shared libraries (libc, libgcc_s, NSS modules).
    "/etc/ld.so.cache",
    "/etc/ld.so.preload",
    "/lib/",
    "/lib64/",
    "/usr/lib/",
    "/usr/lib64/",
];

/// Unix sockets NSS modules may ask for users and groups: nscd's cache and
/// systemd's user database (nss-systemd, when named in nsswitch.conf).
const ALLOWED_SOCKETS: &[&str] = &["/run/nscd/", "/var/run/nscd/", "/run/systemd/userdb/"];

/// The calls strace saw kps make, one line each (`-y` shows descriptors as
/// the paths they stand for, so relative opens have a directory).
fn traced_calls(args: &[&str]) -> Vec<String> {
    let log = std::env::temp_dir().join(format!(
        "kps-strace-{}-{}.log",
        std::process::id(),
        args.join("_").replace('/', "_")
    ));
    output_of(
        Command::new("strace")
            .args(["-f", "-qq", "-y", "-s", "4096", "-o"])
            .arg(&log)
            .args([
                "-e",
                "trace=open,openat,openat2,creat,execve,execveat,connect",
            ])
            .arg(KPS)
            .args(args)
            .env_remove("PS_FORMAT")
            // cargo points the loader at its build directories for tests; kps
            // itself needs only the system's libraries.
            .env_remove("LD_LIBRARY_PATH")
            .stdin(Stdio::null()),
    );
    let text = std::fs::read_to_string(&log).expect("read strace log");
    let _ = std::fs::remove_file(&log);
    text.lines().map(str::to_owned).collect()
}

/// The path a traced open names: an absolute path, or a relative one under
/// the directory its descriptor stands for (`openat(3</proc/42>, "stat"`).
fn opened_path(call: &str) -> Option<PathBuf> {
    let (_, rest) = call.split_once("open")?;
    let (dir, path) = traced_path(rest)?;
    if path.starts_with('/') {
        Some(PathBuf::from(path))
    } else {
        Some(PathBuf::from(dir).join(path))
    }
}

/// The system call a strace line shows: `PID NAME(...`, or the end of an
/// interrupted one, `PID <... NAME resumed>...`.
fn syscall_name(call: &str) -> (&str, bool) {
    let rest = call.split_once(' ').map_or(call, |(_, r)| r).trim_start();
    let (rest, resumed) = match rest.strip_prefix("<... ") {
        Some(rest) => (rest, true),
        None => (rest, false),
    };
    (rest.split(['(', ' ']).next().unwrap_or(""), resumed)
}

fn assert_touches_only_what_it_may(args: &[&str]) {
    let calls = traced_calls(args);
    let named = |names: &[&str]| -> Vec<&String> {
        calls
            .iter()
            .filter(|c| {
                let (name, resumed) = syscall_name(c);
                !resumed && names.contains(&name)
            })
            .collect()
    };
    // The one exec is strace starting kps.
    let execs = named(&["execve", "execveat"]);
    assert_eq!(execs.len(), 1, "kps {args:?} ran programs: {execs:#?}");

    let opens = named(&["open", "openat", "openat2", "creat"]);
    assert!(!opens.is_empty(), "strace saw no opens for {args:?}");
    let strays: Vec<PathBuf> = opens
        .iter()
        .map(|c| opened_path(c).unwrap_or_else(|| panic!("no path in {c}")))
        .filter(|path| {
            let path = path.to_string_lossy();
            // A directory is allowed as itself too (`/proc`, read for its PIDs).
            !ALLOWED_PREFIXES
                .iter()
                .any(|p| path.starts_with(p) || path == p.trim_end_matches('/'))
        })
        .collect();
    assert!(strays.is_empty(), "kps {args:?} opened {strays:#?}");

    let connections: Vec<&String> = named(&["connect"])
        .into_iter()
        .filter(|c| !ALLOWED_SOCKETS.iter().any(|s| c.contains(s)))
        .collect();
    assert!(
        connections.is_empty(),
        "kps {args:?} connected: {connections:#?}"
    );
}

#[test]
fn listings_open_only_proc_databases_and_libraries() {
    for args in [
        &["aux"][..],
        &["-ef"],
        &["-eo", "pid,tty,user,group,lstart,numa,args"],
    ] {
        assert_touches_only_what_it_may(args);
    }
}

#[test]
fn views_open_only_proc_databases_and_libraries() {
    // A process with a pipe, a socket and a file open, and a child.
    let fixture = Fixture::shell("exec 3</etc/hostname; sleep 3600 | cat");
    let pid = fixture.pid_str();
    crate::common::wait_until(|| fixture.children().len() == 2, "the fixture's pipeline");
    for args in [
        &["tree"][..],
        &["tree", "--totals", "-a", "-o", "pid,user,rss,args"],
        &["show", &pid],
        &["fds", &pid],
        &["env", &pid],
    ] {
        assert_touches_only_what_it_may(args);
    }
}

#[test]
fn the_strace_reading_names_relative_opens_by_their_directory() {
    let call = r#"12 openat(3</proc/42>, "stat", O_RDONLY|O_CLOEXEC) = 4</proc/42/stat>"#;
    assert_eq!(opened_path(call), Some(PathBuf::from("/proc/42/stat")));
    let call = r#"12 openat(AT_FDCWD</>, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3</etc/passwd>"#;
    assert_eq!(opened_path(call), Some(PathBuf::from("/etc/passwd")));
    let call = r#"12 openat(AT_FDCWD</work>, "etc/x", O_RDONLY) = -1 ENOENT"#;
    assert_eq!(opened_path(call), Some(PathBuf::from("/work/etc/x")));
}

//! `who` and `fds` under `--proc DIR`: the descriptors, socket tables and
//! peers they report come from DIR, never from the running system's /proc.

use crate::common::*;
use crate::synthetic::{TempDir, stat_line, status_text};

/// `127.0.0.1:PORT` as the kernel's socket tables write it.
fn loopback(port: u16) -> String {
    format!("{:08X}:{port:04X}", u32::from_ne_bytes([127, 0, 0, 1]))
}

/// A tree with a server (100) and a client (200) connected over loopback
/// TCP port 8080, sharing a pipe, the client holding `file` open; the socket
/// and pipe links lead nowhere, as in any tree made by hand.
fn connected_tree(file: &str) -> TempDir {
    let root = TempDir::new("proc-peers");
    root.write("stat", b"cpu  1 2 3 4\nbtime 1700000000\n");
    root.write("uptime", b"1000.00 1900.00\n");
    root.write("meminfo", b"MemTotal: 2000000 kB\n");
    let header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
    let line = |sl: u32, local: String, remote: String, state: &str, inode: u64| {
        format!(
            "   {sl}: {local} {remote} {state} 00000000:00000000 00:00000000 00000000     0        0 {inode} 1 0\n"
        )
    };
    let tcp = [
        header.to_string(),
        line(0, loopback(8080), "00000000:0000".into(), "0A", 5001),
        line(1, loopback(8080), loopback(40000), "01", 5002),
        line(2, loopback(40000), loopback(8080), "01", 5003),
    ]
    .concat();
    root.write("net/tcp", tcp.as_bytes());
    root.write(
        "net/unix",
        b"Num       RefCount Protocol Flags    Type St Inode Path\n",
    );
    for (pid, comm, uid) in [(100, "fakesrv", 0), (200, "fakecli", 65534)] {
        root.write(&format!("{pid}/stat"), stat_line(pid, comm, 1).as_bytes());
        root.write(
            &format!("{pid}/status"),
            status_text(comm, pid, 1, uid).as_bytes(),
        );
        root.write(&format!("{pid}/comm"), format!("{comm}\n").as_bytes());
        root.link(&format!("{pid}/net"), "../net");
    }
    let fds: &[(i32, i32, &str, &str)] = &[
        (100, 3, "socket:[5001]", "02"),
        (100, 4, "socket:[5002]", "02"),
        (100, 5, "pipe:[7000]", "01"),
        (200, 3, "socket:[5003]", "02"),
        (200, 4, "pipe:[7000]", "00"),
        (200, 5, file, "0100000"),
    ];
    for &(pid, fd, link, flags) in fds {
        root.link(&format!("{pid}/fd/{fd}"), link);
        root.write(
            &format!("{pid}/fdinfo/{fd}"),
            format!("pos:\t0\nflags:\t{flags}\n").as_bytes(),
        );
    }
    root
}

/// The words `who` and `fds` print for fakesrv's end of its connection to
/// fakecli, after its descriptor.
const SERVER_END: [&str; 11] = [
    "tcp",
    "127.0.0.1:8080",
    "->",
    "127.0.0.1:40000",
    "ESTABLISHED",
    "<->",
    "200",
    "fakecli",
    "fd",
    "3",
    "(rw)",
];

#[test]
fn who_reads_sockets_tables_and_descriptors_from_the_given_tree() {
    let file = TempDir::new("held");
    file.write("data", b"x");
    let held = format!("{}/data", file.text());
    let root = connected_tree(&held);
    let dir = root.text();
    let nobody = user_name(65534);

    let port = kps(&["who", "--proc", dir, ":8080"]);
    assert!(port.status.success(), "{}", stderr(&port));
    let text = stdout(&port);
    let server_end = [
        &["100", "root", "fakesrv", "fd", "4", "(rw)"][..],
        &SERVER_END,
    ]
    .concat();
    let expected: &[&[&str]] = &[
        &[
            "100",
            "root",
            "fakesrv",
            "fd",
            "3",
            "(rw)",
            "tcp",
            "127.0.0.1:8080",
            "LISTEN",
        ],
        &server_end,
        &[
            "200",
            &nobody,
            "fakecli",
            "fd",
            "3",
            "(rw)",
            "tcp",
            "127.0.0.1:40000",
            "->",
            "127.0.0.1:8080",
            "ESTABLISHED",
            "<->",
            "100",
            "fakesrv",
            "fd",
            "4",
            "(rw)",
        ],
    ];
    for words in expected {
        assert!(has_line_of_words(&text, words), "{words:?} in\n{text}");
    }
    assert_eq!(text.lines().count(), 4, "{text}");

    let by_inode = kps(&[
        "who",
        "--proc",
        dir,
        "--pids",
        "socket:[5003]",
        "pipe:[7000]",
    ]);
    assert_eq!(stdout(&by_inode), "100\n200\n", "{}", stderr(&by_inode));

    let path = kps(&["who", "--proc", dir, "--json", &held]);
    let rows: serde_json::Value = serde_json::from_slice(&path.stdout).expect("valid JSON");
    assert_eq!(rows.as_array().map(Vec::len), Some(1), "{rows}");
    assert_eq!(rows[0]["pid"], 200);
    assert_eq!(rows[0]["comm"], "fakecli");
    assert_eq!(rows[0]["fd"], 5);
    assert_eq!(rows[0]["mode"], "r");

    // Nothing in the tree holds the running system's sockets or files.
    let own = kps(&["who", "--proc", dir, "/dev/null"]);
    assert_eq!(own.status.code(), Some(1));
    assert_eq!(stdout(&own), "");
    let missing = kps(&["who", "--proc", "/nonexistent/proc", ":8080"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).starts_with("kps: cannot read /nonexistent/proc"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn fds_names_peers_found_in_the_given_tree() {
    let root = connected_tree("/nonexistent/kps-file");
    let dir = root.text();
    let fds = kps(&["fds", "--proc", dir, "100"]);
    assert!(fds.status.success(), "{}", stderr(&fds));
    let text = stdout(&fds);
    let server_end = [&["4", "rw", "-"][..], &SERVER_END].concat();
    for words in [
        &["3", "rw", "-", "tcp", "127.0.0.1:8080", "LISTEN"][..],
        &server_end,
        &[
            "5",
            "w",
            "-",
            "pipe",
            "pipe:[7000]",
            "<->",
            "200",
            "fakecli",
            "fd",
            "4",
            "(r)",
        ],
    ] {
        assert!(has_line_of_words(&text, words), "{words:?} in\n{text}");
    }
    // A path that leads nowhere is still listed, of a kind kps cannot tell.
    let client = stdout(&kps(&["fds", "--proc", dir, "200"]));
    assert!(
        has_line_of_words(
            &client,
            &["5", "r", "-", "path", "0", "/nonexistent/kps-file"]
        ),
        "{client}"
    );
}

/// kps run under strace in a mount namespace of its own where /proc is
/// bound at `mount`: its output, and every path it opened, stat'ed, read a
/// link or attribute of.
fn traced_on_bind_mount(mount: &str, args: &[&str]) -> (String, Vec<String>) {
    let log = std::env::temp_dir().join(crate::synthetic::unique("strace.log"));
    let log = log.to_str().expect("UTF-8 temp path").to_string();
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let script = format!(
        "mount --bind /proc {mount} && exec strace -f -qq -y -s 4096 -o {log} \
         -e trace=open,openat,openat2,stat,lstat,newfstatat,statx,readlink,readlinkat,\
getxattr,lgetxattr,access,faccessat,faccessat2 {KPS} {}",
        quoted.join(" ")
    );
    let output = std::process::Command::new("unshare")
        .args(["--mount", "--propagation", "private", "sh", "-c", &script])
        .env_remove("LD_LIBRARY_PATH")
        .output()
        .expect("run unshare");
    let text = std::fs::read_to_string(&log).expect("read strace log");
    let _ = std::fs::remove_file(&log);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    let paths = text.lines().filter_map(named_path).collect();
    (stdout(&output), paths)
}

/// What kps may read of the running system's /proc whatever `--proc` says:
/// its own memory map (the C library's stack bounds), its own cgroup and
/// mounts (the standard library's CPU quota), its own network namespace (to
/// know whether the kernel may be asked about unix socket peers), the
/// kernel's release (procfs chooses how to open directories by it) and the
/// overcommit policy (the C library's malloc reads it when it shrinks a
/// worker thread's heap, which happens on a busy machine).
const OWN_FACTS: &[&str] = &[
    "/proc/self/maps",
    "/proc/self/cgroup",
    "/proc/self/mountinfo",
    "/proc/self/ns/net",
    "/proc/sys/kernel/osrelease",
    "/proc/sys/vm/overcommit_memory",
];

/// JSON rows with the fields that may change between two runs left out.
fn socket_rows(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .flat_map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            match value {
                serde_json::Value::Array(rows) => rows,
                serde_json::Value::Object(mut process) => {
                    let keep: Vec<serde_json::Value> = process["fds"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter(|d| matches!(d["kind"].as_str(), Some("tcp" | "unix")))
                        .cloned()
                        .collect();
                    process.insert("fds".into(), keep.into());
                    vec![serde_json::Value::Object(process)]
                }
                other => vec![other],
            }
        })
        .collect()
}

#[test]
fn who_and_fds_on_a_bind_mount_read_nothing_else_of_proc() {
    let holder = crate::who::Holder::start();
    let mount = TempDir::new("bound-proc");
    let dir = mount.text();
    let port = format!(":{}", holder.num("port"));
    let socket = holder.workdir.join("sock");
    let pid = holder.pid().to_string();
    for args in [
        &["who", "--json", &port][..],
        &["who", "--json", &socket],
        &["fds", "--json", &pid],
    ] {
        let direct = kps(args);
        assert!(direct.status.success(), "{args:?}: {}", stderr(&direct));
        let mut bound_args = vec![args[0], "--proc", dir];
        bound_args.extend(&args[1..]);
        let (bound, paths) = traced_on_bind_mount(dir, &bound_args);
        // The same answer, peers included, as from /proc itself.
        assert_eq!(
            socket_rows(&bound),
            socket_rows(&stdout(&direct)),
            "{args:?}"
        );
        assert!(
            bound.contains(&format!("\"pid\":{}", holder.child())),
            "{bound}"
        );
        let strays: Vec<&String> = paths
            .iter()
            .filter(|p| p.starts_with("/proc") && !OWN_FACTS.contains(&p.as_str()))
            .collect();
        assert!(strays.is_empty(), "{args:?} read {strays:#?}");
        assert!(
            paths
                .iter()
                .any(|p| p.starts_with(&format!("{dir}/{pid}/fd"))),
            "{args:?} read no descriptor under {dir}"
        );
    }
}

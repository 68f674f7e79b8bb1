//! `kps fds`: files, pipes with the processes at their other end, sockets
//! with endpoints, anonymous inodes, and what may not be read.

use super::*;

#[test]
fn fds_resolves_files_pipes_sockets_and_anon_inodes() {
    let busy = Busy::start();
    let (pid, child) = (busy.pid(), busy.child());
    let all = json_of(&kps(&[
        "fds",
        "--json",
        &pid.to_string(),
        &child.to_string(),
    ]));
    let (parent_fds, child_fds) = (&all[0], &all[1]);
    assert_eq!(parent_fds["pid"], pid);
    assert_eq!(parent_fds["comm"], "kpsfix");
    assert_eq!(child_fds["comm"], "kpsfix-child");
    let workdir = busy.workdir();

    let gone = fd_entry(parent_fds, busy.num("gone"));
    assert_eq!(gone["kind"], "file");
    assert_eq!(gone["path"], format!("{workdir}/gone.txt"));
    assert_eq!(gone["deleted"], true);
    assert_eq!(gone["pos"], 5);
    assert_eq!(gone["mode"], "w");

    let appended = fd_entry(parent_fds, busy.num("appended"));
    assert_eq!(appended["deleted"], false);
    assert_eq!(appended["pos"], 3);
    let flags = names(&appended["flags"]);
    for flag in ["append", "nonblock", "cloexec"] {
        assert!(flags.contains(&flag.to_string()), "{flag} not in {flags:?}");
    }

    let directory = fd_entry(parent_fds, busy.num("directory"));
    assert_eq!(directory["kind"], "dir");
    assert_eq!(directory["path"], workdir);
    assert_eq!(directory["mode"], "r");
    let null = fd_entry(parent_fds, busy.num("null"));
    assert_eq!(
        (&null["kind"], &null["path"], &null["mode"]),
        (&"chr".into(), &"/dev/null".into(), &"rw".into())
    );

    let port = busy.num("port");
    let listener = fd_entry(parent_fds, busy.num("listener"));
    assert_eq!(listener["kind"], "tcp");
    assert_eq!(listener["local"], format!("127.0.0.1:{port}"));
    assert_eq!(listener["state"], "LISTEN");
    let client = fd_entry(parent_fds, busy.num("client"));
    let client_addr = format!("127.0.0.1:{}", busy.num("client_port"));
    assert_eq!(client["local"], client_addr);
    assert_eq!(client["remote"], format!("127.0.0.1:{port}"));
    assert_eq!(client["state"], "ESTABLISHED");
    let server = fd_entry(parent_fds, busy.num("server"));
    assert_eq!(server["local"], format!("127.0.0.1:{port}"));
    assert_eq!(server["remote"], client_addr);
    // Both ends of the TCP connection are on this host: each names the
    // other, in the child too, which inherited it across fork.
    let server_fd = busy.num("server");
    assert_eq!(
        client["peers"],
        serde_json::json!([
            {"pid": pid, "comm": "kpsfix", "fd": server_fd, "mode": "rw"},
            {"pid": child, "comm": "kpsfix-child", "fd": server_fd, "mode": "rw"},
        ])
    );
    assert_eq!(server["peers"][0]["fd"], busy.num("client"));
    assert_eq!(listener["peers"], Value::Null, "a listener has no peer");
    let udp6 = fd_entry(parent_fds, busy.num("udp6"));
    assert_eq!(udp6["kind"], "udp6");
    assert_eq!(udp6["local"], format!("[::1]:{}", busy.num("udp6_port")));
    assert!(udp6["remote"].is_null());

    let unix_listener = fd_entry(parent_fds, busy.num("unix_listener"));
    assert_eq!(unix_listener["kind"], "unix");
    assert_eq!(unix_listener["path"], format!("{workdir}/sock"));
    assert_eq!(unix_listener["state"], "LISTEN");

    assert_eq!(fd_entry(parent_fds, busy.num("event"))["name"], "eventfd");
    assert_eq!(fd_entry(parent_fds, busy.num("poll"))["name"], "eventpoll");
    assert_eq!(fd_entry(parent_fds, busy.num("event"))["kind"], "anon");
    assert_eq!(fd_entry(parent_fds, busy.num("netlink"))["kind"], "netlink");

    // The pipe and the socket pair were split across fork: each end names the other.
    let (pipe_r, pipe_w) = (busy.num("pipe_r"), busy.num("pipe_w"));
    let write_end = fd_entry(parent_fds, pipe_w);
    assert_eq!(
        (&write_end["kind"], &write_end["mode"]),
        (&"pipe".into(), &"w".into())
    );
    assert_eq!(
        write_end["peers"],
        serde_json::json!([{"pid": child, "comm": "kpsfix-child", "fd": pipe_r, "mode": "r"}])
    );
    let read_end = fd_entry(child_fds, pipe_r);
    assert_eq!(read_end["inode"], write_end["inode"]);
    assert_eq!(
        read_end["peers"],
        serde_json::json!([{"pid": pid, "comm": "kpsfix", "fd": pipe_w, "mode": "w"}])
    );
    let fifo = fd_entry(parent_fds, busy.num("fifo_r"));
    assert_eq!(
        (&fifo["kind"], &fifo["mode"]),
        (&"fifo".into(), &"r".into())
    );
    assert_eq!(fifo["path"], format!("{workdir}/fifo"));
    assert_eq!(
        fifo["peers"],
        serde_json::json!([{"pid": child, "comm": "kpsfix-child", "fd": busy.num("fifo_w"), "mode": "w"}])
    );
    let pair_a = fd_entry(parent_fds, busy.num("pair_a"));
    assert_eq!(
        (&pair_a["kind"], &pair_a["state"]),
        (&"unix".into(), &"CONNECTED".into())
    );
    let peers = pair_a["peers"].as_array().expect("socket peers");
    assert_eq!(peers.len(), 1, "{peers:?}");
    assert_eq!(peers[0]["pid"], child);
    let child_end = fd_entry(child_fds, peers[0]["fd"].as_i64().unwrap());
    assert_eq!(child_end["inode"], pair_a["peer_inode"]);
    assert_eq!(child_end["peers"][0]["pid"], pid);
    assert_eq!(child_end["peers"][0]["fd"], busy.num("pair_a"));
}

#[test]
fn fds_text_has_one_line_per_descriptor() {
    let busy = Busy::start();
    let pid = busy.pid();
    let output = kps(&["fds", &pid.to_string()]);
    assert_ok(&output);
    let text = stdout(&output);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(format!("PID {pid} (kpsfix)").as_str()));
    let header = lines.next().unwrap_or_default();
    assert_eq!(
        header.split_whitespace().collect::<Vec<_>>(),
        ["FD", "MODE", "FLAGS", "KIND", "POS", "TARGET"]
    );
    let rows: Vec<&str> = lines.collect();
    // cwd, rtd, txt and mem rows come first, as in lsof; then one per descriptor.
    let uses: Vec<&str> = rows
        .iter()
        .map(|l| l.split_whitespace().next().unwrap_or_default())
        .collect();
    let first_fd = uses
        .iter()
        .position(|u| u.parse::<i32>().is_ok())
        .unwrap_or(uses.len());
    assert_eq!(&uses[..3], ["cwd", "rtd", "txt"], "{text}");
    assert!(uses[3..first_fd].iter().all(|&u| u == "mem"), "{text}");
    assert_eq!(rows.len() - first_fd, fd_links(pid).len(), "{text}");
    let cwd: Vec<&str> = rows[0].split_whitespace().collect();
    assert_eq!(cwd[3..], ["dir", busy.workdir().as_str()], "{text}");
    let exe = std::fs::read_link(format!("/proc/{pid}/exe")).expect("fixture exe");
    assert!(
        rows[2].ends_with(&exe.to_string_lossy().into_owned()),
        "{text}"
    );
    assert!(
        rows[3..first_fd].iter().any(|l| l.contains("/libc.so")),
        "no libc among the mapped files:\n{text}"
    );
    let row = |fd: i64| {
        *rows
            .iter()
            .find(|l| l.split_whitespace().next() == Some(&fd.to_string()))
            .unwrap_or_else(|| panic!("no fd {fd} in:\n{text}"))
    };
    let workdir = busy.workdir();
    assert!(
        row(busy.num("gone")).ends_with(&format!("{workdir}/gone.txt (deleted)")),
        "{text}"
    );
    let listener = row(busy.num("listener"));
    assert!(
        listener.ends_with(&format!(" 127.0.0.1:{} LISTEN", busy.num("port"))),
        "{listener}"
    );
    assert_eq!(
        listener.split_whitespace().nth(3),
        Some("tcp"),
        "{listener}"
    );
    let pipe = row(busy.num("pipe_w"));
    assert!(
        pipe.ends_with(&format!(
            "<-> {} kpsfix-child fd {} (r)",
            busy.child(),
            busy.num("pipe_r")
        )),
        "{pipe}"
    );
    assert!(row(busy.num("event")).ends_with("[eventfd]"), "{text}");
}

#[test]
fn fds_shows_both_ends_of_a_shell_pipeline() {
    let shell = Fixture::shell("sleep 3600 | sleep 3601");
    wait_until(|| shell.children().len() == 2, "both sides of the pipeline");
    let kids = shell.children();
    kids.iter().for_each(|&k| wait_for_comm(k, "sleep"));
    let argv_of = |pid: i32| std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let writer = *kids
        .iter()
        .find(|&&k| argv_of(k) == b"sleep\x003600\x00")
        .expect("writer");
    let reader = *kids
        .iter()
        .find(|&&k| argv_of(k) == b"sleep\x003601\x00")
        .expect("reader");

    let all = json_of(&kps(&[
        "fds",
        "--json",
        &writer.to_string(),
        &reader.to_string(),
    ]));
    let out = fd_entry(&all[0], 1);
    assert_eq!(out["kind"], "pipe");
    assert_eq!(
        out["peers"],
        serde_json::json!([{"pid": reader, "comm": "sleep", "fd": 0, "mode": "r"}])
    );
    let input = fd_entry(&all[1], 0);
    assert_eq!(
        input["peers"],
        serde_json::json!([{"pid": writer, "comm": "sleep", "fd": 1, "mode": "w"}])
    );

    let text = stdout(&kps(&["fds", &writer.to_string()]));
    let line = text
        .lines()
        .find(|l| l.split_whitespace().next() == Some("1"))
        .expect("fd 1");
    assert!(
        line.ends_with(&format!("<-> {reader} sleep fd 0 (r)")),
        "{line}"
    );
}

#[test]
fn fds_of_another_users_process_is_denied() {
    let sleeper = Fixture::spawn("sleep", &["3600"]);
    let output = kps_as_nobody(&["fds", &sleeper.pid_str()]);
    assert_denied(&output, sleeper.pid);
}

#[test]
fn fds_prints_the_others_when_a_pid_is_missing() {
    let sleeper = Fixture::spawn("sleep", &["3600"]);
    let missing = missing_pid();
    let output = kps(&["fds", &missing, &sleeper.pid_str()]);
    assert_exit_1(&output);
    assert!(stdout(&output).starts_with(&format!("PID {} (sleep)\n", sleeper.pid)));
    assert_eq!(
        stderr(&output),
        format!("kps: PID {missing}: no such process\n")
    );
}

#[test]
fn fds_colours_deleted_files_pipes_sockets_and_peers() {
    let busy = Busy::start();
    let pid = busy.pid().to_string();
    let text = coloured_matching_plain(|flags| kps(&[&["fds"], flags, &[pid.as_str()]].concat()));
    assert!(
        text.starts_with(&format!("\x1b[1mPID {pid} (kpsfix)\x1b[0m\n")),
        "{text}"
    );
    let row = |fd: i64| text_line(&text, &fd.to_string());
    let workdir = busy.workdir();
    let peer = format!("{} kpsfix-child", busy.child());
    let pipe_r = busy.num("pipe_r");
    let port = busy.num("port");
    for (fd, end) in [
        (
            "gone",
            format!("\x1b[31m{workdir}/gone.txt (deleted)\x1b[0m"),
        ),
        (
            "pipe_w",
            format!("\x1b[0m <-> \x1b[34m{peer}\x1b[0m fd {pipe_r} (r)"),
        ),
        (
            "listener",
            format!("\x1b[35m127.0.0.1:{port} LISTEN\x1b[0m"),
        ),
        (
            "unix_listener",
            format!("\x1b[35mstream {workdir}/sock LISTEN\x1b[0m"),
        ),
        ("event", " [eventfd]".to_string()),
    ] {
        assert!(row(busy.num(fd)).ends_with(&end), "{fd}: {text}");
    }
    for (fd, part) in [
        ("pipe_w", "\x1b[33mpipe:[".to_string()),
        ("fifo_r", format!("\x1b[33m{workdir}/fifo\x1b[0m")),
    ] {
        assert!(row(busy.num(fd)).contains(&part), "{fd}: {text}");
    }
}

#[test]
fn fds_of_a_process_without_descriptors_is_empty() {
    let (_parent, zombie) = Fixture::zombie_parent("3600");
    let pid = zombie.to_string();
    let output = kps(&["fds", &pid]);
    assert_error(&output, &format!("PID {pid} is a zombie: no open files"));
    let item = single(&kps(&["fds", "--json", &pid]));
    assert_eq!(item["fds"], serde_json::json!([]));

    let text = stdout(&kps(&["show", &pid]));
    assert!(!text.contains("permission denied"), "{text}");
    assert!(text_line(&text, "total").ends_with(" 0"), "{text}");
    let report = single(&kps(&["show", "--json", &pid]));
    assert!(
        !names(&report["permission_denied"]).contains(&"fds".to_string()),
        "{report}"
    );
    assert_eq!(report["fds"]["total"], 0);

    match kernel_thread() {
        Some(kernel_thread) => assert_exit_1(&kps(&["fds", &kernel_thread.to_string()])),
        None => eprintln!("no kernel thread visible here (a PID namespace?)"),
    }
}

/// `sleep` as nobody, keeping a capability: the caller's own uid, but
/// capabilities the caller lacks, so its fd directory may be listed and its
/// links may not be read (as root may not read those of a container's init).
fn capable_nobody_sleeper() -> Fixture {
    let fixture = Fixture::spawn(
        "setpriv",
        &[
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--inh-caps=+net_bind_service",
            "--ambient-caps=+net_bind_service",
            "sleep",
            "3600",
        ],
    );
    wait_for_comm(fixture.pid, "sleep");
    fixture
}

#[test]
fn fds_lists_descriptors_whose_links_may_not_be_read() {
    let sleeper = capable_nobody_sleeper();
    let pid = sleeper.pid_str();
    let output = kps_as_nobody(&["fds", &pid]);
    assert_ok(&output);
    let text = stdout(&output);
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    let uses: Vec<&str> = rows.iter().map(|r| r[0]).collect();
    assert_eq!(uses[..6], ["cwd", "rtd", "txt", "0", "1", "2"], "{text}");
    for row in &rows {
        assert_eq!(
            row[row.len() - 3..],
            ["unknown", "(permission", "denied)"],
            "{text}"
        );
    }
    // lsof shows the same descriptors, each with its readlink error.
    let lsof = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "lsof",
            "-p",
            &pid,
        ])
        .output()
        .expect("run lsof");
    let lsof = String::from_utf8_lossy(&lsof.stdout);
    let lsof_fds: Vec<&str> = lsof
        .lines()
        .filter(|l| l.contains("Permission denied"))
        .filter_map(|l| l.split_whitespace().nth(3))
        .collect();
    assert_eq!(lsof_fds, uses, "{lsof}");

    let json = single(&kps_as_nobody(&["fds", "--json", &pid]));
    assert_eq!(fd_entry(&json, 1)["permission_denied"], true);
    assert_eq!(json["files"][0]["use"], "cwd");
    assert_eq!(json["files"][0]["permission_denied"], true);
    let report = single(&kps_as_nobody(&["show", "--json", &pid]));
    let descriptors = uses.len() - 3;
    assert_eq!(report["fds"]["denied"], descriptors, "{}", report["fds"]);
    assert_eq!(report["fds"]["total"], descriptors);
}

#[test]
fn fds_asks_for_socket_peers_through_one_netlink_socket() {
    let busy = Busy::start();
    let trace = kps_traced(
        &["fds", &busy.pid().to_string(), &busy.child().to_string()],
        "socket",
    );
    let diag_sockets = trace
        .lines()
        .filter(|l| l.contains("NETLINK_SOCK_DIAG"))
        .count();
    assert_eq!(diag_sockets, 1, "{trace}");
}

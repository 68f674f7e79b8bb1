//! `kps who`: fixtures that hold ports, files, mappings, sockets and pipes,
//! what kps says holds them, and what lsof and fuser say on the same fixtures.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::common::*;
use serde_json::Value;

/// A Python process (and a child) holding one of each kind of thing, which
/// prints what it holds as one JSON line.
const HOLDER: &str = r#"
import json, mmap, os, resource, socket, sys, time
os.closerange(3, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
workdir = sys.argv[1]
def say(info):
    # One write per line: parent and child share the pipe.
    os.write(1, (json.dumps(info) + "\n").encode())
os.chdir(workdir)
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen()
port = listener.getsockname()[1]
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("127.0.0.1", 0))
udp6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
udp6.bind(("::1", 0))
tcp6 = socket.socket(socket.AF_INET6)
tcp6.bind(("::1", 0))
tcp6.listen()
held = open(os.path.join(workdir, "held.log"), "w")
with open(os.path.join(workdir, "mapped.bin"), "wb") as f:
    f.write(b"x" * 8192)
with open(os.path.join(workdir, "mapped.bin"), "rb") as f:
    mapped = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)
gone = open(os.path.join(workdir, "gone.txt"), "w")
os.unlink(os.path.join(workdir, "gone.txt"))
unix_listener = socket.socket(socket.AF_UNIX)
unix_listener.bind(os.path.join(workdir, "sock"))
unix_listener.listen()
event = os.eventfd(0)
child = os.fork()
if child == 0:
    # The child keeps only the log, the mapping and its working directory.
    for inherited in (listener, udp, udp6, tcp6, unix_listener, gone):
        inherited.close()
    os.close(event)
    client = socket.create_connection(("127.0.0.1", port))
    unix_client = socket.socket(socket.AF_UNIX)
    unix_client.connect(os.path.join(workdir, "sock"))
    say({"client_fd": client.fileno(), "client_port": client.getsockname()[1],
         "unix_client_fd": unix_client.fileno()})
    time.sleep(100000)
    os._exit(0)
server, _ = listener.accept()
unix_server, _ = unix_listener.accept()
say({
    "child": child, "port": port, "listener": listener.fileno(), "server": server.fileno(),
    "udp": udp.fileno(), "udp_port": udp.getsockname()[1],
    "udp6": udp6.fileno(), "udp6_port": udp6.getsockname()[1],
    "tcp6": tcp6.fileno(), "tcp6_port": tcp6.getsockname()[1],
    "held": held.fileno(), "gone": gone.fileno(), "event": event,
    "unix_listener": unix_listener.fileno(), "unix_server": unix_server.fileno(),
})
time.sleep(100000)
"#;

/// A directory for one test, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let unique = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("kps-who-{}-{name}-{unique}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir.canonicalize().expect("canonical temp dir"))
    }

    fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, name: &str) -> String {
        self.0.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub struct Holder {
    fixture: Fixture,
    info: Value,
    pub workdir: TempDir,
}

impl Holder {
    /// Starts the fixture; parent and child each print one line.
    pub fn start() -> Holder {
        let workdir = TempDir::new("holder");
        let errors = std::fs::File::create(workdir.path().join("fixture.err")).expect("err file");
        let mut cmd = Command::new("python3");
        cmd.args(["-c", HOLDER]).arg(workdir.path()).stderr(errors);
        let (fixture, mut lines) = spawn_talking(cmd);
        let pid = fixture.pid;
        let mut info = serde_json::Map::new();
        for _ in 0..2 {
            let line = next_line(&mut lines);
            let value: Value = serde_json::from_str(&line).unwrap_or_else(|e| {
                let errors =
                    std::fs::read_to_string(workdir.path().join("fixture.err")).unwrap_or_default();
                panic!("fixture did not start ({e}): {line:?}\n{errors}")
            });
            info.extend(value.as_object().cloned().unwrap_or_default());
        }
        wait_for_comm(pid, "python3");
        Holder {
            fixture,
            info: Value::Object(info),
            workdir,
        }
    }

    pub fn pid(&self) -> i32 {
        self.fixture.pid
    }

    pub fn child(&self) -> i32 {
        self.num("child") as i32
    }

    pub fn num(&self, key: &str) -> i64 {
        self.info[key]
            .as_i64()
            .unwrap_or_else(|| panic!("no {key} in {}", self.info))
    }
}

/// The rows of `rows` held by `pid`, as (use, fd) pairs.
fn uses_of(rows: &[Value], pid: i32) -> Vec<(String, Option<i64>)> {
    rows.iter()
        .filter(|r| r["pid"] == pid)
        .map(|r| {
            (
                r["use"].as_str().unwrap_or_default().to_string(),
                r["fd"].as_i64(),
            )
        })
        .collect()
}

fn pid_set(text: &str) -> BTreeSet<i32> {
    text.split_whitespace()
        .filter_map(|w| {
            w.trim_end_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .ok()
        })
        .collect()
}

/// PIDs a tool prints, restricted to the fixture's processes.
fn ours(pids: BTreeSet<i32>, holder: &Holder) -> BTreeSet<i32> {
    pids.into_iter()
        .filter(|&p| p == holder.pid() || p == holder.child())
        .collect()
}

fn run(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"))
}

fn assert_ok(output: &Output) {
    assert!(
        output.status.success(),
        "kps failed: {:?}\nstdout: {}\nstderr: {}",
        output.status,
        stdout(output),
        stderr(output)
    );
}

#[test]
fn a_port_names_the_listener_and_both_ends_of_a_local_connection() {
    let holder = Holder::start();
    let (pid, child) = (holder.pid(), holder.child());
    let port = holder.num("port").to_string();
    let output = kps(&["who", "--json", &format!(":{port}")]);
    assert_ok(&output);
    let rows = json_array(&output);
    let listener = holder.num("listener");
    let server = holder.num("server");
    let client = holder.num("client_fd");
    assert_eq!(
        uses_of(&rows, pid),
        [
            ("fd".to_string(), Some(listener)),
            ("fd".to_string(), Some(server))
        ]
    );
    assert_eq!(uses_of(&rows, child), [("fd".to_string(), Some(client))]);
    let row = |p: i32, fd: i64| {
        rows.iter()
            .find(|r| r["pid"] == p && r["fd"] == fd)
            .unwrap_or_else(|| panic!("no fd {fd} of {p}"))
    };
    assert_eq!(row(pid, listener)["state"], "LISTEN");
    assert_eq!(row(pid, listener)["kind"], "tcp");
    assert_eq!(row(pid, listener)["local"], format!("127.0.0.1:{port}"));
    assert_eq!(row(pid, listener)["peers"], serde_json::json!([]));
    // Both ends are on this host: each names the process at the other.
    assert_eq!(
        row(pid, server)["peers"],
        serde_json::json!([{"pid": child, "comm": "python3", "fd": client, "mode": "rw"}])
    );
    assert_eq!(
        row(child, client)["peers"],
        serde_json::json!([{"pid": pid, "comm": "python3", "fd": server, "mode": "rw"}])
    );
    assert_eq!(row(child, client)["state"], "ESTABLISHED");
    assert_eq!(row(pid, server)["user"], "root");

    // lsof names the same processes; fuser only those whose local end has
    // the port.
    let lsof = run("lsof", &["-t", "-n", "-P", &format!("-iTCP:{port}")]);
    let fuser = run("fuser", &["-n", "tcp", &port]);
    assert_eq!(
        ours(pid_set(&stdout(&lsof)), &holder),
        BTreeSet::from([pid, child])
    );
    assert_eq!(
        ours(pid_set(&stdout(&fuser)), &holder),
        BTreeSet::from([pid])
    );

    let text = stdout(&kps(&["who", &format!("tcp:127.0.0.1:{port}")]));
    let line = text
        .lines()
        .find(|l| l.split_whitespace().next() == Some(&child.to_string()))
        .unwrap_or_else(|| panic!("no line for {child}:\n{text}"));
    let words = line.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.ends_with(&format!(
            "fd {client} (rw) tcp 127.0.0.1:{} -> 127.0.0.1:{port} ESTABLISHED <-> {pid} python3 fd {server} (rw)",
            holder.num("client_port")
        )),
        "{line}"
    );
    assert_eq!(
        text.lines()
            .next()
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["PID", "USER", "COMMAND", "USE", "TARGET"]
    );

    let pids = kps(&["who", "--pids", &format!(":{port}")]);
    assert_ok(&pids);
    assert_eq!(
        stdout(&pids),
        format!("{}\n{}\n", pid.min(child), pid.max(child))
    );
    // UDP only: nothing holds that port over UDP.
    let udp = kps(&["who", &format!("udp:{port}")]);
    assert_eq!(udp.status.code(), Some(1));
    assert!(stderr(&udp).contains(&format!("kps: nothing holds udp:{port}\n")));
}

/// The rows `kps who --json TARGET` prints.
fn who_json(target: &str) -> Vec<Value> {
    json_array(&kps(&["who", "--json", target]))
}

/// The `who --json` rows of `target`: `holder`'s socket `key` (the
/// fixture's name for it, and its kind), first and its only use there.
fn socket_rows(holder: &Holder, target: &str, key: &str) -> Vec<Value> {
    let rows = who_json(target);
    assert_eq!(
        uses_of(&rows, holder.pid()),
        [("fd".to_string(), Some(holder.num(key)))],
        "{target}"
    );
    assert_eq!(rows[0]["kind"], key, "{target}");
    rows
}

#[test]
fn udp_and_ipv6_sockets_are_found() {
    let holder = Holder::start();
    let pid = holder.pid();
    let udp_port = holder.num("udp_port").to_string();
    let rows = socket_rows(&holder, &format!("udp:{udp_port}"), "udp");
    assert!(rows[0]["remote"].is_null());

    let udp6_port = holder.num("udp6_port").to_string();
    let rows = socket_rows(&holder, &format!("[::1]:{udp6_port}"), "udp6");
    assert_eq!(rows[0]["local"], format!("[::1]:{udp6_port}"));

    let tcp6_port = holder.num("tcp6_port").to_string();
    socket_rows(&holder, &format!("tcp:{tcp6_port}"), "tcp6");
    // An address that is not the socket's matches nothing.
    let other = kps(&["who", &format!("127.0.0.2:{tcp6_port}")]);
    assert_eq!(other.status.code(), Some(1));

    for (spec, key) in [
        (format!("udp:{udp_port}"), "udp"),
        (format!("6udp:{udp6_port}"), "udp6"),
    ] {
        let lsof = run("lsof", &["-t", "-n", "-P", &format!("-i{spec}")]);
        assert_eq!(
            ours(pid_set(&stdout(&lsof)), &holder),
            BTreeSet::from([pid]),
            "lsof -i{spec} ({key})"
        );
    }
}

#[test]
fn a_port_in_another_network_namespace_is_found() {
    let script = "ip link set lo up && exec python3 -c '\n\
import socket, time\n\
s = socket.socket()\n\
s.bind((\"127.0.0.1\", 0))\n\
s.listen()\n\
print(s.getsockname()[1], flush=True)\n\
time.sleep(100000)'";
    let mut cmd = Command::new("unshare");
    cmd.args(["--net", "sh", "-c", script])
        .stderr(Stdio::null());
    let (fixture, mut lines) = spawn_talking(cmd);
    let pid = fixture.pid;
    let line = next_line(&mut lines);
    let port = line.trim().to_string();
    assert!(
        port.parse::<u16>().is_ok(),
        "no port from the namespace: {line:?}"
    );

    let rows = who_json(&format!("tcp:{port}"));
    let ours: Vec<&Value> = rows.iter().filter(|r| r["pid"] == pid).collect();
    assert_eq!(ours.len(), 1, "{rows:?}");
    assert_eq!(ours[0]["state"], "LISTEN");
    let netns = std::fs::metadata(format!("/proc/{pid}/ns/net")).expect("netns");
    assert_eq!(
        ours[0]["netns"],
        std::os::unix::fs::MetadataExt::ino(&netns),
        "the namespace is named"
    );
    let text = stdout(&kps(&["who", &format!(":{port}")]));
    assert!(
        text.contains(&format!("LISTEN net:[{}]", ours[0]["netns"])),
        "{text}"
    );
    // By inode too, described from its own namespace's tables.
    let inode = ours[0]["inode"].as_u64().expect("socket inode");
    let rows = who_json(&format!("socket:[{inode}]"));
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["pid"], pid);
    assert_eq!(rows[0]["state"], "LISTEN");
}

#[test]
fn a_path_names_descriptors_mappings_and_working_directories() {
    let holder = Holder::start();
    let (pid, child) = (holder.pid(), holder.child());
    let held = holder.workdir.join("held.log");
    let rows = who_json(&held);
    // Forked after the open: the child holds it too.
    let fd = Some(holder.num("held"));
    assert_eq!(uses_of(&rows, pid), [("fd".to_string(), fd)]);
    assert_eq!(uses_of(&rows, child), [("fd".to_string(), fd)]);
    assert_eq!(rows[0]["path"], held);
    assert_eq!(rows[0]["mode"], "w");
    let fuser = run("fuser", &[&held]);
    assert_eq!(
        ours(pid_set(&stdout(&fuser)), &holder),
        BTreeSet::from([pid, child])
    );

    let mapped = holder.workdir.join("mapped.bin");
    let rows = who_json(&mapped);
    // Python's mmap keeps a descriptor of the file too.
    let uses = uses_of(&rows, pid);
    assert!(uses.contains(&("mem".to_string(), None)), "{uses:?}");
    assert!(
        rows.iter().all(|r| r["path"] == mapped.as_str()),
        "{rows:?}"
    );
    let lsof = run("lsof", &["-t", &mapped]);
    assert!(pid_set(&stdout(&lsof)).contains(&pid), "lsof {mapped}");

    let workdir = holder.workdir.path().to_string_lossy().into_owned();
    let rows = who_json(&workdir);
    assert_eq!(uses_of(&rows, pid), [("cwd".to_string(), None)]);
    assert_eq!(
        rows.iter().find(|r| r["pid"] == pid).unwrap()["kind"],
        "dir"
    );
    let fuser = run("fuser", &[&workdir]);
    assert_eq!(
        ours(pid_set(&stdout(&fuser)), &holder),
        BTreeSet::from([pid, child])
    );

    // Everything below the directory: the working directory, the open log,
    // the mapping and the socket file.
    let rows = json_array(&kps(&["who", "--json", "--under", &workdir]));
    let uses = uses_of(&rows, pid);
    for wanted in [("cwd", None), ("fd", fd), ("mem", None)] {
        assert!(
            uses.contains(&(wanted.0.to_string(), wanted.1)),
            "{wanted:?} not in {uses:?}"
        );
    }
    let lsof = run("lsof", &["-t", "+D", &workdir]);
    assert_eq!(
        ours(pid_set(&stdout(&lsof)), &holder),
        BTreeSet::from([pid, child])
    );

    // The executable, as `txt`.
    let exe = std::fs::read_link(format!("/proc/{pid}/exe")).expect("exe");
    let rows = who_json(&exe.to_string_lossy());
    assert!(
        uses_of(&rows, pid).contains(&("txt".to_string(), None)),
        "{rows:?}"
    );
}

#[test]
fn deleted_files_still_open_are_found() {
    let holder = Holder::start();
    let pid = holder.pid();
    let rows = who_json("--deleted");
    let gone: Vec<&Value> = rows.iter().filter(|r| r["pid"] == pid).collect();
    assert_eq!(gone.len(), 1, "{gone:?}");
    assert_eq!(gone[0]["fd"], holder.num("gone"));
    assert_eq!(gone[0]["path"], holder.workdir.join("gone.txt"));
    assert_eq!(gone[0]["deleted"], true);
    let text = stdout(&kps(&["who", "--deleted"]));
    assert!(
        text.lines()
            .any(|l| l.ends_with(&format!("{} (deleted)", holder.workdir.join("gone.txt")))),
        "{text}"
    );
    let lsof = run("lsof", &["-a", "+L1", "-p", &pid.to_string()]);
    let lsof = stdout(&lsof);
    assert!(lsof.contains(&holder.workdir.join("gone.txt")), "{lsof}");
}

#[test]
fn a_unix_socket_path_a_pipe_and_anonymous_inodes() {
    let holder = Holder::start();
    let (pid, child) = (holder.pid(), holder.child());
    let sock = holder.workdir.join("sock");
    let server = holder.num("unix_server");
    let rows = who_json(&sock);
    assert_eq!(
        uses_of(&rows, pid),
        [
            ("fd".to_string(), Some(holder.num("unix_listener"))),
            ("fd".to_string(), Some(server))
        ]
    );
    let accepted = rows.iter().find(|r| r["fd"] == server).expect("accepted");
    assert_eq!(accepted["kind"], "unix");
    assert_eq!(
        accepted["peers"],
        serde_json::json!([{"pid": child, "comm": "python3", "fd": holder.num("unix_client_fd"), "mode": "rw"}])
    );
    let lsof = run("lsof", &["-t", &sock]);
    assert!(pid_set(&stdout(&lsof)).contains(&pid), "lsof {sock}");

    let inode = std::fs::metadata(format!("/proc/{pid}/fd/{server}"))
        .map(|m| std::os::unix::fs::MetadataExt::ino(&m))
        .expect("socket inode");
    let rows = who_json(&format!("socket:[{inode}]"));
    assert_eq!(uses_of(&rows, pid), [("fd".to_string(), Some(server))]);
    assert_eq!(rows[0]["peers"][0]["pid"], child);

    let rows = who_json("anon_inode:[eventfd]");
    assert!(
        uses_of(&rows, pid).contains(&("fd".to_string(), Some(holder.num("event")))),
        "{rows:?}"
    );

    let shell = Fixture::shell("sleep 3600 | sleep 3601");
    wait_until(|| shell.children().len() == 2, "both sides of the pipeline");
    let kids = shell.children();
    kids.iter().for_each(|&k| wait_for_comm(k, "sleep"));
    let link = std::fs::read_link(format!("/proc/{}/fd/1", kids[0])).expect("pipe link");
    let link = link.to_string_lossy().into_owned();
    let link = if link.starts_with("pipe:") {
        link
    } else {
        std::fs::read_link(format!("/proc/{}/fd/0", kids[0]))
            .expect("pipe link")
            .to_string_lossy()
            .into_owned()
    };
    let output = kps(&["who", "--pids", &link]);
    assert_ok(&output);
    assert_eq!(pid_set(&stdout(&output)), kids.iter().copied().collect());
}

#[test]
fn processes_that_may_not_be_read_are_counted() {
    let holder = Holder::start();
    let port = holder.num("port").to_string();
    // As nobody, root's listener is in the table but its holder may not be read.
    let output = kps_as_nobody(&["who", &format!("tcp:{port}")]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert_eq!(stdout(&output), "");
    let err = stderr(&output);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[0], format!("kps: nothing holds tcp:{port}"));
    let denied = lines
        .get(1)
        .and_then(|l| l.strip_prefix("kps: "))
        .and_then(|l| l.strip_suffix(" processes could not be inspected: permission denied"))
        .and_then(|n| n.parse::<usize>().ok());
    assert!(denied.is_some_and(|n| n >= 2), "{err}");

    // A listener of nobody's own is found, and the count still printed.
    let script = "import socket, time\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen()\nprint(s.getsockname()[1], flush=True)\ntime.sleep(100000)";
    // The system's python: a per-user installation may be closed to nobody.
    let mut cmd = Command::new("setpriv");
    cmd.args([
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        "/usr/bin/python3",
        "-c",
        script,
    ]);
    let (fixture, mut lines) = spawn_talking(cmd);
    let pid = fixture.pid;
    let line = next_line(&mut lines);
    let output = kps_as_nobody(&["who", "--pids", &format!(":{}", line.trim())]);
    assert_ok(&output);
    assert_eq!(stdout(&output), format!("{pid}\n"));
    assert!(stderr(&output).contains("could not be inspected: permission denied"));
}

#[test]
fn bad_targets_are_one_line_errors() {
    for (args, message) in [
        (vec![":99999"], "malformed port"),
        (vec![":http"], "malformed port"),
        (vec!["sctp:80"], "unknown socket kind 'sctp'"),
        (
            vec!["/no/such/path"],
            "/no/such/path: no such file or directory",
        ),
        (vec!["--under", "/no/such/dir"], "no such file or directory"),
    ] {
        let mut argv = vec!["who"];
        argv.extend(&args);
        let output = kps(&argv);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert_eq!(stdout(&output), "", "{args:?}");
        let err = stderr(&output);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with("kps: ") && err.contains(message),
            "{args:?}: {err}"
        );
    }
}

/// Every file of a process `kps who TARGET` looked at, as `(PID, name)`
/// (`cwd`, `exe`, `maps`, `fd`...), from strace.
fn process_files_read(target: &str) -> BTreeSet<(String, String)> {
    let log = std::env::temp_dir().join(format!("kps-who-trace-{}.log", std::process::id()));
    let _ = Command::new("strace")
        .args(["-f", "-qq", "-y", "-o"])
        .arg(&log)
        .args(["-e", "trace=openat,newfstatat,statx,readlinkat", KPS, "who"])
        .arg(target)
        .env_remove("LD_LIBRARY_PATH")
        .stdin(Stdio::null())
        .output()
        .expect("run strace");
    let text = std::fs::read_to_string(&log).expect("read strace log");
    let _ = std::fs::remove_file(&log);
    text.lines()
        .filter_map(named_path)
        .filter_map(|full| {
            let rest = full.strip_prefix("/proc/")?;
            let (pid, file) = rest.split_once('/')?;
            pid.bytes().all(|b| b.is_ascii_digit()).then(|| {
                let file = file.split('/').next().unwrap_or_default();
                (pid.to_string(), file.to_string())
            })
        })
        .collect()
}

/// `who` reads what its target needs: descriptors for a port; working
/// directories and roots besides for a directory, which cannot be an
/// executable or mapped; executables and maps besides for a file, which
/// cannot be a working directory.
#[test]
fn who_reads_only_what_its_target_needs() {
    let holder = Holder::start();
    let pid = holder.pid().to_string();
    let port = format!(":{}", holder.num("port"));
    let directory = holder.workdir.path().to_string_lossy().into_owned();
    let file = holder.workdir.join("held.log");
    for (target, needed, never) in [
        (&port, &["fd"][..], &["cwd", "root", "exe", "maps"][..]),
        (&directory, &["fd", "cwd", "root"], &["exe", "maps"]),
        (&file, &["fd", "exe", "maps"], &["cwd", "root"]),
    ] {
        let read = process_files_read(target);
        let of_holder: BTreeSet<&str> = read
            .iter()
            .filter(|(p, _)| *p == pid)
            .map(|(_, file)| file.as_str())
            .collect();
        for file in needed {
            assert!(of_holder.contains(file), "who {target}: {of_holder:?}");
        }
        let strays: Vec<_> = read
            .iter()
            .filter(|(_, f)| never.contains(&f.as_str()))
            .collect();
        assert!(strays.is_empty(), "who {target} read {strays:?}");
    }
}

/// A process that holds one file by a thousand descriptors, more than one
/// worker matches alone: every one of them is found, once.
#[test]
fn every_descriptor_of_a_process_with_many_is_found() {
    let dir = TempDir::new("many");
    let file = dir.join("held.bin");
    let mut cmd = Command::new("python3");
    cmd.args([
        "-c",
        "import os, sys, time\n\
         fd = os.open(sys.argv[1], os.O_RDONLY | os.O_CREAT)\n\
         kept = [os.dup(fd) for _ in range(999)]\n\
         print('ready', flush=True)\n\
         time.sleep(3600)",
        &file,
    ]);
    let (holder, mut lines) = spawn_talking(cmd);
    assert_eq!(next_line(&mut lines).trim(), "ready");
    let expected: BTreeSet<i64> = std::fs::read_dir(format!("/proc/{}/fd", holder.pid))
        .expect("fd directory")
        .flatten()
        .filter(|e| std::fs::read_link(e.path()).is_ok_and(|l| l.to_str() == Some(file.as_str())))
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
        .collect();
    assert_eq!(expected.len(), 1000);
    let rows = who_json(&file);
    let found: Vec<i64> = uses_of(&rows, holder.pid)
        .into_iter()
        .filter_map(|(used_as, fd)| (used_as == "fd").then_some(fd?))
        .collect();
    assert_eq!(found.len(), 1000, "{found:?}");
    assert_eq!(found.into_iter().collect::<BTreeSet<i64>>(), expected);
}

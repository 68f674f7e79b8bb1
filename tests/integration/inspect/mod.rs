//! `kps show`, `kps fds`, `kps env`: fixtures with known threads, memory,
//! signals, files, pipes, sockets and environment, and what kps says about them.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::FileTypeExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::common::*;
use serde_json::Value;

/// The objects of a `--json` answer: one JSON object per process, one per line.
fn json_of(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line).unwrap_or_else(|e| {
                panic!(
                    "kps did not print a JSON object per line ({e}):\n{}\nstderr: {}",
                    stdout(output),
                    stderr(output)
                )
            });
            assert!(value.is_object(), "not an object: {line}");
            value
        })
        .collect()
}

fn assert_ok(output: &Output) {
    assert!(
        output.status.success(),
        "kps failed: {:?}\nstderr: {}",
        output.status,
        stderr(output)
    );
}

fn assert_exit_1(output: &Output) {
    assert_eq!(output.status.code(), Some(1), "stderr: {}", stderr(output));
}

/// The answer to a one-PID `--json` request: exactly one JSON object.
fn single(output: &Output) -> Value {
    assert_ok(output);
    let value: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not one JSON document ({e}): {}", stdout(output)));
    assert!(value.is_object(), "not an object: {value}");
    value
}

/// A PID that cannot exist: one above the kernel's maximum.
fn missing_pid() -> String {
    let max: i64 = std::fs::read_to_string("/proc/sys/kernel/pid_max")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(4_194_304);
    (max + 1).to_string()
}

/// A Python process that sets up everything the views show, then prints the
/// numbers of its descriptors (and its child's pid) as one JSON line.
const BUSY_FIXTURE: &str = r#"
import ctypes, json, os, resource, select, signal, socket, sys, threading, time

# Descriptors inherited from whatever started the tests would add peers that
# come and go: keep only stdin, stdout and stderr.
os.closerange(3, resource.getrlimit(resource.RLIMIT_NOFILE)[0])

libc = ctypes.CDLL(None, use_errno=True)
def set_name(name):
    libc.prctl(15, name.encode(), 0, 0, 0)  # PR_SET_NAME, for the calling thread

workdir = sys.argv[1]
os.chdir(workdir)
set_name("kpsfix")
resource.setrlimit(resource.RLIMIT_NOFILE, (777, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
signal.signal(signal.SIGUSR1, lambda *a: None)
signal.signal(signal.SIGHUP, signal.SIG_IGN)
# Blocked before the threads start, so every thread inherits the mask and a
# SIGUSR2 sent later stays pending instead of killing the process.
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR2])

memory = bytearray(64 << 20)
for offset in range(0, len(memory), 4096):
    memory[offset] = 1

gone = open(os.path.join(workdir, "gone.txt"), "w")
gone.write("hello")
gone.flush()
os.unlink(os.path.join(workdir, "gone.txt"))
appended = os.open(os.path.join(workdir, "log.txt"), os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NONBLOCK)
os.write(appended, b"abc")
directory = os.open(workdir, os.O_RDONLY | os.O_DIRECTORY)
null = os.open("/dev/null", os.O_RDWR)
pipe_r, pipe_w = os.pipe()
os.mkfifo(os.path.join(workdir, "fifo"))
fifo_r = os.open(os.path.join(workdir, "fifo"), os.O_RDONLY | os.O_NONBLOCK)
fifo_w = os.open(os.path.join(workdir, "fifo"), os.O_WRONLY)
pair_a, pair_b = socket.socketpair()
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen()
client = socket.create_connection(listener.getsockname())
server, _ = listener.accept()
unix_listener = socket.socket(socket.AF_UNIX)
unix_listener.bind(os.path.join(workdir, "sock"))
unix_listener.listen()
event = os.eventfd(0)
poll = select.epoll()
netlink = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
udp6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
udp6.bind(("::1", 0))

started = threading.Barrier(3)
def worker(index):
    set_name("kps-worker-%d" % index)
    if index == 0:
        begin = time.thread_time()
        while time.thread_time() - begin < 0.3:
            pass
    started.wait()
    time.sleep(100000)
for index in range(2):
    threading.Thread(target=worker, args=(index,), daemon=True).start()
started.wait()

child = os.fork()
if child == 0:
    set_name("kpsfix-child")
    os.close(pipe_w)
    os.close(fifo_r)
    pair_a.close()
    time.sleep(100000)
    os._exit(0)
# Report only once the child has its name and has closed its ends.
child_fds = "/proc/%d/fd/" % child
while (open("/proc/%d/comm" % child).read().strip() != "kpsfix-child"
       or any(os.path.exists(child_fds + str(fd)) for fd in (pipe_w, fifo_r, pair_a.fileno()))):
    time.sleep(0.01)
os.close(pipe_r)
os.close(fifo_w)
pair_b.close()
print(json.dumps({
    "child": child, "pipe_r": pipe_r, "pipe_w": pipe_w, "fifo_r": fifo_r, "fifo_w": fifo_w,
    "pair_a": pair_a.fileno(),
    "gone": gone.fileno(), "appended": appended, "directory": directory, "null": null,
    "listener": listener.fileno(), "port": listener.getsockname()[1],
    "client": client.fileno(), "client_port": client.getsockname()[1],
    "server": server.fileno(), "unix_listener": unix_listener.fileno(),
    "event": event, "poll": poll.fileno(), "netlink": netlink.fileno(),
    "udp6": udp6.fileno(), "udp6_port": udp6.getsockname()[1],
}), flush=True)
time.sleep(100000)
"#;

/// A started fixture and what it printed about itself.
struct Busy {
    fixture: Fixture,
    info: Value,
    workdir: TempDir,
}

impl Busy {
    fn start() -> Busy {
        let workdir = TempDir::new("busy");
        // Not the test's own stderr: when that is a pipe, every process holding
        // it (cargo, other tests' fixtures, coming and going) would be a peer.
        let errors = workdir.path().join("fixture.err");
        let mut cmd = Command::new("python3");
        cmd.args(["-c", BUSY_FIXTURE])
            .arg(workdir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&errors).expect("create fixture.err"))
            .process_group(0);
        let mut child = cmd.spawn().expect("start python3");
        let stdout = child.stdout.take().expect("fixture stdout");
        let pid = child.id() as i32;
        let fixture = Fixture { child, pid };
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read fixture line");
        let info: Value = serde_json::from_str(&line).unwrap_or_else(|e| {
            let errors = std::fs::read_to_string(&errors).unwrap_or_default();
            panic!("fixture did not start ({e}): {line:?}\n{errors}")
        });
        // It prints the line just before it goes to sleep.
        fixture.wait_for_state(pid, 'S');
        Busy {
            fixture,
            info,
            workdir,
        }
    }

    fn pid(&self) -> i32 {
        self.fixture.pid
    }

    fn num(&self, key: &str) -> i64 {
        self.info[key]
            .as_i64()
            .unwrap_or_else(|| panic!("fixture info has no {key}"))
    }

    fn child(&self) -> i32 {
        self.num("child") as i32
    }

    fn workdir(&self) -> String {
        self.workdir.path().to_string_lossy().into_owned()
    }
}

/// A directory for one test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let unique = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "kps-inspect-{}-{name}-{unique}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        // The canonical path is what the kernel shows for cwd and fd links.
        TempDir(dir.canonicalize().expect("canonical temp dir"))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn names(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect()
}

/// What /proc/PID/fd/N links to, read by the test itself: the link text and
/// whether the file is a FIFO.
fn fd_links(pid: i32) -> Vec<(String, bool)> {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .expect("read fd dir")
        .flatten()
        .filter_map(|e| {
            let link = std::fs::read_link(e.path()).ok()?;
            let fifo = std::fs::metadata(e.path()).is_ok_and(|m| m.file_type().is_fifo());
            Some((link.to_string_lossy().into_owned(), fifo))
        })
        .collect()
}

fn fd_entry(fds: &Value, fd: i64) -> &Value {
    fds["fds"]
        .as_array()
        .expect("fds array")
        .iter()
        .find(|d| d["fd"] == fd)
        .unwrap_or_else(|| panic!("no fd {fd} in {fds}"))
}

/// The line of a report whose label (or first cell) is `label`.
fn text_line<'a>(text: &'a str, label: &str) -> &'a str {
    text.lines()
        .find(|l| {
            l.trim_start()
                .strip_prefix(label)
                .is_some_and(|rest| rest.starts_with(' '))
        })
        .unwrap_or_else(|| panic!("no line {label:?} in:\n{text}"))
}

fn kib_field(report: &Value, key: &str) -> i64 {
    report[key]
        .as_i64()
        .unwrap_or_else(|| panic!("{key} is not a number: {}", report[key]))
}

// ---- kps env --------------------------------------------------------------

/// `sleep` with exactly this environment, in this order.
fn sleeper_with_env(vars: &[&str]) -> Fixture {
    let mut args = vec!["-i"];
    args.extend_from_slice(vars);
    args.extend(["sleep", "3600"]);
    let fixture = Fixture::spawn("env", &args);
    wait_for_comm(fixture.pid, "sleep");
    fixture
}

const ENV: &[&str] = &[
    "ZED=last letter first",
    "ALPHA=x\x1b[2Jy",
    "MID=a=b",
    "EMPTY=",
];

#[test]
fn env_prints_variables_in_the_process_order_escaped() {
    let sleeper = sleeper_with_env(ENV);
    let output = kps(&["env", &sleeper.pid_str()]);
    assert_ok(&output);
    assert_eq!(
        stdout(&output),
        "ZED=last letter first\nALPHA=x?[2Jy\nMID=a=b\nEMPTY=\n"
    );
}

#[test]
fn env_null_prints_the_raw_bytes() {
    let sleeper = sleeper_with_env(ENV);
    let output = kps(&["env", "-0", &sleeper.pid_str()]);
    assert_ok(&output);
    assert_eq!(
        output.stdout,
        b"ZED=last letter first\0ALPHA=x\x1b[2Jy\0MID=a=b\0EMPTY=\0"
    );
    let long = kps(&["env", "--null", &sleeper.pid_str()]);
    assert_eq!(long.stdout, output.stdout);
}

#[test]
fn env_json_keeps_values_and_order() {
    let sleeper = sleeper_with_env(ENV);
    let output = kps(&["env", "--json", &sleeper.pid_str()]);
    let item = single(&output);
    assert_eq!(item["pid"], sleeper.pid);
    assert_eq!(
        item["environ"],
        serde_json::json!({"ZED": "last letter first", "ALPHA": "x\u{1b}[2Jy", "MID": "a=b", "EMPTY": ""})
    );
    let raw = stdout(&output);
    let position = |key: &str| raw.find(&format!("\"{key}\"")).expect(key);
    assert!(
        position("ZED") < position("ALPHA") && position("ALPHA") < position("MID"),
        "{raw}"
    );
    assert!(!raw.contains('\x1b'), "escape byte must be encoded: {raw}");
}

#[test]
fn env_of_a_zombie_is_empty() {
    let (_parent, zombie) = Fixture::zombie_parent("3600");
    let output = kps(&["env", &zombie.to_string()]);
    assert_ok(&output);
    assert_eq!(stdout(&output), "");
}

#[test]
fn env_of_a_kernel_thread_is_empty() {
    let Some(pid) = kernel_thread() else {
        eprintln!("no kernel thread visible here (a PID namespace?)");
        return;
    };
    let output = kps(&["env", &pid.to_string()]);
    assert_ok(&output);
    assert_eq!(stdout(&output), "");
}

/// Nothing on stdout, one `permission denied` line for `pid`, exit status 1.
fn assert_denied(output: &Output, pid: i32) {
    assert_exit_1(output);
    assert_eq!(stdout(output), "");
    assert_eq!(
        stderr(output),
        format!("kps: PID {pid}: permission denied\n")
    );
}

#[test]
fn env_of_another_users_process_is_denied() {
    let sleeper = sleeper_with_env(ENV);
    let output = kps_as_nobody(&["env", &sleeper.pid_str()]);
    assert_denied(&output, sleeper.pid);
}

#[test]
fn env_of_several_pids_prints_each_and_fails_on_a_missing_one() {
    let first = sleeper_with_env(&["ONE=1"]);
    let second = sleeper_with_env(&["TWO=2"]);
    let missing = missing_pid();
    let output = kps(&["env", &first.pid_str(), &missing, &second.pid_str()]);
    assert_exit_1(&output);
    assert_eq!(
        stdout(&output),
        format!(
            "PID {} (sleep)\nONE=1\n\nPID {} (sleep)\nTWO=2\n",
            first.pid, second.pid
        )
    );
    assert_eq!(
        stderr(&output),
        format!("kps: PID {missing}: no such process\n")
    );
    let raw = kps(&["env", "-0", &first.pid_str(), &second.pid_str()]);
    assert_eq!(raw.stdout, b"ONE=1\0\0TWO=2\0\0");
}

// ---- kps fds --------------------------------------------------------------

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
    assert_eq!(rows.len(), fd_links(pid).len(), "{text}");
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

// ---- kps show -------------------------------------------------------------

#[test]
fn show_json_reports_identity_command_and_tree() {
    let busy = Busy::start();
    let pid = busy.pid();
    let report = single(&kps(&["show", "--json", &busy.pid().to_string()]));
    let own_pid = std::process::id() as i64;
    assert_eq!(report["pid"], pid);
    assert_eq!(report["ppid"], own_pid);
    assert_eq!(report["pgid"], pid, "the fixture leads its own group");
    let ancestors = report["ancestors"].as_array().expect("ancestors");
    let own_comm = std::fs::read_to_string("/proc/self/comm").expect("own comm");
    assert_eq!(ancestors[0]["pid"], own_pid);
    assert_eq!(ancestors[0]["comm"], own_comm.trim_end());
    assert!(
        ancestors.len() >= 2,
        "the chain goes up to the top: {ancestors:?}"
    );
    assert_eq!(report["euid"], 0);
    assert_eq!(report["euser"], "root");
    assert_eq!(report["comm"], "kpsfix");
    let argv = names(&report["argv"]);
    assert_eq!(argv.len(), 4, "{argv:?}");
    assert_eq!(argv[1], "-c");
    assert_eq!(argv[3], busy.workdir());
    assert_eq!(report["cwd"], busy.workdir());
    assert_eq!(report["root"], "/");
    let exe = report["exe"].as_str().expect("exe");
    let exe_name = Path::new(exe).file_name().unwrap().to_string_lossy();
    assert!(exe_name.starts_with("python3"), "exe {exe}");
    assert_eq!(report["s"], "S");
    assert_eq!(report["state"], "sleeping");
    assert_eq!(report["ni"], 0);
    assert_eq!(report["policy"], "SCHED_OTHER");
    assert_eq!(report["cls"], "TS");
    let etimes = report["etimes"].as_i64().expect("etimes");
    assert!((0..120).contains(&etimes), "etimes {etimes}");
    let children = report["children"].as_array().expect("children");
    assert_eq!(children.len(), 1, "{children:?}");
    assert_eq!(children[0]["pid"], busy.child());
    assert_eq!(children[0]["comm"], "kpsfix-child");
    assert_eq!(report["permission_denied"], serde_json::json!([]));
}

#[test]
fn show_lists_threads_with_names_and_cpu_time() {
    let busy = Busy::start();
    let report = single(&kps(&["show", "--json", &busy.pid().to_string()]));
    assert_eq!(report["nlwp"], 3);
    let threads = report["threads"].as_array().expect("threads");
    let thread_names: Vec<&str> = threads
        .iter()
        .map(|t| t["comm"].as_str().unwrap())
        .collect();
    assert_eq!(thread_names, ["kpsfix", "kps-worker-0", "kps-worker-1"]);
    assert_eq!(threads[0]["tid"], busy.pid());
    let spinner = threads[1]["time"].as_f64().expect("thread time");
    assert!(
        spinner >= 0.25,
        "worker 0 spun 0.3 s of CPU, kps says {spinner}"
    );
    let idle = threads[2]["time"].as_f64().expect("thread time");
    assert!(idle < spinner, "idle worker {idle} vs spinner {spinner}");
    let utime = report["utime"].as_f64().unwrap() + report["stime"].as_f64().unwrap();
    assert!(
        utime >= spinner,
        "process CPU {utime} includes its threads'"
    );

    let text = stdout(&kps(&["show", &busy.pid().to_string()]));
    assert!(text.contains("threads (3)"), "{text}");
    let child_row = text_line(&text, &busy.child().to_string());
    assert!(child_row.ends_with("kpsfix-child"), "{child_row}");
    assert!(
        text.lines()
            .any(|l| l.contains("kps-worker-0") && l.contains(" S ")),
        "{text}"
    );
}

#[test]
fn show_makes_copy_on_write_sharing_visible() {
    let busy = Busy::start();
    let report = single(&kps(&["show", "--json", &busy.pid().to_string()]));
    let sixty_four_mib = 64 * 1024;
    let rss = kib_field(&report, "rss");
    let (anon, file, shmem) = (
        kib_field(&report, "rss_anon"),
        kib_field(&report, "rss_file"),
        kib_field(&report, "rss_shmem"),
    );
    assert!(
        anon >= sixty_four_mib,
        "64 MiB were touched, rss_anon {anon}"
    );
    assert_eq!(
        rss,
        anon + file + shmem,
        "RSS splits into anon, file and shmem"
    );
    assert!(kib_field(&report, "vsz") >= rss);
    assert!(kib_field(&report, "peak_rss") >= rss);
    // The child forked after the 64 MiB were written and never writes them:
    // those pages are shared copy-on-write and count half in each one's PSS.
    let (shared, private, pss) = (
        kib_field(&report, "shared"),
        kib_field(&report, "private"),
        kib_field(&report, "pss"),
    );
    assert!(shared >= 60 * 1024, "shared {shared}");
    assert_eq!(kib_field(&report, "uss"), private);
    assert!(pss >= private, "pss {pss} private {private}");
    assert!(
        pss <= private + shared / 2 + 8,
        "pss {pss} private {private} shared {shared}"
    );
    assert!(pss < rss - 30 * 1024, "pss {pss} rss {rss}");

    // A second run sees the interpreter's memory move a little, and the
    // interpreters of other tests start or stop sharing its file pages.
    let text = stdout(&kps(&["show", &busy.pid().to_string()]));
    for (label, value) in [("pss", pss), ("shared", shared), ("anonymous", anon)] {
        let shown = kib_in_line(text_line(&text, label));
        assert!(
            (shown - value).abs() < 1024 + file,
            "{label}: {shown} vs {value}\n{text}"
        );
    }
}

/// The number before `KiB` in a report line.
fn kib_in_line(line: &str) -> i64 {
    let words: Vec<&str> = line.split_whitespace().collect();
    let unit = words.iter().position(|w| *w == "KiB").expect("a KiB value");
    words[unit - 1].parse().expect("a number of KiB")
}

#[test]
fn show_decodes_signal_masks() {
    let busy = Busy::start();
    let pid = busy.pid();
    signal(pid, 12); // SIGUSR2: blocked, so it stays pending
    wait_until(
        || {
            std::fs::read_to_string(format!("/proc/{pid}/status")).is_ok_and(|s| {
                s.lines()
                    .any(|l| l.starts_with("ShdPnd:") && !l.ends_with("0000000000000000"))
            })
        },
        "SIGUSR2 pending",
    );
    let report = single(&kps(&["show", "--json", &pid.to_string()]));
    let signals = &report["signals"];
    assert!(
        names(&signals["caught"]).contains(&"SIGUSR1".to_string()),
        "{signals}"
    );
    assert!(
        names(&signals["ignored"]).contains(&"SIGHUP".to_string()),
        "{signals}"
    );
    assert!(
        !names(&signals["ignored"]).contains(&"SIGUSR1".to_string()),
        "{signals}"
    );
    assert_eq!(names(&signals["blocked"]), ["SIGUSR2"]);
    assert_eq!(names(&signals["pending"]), ["SIGUSR2"]);

    let text = stdout(&kps(&["show", &pid.to_string()]));
    assert!(text_line(&text, "caught").contains("SIGUSR1"), "{text}");
    assert!(text_line(&text, "ignored").contains("SIGHUP"), "{text}");
    assert!(text_line(&text, "blocked").ends_with("SIGUSR2"), "{text}");
    assert!(text_line(&text, "pending").ends_with("SIGUSR2"), "{text}");
}

#[test]
fn show_counts_descriptors_and_reads_limits_cgroup_and_namespaces() {
    let busy = Busy::start();
    let pid = busy.pid();
    let report = single(&kps(&["show", "--json", &pid.to_string()]));
    let links = fd_links(pid);
    let count = |pred: &dyn Fn(&str, bool) -> bool| {
        links.iter().filter(|(l, fifo)| pred(l, *fifo)).count() as i64
    };
    let pipes = count(&|l, fifo| l.starts_with("pipe:") || fifo);
    let sockets = count(&|l, _| l.starts_with("socket:"));
    let files = count(&|l, fifo| l.starts_with('/') && !fifo);
    let fds = &report["fds"];
    assert_eq!(fds["pipes"], pipes, "{fds} vs {links:?}");
    assert_eq!(fds["sockets"], sockets, "{fds} vs {links:?}");
    assert_eq!(fds["files"], files, "{fds} vs {links:?}");
    assert_eq!(fds["total"], links.len() as i64);
    assert_eq!(report["fd_limit"]["soft"], 777);
    assert_eq!(report["limits"]["nofile"]["soft"], 777);

    let net = std::fs::read_link(format!("/proc/{pid}/ns/net")).expect("ns link");
    assert_eq!(report["namespaces"]["net"], net.to_string_lossy().as_ref());
    let cgroup = std::fs::read_to_string(format!("/proc/{pid}/cgroup")).expect("cgroup");
    let paths: Vec<&str> = cgroup
        .lines()
        .filter_map(|l| l.splitn(3, ':').nth(2))
        .collect();
    let reported: Vec<&str> = report["cgroup"]
        .as_array()
        .expect("cgroup")
        .iter()
        .map(|g| g["path"].as_str().unwrap())
        .collect();
    assert_eq!(reported, paths);

    let text = stdout(&kps(&["show", &pid.to_string()]));
    assert!(text_line(&text, "limit").contains("777 (hard"), "{text}");
    assert!(
        text_line(&text, "pipes").ends_with(&pipes.to_string()),
        "{text}"
    );
    assert!(
        text_line(&text, "net").ends_with(net.to_string_lossy().as_ref()),
        "{text}"
    );
    assert!(text_line(&text, "NOFILE").contains("777"), "{text}");
}

#[test]
fn show_text_has_every_section() {
    let busy = Busy::start();
    let output = kps(&["show", &busy.pid().to_string()]);
    assert_ok(&output);
    let text = stdout(&output);
    assert_eq!(
        text.lines().next(),
        Some(format!("PID {} (kpsfix)", busy.pid()).as_str())
    );
    for title in [
        "identity",
        "command",
        "state",
        "cpu",
        "memory",
        "threads (3)",
        "children (1)",
        "file descriptors",
        "signals",
        "limits",
        "cgroup",
        "namespaces",
    ] {
        assert!(
            text.lines().any(|l| l == title),
            "no section {title}:\n{text}"
        );
    }
    assert!(text_line(&text, "cwd").ends_with(&busy.workdir()), "{text}");
    assert!(text_line(&text, "state").contains("S (sleeping)"), "{text}");
    assert!(
        text_line(&text, "ppid").ends_with(&std::process::id().to_string()),
        "{text}"
    );
}

#[test]
fn show_escapes_control_characters_in_arguments() {
    let sleeper = Fixture::sleeper_named("evil\x1b]0;title\x07name", &["3600"]);
    wait_for_comm(sleeper.pid, "sleep");
    let text = stdout(&kps(&["show", &sleeper.pid_str()]));
    assert!(
        !text.bytes().any(|b| b == 0x1b || b == 0x07),
        "raw control bytes in:\n{text}"
    );
    assert!(
        text_line(&text, "argv").contains("'evil?]0;title?name' 3600"),
        "{text}"
    );
}

#[test]
fn show_names_the_state_of_stopped_and_reniced_processes() {
    let stopped = Fixture::stopped_sleeper("3600");
    let report = single(&kps(&["show", "--json", &stopped.pid_str()]));
    assert_eq!(report["s"], "T");
    assert_eq!(report["state"], "stopped");

    let niced = Fixture::niced_sleeper(7, "3600");
    let report = single(&kps(&["show", "--json", &niced.pid_str()]));
    assert_eq!(report["ni"], 7);
    assert!(
        report["stat"].as_str().unwrap().contains('N'),
        "{}",
        report["stat"]
    );
}

#[test]
fn show_tells_how_a_zombie_ended() {
    // The shell becomes a sleep that never waits for its children.
    let parent = Fixture::shell("sh -c 'exit 3' & sleep 3600 & exec sleep 3601");
    let is_zombie = |pid: &i32| proc_state(*pid) == Some('Z');
    wait_until(
        || {
            let kids = parent.children();
            kids.len() == 2 && kids.iter().any(is_zombie)
        },
        "one exited child and one sleeping",
    );
    let kids = parent.children();
    let exited = *kids.iter().find(|k| is_zombie(k)).expect("zombie");
    let report = single(&kps(&["show", "--json", &exited.to_string()]));
    assert_eq!(report["state"], "zombie");
    assert_eq!(report["exit_status"], 3);

    let sleeper = kids
        .iter()
        .copied()
        .find(|&k| k != exited)
        .expect("sleeper");
    wait_for_comm(sleeper, "sleep");
    signal(sleeper, 15);
    wait_until(|| proc_state(sleeper) == Some('Z'), "killed sleeper");
    let report = single(&kps(&["show", "--json", &sleeper.to_string()]));
    assert_eq!(report["exit_signal"], "SIGTERM");
    let text = stdout(&kps(&["show", &sleeper.to_string()]));
    assert!(
        text_line(&text, "exit").ends_with("killed by SIGTERM"),
        "{text}"
    );
}

#[test]
fn show_marks_what_another_user_may_not_read() {
    let sleeper = Fixture::spawn("sleep", &["3600"]);
    let pid = sleeper.pid_str();
    let output = kps_as_nobody(&["show", &pid]);
    assert_ok(&output);
    let text = stdout(&output);
    for label in ["exe", "cwd", "root", "pss", "uss"] {
        assert!(
            text_line(&text, label).ends_with("permission denied"),
            "{label} should be denied:\n{text}"
        );
    }
    assert!(text_line(&text, "comm").ends_with("sleep"), "{text}");
    assert!(text_line(&text, "euid").contains("0 (root)"), "{text}");

    let report = single(&kps_as_nobody(&["show", "--json", &pid]));
    let denied = names(&report["permission_denied"]);
    for key in [
        "exe",
        "cwd",
        "root",
        "pss",
        "uss",
        "shared",
        "private",
        "fds",
        "namespaces",
    ] {
        assert!(denied.contains(&key.to_string()), "{key} not in {denied:?}");
        assert!(report[key].is_null(), "{key} = {}", report[key]);
    }
    assert_eq!(report["comm"], "sleep");
    assert_eq!(names(&report["argv"]), ["sleep", "3600"]);
}

#[test]
fn show_reports_each_pid_and_fails_on_a_missing_one() {
    let first = Fixture::spawn("sleep", &["3600"]);
    let second = Fixture::spawn("sleep", &["3601"]);
    let missing = missing_pid();
    let output = kps(&["show", &first.pid_str(), &missing, &second.pid_str()]);
    assert_exit_1(&output);
    let text = stdout(&output);
    assert!(
        text.contains(&format!("PID {} (sleep)", first.pid)),
        "{text}"
    );
    assert!(
        text.contains(&format!("PID {} (sleep)", second.pid)),
        "{text}"
    );
    assert_eq!(
        stderr(&output),
        format!("kps: PID {missing}: no such process\n")
    );

    let output = kps(&["show", "--json", &first.pid_str(), &missing]);
    assert_exit_1(&output);
    let all = json_of(&output);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["pid"], first.pid);
}

// ---- all three ------------------------------------------------------------

#[test]
fn bad_pids_are_one_line_errors() {
    for args in [
        &["env", "abc"][..],
        &["show", "0"],
        &["fds", "-5"],
        &["show"],
        &["env", "-0", "--json", "1"],
    ] {
        let output = kps(args);
        assert_exit_1(&output);
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
        assert!(message.starts_with("kps: "), "{args:?}: {message}");
        assert!(!message.contains("panicked"), "{args:?}: {message}");
        assert_eq!(stdout(&output), "");
    }
}

// ---- colour ---------------------------------------------------------------

/// Runs kps with output piped, NO_COLOR only as `env` sets it.
fn kps_with_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(KPS)
        .args(args)
        .env_remove("NO_COLOR")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run kps")
}

/// What kps prints on a terminal (script(1) gives it one), NO_COLOR only as
/// `env` sets it.
fn kps_on_terminal(args: &[&str], env: &[(&str, &str)]) -> String {
    let command = format!("{KPS} {}", args.join(" "));
    let output = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_remove("NO_COLOR")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run script");
    assert!(output.status.success(), "script: {}", stderr(&output));
    stdout(&output).replace("\r\n", "\n")
}

/// `text` without its SGR sequences (`ESC[...m`).
fn without_colour(text: &str) -> String {
    let mut plain = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("\x1b[") {
        plain.push_str(&rest[..start]);
        let end = rest[start..]
            .find('m')
            .unwrap_or_else(|| panic!("unterminated escape in {text:?}"));
        rest = &rest[start + end + 1..];
    }
    plain.push_str(rest);
    plain
}

/// The coloured output of `run`, after checking that taking the colour out
/// leaves exactly the uncoloured output. A value that ticks between the two
/// runs (the elapsed time) gets two more tries.
fn coloured_matching_plain(run: impl Fn(&[&str]) -> Output) -> String {
    for attempt in 1..=3 {
        let coloured = run(&["--color=always"]);
        let plain = run(&[]);
        assert_ok(&coloured);
        let (coloured, plain) = (stdout(&coloured), stdout(&plain));
        if attempt == 3 || without_colour(&coloured) == plain {
            assert_eq!(without_colour(&coloured), plain);
            assert!(!plain.contains('\x1b'), "{plain}");
            return coloured;
        }
    }
    unreachable!()
}

#[test]
fn colour_follows_the_flag_the_terminal_and_no_color() {
    let stopped = Fixture::stopped_sleeper("3600");
    let with_env = sleeper_with_env(ENV);
    let (stopped_pid, env_pid) = (stopped.pid_str(), with_env.pid_str());
    for view in [
        ["show", &stopped_pid],
        ["fds", &stopped_pid],
        ["env", &env_pid],
    ] {
        let has_colour = |text: &str| text.contains("\x1b[");
        let piped = |flags: &[&str], env: &[(&str, &str)]| {
            let output = kps_with_env(&[&view[..1], flags, &view[1..]].concat(), env);
            assert_ok(&output);
            stdout(&output)
        };
        assert!(!has_colour(&piped(&[], &[])), "{view:?} piped");
        assert!(!has_colour(&piped(&["--color=never"], &[])), "{view:?}");
        assert!(
            has_colour(&piped(&["--color=always"], &[("NO_COLOR", "1")])),
            "{view:?} --color=always piped, NO_COLOR set"
        );
        let json = piped(&["--json", "--color=always"], &[]);
        assert!(!json.contains('\x1b'), "{view:?} --json: {json}");

        let terminal = |flags: &[&str], env: &[(&str, &str)]| {
            kps_on_terminal(&[&view[..1], flags, &view[1..]].concat(), env)
        };
        assert!(has_colour(&terminal(&[], &[])), "{view:?} on a terminal");
        assert!(
            !has_colour(&terminal(&[], &[("NO_COLOR", "1")])),
            "{view:?} on a terminal with NO_COLOR"
        );
        assert!(
            has_colour(&terminal(&["--color=always"], &[("NO_COLOR", "1")])),
            "{view:?} --color=always on a terminal with NO_COLOR"
        );
        assert!(
            !has_colour(&terminal(&["--color=never"], &[])),
            "{view:?} --color=never on a terminal"
        );
    }
    let raw = kps_with_env(&["env", "-0", "--color=always", &env_pid], &[]);
    assert_eq!(raw.stdout, kps(&["env", "-0", &env_pid]).stdout);
}

#[test]
fn show_colours_titles_states_and_what_may_not_be_read() {
    let sleeper = Fixture::spawn("sleep", &["3600"]);
    signal(sleeper.pid, SIGSTOP);
    sleeper.wait_for_state(sleeper.pid, 'T');
    let pid = sleeper.pid_str();
    let text = coloured_matching_plain(|flags| {
        kps_as_nobody(&[&["show"], flags, &[pid.as_str()]].concat())
    });
    assert!(
        text.starts_with(&format!("\x1b[1mPID {pid} (sleep)\x1b[0m\n")),
        "{text}"
    );
    for title in ["identity", "state", "threads (1)", "namespaces"] {
        assert!(
            text.contains(&format!("\n\x1b[1m{title}\x1b[0m\n")),
            "{title}: {text}"
        );
    }
    assert!(
        text_line(&text, "state").ends_with("\x1b[33mT (stopped)\x1b[0m"),
        "{text}"
    );
    for label in ["exe", "pss"] {
        assert!(
            text_line(&text, label).ends_with("\x1b[2mpermission denied\x1b[0m"),
            "{label}: {text}"
        );
    }

    let itself = Command::new("sh")
        .args(["-c", &format!("exec {KPS} show --color=always $$")])
        .stdin(Stdio::null())
        .output()
        .expect("run sh");
    assert_ok(&itself);
    let text = stdout(&itself);
    assert!(
        text_line(&text, "state").ends_with("\x1b[32mR (running)\x1b[0m"),
        "{text}"
    );

    let (_parent, zombie) = Fixture::zombie_parent("3600");
    let text = stdout(&kps(&["show", "--color=always", &zombie.to_string()]));
    assert!(
        text_line(&text, "state").ends_with("\x1b[31mZ (zombie)\x1b[0m"),
        "{text}"
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
    assert!(
        row(busy.num("gone")).ends_with(&format!("\x1b[31m{workdir}/gone.txt (deleted)\x1b[0m")),
        "{text}"
    );
    assert!(
        row(busy.num("pipe_w")).ends_with(&format!(
            "\x1b[0m <-> \x1b[36m{} kpsfix-child\x1b[0m fd {} (r)",
            busy.child(),
            busy.num("pipe_r")
        )),
        "{text}"
    );
    assert!(row(busy.num("pipe_w")).contains("\x1b[33mpipe:["), "{text}");
    assert!(
        row(busy.num("fifo_r")).contains(&format!("\x1b[33m{workdir}/fifo\x1b[0m")),
        "{text}"
    );
    assert!(
        row(busy.num("listener")).ends_with(&format!(
            "\x1b[35m127.0.0.1:{} LISTEN\x1b[0m",
            busy.num("port")
        )),
        "{text}"
    );
    assert!(
        row(busy.num("unix_listener"))
            .ends_with(&format!("\x1b[35mstream {workdir}/sock LISTEN\x1b[0m")),
        "{text}"
    );
    assert!(row(busy.num("event")).ends_with(" [eventfd]"), "{text}");
}

#[test]
fn env_colours_only_the_names() {
    let sleeper = sleeper_with_env(ENV);
    let pid = sleeper.pid_str();
    let text = coloured_matching_plain(|flags| kps(&[&["env"], flags, &[pid.as_str()]].concat()));
    assert_eq!(
        text,
        "\x1b[1mZED\x1b[0m=last letter first\n\x1b[1mALPHA\x1b[0m=x?[2Jy\n\
         \x1b[1mMID\x1b[0m=a=b\n\x1b[1mEMPTY\x1b[0m=\n"
    );
}

// ---- processes with nothing to show, and thread ids -------------------------

/// A kernel thread, if this PID namespace shows any.
fn kernel_thread() -> Option<i32> {
    std::fs::read_dir("/proc")
        .expect("read /proc")
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .find(|pid| {
            // PF_KTHREAD in the flags field (the 9th) of stat.
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|s| {
                    s.rsplit_once(") ")?
                        .1
                        .split(' ')
                        .nth(6)?
                        .parse::<u32>()
                        .ok()
                })
                .is_some_and(|flags| flags & 0x0020_0000 != 0)
        })
}

#[test]
fn fds_of_a_process_without_descriptors_is_empty() {
    let (_parent, zombie) = Fixture::zombie_parent("3600");
    let pid = zombie.to_string();
    let output = kps(&["fds", &pid]);
    assert_ok(&output);
    assert_eq!(stderr(&output), "");
    assert_eq!(stdout(&output).lines().count(), 2, "{}", stdout(&output));
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
        Some(kernel_thread) => assert_ok(&kps(&["fds", &kernel_thread.to_string()])),
        None => eprintln!("no kernel thread visible here (a PID namespace?)"),
    }
}

#[test]
fn fds_is_denied_when_only_the_directory_may_be_read() {
    // The caller's own uid, but capabilities the caller lacks: the fd
    // directory may be listed, its links may not be read.
    let sleeper = Fixture::spawn(
        "setpriv",
        &[
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--inh-caps=+net_raw",
            "--ambient-caps=+net_raw",
            "sleep",
            "3600",
        ],
    );
    wait_for_comm(sleeper.pid, "sleep");
    let output = kps_as_nobody(&["fds", &sleeper.pid_str()]);
    assert_denied(&output, sleeper.pid);
}

#[test]
fn a_thread_id_is_no_process() {
    let fixture = Fixture::spawn(
        "python3",
        &[
            "-c",
            "import threading, time\n\
             threading.Thread(target=time.sleep, args=(3600,), daemon=True).start()\n\
             time.sleep(3600)",
        ],
    );
    let thread = || {
        std::fs::read_dir(format!("/proc/{}/task", fixture.pid))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|t| t.file_name().to_str()?.parse::<i32>().ok())
            .find(|&tid| tid != fixture.pid)
    };
    wait_until(|| thread().is_some(), "a second thread");
    let tid = thread().expect("a second thread").to_string();
    for view in ["show", "fds", "env"] {
        let output = kps(&[view, &tid]);
        assert_exit_1(&output);
        assert_eq!(stdout(&output), "", "{view}");
        assert_eq!(
            stderr(&output),
            format!("kps: PID {tid}: no such process\n"),
            "{view}"
        );
        assert_ok(&kps(&[view, &fixture.pid_str()]));
    }
}

// ---- what kps asks of the kernel ------------------------------------------

/// The system calls one kps run makes, as strace logs them; `trace` is
/// strace's `-e trace=` filter.
fn kps_traced(args: &[&str], trace: &str) -> String {
    let dir = TempDir::new("strace");
    let log = dir.path().join("log");
    let status = Command::new("strace")
        .args(["-f", "-qq", "-e", &format!("trace={trace}"), "-o"])
        .arg(&log)
        .arg(KPS)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run strace");
    assert!(status.success(), "strace kps {args:?}: {status:?}");
    std::fs::read_to_string(&log).expect("read the strace log")
}

#[test]
fn show_lists_the_task_directory_once() {
    let sleeper = Fixture::spawn("sleep", &["3600"]);
    let trace = kps_traced(&["show", &sleeper.pid_str()], "openat");
    let listings = trace.lines().filter(|l| l.contains("\"task\"")).count();
    assert_eq!(listings, 1, "{trace}");
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

#[test]
fn show_and_the_listing_read_smaps_rollup_alike() {
    let busy = Busy::start();
    let pid = busy.pid().to_string();
    let report = single(&kps(&["show", "--json", &pid]));
    let listed = kps(&["-o", "uss=", "-p", &pid]);
    assert_ok(&listed);
    let listed: i64 = stdout(&listed).trim().parse().expect("a USS");
    // File pages the interpreters of other tests stop or start sharing
    // meanwhile become this one's own, or stop being so.
    let (uss, file) = (kib_field(&report, "uss"), kib_field(&report, "rss_file"));
    assert!(
        (uss - listed).abs() < 1024 + file,
        "show {uss}, listing {listed}"
    );
    assert_eq!(kib_field(&report, "private"), uss);

    let (_parent, zombie) = Fixture::zombie_parent("3600");
    let report = single(&kps(&["show", "--json", &zombie.to_string()]));
    let denied = names(&report["permission_denied"]);
    for key in ["pss", "uss", "shared", "private"] {
        assert!(report[key].is_null(), "{key} = {}", report[key]);
        assert!(!denied.contains(&key.to_string()), "{key} in {denied:?}");
    }
}

#[test]
fn names_lose_one_newline_and_are_escaped_in_every_view() {
    // The kernel ends /proc/PID/comm with a newline of its own; a name may
    // end with one too.
    let parent = Fixture::spawn(
        "python3",
        &[
            "-c",
            "import ctypes, os, time\n\
             ctypes.CDLL(None).prctl(15, b'tab\\tname\\n', 0, 0, 0)\n\
             r, w = os.pipe()\n\
             os.fork()\n\
             time.sleep(3600)",
        ],
    );
    let named =
        |pid: i32| std::fs::read(format!("/proc/{pid}/comm")).is_ok_and(|c| c == b"tab\tname\n\n");
    wait_until(
        || named(parent.pid) && parent.children().iter().any(|&k| named(k)),
        "a named parent and child",
    );
    let child = parent.children()[0];
    let title = format!("PID {} (tab?name?)", parent.pid);

    let fds = stdout(&kps(&["fds", &parent.pid_str()]));
    assert_eq!(fds.lines().next(), Some(title.as_str()), "{fds}");
    assert!(
        fds.contains(&format!(" {child} tab?name? fd 3 (r)")),
        "{fds}"
    );
    let item = single(&kps(&["fds", "--json", &parent.pid_str()]));
    assert_eq!(item["comm"], "tab\tname\n");

    let env = stdout(&kps(&["env", &parent.pid_str(), &child.to_string()]));
    assert_eq!(env.lines().next(), Some(title.as_str()), "{env}");
    let item = &json_of(&kps(&["env", "--json", &parent.pid_str()]))[0];
    assert_eq!(item["comm"], "tab\tname\n");
}

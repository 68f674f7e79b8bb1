//! `kps show`, `kps fds`, `kps env`: fixtures with known threads, memory,
//! signals, files, pipes, sockets and environment, and what kps says about them.
//! This module holds the fixtures and what holds for all three views; each
//! view's own tests are in its submodule.

use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::common::*;
use serde_json::Value;

mod env;
mod fds;
mod show;

/// The objects of a `--json` answer: one array, an object per process.
fn json_of(output: &Output) -> Vec<Value> {
    let objects = json_array(output);
    assert!(
        objects.iter().all(Value::is_object),
        "not objects: {objects:?}"
    );
    objects
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

/// The answer to a one-PID `--json` request: an array of exactly one object.
fn single(output: &Output) -> Value {
    assert_ok(output);
    let objects = json_of(output);
    assert_eq!(objects.len(), 1, "not one object: {objects:?}");
    objects[0].clone()
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
            .stderr(std::fs::File::create(&errors).expect("create fixture.err"));
        let (fixture, mut lines) = spawn_talking(cmd);
        let pid = fixture.pid;
        let line = next_line(&mut lines);
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

/// The line labelled `label` in the report `text` ends with `end`.
fn assert_line_ends(text: &str, label: &str, end: &str) {
    assert!(text_line(text, label).ends_with(end), "{label}: {text}");
}

fn kib_field(report: &Value, key: &str) -> i64 {
    report[key]
        .as_i64()
        .unwrap_or_else(|| panic!("{key} is not a number: {}", report[key]))
}

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

/// Nothing on stdout, `kps: MESSAGE` the one line on stderr, exit status 1.
fn assert_error(output: &Output, message: &str) {
    assert_exit_1(output);
    assert_eq!(stdout(output), "");
    assert_eq!(stderr(output), format!("kps: {message}\n"));
}

/// Nothing on stdout, one `permission denied` line for `pid`, exit status 1.
fn assert_denied(output: &Output, pid: i32) {
    assert_error(output, &format!("PID {pid}: permission denied"));
}

// ---- all three ------------------------------------------------------------

#[test]
fn bad_pids_are_one_line_errors() {
    let mut cases: Vec<Vec<&str>> = Vec::new();
    for view in ["show", "fds", "env"] {
        for pid in ["abc", "0", "-5"] {
            cases.push(vec![view, pid]);
        }
    }
    cases.push(vec!["show"]);
    cases.push(vec!["env", "-0", "--json", "1"]);
    for args in &cases {
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
    kps_on_a_pty("", args, env)
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

// ---- processes with nothing to show, and thread ids -------------------------

#[test]
fn a_thread_id_is_no_process_but_names_it() {
    let (fixture, threads) = sleeping_threads(1);
    let tid = threads[0].to_string();
    // show shows the thread with its process; fds and env say whose it is.
    assert_ok(&kps(&["show", &tid]));
    for view in ["fds", "env"] {
        let whose = format!("{tid} is a thread of PID {}", fixture.pid);
        assert_error(&kps(&[view, &tid]), &whose);
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

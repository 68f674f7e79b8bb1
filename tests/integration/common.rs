//! Test environment: real fixture processes with known properties, a way to run
//! kps, and comparison with /usr/bin/ps over processes that did not change.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub const KPS: &str = env!("CARGO_BIN_EXE_kps");

/// Runs kps with `args`, output piped.
pub fn kps(args: &[&str]) -> Output {
    run_plain(KPS, args, &[])
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs /usr/bin/ps with `args`, output piped.
pub fn ps(args: &[&str]) -> Output {
    run_plain("ps", args, &[])
}

/// Runs kps with `args` and the variables in `env`, output piped.
pub fn kps_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    run_plain(KPS, args, env)
}

/// Runs /usr/bin/ps with `args` and the variables in `env`, output piped.
pub fn ps_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    run_plain("ps", args, env)
}

/// A command for `program` without the variables that change ps' output,
/// its input closed.
pub fn plain_command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut cmd = Command::new(program);
    cmd.env_remove("COLUMNS")
        .env_remove("PS_FORMAT")
        .env_remove("PS_PERSONALITY")
        .stdin(Stdio::null());
    cmd
}

/// Runs `program` piped, without the variables that change ps' output, plus `env`.
fn run_plain(program: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = plain_command(program);
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"))
}

fn lines(output: &Output) -> Vec<String> {
    stdout(output).lines().map(str::to_owned).collect()
}

/// The outcome of comparing kps with ps for one invocation.
#[derive(Debug)]
pub struct Comparison {
    args: Vec<String>,
    pub ps_header: Option<String>,
    pub kps_header: Option<String>,
    /// Rows identical in both ps runs around the kps run.
    stable: Vec<String>,
    /// Stable rows kps did not print identically.
    pub missing: Vec<String>,
    /// Those of `missing` that are rows of the tests' own processes.
    own_missing: Vec<String>,
    /// Stable rows kps printed, but in another order than ps.
    out_of_order: bool,
}

impl Comparison {
    /// Rows of the tests' own processes (quiet fixtures: sleeping, stopped,
    /// zombies) must all be identical. Any other process may change and
    /// change back while kps runs between the two ps runs: on a busy machine
    /// a kernel worker takes another work queue's name, a busy process flips
    /// between R and S or its %CPU digit. A few of those rows may differ; a
    /// real difference (in how kernel threads, other users or some column
    /// print) shows in many rows, or in a fixture's.
    fn allowed_mismatches(&self) -> usize {
        2 + self.stable.len() / 50
    }

    /// One line on what differs, for a test that collects failures.
    pub fn summary(&self) -> String {
        format!(
            "{:?}: header {:?} vs {:?}; {} of {} stable rows differ, {} of them the tests' own; first: {:?}",
            self.args,
            self.kps_header,
            self.ps_header,
            self.missing.len(),
            self.stable.len(),
            self.own_missing.len(),
            self.own_missing.first().or(self.missing.first())
        )
    }

    pub fn passes(&self, min_stable: usize) -> bool {
        self.ps_header == self.kps_header
            && self.stable.len() >= min_stable
            && self.own_missing.is_empty()
            && self.missing.len() <= self.allowed_mismatches()
            && !self.out_of_order
    }

    pub fn assert_matches(&self, min_stable: usize) {
        assert_eq!(
            self.ps_header, self.kps_header,
            "headers differ for {:?}",
            self.args
        );
        assert!(
            self.stable.len() >= min_stable,
            "only {} stable rows for {:?}",
            self.stable.len(),
            self.args
        );
        assert!(
            self.own_missing.is_empty(),
            "rows of the tests' own processes differ for {:?}:\n{}",
            self.args,
            self.own_missing.join("\n")
        );
        let allowed = self.allowed_mismatches();
        assert!(
            self.missing.len() <= allowed,
            "{} of {} stable rows differ for {:?}; first ones:\n{}",
            self.missing.len(),
            self.stable.len(),
            self.args,
            self.missing
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
        assert!(!self.out_of_order, "rows out of order for {:?}", self.args);
    }
}

/// Asserts that `kps ARGS` prints what `ps ARGS` prints for stable rows. A
/// busy process can flip a %CPU digit between the three runs, so a mismatch is
/// retried twice; a real difference shows every time.
pub fn assert_matches_ps(args: &[&str], min_stable: usize) {
    assert_matches_ps_env(args, &[], min_stable);
}

pub fn assert_matches_ps_env(args: &[&str], env: &[(&str, &str)], min_stable: usize) {
    assert_runs_match(args, min_stable, |program| run_plain(program, args, env));
}

/// [`assert_matches_ps`] with each program run by `run` (given "ps" or the
/// kps binary). A row that changes just while kps runs (a kernel worker
/// renamed, a busy process' %CPU) fails a comparison; a real difference
/// survives three.
pub fn assert_runs_match(args: &[&str], min_stable: usize, run: impl Fn(&str) -> Output) {
    for _ in 0..2 {
        if compare_runs(args, &run).passes(min_stable) {
            return;
        }
    }
    compare_runs(args, &run).assert_matches(min_stable);
}

/// Compares `kps ARGS` with `ps ARGS` over rows that are the same in a ps run
/// taken before and one taken after kps, so other activity cannot interfere.
pub fn compare_with_ps(args: &[&str]) -> Comparison {
    compare_with_ps_env(args, &[])
}

pub fn compare_with_ps_env(args: &[&str], env: &[(&str, &str)]) -> Comparison {
    compare_runs(args, &|program| run_plain(program, args, env))
}

/// [`compare_with_ps`] with each program run by `run` (given "ps" or the kps
/// binary), for a comparison under a wrapper.
pub fn compare_runs(args: &[&str], run: &impl Fn(&str) -> Output) -> Comparison {
    let run = |program: &str| lines(&run(program));
    let before = run("ps");
    let ours = run(KPS);
    let after = run("ps");
    let after_set: HashSet<&String> = after.iter().skip(1).collect();
    let stable: Vec<String> = before
        .iter()
        .skip(1)
        .filter(|l| after_set.contains(l))
        .cloned()
        .collect();
    let ours_set: HashSet<&String> = ours.iter().skip(1).collect();
    let missing: Vec<String> = stable
        .iter()
        .filter(|l| !ours_set.contains(l))
        .cloned()
        .collect();
    let own = own_processes();
    let pid_column = before
        .first()
        .and_then(|header| header.split_whitespace().position(|h| h == "PID"));
    let own_missing = missing
        .iter()
        .filter(|row| {
            pid_column
                .and_then(|i| row.split_whitespace().nth(i))
                .and_then(|pid| pid.parse::<i32>().ok())
                .is_some_and(|pid| own.contains(&pid))
        })
        .cloned()
        .collect();
    let stable_set: HashSet<&String> = stable.iter().collect();
    let ours_stable: Vec<&String> = ours
        .iter()
        .skip(1)
        .filter(|l| stable_set.contains(l))
        .collect();
    let expected_order: Vec<&String> = stable.iter().filter(|l| ours_set.contains(l)).collect();
    let out_of_order = ours_stable != expected_order;
    Comparison {
        args: args.iter().map(|s| s.to_string()).collect(),
        ps_header: before.first().cloned(),
        kps_header: ours.first().cloned(),
        stable,
        missing,
        own_missing,
        out_of_order,
    }
}

/// The PIDs of the test process' descendants: the fixtures of every test
/// running now.
pub fn own_processes() -> HashSet<i32> {
    let parents: Vec<(i32, i32)> = std::fs::read_dir("/proc")
        .expect("read /proc")
        .flatten()
        .filter_map(|e| {
            let pid = e.file_name().to_str()?.parse::<i32>().ok()?;
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let ppid = stat.rsplit_once(") ")?.1.split(' ').nth(1)?.parse().ok()?;
            Some((pid, ppid))
        })
        .collect();
    let mut own = HashSet::from([std::process::id() as i32]);
    loop {
        let before = own.len();
        for &(pid, ppid) in &parents {
            if own.contains(&ppid) {
                own.insert(pid);
            }
        }
        if own.len() == before {
            break;
        }
    }
    own.remove(&(std::process::id() as i32));
    own
}

/// A process started for a test; killed (with its process group) when dropped.
pub struct Fixture {
    pub child: Child,
    pub pid: i32,
}

impl Fixture {
    /// Starts `program args...` in its own process group.
    pub fn spawn(program: &str, args: &[&str]) -> Fixture {
        let mut cmd = Command::new(program);
        cmd.args(args);
        Fixture::from_command(cmd)
    }

    pub fn from_command(mut cmd: Command) -> Fixture {
        cmd.process_group(0);
        Fixture::start(cmd)
    }

    fn start(mut cmd: Command) -> Fixture {
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let child = cmd.spawn().expect("spawn fixture");
        let pid = child.id() as i32;
        Fixture { child, pid }
    }

    /// A shell that runs `script` as the leader of a new session, so its
    /// session ID (and process group) is its PID whatever session the test
    /// runner has (under some CI runners that is 0, which ps rejects).
    pub fn session_shell(script: &str) -> Fixture {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", script]);
        // SAFETY: setsid(2) is async-signal-safe and touches no memory.
        unsafe {
            cmd.pre_exec(|| {
                if libc_setsid() < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        Fixture::start(cmd)
    }

    /// `sleep 3600` with an argv[0] of our choosing.
    pub fn sleeper_named(argv0: &str, args: &[&str]) -> Fixture {
        let mut cmd = Command::new("sleep");
        cmd.arg0(argv0).args(args);
        Fixture::from_command(cmd)
    }

    /// A shell that runs `script` (sh -c).
    pub fn shell(script: &str) -> Fixture {
        Fixture::spawn("sh", &["-c", script])
    }

    /// `sleep SECONDS` at nice value `nice`, once it runs sleep.
    pub fn niced_sleeper(nice: i32, seconds: &str) -> Fixture {
        let nice = nice.to_string();
        let fixture = Fixture::spawn("nice", &["-n", &nice, "sleep", seconds]);
        wait_for_comm(fixture.pid, "sleep");
        fixture
    }

    /// `sleep SECONDS`, stopped by SIGSTOP.
    pub fn stopped_sleeper(seconds: &str) -> Fixture {
        let fixture = Fixture::spawn("sleep", &[seconds]);
        signal(fixture.pid, SIGSTOP);
        fixture.wait_for_state(fixture.pid, 'T');
        fixture
    }

    /// `sleep SECONDS` as user and group 65534 (nobody), once it runs sleep.
    pub fn nobody_sleeper(seconds: &str) -> Fixture {
        let fixture = Fixture::spawn(
            "setpriv",
            &[
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "sleep",
                seconds,
            ],
        );
        wait_for_comm(fixture.pid, "sleep");
        fixture
    }

    /// `sleep SECONDS` with a zombie child (sleep never reaps it); returns
    /// the zombie's PID too.
    pub fn zombie_parent(seconds: &str) -> (Fixture, i32) {
        let fixture = Fixture::shell(&format!("sleep 0 & exec sleep {seconds}"));
        wait_for_comm(fixture.pid, "sleep");
        let zombie = || {
            fixture
                .children()
                .into_iter()
                .find(|&c| proc_state(c) == Some('Z'))
        };
        wait_until(|| zombie().is_some(), "a zombie child");
        let pid = zombie().unwrap_or_default();
        (fixture, pid)
    }

    /// A shell waiting for `count` sleeps: `count + 1` processes that stay
    /// the same while they run, so that a comparison over all processes has
    /// stable rows whatever else the machine runs.
    pub fn quiet_group(count: usize) -> Fixture {
        let script = format!("{}wait", "sleep 3600 & ".repeat(count));
        let fixture = Fixture::shell(&script);
        wait_until(
            || {
                let children = fixture.children();
                children.len() == count && children.iter().all(|&c| proc_comm(c) == "sleep")
            },
            "the group's sleeps",
        );
        fixture
    }

    pub fn pid_str(&self) -> String {
        self.pid.to_string()
    }

    /// Waits until `check` holds for /proc/PID/stat (e.g. a state letter).
    pub fn wait_for_state(&self, pid: i32, wanted: char) {
        wait_until(
            || proc_state(pid) == Some(wanted),
            &format!("pid {pid} state {wanted}"),
        );
    }

    /// The PIDs of the direct children of this fixture.
    pub fn children(&self) -> Vec<i32> {
        children_of(self.pid)
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        // SAFETY: kill(2) on our own process group; failures are harmless.
        unsafe {
            libc_kill(-self.pid, 9);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

unsafe extern "C" {
    #[link_name = "kill"]
    fn libc_kill(pid: i32, sig: i32) -> i32;
    #[link_name = "setsid"]
    fn libc_setsid() -> i32;
}

/// Sends `sig` to `pid`.
pub fn signal(pid: i32, sig: i32) {
    // SAFETY: plain kill(2).
    unsafe {
        libc_kill(pid, sig);
    }
}

pub const SIGSTOP: i32 = 19;

pub fn proc_state(pid: i32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(") ")?.1.chars().next()
}

pub fn children_of(pid: i32) -> Vec<i32> {
    let mut kids: Vec<i32> = std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("children")).ok())
        .flat_map(|s| {
            s.split_whitespace()
                .filter_map(|p| p.parse().ok())
                .collect::<Vec<i32>>()
        })
        .collect();
    kids.sort();
    kids
}

/// Polls `done` for up to 30 seconds: long enough for a fixture to start on
/// a machine whose cores are all busy, and only spent when something is wrong.
pub fn wait_until(mut done: impl FnMut() -> bool, what: &str) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until the process has exec'd into `comm`.
pub fn wait_for_comm(pid: i32, comm: &str) {
    wait_until(
        || proc_comm(pid) == comm,
        &format!("pid {pid} to become {comm}"),
    );
}

/// The command name of `pid`; empty once it is gone.
pub fn proc_comm(pid: i32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|c| c.trim_end().to_string())
        .unwrap_or_default()
}

/// `sleep SECONDS` on a new pseudo-terminal (under script(1)), in the
/// foreground there and not its session leader; returns its PID too.
pub fn sleeper_on_a_pty(seconds: &str) -> (Fixture, i32) {
    // The `exit` keeps the shell from exec'ing sleep, which would make it
    // the session leader.
    let command = format!("sleep {seconds}; exit");
    let fixture = Fixture::spawn("script", &["-qfc", &command, "/dev/null"]);
    let sleeper = || {
        fixture.children().into_iter().find_map(|shell| {
            if proc_comm(shell) == "sleep" {
                Some(shell)
            } else {
                children_of(shell)
                    .into_iter()
                    .find(|&c| proc_comm(c) == "sleep")
            }
        })
    };
    wait_until(|| sleeper().is_some(), "sleep on a pty");
    let pid = sleeper().unwrap_or_default();
    (fixture, pid)
}

/// The whitespace-separated fields of the first row after the header.
pub fn first_row_fields(text: &str) -> Vec<String> {
    text.lines()
        .nth(1)
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// The line of `text` whose whitespace-separated field `field` equals `value`.
pub fn row_with<'a>(text: &'a str, field: usize, value: &str) -> Option<&'a str> {
    text.lines()
        .find(|l| l.split_whitespace().nth(field) == Some(value))
}

/// The kps binary, or a copy of it when the build directory is closed to
/// other users, for runs as `nobody`.
pub fn kps_for_anyone() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let built = PathBuf::from(KPS);
        if runnable_by_anyone(&built) {
            return built;
        }
        let dir = std::env::temp_dir().join(format!("kps-test-bin-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create bin dir");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod dir");
        let copy = dir.join("kps");
        // Copied by another process: a file this one held open for writing
        // would leak into fixtures forked meanwhile, and exec would fail
        // with ETXTBSY until they exec in turn.
        let installed = Command::new("install")
            .args(["-m", "0755", KPS])
            .arg(&copy)
            .status()
            .expect("run install");
        assert!(installed.success(), "install kps: {installed:?}");
        copy
    })
}

/// Every directory on the way may be searched, and the file run, by others.
fn runnable_by_anyone(path: &Path) -> bool {
    let others_may =
        |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.permissions().mode() & 0o001 != 0);
    others_may(path) && path.ancestors().skip(1).all(others_may)
}

/// Runs kps as user and group 65534 (nobody), with no supplementary groups.
pub fn kps_as_nobody(args: &[&str]) -> Output {
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(kps_for_anyone())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run setpriv")
}

/// The name /etc/passwd gives `uid`, or the number when it has none.
pub fn user_name(uid: u32) -> String {
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    passwd
        .lines()
        .find(|l| l.split(':').nth(2) == Some(&uid.to_string()))
        .and_then(|l| l.split(':').next())
        .map_or(uid.to_string(), str::to_string)
}

/// True when some line of `text` has exactly these words.
pub fn has_line_of_words(text: &str, words: &[&str]) -> bool {
    text.lines()
        .any(|line| line.split_whitespace().eq(words.iter().copied()))
}

/// Starts `cmd` in its own process group with its stdout piped to the test,
/// for a fixture that says on stdout when it is ready and what it made.
/// Its stderr is what `cmd` sets.
pub fn spawn_talking(mut cmd: Command) -> (Fixture, Lines) {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .process_group(0);
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("spawn {:?}: {e}", cmd.get_program()));
    let out = child.stdout.take().expect("piped stdout");
    let pid = child.id() as i32;
    (Fixture { child, pid }, BufReader::new(out))
}

/// What a fixture started by [`spawn_talking`] prints.
pub type Lines = BufReader<std::process::ChildStdout>;

/// The next line a fixture printed, with its newline; empty at its end.
pub fn next_line(lines: &mut Lines) -> String {
    let mut line = String::new();
    lines.read_line(&mut line).expect("fixture output");
    line
}

/// python3 asleep in its main thread and in `threads` more, once all of
/// them run; returns the TIDs of the others too.
pub fn sleeping_threads(threads: usize) -> (Fixture, Vec<i32>) {
    let script = format!(
        "import threading, time\n\
         for _ in range({threads}):\n    \
         threading.Thread(target=time.sleep, args=(3600,), daemon=True).start()\n\
         time.sleep(3600)"
    );
    let fixture = Fixture::spawn("python3", &["-c", &script]);
    let others = || -> Vec<i32> {
        let mut tids: Vec<i32> = std::fs::read_dir(format!("/proc/{}/task", fixture.pid))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|t| t.file_name().to_str()?.parse().ok())
            .filter(|&tid| tid != fixture.pid)
            .collect();
        tids.sort();
        tids
    };
    wait_until(
        || others().len() == threads,
        &format!("{threads} more threads"),
    );
    let tids = others();
    (fixture, tids)
}

/// The fields of /proc/PID/stat after the command name, the state first;
/// none once the process is gone.
pub fn stat_fields(pid: i32) -> Vec<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit_once(") ")
        .map(|(_, rest)| rest.split(' ').map(str::to_owned).collect())
        .unwrap_or_default()
}

/// utime + stime of /proc/PID/stat (a thread's too), in clock ticks.
pub fn cpu_ticks(pid: i32) -> u64 {
    let fields = stat_fields(pid);
    [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<u64>().ok())
        .sum()
}

/// A kernel thread, if this PID namespace shows any.
pub fn kernel_thread() -> Option<i32> {
    // PF_KTHREAD in the flags field (the 9th) of stat.
    const PF_KTHREAD: u32 = 0x0020_0000;
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .find(|&pid| {
            stat_fields(pid)
                .get(6)
                .and_then(|flags| flags.parse::<u32>().ok())
                .is_some_and(|flags| flags & PF_KTHREAD != 0)
        })
}

/// `text` without its SGR sequences (`ESC[...m`).
pub fn without_colour(text: &str) -> String {
    let mut pieces = text.split("\x1b[");
    let mut plain = pieces.next().unwrap_or_default().to_string();
    for piece in pieces {
        let (_, after) = piece
            .split_once('m')
            .unwrap_or_else(|| panic!("unterminated escape in {text:?}"));
        plain.push_str(after);
    }
    plain
}

/// The elements of the one JSON array kps printed.
pub fn json_array(output: &Output) -> Vec<serde_json::Value> {
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "kps did not print one JSON document ({e}):\n{}\nstderr: {}",
            stdout(output),
            stderr(output)
        )
    });
    match value {
        serde_json::Value::Array(items) => items,
        other => panic!("not an array: {other}"),
    }
}

/// Runs `cmd` to its end, output piped; it must succeed.
pub fn output_of(cmd: &mut Command) -> Output {
    let output = cmd
        .output()
        .unwrap_or_else(|e| panic!("run {:?}: {e}", cmd.get_program()));
    assert!(
        output.status.success(),
        "{:?} {:?}: {:?}\nstderr: {}",
        cmd.get_program(),
        cmd.get_args().collect::<Vec<_>>(),
        output.status,
        stderr(&output)
    );
    output
}

/// The directory and the path a strace line (traced with `-y`) names in its
/// first path argument: an absolute path, or one relative to the directory
/// its descriptor argument stands for (`openat(3</proc/42>, "stat"`), which
/// is empty when there is none.
pub fn traced_path(call: &str) -> Option<(&str, &str)> {
    let args = call.split_once('(')?.1;
    let (dir, path) = match args.split_once(", \"") {
        Some((first, rest)) if !first.starts_with('"') => {
            let dir = first
                .split_once('<')
                .and_then(|(_, d)| d.strip_suffix('>'))
                .unwrap_or("");
            (dir, rest)
        }
        _ => ("", args.strip_prefix('"')?),
    };
    Some((dir, path.split_once('"')?.0))
}

/// The paths a traced call names: an absolute path, or a relative one under
/// the directory its descriptor stands for (`newfstatat(3</x/42/fd>, "4"`).
pub fn named_path(call: &str) -> Option<String> {
    let (dir, path) = traced_path(call)?;
    // An empty path acts on a descriptor, whose open is listed already.
    if path.is_empty() {
        return None;
    }
    Some(if path.starts_with('/') || dir.is_empty() {
        path.to_string()
    } else {
        format!("{dir}/{path}")
    })
}

/// What `kps ARGS` prints on a new pseudo-terminal (under script(1)), with
/// the terminal's CR LF turned back into LF. `stty` sets the terminal up
/// first (`cols 80`), unless empty; COLUMNS, LINES and NO_COLOR are only
/// as `env` sets them.
pub fn kps_on_a_pty(stty: &str, args: &[&str], env: &[(&str, &str)]) -> String {
    let quoted: Vec<String> = std::iter::once(KPS)
        .chain(args.iter().copied())
        .map(|word| format!("'{}'", word.replace('\'', r"'\''")))
        .collect();
    let setup = if stty.is_empty() {
        String::new()
    } else {
        format!("stty {stty}; ")
    };
    let command = format!("{setup}{}", quoted.join(" "));
    let output = output_of(
        Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .env_remove("COLUMNS")
            .env_remove("LINES")
            .env_remove("NO_COLOR")
            .envs(env.iter().copied())
            .stdin(Stdio::null()),
    );
    stdout(&output).replace("\r\n", "\n")
}

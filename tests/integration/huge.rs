//! Huge inputs: a process with 10,000 descriptors, one with 1,000 threads,
//! one with 1 MiB of arguments, and (ignored by default) 20,000 processes.
//! The output must be right, compared with /proc itself, ps and lsof, and
//! kps' peak memory must grow no faster than what it prints.
//!
//! The memory bound is `BASE_KIB + RSS_PER_OUTPUT_BYTE × output` against
//! kps' peak RSS (`ru_maxrss` from wait4). `BASE_KIB` is the resident size
//! of a small listing measured in the same test (the binary, the C library,
//! the locale, rayon's threads), plus 16 MiB for the allocator's arenas and
//! the readers' buffers; the per-byte factor allows what a view holds to
//! print (each row's values, their text, the JSON tree) several times over.
//! Measured: `fds` of 10,000 descriptors peaks about 4 MiB above the small
//! listing for 550 KiB of text (7 bytes per byte printed; 21 MiB when it
//! drew the whole table at once), `fds --json` about 13 MiB for 1.1 MiB, a
//! 1 MiB command line under 1 MiB. A view that grew with something other than
//! what it prints (a copy of every file it reads, every process' smaps) would
//! fail. A child's `ru_maxrss` starts at the high-water mark of the process
//! that spawned it (exec records it), here the test binary's; the small
//! listing is measured the same way, so that floor is inside the base.
//!
//! The 20,000-process test raises `pid_max` if it must (restoring it after):
//! `cargo test --release --test integration huge:: -- --ignored`.

use std::collections::BTreeSet;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitStatus, Output, Stdio};
use std::sync::OnceLock;

use crate::common::{Fixture, KPS, ps, stdout, wait_until};

/// Headroom over the measured resident size of a small listing.
const BASE_HEADROOM_KIB: u64 = 16 * 1024;
/// Bytes of peak memory allowed per byte printed.
const RSS_PER_OUTPUT_BYTE: u64 = 8;

/// kps' output and its peak resident set in KiB.
#[allow(
    clippy::zombie_processes,
    reason = "wait4 reaps the child, for its resource usage"
)]
fn kps_measured(args: &[&str]) -> (Output, u64) {
    let mut child = Command::new(KPS)
        .args(args)
        .env_remove("COLUMNS")
        .env_remove("PS_FORMAT")
        .env_remove("PS_PERSONALITY")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run kps");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        out.read_to_end(&mut text).map(|_| text)
    });
    let mut stderr = Vec::new();
    err.read_to_end(&mut stderr).expect("read kps' stderr");
    let stdout = reader
        .join()
        .expect("reader thread")
        .expect("read kps' stdout");
    let mut status = 0;
    // SAFETY: rusage is plain integers, for which all zeroes is a value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child, with pointers to live locals; std's
    // Child is not waited on afterwards, so the PID is reaped only here.
    let reaped = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(reaped, child.id() as i32, "wait4 on kps");
    let output = Output {
        status: ExitStatus::from_raw(status),
        stdout,
        stderr,
    };
    (output, usage.ru_maxrss as u64)
}

/// The peak RSS of a listing of one process: what kps costs before it
/// reads anything big.
fn small_peak_kib() -> u64 {
    let (output, peak) = kps_measured(&["-o", "pid", "-p", "1"]);
    assert!(output.status.success(), "{output:?}");
    peak
}

/// Checks the bound explained at the top of the file.
fn assert_bounded(what: &str, peak_kib: u64, output_bytes: usize) {
    let base = small_peak_kib() + BASE_HEADROOM_KIB;
    let bound = base + RSS_PER_OUTPUT_BYTE * output_bytes as u64 / 1024;
    eprintln!(
        "{what}: peak RSS {peak_kib} KiB for {output_bytes} bytes of output (bound {bound} KiB)"
    );
    assert!(
        peak_kib <= bound,
        "{what}: peak RSS {peak_kib} KiB > {bound} KiB for {output_bytes} bytes of output"
    );
}

fn success(output: &Output) -> String {
    assert!(
        output.status.success(),
        "kps failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(output)
}

/// The python3 interpreter itself, not a wrapper (pyenv's shim is a shell
/// script, whose arguments and descriptors are not the fixture's).
fn interpreter() -> &'static str {
    static PATH: OnceLock<String> = OnceLock::new();
    PATH.get_or_init(|| {
        let found = Command::new("python3")
            .args(["-c", "import sys; print(sys.executable)"])
            .output()
            .expect("run python3");
        String::from_utf8_lossy(&found.stdout).trim().to_string()
    })
}

/// A python3 process running `script`, in its own process group.
fn python(script: &str, args: &[&str]) -> Fixture {
    let mut all = vec!["-c", script];
    all.extend_from_slice(args);
    Fixture::spawn(interpreter(), &all)
}

fn fd_numbers(pid: i32) -> BTreeSet<u32> {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|dir| {
            dir.flatten()
                .filter_map(|e| e.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

const DESCRIPTORS: usize = 10_000;

#[test]
fn ten_thousand_descriptors() {
    // Pipes, socket pairs and /dev/null, under a raised descriptor limit.
    let script = format!(
        "import os, resource, socket, time\n\
         n = {DESCRIPTORS}\n\
         soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)\n\
         want = n + 64\n\
         resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, want), max(hard, want)))\n\
         keep = []\n\
         for i in range(n // 10):\n    keep.extend(os.pipe())\n\
         for i in range(n // 20):\n    keep.extend(socket.socketpair())\n\
         null = os.open('/dev/null', os.O_RDONLY)\n\
         count = lambda: len(os.listdir('/proc/self/fd')) - 1  # less listdir's own\n\
         for i in range(n - count()):\n    keep.append(os.dup(null))\n\
         time.sleep(3600)\n"
    );
    let fixture = python(&script, &[]);
    let pid = fixture.pid;
    wait_until(
        || fd_numbers(pid).len() >= DESCRIPTORS,
        "the fixture's 10,000 descriptors",
    );
    let fds = fd_numbers(pid);
    let pid_text = pid.to_string();

    let (output, peak) = kps_measured(&["fds", &pid_text]);
    let text = success(&output);
    let listed: BTreeSet<u32> = text
        .lines()
        .filter_map(|line| line.split_whitespace().next()?.parse().ok())
        .collect();
    assert_eq!(listed, fds, "kps fds against /proc/{pid}/fd");
    let rows = text
        .lines()
        .filter(|line| {
            line.split_whitespace()
                .next()
                .is_some_and(|w| w.parse::<u32>().is_ok())
        })
        .count();
    assert_eq!(rows, fds.len(), "one row per descriptor");
    assert_bounded("kps fds", peak, output.stdout.len());

    // lsof names each descriptor by its number and mode (`3u`, `12r`).
    let lsof = Command::new("lsof")
        .args(["-n", "-P", "-p", &pid_text])
        .output()
        .expect("run lsof");
    let by_lsof: BTreeSet<u32> = String::from_utf8_lossy(&lsof.stdout)
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fd = line.split_whitespace().nth(3)?;
            fd.trim_end_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .ok()
        })
        .collect();
    assert_eq!(by_lsof, fds, "lsof against /proc/{pid}/fd");

    // show counts them.
    let (output, peak) = kps_measured(&["show", &pid_text]);
    let text = success(&output);
    let total = text
        .lines()
        .skip_while(|line| *line != "file descriptors")
        .find_map(|line| line.trim().strip_prefix("total"))
        .map(str::trim);
    assert_eq!(total, Some(fds.len().to_string().as_str()), "{text}");
    assert_bounded("kps show", peak, output.stdout.len());

    // And JSON holds every one.
    let (output, peak) = kps_measured(&["fds", "--json", &pid_text]);
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("kps fds --json is JSON");
    let numbered = json[0]
        .get("fds")
        .and_then(serde_json::Value::as_array)
        .map(|fds| {
            fds.iter()
                .filter(|fd| fd.get("fd").is_some_and(serde_json::Value::is_u64))
                .count()
        });
    assert_eq!(numbered, Some(fds.len()), "descriptors in kps fds --json");
    assert_bounded("kps fds --json", peak, output.stdout.len());
}

const THREADS: usize = 1_000;

fn thread_count(pid: i32) -> usize {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("Threads:"))
                .and_then(|n| n.trim().parse().ok())
        })
        .unwrap_or(0)
}

#[test]
fn a_thousand_threads() {
    // Small stacks: a thousand threads, all waiting on one event.
    let script = format!(
        "import threading, time\n\
         threading.stack_size(256 * 1024)\n\
         done = threading.Event()\n\
         for i in range({THREADS}):\n    threading.Thread(target=done.wait, daemon=True).start()\n\
         time.sleep(3600)\n"
    );
    let fixture = python(&script, &[]);
    let pid = fixture.pid;
    wait_until(
        || thread_count(pid) == THREADS + 1,
        "the fixture's 1,000 threads",
    );
    let pid_text = pid.to_string();

    let nlwp = success(&kps_measured(&["-o", "nlwp=", "-p", &pid_text]).0);
    assert_eq!(nlwp.trim(), (THREADS + 1).to_string());
    assert_eq!(nlwp, stdout(&ps(&["-o", "nlwp=", "-p", &pid_text])));

    for option in ["-L", "-T"] {
        let args = [option, "-o", "pid,tid,comm", "-p", &pid_text];
        let (output, peak) = kps_measured(&args);
        let text = success(&output);
        assert_eq!(
            text.lines().count(),
            THREADS + 2,
            "{option}: header and a row each"
        );
        // The threads sleep: ps must print the same rows, in the same order.
        assert_eq!(text, stdout(&ps(&args)), "kps {option} against ps {option}");
        assert_bounded(&format!("kps {option}"), peak, output.stdout.len());
    }

    let text = success(&kps_measured(&["show", &pid_text]).0);
    assert!(
        text.lines()
            .any(|line| line == format!("threads ({})", THREADS + 1)),
        "{text}"
    );
}

/// procps' output buffer, which holds one line and its NUL.
const PS_LINE_BUFFER: usize = 128 * 1024;

/// Equal texts; when not, where they part, without printing megabytes.
fn same_text(what: &str, got: &str, wanted: &str) {
    if got == wanted {
        return;
    }
    let at = got
        .bytes()
        .zip(wanted.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let around = |s: &str| {
        String::from_utf8_lossy(&s.as_bytes()[at.saturating_sub(40)..(at + 40).min(s.len())])
            .into_owned()
    };
    panic!(
        "{what}: {} bytes against {} wanted, first difference at byte {at}: {:?} against {:?}",
        got.len(),
        wanted.len(),
        around(got),
        around(wanted)
    );
}

#[test]
fn a_megabyte_of_arguments() {
    // 16 arguments of 64 KiB (one argument may hold at most 128 KiB), each
    // different, so that a dropped or repeated one shows.
    let arguments: Vec<String> = (0..16)
        .map(|i| {
            let unit = format!("arg{i:02}-{}", "abcdefghijklmnopqrstuvwxyz0123456789");
            unit.repeat(64 * 1024 / unit.len() + 1)[..64 * 1024].to_string()
        })
        .collect();
    let argv: Vec<&str> = arguments.iter().map(String::as_str).collect();
    let fixture = python("import time; time.sleep(3600)", &argv);
    let pid = fixture.pid;
    let cmdline = || std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    wait_until(|| cmdline().len() > 1 << 20, "the fixture's arguments");
    let expected = String::from_utf8(cmdline())
        .expect("ASCII arguments")
        .trim_end_matches('\0')
        .replace('\0', " ");
    let pid_text = pid.to_string();

    let (output, peak) = kps_measured(&["-ww", "-o", "args=", "-p", &pid_text]);
    let text = success(&output);
    same_text("kps -ww -o args", text.trim_end_matches('\n'), &expected);
    // procps cuts the line at its 128 KiB output buffer (COMPATIBILITY in
    // the man page); up to there, the same text.
    let by_ps = stdout(&ps(&["-ww", "-o", "args=", "-p", &pid_text]));
    let cut = by_ps.trim_end_matches('\n');
    assert_eq!(cut.len(), PS_LINE_BUFFER - 1, "ps' line buffer");
    same_text("kps against ps -ww -o args", &text[..cut.len()], cut);
    assert_bounded("kps -ww -o args", peak, output.stdout.len());

    let (output, peak) = kps_measured(&["-ww", "-o", "pid,args", "-p", &pid_text, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let args = json
        .as_array()
        .and_then(|rows| rows.first())
        .and_then(|row| row.get("args"))
        .and_then(serde_json::Value::as_str);
    same_text("args in JSON", args.unwrap_or_default(), &expected);
    assert_bounded("kps --json -o pid,args", peak, output.stdout.len());
}

const PROCESSES: usize = 20_000;

/// A kernel tunable under /proc/sys raised for the test's life, restored
/// when dropped.
struct Raised {
    path: &'static str,
    old: Option<String>,
}

impl Raised {
    fn at_least(path: &'static str, wanted: u64) -> Raised {
        let old = std::fs::read_to_string(path).expect("read a kernel tunable");
        let current: u64 = old.trim().parse().expect("a number");
        if current >= wanted {
            return Raised { path, old: None };
        }
        std::fs::write(path, wanted.to_string())
            .unwrap_or_else(|e| panic!("raise {path} to {wanted} (needs root): {e}"));
        Raised {
            path,
            old: Some(old),
        }
    }
}

impl Drop for Raised {
    fn drop(&mut self) {
        if let Some(old) = &self.old {
            let _ = std::fs::write(self.path, old.trim());
        }
    }
}

/// The number that starts a line of `kps tree` after its art.
fn tree_pid(line: &str) -> Option<i32> {
    let from = line.trim_start_matches(|c: char| !c.is_ascii_digit());
    let digits: String = from.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[test]
#[ignore = "starts 20,000 processes and may raise kernel.pid_max: run it alone, as root"]
fn twenty_thousand_processes() {
    // Room for the fixtures and what the machine already runs.
    let _pid_max = Raised::at_least("/proc/sys/kernel/pid_max", 4 * PROCESSES as u64);
    let _threads_max = Raised::at_least("/proc/sys/kernel/threads-max", 4 * PROCESSES as u64);
    // A parent that spawns the sleeps, lifts its process limit, and on
    // SIGTERM kills and reaps them all.
    let script = format!(
        "import os, resource, signal, sys, time\n\
         inf = resource.RLIM_INFINITY\n\
         try:\n    resource.setrlimit(resource.RLIMIT_NPROC, (inf, inf))\n\
         except (ValueError, OSError):\n    pass\n\
         kids = []\n\
         def stop(*_):\n    \
             for k in kids:\n        os.kill(k, signal.SIGKILL)\n    \
             for k in kids:\n        os.waitpid(k, 0)\n    \
             sys.exit(0)\n\
         signal.signal(signal.SIGTERM, stop)\n\
         for i in range({PROCESSES}):\n    kids.append(os.posix_spawn('/bin/sleep', ['sleep', '3600'], {{}}))\n\
         while True:\n    time.sleep(3600)\n"
    );
    let fixture = python(&script, &[]);
    let started = std::time::Instant::now();
    let ready = || {
        let kids = crate::common::children_of(fixture.pid);
        kids.len() == PROCESSES && kids.iter().all(|&k| crate::common::proc_comm(k) == "sleep")
    };
    // Spawning 20,000 processes on a busy machine takes a while: poll longer
    // than the common 30 seconds.
    while !ready() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(600),
            "timed out waiting for {PROCESSES} processes"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let kids: BTreeSet<i32> = crate::common::children_of(fixture.pid)
        .into_iter()
        .collect();

    // Each run shows every fixture (read from its lines by `pid_of`) in
    // bounded memory.
    let listed_pid: fn(&str) -> Option<i32> = |line| line.trim().parse().ok();
    for (args, pid_of) in [
        (&["-e", "-o", "pid="][..], listed_pid),
        (&["tree"], tree_pid),
    ] {
        let (output, peak) = kps_measured(args);
        let shown: BTreeSet<i32> = success(&output).lines().filter_map(pid_of).collect();
        let missing = kids.difference(&shown).count();
        assert_eq!(missing, 0, "kps {args:?} misses {missing} fixtures");
        assert_bounded(&format!("kps {args:?}"), peak, output.stdout.len());
    }

    let (output, peak) = kps_measured(&["-e", "-o", "pid,user,stat,rss,args"]);
    success(&output);
    assert_bounded(
        "kps -e -o pid,user,stat,rss,args",
        peak,
        output.stdout.len(),
    );

    crate::common::signal(fixture.pid, 15);
    let mut fixture = fixture;
    let _ = fixture.child.wait();
}

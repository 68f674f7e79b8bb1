//! Classes of command lines once found printing something else than procps
//! ps 4.0.2, each compared with /usr/bin/ps on quiet fixtures; and, where
//! procps itself is broken, what kps prints instead.

use std::process::{Command, Output, Stdio};

use crate::common::*;
use crate::ps_compat::{assert_same_error, assert_same_failure};

/// Digits after BSD letters are a list of PIDs that ends the word, as procps
/// reads them (`ps u1`, `ps s1,2`).
#[test]
fn digits_after_bsd_letters_are_process_ids() {
    let group = Fixture::quiet_group(2);
    let kids = group.children();
    let list = format!("{},{}", kids[0], kids[1]);
    for args in [
        format!("u{}", kids[0]),
        format!("s{list}"),
        format!("j{list}"),
        format!("vh{list}"),
    ] {
        assert_matches_ps(&[&args], 1);
    }
    let ours = stdout(&kps(&[&format!("u{list}")]));
    assert_eq!(ours.lines().count(), 3, "{ours}");
    // Checks after the list still run: threads and a forest conflict.
    assert_same_error(&["fjxm2"], &[]);
    assert_same_error(&[&format!("u{}x", kids[0])], &[]);
}

/// A link named `ps` to kps is procps' ps: no subcommands, so `ps env 1` is
/// BSD `e`, `n` and `v` for PID 1, and `ps tree` fails as ps fails. Under
/// its own name, kps' subcommands win.
#[test]
fn invoked_as_ps_every_word_is_a_ps_option() {
    let dir = std::env::temp_dir().join(format!("kps-as-ps-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let link = dir.join("ps");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(KPS, &link).expect("symlink ps");
    let run = |program: &str, args: &[&str]| -> Output {
        let program = if program == KPS {
            link.as_os_str()
        } else {
            "ps".as_ref()
        };
        plain_command(program).args(args).output().expect("run")
    };
    let group = Fixture::quiet_group(1);
    let pid = group.children()[0].to_string();
    let args = ["env", pid.as_str()];
    assert_runs_match(&args, 1, |program| run(program, &args));
    // procps has no --generate: a link named ps fails on it as ps does.
    for args in [
        &["tree"][..],
        &["show"],
        &["fds"],
        &["tree", &pid],
        &["--generate", "man"],
        &["--generate=bash"],
    ] {
        assert_same_failure(args, &run(KPS, args), &run("ps", args));
    }
    // As kps, `env PID` is the environment view.
    let env = stdout(&kps(&args));
    assert!(env.lines().any(|l| l.starts_with("PATH=")), "{env}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// procps' named formats (`DefBSD`, `DefSysV`, the other systems' lists)
/// are format lists of their own, in `PS_FORMAT` and in `-o`.
#[test]
fn named_formats_are_format_lists() {
    let group = Fixture::quiet_group(1);
    let pid = group.children()[0].to_string();
    for format in ["DefBSD", "DefSysV", "pid,FB_j"] {
        let env = [("PS_FORMAT", format)];
        let args = ["-p", pid.as_str()];
        assert_matches_ps_env(&args, &env, 1);
        assert_eq!(
            stderr(&kps_env(&args, &env)),
            stderr(&ps_env(&args, &env)),
            "PS_FORMAT={format}"
        );
    }
    assert_matches_ps(&["-o", "uid,DefSysV=X", "-p", &pid], 1);
    assert_same_error(&["-o", "DefBSD:9"], &[]);
}

/// Under `-N`, a user or group ID past 32 bits is cut to 32 as procps'
/// conversion cuts it: 4294967296 is 0, so `-N` lists everyone else.
#[test]
fn negated_ids_past_32_bits_wrap() {
    let other = Fixture::nobody_sleeper("3620");
    for option in ["-u", "-U", "-g", "-G"] {
        let args = ["-N", option, "4294967296", "-o", "pid,uid,gid,comm"];
        assert_matches_ps(&args, 1);
        let ours = stdout(&kps(&args));
        assert!(row_with(&ours, 0, &other.pid_str()).is_some(), "{ours}");
        assert!(row_with(&ours, 0, "1").is_none(), "{option}: {ours}");
    }
}

/// Numbers past 64 bits are out of range, not malformed; an empty list
/// item is an improper list.
#[test]
fn numbers_past_64_bits_and_empty_formats_fail_as_in_ps() {
    const PAST_64_BITS: &str = "18446744073709551616";
    for (option, value) in [
        ("-p", PAST_64_BITS),
        ("-u", PAST_64_BITS),
        ("-G", "99999999999999999999999"),
        ("-p", "+"),
        ("-o", ","),
        ("-o", ", "),
    ] {
        assert_same_error(&[option, value], &[]);
    }
}

/// `LIBPROC_HIDE_KERNEL`, set to anything: procps' library leaves out
/// kthreadd and its children, whatever the selection.
#[test]
fn hide_kernel_leaves_kernel_threads_out() {
    let group = Fixture::quiet_group(1);
    let env = [("LIBPROC_HIDE_KERNEL", "")];
    let args = ["-e", "-o", "pid,ppid,comm"];
    assert_matches_ps_env(&args, &env, 1);
    let ours = stdout(&kps_env(&args, &env));
    assert!(row_with(&ours, 0, &group.pid_str()).is_some(), "{ours}");
    assert!(row_with(&ours, 0, "2").is_none(), "{ours}");
    assert!(row_with(&ours, 1, "2").is_none(), "{ours}");
    for args in [
        &["-p", "2"][..],
        &["-q", "2"],
        &["-N", "-p", "1", "-o", "ppid="],
    ] {
        let (ours, theirs) = (kps_env(args, &env), ps_env(args, &env));
        assert_eq!(ours.status.code(), theirs.status.code(), "{args:?}");
        if args[0] == "-N" {
            assert!(!stdout(&ours).lines().any(|l| l.trim() == "2"), "{args:?}");
        } else {
            assert_eq!(stdout(&ours), stdout(&theirs), "{args:?}");
        }
    }
}

/// ps reads itself while it runs, so its own row is R and `ps r` on a
/// terminal always lists it; kps' own row reads as running too, however
/// many processes it reads at once.
#[test]
fn own_row_reads_as_running() {
    let on_a_terminal = Command::new("script")
        .args(["-qc", &format!("{KPS} r -o stat,comm"), "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("run script");
    let text = stdout(&on_a_terminal);
    // Its own row; another may show too: a process left by an earlier
    // session of the same terminal number keeps the number as its terminal.
    assert!(
        text.lines()
            .skip(1)
            .any(|row| row.starts_with('R') && row.trim_end().ends_with("kps")),
        "{text}"
    );
    for args in [
        &["x", "r", "-o", "pid,stat,comm"][..],
        &["ax", "-o", "pid,stat,comm"],
    ] {
        let child = Command::new(KPS)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("run kps");
        let own = child.id().to_string();
        let output = child.wait_with_output().expect("wait for kps");
        assert!(output.status.success(), "{args:?}");
        let text = stdout(&output);
        let row = row_with(&text, 0, &own).unwrap_or_else(|| panic!("{args:?}: {text}"));
        let stat = row.split_whitespace().nth(1).unwrap_or_default();
        assert!(stat.starts_with('R'), "{args:?}: {row}");
    }
}

/// procps sorts some specifiers by a data item they do not print: the raw
/// kernel flags for `f`, the virtual size for `size` and the text sizes, the
/// state letter for `sgi_p`.
#[test]
fn sort_keys_that_print_something_else_sort_as_in_ps() {
    // Started in this order: the PID order differs from each key's order.
    let stopped = Fixture::stopped_sleeper("3630");
    let sleeping = Fixture::spawn("sleep", &["3631"]);
    let script = |setup: &str| {
        format!("import mmap, sys, time\n{setup}\nprint(flush=True)\ntime.sleep(3600)")
    };
    // Mapped read-only, 400 MiB is virtual size but not data.
    let mapped = Fixture::spawn(
        "python3",
        &[
            "-c",
            &script("m = mmap.mmap(-1, 400 << 20, prot=mmap.PROT_READ)"),
        ],
    );
    let heap = Fixture::spawn("python3", &["-c", &script("b = bytearray(100 << 20)")]);
    let vsz = |pid: i32| {
        stdout(&ps(&["-o", "vsz=", "-p", &pid.to_string()]))
            .trim()
            .parse::<u64>()
            .unwrap_or(0)
    };
    wait_until(
        || vsz(mapped.pid) > vsz(heap.pid) + (200 << 10) && vsz(heap.pid) > 100 << 10,
        "the memory fixtures to map their memory",
    );
    // A sleep whose environment makes its stack, and so its data, larger
    // than a shell's, whose code makes its virtual size the larger one.
    let mut big_env = Command::new("sleep");
    big_env.arg("3643").env_clear();
    for i in 0..15 {
        big_env.env(format!("K{i}"), "x".repeat(100_000));
    }
    let big_env = Fixture::from_command(big_env);
    let shell = Fixture::spawn("bash", &["-c", "sleep 3644; :"]);
    let data_and_code = format!("{},{}", big_env.pid, shell.pid);
    let kthreadd_and = format!("2,{}", sleeping.pid);
    let states = format!("{},{}", stopped.pid, sleeping.pid);
    let memory = format!("{},{}", mapped.pid, heap.pid);
    let cases: &[(&str, &str, &str)] = &[
        (&kthreadd_and, "-flags", "pid,f,comm"),
        (&kthreadd_and, "f", "pid,flag,comm"),
        (&kthreadd_and, "-flag", "pid,flags,comm"),
        (&memory, "size", "pid,size,comm"),
        (&data_and_code, "dsiz", "pid,dsiz,comm"),
        // Sorted by what procps fetched for another column, or left as is.
        (&memory, "vsize", "pid,trs,comm"),
        (&memory, "vsize", "pid,comm"),
        (&kthreadd_and, "-fgid", "pid,f,comm"),
        (&kthreadd_and, "-fgid", "pid,comm"),
        (&data_and_code, "drs", "pid,drs,comm"),
        (&memory, "trs", "pid,trs,comm"),
        (&memory, "tsiz", "pid,tsiz,comm"),
        (&memory, "trss", "pid,trss,comm"),
        (&memory, "m_trs", "pid,m_trs,comm"),
        (&states, "sgi_p", "pid,sgi_p,stat,comm"),
    ];
    for (pids, key, format) in cases {
        let sort = format!("--sort={key}");
        assert_same_output(&["-p", pids, &sort, "-o", format], 2);
    }
    assert_same_output(&["O+v", "-o", "pid,tsiz", "-p", &memory], 2);

    // Two terminals and none, started so that the PID order is not the
    // order of their names either way.
    let (_first_pty, first) = crate::common::sleeper_on_a_pty("3645");
    let (_second_pty, second) = crate::common::sleeper_on_a_pty("3646");
    let terminals = format!("{first},{},{second}", sleeping.pid);
    for key in ["tty4", "-tty4"] {
        for format in ["pid,tty4,comm", "pid,tty,comm", "pid,tname,tty4"] {
            let sort = format!("--sort={key}");
            assert_same_output(&["-p", &terminals, &sort, "-o", format], 3);
        }
    }
}

/// kps and ps print the same, over quiet fixtures: exactly, repeats and
/// order included, and at least `rows` rows under the header (a busy
/// machine may change a row between the runs: a real difference survives
/// three).
fn assert_same_output(args: &[&str], rows: usize) {
    let mut last = None;
    for _ in 0..3 {
        let (ours, theirs) = (stdout(&kps(args)), stdout(&ps(args)));
        if ours == theirs {
            assert!(ours.lines().count() > rows, "{args:?}: {ours}");
            return;
        }
        last = Some((ours, theirs));
    }
    let (ours, theirs) = last.unwrap_or_default();
    assert_eq!(ours, theirs, "{args:?}");
}

/// What could not be read sorts as the zero procps leaves in its place:
/// to `nobody`, the io file of root's processes.
#[test]
fn unreadable_values_sort_as_zero() {
    let root = Fixture::spawn("sleep", &["3632"]);
    let nobody = Fixture::nobody_sleeper("3633");
    let pids = format!("{},{}", root.pid, nobody.pid);
    let as_nobody = |program: &std::path::Path| {
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(program)
            .args(["-p", &pids, "--sort=-rbytes", "-o", "pid,rbytes,comm"])
            .stdin(Stdio::null())
            .output()
            .expect("run setpriv")
    };
    let ours = stdout(&as_nobody(kps_for_anyone()));
    let theirs = stdout(&as_nobody(std::path::Path::new("/usr/bin/ps")));
    assert_eq!(ours, theirs);
    assert_eq!(ours.lines().count(), 3, "{ours}");
}

/// `-q` with thread rows: ps reads a PID given twice in a row once, and
/// orders `-m` rows by process.
#[test]
fn quick_pids_with_threads_as_in_ps() {
    let first = Fixture::spawn("sleep", &["3634"]);
    let second = Fixture::spawn("sleep", &["3635"]);
    let (a, b) = (first.pid_str(), second.pid_str());
    for (option, pids, rows) in [
        ("-m", format!("{b},{a}"), 4),
        ("-m", format!("{a},{b},{a}"), 5),
        ("-L", format!("{a},{a}"), 1),
        ("-L", format!("{b},{a},{b}"), 3),
        ("-T", format!("{b},{b},{a}"), 2),
        ("H", format!("{a},{a}"), 1),
    ] {
        assert_same_output(&[option, "-q", &pids, "-o", "pid,tid,comm"], rows);
    }
}

/// A multi-threaded fixture whose threads are named `worker`, run under a
/// name of its own so that `-C` selects only it.
fn threaded_fixture(name: &str) -> (Fixture, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("kps-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let program = dir.join(name);
    let _ = std::fs::remove_file(&program);
    // The interpreter itself: `python3` on PATH may be a wrapper that
    // dispatches by the name it is run under.
    let python = String::from_utf8_lossy(
        &Command::new("python3")
            .args(["-c", "import sys; print(sys.executable)"])
            .output()
            .expect("find python3")
            .stdout,
    )
    .trim()
    .to_string();
    std::os::unix::fs::symlink(python, &program).expect("link python3");
    let script = "import threading, time\n\
        def work():\n    open('/proc/self/task/%d/comm' % threading.get_native_id(), 'w').write('worker')\n    time.sleep(3600)\n\
        for _ in range(2):\n    threading.Thread(target=work, daemon=True).start()\n\
        time.sleep(3600)\n";
    let fixture = Fixture::spawn(program.to_str().unwrap_or_default(), &["-c", script]);
    let workers = || {
        std::fs::read_dir(format!("/proc/{}/task", fixture.pid))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|t| {
                std::fs::read_to_string(t.path().join("comm")).is_ok_and(|c| c.trim() == "worker")
            })
            .count()
    };
    wait_until(|| workers() == 2, "two worker threads");
    (fixture, dir)
}

/// `-m -C NAME` shows every thread of the processes named NAME, whatever
/// their threads are named.
#[test]
fn threads_of_selected_processes_follow_them() {
    let (fixture, dir) = threaded_fixture("kpsthreads");
    for args in [
        &["-m", "-C", "kpsthreads", "-o", "pid,tid,comm"][..],
        &["m", "-C", "kpsthreads", "-o", "pid,tid,comm"],
    ] {
        assert_same_output(args, 4);
    }
    drop(fixture);
    let _ = std::fs::remove_dir_all(&dir);
}

/// BSD `O` with the old sort letters: procps stops at a letter it has no
/// column for (`J`, `K`), and a letter without a sign of its own after the
/// first sorts nothing.
#[test]
fn old_sort_letters_sort_as_in_ps() {
    let _group = Fixture::quiet_group(3);
    for keys in ["OK-p", "OJ-p", "O-K+m", "O-kg", "Ogp", "Op-g"] {
        assert_matches_ps(&["ax", keys, "-o", "pid,pgid,comm"], 1);
    }
}

/// Widths procps keeps whatever the format asks: `%2u` for `c` and `util`,
/// `%3u` for `cp`; and the samples of the test specifiers, which depend on
/// where the header is.
#[test]
fn widths_and_test_samples_as_in_ps() {
    let group = Fixture::quiet_group(3);
    let mut pids = group.children();
    pids.push(group.pid);
    let pids: Vec<String> = pids.iter().map(|p| p.to_string()).collect();
    let pids = pids.join(",");
    let samples = "_left,_left2,_right,_right2,_unlimited,_unlimited2";
    for args in [
        &["-o", "c:1,util:1,cp:1,pid", "-p", &pids][..],
        &["-o", &format!("pid,{samples}"), "-p", &pids],
        &["--no-headers", "-o", &format!("pid,{samples}"), "-p", &pids],
        &["h", "-o", &format!("pid,{samples}"), "-p", &pids],
        &["-o", "pid=,_left=,_right=,_unlimited2=", "-p", &pids],
        &[
            "--headers",
            "--rows",
            "3",
            "-o",
            &format!("pid,{samples}"),
            "-p",
            &pids,
        ],
    ] {
        assert_same_output(args, 3);
    }
}

/// Where procps 4.0.2 is broken, kps prints each thread's own values, does
/// not crash, and cuts no line short with an error.
#[test]
fn where_procps_is_broken_kps_is_sane() {
    let niced = Fixture::niced_sleeper(7, "3636");
    let pid = niced.pid_str();
    // Thread rows under -m: PSR, PRI, NI, CLS and WCHAN of the thread.
    let text = stdout(&kps(&[
        "-m",
        "-o",
        "pid,tid,psr,pri,ni,cls,wchan",
        "-p",
        &pid,
    ]));
    let thread = row_with(&text, 1, &pid).unwrap_or_else(|| panic!("{text}"));
    let fields: Vec<&str> = thread.split_whitespace().collect();
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert!(
        fields[2].parse::<usize>().is_ok_and(|psr| psr < cpus),
        "{thread}"
    );
    assert_eq!(fields[3], "12", "{thread}");
    assert_eq!(fields[4], "7", "{thread}");
    assert_eq!(fields[5], "TS", "{thread}");
    assert_eq!(fields.len(), 7, "{thread}");
    // CPUID and the I/O counters of each thread: a sleeping python thread
    // that read 3 MiB, and the main thread that read less.
    let reader = Fixture::spawn(
        "python3",
        &[
            "-c",
            "import threading, time\n\
             def read():\n    open('/dev/zero', 'rb').read(3 << 20)\n    time.sleep(3600)\n\
             threading.Thread(target=read, daemon=True).start()\n\
             time.sleep(3600)",
        ],
    );
    // The main thread's row has the figures of the whole process, as in ps.
    let task = |tid: &str, file: &str| {
        let path = if tid == reader.pid_str() {
            format!("/proc/{tid}/{file}")
        } else {
            format!("/proc/{}/task/{tid}/{file}", reader.pid)
        };
        std::fs::read_to_string(path).unwrap_or_default()
    };
    let rchar = |tid: &str| {
        let io = task(tid, "io");
        let value = io.lines().find_map(|l| l.strip_prefix("rchar: "));
        value.unwrap_or_default().to_string()
    };
    let tids = || -> Vec<String> {
        let dir = std::fs::read_dir(format!("/proc/{}/task", reader.pid));
        let names = dir.into_iter().flatten().flatten();
        names
            .map(|t| t.file_name().to_string_lossy().into_owned())
            .collect()
    };
    wait_until(
        || {
            tids()
                .iter()
                .any(|t| rchar(t).parse().is_ok_and(|n: u64| n >= 3 << 20))
        },
        "a thread to read 3 MiB",
    );
    let list = "tid,cpuid,rchars,rops";
    let text = stdout(&kps(&["-m", "-o", list, "-p", &reader.pid_str()]));
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), tids().len(), "{text}");
    for row in rows {
        let stat = task(row[0], "stat");
        let after_name = stat.rsplit_once(") ").map_or("", |(_, rest)| rest);
        let processor = after_name.split(' ').nth(36).unwrap_or_default();
        assert_eq!(row[1], processor, "{text}");
        assert_eq!(row[2], rchar(row[0]), "{text}");
    }
    // ps crashes on these.
    for args in [
        &["-ml", "-p", &pid][..],
        &["-m", "-o", "pid,wchan", "-p", &pid],
    ] {
        let output = kps(args);
        assert!(output.status.success(), "{args:?}");
        assert_eq!(stdout(&output).lines().count(), 3, "{args:?}");
    }
    // ps complains once per line above 131072 columns.
    let output = kps(&["--cols", "200000", "-o", "pid,comm", "-p", &pid]);
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
    assert_eq!(stdout(&output).lines().count(), 2);
    // ps prints a thread named like -C's NAME forever when its process has
    // another name; kps selects processes.
    let (fixture, dir) = threaded_fixture("kpsworkers");
    let output = kps(&["-m", "-C", "worker", "-o", "pid,tid,comm"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output).lines().count(), 1, "{}", stdout(&output));
    drop(fixture);
    let _ = std::fs::remove_dir_all(&dir);
}

/// What the differential fuzzer (tests/fuzz_ps.py) found besides: widths
/// past 32 bits as C's atoi cuts them, the warning of a bogus screen size,
/// faults and BSD time sorted by the process' own under `S`.
#[test]
fn fuzzer_findings_match_ps() {
    let group = Fixture::quiet_group(2);
    let pid = group.pid_str();
    assert_same_output(&["-o", "pid,sid:4294967297,comm", "-p", &pid], 1);
    assert_same_error(&["-o", "pid:4294967296"], &[]);
    // Lines never cut still have procps' 131072-byte line to hold the long
    // form of a signal mask: a column that wide leaves the masks narrow.
    for format in ["tsig:99999999999,pid", "pid,tsig:131070,sig_block"] {
        for wide in [&[][..], &["-ww"]] {
            let args = [wide, &["-o", format, "-p", &pid]].concat();
            assert_same_output(&args, 1);
        }
    }
    // procps words an unknown-specifier error once: the first unknown name,
    // even one of a list then read as AIX descriptors.
    assert_same_error(&["--format=%C %p", "-ooomadj,b", "-p", &pid], &[]);
    assert_same_error(&["-oxx", "-oyy", "-p", &pid], &[]);
    for env in [[("LINES", "1")], [("COLUMNS", "5")]] {
        // ps warns as it starts, whatever it then does.
        for args in [
            &["-p", pid.as_str()][..],
            &["--help"],
            &["--version"],
            &["L"],
        ] {
            let (ours, theirs) = (kps_env(args, &env), ps_env(args, &env));
            assert_eq!(stderr(&ours), stderr(&theirs), "{env:?} {args:?}");
            assert!(!ours.stderr.is_empty());
        }
    }
    // --headers prints the header line even when every header is empty.
    for format in ["pgid=", "pgid=,pid="] {
        assert_same_output(&["--headers", "-o", format, "-p", &pid], 1);
        assert_same_output(&["--headers", "-o", format, "--rows", "1", "-p", &pid], 1);
    }
    // One sleeper with the faults and time of six reaped pythons, one python
    // with more of its own than the sleeper has.
    let reaped = Fixture::shell("for i in 1 2 3 4 5 6; do python3 -c pass; done; exec sleep 3637");
    wait_for_comm(reaped.pid, "sleep");
    let own = Fixture::spawn("python3", &["-c", "import time; time.sleep(3600)"]);
    let cpu_ticks = |pid: i32| {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        stat.rsplit_once(") ")
            .and_then(|(_, r)| r.split(' ').nth(11)?.parse::<u64>().ok())
            .unwrap_or(0)
    };
    wait_until(|| cpu_ticks(own.pid) > 0, "python to start");
    let pids = format!("{},{}", reaped.pid, own.pid);
    for key in ["-min_flt", "-bsdtime"] {
        let sort = format!("--sort={key}");
        assert_same_output(&["S", "-p", &pids, &sort, "-o", "pid,comm"], 2);
    }
}

/// In a narrow command column ps draws a level of tree art only while a
/// whole level still fits, then the name; `fname` keeps eight cells of name
/// after the art. Over a chain of four nested processes, art and indent.
#[test]
fn forest_art_gives_way_to_the_name_in_a_narrow_column() {
    let chain = Fixture::shell("sh -c 'sh -c \"sleep 3642; :\"; :'; :");
    let descend = |root: i32| {
        let mut pids = vec![root];
        while let Some(child) = pids.last().and_then(|&p| children_of(p).first().copied()) {
            pids.push(child);
        }
        pids
    };
    wait_until(
        || {
            let pids = descend(chain.pid);
            pids.len() == 4 && proc_comm(pids[3]) == "sleep"
        },
        "the chain of four processes",
    );
    let pids = descend(chain.pid);
    let list = pids
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    for columns in ["8", "10", "14", "17", "21"] {
        for args in [
            ["-o", "pid,args", "--forest"],
            ["-o", "pid,fname", "--forest"],
            ["-o", "pid,comm", "-H"],
            ["-o", "fname,pid", "--forest"],
        ] {
            let args = [&args[..], &["-p", &list]].concat();
            let env = [("COLUMNS", columns)];
            let (ours, theirs) = (kps_env(&args, &env), ps_env(&args, &env));
            assert_eq!(stdout(&ours), stdout(&theirs), "COLUMNS={columns} {args:?}");
            assert_eq!(stdout(&ours).lines().count(), 5, "{args:?}");
        }
    }
}

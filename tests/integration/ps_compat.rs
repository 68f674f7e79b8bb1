//! ps compatibility matrix: each invocation must print what /usr/bin/ps prints
//! (header, rows and order) for every process that is stable between two ps runs.

use crate::common::*;

/// Fixtures that give the matrix something to show beyond the machine's own
/// processes: a niced sleeper, a stopped one, another user's, a small tree.
struct Scene {
    _fixtures: Vec<Fixture>,
    tree: Fixture,
}

fn scene() -> Scene {
    let niced = Fixture::niced_sleeper(5, "3600");
    let stopped = Fixture::stopped_sleeper("3601");
    let other = Fixture::nobody_sleeper("3602");
    // On a terminal, and not a session leader there: what `-a` selects.
    let (on_pty, _) = sleeper_on_a_pty("3606");
    let tree = Fixture::session_shell("sleep 3603 & sleep 3604 & (sleep 3605 & wait) & wait");
    wait_until(|| tree.children().len() == 3, "the tree's children");

    Scene {
        _fixtures: vec![niced, stopped, other, on_pty],
        tree,
    }
}

const MATRIX: &[&[&str]] = &[
    &["-e"],
    &["-A"],
    &["-ef"],
    &["-eF"],
    &["-el"],
    &["-ely"],
    &["-ej"],
    &["-ejH"],
    &["-efj"],
    &["-elf"],
    &["-eLf"],
    &["-eL"],
    &["-eT"],
    &["-eP"],
    &["-ec"],
    &["-ecf"],
    &["-e", "--forest"],
    &["-ef", "--forest"],
    &["-e", "--forest", "-o", "pid,args"],
    &["aux"],
    &["ax"],
    &["axjf"],
    &["axf"],
    &["axu"],
    &["l", "ax"],
    &["v", "ax"],
    &["s", "ax"],
    &["j", "ax"],
    &["aux", "--sort=-rss,+pid"],
    &["aux", "--sort=start_time"],
    &["ax", "k", "-pid"],
    &["ax", "O", "-p"],
    &["-eo", "pid,ppid,rss,comm", "--sort=-rss"],
    &["-eo", "pid,user,group,ruser,rgroup,uid,gid"],
    &["-eo", "pid,tty,tname,tt,stat,s,nice,pri,psr"],
    &["-eo", "pid,etime,time,bsdtime,start,stime,lstart"],
    &["-eo", "pid,vsz,rss,sz,%mem"],
    &["-o", "pid=P,user=WHO", "-e"],
    &["-eo", "pid:10,comm:8=NAME"],
    &["-eo", "%p %U %c"],
    &["-e", "-O", "ppid"],
    &["-e", "--no-headers"],
    &["-U", "root"],
    &["-u", "root", "-o", "pid,comm"],
    &["U", "root"],
    &["-G", "root"],
    &["--group", "root"],
    &["-C", "sleep"],
    &["-C", "sleep", "-N"],
    &["-t", "?"],
    &["-d"],
    &["-a"],
    &["-N", "-u", "root"],
    &["ax", "r"],
    &["axc"],
    &["axe", "-o", "pid,comm"],
    &["ax", "--cumulative", "-o", "pid,time,bsdtime"],
    &["-e", "-w"],
    &["-o", "pid -f"],
    // A preloaded format first, then more columns; BSD M shows threads.
    &["-e", "-O", "pid", "-o", "comm"],
    &["ax", "Opid", "o", "comm"],
    &["ax", "Op", "-o", "pid,comm"],
    &["ax", "M", "-o", "pid,tid,stat,comm"],
    // Sorted, m and -m show processes only, in their thread-listing look.
    &["-e", "-m", "--sort=-pid", "-o", "pid,tid,stat,comm"],
    &["ax", "m", "k", "pid"],
    // Headers are measured in bytes.
    &["-e", "-o", "pid=Gr\u{f6}\u{df}e,comm=\u{4e2d}\u{6587},pid"],
    // An unknown user under -N is nobody's ID: every process is selected.
    &["-N", "-u", "no-such-user"],
    // The security-context format takes the modifiers too.
    &["-e", "--context", "-M"],
    &["-e", "--context", "-j"],
    // BSD `t` takes the next word as its terminals.
    &["t", "-", "-o", "pid,tty,comm"],
    // Thread rows print `-` for process columns: keep a thread id in each line
    // so that lines stay distinct.
    &["-em", "-o", "pid,tid,stat,time,comm,rss"],
    &["axm", "-o", "pid,lwp,stat,bsdtime,args"],
    &["-eL", "-o", "pid,tid,nlwp,stat,psr,wchan,comm"],
    &[
        "-e",
        "-o",
        "pid,cls,rtprio,sched,policy,opri,pri,priority,ni",
    ],
    &["-e", "-o", "pid,pending,blocked,ignored,caught"],
    &["-ef", "-o", "pid,comm"],
];

/// How many stable rows an invocation of the matrix must have: at least one of
/// the scene's, but for the few that rightly print none.
fn min_stable_rows(args: &[&str]) -> usize {
    const NO_STABLE_ROWS: &[&[&str]] = &[
        // Only running processes: ps itself, which differs between runs.
        &["ax", "r"],
        // `-f` after or before `-o` leaves ps with the header alone.
        &["-ef", "-o", "pid,comm"],
        &["-o", "pid -f"],
    ];
    usize::from(!NO_STABLE_ROWS.contains(&args))
}

#[test]
fn matrix_matches_ps() {
    let _scene = scene();
    let mut failures = Vec::new();
    for args in MATRIX {
        let min_stable = min_stable_rows(args);
        if let Some(c) = still_differs(|| compare_with_ps(args), |c| c.passes(min_stable)) {
            failures.push(c.summary());
        }
    }
    assert!(MATRIX.len() >= 40);
    assert_none_differ(&failures);
}

/// The last of five comparisons by `compare` if none `passes`. Other tests
/// of this file run meanwhile (one burns a core on purpose), so a busy row
/// can flip between runs: a real difference survives five.
fn still_differs(
    compare: impl Fn() -> Comparison,
    passes: impl Fn(&Comparison) -> bool,
) -> Option<Comparison> {
    let mut last = None;
    for _ in 0..5 {
        let comparison = compare();
        if passes(&comparison) {
            return None;
        }
        last = Some(comparison);
    }
    last
}

/// `failures`, one line per invocation that differs from ps, is empty.
fn assert_none_differ(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} invocations differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn selections_by_list_match_ps() {
    let scene = scene();
    let pid = scene.tree.pid_str();
    let children: Vec<String> = scene
        .tree
        .children()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let kids = children.join(",");
    // The tree's shell leads its own session, so `-g`/`-s` select exactly
    // the tree, whatever session the test runner is in.
    let sid = pid.as_str();
    for args in [
        vec!["-p", pid.as_str()],
        vec!["p", pid.as_str()],
        vec!["--pid", kids.as_str()],
        vec!["--ppid", pid.as_str()],
        vec!["-g", sid],
        vec!["-s", sid],
        vec!["--sid", sid, "-o", "pid,sid,comm"],
        vec!["-q", kids.as_str()],
        vec!["-q", kids.as_str(), "x"],
        vec!["-p", pid.as_str(), "--ppid", pid.as_str(), "-f"],
        vec![pid.as_str()],
    ] {
        let comparison = compare_with_ps(&args);
        assert!(comparison.passes(1), "{args:?}: {comparison:?}");
    }
}

#[test]
fn specifier_list_matches_ps() {
    let ours = kps(&["L"]);
    assert!(ours.status.success());
    assert_eq!(stdout(&ours), stdout(&ps(&["L"])));
}

#[test]
fn errors_match_ps_exit_status() {
    let cases: &[&[&str]] = &[
        &["-p", "1,,2"],
        &["-o", "pid:x"],
        &["-o", ",pid"],
        &["--sort=pid", "--sort=ppid"],
        &["h", "--headers"],
        &["-y"],
        &["-L", "--forest"],
        &["-q", "1", "-p", "1"],
        &["-V", "-e"],
        &["-t", "no-such-tty"],
        &["-o", "%p %q"],
        // AIX formats are checked whole before their descriptors are read.
        &["-o", "%%"],
        &["-o", "%mem,bogus"],
        &["-o", "ab%"],
        &["-o", "% p"],
        &["-o", "pid,%bogus"],
        &["-o", "1,,2"],
        &["--sort", "bogus,,pid"],
        &["-g", "1,,2"],
        &["W"],
        &["--forest=x"],
        // Bare PIDs are one per word, not lists; a word after one is a PID too.
        &["1,2"],
        &["1", "u"],
        &["1", "+x"],
        &["1", ""],
        &["--rows", "x"],
        &["--lines", "0"],
        &["--info", "-e"],
        // Lists are checked as they are parsed: the first wrong word is named.
        &["-p", "1,"],
        &["-t", "no-such-tty", "-o", "bogus"],
        &["-o", "bogus", "-u", "no-such-user"],
        &["p", "aux"],
        &["t", "no-such-tty"],
        &["-G", "-A", "-M"],
        &["+pid"],
        &["axjf", "-U", "-1"],
        &["-N", "-g", "no-such-group", "pid:3"],
        &["--lines", "-k", "pid"],
        // Exclusive options are checked when met.
        &["X", "L", "sleep"],
        &["aV"],
        &["--version=1"],
        // Format and sort lists are read in order once all words are parsed.
        &["-j", "Opid"],
        &["-l", "Opid"],
        &["-O", "pid", "-j"],
        &["-o", "pid", "-O", "comm"],
        &["Opid", "Ocomm"],
        &["-P", "-o", "pid"],
        &["--context", "-o", "pid"],
        &["O-pid"],
        &["Op", "--sort=pid"],
        &["f", "OP"],
        &["k,", "-e"],
        // Thread options.
        &["-L", "m", "-o", "pid"],
        &["-T", "H", "-o", "pid"],
        &["-L", "-T", "--forest"],
    ];
    for args in cases {
        assert_same_error(args, &[]);
    }
}

/// ps fails on `args`, and kps too: exit status 1 and one line on stderr
/// with procps' message.
pub(crate) fn assert_same_error(args: &[&str], env: &[(&str, &str)]) {
    assert_same_failure(args, &kps_env(args, env), &ps_env(args, env));
}

/// [`assert_same_error`] for outputs of kps and ps run some other way.
pub(crate) fn assert_same_failure(
    args: &[&str],
    ours: &std::process::Output,
    theirs: &std::process::Output,
) {
    assert_eq!(ours.status.code(), Some(1), "{args:?}");
    assert_eq!(theirs.status.code(), Some(1), "ps should fail on {args:?}");
    let err = stderr(ours);
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    let first = stderr(theirs)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(
        err.contains(error_text(&first)),
        "{args:?}: ours {err:?}, ps {first:?}"
    );
}

#[test]
fn sample_measures_cpu_now_instead_of_over_the_lifetime() {
    // One fixture burned a third of a second of CPU and sleeps now: its
    // lifetime average is above zero, its sample is zero. Another is busy
    // now: its sample is above the sleeper's. How much of a core the busy
    // one gets depends on what else the machine runs, so no share is asked.
    let was_busy = Fixture::spawn(
        "python3",
        &[
            "-c",
            "import time\nwhile time.process_time() < 0.3: pass\ntime.sleep(3600)",
        ],
    );
    let busy = Fixture::spawn("python3", &["-c", "while True: pass"]);
    wait_until(
        || cpu_ticks(was_busy.pid) >= 25 && proc_state(was_busy.pid) == Some('S'),
        "the fixture to burn CPU and sleep",
    );
    wait_until(|| cpu_ticks(busy.pid) > 0, "the busy loop to run");
    let pid = was_busy.pid_str();
    let pcpu = |args: &[&str]| -> Vec<(i32, f64)> {
        stdout(&kps(args))
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut fields = line.split_whitespace();
                Some((fields.next()?.parse().ok()?, fields.next()?.parse().ok()?))
            })
            .collect()
    };
    let lifetime = pcpu(&["-o", "pid,%cpu", "-p", &pid]);
    let ps_lifetime: f64 = stdout(&ps(&["-o", "%cpu=", "-p", &pid]))
        .trim()
        .parse()
        .unwrap_or(-1.0);
    let started = std::time::Instant::now();
    let sampled = pcpu(&[
        "--sample=300",
        "-o",
        "pid,%cpu",
        "-p",
        &format!("{pid},{}", busy.pid),
    ]);
    let took = started.elapsed();
    let &[(_, lifetime)] = &lifetime[..] else {
        panic!("no %CPU for the fixture: {lifetime:?}")
    };
    let sample_of = |fixture: &Fixture| {
        sampled
            .iter()
            .find(|&&(p, _)| p == fixture.pid)
            .map(|&(_, cpu)| cpu)
            .unwrap_or_else(|| panic!("no sample for {}: {sampled:?}", fixture.pid))
    };
    let (was_busy_now, busy_now) = (sample_of(&was_busy), sample_of(&busy));
    assert!(lifetime > 0.0, "lifetime {lifetime}");
    assert_eq!(
        was_busy_now, 0.0,
        "sampled while asleep (lifetime {lifetime})"
    );
    assert!(
        busy_now > was_busy_now,
        "sampled {busy_now} for a busy loop"
    );
    assert!(took.as_millis() >= 300, "the interval is waited for");
    assert!(
        (ps_lifetime - lifetime).abs() < 5.0,
        "without --sample kps is ps: {ps_lifetime} vs {lifetime}"
    );
}

/// The state letter of `pid`, from /proc/PID/stat.
fn proc_state(pid: i32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(") ")?.1.chars().next()
}

const PERSONALITIES: &[&str] = &[
    "390",
    "aix",
    "bsd",
    "compaq",
    "debian",
    "default",
    "digital",
    "gnu",
    "hp",
    "hpux",
    "irix",
    "linux",
    "old",
    "os390",
    "posix",
    "s390",
    "sco",
    "sgi",
    "solaris2",
    "sunos4",
    "svr4",
    "sysv",
    "tru64",
    "unix",
    "unix95",
    "unix98",
    "unknown",
    "NoSuchOne",
    "BSD",
];

const PERSONALITY_INVOCATIONS: &[&[&str]] = &[
    &[],
    &["u"],
    &["j"],
    &["l"],
    &["v"],
    &["s"],
    &["ax"],
    &["aux"],
    &["-f"],
    &["-l"],
    &["-j"],
    &["-ef"],
    &["-el"],
    &["-x"],
    &["-o", "pid,comm"],
    &["h", "ax"],
    &["-jf"],
    &["-jl"],
    &["-fl"],
    &["-lx"],
    &["-ejc"],
    &["-x", "-m"],
];

/// The text of an error line after its `error: ` (or program) prefix.
fn error_text(line: &str) -> &str {
    line.rsplit_once("error: ")
        .map_or(line, |(_, text)| text)
        .trim_end_matches('.')
}

#[test]
fn personalities_match_ps() {
    let _scene = scene();
    let mut failures = Vec::new();
    for name in PERSONALITIES {
        let env = [("PS_PERSONALITY", *name)];
        for args in PERSONALITY_INVOCATIONS {
            // HP's `-x -m` has thread rows with nothing to tell them apart.
            if name.starts_with("hp") && args.contains(&"-m") {
                continue;
            }
            let theirs = ps_env(args, &env);
            if !theirs.status.success() && theirs.stdout.is_empty() {
                let ours = kps_env(args, &env);
                let first = stderr(&theirs)
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string();
                let err = stderr(&ours);
                if ours.status.code() != Some(1) || !err.contains(error_text(&first)) {
                    failures.push(format!("{name} {args:?}: ours {err:?}, ps {first:?}"));
                }
                continue;
            }
            // Repeated headers (BSD `h`) sit wherever the row count puts
            // them, which moves with every process that comes or goes.
            let repeated_headers = |c: &Comparison| {
                args.first() == Some(&"h") && c.ps_header == c.kps_header && c.missing.is_empty()
            };
            let passes = |c: &Comparison| c.passes(0) || repeated_headers(c);
            if let Some(c) = still_differs(|| compare_with_ps_env(args, &env), passes) {
                failures.push(format!("{name} {}", c.summary()));
            }
        }
    }
    assert_none_differ(&failures);
}

#[test]
fn personality_fallbacks_match_ps() {
    let cases: &[&[(&str, &str)]] = &[
        &[("CMD_ENV", "bsd")],
        &[("PS_PERSONALITY", ""), ("CMD_ENV", "debian")],
        &[("PS_PERSONALITY", "linux"), ("CMD_ENV", "bsd")],
        &[("PS_PERSONALITY", "linux"), ("I_WANT_A_BROKEN_PS", "")],
        &[("PS_PERSONALITY", "irix"), ("_XPG", "1")],
    ];
    for env in cases {
        for args in [&["-l"][..], &["j"], &["-f"]] {
            let comparison = compare_with_ps_env(args, env);
            assert_eq!(
                comparison.kps_header, comparison.ps_header,
                "{env:?} {args:?}"
            );
        }
    }
}

/// `PS_FORMAT` is the format when no option chooses or edits one; a bad one
/// is ignored with a warning; with `-L`/`-T` and `m`/`H` it is an error.
#[test]
fn ps_format_is_the_default_format() {
    let scene = scene();
    let pid = scene.tree.pid_str();
    let cases: &[(&str, &[&str])] = &[
        ("pid,ppid,stat,comm", &["-e"]),
        ("pid,user,args", &["ax"]),
        ("pid comm", &["-p", &pid]),
        ("%p %c", &["-p", &pid]),
        ("pid,comm", &["-L", "-p", &pid]),
        // An option that chooses or edits the format wins.
        ("pid,comm", &["-ef"]),
        ("pid,comm", &["-c", "-p", &pid]),
        ("pid,comm", &["aux"]),
        ("pid,comm", &["-o", "pid,ni", "-p", &pid]),
        // Ignored with a warning.
        ("pid,bogus", &["-p", &pid]),
        ("", &["-p", &pid]),
    ];
    for (format, args) in cases {
        let env = [("PS_FORMAT", *format)];
        assert_matches_ps_env(args, &env, 1);
        assert_eq!(
            stderr(&kps_env(args, &env)),
            stderr(&ps_env(args, &env)),
            "PS_FORMAT={format} {args:?}"
        );
    }
    assert_same_error(&["-L", "m", "-p", &pid], &[("PS_FORMAT", "pid,comm")]);
}

/// procps takes a one-letter terminal name that is a file in the current
/// directory for a `?` the shell expanded: no terminal.
#[test]
fn a_one_letter_file_stands_for_no_terminal() {
    let dir = std::env::temp_dir().join(format!("kps-tty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("e"), b"").expect("file e");
    let run = |program: &str, args: &[&str]| {
        plain_command(program)
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("run")
    };
    for args in [&["-t", "e", "-o", "pid,tty"][..], &["-t", "x", "-o", "pid"]] {
        let (ours, theirs) = (run(KPS, args), run("ps", args));
        assert_eq!(ours.status.code(), theirs.status.code(), "{args:?}");
        let first =
            |output: &std::process::Output| stdout(output).lines().next().map(str::to_owned);
        assert_eq!(first(&ours), first(&theirs), "{args:?}");
    }
    // Every row is one without a terminal, like ps' rows.
    let ours = stdout(&run(KPS, &["-t", "e", "-o", "tty="]));
    assert!(
        !ours.is_empty() && ours.lines().all(|l| l.trim() == "?"),
        "{ours}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// ps --info writes its debugging information to stderr and lists nothing.
#[test]
fn info_writes_to_stderr_only() {
    let (ours, theirs) = (kps(&["--info"]), ps(&["--info"]));
    assert_eq!(ours.status.code(), Some(0));
    assert_eq!(theirs.status.code(), Some(0));
    assert!(ours.stdout.is_empty() && theirs.stdout.is_empty());
    assert!(!ours.stderr.is_empty());
}

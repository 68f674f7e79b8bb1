//! What a new user meets first: argument errors, `help`, the tree's header
//! and width, thread ids and processes with nothing to show.

use std::os::unix::fs::symlink;
use std::process::{Command, Output, Stdio};

use crate::common::*;

/// Exit status 1, nothing on stdout, and exactly `message` as one line on stderr.
fn assert_one_line_error(args: &[&str], message: &str) {
    let output = kps(args);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{args:?}: {}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty(), "{args:?}: {}", stdout(&output));
    assert_eq!(stderr(&output), format!("kps: {message}\n"), "{args:?}");
}

// ---- argument errors --------------------------------------------------------

#[test]
fn subcommand_argument_errors_are_one_line_naming_the_word() {
    for (args, message) in [
        (
            &["env", "abc"][..],
            "error: process ID list syntax error: 'abc'",
        ),
        (
            &["show", "1", "x1"],
            "error: process ID list syntax error: 'x1'",
        ),
        (&["fds", "0"], "error: process ID out of range: '0'"),
        (&["show", "-7"], "error: process ID out of range: '-7'"),
        (
            &["env", "99999999999"],
            "error: process ID out of range: '99999999999'",
        ),
        (&["tree", "0"], "error: process ID out of range: '0'"),
        (
            &["show", "--color=blue", "1"],
            "error: --color takes auto, always or never: 'blue'",
        ),
        (
            &["tree", "--colr=never"],
            "error: kps tree has no option '--colr' (did you mean '--color'?)",
        ),
        (
            &["fds", "--bogus", "1"],
            "error: kps fds has no option '--bogus'",
        ),
        (&["fds"], "error: kps fds needs a PID"),
        (&["who"], "error: kps who needs a TARGET"),
        (
            &["who", ":99999"],
            "error: malformed port '99999': a number from 0 to 65535",
        ),
        (
            &["show", "--count=x", "1"],
            "error: --count takes a number of frames from 1: 'x'",
        ),
        (
            &["tree", "--totals=vsz"],
            "error: unknown totals figure: 'vsz' (known: procs, rss, pss, uss, pcpu)",
        ),
        (
            &["env", "-0", "--json", "1"],
            "error: the argument '--null' cannot be used with '--json'",
        ),
    ] {
        assert_one_line_error(args, message);
    }
}

/// The same mistake gets the same words from ps' options and from a view's.
#[test]
fn the_same_mistake_has_the_same_message_everywhere() {
    let user = format!("kps-no-such-user-{}", std::process::id());
    let message = format!("error: user name does not exist: '{user}'");
    assert_one_line_error(&["-u", &user], &message);
    assert_one_line_error(&["tree", "-u", &user], &message);
    let message = "error: user ID out of range: '99999999999'";
    assert_one_line_error(&["-u", "99999999999"], message);
    assert_one_line_error(&["tree", "-u", "99999999999"], message);
    assert_one_line_error(&["-p", "0"], "error: process ID out of range: '0'");
    assert_one_line_error(&["show", "0"], "error: process ID out of range: '0'");
    assert_one_line_error(&["tree", "0"], "error: process ID out of range: '0'");
    // ps takes a user by number too, and so does the tree.
    let own = kps(&["tree", "-u", "0"]);
    assert!(own.status.success(), "{}", stderr(&own));
}

// ---- kps help ---------------------------------------------------------------

#[test]
fn help_is_a_command() {
    let help = kps(&["help"]);
    assert_eq!(help.status.code(), Some(0), "{}", stderr(&help));
    assert_eq!(help.stdout, kps(&["--help"]).stdout);
    assert!(
        stdout(&help).contains("kps help COMMAND"),
        "{}",
        stdout(&help)
    );
    for view in ["tree", "show", "fds", "env", "who"] {
        let own = kps(&[view, "--help"]);
        for args in [["help", view], [view, "help"]] {
            let output = kps(&args);
            assert_eq!(
                output.status.code(),
                Some(0),
                "{args:?}: {}",
                stderr(&output)
            );
            assert_eq!(stdout(&output), stdout(&own), "{args:?}");
            assert!(
                stdout(&output).starts_with("Usage: kps ")
                    || stdout(&output).contains("Usage: kps ")
            );
        }
    }
    assert_one_line_error(
        &["help", "bogus"],
        "error: no such command: 'bogus' (commands: tree, show, fds, env, who)",
    );
}

/// Under the name ps there are no commands: `ps help` is procps' error.
#[test]
fn ps_help_stays_procps() {
    let dir = TempDirectory::new();
    let link = dir.0.join("ps");
    symlink(KPS, &link).expect("link ps");
    let run = |program: &str| {
        Command::new(program)
            .arg("help")
            .stdin(Stdio::null())
            .output()
            .expect("run ps")
    };
    let ours = run(link.to_str().expect("path"));
    let procps = run("/usr/bin/ps");
    assert_eq!(ours.status.code(), procps.status.code());
    assert_eq!(ours.status.code(), Some(1));
    assert!(ours.stdout.is_empty());
    let first_line = |output: &Output| {
        stderr(output)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        first_line(&ours),
        format!("kps: {}", first_line(&procps)),
        "{}",
        stderr(&ours)
    );
}

/// A directory removed when dropped.
struct TempDirectory(std::path::PathBuf);

impl TempDirectory {
    fn new() -> TempDirectory {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "kps-rough-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDirectory(dir)
    }
}

impl Drop for TempDirectory {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---- thread ids, and processes with nothing to show -------------------------

/// A python3 process with a second thread named `kpsworker`, which used some
/// CPU time of its own and then sleeps; returns the thread's id.
fn threaded_python() -> (Fixture, i32) {
    let fixture = Fixture::spawn(
        "python3",
        &[
            "-c",
            "import ctypes, threading, time\n\
             def work():\n\
             \x20   ctypes.CDLL(None).prctl(15, b'kpsworker', 0, 0, 0)\n\
             \x20   start = time.thread_time()\n\
             \x20   while time.thread_time() - start < 0.05: pass\n\
             \x20   time.sleep(3600)\n\
             threading.Thread(target=work, daemon=True).start()\n\
             time.sleep(3600)",
        ],
    );
    let worker = || {
        std::fs::read_dir(format!("/proc/{}/task", fixture.pid))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|t| t.file_name().to_str()?.parse::<i32>().ok())
            .find(|&tid| tid != fixture.pid && proc_comm(tid) == "kpsworker")
    };
    wait_until(|| worker().is_some(), "the kpsworker thread");
    let tid = worker().unwrap_or_default();
    wait_until(|| proc_state(tid) == Some('S'), "the worker asleep");
    (fixture, tid)
}

#[test]
fn show_of_a_thread_id_shows_the_thread_with_its_process() {
    let (fixture, tid) = threaded_python();
    let (pid, tid_text) = (fixture.pid, tid.to_string());
    let output = kps(&["show", &tid_text]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with(&format!(
            "TID {tid} (kpsworker), a thread of PID {pid} (python3)\nthread\n"
        )),
        "{text}"
    );
    assert!(text.contains(&format!("\nPID {pid} (python3)\n")), "{text}");
    // Its own name and state, as ps shows the thread's row.
    let ps_row = stdout(&ps(&["-L", "-o", "lwp=,comm=,s=", "-p", &pid.to_string()]));
    let row = ps_row
        .lines()
        .find(|l| l.split_whitespace().next() == Some(tid_text.as_str()))
        .unwrap_or_else(|| panic!("{ps_row}"));
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        [tid_text.as_str(), "kpsworker", "S"]
    );
    assert!(has_line_of_words(&text, &["name", "kpsworker"]), "{text}");
    assert!(
        has_line_of_words(&text, &["state", "S", "(sleeping)"]),
        "{text}"
    );
    // Its own CPU time, which it no longer adds to while it sleeps.
    let ticks = cpu_ticks(tid);
    assert!(ticks > 0, "the worker used no CPU time");
    let reports: serde_json::Value =
        serde_json::from_slice(&kps(&["show", "--json", &tid_text]).stdout).expect("JSON");
    let report = &reports[0];
    assert_eq!(report["pid"], pid);
    assert_eq!(report["thread"]["tid"], tid);
    assert_eq!(report["thread"]["comm"], "kpsworker");
    assert_eq!(report["thread"]["s"], "S");
    let ticks_per_second = 100.0;
    let time = report["thread"]["time"].as_f64().unwrap_or(-1.0);
    assert!(
        (time - ticks as f64 / ticks_per_second).abs() < 0.011,
        "{time} s, not the thread's {ticks} ticks"
    );
    // The process asked for by its own PID has no thread section.
    let process = stdout(&kps(&["show", &pid.to_string()]));
    assert!(
        process.starts_with(&format!("PID {pid} (python3)\n")),
        "{process}"
    );
    // fds and env show a process' files and environment: they say whose.
    for view in ["fds", "env"] {
        assert_one_line_error(
            &[view, &tid_text],
            &format!("{tid} is a thread of PID {pid}"),
        );
    }
}

#[test]
fn nothing_to_show_is_said_and_exits_1() {
    let (_parent, zombie) = Fixture::zombie_parent("3600");
    assert_nothing_to_show(zombie, "a zombie");
    let mut bare = Command::new("sleep");
    bare.arg("3600").env_clear();
    let bare = Fixture::from_command(bare);
    wait_for_comm(bare.pid, "sleep");
    let bare_pid = bare.pid_str();
    let empty = format!("PID {bare_pid} has an empty environment");
    assert_one_line_error(&["env", &bare_pid], &empty);
    assert_one_line_error(&["env", "-0", &bare_pid], &empty);
    // JSON prints an object, empty or not: that is something.
    let json = kps(&["env", "--json", &bare_pid]);
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let objects: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(objects[0]["environ"], serde_json::json!({}), "{objects}");
    // Of several PIDs, one with nothing to show fails the run as a gone one does.
    let with_env = Fixture::spawn("sleep", &["3600"]);
    wait_for_comm(with_env.pid, "sleep");
    let several = kps(&["env", &with_env.pid_str(), &bare_pid]);
    assert_eq!(several.status.code(), Some(1));
    assert!(stdout(&several).starts_with(&format!("PID {} (sleep)\n", with_env.pid)));
    assert_eq!(
        stderr(&several),
        format!("kps: PID {bare_pid} has an empty environment\n")
    );
    match kernel_thread() {
        Some(kthread) => assert_nothing_to_show(kthread, "a kernel thread"),
        None => eprintln!("no kernel thread visible here (a PID namespace?)"),
    }
}

#[test]
fn fds_of_a_process_without_descriptors_says_so() {
    // Every descriptor closed, those inherited from whatever ran the tests too.
    let closed = Fixture::spawn(
        "python3",
        &[
            "-c",
            "import os\nos.closerange(0, 65536)\nos.execvp('sleep', ['sleep', '3600'])",
        ],
    );
    wait_for_comm(closed.pid, "sleep");
    let pid = closed.pid_str();
    let output = kps(&["fds", &pid]);
    // cwd, rtd, txt and the mapped files are printed: exit status 0.
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        format!("kps: PID {pid} has no open file descriptors\n")
    );
    let text = stdout(&output);
    let uses: Vec<&str> = text
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(uses.starts_with(&["cwd", "rtd", "txt"]), "{text}");
    assert!(uses.iter().all(|u| u.parse::<u32>().is_err()), "{text}");
    // lsof agrees: no numbered descriptor.
    let lsof = Command::new("lsof")
        .args(["-n", "-P", "-p", &pid, "-F", "f"])
        .stdin(Stdio::null())
        .output()
        .expect("run lsof");
    let lsof_fds: Vec<String> = stdout(&lsof)
        .lines()
        .filter_map(|l| l.strip_prefix('f'))
        .filter(|fd| fd.parse::<u32>().is_ok())
        .map(str::to_string)
        .collect();
    assert!(lsof_fds.is_empty(), "{lsof_fds:?}");
}

// ---- the tree: totals' header, and the width of the screen -----------------

/// What `env` and `fds` say of `pid`, which has neither environment nor
/// open files: that it is `what`.
fn assert_nothing_to_show(pid: i32, what: &str) {
    for (view, nothing) in [("env", "no environment"), ("fds", "no open files")] {
        assert_one_line_error(
            &[view, &pid.to_string()],
            &format!("PID {pid} is {what}: {nothing}"),
        );
    }
}

/// kps run on a pseudo-terminal `columns` wide (under script(1)); what it
/// printed, with the terminal's CR LF turned back into LF.
fn kps_on_a_terminal(columns: usize, args: &[&str]) -> String {
    kps_on_a_pty(&format!("cols {columns} rows 50"), args, &[])
}

/// `text` without its SGR sequences, which take no room on a screen.
fn without_styles(text: &str) -> String {
    let mut plain = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            assert_eq!(chars.next(), Some('['), "a cut escape sequence in {text:?}");
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    assert_eq!(c, 'm', "{text:?}");
                    break;
                }
                assert!(
                    c.is_ascii_digit() || c == ';',
                    "a cut escape sequence in {text:?}"
                );
            }
            continue;
        }
        plain.push(c);
    }
    plain
}

/// Terminal cells of `text` in the fixture's alphabet: CJK takes two.
fn cells(text: &str) -> usize {
    text.chars()
        .map(|c| {
            if ('\u{4e00}'..='\u{9fff}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}

/// A shell with two sleeps below it, one with a command line of 300 cells
/// and more (its argv[0]), of one-byte, two-byte and double-width characters.
fn long_family() -> (Fixture, Vec<i32>) {
    let long = format!("kpsrough-{}", "\u{e9}t\u{e9}\u{65e5}\u{672c}x".repeat(50));
    let shell = Fixture::spawn(
        "bash",
        &[
            "-c",
            &format!("(exec -a '{long}' sleep 3600) & sleep 3600 & wait"),
        ],
    );
    let ready = || {
        let children = shell.children();
        children.len() == 2
            && children.iter().all(|&c| proc_comm(c) == "sleep")
            && children.iter().any(|&c| {
                std::fs::read(format!("/proc/{c}/cmdline")).is_ok_and(|argv| argv.len() > 300)
            })
    };
    wait_until(ready, "two sleeps, one with a long argv[0]");
    let children = shell.children();
    (shell, children)
}

#[test]
fn totals_have_a_header_without_o_too() {
    let (shell, _children) = long_family();
    let pid = shell.pid_str();
    for text in [
        stdout(&kps(&["tree", "--totals", &pid])),
        without_styles(&kps_on_a_terminal(200, &["tree", "--totals", &pid])),
    ] {
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default();
        assert_eq!(
            header.split_whitespace().collect::<Vec<_>>(),
            ["PROCS", "TRSS", "T%CPU", "PID", "COMMAND"],
            "{text}"
        );
        let top = lines.next().unwrap_or_default();
        let fields: Vec<&str> = top.split_whitespace().collect();
        assert_eq!(fields[0], "3", "{text}");
        assert_eq!(fields[3], pid, "{text}");
        // Each total sits under its header, right-aligned, and the tree
        // starts under PID.
        for name in ["PROCS", "TRSS", "T%CPU"] {
            let end = header.find(name).unwrap_or_default() + name.len();
            assert!(
                top.as_bytes().get(end) == Some(&b' ')
                    && top.as_bytes().get(end - 1) != Some(&b' '),
                "{name} not above its figure:\n{text}"
            );
        }
        assert_eq!(
            header.find("PID"),
            top.find(&format!(" {pid} ")).map(|i| i + 1),
            "{text}"
        );
    }
    // Patterns mark lines: the header leaves the mark's room.
    let marked = stdout(&kps(&["tree", "--totals", "--match", "kpsrough-", &pid]));
    let header = marked.lines().next().unwrap_or_default();
    assert!(
        header.starts_with("  ") && header.trim_start().starts_with("PROCS"),
        "{marked}"
    );
    assert!(header.ends_with("PID COMMAND"), "{marked}");
    assert!(marked.lines().any(|l| l.starts_with("* ")), "{marked}");
}

#[test]
fn the_tree_fits_the_terminal_and_piped_output_stays_whole() {
    let (shell, children) = long_family();
    let pid = shell.pid_str();
    let long_child = children
        .iter()
        .copied()
        .find(|&c| std::fs::read(format!("/proc/{c}/cmdline")).is_ok_and(|argv| argv.len() > 300))
        .expect("the sleep with the long command line");
    let whole = stdout(&kps(&["tree", "-a", &pid]));
    let long_line = whole
        .lines()
        .find(|l| l.contains(&long_child.to_string()))
        .unwrap_or_else(|| panic!("{whole}"));
    assert!(cells(long_line) > 300, "piped output cut: {long_line}");
    // Each line a prefix of the whole one, within `width` cells, some cut.
    let fits = |text: &str, whole: &str, width: usize| {
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines.len(),
            whole.lines().count(),
            "one line a process:\n{text}"
        );
        for (line, full) in lines.iter().zip(whole.lines()) {
            assert!(cells(line) <= width, "wider than {width}: {line}");
            assert!(full.starts_with(line), "not a prefix of {full:?}: {line:?}");
        }
        // A double-width character that does not fit leaves one cell empty.
        assert!(
            lines.iter().any(|l| cells(l) >= width - 1),
            "nothing cut:\n{text}"
        );
    };
    for (args, width) in [
        (&["tree", "-a", &pid][..], 60),
        (&["tree", "-a", "--color=always", &pid], 60),
        (&["tree", "-a", "--cols", "90", &pid], 90),
        (&["tree", "-a", "--width=45", &pid], 45),
        (&["tree", "-a", "-w", &pid], 132),
        (&["tree", "-a", "--totals", &pid], 60),
        (&["tree", "-o", "pid,user,args", &pid], 60),
    ] {
        let shown = without_styles(&kps_on_a_terminal(60, args));
        let piped: Vec<&str> = args
            .iter()
            .copied()
            .filter(|a| !["--cols", "90", "--width=45", "-w"].contains(a))
            .collect();
        fits(&shown, &without_styles(&stdout(&kps(&piped))), width);
    }
    // -ww never cuts, even on a terminal.
    let unlimited = without_styles(&kps_on_a_terminal(60, &["tree", "-a", "-ww", &pid]));
    assert_eq!(unlimited, whole);
    // COLUMNS is honoured, as ps honours it, piped too; so is --cols.
    fits(
        &stdout(&kps_env(&["tree", "-a", &pid], &[("COLUMNS", "50")])),
        &whole,
        50,
    );
    fits(
        &stdout(&kps(&["tree", "-a", "--cols=70", &pid])),
        &whole,
        70,
    );
    assert_one_line_error(
        &["tree", "--cols=0"],
        "error: number of columns must follow --cols, --width, or --columns: '0'",
    );
}
